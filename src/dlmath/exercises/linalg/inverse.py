"""linalg.inverse: exact inverses of integer matrices, 2×2 by the formula and 3×3 by
cofactors; a singular matrix has the answer ``undefined``."""

from __future__ import annotations

from fractions import Fraction
from typing import TYPE_CHECKING, Any

from dlmath.exercises.base import Draft, Generator, Misconception
from dlmath.exercises.kit import (
    IntMatrix,
    adjugate,
    cofactor_matrix,
    determinant,
    expansion_lines,
    integer_matrix,
    inverse,
    latex_factor,
    nonzero_int,
    scaled,
    transpose,
)
from dlmath.exercises.layout import named_grids
from dlmath.exercises.registry import register
from dlmath.expr.literals import latex_matrix, matrix_text

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np


INVERSE_SINGULAR = 1 / 4  # share of matrices with no inverse


def _singular(rng: np.random.Generator, n: int, lo: int, hi: int) -> tuple[IntMatrix, str]:
    """A singular matrix with small entries and the dependency that makes it singular."""
    while True:
        rows = integer_matrix(rng, n - 1, n, lo, hi)
        coefficients = [nonzero_int(rng, -2, 2) for _ in range(n - 1)]
        if n == 2:
            coefficients = [nonzero_int(rng, -2, 2)]
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


def _invertible(rng: np.random.Generator, n: int, lo: int, hi: int, dets: range) -> IntMatrix:
    while True:
        a = integer_matrix(rng, n, n, lo, hi)
        if abs(determinant(a)) in dets:
            return a


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
            misconceptions=self._misconceptions(a),
            undefined_reason=None
            if det
            else f"A has no inverse: its determinant is 0 ({why}). Answer 'undefined'.",
        )

    @staticmethod
    def _solution(a: IntMatrix, why: str) -> str:
        n, det = len(a), determinant(a)
        if n == 2:
            (p, q), (r, s) = a
            lines = [
                f"$\\det A = ad - bc = {latex_factor(p)} \\cdot {latex_factor(s)} - "
                f"{latex_factor(q)} \\cdot {latex_factor(r)} = {det}$."
            ]
        else:
            lines = expansion_lines(a)
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
    def _misconceptions(a: IntMatrix) -> list[Misconception]:
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
