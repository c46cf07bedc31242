"""linalg.least-squares: least squares by the normal equations, exact, and the gradient
of the objective in symbols."""

from __future__ import annotations

from fractions import Fraction
from typing import TYPE_CHECKING

from dlmath.exercises.base import Draft, Generator, Misconception
from dlmath.exercises.kit import (
    FractionMatrix,
    augmented_matrix,
    column,
    column_entries,
    determinant,
    dot,
    draw_int,
    fraction_matrix,
    inverse,
    json_matrix,
    json_vector,
    latex_augmented,
    latex_column,
    mat_mul,
    pick,
    rank,
    reduction_markdown,
    row_reduce,
    transpose,
)
from dlmath.exercises.layout import named_grids
from dlmath.exercises.registry import register
from dlmath.expr.literals import latex_matrix, vector_text

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np


#: The symbolic questions of difficulty 3: (objective in plain text, LaTeX, gradient,
#: misconceptions as (code, answer, feedback)).
GRADIENT_FORMS: dict[str, tuple[str, str, str, list[tuple[str, str, str]]]] = {
    "half-squared": (
        "f(x) = ½‖Ax − b‖²",
        r"f(x) = \tfrac12 \lVert Ax - b \rVert^2",
        "A^T A x - A^T b",
        [
            (
                "misconception:row-layout",
                "(A x - b)^T A",
                "That is the derivative as a row (1×n); the gradient has the shape of x: Aᵀ(Ax − "
                "b).",
            ),
            (
                "misconception:extra-factor",
                "2 A^T (A x - b)",
                "The ½ cancels the 2 from differentiating the square.",
            ),
        ],
    ),
    "squared": (
        "f(x) = ‖Ax − b‖²",
        r"f(x) = \lVert Ax - b \rVert^2",
        "2 A^T A x - 2 A^T b",
        [
            (
                "misconception:missing-factor",
                "A^T (A x - b)",
                "Differentiating the square gives a factor 2: ∇f = 2Aᵀ(Ax − b).",
            ),
            (
                "misconception:row-layout",
                "2 (A x - b)^T A",
                "That is the derivative as a row (1×n); the gradient has the shape of x.",
            ),
        ],
    ),
    "ridge": (
        "f(x) = ½‖Ax − b‖² + (3/2)‖x‖²",
        r"f(x) = \tfrac12 \lVert Ax - b \rVert^2 + \tfrac32 \lVert x \rVert^2",
        "A^T A x - A^T b + 3 x",
        [
            (
                "misconception:dropped-regulariser",
                "A^T (A x - b)",
                "The penalty (3/2)‖x‖² contributes 3x to the gradient.",
            ),
            (
                "misconception:regulariser-factor",
                "A^T (A x - b) + 3/2 x",
                "The gradient of ‖x‖² is 2x, so (3/2)‖x‖² contributes 3x.",
            ),
        ],
    ),
    "normal-solution": (
        "the minimiser x̂ of ‖Ax − b‖² (A has independent columns)",
        r"\hat x = \arg\min_x \lVert Ax - b \rVert^2 \text{ (the columns of } A \text{ are "
        r"independent)}",
        "(A^T A)^-1 A^T b",
        [
            (
                "misconception:missing-gram-inverse",
                "A^T b",
                "Aᵀb is only the right-hand side of the normal equations AᵀA x̂ = Aᵀb; multiply "
                "by (AᵀA)⁻¹.",
            )
        ],
    ),
}


@register
class LeastSquares(Generator):
    """Least squares by the normal equations, exact; and the gradient in symbols."""

    skill = "linalg.least-squares"
    version = 1

    def generate(self, rng: np.random.Generator, difficulty: int) -> Draft:
        if difficulty == 1:
            return self._fit(rng, points=3, degree=1)
        if difficulty == 2:
            return self._fit(rng, points=4, degree=1) if rng.random() < 0.4 else self._general(rng)
        if rng.random() < 0.5:
            return self._fit(rng, points=pick(rng, [4, 5]), degree=2)
        return self._symbolic(rng)

    def _fit(self, rng: np.random.Generator, points: int, degree: int) -> Draft:
        while True:
            ts = sorted(int(t) for t in rng.choice(range(-2, 4), size=points, replace=False))
            ys = [draw_int(rng, -4, 6) for _ in range(points)]
            a = [[Fraction(t) ** k for k in range(degree + 1)] for t in ts]
            if (
                rank([*map(list, augmented_matrix(a, ys))]) == degree + 2
                and determinant(mat_mul(transpose(a), a)) <= 2000
            ):
                break
        draft = self._solve(
            a, [Fraction(y) for y in ys], coefficient_names=["c0", "c1", "c2"][: degree + 1]
        )
        model = "c0 + c1 t" if degree == 1 else "c0 + c1 t + c2 t²"
        model_latex = "c_0 + c_1 t" if degree == 1 else "c_0 + c_1 t + c_2 t^2"
        pts = ", ".join(f"({t}, {y})" for t, y in zip(ts, ys, strict=True))
        names = ", ".join(f"c{k}" for k in range(degree + 1))
        ask = f"Fit y = {model} to the points (t, y) = {pts} by least squares. Give [{names}]."
        ask_latex = (
            f"Fit $y = {model_latex}$ to the points $(t, y) = {pts}$ by least squares. "
            f"Give $[{', '.join(f'c_{k}' for k in range(degree + 1))}]$."
        )
        return Draft(
            **{
                **draft.__dict__,
                "prompt": ask_latex,
                "text": ask,
                "data": {**draft.data, "t": ts, "y": ys, "ask": f"fit-degree-{degree}"},
            }
        )

    def _general(self, rng: np.random.Generator) -> Draft:
        while True:
            a = fraction_matrix(rng, 4, 2, -2, 2)
            b = [Fraction(draw_int(rng, -4, 4)) for _ in range(4)]
            gram_det = determinant(mat_mul(transpose(a), a))
            if (
                all(any(row) for row in a)
                and gram_det != 0
                and gram_det <= 60
                and rank([*map(list, augmented_matrix(a, b))]) == 3
            ):
                break
        draft = self._solve(a, b, coefficient_names=None)
        ask = "Find the least-squares solution x̂ of A x = b (it minimises ‖Ax − b‖)."
        return Draft(
            **{
                **draft.__dict__,
                "prompt": f"{ask}\n\n$$A = {latex_matrix(a)}, \\quad b = {latex_column(b)}$$",
                "text": f"{ask}\n\n{named_grids([('A', a), ('b', column(b))])}",
                "data": {**draft.data, "ask": "solve"},
            }
        )

    def _solve(
        self, a: FractionMatrix, b: list[Fraction], coefficient_names: list[str] | None
    ) -> Draft:
        n = len(a[0])
        at = transpose(a)
        gram = mat_mul(at, a)
        atb = column_entries(mat_mul(at, column(b)))
        gram_inv = inverse(gram)
        assert gram_inv is not None
        x = column_entries(mat_mul(gram_inv, column(atb)))
        expected = vector_text(x)
        wrong = [
            Misconception(
                "misconception:missing-gram-inverse",
                vector_text(atb),
                "Aᵀb is the right-hand side of the normal equations; solve AᵀA x̂ = Aᵀb for x̂.",
            )
        ]
        square = inverse(a[:n])
        if square is not None:
            wrong.append(
                Misconception(
                    "misconception:square-subsystem",
                    vector_text(column_entries(mat_mul(square, column(b[:n])))),
                    f"That solves only the first {n} equations exactly; least squares uses all of "
                    "them "
                    "through the normal equations AᵀA x̂ = Aᵀb.",
                )
            )
        if coefficient_names and n == 2:
            wrong.append(
                Misconception(
                    "misconception:swapped-coefficients",
                    vector_text(list(reversed(x))),
                    "The coefficients are in the order [c0, c1]: intercept first, then slope.",
                )
            )
        red = row_reduce([*map(list, augmented_matrix(gram, atb))], reduced=True, augmented=1)
        solution = [
            *(
                [
                    f"The design matrix has rows $[1, t_i{', t_i^2' if n == 3 else ''}]$: $A = "
                    f"{latex_matrix(a)}$, "
                    f"$b = {latex_column(b)}$."
                ]
                if coefficient_names
                else []
            ),
            "Normal equations $A^T A\\,\\hat x = A^T b$ with "
            f"$A^T A = {latex_matrix(gram)}$ and $A^T b = {latex_column(atb)}$.",
            f"$${latex_augmented(augmented_matrix(gram, atb), n)}$$",
            *reduction_markdown(red, n),
            f"$$\\hat x = (A^T A)^{{-1}} A^T b = {latex_column(x)}$$",
            "The residual $b - A\\hat x = "
            f"{latex_column([bi - dot(row, x) for row, bi in zip(a, b, strict=True)])}$ "
            "is orthogonal to every column of $A$.",
        ]
        return Draft(
            prompt="",
            text="",
            kind="matrix",
            expected=expected,
            data={"A": json_matrix(a), "b": json_vector(b)},
            hints=[
                "Multiply A x = b by Aᵀ: solve the normal equations AᵀA x̂ = Aᵀb.",
                f"AᵀA is {n}×{n}; it is invertible because the columns of A are independent.",
            ],
            solution="\n\n".join(solution),
            misconceptions=wrong,
        )

    def _symbolic(self, rng: np.random.Generator) -> Draft:
        objective = pick(rng, list(GRADIENT_FORMS))
        text_f, latex_f, expected, wrong = GRADIENT_FORMS[objective]
        if objective == "normal-solution":
            ask = f"Write {text_f} in terms of A and b."
            ask_latex = f"Write ${latex_f}$ in terms of $A$ and $b$."
            solution = [
                "Set the gradient $2A^T(Ax - b)$ to zero: $A^T A \\hat x = A^T b$ (the normal "
                "equations).",
                "With independent columns $A^T A$ is invertible, so $\\hat x = (A^T A)^{-1} A^T "
                "b$.",
            ]
        else:
            ask = f"Give the gradient ∇f(x) of {text_f}, where A is m×n, x is n×1 and b is m×1."
            ask_latex = (
                f"Give the gradient $\\nabla f(x)$ of ${latex_f}$, where $A$ is $m\\times n$, "
                "$x$ is $n \\times 1$ and $b$ is $m \\times 1$."
            )
            solution = [
                "Expand: $\\lVert Ax - b\\rVert^2 = x^T A^T A x - 2 b^T A x + b^T b$.",
                "Gradients (denominator layout, the shape of $x$): $\\nabla_x\\, x^T M x = (M + "
                "M^T) x = 2 A^T A x$ "
                "for the symmetric $M = A^T A$, and $\\nabla_x\\, b^T A x = A^T b$.",
                f"So $\\nabla f(x) = {expected.replace('^-1', '^{-1}')}$"
                + (
                    " (the $\\tfrac32\\lVert x\\rVert^2$ term adds $3x$)"
                    if objective == "ridge"
                    else ""
                )
                + ". Setting it to zero gives the normal equations.",
            ]
        return Draft(
            prompt=ask_latex,
            text=ask,
            kind="expression",
            expected=expected,
            data={"objective": objective, "ask": "symbolic"},
            hints=[
                "Expand the square: ‖Ax − b‖² = xᵀAᵀAx − 2bᵀAx + bᵀb.",
                "∇ₓ(xᵀMx) = (M + Mᵀ)x and ∇ₓ(cᵀx) = c; the gradient has the shape of x (n×1).",
            ],
            solution="\n\n".join(solution),
            misconceptions=[
                Misconception(code, answer, feedback) for code, answer, feedback in wrong
            ],
            shapes={"A": "mxn", "x": "n", "b": "m"}
            if objective != "normal-solution"
            else {"A": "mxn", "b": "m"},
        )
