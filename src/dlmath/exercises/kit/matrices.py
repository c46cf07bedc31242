"""Integer and exact matrices for the generators: drawing them from the
``rng``, and exact arithmetic on them (Python ints and Fractions, never floats).

Integer inputs give integer results wherever the operation allows it (products,
determinants, adjugates), so the values a generator puts in its JSON data stay ints.
Every random choice comes from the NumPy ``Generator`` passed in, and each drawing
function makes its draws in a fixed order: changing that order would change the
exercises of the generators that use it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from dlmath.exercises.kit.draw import draw_int, permutation
from dlmath.expr.literals import latex_number

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np

IntMatrix = list[list[int]]
FractionMatrix = list[list[Fraction]]

# -- drawing random matrices ----------------------------------------------------------------


def integer_matrix(rng: np.random.Generator, rows: int, cols: int, lo: int, hi: int) -> IntMatrix:
    """Integer entries in lo..hi, all drawn at once."""
    return [[int(v) for v in row] for row in rng.integers(lo, hi + 1, size=(rows, cols))]


def fraction_matrix(
    rng: np.random.Generator, rows: int, cols: int, lo: int, hi: int
) -> FractionMatrix:
    """Integer entries in lo..hi as Fractions, drawn one by one (row by row).

    Not interchangeable with ``integer_matrix``: the two make different draws from the
    same ``rng``, and each keeps the exercises of the generators built on it.
    """
    return [[Fraction(draw_int(rng, lo, hi)) for _ in range(cols)] for _ in range(rows)]


def unimodular_ints(rng: np.random.Generator, n: int, bound: int) -> IntMatrix:
    """An integer matrix with determinant ±1, entries at most ``bound`` and not
    triangular: a permuted product of unit lower and upper triangular factors, so its
    inverse is integer too."""
    while True:
        lower = [
            [1 if i == j else (draw_int(rng, -1, 1) if i > j else 0) for j in range(n)]
            for i in range(n)
        ]
        upper = [
            [1 if i == j else (draw_int(rng, -1, 1) if i < j else 0) for j in range(n)]
            for i in range(n)
        ]
        product = mat_mul(lower, upper)
        order = permutation(rng, n)
        product = [product[i] for i in order]
        if max_abs(product) <= bound and not is_triangular(product):
            return product


def unimodular(rng: np.random.Generator, n: int, bound: int = 4) -> FractionMatrix:
    """``unimodular_ints`` as Fractions."""
    return as_fractions(unimodular_ints(rng, n, bound))


# -- exact arithmetic -------------------------------------------------------------------


def as_fractions(rows: Sequence[Sequence[Any]]) -> FractionMatrix:
    return [[Fraction(v) for v in row] for row in rows]


def shape_of(a: Sequence[Sequence[Any]]) -> tuple[int, int]:
    return len(a), len(a[0])


def column(values: Sequence[Any]) -> FractionMatrix:
    """A column vector (n×1) with Fraction entries."""
    return [[Fraction(v)] for v in values]


def column_entries(a: Sequence[Sequence[Any]]) -> list[Any]:
    """The entries of a column vector (n×1) as a flat list."""
    return [row[0] for row in a]


def identity(n: int) -> FractionMatrix:
    return [[Fraction(int(i == j)) for j in range(n)] for i in range(n)]


def transpose(a: Sequence[Sequence[Any]]) -> list[list[Any]]:
    return [list(col) for col in zip(*a, strict=True)]


def mat_mul(a: Sequence[Sequence[Any]], b: Sequence[Sequence[Any]]) -> list[list[Any]]:
    columns = transpose(b)
    return [[sum(x * y for x, y in zip(row, col, strict=True)) for col in columns] for row in a]


def elementwise(a: Sequence[Sequence[Any]], b: Sequence[Sequence[Any]]) -> list[list[Any]]:
    return [[x * y for x, y in zip(ra, rb, strict=True)] for ra, rb in zip(a, b, strict=True)]


def add(
    a: Sequence[Sequence[Any]], b: Sequence[Sequence[Any]], scale: Fraction | int = 1
) -> list[list[Any]]:
    """a + scale·b."""
    return [
        [x + scale * y for x, y in zip(ra, rb, strict=True)] for ra, rb in zip(a, b, strict=True)
    ]


def scaled(a: Sequence[Sequence[Any]], factor: Fraction | int) -> list[list[Any]]:
    return [[factor * x for x in row] for row in a]


def dot(u: Sequence[Any], v: Sequence[Any]) -> Any:
    return sum(x * y for x, y in zip(u, v, strict=True))


def max_abs(a: Sequence[Sequence[Any]]) -> Any:
    return max(abs(x) for row in a for x in row)


def proportional(u: Sequence[Any], v: Sequence[Any]) -> bool:
    """u and v are multiples of each other (a zero vector is a multiple of every vector)."""
    return all(u[i] * v[j] == u[j] * v[i] for i in range(len(u)) for j in range(len(u)))


def augmented_matrix(a: Sequence[Sequence[Any]], b: Sequence[Any]) -> list[list[Any]]:
    """The augmented matrix [A | b]."""
    return [[*row, rhs] for row, rhs in zip(a, b, strict=True)]


def is_triangular(a: Sequence[Sequence[Any]]) -> bool:
    """Upper or lower triangular (a diagonal matrix is both)."""
    n = len(a)
    upper = all(a[i][j] == 0 for i in range(n) for j in range(i))
    lower = all(a[i][j] == 0 for i in range(n) for j in range(i + 1, n))
    return upper or lower


def minor(a: Sequence[Sequence[Any]], i: int, j: int) -> list[list[Any]]:
    """A without row i and column j."""
    return [[v for c, v in enumerate(row) if c != j] for r, row in enumerate(a) if r != i]


def determinant(a: Sequence[Sequence[Any]]) -> Any:
    """Exact determinant by cofactor expansion along the first row (n <= 4 here)."""
    n = len(a)
    if n == 1:
        return a[0][0]
    if n == 2:
        return a[0][0] * a[1][1] - a[0][1] * a[1][0]
    return sum((-1) ** j * a[0][j] * determinant(minor(a, 0, j)) for j in range(n) if a[0][j])


def cofactor_matrix(a: Sequence[Sequence[Any]]) -> list[list[Any]]:
    n = len(a)
    if n == 1:
        return [[1]]
    return [[(-1) ** (i + j) * determinant(minor(a, i, j)) for j in range(n)] for i in range(n)]


def adjugate(a: Sequence[Sequence[Any]]) -> list[list[Any]]:
    """The transpose of the cofactor matrix: A adj(A) = det(A) I."""
    return transpose(cofactor_matrix(a))


def inverse(a: Sequence[Sequence[Any]]) -> FractionMatrix | None:
    """The exact inverse by Gauss–Jordan elimination, or None when A is singular."""
    n = len(a)
    m = [[Fraction(v) for v in row] + identity(n)[i] for i, row in enumerate(a)]
    for c in range(n):
        p = next((i for i in range(c, n) if m[i][c] != 0), None)
        if p is None:
            return None
        m[c], m[p] = m[p], m[c]
        pivot = m[c][c]
        m[c] = [x / pivot for x in m[c]]
        for i in range(n):
            if i != c and m[i][c] != 0:
                f = m[i][c]
                m[i] = [x - f * y for x, y in zip(m[i], m[c], strict=True)]
    return [row[n:] for row in m]


def char_poly(a: FractionMatrix) -> list[Fraction]:
    """Coefficients of det(λI − A), highest power first (Faddeev–LeVerrier, exact)."""
    n = len(a)
    coeffs = [Fraction(1)]
    m = [[Fraction(0)] * n for _ in range(n)]
    for k in range(1, n + 1):
        m = add(mat_mul(a, m), identity(n), coeffs[-1])
        am = mat_mul(a, m)
        coeffs.append(-sum((am[i][i] for i in range(n)), Fraction(0)) / k)
    return coeffs


# -- row reduction ------------------------------------------------------------------------


@dataclass
class RowReduction:
    """Row reduction with its steps: (LaTeX of the operations, matrix after them)."""

    steps: list[tuple[str, FractionMatrix]]
    result: FractionMatrix
    pivots: list[int]


def row_term(factor: Fraction, row: int) -> str:
    """``2R_1``, ``-R_2``: a multiple of a row in a row operation, in LaTeX."""
    if factor in (1, -1):
        return f"{'-' if factor < 0 else ''}R_{row}"
    return f"{latex_number(factor)}R_{row}"


def row_reduce(a: FractionMatrix, reduced: bool = False, augmented: int = 0) -> RowReduction:
    """Gaussian elimination (Gauss–Jordan when ``reduced``); pivots are searched only in
    the first ``cols − augmented`` columns, so ``[A | b]`` reduces as a system would."""
    m = [row[:] for row in a]
    rows, cols = len(m), len(m[0])
    steps: list[tuple[str, FractionMatrix]] = []
    pivots: list[int] = []
    r = 0
    for c in range(cols - augmented):
        if r == rows:
            break
        candidates = [i for i in range(r, rows) if m[i][c] != 0]
        if not candidates:
            continue
        p = min(candidates, key=lambda i: (abs(m[i][c]) != 1, abs(m[i][c]), i))
        ops = []
        if p != r:
            m[r], m[p] = m[p], m[r]
            ops.append(f"R_{r + 1} \\leftrightarrow R_{p + 1}")
        if reduced and m[r][c] != 1:
            f = 1 / m[r][c]
            m[r] = [f * x for x in m[r]]
            ops.append(f"R_{r + 1} \\leftarrow {row_term(f, r + 1)}")
        if ops:
            steps.append((",\\; ".join(ops), [row[:] for row in m]))
            ops = []
        for i in range(rows) if reduced else range(r + 1, rows):
            if i != r and m[i][c] != 0:
                f = m[i][c] / m[r][c]
                m[i] = [x - f * y for x, y in zip(m[i], m[r], strict=True)]
                sign = "-" if f > 0 else "+"
                ops.append(f"R_{i + 1} \\leftarrow R_{i + 1} {sign} {row_term(abs(f), r + 1)}")
        if ops:
            steps.append((",\\; ".join(ops), [row[:] for row in m]))
        pivots.append(c)
        r += 1
    return RowReduction(steps, m, pivots)


def rank(a: FractionMatrix) -> int:
    return len(row_reduce(a).pivots)
