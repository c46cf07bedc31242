"""linalg.linear-maps: the matrix of a linear map, from its formula (difficulty 1), from
the images of a basis (difficulty 2), and of a composition T∘S (difficulty 3).

The matrix of T has the images T(e₁), T(e₂), … as its columns; the exercises are built so
that the classic slips (rows for columns, the images of a basis taken for the images of
the standard basis, the wrong order of a composition) give a different answer.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from dlmath.exercises.base import Draft, Generator, Misconception
from dlmath.exercises.kit import (
    FractionMatrix,
    draw_int,
    fraction_matrix,
    inverse,
    json_vector,
    latex_column,
    linear_form,
    mat_mul,
    pick,
    transpose,
    unimodular,
)
from dlmath.exercises.registry import register
from dlmath.expr.literals import latex_matrix, matrix_text

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np

DOMAIN = ("x", "y", "z")
MIDDLE = ("u", "v", "w")
SUPERSCRIPT = {2: "²", 3: "³"}


def _formulas(m: FractionMatrix, names: tuple[str, ...]) -> list[str]:
    return [linear_form(row, names[: len(row)]) for row in m]


def _map_text(name: str, m: FractionMatrix, names: tuple[str, ...]) -> str:
    args = ", ".join(names[: len(m[0])])
    return f"{name}({args}) = ({', '.join(_formulas(m, names))})"


def _markdown(question: str, statements: list[str]) -> str:
    """The Markdown prompt: spaces as blackboard letters, map formulas in math mode."""
    for statement in statements:
        question = question.replace(statement, f"${statement}$")
    return question.replace("R²", "$\\mathbb{R}^2$").replace("R³", "$\\mathbb{R}^3$")


def _interesting(rng: np.random.Generator, rows: int, cols: int) -> FractionMatrix:
    """Integer coefficients in −4..4, no zero row or column, not symmetric."""
    while True:
        m = fraction_matrix(rng, rows, cols, -4, 4)
        if all(any(r) for r in m) and all(any(c) for c in transpose(m)) and m != transpose(m):
            return m


@register
class LinearMaps(Generator):
    """The matrix of a linear map: from a formula, from the images of a basis, of T∘S."""

    skill = "linalg.linear-maps"
    version = 1

    def generate(self, rng: np.random.Generator, difficulty: int) -> Draft:
        if difficulty == 1:
            return self._formula(rng)
        if difficulty == 2:
            return self._from_basis(rng)
        return self._composition(rng)

    def _formula(self, rng: np.random.Generator) -> Draft:
        m, n = pick(rng, [(2, 2), (2, 3), (3, 2), (3, 3)])
        a = _interesting(rng, m, n)
        expected = matrix_text(a)
        statement = _map_text("T", a, DOMAIN)
        statements = [statement]
        wrong = [
            Misconception(
                "misconception:rows-for-columns",
                matrix_text(transpose(a)),
                "The columns of the matrix are the images T(e₁), T(e₂), …; you wrote them as "
                "rows. Row i of the matrix holds the coefficients of output i.",
            )
        ]
        images = ", ".join(
            f"T(e_{j + 1}) = {latex_column([row[j] for row in a])}" for j in range(n)
        )
        solution = [
            "The matrix of $T$ has the images of the standard basis vectors as its columns:",
            f"$${images}$$",
            f"so $$[T] = {latex_matrix(a)}.$$",
            "Equivalently, row $i$ lists the coefficients of the $i$-th output.",
        ]
        question = (
            f"T: R{SUPERSCRIPT[n]} → R{SUPERSCRIPT[m]} is the linear map {statement}. Find its "
            "matrix (the A with T(v) = Av)."
        )
        return Draft(
            prompt=_markdown(question, statements),
            kind="matrix",
            expected=expected,
            data={"ask": "formula", "T": _formulas(a, DOMAIN), "variables": list(DOMAIN[:n])},
            hints=[
                "Apply T to e₁ = (1, 0, …), e₂, …: each image is one column of the matrix.",
                f"The matrix is {m}×{n}: one row per output, one column per input.",
            ],
            solution="\n\n".join(solution),
            misconceptions=wrong,
        )

    def _from_basis(self, rng: np.random.Generator) -> Draft:
        m = pick(rng, [2, 2, 3])
        while True:
            v = unimodular(rng, 2, 3)
            a = fraction_matrix(rng, m, 2, -4, 4)
            w = mat_mul(a, v)
            if all(any(c) for c in transpose(a)) and max(abs(x) for r in w for x in r) <= 12:
                break
        v_inv = inverse(v)
        assert v_inv is not None  # unimodular
        expected = matrix_text(a)
        wrong = [
            Misconception(
                "misconception:images-as-columns",
                matrix_text(w),
                "The images T(v₁), T(v₂) are columns of [T]·V, not of [T]: v₁ and v₂ are not the "
                "standard basis vectors. Solve [T] V = W for [T].",
            ),
        ]
        if m == 2:
            wrong.append(
                Misconception(
                    "misconception:inverse-on-left",
                    matrix_text(mat_mul(v_inv, w)),
                    "[T] V = W gives [T] = W V⁻¹, with V⁻¹ on the right; V⁻¹W solves a "
                    "different equation.",
                )
            )
        images = ", ".join(f"$T(v_{j + 1}) = {latex_column([r[j] for r in w])}$" for j in range(2))
        basis = ", ".join(f"$v_{j + 1} = {latex_column([r[j] for r in v])}$" for j in range(2))
        solution = [
            "Put the basis vectors in the columns of $V$ and their images in the columns of "
            "$W$; linearity gives $[T]\\,V = W$, so $[T] = W V^{-1}$.",
            f"$$V = {latex_matrix(v)}, \\quad V^{{-1}} = {latex_matrix(v_inv)}, \\quad "
            f"W = {latex_matrix(w)}$$",
            f"$$[T] = W V^{{-1}} = {latex_matrix(a)}$$",
            f"Check: $[T] v_1 = {latex_column([r[0] for r in mat_mul(a, v)])} = T(v_1)$.",
        ]
        target = f"R{SUPERSCRIPT[m]}"
        question = (
            f"The linear map T: R² → {target} sends v1 to T(v1) and v2 to T(v2), as given. "
            "Find the matrix of T in the standard bases."
        )
        prompt_question = question.replace("R²", "$\\mathbb{R}^2$").replace("R³", "$\\mathbb{R}^3$")
        return Draft(
            prompt=f"{prompt_question}\n\n{basis}; {images}",
            kind="matrix",
            expected=expected,
            data={
                "ask": "basis-images",
                "v": [json_vector([r[j] for r in v]) for j in range(2)],
                "images": [json_vector([r[j] for r in w]) for j in range(2)],
            },
            hints=[
                "Linearity: [T] applied to the matrix V = [v₁ v₂] gives W = [T(v₁) T(v₂)].",
                "Solve [T] V = W: [T] = W V⁻¹.",
            ],
            solution="\n\n".join(solution),
            misconceptions=wrong,
        )

    def _composition(self, rng: np.random.Generator) -> Draft:
        n, p, m = pick(rng, [(2, 2, 2), (3, 3, 3), (2, 3, 2), (3, 2, 3), (2, 2, 3)])
        while True:
            s = _interesting(rng, p, n)
            t = _interesting(rng, m, p)
            ts = mat_mul(t, s)
            if any(any(r) for r in ts) and max(abs(x) for r in ts for x in r) <= 30:
                break
        expected = matrix_text(ts)
        wrong = []
        if n == m:
            wrong.append(
                Misconception(
                    "misconception:composition-order",
                    matrix_text(mat_mul(s, t)),
                    "That is [S][T], the matrix of S∘T. T∘S applies S first, so its matrix is "
                    "[T][S]: the map applied first stands on the right.",
                )
            )
        wrong.append(
            Misconception(
                "misconception:rows-for-columns",
                matrix_text(transpose(ts)),
                "That is the transpose of [T][S]: the coefficients of each output form a row "
                "of the matrix, not a column.",
            )
        )
        solution = [
            "The matrix of a composition is the product of the matrices, the map applied first "
            "on the right: $[T \\circ S] = [T]\\,[S]$.",
            f"$$[S] = {latex_matrix(s)}, \\quad [T] = {latex_matrix(t)}$$",
            f"$$[T]\\,[S] = {latex_matrix(ts)}$$",
        ]
        order = draw_int(rng, 0, 1)  # which map is stated first
        lines = [_map_text("S", s, DOMAIN), _map_text("T", t, MIDDLE)]
        if order:
            lines.reverse()
        statements = lines
        question = (
            f"S: R{SUPERSCRIPT[n]} → R{SUPERSCRIPT[p]} and T: R{SUPERSCRIPT[p]} → "
            f"R{SUPERSCRIPT[m]} are the linear maps {lines[0]} and {lines[1]}. Find the matrix "
            "of T∘S (first S, then T)."
        )
        return Draft(
            prompt=_markdown(question, statements),
            kind="matrix",
            expected=expected,
            data={
                "ask": "composition",
                "S": _formulas(s, DOMAIN),
                "S_variables": list(DOMAIN[:n]),
                "T": _formulas(t, MIDDLE),
                "T_variables": list(MIDDLE[:p]),
            },
            hints=[
                "Write down the matrices [S] and [T] first.",
                "The matrix of T∘S is [T][S] (S acts first, so it stands on the right).",
            ],
            solution="\n\n".join(solution),
            misconceptions=wrong,
        )
