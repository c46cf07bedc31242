"""linalg.matmul: the matrix-multiplication worksheet, compute A B or say it is undefined."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dlmath.exercises.base import Draft, Generator, Misconception
from dlmath.exercises.kit import (
    IntMatrix,
    elementwise,
    integer_matrix,
    latex_named,
    latex_shape,
    mat_mul,
    product_entry_line,
    shape_of,
    transpose,
)
from dlmath.exercises.layout import named_grids
from dlmath.exercises.registry import register
from dlmath.expr.literals import latex_matrix, matrix_text, shape_text

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np


ENTRY_RANGE = (-5, 5)  # the worksheet's integer entries

#: Inclusive range of the sizes m, n, p at each difficulty, and the size that must occur.
MATMUL_SIZES = {1: (1, 2, 2), 2: (1, 3, 3), 3: (2, 4, 4)}
MATMUL_UNDEFINED = 1 / 4  # a real share of products that cannot be formed, not a safe guess
MATMUL_SHOWN_ENTRIES = 6  # entry computations spelled out in the worked solution


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
    version = 2

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
            misconceptions=self._misconceptions(a, b),
            undefined_reason=None
            if defined
            else f"A B does not exist: {sizes}, and the columns of A ({n}) must equal the "
            f"rows of B ({k}). Answer 'undefined'.",
        )

    @staticmethod
    def _solution(a: IntMatrix, b: IntMatrix) -> str:
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
        lines += [product_entry_line(a, b, i, j) for i, j in cells[:MATMUL_SHOWN_ENTRIES]]
        if len(cells) > MATMUL_SHOWN_ENTRIES:
            rest = len(cells) - MATMUL_SHOWN_ENTRIES
            lines.append(f"- … and the other {rest} entries in the same way.")
        lines += ["", f"$AB = {latex_matrix(mat_mul(a, b))}$"]
        return "\n".join(lines)

    @staticmethod
    def _misconceptions(a: IntMatrix, b: IntMatrix) -> list[Misconception]:
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
