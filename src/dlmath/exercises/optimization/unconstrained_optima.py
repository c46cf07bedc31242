"""optimization.unconstrained-optima: stationary points of quadratics and polynomials."""

from __future__ import annotations

from fractions import Fraction
from typing import TYPE_CHECKING

from dlmath.exercises.base import Draft, Generator, Misconception
from dlmath.exercises.kit import (
    FractionMatrix,
    determinant,
    draw_int,
    inverse,
    json_matrix,
    json_value,
    nonzero_int_redrawn,
    pick,
    tex_number,
)
from dlmath.exercises.optimization.convex_terms import (
    definiteness,
    mat_vec,
    names_of,
    poly_text,
    poly_tree,
)
from dlmath.exercises.optimization.polynomials import (
    coordinate_shift,
    poly_add,
    poly_mul,
    poly_scaled,
)
from dlmath.exercises.registry import register
from dlmath.expr.literals import latex_matrix, vector_text

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np

F = Fraction


def _vector_latex(v) -> str:
    return latex_matrix([[x] for x in v])


STATIONARY_CHOICES = ["minimum", "maximum", "saddle point"]


def _spd(rng: np.random.Generator, n: int, even_diagonal: bool) -> FractionMatrix:
    while True:
        a = [[F(0)] * n for _ in range(n)]
        for i in range(n):
            a[i][i] = F(pick(rng, [2, 4]) if even_diagonal else draw_int(rng, 1, 4))
            for j in range(i + 1, n):
                a[i][j] = a[j][i] = F(draw_int(rng, -2, 2))
        if definiteness(a) == "positive definite" and determinant(a) <= 24:
            return a


@register
class UnconstrainedOptima(Generator):
    """Minimisers x* = A⁻¹b of f(x) = ½xᵀAx − bᵀx + c (A positive definite, exact
    fractions), and stationary points of two-variable polynomials classified by the
    Hessian (a saddle with same-sign diagonal entries at difficulty 3)."""

    skill = "optimization.unconstrained-optima"
    version = 2

    def generate(self, rng: np.random.Generator, difficulty: int) -> Draft:
        if rng.random() < 0.5:
            return self._minimiser(rng, difficulty)
        return self._classify(rng, difficulty)

    def _minimiser(self, rng, difficulty) -> Draft:
        n = 3 if difficulty == 3 else 2
        expanded = difficulty == 2 or (difficulty == 3 and rng.random() < 0.5)
        a = _spd(rng, n, even_diagonal=expanded)
        b = [F(draw_int(rng, -4, 4)) for _ in range(n)]
        if not any(b):
            b[0] = F(1)
        c = draw_int(rng, -3, 3)
        x = mat_vec(inverse(a), b)
        coeffs: dict[tuple[int, ...], Fraction] = {}
        for i in range(n):
            for j in range(i, n):
                e = [0] * n
                e[i] += 1
                e[j] += 1
                coeffs[tuple(e)] = a[i][j] / 2 if i == j else a[i][j]
            e = [0] * n
            e[i] = 1
            coeffs[tuple(e)] = -b[i]
        coeffs[(0,) * n] = F(c)
        coeffs = {k: v for k, v in coeffs.items() if v}
        expected = vector_text(x)
        wrong = [
            Misconception(
                "misconception:sign-of-b",
                vector_text([-v for v in x]),
                "∇f(x) = Ax − b, so ∇f = 0 gives Ax = b and x* = A⁻¹b: the minus sign in −bᵀx "
                "does not carry over.",
            ),
            Misconception(
                "misconception:multiplied-by-A",
                vector_text(mat_vec(a, b)),
                "Solve Ax = b: x* = A⁻¹b, not Ab.",
            ),
        ]
        if expanded:
            wrong.append(
                Misconception(
                    "misconception:half-factor",
                    vector_text([2 * v for v in x]),
                    "The Hessian of f is A, twice the matrix of the quadratic terms: "
                    "∂/∂x of a·x² is 2a·x.",
                )
            )
        names_l = names_of(n, True)
        const_l = "" if c == 0 else (f" + {c}" if c > 0 else f" - {-c}")
        if expanded:
            f_l = poly_text(coeffs, names_l, True)
            stated_l = f"$$f(x) = {f_l}$$"
            first = (
                f"Write $f = \\tfrac12 x^T A x - b^T x{const_l}$: $A = {latex_matrix(a)}$ (the "
                f"Hessian) and $b = {_vector_latex(b)}$."
            )
        else:
            stated_l = (
                f"$$f(x) = \\tfrac12 x^T A x - b^T x{const_l}, \\quad A = {latex_matrix(a)}, "
                f"\\quad b = {_vector_latex(b)}$$"
            )
            minors = ", ".join(
                tex_number(determinant([r[:k] for r in a[:k]])) for k in range(1, n + 1)
            )
            first = (
                f"$A$ is positive definite (leading minors ${minors}$ all positive), so $f$ is "
                "strictly convex."
            )
        ask = "Find the minimiser x* of f (a vector of exact fractions, like [1/2, -3])."
        return Draft(
            prompt=f"{ask.replace('x*', '$x^*$')}\n\n{stated_l}",
            kind="matrix",
            expected=expected,
            data={
                "form": "minimiser",
                "A": json_matrix(a),
                "b": [json_value(v) for v in b],
                "c": c,
                "tree": poly_tree(coeffs),
                "n": n,
            },
            hints=[
                "Set the gradient to zero: ∇f(x) = Ax − b.",
                "Solve the linear system Ax = b (A is positive definite, so the stationary point "
                "is the unique minimiser).",
            ],
            solution="\n\n".join(
                [
                    first,
                    "$\\nabla f(x) = Ax - b = 0$, so $x^* = A^{-1} b$.",
                    f"$$A^{{-1}} = {latex_matrix(inverse(a))}, \\quad x^* = A^{{-1}}b = "
                    f"{_vector_latex(x)}$$",
                ]
            ),
            misconceptions=wrong,
            shapes={},
        )

    def _classify(self, rng, difficulty) -> Draft:
        target = pick(
            rng,
            {
                1: ["minimum", "maximum", "saddle point"],
                2: ["minimum", "maximum", "saddle point"],
                3: ["trap", "trap", "minimum", "maximum"],
            }[difficulty],
        )
        while True:
            a, b, c = (
                nonzero_int_redrawn(rng, -3, 3),
                draw_int(rng, -4, 4),
                nonzero_int_redrawn(rng, -3, 3),
            )
            d = 4 * a * c - b * b
            if d == 0:
                continue
            got = "saddle point" if d < 0 else ("minimum" if a > 0 else "maximum")
            if target == "trap":
                if got == "saddle point" and a * c > 0:
                    break
            elif got == target:
                break
        x0, y0 = draw_int(rng, -2, 2), draw_int(rng, -2, 2)
        u, v = coordinate_shift(0, x0), coordinate_shift(1, y0)
        poly = poly_add(
            poly_scaled(poly_mul(u, u), a),
            poly_scaled(poly_mul(u, v), b),
            poly_scaled(poly_mul(v, v), c),
        )
        if difficulty > 1:
            poly = poly_add(
                poly, poly_scaled(poly_mul(poly_mul(u, u), u), nonzero_int_redrawn(rng, -1, 1))
            )
        poly = poly_add(poly, {(0, 0): F(draw_int(rng, -3, 3))})
        h = [[F(2 * a), F(b)], [F(b), F(2 * c)]]
        expected = "saddle point" if d < 0 else ("minimum" if a > 0 else "maximum")
        wrong = []
        by_diagonal = "minimum" if a > 0 and c > 0 else "maximum" if a < 0 and c < 0 else None
        if by_diagonal and by_diagonal != expected:
            wrong.append(
                Misconception(
                    "misconception:diagonal-only",
                    by_diagonal,
                    "Both diagonal entries of the Hessian have the same sign, but its determinant "
                    "is negative: the eigenvalues have opposite signs, so it is a saddle point.",
                )
            )
        elif expected != "saddle point":
            wrong.append(
                Misconception(
                    "misconception:max-min-swapped",
                    "maximum" if expected == "minimum" else "minimum",
                    "A positive definite Hessian means the function curves up in every "
                    "direction (a minimum); negative definite means a maximum.",
                )
            )
        names = ["x", "y"]
        f_l = poly_text(poly, names, True)
        reason = {
            "minimum": "$\\det H > 0$ and $H_{11} > 0$: positive definite, a local **minimum**.",
            "maximum": "$\\det H > 0$ and $H_{11} < 0$: negative definite, a local **maximum**.",
            "saddle point": "$\\det H < 0$: the eigenvalues have opposite signs, a "
            "**saddle point**.",
        }[expected]
        return Draft(
            prompt=(
                f"$(x, y) = ({x0}, {y0})$ is a stationary point of $f(x, y) = {f_l}$. Is it a "
                "minimum, a maximum or a saddle point?"
            ),
            kind="choice",
            expected=expected,
            data={"form": "classify", "tree": poly_tree(poly), "point": [x0, y0]},
            hints=[
                "Compute the Hessian of f at the point.",
                "det H > 0 with H₁₁ > 0: minimum; det H > 0 with H₁₁ < 0: maximum; det H "
                "< 0: saddle.",
            ],
            solution="\n\n".join(
                [
                    f"The gradient vanishes at $({x0}, {y0})$ (check: each partial derivative is 0 "
                    "there).",
                    f"The Hessian there is $H = {latex_matrix(h)}$ with $\\det H = "
                    f"{tex_number(determinant(h))}$.",
                    reason,
                ]
            ),
            misconceptions=wrong,
            choices=list(STATIONARY_CHOICES),
        )
