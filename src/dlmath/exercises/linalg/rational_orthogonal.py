"""Orthogonal matrices with rational entries, for exercises on symmetric matrices, norms,
low-rank approximation and conditioning: Q Λ Qᵀ and U Σ Vᵀ built from them have entries
a learner can compute by hand (fractions with denominators 5, 13, 17 or 3).

Every random choice comes from the NumPy ``Generator`` passed in, in a fixed order.
"""

from __future__ import annotations

from fractions import Fraction
from typing import TYPE_CHECKING

from dlmath.exercises.linalg.matrices import FractionMatrix, mat_mul, permutation, pick

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np

#: Pythagorean triples (p, q, h): (p/h, q/h) is a unit vector.
TRIPLES = [(3, 4, 5), (4, 3, 5), (5, 12, 13), (12, 5, 13), (8, 15, 17), (15, 8, 17)]

#: A symmetric orthogonal matrix times 3 whose columns are (1, 2, 2)-type unit vectors / 3.
THIRDS = [[1, 2, 2], [2, 1, -2], [2, -2, 1]]


def signed_permutation(rng: np.random.Generator, n: int) -> FractionMatrix:
    """A permutation matrix whose ones carry random signs."""
    order = permutation(rng, n)
    signs = [pick(rng, [1, -1]) for _ in range(n)]
    return [
        [Fraction(signs[i]) if j == order[i] else Fraction(0) for j in range(n)] for i in range(n)
    ]


def rotation(
    rng: np.random.Generator, triples: list[tuple[int, int, int]] | None = None
) -> FractionMatrix:
    """A 2×2 rotation or reflection with entries ±p/h, ±q/h of a Pythagorean triple."""
    p, q, h = pick(rng, triples or TRIPLES)
    c, s = Fraction(p, h), Fraction(q, h)
    base = [[c, -s], [s, c]] if rng.random() < 0.5 else [[c, s], [s, -c]]  # rotation, reflection
    return mat_mul(signed_permutation(rng, 2), base)


def orthogonal3(rng: np.random.Generator) -> FractionMatrix:
    """A 3×3 orthogonal matrix with entries in thirds, rows and columns shuffled with signs:
    no entry is zero, so it is no permutation in disguise."""
    base = [[Fraction(v, 3) for v in row] for row in THIRDS]
    return mat_mul(mat_mul(signed_permutation(rng, 3), base), signed_permutation(rng, 3))


def embedded_rotation(
    rng: np.random.Generator, n: int, triples: list[tuple[int, int, int]] | None = None
) -> FractionMatrix:
    """An n×n orthogonal matrix: a Pythagorean rotation in two coordinates (from
    ``triples``, all of TRIPLES by default), then signed permutations on both sides."""
    r = rotation(rng, triples)
    i, j = sorted(int(v) for v in rng.choice(n, size=2, replace=False))
    m = [[Fraction(int(a == b)) for b in range(n)] for a in range(n)]
    m[i][i], m[i][j], m[j][i], m[j][j] = r[0][0], r[0][1], r[1][0], r[1][1]
    return mat_mul(mat_mul(signed_permutation(rng, n), m), signed_permutation(rng, n))


def diagonal(
    values: list[Fraction] | list[int], rows: int | None = None, cols: int | None = None
) -> FractionMatrix:
    """A rows×cols matrix with ``values`` on its diagonal (square by default)."""
    rows = rows or len(values)
    cols = cols or len(values)
    return [
        [Fraction(values[i]) if i == j and i < len(values) else Fraction(0) for j in range(cols)]
        for i in range(rows)
    ]
