"""optimization.newton: Newton's method for minimisation, x⁺ = x − H⁻¹∇f, and the Newton
decrement λ(x)² = ∇fᵀH⁻¹∇f (the decrease the quadratic model predicts is λ²/2).

Difficulty 1: a Newton step x − f′(x)/f″(x) for a quartic or cubic in one variable.
Difficulty 2: a Newton step in two variables for f = hx³ + ax² + bxy + cy² + dx + ey.
Difficulty 3: the Newton decrement λ² or the predicted decrease λ²/2 for the same family.
"""

from __future__ import annotations

from fractions import Fraction
from typing import TYPE_CHECKING

from dlmath.exercises.base import Draft, Generator, Misconception
from dlmath.exercises.kit import draw_int, inverse, linear_form, nonzero_int, pick
from dlmath.exercises.registry import register
from dlmath.expr.literals import format_number, latex_matrix, latex_number, matrix_text

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np

NAMES_2D = ["x^3", "x^2", "xy", "y^2", "x", "y"]
NAMES_2D_TEXT = ["x³", "x²", "xy", "y²", "x", "y"]


def col(values) -> list[list[Fraction]]:
    return [[Fraction(v)] for v in values]


def model_2d(c: list[int], p: list[int]):
    """Gradient and Hessian of hx³ + ax² + bxy + cy² + dx + ey at p."""
    h, a, b, cc, d, e = (Fraction(v) for v in c)
    x, y = (Fraction(v) for v in p)
    grad = [3 * h * x * x + 2 * a * x + b * y + d, b * x + 2 * cc * y + e]
    hess = [[6 * h * x + 2 * a, b], [b, 2 * cc]]
    return grad, hess


def matvec(a, v):
    return [sum(r[j] * v[j] for j in range(len(v))) for r in a]


@register
class Newton(Generator):
    """Newton steps in one and two variables, and the Newton decrement."""

    skill = "optimization.newton"
    version = 1

    def generate(self, rng: np.random.Generator, difficulty: int) -> Draft:
        if difficulty == 1:
            return self._one_d(rng)
        while True:
            c = [nonzero_int(rng, -2, 2), draw_int(rng, 1, 4), draw_int(rng, -3, 3)]
            c += [draw_int(rng, 1, 4), draw_int(rng, -5, 5), draw_int(rng, -5, 5)]
            p = [draw_int(rng, -2, 2), draw_int(rng, -2, 2)]
            grad, hess = model_2d(c, p)
            det = hess[0][0] * hess[1][1] - hess[0][1] ** 2
            if hess[0][0] > 0 and det > 0 and any(grad) and det <= 60:
                break
        if difficulty == 2:
            return self._two_d(c, p, grad, hess)
        return self._decrement(rng, c, p, grad, hess)

    def _one_d(self, rng: np.random.Generator) -> Draft:
        while True:
            coeffs = [draw_int(rng, 0, 2), nonzero_int(rng, -3, 3), draw_int(rng, -4, 4)]
            coeffs += [draw_int(rng, -6, 6)]
            x0 = draw_int(rng, -3, 3)
            q, cu, sq, li = (Fraction(v) for v in coeffs)
            f = q * x0**4 + cu * x0**3 + sq * x0**2 + li * x0
            d1 = 4 * q * x0**3 + 3 * cu * x0**2 + 2 * sq * x0 + li
            d2 = 12 * q * x0**2 + 6 * cu * x0 + 2 * sq
            if d2 > 0 and d1 != 0 and abs(d2) <= 80:
                break
        x1 = x0 - d1 / d2
        expected = format_number(x1)
        wrong = [
            Misconception(
                "misconception:root-finding-newton",
                format_number(x0 - f / d1) if d1 else "0",
                "x − f/f′ finds a zero of f. To minimise, apply Newton's method to f′: "
                "x − f′(x)/f″(x).",
            ),
            Misconception(
                "misconception:newton-ascent",
                format_number(x0 + d1 / d2),
                "The step goes to the minimiser of the local quadratic model: x − f′/f″, "
                "subtracting.",
            ),
            Misconception(
                "misconception:gradient-step",
                format_number(x0 - d1),
                "A gradient step with step 1 ignores the curvature; Newton divides by f″(x).",
            ),
        ]
        names, names_text = ["x^4", "x^3", "x^2", "x"], ["x⁴", "x³", "x²", "x"]
        steps = [
            "Newton's step minimises the second-order model "
            "$f(x_0) + f'(x_0)h + \\tfrac{1}{2} f''(x_0)h^2$: $h = -f'(x_0)/f''(x_0)$.",
            f"$f'({x0}) = {latex_number(d1)}$, $f''({x0}) = {latex_number(d2)}$.",
            f"$$x_1 = {x0} - \\frac{{{latex_number(d1)}}}{{{latex_number(d2)}}} = "
            f"{latex_number(x1)}$$",
        ]
        return Draft(
            prompt="Take one step of Newton's method for minimising "
            f"$f(x) = {linear_form(coeffs, names)}$ from $x_0 = {x0}$. Find $x_1$.",
            text="Take one step of Newton's method for minimising "
            f"f(x) = {linear_form(coeffs, names_text)} from x₀ = {x0}. Find x₁.",
            kind="number",
            expected=expected,
            data={"ask": "step-1d", "coeffs": coeffs, "x0": x0},
            hints=[
                "Newton for minimisation finds a zero of f′ using f″.",
                "x₁ = x₀ − f′(x₀)/f″(x₀).",
            ],
            solution="\n\n".join(steps),
            misconceptions=wrong,
        )

    def _function(self, c: list[int]) -> tuple[str, str]:
        return linear_form(c, NAMES_2D), linear_form(c, NAMES_2D_TEXT)

    def _two_d(self, c, p, grad, hess) -> Draft:
        inv = inverse(hess)
        assert inv is not None  # drawn with det > 0
        step = matvec(inv, grad)
        x1 = [Fraction(v) - s for v, s in zip(p, step, strict=True)]
        expected = matrix_text(col(x1))
        diag = [g / hess[i][i] for i, g in enumerate(grad)]
        wrong = [
            Misconception(
                "misconception:gradient-step",
                matrix_text(col([v - g for v, g in zip(p, grad, strict=True)])),
                "A gradient step ignores the curvature; Newton solves H Δ = −∇f.",
            ),
            Misconception(
                "misconception:hessian-not-inverted",
                matrix_text(col([v - s for v, s in zip(p, matvec(hess, grad), strict=True)])),
                "Newton's step is −H⁻¹∇f: solve H Δ = −∇f rather than multiplying by H.",
            ),
            Misconception(
                "misconception:diagonal-hessian",
                matrix_text(col([v - s for v, s in zip(p, diag, strict=True)])),
                "Dividing each partial derivative by its own second derivative ignores the "
                "mixed term ∂²f/∂x∂y; solve with the whole Hessian.",
            ),
        ]
        f_latex, f_text = self._function(c)
        steps = [
            "With $f = hx^3 + ax^2 + bxy + cy^2 + dx + ey$ "
            f"($h, a, b, c, d, e = {', '.join(str(v) for v in c)}$): "
            "$\\nabla f = (3hx^2 + 2ax + by + d,\\ bx + 2cy + e)$ and "
            "$H = \\begin{bmatrix} 6hx + 2a & b \\\\ b & 2c \\end{bmatrix}$.",
            f"At $({p[0]}, {p[1]})$: $\\nabla f = {latex_matrix(col(grad))}$, "
            f"$H = {latex_matrix(hess)}$, $H^{{-1}} = {latex_matrix(inv)}$.",
            f"$\\Delta = -H^{{-1}}\\nabla f = {latex_matrix(col([-s for s in step]))}$, so "
            f"$$x_1 = {latex_matrix(col(x1))}$$",
        ]
        return Draft(
            prompt=f"Take one Newton step for minimising $f(x, y) = {f_latex}$ from "
            f"$(x_0, y_0) = ({p[0]}, {p[1]})$. Give the new point as a column.",
            text=f"Take one Newton step for minimising f(x, y) = {f_text} from "
            f"(x₀, y₀) = ({p[0]}, {p[1]}). Give the new point as a column.",
            kind="matrix",
            expected=expected,
            data={"ask": "step-2d", "coeffs": c, "point": p},
            hints=[
                "Compute ∇f and the Hessian H at the point.",
                "The new point is p − H⁻¹∇f(p): solve H Δ = −∇f.",
            ],
            solution="\n\n".join(steps),
            misconceptions=wrong,
        )

    def _decrement(self, rng, c, p, grad, hess) -> Draft:
        inv = inverse(hess)
        assert inv is not None
        lam2 = sum(g * s for g, s in zip(grad, matvec(inv, grad), strict=True))
        ask = pick(rng, ["decrement", "decrease"])
        value = lam2 if ask == "decrement" else lam2 / 2
        expected = format_number(value)
        other = lam2 / 2 if ask == "decrement" else lam2
        wrong = [
            Misconception(
                "misconception:decrement-half-swapped",
                format_number(other),
                "λ² = ∇fᵀH⁻¹∇f is the Newton decrement; the decrease the quadratic model "
                "predicts is half of it, λ²/2.",
            ),
            Misconception(
                "misconception:gradient-norm",
                format_number(sum(g * g for g in grad) / (1 if ask == "decrement" else 2)),
                "‖∇f‖² measures the gradient in the Euclidean norm; the decrement measures it "
                "in the norm of the Hessian's inverse, ∇fᵀH⁻¹∇f.",
            ),
            Misconception(
                "misconception:hessian-not-inverted",
                format_number(
                    sum(g * s for g, s in zip(grad, matvec(hess, grad), strict=True))
                    / (1 if ask == "decrement" else 2)
                ),
                "The decrement uses the inverse Hessian: λ² = ∇fᵀH⁻¹∇f, not ∇fᵀH∇f.",
            ),
        ]
        f_latex, f_text = self._function(c)
        what = (
            "the squared Newton decrement $\\lambda(x)^2 = \\nabla f^T H^{-1} \\nabla f$"
            if ask == "decrement"
            else "the decrease $f(x) - \\min_h \\hat f(x + h)$ predicted by the second-order "
            "model $\\hat f$"
        )
        what_text = (
            "the squared Newton decrement λ(x)² = ∇fᵀH⁻¹∇f"
            if ask == "decrement"
            else "the decrease f(x) − minₕ f̂(x + h) predicted by the second-order model f̂"
        )
        steps = [
            f"At $({p[0]}, {p[1]})$: $\\nabla f = {latex_matrix(col(grad))}$, "
            f"$H = {latex_matrix(hess)}$, $H^{{-1}}\\nabla f = "
            f"{latex_matrix(col(matvec(inv, grad)))}$.",
            f"$\\lambda^2 = \\nabla f^T H^{{-1}} \\nabla f = {latex_number(lam2)}$.",
            "The model $f + \\nabla f^T h + \\tfrac{1}{2} h^T H h$ is smallest at "
            "$h = -H^{-1}\\nabla f$, where it is $f - \\tfrac{1}{2} \\lambda^2$: the predicted "
            f"decrease is $\\lambda^2/2 = {latex_number(lam2 / 2)}$ (Boyd & Vandenberghe use "
            "$\\lambda^2/2 \\le \\epsilon$ as the stopping rule).",
        ]
        return Draft(
            prompt=f"For $f(x, y) = {f_latex}$ at $({p[0]}, {p[1]})$, find {what}.",
            text=f"For f(x, y) = {f_text} at ({p[0]}, {p[1]}), find {what_text}.",
            kind="number",
            expected=expected,
            data={"ask": ask, "coeffs": c, "point": p},
            hints=[
                "Compute ∇f and H at the point, then solve H s = ∇f.",
                "λ² = ∇fᵀs; the quadratic model predicts a decrease of λ²/2.",
            ],
            solution="\n\n".join(steps),
            misconceptions=wrong,
        )
