"""Linear-algebra generators around products: vectors, the matrix-multiplication
worksheet, result shapes (including NumPy/PyTorch broadcasting), transpose and inverse
rules, inverses, determinants and traces.

Every value a generator states is computed here with exact Python integers and
Fractions; the tests confirm each one with an independent oracle (NumPy, SymPy).
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from math import prod
from typing import Any

import numpy as np

from dlmath.exercises.base import Draft, Generator, Misconception
from dlmath.exercises.layout import named_grids
from dlmath.exercises.registry import register
from dlmath.expr.literals import (
    format_number,
    latex_matrix,
    latex_number,
    matrix_text,
    shape_text,
)

Matrix = list[list[int]]
ExactMatrix = list[list[Fraction]]

ENTRY_RANGE = (-5, 5)  # the worksheet's integer entries


# -- layout ---------------------------------------------------------------------------


def latex_named(named: Sequence[tuple[str, Sequence[Sequence[Any]]]]) -> str:
    """``$A = \\begin{bmatrix}..\\end{bmatrix}$, $B = ...$`` for a Markdown prompt."""
    return ", ".join(f"${name} = {latex_matrix(rows)}$" for name, rows in named)


def latex_shape(rows: int, cols: int) -> str:
    return f"{rows} \\times {cols}"


def signed_sum(values: Sequence[Any]) -> str:
    """``16 - 5 + 3``: LaTeX of a sum whose terms may be negative."""
    text = latex_number(values[0])
    for v in values[1:]:
        text += f" - {latex_number(-v)}" if v < 0 else f" + {latex_number(v)}"
    return text


def _paren(value: Any) -> str:
    """A number as a LaTeX factor: negatives in parentheses."""
    text = latex_number(value)
    return f"({text})" if text.startswith("-") else text


# -- exact matrix arithmetic ----------------------------------------------------------


def integer_matrix(rng: np.random.Generator, rows: int, cols: int, lo: int, hi: int) -> Matrix:
    return [[int(v) for v in row] for row in rng.integers(lo, hi + 1, size=(rows, cols))]


def shape_of(a: Sequence[Sequence[Any]]) -> tuple[int, int]:
    return len(a), len(a[0])


def mat_mul(a: Sequence[Sequence[Any]], b: Sequence[Sequence[Any]]) -> list[list[Any]]:
    columns = transpose(b)
    return [[sum(x * y for x, y in zip(row, col, strict=True)) for col in columns] for row in a]


def transpose(a: Sequence[Sequence[Any]]) -> list[list[Any]]:
    return [list(col) for col in zip(*a, strict=True)]


def elementwise(a: Sequence[Sequence[Any]], b: Sequence[Sequence[Any]]) -> list[list[Any]]:
    return [[x * y for x, y in zip(ra, rb, strict=True)] for ra, rb in zip(a, b, strict=True)]


def minor(a: Sequence[Sequence[Any]], i: int, j: int) -> list[list[Any]]:
    return [[v for c, v in enumerate(row) if c != j] for r, row in enumerate(a) if r != i]


def determinant(a: Sequence[Sequence[Any]]) -> Any:
    """Exact determinant by cofactor expansion along the first row (n <= 4 here)."""
    n = len(a)
    if n == 1:
        return a[0][0]
    if n == 2:
        return a[0][0] * a[1][1] - a[0][1] * a[1][0]
    return sum((-1) ** j * a[0][j] * determinant(minor(a, 0, j)) for j in range(n) if a[0][j])


def cofactor_matrix(a: Sequence[Sequence[int]]) -> Matrix:
    n = len(a)
    if n == 1:
        return [[1]]
    return [[(-1) ** (i + j) * determinant(minor(a, i, j)) for j in range(n)] for i in range(n)]


def adjugate(a: Sequence[Sequence[int]]) -> Matrix:
    return transpose(cofactor_matrix(a))


def scaled(a: Sequence[Sequence[Any]], factor: Fraction) -> ExactMatrix:
    return [[Fraction(v) * factor for v in row] for row in a]


def _dedupe(items: list[Misconception], expected: str) -> list[Misconception]:
    """Drop misconceptions whose answer is the expected one or repeats an earlier one."""
    seen = {expected}
    kept = []
    for item in items:
        if item.answer not in seen:
            seen.add(item.answer)
            kept.append(item)
    return kept


# -- linalg.matmul --------------------------------------------------------------------

#: Inclusive range of the sizes m, n, p at each difficulty, and the size that must occur.
MATMUL_SIZES = {1: (1, 2, 2), 2: (1, 3, 3), 3: (2, 4, 4)}
MATMUL_UNDEFINED = 1 / 3  # the worksheet's share of products that cannot be formed
MATMUL_SHOWN_ENTRIES = 6  # entry computations spelled out in the worked solution


def _entry_line(a: Matrix, b: Matrix, i: int, j: int) -> str:
    row, col = a[i], [r[j] for r in b]
    terms = " + ".join(f"{_paren(x)} \\cdot {_paren(y)}" for x, y in zip(row, col, strict=True))
    value = sum(x * y for x, y in zip(row, col, strict=True))
    products = signed_sum([x * y for x, y in zip(row, col, strict=True)])
    steps = f"{terms} = {products} = {value}" if len(row) > 1 else f"{terms} = {value}"
    name = f"c_{{{i + 1}{j + 1}}}"
    factors = f"\\text{{row}}_{i + 1}(A) \\cdot \\text{{col}}_{j + 1}(B)"
    return f"- ${name} = {factors} = {steps}$"


def _draw_matmul_sizes(rng: np.random.Generator, difficulty: int) -> tuple[int, int, int, int]:
    """(m, n, k, p): A is m×n and B is k×p; k == n unless the product is to be undefined."""
    lo, hi, must = MATMUL_SIZES[difficulty]
    undefined = rng.random() < MATMUL_UNDEFINED
    while True:
        m, n, k, p = (int(v) for v in rng.integers(lo, hi + 1, size=4))
        if not undefined:
            k = n
        elif k == n:
            continue
        if must not in (m, n, k, p) or m * n * p == 1:
            continue
        # at difficulty 3 undefined products are traps: B A exists, or A and B look alike
        if undefined and difficulty == 3 and p != m and (m, n) != (k, p) and rng.random() < 0.7:
            continue
        return m, n, k, p


@register
class MatrixProduct(Generator):
    """The matrix-multiplication worksheet: compute A B or state why it can't be done."""

    skill = "linalg.matmul"
    version = 1

    def generate(self, rng: np.random.Generator, difficulty: int) -> Draft:
        m, n, k, p = _draw_matmul_sizes(rng, difficulty)
        lo, hi = ENTRY_RANGE
        a = integer_matrix(rng, m, n, lo, hi)
        b = integer_matrix(rng, k, p, lo, hi)
        defined = n == k
        sizes = f"A is {shape_text(m, n)} and B is {shape_text(k, p)}"
        expected = matrix_text(mat_mul(a, b)) if defined else "undefined"

        prompt = (
            f"Compute the matrix product $AB$ for {latex_named([('A', a), ('B', b)])}, "
            "or answer `undefined` if the product does not exist."
        )
        text = (
            'Compute the matrix product A B, or answer "undefined" if it does not exist.\n\n'
            + named_grids([("A", a), ("B", b)])
            + "\n\nAnswer as [[1, 2], [3, 4]] or [1 2; 3 4], or undefined."
        )
        hints = [
            "A B exists only when the number of columns of A equals the number of rows of B.",
            f"{sizes}.",
        ]
        if defined:
            hints.append(
                f"Entry (i, j) of A B is row i of A times column j of B; "
                f"the result is {shape_text(m, p)}."
            )
        return Draft(
            prompt=prompt,
            text=text,
            kind="matrix",
            expected=expected,
            data={"A": a, "B": b},
            hints=hints,
            solution=self._solution(a, b),
            misconceptions=_dedupe(self._misconceptions(a, b), expected),
        )

    @staticmethod
    def _solution(a: Matrix, b: Matrix) -> str:
        (m, n), (k, p) = shape_of(a), shape_of(b)
        sizes = f"$A$ is ${latex_shape(m, n)}$ and $B$ is ${latex_shape(k, p)}$"
        if n != k:
            lines = [
                f"{sizes}: the columns of $A$ ({n}) must equal the rows of $B$ ({k}), "
                "so $AB$ is undefined."
            ]
            if p == m:
                lines.append(
                    f"(The reversed product $BA$ does exist, a ${latex_shape(k, n)}$ matrix, "
                    "but it is a different product.)"
                )
            return "\n\n".join(lines)
        lines = [
            f"{sizes}: the columns of $A$ ({n}) equal the rows of $B$ ({k}), so $AB$ exists "
            f"and is ${latex_shape(m, p)}$. Entry $c_{{ij}}$ is row $i$ of $A$ times column $j$ "
            "of $B$:",
            "",
        ]
        cells = [(i, j) for i in range(m) for j in range(p)]
        lines += [_entry_line(a, b, i, j) for i, j in cells[:MATMUL_SHOWN_ENTRIES]]
        if len(cells) > MATMUL_SHOWN_ENTRIES:
            rest = len(cells) - MATMUL_SHOWN_ENTRIES
            lines.append(f"- … and the other {rest} entries in the same way.")
        lines += ["", f"$AB = {latex_matrix(mat_mul(a, b))}$"]
        return "\n".join(lines)

    @staticmethod
    def _misconceptions(a: Matrix, b: Matrix) -> list[Misconception]:
        (m, n), (k, p) = shape_of(a), shape_of(b)
        found = []
        ab = mat_mul(a, b) if n == k else None
        ba = mat_mul(b, a) if p == m else None
        same_shape = (m, n) == (k, p)
        if ab is not None:
            if ba is not None and ba != ab:
                found.append(
                    Misconception(
                        "misconception:reversed-product",
                        matrix_text(ba),
                        "That is B A, not A B: matrix products do not commute. In A B each "
                        "row of A meets each column of B.",
                    )
                )
            if same_shape and elementwise(a, b) != ab:
                found.append(
                    Misconception(
                        "elementwise-vs-matrix",
                        matrix_text(elementwise(a, b)),
                        "That multiplies matching entries (the elementwise product A ⊙ B). "
                        "The matrix product takes row i of A times column j of B.",
                    )
                )
            if n == p and mat_mul(a, transpose(b)) != ab:
                found.append(
                    Misconception(
                        "misconception:rows-times-rows",
                        matrix_text(mat_mul(a, transpose(b))),
                        "You multiplied rows of A by rows of B (that is A Bᵀ). Entry (i, j) "
                        "of A B uses row i of A and column j of B.",
                    )
                )
            found.append(
                Misconception(
                    "defined-vs-undefined",
                    "undefined",
                    f"A B does exist: A is {shape_text(m, n)} and B is {shape_text(k, p)}, "
                    f"and the columns of A ({n}) equal the rows of B ({k}).",
                )
            )
            return found
        why = (
            f"A is {shape_text(m, n)} and B is {shape_text(k, p)}: the columns of A ({n}) "
            f"must equal the rows of B ({k}), so A B is undefined."
        )
        if ba is not None:
            found.append(
                Misconception("defined-vs-undefined", matrix_text(ba), f"That is B A. {why}")
            )
        if same_shape:
            found.append(
                Misconception(
                    "defined-vs-undefined",
                    matrix_text(elementwise(a, b)),
                    f"That is the elementwise product A ⊙ B, not the matrix product. {why}",
                )
            )
        return found


# -- linalg.determinant ---------------------------------------------------------------

#: The structured 4×4 (or scaled 3×3) matrices of difficulty 3.
DETERMINANT_STRUCTURES = ("triangular", "row-swap", "block", "scaled", "sparse")


def _nonzero(rng: np.random.Generator, lo: int, hi: int) -> int:
    values = [v for v in range(lo, hi + 1) if v]
    return values[int(rng.integers(len(values)))]


def _triangular(rng: np.random.Generator, n: int, upper: bool, zero_diagonal: bool) -> Matrix:
    a = integer_matrix(rng, n, n, -5, 5)
    for i in range(n):
        for j in range(n):
            if (j < i) if upper else (j > i):
                a[i][j] = 0
        a[i][i] = int(rng.integers(-3, 4)) if zero_diagonal else _nonzero(rng, -3, 3)
    return a


def _expansion_row(a: Matrix) -> int:
    """The row with the most zeros: the cheapest one to expand along."""
    return max(range(len(a)), key=lambda i: (sum(v == 0 for v in a[i]), -i))


def _expansion_lines(a: Matrix) -> list[str]:
    """Cofactor expansion along the row with most zeros, each minor stated."""
    i = _expansion_row(a)
    n = len(a)
    lines = [f"Expand along row {i + 1} (it has the most zeros), with signs $(-1)^{{i+j}}$:", ""]
    terms = []
    for j in range(n):
        sign = "+" if (i + j) % 2 == 0 else "-"
        if a[i][j] == 0:
            lines.append(f"- $a_{{{i + 1}{j + 1}}} = 0$: no contribution")
            continue
        m = determinant(minor(a, i, j))
        lines.append(
            f"- ${sign}\\,a_{{{i + 1}{j + 1}}} M_{{{i + 1}{j + 1}}} = {sign}\\,{_paren(a[i][j])}"
            f" \\cdot \\det {latex_matrix(minor(a, i, j))} = {sign}\\,{_paren(a[i][j])} \\cdot "
            f"{_paren(m)} = {latex_number((-1) ** (i + j) * a[i][j] * m)}$"
        )
        terms.append((-1) ** (i + j) * a[i][j] * m)
    total = f"{signed_sum(terms)} = " if len(terms) > 1 else ""
    lines += ["", f"$\\det A = {total}{determinant(a)}$"]
    return lines


@register
class Determinant(Generator):
    """Determinants of integer matrices: 2×2, 3×3, then 4×4 with structure to exploit."""

    skill = "linalg.determinant"
    version = 1

    def generate(self, rng: np.random.Generator, difficulty: int) -> Draft:
        scale = 1
        if difficulty == 1:
            structure, a = "general", integer_matrix(rng, 2, 2, -5, 5)
        elif difficulty == 2:
            structure, a = "general", integer_matrix(rng, 3, 3, -3, 3)
        else:
            structure = DETERMINANT_STRUCTURES[int(rng.integers(len(DETERMINANT_STRUCTURES)))]
            a, scale = self._structured(rng, structure)
        n = len(a)
        value = scale**n * determinant(a)
        expected = str(value)
        asked = f"\\det({scale}A)" if scale != 1 else "\\det A"
        asked_text = f"det({scale}A)" if scale != 1 else "det A"
        data: dict[str, Any] = {"A": a, "structure": structure}
        if scale != 1:
            data["scale"] = scale
        hints = self._hints(structure, n)
        return Draft(
            prompt=f"Compute ${asked}$ for $A = {latex_matrix(a)}$.",
            text=f"Compute {asked_text}.\n\n{named_grids([('A', a)])}\n\nAnswer with a number.",
            kind="number",
            expected=expected,
            data=data,
            hints=hints,
            solution=self._solution(a, structure, scale),
            misconceptions=_dedupe(self._misconceptions(a, structure, scale), expected),
        )

    @staticmethod
    def _structured(rng: np.random.Generator, structure: str) -> tuple[Matrix, int]:
        upper = bool(rng.integers(2))
        if structure == "triangular":
            return _triangular(rng, 4, upper, zero_diagonal=False), 1
        if structure == "row-swap":
            a = _triangular(rng, 4, upper, zero_diagonal=False)
            i, j = sorted(int(v) for v in rng.choice(4, size=2, replace=False))
            a[i], a[j] = a[j], a[i]
            return a, 1
        if structure == "block":
            p, q, r = (integer_matrix(rng, 2, 2, -4, 4) for _ in range(3))
            zero = [[0, 0], [0, 0]]
            top, bottom = (p, q), (zero, r)
            if not upper:
                top, bottom = (p, zero), (q, r)
            return [x + y for x, y in zip(*top, strict=True)] + [
                x + y for x, y in zip(*bottom, strict=True)
            ], 1
        if structure == "scaled":
            scales = (2, 3, -2)
            while True:
                a = integer_matrix(rng, 3, 3, -3, 3)
                if determinant(a) != 0:
                    return a, scales[int(rng.integers(len(scales)))]
        # sparse: a 4×4 with many zeros, to be expanded along its emptiest row
        a = integer_matrix(rng, 4, 4, -3, 3)
        mask = rng.random((4, 4)) < 0.45
        return [[0 if mask[i][j] else a[i][j] for j in range(4)] for i in range(4)], 1

    @staticmethod
    def _hints(structure: str, n: int) -> list[str]:
        if n == 2:
            return ["For a 2×2 matrix [[a, b], [c, d]], det = a d − b c."]
        return {
            "general": [
                "Expand along a row: det A = Σ_j (−1)^(i+j) a_ij M_ij, where M_ij is the "
                "determinant of A without row i and column j.",
                "The signs alternate + − + along the first row.",
            ],
            "sparse": [
                "Expand along the row (or column) with the most zeros.",
                "The cofactor signs follow a checkerboard: (−1)^(i+j).",
            ],
            "triangular": [
                "The determinant of a triangular matrix is the product of its diagonal."
            ],
            "row-swap": [
                "Two rows of a triangular matrix have been swapped.",
                "Swapping two rows changes the sign of the determinant.",
            ],
            "block": [
                "A is block triangular, with 2×2 blocks.",
                "det [[P, Q], [0, R]] = det P · det R.",
            ],
            "scaled": [
                "Multiplying an n×n matrix by c multiplies each of its n rows by c.",
                "det(cA) = cⁿ det A.",
            ],
        }[structure]

    @staticmethod
    def _solution(a: Matrix, structure: str, scale: int) -> str:
        n = len(a)
        if n == 2:
            (p, q), (r, s) = a
            return (
                f"$\\det A = ad - bc = {_paren(p)} \\cdot {_paren(s)} - {_paren(q)} \\cdot "
                f"{_paren(r)} = {latex_number(p * s)} - {_paren(q * r)} = {determinant(a)}$"
            )
        diagonal = [a[i][i] for i in range(n)]
        if structure == "triangular":
            product = " \\cdot ".join(_paren(v) for v in diagonal)
            return (
                "$A$ is triangular, so its determinant is the product of its diagonal: "
                f"$\\det A = {product} = {prod(diagonal)}$."
            )
        if structure == "row-swap":
            i, j = next((i, j) for i in range(n) for j in range(i + 1, n) if _swap_fixes(a, i, j))
            fixed = [row[:] for row in a]
            fixed[i], fixed[j] = fixed[j], fixed[i]
            fixed_diagonal = [fixed[k][k] for k in range(n)]
            product = " \\cdot ".join(_paren(v) for v in fixed_diagonal)
            return (
                f"Swapping rows {i + 1} and {j + 1} gives the triangular matrix "
                f"${latex_matrix(fixed)}$, whose determinant is the product of its diagonal, "
                f"${product} = {prod(fixed_diagonal)}$. One row swap changes the sign: "
                f"$\\det A = {-prod(fixed_diagonal)}$."
            )
        if structure == "block":
            p = [row[:2] for row in a[:2]]
            r = [row[2:] for row in a[2:]]
            return (
                "$A$ is block triangular with diagonal blocks "
                f"$P = {latex_matrix(p)}$ and $R = {latex_matrix(r)}$, so "
                f"$\\det A = \\det P \\cdot \\det R = {_paren(determinant(p))} \\cdot "
                f"{_paren(determinant(r))} = {determinant(a)}$."
            )
        lines = _expansion_lines(a)
        if structure == "scaled":
            lines += [
                "",
                f"Every one of the {n} rows of ${scale}A$ is scaled by ${scale}$, so "
                f"$\\det({scale}A) = {_paren(scale)}^{n} \\det A = {scale**n} \\cdot "
                f"{_paren(determinant(a))} = {scale**n * determinant(a)}$.",
            ]
        return "\n".join(lines)

    @staticmethod
    def _misconceptions(a: Matrix, structure: str, scale: int) -> list[Misconception]:
        n = len(a)
        found = []
        diagonal = prod(a[i][i] for i in range(n))
        if n == 2:
            (p, q), (r, s) = a
            found.append(
                Misconception(
                    "misconception:plus-instead-of-minus",
                    str(p * s + q * r),
                    "For a 2×2 matrix the determinant is a d − b c: subtract the product of "
                    "the other diagonal.",
                )
            )
        if structure == "scaled":
            found.append(
                Misconception(
                    "misconception:scalar-not-powered",
                    str(scale * determinant(a)),
                    f"det(cA) = cⁿ det A: each of the {n} rows is multiplied by c, so the "
                    f"factor is {scale}^{n}, not {scale}.",
                )
            )
        if structure == "row-swap":
            found.append(
                Misconception(
                    "misconception:row-swap-sign",
                    str(determinant(a) * -1),
                    "Swapping two rows changes the sign of the determinant; undoing the swap "
                    "to reach the triangular matrix costs a factor of −1.",
                )
            )
        if not _is_triangular(a):
            found.append(
                Misconception(
                    "misconception:diagonal-product",
                    str(scale**n * diagonal),
                    "The product of the diagonal is the determinant only of a triangular (or "
                    "diagonal) matrix; this one has nonzero entries on both sides of the "
                    "diagonal.",
                )
            )
        if n >= 3 and structure in ("general", "sparse", "scaled"):
            i = _expansion_row(a)
            unsigned = sum(a[i][j] * determinant(minor(a, i, j)) for j in range(n))
            found.append(
                Misconception(
                    "misconception:cofactor-sign",
                    str(scale**n * unsigned),
                    "In a cofactor expansion the terms carry the checkerboard signs "
                    "(−1)^(i+j): + − + along the first row.",
                )
            )
            anti = prod(a[k][n - 1 - k] for k in range(n))
            found.append(
                Misconception(
                    "misconception:two-by-two-rule",
                    str(scale**n * (diagonal - anti)),
                    "The rule 'diagonal minus anti-diagonal' works only for 2×2 matrices; "
                    "for larger ones expand along a row.",
                )
            )
        return found


def _is_triangular(a: Matrix) -> bool:
    n = len(a)
    upper = all(a[i][j] == 0 for i in range(n) for j in range(i))
    lower = all(a[i][j] == 0 for i in range(n) for j in range(i + 1, n))
    return upper or lower


def _swap_fixes(a: Matrix, i: int, j: int) -> bool:
    fixed = [row[:] for row in a]
    fixed[i], fixed[j] = fixed[j], fixed[i]
    return _is_triangular(fixed)


# -- linalg.inverse -------------------------------------------------------------------

INVERSE_SINGULAR = 1 / 4  # share of matrices with no inverse


def _singular(rng: np.random.Generator, n: int, lo: int, hi: int) -> tuple[Matrix, str]:
    """A singular matrix with small entries and the dependency that makes it singular."""
    while True:
        rows = integer_matrix(rng, n - 1, n, lo, hi)
        coefficients = [_nonzero(rng, -2, 2) for _ in range(n - 1)]
        if n == 2:
            coefficients = [_nonzero(rng, -2, 2)]
        if n > 2 and rng.random() < 0.3:
            coefficients[int(rng.integers(n - 1))] = 0
        last = [
            sum(c * row[j] for c, row in zip(coefficients, rows, strict=True)) for j in range(n)
        ]
        if not all(lo - 1 <= v <= hi + 1 for v in last) or not any(last) or not any(rows[0]):
            continue
        position = int(rng.integers(n))
        a = rows[:position] + [last] + rows[position:]
        others = [k for k in range(n) if k != position]
        combination = " + ".join(
            f"{c}·(row {k + 1})" if c != 1 else f"(row {k + 1})"
            for c, k in zip(coefficients, others, strict=True)
            if c
        ).replace("+ -", "− ")
        why = f"row {position + 1} = {combination}"
        if rng.random() < 0.5:  # a dependency between columns instead
            a = transpose(a)
            why = why.replace("row", "column")
        return a, why


def _invertible(rng: np.random.Generator, n: int, lo: int, hi: int, dets: range) -> Matrix:
    while True:
        a = integer_matrix(rng, n, n, lo, hi)
        if abs(determinant(a)) in dets:
            return a


def inverse(a: Matrix) -> ExactMatrix:
    return scaled(adjugate(a), Fraction(1, determinant(a)))


@register
class Inverse(Generator):
    """Exact inverses: 2×2 by the formula, 3×3 by cofactors; singular means undefined."""

    skill = "linalg.inverse"
    version = 1

    #: (size, entry range, allowed |det|) of invertible matrices at each difficulty
    LEVELS = {
        1: (2, (-5, 5), range(1, 5)),
        2: (3, (-2, 2), range(1, 3)),
        3: (3, (-4, 4), range(2, 41)),
    }

    def generate(self, rng: np.random.Generator, difficulty: int) -> Draft:
        n, (lo, hi), dets = self.LEVELS[difficulty]
        why = ""
        if rng.random() < INVERSE_SINGULAR:
            a, why = _singular(rng, n, lo, hi)
        else:
            a = _invertible(rng, n, lo, hi, dets)
        det = determinant(a)
        expected = matrix_text(inverse(a)) if det else "undefined"
        data: dict[str, Any] = {"A": a, "det": det}
        hints = [
            "A matrix has an inverse exactly when its determinant is not 0.",
            "For [[a, b], [c, d]]: A⁻¹ = 1/(a d − b c) · [[d, −b], [−c, a]]."
            if n == 2
            else "A⁻¹ = adj(A) / det A, where adj(A) is the transpose of the cofactor matrix.",
        ]
        return Draft(
            prompt=(
                f"Find $A^{{-1}}$ for $A = {latex_matrix(a)}$, with exact fractions, "
                "or answer `undefined` if $A$ has no inverse."
            ),
            text=(
                'Find the inverse of A (exact fractions), or answer "undefined" if A has no '
                f"inverse.\n\n{named_grids([('A', a)])}\n\n"
                "Answer as [[1/2, 0], [-3/4, 1]] or [1/2 0; -3/4 1], or undefined."
            ),
            kind="matrix",
            expected=expected,
            data=data,
            hints=hints,
            solution=self._solution(a, why),
            misconceptions=_dedupe(self._misconceptions(a), expected),
        )

    @staticmethod
    def _solution(a: Matrix, why: str) -> str:
        n, det = len(a), determinant(a)
        if n == 2:
            (p, q), (r, s) = a
            lines = [
                f"$\\det A = ad - bc = {_paren(p)} \\cdot {_paren(s)} - {_paren(q)} \\cdot "
                f"{_paren(r)} = {det}$."
            ]
        else:
            lines = _expansion_lines(a)
        if det == 0:
            lines.append(f"\nThe determinant is 0 ({why}), so $A$ has no inverse: undefined.")
            return "\n".join(lines)
        if n == 2:
            lines.append(
                f"\n$A^{{-1}} = \\frac{{1}}{{{det}}} "
                f"{latex_matrix([[s, -q], [-r, p]])} = {latex_matrix(inverse(a))}$"
            )
        else:
            lines += [
                "",
                f"The cofactors $C_{{ij}} = (-1)^{{i+j}} M_{{ij}}$ form "
                f"$C = {latex_matrix(cofactor_matrix(a))}$; the adjugate is its transpose, "
                f"$\\operatorname{{adj}} A = C^{{\\top}} = {latex_matrix(adjugate(a))}$.",
                "",
                f"$A^{{-1}} = \\frac{{1}}{{{det}}} \\operatorname{{adj}} A = "
                f"{latex_matrix(inverse(a))}$",
            ]
        lines.append("\nCheck: $A A^{-1} = I$.")
        return "\n".join(lines)

    @staticmethod
    def _misconceptions(a: Matrix) -> list[Misconception]:
        n, det = len(a), determinant(a)
        if det == 0:
            return [
                Misconception(
                    "defined-vs-undefined",
                    matrix_text(adjugate(a)),
                    "det A = 0, so A has no inverse (dividing the adjugate by det A is "
                    "impossible).",
                )
            ]
        found = []
        if det != 1:
            found.append(
                Misconception(
                    "misconception:forgot-determinant",
                    matrix_text(adjugate(a)),
                    f"That is the adjugate; divide every entry by det A = {det}.",
                )
            )
        if n == 2:
            (p, q), (r, s) = a
            found.append(
                Misconception(
                    "misconception:adjugate-signs",
                    matrix_text(scaled([[s, q], [r, p]], Fraction(1, det))),
                    "Swap the diagonal entries and negate the off-diagonal ones: "
                    "[[a, b], [c, d]]⁻¹ = 1/(a d − b c) · [[d, −b], [−c, a]].",
                )
            )
            if all(v != 0 for row in a for v in row):
                found.append(
                    Misconception(
                        "misconception:entrywise-reciprocal",
                        matrix_text([[Fraction(1, v) for v in row] for row in a]),
                        "The inverse matrix is not the matrix of reciprocals: it is the "
                        "matrix with A A⁻¹ = I.",
                    )
                )
        else:
            found.append(
                Misconception(
                    "misconception:cofactor-not-transposed",
                    matrix_text(scaled(cofactor_matrix(a), Fraction(1, det))),
                    "The adjugate is the transpose of the cofactor matrix; you divided the "
                    "cofactor matrix itself.",
                )
            )
        found.append(
            Misconception(
                "defined-vs-undefined",
                "undefined",
                f"det A = {det} ≠ 0, so A is invertible.",
            )
        )
        return found


# -- linalg.trace ---------------------------------------------------------------------

FACTOR_NAMES = "ABCD"


def _trace(a: Sequence[Sequence[Any]]) -> Any:
    return sum(a[i][i] for i in range(len(a)))


@register
class Trace(Generator):
    """Traces of products: tr(AB), tr(AᵀB) as a sum of elementwise products, the cyclic
    property."""

    skill = "linalg.trace"
    version = 1

    def generate(self, rng: np.random.Generator, difficulty: int) -> Draft:
        if difficulty == 1:
            n = int(rng.integers(2, 4))
            a, b = integer_matrix(rng, n, n, -5, 5), integer_matrix(rng, n, n, -5, 5)
            return self._product(a, b, transposed=False)
        if difficulty == 2:
            m, n = int(rng.integers(2, 4)), int(rng.integers(2, 5))
            if rng.random() < 0.5:
                a, b = integer_matrix(rng, m, n, -4, 4), integer_matrix(rng, m, n, -4, 4)
                return self._product(a, b, transposed=True)
            if m == n:
                n += 1
            a, b = integer_matrix(rng, m, n, -4, 4), integer_matrix(rng, n, m, -4, 4)
            return self._product(a, b, transposed=False)
        if rng.random() < 0.5:
            return self._cyclic(rng)
        return self._quadratic(integer_matrix(rng, 3, 3, -3, 3), integer_matrix(rng, 3, 1, -3, 3))

    @staticmethod
    def _product(a: Matrix, b: Matrix, transposed: bool) -> Draft:
        left = transpose(a) if transposed else a
        terms = [
            (left[i][k], b[k][i]) for i in range(len(left)) for k in range(len(b))
        ]  # tr(LB) = Σ_i Σ_k L_ik B_ki
        value = sum(x * y for x, y in terms)
        asked = "\\operatorname{tr}(A^{\\top}B)" if transposed else "\\operatorname{tr}(AB)"
        asked_text = "tr(Aᵀ B)" if transposed else "tr(A B)"
        (m, n) = shape_of(a)
        hints = (
            [
                "tr(Aᵀ B) = Σᵢⱼ aᵢⱼ bᵢⱼ: multiply matching entries and add them all.",
                "You do not need the whole product Aᵀ B, only its diagonal.",
            ]
            if transposed
            else [
                "The trace is the sum of the diagonal entries; you only need the diagonal of A B.",
                "(A B)ᵢᵢ = row i of A times column i of B.",
            ]
        )
        if transposed:
            explanation = (
                "$\\operatorname{tr}(A^{\\top}B) = \\sum_{i,j} a_{ij} b_{ij}$, the sum "
                "of the products of matching entries:"
            )
            products = [v for row in elementwise(a, b) for v in row]
            solution = f"{explanation}\n\n${signed_sum(products)} = {value}$"
        else:
            lines = [
                "Only the diagonal of $AB$ is needed; entry $(AB)_{ii}$ is row $i$ of $A$ "
                "times column $i$ of $B$:",
                "",
            ]
            lines += [_entry_line(a, b, i, i) for i in range(len(a))]
            diagonal = [row[i] for i, row in enumerate(mat_mul(a, b))]
            lines += ["", f"$\\operatorname{{tr}}(AB) = {signed_sum(diagonal)} = {value}$"]
            solution = "\n".join(lines)
        found = [
            Misconception(
                "misconception:diagonal-only",
                str(sum(a[i][i] * b[i][i] for i in range(min(m, n)))),
                "Each diagonal entry of the product is a whole row times a whole column, "
                "not just the product of two diagonal entries.",
            )
        ]
        if not transposed and m == n:
            found.append(
                Misconception(
                    "misconception:trace-of-product-as-product",
                    str(_trace(a) * _trace(b)),
                    "tr(A B) is not tr(A)·tr(B); the trace is additive, not multiplicative.",
                )
            )
            found.append(
                Misconception(
                    "misconception:elementwise-sum",
                    str(sum(v for row in elementwise(a, b) for v in row)),
                    "Summing the products of matching entries gives tr(Aᵀ B), not tr(A B): in "
                    "A B row i of A meets column i of B.",
                )
            )
        return Draft(
            prompt=f"Compute ${asked}$ for {latex_named([('A', a), ('B', b)])}.",
            text=(
                f"Compute {asked_text}.\n\n{named_grids([('A', a), ('B', b)])}\n\n"
                "Answer with a number."
            ),
            kind="number",
            expected=str(value),
            data={"mode": "transpose-product" if transposed else "product", "A": a, "B": b},
            hints=hints,
            solution=solution,
            misconceptions=_dedupe(found, str(value)),
        )

    @staticmethod
    def _quadratic(a: Matrix, x: Matrix) -> Draft:
        xs = [row[0] for row in x]
        ax = mat_mul(a, x)
        value = sum(xi * row[0] for xi, row in zip(xs, ax, strict=True))
        found = [
            Misconception(
                "misconception:trace-of-product-as-product",
                str(_trace(a) * sum(v * v for v in xs)),
                "tr(A x xᵀ) is not tr(A)·tr(x xᵀ); move xᵀ to the front instead: "
                "tr(A x xᵀ) = xᵀ A x.",
            ),
            Misconception(
                "misconception:diagonal-only",
                str(sum(a[i][i] * xs[i] ** 2 for i in range(len(xs)))),
                "xᵀ A x = Σᵢⱼ aᵢⱼ xᵢ xⱼ includes the cross terms i ≠ j, not only aᵢᵢ xᵢ².",
            ),
        ]
        solution = (
            "By the cyclic property, $\\operatorname{tr}(A x x^{\\top}) = "
            "\\operatorname{tr}(x^{\\top} A x) = x^{\\top} A x$, a scalar.\n\n"
            f"$A x = {latex_matrix(ax)}$, so $x^{{\\top}} A x = "
            + signed_sum([xi * row[0] for xi, row in zip(xs, ax, strict=True)])
            + f" = {value}$."
        )
        return Draft(
            prompt=(
                "Compute $\\operatorname{tr}(A x x^{\\top})$ for "
                f"{latex_named([('A', a), ('x', x)])}."
            ),
            text=(
                f"Compute tr(A x xᵀ).\n\n{named_grids([('A', a), ('x', x)])}\n\n"
                "Answer with a number."
            ),
            kind="number",
            expected=str(value),
            data={"mode": "quadratic", "A": a, "x": xs},
            hints=[
                "The trace is cyclic: tr(X Y Z) = tr(Z X Y).",
                "tr(A x xᵀ) = tr(xᵀ A x), and xᵀ A x is already a number.",
            ],
            solution=solution,
            misconceptions=_dedupe(found, str(value)),
        )

    @staticmethod
    def _cyclic(rng: np.random.Generator) -> Draft:
        k = int(rng.integers(3, 5))
        transposed = [bool(rng.random() < 0.3) for _ in range(k)]
        factors = [FACTOR_NAMES[i] + ("^T" if t else "") for i, t in enumerate(transposed)]
        start = int(rng.integers(1, k))
        lead, rest = factors[start], factors[start + 1 :] + factors[:start]
        expected = " ".join(rest)
        wrong = " ".join(reversed(rest))

        def latex(factor: str) -> str:
            return factor.replace("^T", "^{\\top}")

        product = "".join(latex(f) for f in factors)
        names = FACTOR_NAMES[:k]
        return Draft(
            prompt=(
                f"The matrices ${', '.join(names)}$ are $n \\times n$. Find the matrix $X$ with "
                f"$\\operatorname{{tr}}({product}) = \\operatorname{{tr}}({latex(lead)} X)$ for "
                "all such matrices."
            ),
            text=(
                f"The matrices {', '.join(names)} are n×n. Find the matrix X with\n\n"
                f"    tr({' '.join(factors)}) = tr({lead} X)\n\nfor all such matrices. "
                "Answer with a matrix expression."
            ),
            kind="expression",
            expected=expected,
            data={"mode": "cyclic", "factors": factors, "lead": lead},
            hints=[
                "The trace is invariant under cyclic shifts: tr(X Y Z) = tr(Z X Y) = tr(Y Z X).",
                f"Rotate the product until {lead} is in front; keep the cyclic order of the rest.",
            ],
            solution=(
                f"Moving factors from the front to the back keeps the trace: "
                f"$\\operatorname{{tr}}({product}) = "
                f"\\operatorname{{tr}}({latex(lead)}{''.join(latex(f) for f in rest)})$, "
                f"so $X = {''.join(latex(f) for f in rest)}$. (Reversing the order is not "
                "allowed: the trace is cyclic, not symmetric under reversal.)"
            ),
            misconceptions=_dedupe(
                [
                    Misconception(
                        "misconception:reversal-not-cyclic",
                        wrong,
                        "The trace allows cyclic shifts (move a factor from one end to the "
                        "other), not reversing the order of the factors.",
                    )
                ],
                expected,
            ),
            shapes={name: "nxn" for name in names},
        )


# -- linalg.vectors -------------------------------------------------------------------

#: Relative tolerance of irrational answers, enough for 4 significant digits.
ROUNDED_TOLERANCE = 1e-3


def sqrt_text(n: int) -> str:
    """``sqrt(n)`` simplified: 12 -> ``2*sqrt(3)``, 16 -> ``4``."""
    square, free = _split_square(n)
    if free == 1:
        return str(square)
    return f"sqrt({free})" if square == 1 else f"{square}*sqrt({free})"


def sqrt_latex(n: int) -> str:
    square, free = _split_square(n)
    if free == 1:
        return str(square)
    return f"\\sqrt{{{free}}}" if square == 1 else f"{square}\\sqrt{{{free}}}"


def _split_square(n: int) -> tuple[int, int]:
    """n = s² m with m square-free: (s, m)."""
    s = 1
    for k in range(2, int(n**0.5) + 1):
        while n % (k * k) == 0:
            n //= k * k
            s *= k
    return s, n


def quotient_by_sqrt(numerator: int, radicand: int) -> str:
    """``numerator / sqrt(radicand)`` as input-language text, simplified."""
    square, free = _split_square(radicand)
    ratio = Fraction(numerator, square)
    if free == 1 or numerator == 0:
        return format_number(ratio)
    p, q = ratio.numerator, ratio.denominator
    return f"{p}/sqrt({free})" if q == 1 else f"{p}/({q}*sqrt({free}))"


def _vector_draw(rng: np.random.Generator, n: int, lo: int = -5, hi: int = 5) -> list[int]:
    while True:
        v = [int(x) for x in rng.integers(lo, hi + 1, size=n)]
        if any(v):
            return v


def _column(v: Sequence[int]) -> Matrix:
    return [[x] for x in v]


def _dot(u: Sequence[int], v: Sequence[int]) -> int:
    return sum(x * y for x, y in zip(u, v, strict=True))


def _dot_latex(u: Sequence[int], v: Sequence[int]) -> str:
    terms = " + ".join(f"{_paren(x)} \\cdot {_paren(y)}" for x, y in zip(u, v, strict=True))
    return f"{terms} = {signed_sum([x * y for x, y in zip(u, v, strict=True)])} = {_dot(u, v)}"


@register
class Vectors(Generator):
    """Dot products, then norms and distances, then cosine similarity."""

    skill = "linalg.vectors"
    version = 1

    MODES = {1: ("dot",), 2: ("norm", "l1-norm", "distance"), 3: ("cosine",)}

    def generate(self, rng: np.random.Generator, difficulty: int) -> Draft:
        modes = self.MODES[difficulty]
        mode = modes[int(rng.integers(len(modes)))]
        n = int(rng.integers(2, 4)) if difficulty == 1 else int(rng.integers(3, 5))
        u = _vector_draw(rng, n)
        v = _vector_draw(rng, n)
        if mode == "cosine" and rng.random() < 0.25:
            v = self._orthogonal(rng, u)
        if mode == "dot":
            return self._dot(u, v)
        if mode in ("norm", "l1-norm"):
            return self._norm(u, mode)
        if mode == "distance":
            return self._distance(u, v)
        return self._cosine(u, v)

    @staticmethod
    def _orthogonal(rng: np.random.Generator, u: list[int]) -> list[int]:
        """A nonzero integer vector orthogonal to u, with small entries."""
        while True:
            i, j = (int(k) for k in rng.choice(len(u), size=2, replace=False))
            v = [0] * len(u)
            v[i], v[j] = u[j], -u[i]
            for k in range(len(u)):
                if k not in (i, j) and u[k] == 0:
                    v[k] = int(rng.integers(-3, 4))
            if any(v):
                return v

    @staticmethod
    def _draft(
        asked: str, asked_text: str, named: list[tuple[str, list[int]]], **fields: Any
    ) -> Draft:
        columns = [(name, _column(vec)) for name, vec in named]
        return Draft(
            prompt=f"Compute ${asked}$ for {latex_named(columns)}.",
            text=f"Compute {asked_text}.\n\n{named_grids(columns)}\n\n" + fields.pop("answer_as"),
            **fields,
        )

    def _dot(self, u: list[int], v: list[int]) -> Draft:
        value = _dot(u, v)
        found = [
            Misconception(
                "misconception:product-of-sums",
                str(sum(u) * sum(v)),
                "The dot product multiplies matching entries first, then adds: Σ uᵢ vᵢ, not "
                "(Σ uᵢ)(Σ vᵢ).",
            ),
            Misconception(
                "misconception:added-entries",
                str(sum(u) + sum(v)),
                "The dot product multiplies matching entries (u₁v₁ + u₂v₂ + …); it does not "
                "add the vectors' entries.",
            ),
        ]
        return self._draft(
            "u \\cdot v",
            "the dot product u · v",
            [("u", u), ("v", v)],
            answer_as="Answer with a number.",
            kind="number",
            expected=str(value),
            data={"mode": "dot", "u": u, "v": v},
            hints=["u · v = u₁v₁ + u₂v₂ + …: multiply matching entries and add."],
            solution=f"$u \\cdot v = {_dot_latex(u, v)}$",
            misconceptions=_dedupe(found, str(value)),
        )

    def _norm(self, u: list[int], mode: str) -> Draft:
        squares = sum(x * x for x in u)
        l1 = sum(abs(x) for x in u)
        answer_as = "Answer exactly (e.g. sqrt(14) or 3*sqrt(2)) or to 4 significant digits."
        if mode == "l1-norm":
            expected = str(l1)
            found = [
                Misconception(
                    "misconception:l1-without-abs",
                    str(sum(u)),
                    "The 1-norm adds absolute values: |u₁| + |u₂| + …; negative entries count "
                    "positively.",
                ),
                Misconception(
                    "misconception:l2-for-l1",
                    sqrt_text(squares),
                    "That is the Euclidean (2-)norm; ‖u‖₁ is the sum of absolute values.",
                ),
            ]
            abs_terms = " + ".join(f"|{latex_number(x)}|" for x in u)
            return self._draft(
                "\\|u\\|_1",
                "the 1-norm ‖u‖₁",
                [("u", u)],
                answer_as="Answer with a number.",
                kind="number",
                expected=expected,
                data={"mode": mode, "u": u},
                hints=["‖u‖₁ = |u₁| + |u₂| + … (the sum of absolute values)."],
                solution=f"$\\|u\\|_1 = {abs_terms} = {l1}$",
                misconceptions=_dedupe(found, expected),
            )
        expected = sqrt_text(squares)
        found = [
            Misconception(
                "misconception:squared-norm",
                str(squares),
                f"That is ‖u‖² = {squares}; the norm is its square root.",
            ),
            Misconception(
                "misconception:l1-for-l2",
                str(l1),
                "That is the 1-norm (sum of absolute values); the Euclidean norm is the "
                "square root of the sum of squares.",
            ),
        ]
        square_terms = " + ".join(f"{_paren(x)}^2" for x in u)
        return self._draft(
            "\\|u\\|_2",
            "the Euclidean norm ‖u‖",
            [("u", u)],
            answer_as=answer_as,
            kind="number",
            expected=expected,
            data={"mode": mode, "u": u},
            hints=["‖u‖ = sqrt(u₁² + u₂² + …).", "Simplify the square root if you can."],
            solution=(
                f"$\\|u\\|_2 = \\sqrt{{{square_terms}}} = \\sqrt{{{squares}}}"
                + (
                    ""
                    if sqrt_latex(squares) == f"\\sqrt{{{squares}}}"
                    else f" = {sqrt_latex(squares)}"
                )
                + "$"
            ),
            misconceptions=_dedupe(found, expected),
            tolerance=None if _split_square(squares)[1] == 1 else ROUNDED_TOLERANCE,
        )

    def _distance(self, u: list[int], v: list[int]) -> Draft:
        diff = [x - y for x, y in zip(u, v, strict=True)]
        squares = sum(d * d for d in diff)
        expected = sqrt_text(squares)
        nu, nv = sum(x * x for x in u), sum(y * y for y in v)
        found = [
            Misconception(
                "misconception:difference-of-norms",
                f"{sqrt_text(nu)} - {sqrt_text(nv)}",
                "The distance is the norm of the difference, ‖u − v‖, not the difference of "
                "the norms ‖u‖ − ‖v‖.",
            ),
            Misconception(
                "misconception:squared-norm",
                str(squares),
                f"That is ‖u − v‖² = {squares}; the distance is its square root.",
            ),
        ]
        return self._draft(
            "\\|u - v\\|_2",
            "the distance ‖u − v‖",
            [("u", u), ("v", v)],
            answer_as="Answer exactly (e.g. sqrt(14) or 3*sqrt(2)) or to 4 significant digits.",
            kind="number",
            expected=expected,
            data={"mode": "distance", "u": u, "v": v},
            hints=["First compute u − v entry by entry.", "Then take its Euclidean norm."],
            solution=(
                f"$u - v = {latex_matrix(_column(diff))}$, so $\\|u - v\\|_2 = "
                f"\\sqrt{{{' + '.join(f'{_paren(d)}^2' for d in diff)}}} = "
                f"\\sqrt{{{squares}}} = {sqrt_latex(squares)}$"
            ),
            misconceptions=_dedupe(found, expected),
            tolerance=None if _split_square(squares)[1] == 1 else ROUNDED_TOLERANCE,
        )

    def _cosine(self, u: list[int], v: list[int]) -> Draft:
        dot = _dot(u, v)
        nu, nv = sum(x * x for x in u), sum(y * y for y in v)
        expected = quotient_by_sqrt(dot, nu * nv)
        found = [
            Misconception(
                "misconception:unnormalised",
                str(dot),
                "That is the dot product u · v; the cosine divides it by ‖u‖ ‖v‖.",
            ),
            Misconception(
                "misconception:squared-norms",
                format_number(Fraction(dot, nu * nv)),
                "Divide by the norms ‖u‖ ‖v‖, not by their squares.",
            ),
        ]
        exact = _split_square(nu * nv)[1] == 1
        return self._draft(
            "\\cos\\theta = \\frac{u \\cdot v}{\\|u\\| \\|v\\|}",
            "the cosine similarity cos θ = (u · v) / (‖u‖ ‖v‖)",
            [("u", u), ("v", v)],
            answer_as="Answer exactly (e.g. 3/sqrt(70)) or to 4 significant digits.",
            kind="number",
            expected=expected,
            data={"mode": "cosine", "u": u, "v": v},
            hints=[
                "Compute u · v, ‖u‖ and ‖v‖ separately.",
                "If u · v = 0 the vectors are orthogonal and the cosine is 0.",
            ],
            solution=(
                f"$u \\cdot v = {_dot_latex(u, v)}$, $\\|u\\| = \\sqrt{{{nu}}}$, "
                f"$\\|v\\| = \\sqrt{{{nv}}}$, so $\\cos\\theta = \\frac{{{dot}}}"
                f"{{\\sqrt{{{nu}}}\\sqrt{{{nv}}}}} = \\frac{{{dot}}}{{\\sqrt{{{nu * nv}}}}}$"
                + ("" if exact else f" $\\approx {float(dot) / (nu * nv) ** 0.5:.4f}$")
            ),
            misconceptions=_dedupe(found, expected),
            tolerance=None if exact else ROUNDED_TOLERANCE,
        )


# -- linalg.shapes --------------------------------------------------------------------


def broadcast_shape(*shapes: Sequence[int]) -> tuple[int, ...] | None:
    """NumPy's broadcasting rule (aligned from the right), or None when incompatible."""
    width = max(len(s) for s in shapes)
    padded = [(1,) * (width - len(s)) + tuple(s) for s in shapes]
    result = []
    for sizes in zip(*padded, strict=True):
        distinct = {d for d in sizes if d != 1}
        if len(distinct) > 1:
            return None
        result.append(distinct.pop() if distinct else 1)
    return tuple(result)


def matmul_shape(left: Sequence[int], right: Sequence[int]) -> tuple[int, ...] | None:
    """The shape of ``torch.matmul(a, b)`` / ``a @ b``, or None when it raises."""
    lm = [1, *left] if len(left) == 1 else list(left)
    rm = [*right, 1] if len(right) == 1 else list(right)
    if lm[-1] != rm[-2]:
        return None
    batch = broadcast_shape(lm[:-2], rm[:-2])
    if batch is None:
        return None
    result = [*batch, lm[-2], rm[-1]]
    if len(right) == 1:
        del result[-1]
    if len(left) == 1:
        del result[-2 if len(right) != 1 else -1]
    return tuple(result)


def tuple_text(shape: Sequence[int] | None) -> str:
    """``(8, 3, 5)``, ``(3,)``; None is ``undefined``."""
    if shape is None:
        return "undefined"
    return f"({shape[0]},)" if len(shape) == 1 else "(" + ", ".join(map(str, shape)) + ")"


def _chain_shape(factors: Sequence[dict[str, Any]], honour_transpose: bool = True):
    """Shape of the product of math factors, or None when an inner size does not match."""
    shapes = [
        tuple(reversed(f["shape"])) if f["transpose"] and honour_transpose else tuple(f["shape"])
        for f in factors
    ]
    rows, cols = shapes[0]
    for r, c in shapes[1:]:
        if r != cols:
            return None
        cols = c
    return rows, cols


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _factor_text(factor: dict[str, Any]) -> str:
    return factor["name"] + ("^T" if factor["transpose"] else "")


def _factor_latex(factor: dict[str, Any]) -> str:
    return factor["name"] + ("^{\\top}" if factor["transpose"] else "")


@register
class Shapes(Generator):
    """Result shapes: matrix products in mathematics, then NumPy/PyTorch broadcasting and
    batched ``matmul``, including the products that raise an error."""

    skill = "linalg.shapes"
    version = 1

    MODES = {1: ("math",), 2: ("math", "broadcast", "matmul"), 3: ("broadcast", "matmul")}

    def generate(self, rng: np.random.Generator, difficulty: int) -> Draft:
        modes = self.MODES[difficulty]
        mode = modes[int(rng.integers(len(modes)))]
        defined = rng.random() >= 1 / 3
        if mode == "math":
            return self._math(rng, difficulty, defined)
        if mode == "broadcast":
            return self._broadcast(rng, difficulty, defined)
        return self._matmul(rng, difficulty, defined)

    # mathematics: A^T B x -------------------------------------------------------------

    @staticmethod
    def _math(rng: np.random.Generator, difficulty: int, defined: bool) -> Draft:
        count = 2 if difficulty == 1 else 3
        vectors = difficulty > 1 and rng.random() < 0.6
        sizes = [int(v) for v in rng.integers(1, 7, size=count + 1)]
        names, factors = iter("ABC"), []
        for i in range(count):
            row_vector = vectors and i == 0 and rng.random() < 0.4
            column_vector = vectors and i == count - 1 and not row_vector
            if row_vector:
                sizes[0] = 1
                factors.append({"name": "x", "shape": [sizes[1], 1], "transpose": True})
            elif column_vector:
                sizes[-1] = 1
                factors.append({"name": "y", "shape": [sizes[-2], 1], "transpose": False})
            else:
                transposed = bool(rng.random() < 0.4)
                r, c = sizes[i], sizes[i + 1]
                factors.append(
                    {
                        "name": next(names),
                        "shape": [c, r] if transposed else [r, c],
                        "transpose": transposed,
                    }
                )
        if not defined:
            i = int(rng.integers(1, count))  # this factor's rows stop matching
            factor = factors[i]
            wrong = int(rng.choice([s for s in range(1, 7) if s != sizes[i]]))
            factor["shape"][1 if factor["transpose"] else 0] = wrong
        result = _chain_shape(factors)
        expected = f"{result[0]}x{result[1]}" if result else "undefined"
        expression = " ".join(_factor_text(f) for f in factors)
        latex = " ".join(_factor_latex(f) for f in factors)

        def size_text(f: dict[str, Any], latex: bool) -> str:
            (r, c), name = f["shape"], f["name"]
            shown = f"${name}$" if latex else name
            if c == 1 and name in "xy":
                return f"{shown} is a vector of length {r}"
            return f"{shown} is ${latex_shape(r, c)}$" if latex else f"{name} is {shape_text(r, c)}"

        given = ", ".join(size_text(f, latex=False) for f in factors)
        given_latex = ", ".join(size_text(f, latex=True) for f in factors)
        effective = [
            (tuple(reversed(f["shape"])) if f["transpose"] else tuple(f["shape"])) for f in factors
        ]
        pairs = list(zip(factors, effective, strict=True))
        steps = ", ".join(f"${_factor_latex(f)}$ is ${latex_shape(*e)}$" for f, e in pairs)
        if result:
            conclusion = (
                "each inner pair of sizes matches, and the product keeps the outer sizes: "
                f"${latex_shape(*result)}$."
            )
        else:
            k = next(i for i in range(1, count) if effective[i][0] != effective[i - 1][1])
            conclusion = (
                f"${_factor_latex(factors[k - 1])}$ has {_count(effective[k - 1][1], 'column')} "
                f"but ${_factor_latex(factors[k])}$ has {_count(effective[k][0], 'row')}, so the "
                "product is undefined."
            )
        found = []
        ignored = _chain_shape(factors, honour_transpose=False)
        if result and any(f["transpose"] for f in factors):
            found.append(
                Misconception(
                    "misconception:ignored-transpose" if ignored else "defined-vs-undefined",
                    f"{ignored[0]}x{ignored[1]}" if ignored else "undefined",
                    "A transpose swaps the sizes: if A is m×n then Aᵀ is n×m.",
                )
            )
        if result:
            found.append(
                Misconception(
                    "defined-vs-undefined",
                    "undefined",
                    "Each inner pair of sizes matches, so the product exists. "
                    "Vectors are columns: x is n×1 and xᵀ is 1×n.",
                )
            )
        else:
            first, last = effective[0], effective[-1]
            found.append(
                Misconception(
                    "defined-vs-undefined",
                    f"{first[0]}x{last[1]}",
                    "Check every inner pair of sizes before taking the outer ones: "
                    + conclusion.replace("$", "").replace("^{\\top}", "ᵀ"),
                )
            )
        return Draft(
            prompt=(
                f"Vectors are columns. Given that {given_latex}: what is the shape "
                f"of ${latex}$? Answer like `3x4`, or `undefined`."
            ),
            text=(
                f"Vectors are columns. Given: {given}.\n\nWhat is the shape of {expression}?\n\n"
                "Answer like 3x4, or undefined."
            ),
            kind="shape",
            expected=expected,
            data={"mode": "math", "factors": factors, "expression": expression},
            hints=[
                "The product of an m×n and an n×p matrix is m×p; the inner sizes must match.",
                "A transpose swaps the sizes; a vector of length n is n×1, and xᵀ is 1×n.",
            ],
            solution=f"{steps}: {conclusion}",
            misconceptions=_dedupe(found, expected),
        )

    # NumPy/PyTorch elementwise broadcasting: a + b ---------------------------------------

    @staticmethod
    def _broadcast(rng: np.random.Generator, difficulty: int, defined: bool) -> Draft:
        width = 2 if difficulty == 2 else int(rng.integers(3, 5))
        while True:
            result = [int(v) for v in rng.integers(2, 7, size=width)]
            left = [1 if rng.random() < 0.3 else d for d in result]
            k = int(rng.integers(1, width + 1))
            right = [1 if rng.random() < 0.35 else d for d in result[width - k :]]
            if not defined:
                if rng.random() < 0.4 and result[0] != result[-1]:
                    # the classic trap: sizes that match when aligned on the left
                    left, right = list(result), result[: width - 1]
                else:
                    j = int(rng.integers(1, k + 1))
                    left[-j] = result[-j]
                    right[-j] = int(rng.choice([d for d in range(2, 7) if d != result[-j]]))
            if rng.random() < 0.5:
                left, right = right, left
            if left != right and (broadcast_shape(left, right) is not None) == defined:
                break
        op = "+" if rng.random() < 0.5 else "*"
        shape = broadcast_shape(left, right)
        expected = tuple_text(shape)
        wide = max(len(left), len(right))
        pad_right = broadcast_shape(
            left + [1] * (wide - len(left)), right + [1] * (wide - len(right))
        )
        found = []
        if pad_right != shape:
            found.append(
                Misconception(
                    "misconception:left-aligned" if shape and pad_right else "defined-vs-undefined",
                    tuple_text(pad_right),
                    "Broadcasting aligns shapes on the right (the trailing dimensions): the "
                    "shorter shape gets 1s added on the left.",
                )
            )
        if shape:
            larger = max((left, right), key=lambda s: (len(s), prod(s)))
            found.append(
                Misconception(
                    "misconception:no-stretch",
                    tuple_text(larger),
                    "A size of 1 stretches to match the other array: the result takes the "
                    "larger size in every dimension.",
                )
            )
            found.append(
                Misconception(
                    "defined-vs-undefined",
                    "undefined",
                    "These shapes broadcast: aligned on the right, each pair of sizes is equal "
                    "or contains a 1.",
                )
            )
        else:
            padded = [[1] * (wide - len(s)) + s for s in (left, right)]
            found.append(
                Misconception(
                    "defined-vs-undefined",
                    tuple_text([max(x, y) for x, y in zip(*padded, strict=True)]),
                    "Two sizes can differ only when one of them is 1; here a pair of sizes "
                    "differs and neither is 1, so NumPy and PyTorch raise an error.",
                )
            )
        return Draft(
            prompt=(
                f"The NumPy arrays (or PyTorch tensors) `a` and `b` have shapes "
                f"`{tuple_text(left)}` and `{tuple_text(right)}`. What is the shape of "
                f"`a {op} b`? Answer like `(2, 3, 4)`, or `undefined` if it raises an error."
            ),
            text=(
                f"The NumPy arrays (or PyTorch tensors) a and b have shapes\n\n"
                f"    a: {tuple_text(left)}\n    b: {tuple_text(right)}\n\n"
                f"What is the shape of a {op} b? Answer like (2, 3, 4), or undefined if it "
                "raises an error."
            ),
            kind="shape",
            expected=expected,
            data={"mode": "broadcast", "left": left, "right": right, "op": op},
            hints=[
                "Line the shapes up on the right; a missing dimension counts as 1.",
                "In each position the sizes must be equal, or one of them 1 (it stretches).",
            ],
            solution=_alignment_solution(
                [("a", left), ("b", right)],
                shape,
                "Aligned on the right, each pair of sizes must be equal or contain a 1, "
                "which stretches:",
            ),
            misconceptions=_dedupe(found, expected),
        )

    # torch.matmul / @ with batches and 1-D operands ------------------------------------------

    @staticmethod
    def _matmul(rng: np.random.Generator, difficulty: int, defined: bool) -> Draft:
        while True:
            m, n, p = (int(v) for v in rng.integers(2, 7, size=3))
            batch = [int(v) for v in rng.integers(2, 9, size=int(rng.integers(1, 3)))]
            if difficulty == 2:
                left_batch = batch[:1] if rng.random() < 0.4 else []
                right_batch: list[int] = []
            else:
                left_batch = [1 if rng.random() < 0.3 else d for d in batch]
                right_batch = [1 if rng.random() < 0.3 else d for d in batch]
                right_batch = right_batch[int(rng.integers(len(batch) + 1)) :]
            if rng.random() < 0.5:
                left_batch, right_batch = right_batch, left_batch
            left, right = [*left_batch, m, n], [*right_batch, n, p]
            vector = rng.random()
            if vector < 0.25 and not left_batch:
                left = [n]
            elif vector < 0.5 and not right_batch:
                right = [n]
            if len(left) == len(right) == 1:
                continue
            if not defined:
                batch_trap = difficulty == 3 and left_batch and right_batch and rng.random() < 0.5
                if batch_trap:
                    j = int(rng.integers(1, min(len(left_batch), len(right_batch)) + 1))
                    left[-2 - j] = int(rng.integers(2, 9))
                    right[-2 - j] = int(rng.choice([d for d in range(2, 9) if d != left[-2 - j]]))
                else:
                    inner = -2 if len(right) > 1 else -1
                    right[inner] = int(rng.choice([d for d in range(2, 7) if d != n]))
            if (matmul_shape(left, right) is not None) == defined:
                break
        shape = matmul_shape(left, right)
        expected = tuple_text(shape)
        found = []
        if shape is not None:
            matrix_part = shape[len(shape) - (1 if len(right) == 1 else 2) :]
            first_only = [*left[:-2], *matrix_part]
            if len(left) > 2 and tuple(first_only) != shape:
                found.append(
                    Misconception(
                        "misconception:batch-from-first",
                        tuple_text(first_only),
                        "The batch (leading) dimensions of both operands broadcast together, "
                        "as in elementwise operations.",
                    )
                )
            if len(left) == 1 or len(right) == 1:
                kept = matmul_shape(
                    [1, *left] if len(left) == 1 else left,
                    [*right, 1] if len(right) == 1 else right,
                )
                found.append(
                    Misconception(
                        "misconception:vector-dimension-kept",
                        tuple_text(kept),
                        "A 1-D operand is treated as a matrix (a row on the left, a column on "
                        "the right) and that added dimension is removed from the result.",
                    )
                )
            found.append(
                Misconception(
                    "defined-vs-undefined",
                    "undefined",
                    "The last dimension of a equals the first matrix dimension of b, and the "
                    "batch dimensions broadcast, so the product exists.",
                )
            )
        else:
            lm = [1, *left] if len(left) == 1 else left
            rm = [*right, 1] if len(right) == 1 else right
            wide = max(len(lm), len(rm)) - 2
            padded = [[1] * (wide - len(s) + 2) + s[:-2] for s in (lm, rm)]
            guess = [max(x, y) for x, y in zip(*padded, strict=True)] + [lm[-2], rm[-1]]
            if len(right) == 1:
                del guess[-1]
            if len(left) == 1:
                del guess[-2 if len(right) != 1 else -1]
            found.append(
                Misconception(
                    "defined-vs-undefined",
                    tuple_text(guess),
                    "The product raises an error: the last dimension of a must equal the "
                    "second-to-last of b, and the batch dimensions must broadcast.",
                )
            )
        return Draft(
            prompt=(
                f"The PyTorch tensors (or NumPy arrays) `a` and `b` have shapes "
                f"`{tuple_text(left)}` and `{tuple_text(right)}`. What is the shape of "
                "`torch.matmul(a, b)` (that is, `a @ b`)? Answer like `(2, 3, 4)`, or "
                "`undefined` if it raises an error."
            ),
            text=(
                f"The PyTorch tensors (or NumPy arrays) a and b have shapes\n\n"
                f"    a: {tuple_text(left)}\n    b: {tuple_text(right)}\n\n"
                "What is the shape of torch.matmul(a, b), that is a @ b? Answer like "
                "(2, 3, 4), or undefined if it raises an error."
            ),
            kind="shape",
            expected=expected,
            data={"mode": "matmul", "left": left, "right": right},
            hints=[
                "The last two dimensions are the matrices; the leading ones are a batch.",
                "The batch dimensions broadcast like elementwise operations (aligned on the "
                "right, 1s stretch).",
                "A 1-D operand is a row (on the left) or a column (on the right), and that "
                "dimension is dropped from the result.",
            ],
            solution=_matmul_solution(left, right, shape),
            misconceptions=_dedupe(found, expected),
        )


def _alignment_solution(
    named: Sequence[tuple[str, Sequence[int]]], result: Sequence[int] | None, lead: str
) -> str:
    """The shapes written one under the other, aligned on the right, and the verdict."""
    width = max(len(s) for _, s in named)
    cell = max(len(str(d)) for _, s in named for d in s)
    label_width = max(len(label) for label, _ in named) + 3

    def row(label: str, sizes: Sequence[Any]) -> str:
        cells = [" " * cell] * (width - len(sizes)) + [str(d).rjust(cell) for d in sizes]
        return label.ljust(label_width) + "  ".join(cells)

    table = [row(f"{label}:", s) for label, s in named]
    if result is None:
        padded = [[1] * (width - len(s)) + list(s) for _, s in named]
        j = next(j for j in range(width) if len({col[j] for col in padded} - {1}) > 1)
        sizes = sorted({col[j] for col in padded})
        verdict = (
            f"In position {width - j} from the right the sizes are "
            f"{' and '.join(map(str, sizes))}: different and neither is 1, so broadcasting "
            "fails: undefined."
        )
    else:
        table.append(row("result:", result))
        verdict = f"The shape is `{tuple_text(result)}`."
    return lead + "\n\n```\n" + "\n".join(table) + "\n```\n\n" + verdict


def _matmul_solution(left: list[int], right: list[int], shape: tuple[int, ...] | None) -> str:
    lines = []
    lm = [1, *left] if len(left) == 1 else left
    rm = [*right, 1] if len(right) == 1 else right
    if len(left) == 1:
        lines.append(f"`a` is 1-D, so it acts as a row: `{tuple_text(lm)}`.")
    if len(right) == 1:
        lines.append(f"`b` is 1-D, so it acts as a column: `{tuple_text(rm)}`.")
    matrices = f"${latex_shape(*lm[-2:])}$ times ${latex_shape(*rm[-2:])}$"
    if lm[-1] != rm[-2]:
        lines.append(
            f"The matrix parts are {matrices}: the columns of a ({lm[-1]}) must equal the rows "
            f"of b ({rm[-2]}), so `a @ b` raises an error: undefined."
        )
        return "\n\n".join(lines)
    lines.append(f"The matrix parts are {matrices}, giving ${latex_shape(lm[-2], rm[-1])}$.")
    lb, rb = lm[:-2], rm[:-2]
    if bool(lb) != bool(rb):
        owner = "a" if lb else "b"
        lines.append(
            f"Only `{owner}` has batch dimensions, `{tuple_text(lb or rb)}`; they carry over."
        )
    elif lb:
        batch = broadcast_shape(lb, rb)
        lines.append(
            _alignment_solution(
                [("a batch", lb), ("b batch", rb)],
                batch,
                "The batch dimensions broadcast, aligned on the right:",
            )
        )
        if batch is None:
            return "\n\n".join(lines)
    if len(left) == 1 or len(right) == 1:
        lines.append("The dimension added for the 1-D operand is removed again.")
    lines.append(f"Result: `{tuple_text(shape)}`.")
    return "\n\n".join(lines)


# -- linalg.transpose-inverse-rules ---------------------------------------------------

# An expression tree, JSON-ready: a name "A", ["T", node], ["inv", node] or
# ["mul", [node, ...]]. A factor of an expanded product is (name, transposed, inverted).
Tree = Any
Factor = tuple[str, bool, bool]


def expand(tree: Tree, reverse: bool = True) -> list[Factor]:
    """Push every transpose and inverse down to single matrices:
    (XY)ᵀ = Yᵀ Xᵀ and (XY)⁻¹ = Y⁻¹ X⁻¹ (with ``reverse=False``: the mistake of keeping
    the order)."""
    if isinstance(tree, str):
        return [(tree, False, False)]
    op, child = tree
    if op == "mul":
        return [f for c in child for f in expand(c, reverse)]
    factors = [
        (name, not t, i) if op == "T" else (name, t, not i) for name, t, i in expand(child, reverse)
    ]
    return factors[::-1] if reverse else factors


SUFFIX_TEXT = {(False, False): "", (True, False): "^T", (False, True): "^-1", (True, True): "^-T"}
SUFFIX_LATEX = {
    (False, False): "",
    (True, False): "^{\\top}",
    (False, True): "^{-1}",
    (True, True): "^{-\\top}",
}


def factors_text(factors: Sequence[Factor]) -> str:
    return " ".join(name + SUFFIX_TEXT[t, i] for name, t, i in factors)


def factors_latex(factors: Sequence[Factor]) -> str:
    return " ".join(name + SUFFIX_LATEX[t, i] for name, t, i in factors)


def tree_text(tree: Tree, latex: bool = False) -> str:
    if isinstance(tree, str):
        return tree
    op, child = tree
    if op == "mul":
        return " ".join(tree_text(c, latex) for c in child)
    inner = tree_text(child, latex)
    if not isinstance(child, str):
        inner = f"\\left({inner}\\right)" if latex else f"({inner})"
    if latex:
        return inner + ("^{\\top}" if op == "T" else "^{-1}")
    return inner + ("^T" if op == "T" else "^-1")


def rewrite_steps(tree: Tree) -> list[Tree]:
    """The intermediate forms of the expansion, one rule application at a time."""
    steps = [tree]
    while True:
        step = _rewrite_once(steps[-1])
        if step is None:
            return steps
        steps.append(step)


def _is_chain(tree: Tree) -> bool:
    """A single name under transposes and inverses only: already a factor."""
    return isinstance(tree, str) or (tree[0] in ("T", "inv") and _is_chain(tree[1]))


def _rewrite_once(tree: Tree) -> Tree | None:
    if _is_chain(tree):
        return None
    op, child = tree
    if op == "mul":
        for k, c in enumerate(child):
            new = _rewrite_once(c)
            if new is not None:
                flat = new[1] if not isinstance(new, str) and new[0] == "mul" else [new]
                return ["mul", child[:k] + flat + child[k + 1 :]]
        return None
    inner_op, grandchild = child
    if inner_op == "mul":
        return ["mul", [[op, c] for c in reversed(grandchild)]]
    if inner_op == op:  # (Xᵀ)ᵀ = X, (X⁻¹)⁻¹ = X
        return grandchild
    return [op, _rewrite_once(child)]


def _names(tree: Tree) -> list[str]:
    if isinstance(tree, str):
        return [tree]
    op, child = tree
    return [n for c in child for n in _names(c)] if op == "mul" else _names(child)


def _has_inverse(tree: Tree) -> bool:
    if isinstance(tree, str):
        return False
    op, child = tree
    if op == "inv":
        return True
    return any(_has_inverse(c) for c in child) if op == "mul" else _has_inverse(child)


def _is_plain_product(tree: Tree) -> bool:
    """(A B C)ᵀ with bare names inside: the only shape where rectangular factors fit."""
    return tree[0] == "T" and tree[1][0] == "mul" and all(isinstance(c, str) for c in tree[1][1])


def _step_latex(tree: Tree) -> str:
    """A rewriting step in LaTeX, each single-matrix factor in its simplest form."""
    if _is_chain(tree):
        return factors_latex(expand(tree))
    if tree[0] == "mul":
        return " ".join(_step_latex(c) for c in tree[1])
    inner = _step_latex(tree[1])
    return f"\\left({inner}\\right)" + ("^{\\top}" if tree[0] == "T" else "^{-1}")


#: Matrix names for symbolic exercises (no I, the identity, and no T, which reads as ^T).
MATRIX_NAMES = "ABCDGHKMNPQRSUVWXYZ"


class _Trees:
    """The expressions of each difficulty; every choice drawn from the given rng."""

    def __init__(self, rng: np.random.Generator) -> None:
        self.rng = rng

    def pick(self, options: Sequence[Any]) -> Any:
        return options[int(self.rng.integers(len(options)))]

    def names(self, count: int) -> list[str]:
        """``count`` distinct names in alphabetical order: A B, or W X Y, ..."""
        start = 0
        if self.rng.random() < 0.7:
            start = int(self.rng.integers(len(MATRIX_NAMES) - count + 1))
        return list(MATRIX_NAMES[start : start + count])

    def atom(self, name: str, ops: Sequence[str | None]) -> Tree:
        op = self.pick(ops)
        return name if op is None else [op, name]

    def level(self, difficulty: int) -> Tree:
        outer = self.pick(["T", "inv"])
        if difficulty == 1:
            ops = [None, None, "T" if outer == "T" else "inv"]
            return [outer, ["mul", [self.atom(n, ops) for n in self.names(2)]]]
        ops = [None, None, "T", "inv"]
        if difficulty == 2:
            count = int(self.rng.integers(2, 4))
            return [outer, ["mul", [self.atom(n, ops) for n in self.names(count)]]]
        a, b, c = self.names(3)
        group = [self.pick(["T", "inv"]), ["mul", [self.atom(a, ops), self.atom(b, ops)]]]
        third = self.atom(c, ops)
        body = ["mul", [group, third] if self.rng.random() < 0.5 else [third, group]]
        return [outer, body]


@register
class TransposeInverseRules(Generator):
    """(AB)ᵀ = BᵀAᵀ, (AB)⁻¹ = B⁻¹A⁻¹ and (Aᵀ)⁻¹ = (A⁻¹)ᵀ, applied to longer and nested
    products."""

    skill = "linalg.transpose-inverse-rules"
    version = 1

    def generate(self, rng: np.random.Generator, difficulty: int) -> Draft:
        tree = _Trees(rng).level(difficulty)
        names = sorted(set(_names(tree)))
        invertible = _has_inverse(tree)
        rectangular = not invertible and _is_plain_product(tree) and rng.random() < 0.5
        if rectangular:  # only transposes of bare names: a chain of rectangular matrices
            dims = "mnpq"
            shapes = {name: f"{dims[k]}x{dims[k + 1]}" for k, name in enumerate(names)}
        else:
            shapes = {name: "nxn" for name in names}
        assume = {name: ["invertible"] for name in names} if invertible else {}
        expected_factors = expand(tree)
        expected = factors_text(expected_factors)
        naive = expand(tree, reverse=False)
        found = []
        if not rectangular and naive != expected_factors:
            found.append(
                Misconception(
                    "misconception:order-not-reversed",
                    factors_text(naive),
                    "Transposing or inverting a product reverses the order of its factors: "
                    "(X Y)ᵀ = Yᵀ Xᵀ and (X Y)⁻¹ = Y⁻¹ X⁻¹.",
                )
            )
        size_text = ", ".join(f"{n} is {s.replace('x', '×')}" for n, s in shapes.items())
        if invertible:
            size_text += "; all are invertible"
        size_latex = ", ".join(
            f"${n}$ is ${latex_shape(*s.split('x'))}$" for n, s in shapes.items()
        )
        if invertible:
            size_latex += "; all are invertible"
        shown = [tree_text(tree, latex=True)]
        for step in rewrite_steps(tree)[1:]:
            if _step_latex(step) != shown[-1]:
                shown.append(_step_latex(step))
        solution = f"${' = '.join(shown)}$"
        if _has_inverse(tree) or difficulty > 1:
            solution += (
                "\n\nEach step applies $(XY)^{\\top} = Y^{\\top} X^{\\top}$ or "
                "$(XY)^{-1} = Y^{-1} X^{-1}$ to the outermost product, or cancels a double "
                "transpose or inverse."
            )
        return Draft(
            prompt=(
                f"Expand ${tree_text(tree, latex=True)}$ into a product in which transposes and "
                f"inverses apply only to single matrices ({size_latex})."
            ),
            text=(
                f"Expand {tree_text(tree)} into a product in which ^T and ^-1 apply only to "
                f"single matrices.\n\n{size_text}.\n\nAnswer like Y^T X^-1 (X^-T is the "
                "inverse of the transpose)."
            ),
            kind="expression",
            expected=expected,
            data={"tree": tree, "expression": tree_text(tree)},
            hints=[
                "(X Y)ᵀ = Yᵀ Xᵀ and (X Y)⁻¹ = Y⁻¹ X⁻¹: the order of the factors reverses.",
                "Work from the outside in, one rule at a time.",
                "(Xᵀ)⁻¹ = (X⁻¹)ᵀ, written X^-T; (Xᵀ)ᵀ = X and (X⁻¹)⁻¹ = X.",
            ][: 2 if difficulty == 1 else 3],
            solution=solution,
            misconceptions=_dedupe(found, expected),
            shapes=shapes,
            assume=assume,
            form="expanded",  # (A B)^T typed back is not an answer
        )
