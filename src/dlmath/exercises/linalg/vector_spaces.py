"""linalg.vector-spaces: coordinates of a vector in a basis of R² or R³, and the value of
a parameter that makes three vectors of R³ fail to be a basis.

The bases are unimodular (determinant ±1), so coordinates are integers; the dependent
triple is built as v₃ = a v₁ + b v₂ with one entry replaced by k, so the answer is known
by construction and det[v₁ v₂ v₃] is linear in k.
"""

from __future__ import annotations

from fractions import Fraction
from typing import TYPE_CHECKING

from dlmath.exercises.base import Draft, Generator, Misconception
from dlmath.exercises.kit import (
    augmented_matrix,
    column_entries,
    determinant,
    draw_int,
    integer_matrix,
    inverse,
    json_vector,
    latex_column,
    latex_factor,
    mat_mul,
    minor,
    nonzero_int,
    reduction_markdown,
    row_reduce,
    transpose,
    unimodular,
)
from dlmath.exercises.registry import register
from dlmath.expr.literals import format_number, vector_text

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np


def _columns_latex(named: list[tuple[str, list]]) -> str:
    return ", ".join(f"${name} = {latex_column(v)}$" for name, v in named)


@register
class VectorSpaces(Generator):
    """Coordinates in a basis (difficulty 1: R², 2: R³); difficulty 3: the parameter that
    makes three vectors of R³ dependent."""

    skill = "linalg.vector-spaces"
    version = 1

    def generate(self, rng: np.random.Generator, difficulty: int) -> Draft:
        if difficulty == 3:
            return self._dependent(rng)
        return self._coordinates(rng, 2 if difficulty == 1 else 3)

    def _coordinates(self, rng: np.random.Generator, n: int) -> Draft:
        while True:
            b = unimodular(rng, n, 3 if n == 2 else 2)
            c = [Fraction(nonzero_int(rng, -4, 4)) for _ in range(n)]
            w = column_entries(mat_mul(b, [[x] for x in c]))
            if max(abs(x) for x in w) <= 15 and any(x != y for x, y in zip(w, c, strict=True)):
                break
        basis = [[b[i][j] for i in range(n)] for j in range(n)]
        names = [f"b{j + 1}" for j in range(n)]
        rows_basis = inverse(transpose(b))
        assert rows_basis is not None  # a unimodular matrix is invertible
        as_rows = column_entries(mat_mul(rows_basis, [[x] for x in w]))
        expected = vector_text(c)
        wrong = [
            Misconception(
                "misconception:standard-coordinates",
                vector_text(w),
                "Those are the coordinates of w in the standard basis (its entries). In the "
                "basis b₁, …, bₙ the coordinates are the coefficients c with "
                "c₁b₁ + … + cₙbₙ = w.",
            ),
            Misconception(
                "misconception:basis-as-rows",
                vector_text(as_rows),
                "That solves Bᵀc = w, with the basis vectors as rows. Put b₁, …, bₙ in the "
                "columns of B and solve Bc = w.",
            ),
            Misconception(
                "misconception:reversed-coordinates",
                vector_text(list(reversed(c))),
                "The coordinates are listed in the order of the basis: c₁ belongs to b₁.",
            ),
        ]
        red = row_reduce(augmented_matrix(b, w), reduced=True, augmented=1)
        combo = " + ".join(f"{latex_factor(x)}\\,b_{{{j + 1}}}" for j, x in enumerate(c))
        space = "\\mathbb{R}^" + str(n)
        solution = [
            f"The coordinates $c$ solve $c_1 b_1 + \\dots + c_{n} b_{n} = w$, that is $Bc = w$ "
            "with the basis vectors as the columns of $B$. Row-reduce $[B \\mid w]$:",
            *reduction_markdown(red, n),
            f"So $c = {latex_column(c)}$.",
            f"Check: ${combo} = {latex_column(w)} = w$.",
        ]
        coords = ", ".join(f"c{j + 1}" for j in range(n))
        combination = " + ".join(f"c{j + 1}·b{j + 1}" for j in range(n))
        question = (
            f"The vectors {', '.join(names)} form a basis of R{'²' if n == 2 else '³'}. Find "
            f"the coordinates of w in this basis: the numbers [{coords}] with "
            f"{combination} = w."
        )
        prompt_question = question.replace(f"R{'²' if n == 2 else '³'}", f"${space}$")
        shown = [(f"b_{j + 1}", v) for j, v in enumerate(basis)] + [("w", w)]
        return Draft(
            prompt=f"{prompt_question}\n\n{_columns_latex(shown)}",
            kind="matrix",
            expected=expected,
            data={
                "ask": "coordinates",
                "basis": [json_vector(v) for v in basis],
                "w": json_vector(w),
            },
            hints=[
                "Write w as c₁b₁ + … + cₙbₙ: a linear system whose matrix has the basis "
                "vectors as columns.",
                "Row-reduce [b₁ … bₙ | w]; the last column becomes the coordinates.",
            ],
            solution="\n\n".join(solution),
            misconceptions=wrong,
        )

    def _dependent(self, rng: np.random.Generator) -> Draft:
        while True:
            v1, v2 = (column_entries(integer_matrix(rng, 3, 1, -3, 3)) for _ in range(2))
            a, b = nonzero_int(rng, -2, 2), nonzero_int(rng, -2, 2)
            i = draw_int(rng, 0, 2)
            cofactor = (-1) ** (i + 2) * determinant(
                minor([[x, y, 0] for x, y in zip(v1, v2, strict=True)], i, 2)
            )
            if cofactor == 0:
                continue
            v3 = [a * x + b * y for x, y in zip(v1, v2, strict=True)]
            k0 = v3[i]
            v3[i] = Fraction(0)
            constant = determinant([[x, y, z] for x, y, z in zip(v1, v2, v3, strict=True)])
            # det = cofactor·k + constant vanishes at k0 (never 0: "k = 0" is a guess)
            if max(abs(x) for x in v3) <= 9 and k0 != 0:
                break
        cells = [Fraction(x) if j != i else "k" for j, x in enumerate(v3)]
        expected = format_number(k0)
        wrong = [
            Misconception(
                "misconception:sign-of-root",
                format_number(-k0),
                f"det[v₁ v₂ v₃] = {format_number(cofactor)}k {'-' if constant < 0 else '+'} "
                f"{format_number(abs(constant))} vanishes at k = −constant/coefficient: check "
                "the sign.",
            ),
            Misconception(
                "misconception:zero-entry",
                "0",
                "With k = 0 the three vectors are still independent (their determinant is "
                f"{format_number(constant)}, not 0).",
            ),
        ]
        solution = [
            "Three vectors of $\\mathbb{R}^3$ form a basis exactly when the matrix with them as "
            "columns is invertible, so find where $\\det[v_1\\ v_2\\ v_3] = 0$.",
            f"Only one entry depends on $k$, so the determinant is linear in $k$: its "
            f"coefficient is the cofactor of that entry, ${format_number(cofactor)}$, and its "
            f"value at $k = 0$ is ${format_number(constant)}$.",
            f"$$\\det[v_1\\ v_2\\ v_3] = {latex_factor(cofactor)}\\,k + {latex_factor(constant)} "
            f"= 0 \\iff k = {format_number(k0)}$$",
            f"Check: then $v_3 = {latex_factor(a)}\\,v_1 + {latex_factor(b)}\\,v_2$, a combination "
            "of the other two.",
        ]
        question = (
            "For which value of k do v1, v2, v3 fail to be a basis of R³ (that is, are "
            "linearly dependent)?"
        )
        prompt_question = question.replace("R³", "$\\mathbb{R}^3$").replace(
            "v1, v2, v3", "$v_1, v_2, v_3$"
        )
        vectors = _columns_latex([("v_1", v1), ("v_2", v2), ("v_3", cells)])
        return Draft(
            prompt=f"{prompt_question}\n\n{vectors}",
            kind="number",
            expected=expected,
            data={
                "ask": "dependent",
                "v1": json_vector(v1),
                "v2": json_vector(v2),
                "v3": json_vector(cells),
            },
            hints=[
                "n vectors of Rⁿ are a basis exactly when the matrix with them as columns has "
                "a nonzero determinant.",
                "The determinant is linear in k: compute it and set it to zero.",
                "Alternatively, look for a and b with v₃ = a·v₁ + b·v₂ using the entries "
                "without k.",
            ],
            solution="\n\n".join(solution),
            misconceptions=wrong,
        )
