"""Orthogonal matrices with rational entries, for exercises on symmetric matrices, norms,
low-rank approximation and conditioning: Q Λ Qᵀ and U Σ Vᵀ built from them have entries
a learner can compute by hand (fractions with denominators 5, 13, 17 or 3).

Every random choice comes from the NumPy ``Generator`` passed in, in a fixed order.
"""

from __future__ import annotations

from fractions import Fraction
from math import gcd
from typing import TYPE_CHECKING

from dlmath.exercises.kit import (
    FractionMatrix,
    draw_int,
    mat_mul,
    nonzero_int,
    permutation,
    pick,
)

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


# -- symmetric matrices with known eigen-decompositions -----------------------------------


def outer(u: list[Fraction], v: list[Fraction]) -> FractionMatrix:
    """The outer product u vᵀ."""
    return [[x * y for y in v] for x in u]


def spectral_sum(values: list[int], vectors: list[list[Fraction]]) -> FractionMatrix:
    """Σ λᵢ qᵢqᵢᵀ."""
    n = len(vectors[0])
    total = [[Fraction(0)] * n for _ in range(n)]
    for lam, q in zip(values, vectors, strict=True):
        total = [
            [x + lam * y for x, y in zip(r, s, strict=True)]
            for r, s in zip(total, outer(q, q), strict=True)
        ]
    return total


def rank_one_symmetric(
    rng: np.random.Generator, base: int, signed: bool = True
) -> tuple[FractionMatrix, list[Fraction], int]:
    """A = base·I + t·uuᵀ with u = (a, b) primitive, a in 1..3, b in ±1..3: a symmetric 2×2
    matrix with eigenvalues ``base`` (eigenvector ⊥ u) and base + t‖u‖² (eigenvector u).
    t is ±1 or ±2 (positive only unless ``signed``), and |t|·‖u‖² ≤ 20."""
    while True:
        u = [Fraction(draw_int(rng, 1, 3)), Fraction(nonzero_int(rng, -3, 3))]
        if gcd(int(u[0]), int(u[1])) == 1:
            break
    small = u[0] ** 2 + u[1] ** 2 <= 10
    options = [1, 2] if small else [1]
    if signed:
        options += [-x for x in options]
    t = pick(rng, options)
    a = [[Fraction(base * (i == j)) + t * u[i] * u[j] for j in range(2)] for i in range(2)]
    return a, u, t


def symmetric_thirds(
    rng: np.random.Generator,
) -> tuple[FractionMatrix, list[int], list[list[Fraction]]]:
    """A = Σ λᵢ qᵢqᵢᵀ with q's the columns of ``orthogonal3`` and integer eigenvalues 9 apart
    (so A is an integer matrix): (A, eigenvalues, unit eigenvectors)."""
    q = orthogonal3(rng)
    base = draw_int(rng, -4, 4)
    steps = [int(s) for s in rng.permutation([-1, 0, 1, 2])[:3]]
    values = [base + 9 * s for s in steps]
    vectors = [[row[j] for row in q] for j in range(3)]
    return spectral_sum(values, vectors), values, vectors
