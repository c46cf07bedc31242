"""linalg.projection: orthogonal projections with exact fractions, onto a vector, onto a
column space, and the projection matrix A (AᵀA)⁻¹ Aᵀ."""

from __future__ import annotations

from fractions import Fraction
from typing import TYPE_CHECKING

from dlmath.exercises.base import Draft, Generator, Misconception
from dlmath.exercises.kit import (
    FractionMatrix,
    add,
    augmented_matrix,
    column,
    column_entries,
    determinant,
    dot,
    draw_int,
    fraction_matrix,
    identity,
    inverse,
    json_matrix,
    json_vector,
    latex_column,
    mat_mul,
    pick,
    proportional,
    rank,
    scaled,
    transpose,
)
from dlmath.exercises.layout import named_grids
from dlmath.exercises.registry import register
from dlmath.expr.literals import format_number, latex_matrix, latex_number, matrix_text, vector_text

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np


def _independent_columns(
    rng: np.random.Generator, m: int, k: int, max_gram_det: int
) -> FractionMatrix:
    """m×k integer columns, independent, not orthogonal, with a small Gram determinant."""
    while True:
        a = fraction_matrix(rng, m, k, -2, 2)
        cols = transpose(a)
        gram = mat_mul(cols, a)
        det = determinant(gram)
        if det == 0 or det > max_gram_det or any(not any(c) for c in cols):
            continue
        if k > 1 and all(gram[i][j] == 0 for i in range(k) for j in range(k) if i != j):
            continue
        return a


@register
class Projection(Generator):
    """Orthogonal projections with exact fractions: onto a vector, onto a column space, and
    the projection matrix A (AᵀA)⁻¹ Aᵀ."""

    skill = "linalg.projection"
    version = 1

    def generate(self, rng: np.random.Generator, difficulty: int) -> Draft:
        if difficulty == 1:
            return self._onto_vector(rng)
        if difficulty == 2:
            return self._onto_line_matrix(rng) if rng.random() < 0.5 else self._onto_columns(rng, 3)
        return self._matrix(rng) if rng.random() < 0.6 else self._onto_columns(rng, 4)

    def _onto_vector(self, rng: np.random.Generator) -> Draft:
        n = pick(rng, [2, 3])
        while True:
            a = [Fraction(draw_int(rng, -3, 3)) for _ in range(n)]
            b = [Fraction(draw_int(rng, -4, 4)) for _ in range(n)]
            if any(a) and dot(a, b) != 0 and not proportional(a, b):
                break
        ab, aa, bb = dot(a, b), dot(a, a), dot(b, b)
        p = [ab / aa * x for x in a]
        expected = vector_text(p)
        wrong = [
            Misconception(
                "misconception:projected-wrong-way",
                vector_text([ab / bb * x for x in b]),
                "That is the projection of a onto b. Projecting b onto a gives a multiple of a.",
            ),
            Misconception(
                "misconception:coefficient-only",
                format_number(ab / aa),
                "That is the coefficient (a·b)/(a·a); the projection is that number times a.",
            ),
            Misconception(
                "misconception:unnormalised",
                vector_text([ab * x for x in a]),
                f"Divide by a·a = {format_number(aa)}: p = (a·b / a·a) a.",
            ),
        ]
        solution = [
            f"$a \\cdot b = {latex_number(ab)}$ and $a \\cdot a = {latex_number(aa)}$.",
            "$$p = \\frac{a \\cdot b}{a \\cdot a}\\, a = "
            f"{latex_number(ab / aa)} {latex_column(a)} = {latex_column(p)}$$",
            f"Check: $b - p = {latex_column([y - x for x, y in zip(p, b, strict=True)])}$ is "
            "orthogonal to $a$.",
        ]
        ask = "Find the orthogonal projection p of b onto the line spanned by a."
        return Draft(
            prompt=f"{ask}\n\n$$a = {latex_column(a)}, \\quad b = {latex_column(b)}$$",
            text=f"{ask}\n\n{named_grids([('a', column(a)), ('b', column(b))])}",
            kind="matrix",
            expected=expected,
            data={"a": json_vector(a), "b": json_vector(b), "ask": "vector-onto-vector"},
            hints=[
                "p is a multiple of a, chosen so that b − p is orthogonal to a.",
                "p = (a·b / a·a) a.",
            ],
            solution="\n\n".join(solution),
            misconceptions=wrong,
        )

    def _onto_line_matrix(self, rng: np.random.Generator) -> Draft:
        while True:
            a = [Fraction(draw_int(rng, -2, 2)) for _ in range(3)]
            if sum(1 for x in a if x) >= 2:
                break
        aa = dot(a, a)
        outer = [[x * y for y in a] for x in a]
        p = scaled(outer, 1 / aa)
        expected = matrix_text(p)
        wrong = [
            Misconception(
                "misconception:unnormalised",
                matrix_text(outer),
                f"a aᵀ must be divided by aᵀa = {format_number(aa)}, so that P a = a.",
            ),
            Misconception(
                "misconception:complement",
                matrix_text(add(identity(3), p, -1)),
                "That is I − P, the projection onto the plane orthogonal to a.",
            ),
        ]
        solution = [
            f"$$P = \\frac{{a a^T}}{{a^T a}} = \\frac{{1}}{{{latex_number(aa)}}} "
            f"{latex_matrix(outer)} = {latex_matrix(p)}$$",
            "Check: $P^2 = P$, $P^T = P$ and $P a = a$.",
        ]
        ask = "Find the 3×3 matrix P of the orthogonal projection onto the line spanned by a."
        return Draft(
            prompt=f"{ask}\n\n$$a = {latex_column(a)}$$",
            text=f"{ask}\n\n{named_grids([('a', column(a))])}",
            kind="matrix",
            expected=expected,
            data={"a": json_vector(a), "ask": "line-matrix"},
            hints=["P x = (aᵀx / aᵀa) a for every x.", "P = a aᵀ / (aᵀ a)."],
            solution="\n\n".join(solution),
            misconceptions=wrong,
        )

    def _onto_columns(self, rng: np.random.Generator, m: int) -> Draft:
        while True:
            a = _independent_columns(rng, m, 2, 40 if m == 3 else 60)
            b = [Fraction(draw_int(rng, -4, 4)) for _ in range(m)]
            if rank([*map(list, augmented_matrix(a, b))]) == 3:  # b outside the column space
                break
        at = transpose(a)
        gram = mat_mul(at, a)
        atb = column_entries(mat_mul(at, column(b)))
        coef = column_entries(mat_mul(inverse(gram), column(atb)))  # type: ignore[arg-type]
        p = column_entries(mat_mul(a, column(coef)))
        expected = vector_text(p)
        separately = [
            sum((dot(c, b) / dot(c, c) * c[i] for c in at), Fraction(0)) for i in range(m)
        ]
        wrong = [
            Misconception(
                "misconception:column-by-column",
                vector_text(separately),
                "Adding the projections onto each column works only for orthogonal columns; "
                "these are not, so solve the normal equations AᵀA x̂ = Aᵀb.",
            ),
            Misconception(
                "misconception:residual",
                vector_text([y - x for x, y in zip(p, b, strict=True)]),
                "That is b − p, the part of b orthogonal to the column space.",
            ),
        ]
        solution = [
            f"Normal equations: $A^T A = {latex_matrix(gram)}$, $A^T b = {latex_column(atb)}$.",
            f"Solve $A^T A\\,\\hat x = A^T b$: $\\hat x = {latex_column(coef)}$.",
            f"$$p = A \\hat x = {latex_column(p)}$$",
            f"Check: $b - p = {latex_column([y - x for x, y in zip(p, b, strict=True)])}$ is "
            "orthogonal to both columns.",
        ]
        ask = "Find the orthogonal projection p of b onto the column space of A."
        return Draft(
            prompt=f"{ask}\n\n$$A = {latex_matrix(a)}, \\quad b = {latex_column(b)}$$",
            text=f"{ask}\n\n{named_grids([('A', a), ('b', column(b))])}",
            kind="matrix",
            expected=expected,
            data={"A": json_matrix(a), "b": json_vector(b), "ask": "vector-onto-columns"},
            hints=[
                "p = A x̂ where x̂ solves the normal equations AᵀA x̂ = Aᵀb.",
                "The columns of A are not orthogonal: projecting onto each separately does not "
                "add up.",
            ],
            solution="\n\n".join(solution),
            misconceptions=wrong,
        )

    def _matrix(self, rng: np.random.Generator) -> Draft:
        m = pick(rng, [3, 4])
        a = _independent_columns(rng, m, 2, 30)
        at = transpose(a)
        gram = mat_mul(at, a)
        gram_inv = inverse(gram)
        assert gram_inv is not None
        p = mat_mul(mat_mul(a, gram_inv), at)
        expected = matrix_text(p)
        separately = [
            [sum((c[i] * c[j] / dot(c, c) for c in at), Fraction(0)) for j in range(m)]
            for i in range(m)
        ]
        wrong = [
            Misconception(
                "misconception:inverse-distributed",
                matrix_text(identity(m)),
                "(AᵀA)⁻¹ = A⁻¹A⁻ᵀ holds only for square invertible A; a non-square A has no "
                "inverse, and P = I only when the columns span everything.",
            ),
            Misconception(
                "misconception:gram-not-inverted",
                matrix_text(mat_mul(mat_mul(a, gram), at)),
                "The middle factor is the inverse (AᵀA)⁻¹, not AᵀA.",
            ),
            Misconception(
                "misconception:column-by-column",
                matrix_text(separately),
                "Adding the projections onto each column works only for orthogonal columns.",
            ),
            Misconception(
                "misconception:complement",
                matrix_text(add(identity(m), p, -1)),
                "That is I − P, the projection onto the orthogonal complement.",
            ),
        ]
        solution = [
            f"$A^T A = {latex_matrix(gram)}$, with "
            f"$\\det(A^T A) = {latex_number(determinant(gram))}$ and "
            f"$(A^T A)^{{-1}} = {latex_matrix(gram_inv)}$.",
            f"$$P = A (A^T A)^{{-1}} A^T = {latex_matrix(p)}$$",
            "Check: $P^2 = P$, $P^T = P$, $P A = A$, and $\\operatorname{tr} P = 2$ (the "
            "dimension of the column space).",
        ]
        ask = "Find the matrix P of the orthogonal projection onto the column space of A."
        return Draft(
            prompt=f"{ask}\n\n$$A = {latex_matrix(a)}$$",
            text=f"{ask}\n\n{named_grids([('A', a)])}",
            kind="matrix",
            expected=expected,
            data={"A": json_matrix(a), "ask": "column-space-matrix"},
            hints=[
                "P = A (AᵀA)⁻¹ Aᵀ.",
                "Start with the 2×2 matrix AᵀA and invert it.",
                "Check your P: P² = P and tr P = 2.",
            ],
            solution="\n\n".join(solution),
            misconceptions=wrong,
        )
