"""optimization.gd-quadratic: gradient descent on f(x) = ½xᵀAx − bᵀx, where the error
along each eigenvector of A shrinks by the factor 1 − αλ per step.

Difficulty 1: one step x₁ = x₀ − α(Ax₀ − b) with a symmetric 2×2 A. Difficulty 2: the iterate
after k steps for a diagonal A, each coordinate's error times (1 − αλᵢ)ᵏ. Difficulty 3: for
A = [[a, c], [c, a]] (eigenvalues a ± c) and a given step, the worst-case contraction factor
ρ = maxᵢ |1 − αλᵢ| or the number of steps that guarantees shrinking the error 10ᵖ-fold.
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import TYPE_CHECKING

from dlmath.exercises.base import Draft, Generator, Misconception
from dlmath.exercises.kit import draw_int, latex_named, nonzero_int, pick
from dlmath.exercises.layout import named_grids
from dlmath.exercises.registry import register
from dlmath.expr.literals import format_number, latex_matrix, latex_number, matrix_text

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np


def col(values) -> list[list[Fraction]]:
    return [[Fraction(v)] for v in values]


def matvec(a, x) -> list[Fraction]:
    return [sum(Fraction(r[j]) * x[j] for j in range(len(x))) for r in a]


OBJECTIVE = "f(x) = \\tfrac{1}{2} x^T A x - b^T x"
OBJECTIVE_TEXT = "f(x) = ½ xᵀAx − bᵀx"


@register
class QuadraticGradientDescent(Generator):
    """Gradient steps, k-step iterates and convergence rates on quadratics."""

    skill = "optimization.gd-quadratic"
    version = 1

    def generate(self, rng: np.random.Generator, difficulty: int) -> Draft:
        if difficulty == 1:
            return self._step(rng)
        if difficulty == 2:
            return self._iterate(rng)
        return self._rate(rng)

    def _step(self, rng: np.random.Generator) -> Draft:
        while True:
            a11, a22 = draw_int(rng, 1, 6), draw_int(rng, 1, 6)
            a12 = draw_int(rng, -2, 2)
            if a11 * a22 > a12 * a12:
                break
        a = [[a11, a12], [a12, a22]]
        b = [draw_int(rng, -4, 4) for _ in range(2)]
        x0 = [Fraction(draw_int(rng, -3, 3)) for _ in range(2)]
        alpha = Fraction(1, pick(rng, [2, 4, 5, 8, 10]))
        grad = [g - bi for g, bi in zip(matvec(a, x0), b, strict=True)]
        while not any(grad):
            x0 = [Fraction(draw_int(rng, -3, 3)) for _ in range(2)]
            grad = [g - bi for g, bi in zip(matvec(a, x0), b, strict=True)]
        x1 = [x - alpha * g for x, g in zip(x0, grad, strict=True)]
        expected = matrix_text(col(x1))
        wrong = [
            Misconception(
                "misconception:ascent-step",
                matrix_text(col([x + alpha * g for x, g in zip(x0, grad, strict=True)])),
                "Descent moves against the gradient: x₁ = x₀ − α∇f(x₀).",
            ),
            Misconception(
                "misconception:linear-term-dropped",
                matrix_text(col([x - alpha * g for x, g in zip(x0, matvec(a, x0), strict=True)])),
                "∇f(x) = Ax − b: the linear term −bᵀx contributes −b to the gradient.",
            ),
            Misconception(
                "misconception:step-size-dropped",
                matrix_text(col([x - g for x, g in zip(x0, grad, strict=True)])),
                f"The step is α∇f(x₀) with α = {alpha}, not the whole gradient.",
            ),
        ]
        steps = [
            "$\\nabla f(x) = Ax - b$ ($A$ symmetric).",
            f"$\\nabla f(x_0) = {latex_matrix(col(matvec(a, x0)))} - {latex_matrix(col(b))} = "
            f"{latex_matrix(col(grad))}$.",
            f"$$x_1 = x_0 - \\alpha \\nabla f(x_0) = {latex_matrix(col(x1))}$$",
        ]
        named = [("A", a), ("b", col(b)), ("x_0", col(x0))]
        return Draft(
            prompt=f"Gradient descent with step $\\alpha = {latex_number(alpha)}$ minimises "
            f"${OBJECTIVE}$ for\n\n{latex_named(named)}\n\nFind the first iterate $x_1$.",
            text=f"Gradient descent with step α = {alpha} minimises {OBJECTIVE_TEXT} for\n\n"
            + named_grids([("A", a), ("b", col(b)), ("x₀", col(x0))])
            + "\n\nFind the first iterate x₁.",
            kind="matrix",
            expected=expected,
            data={"ask": "step", "A": a, "b": b, "x0": [int(v) for v in x0], "alpha": str(alpha)},
            hints=["∇f(x) = Ax − b.", "x₁ = x₀ − α(Ax₀ − b)."],
            solution="\n\n".join(steps),
            misconceptions=wrong,
        )

    def _iterate(self, rng: np.random.Generator) -> Draft:
        while True:
            lam = [draw_int(rng, 1, 8) for _ in range(2)]
            alpha = Fraction(1, pick(rng, [2, 4, 5, 8]))
            factors = [1 - alpha * v for v in lam]
            if lam[0] != lam[1] and all(f != 0 for f in factors):
                break
        k = pick(rng, [2, 3])
        star = [draw_int(rng, -3, 3) for _ in range(2)]
        b = [lam[i] * star[i] for i in range(2)]
        while True:
            x0 = [draw_int(rng, -3, 3) for _ in range(2)]
            if all(x0[i] != star[i] for i in range(2)):
                break
        err = [Fraction(x0[i] - star[i]) for i in range(2)]
        xk = [star[i] + factors[i] ** k * err[i] for i in range(2)]
        expected = matrix_text(col(xk))
        wrong = [
            Misconception(
                "misconception:linear-decay",
                matrix_text(col([star[i] + (1 - k * alpha * lam[i]) * err[i] for i in range(2)])),
                f"Each step multiplies the error by 1 − αλᵢ, so after {k} steps it is "
                f"(1 − αλᵢ)^{k} times the start, not 1 − {k}αλᵢ.",
            ),
            Misconception(
                "misconception:one-step-only",
                matrix_text(col([star[i] + factors[i] * err[i] for i in range(2)])),
                f"That is x₁; the question asks for x_{k}: the factor 1 − αλᵢ applies {k} times.",
            ),
            Misconception(
                "misconception:error-for-iterate",
                matrix_text(col([factors[i] ** k * err[i] for i in range(2)])),
                "(1 − αλᵢ)ᵏ(x₀ − x*) is the error x_k − x*; add x* back to get the iterate.",
            ),
        ]
        a = [[lam[0], 0], [0, lam[1]]]
        steps = [
            f"The minimiser solves $Ax^* = b$: $x^* = {latex_matrix(col(star))}$.",
            "$x_{t+1} - x^* = (I - \\alpha A)(x_t - x^*)$, and $A$ is diagonal, so coordinate "
            f"$i$ of the error is multiplied by $1 - \\alpha\\lambda_i$ each step: here "
            f"${latex_number(factors[0])}$ and ${latex_number(factors[1])}$.",
            f"$$x_{k} = x^* + {latex_matrix([[factors[0] ** k, 0], [0, factors[1] ** k]])} "
            f"{latex_matrix(col(err))} = {latex_matrix(col(xk))}$$",
        ]
        named = [("A", a), ("b", col(b)), ("x_0", col(x0))]
        return Draft(
            prompt=f"Gradient descent with step $\\alpha = {latex_number(alpha)}$ minimises "
            f"${OBJECTIVE}$ for\n\n{latex_named(named)}\n\nFind $x_{k}$, the iterate after "
            f"{k} steps.",
            text=f"Gradient descent with step α = {alpha} minimises {OBJECTIVE_TEXT} for\n\n"
            + named_grids([("A", a), ("b", col(b)), ("x₀", col(x0))])
            + f"\n\nFind x{k}, the iterate after {k} steps.",
            kind="matrix",
            expected=expected,
            data={"ask": "iterate", "A": a, "b": b, "x0": x0, "alpha": str(alpha), "k": k},
            hints=[
                "Find x* = A⁻¹b and track the error eₜ = xₜ − x*: eₜ₊₁ = (I − αA)eₜ.",
                "For diagonal A each coordinate of the error is multiplied by 1 − αλᵢ per step.",
            ],
            solution="\n\n".join(steps),
            misconceptions=wrong,
        )

    def _rate(self, rng: np.random.Generator) -> Draft:
        while True:
            a = draw_int(rng, 3, 12)
            c = nonzero_int(rng, -(a - 1), a - 1)
            big, small = a + abs(c), a - abs(c)
            alpha = Fraction(
                pick(rng, [1, 1, 2, 3]), pick(rng, [big, big + 1, big + small, a, 2 * a])
            )
            rho = max(abs(1 - alpha * big), abs(1 - alpha * small))
            if 0 < rho < 1 and abs(1 - alpha * big) != abs(1 - alpha * small):
                break
        matrix = [[a, c], [c, a]]
        kappa_rate = Fraction(big - small, big + small)
        side_small, side_big = abs(1 - alpha * small), abs(1 - alpha * big)
        ask = pick(rng, ["rate", "steps"])
        p = pick(rng, [3, 6])
        steps_needed = math.ceil(p * math.log(10) / -math.log(rho))
        if ask == "rate":
            expected = format_number(rho)
            other = side_big if rho == side_small else side_small
            wrong = [
                Misconception(
                    "misconception:wrong-eigenvalue",
                    format_number(other),
                    "The error along each eigenvector shrinks by |1 − αλ|; the guaranteed rate "
                    "is the worst of the two, max(|1 − αλ_min|, |1 − αλ_max|).",
                ),
                Misconception(
                    "misconception:optimal-step-rate",
                    format_number(kappa_rate),
                    "(κ − 1)/(κ + 1) is the rate of the best step α = 2/(L + μ); with the "
                    "given α the rate is max(|1 − αμ|, |1 − αL|).",
                ),
            ]
            question = (
                "the contraction factor $\\rho$ with $\\|x_{t+1} - x^*\\| \\le \\rho\\, "
                "\\|x_t - x^*\\|$ for every start (the smallest such $\\rho$)"
            )
            question_text = (
                "the contraction factor ρ with ‖xₜ₊₁ − x*‖ ≤ ρ‖xₜ − x*‖ for every start "
                "(the smallest such ρ)"
            )
        else:
            expected = str(steps_needed)
            other = side_big if rho == side_small else side_small
            wrong = []
            if 0 < other < 1:
                wrong.append(
                    Misconception(
                        "misconception:wrong-eigenvalue",
                        str(math.ceil(p * math.log(10) / -math.log(other))),
                        "The slowest eigen-direction decides: use ρ = max(|1 − αμ|, |1 − αL|).",
                    )
                )
            wrong.append(
                Misconception(
                    "misconception:linear-decay",
                    str(math.ceil((1 - Fraction(1, 10**p)) / (1 - rho))),
                    "The error shrinks geometrically, ρᵗ, not by a fixed amount each step: "
                    "solve ρᵗ ≤ 10⁻ᵖ, t ≥ p ln 10 / (−ln ρ).",
                )
            )
            question = (
                "the smallest number of steps $t$ that guarantees "
                f"$\\|x_t - x^*\\| \\le 10^{{-{p}}} \\|x_0 - x^*\\|$ for every start"
            )
            question_text = (
                "the smallest number of steps t that guarantees "
                f"‖xₜ − x*‖ ≤ 10^−{p} ‖x₀ − x*‖ for every start"
            )
        steps = [
            f"The eigenvalues of $A$ are $a \\pm c$: $L = {big}$, $\\mu = {small}$ "
            "(eigenvectors $(1, 1)$ and $(1, -1)$).",
            "$x_{t+1} - x^* = (I - \\alpha A)(x_t - x^*)$ multiplies the error along each "
            "eigenvector by $1 - \\alpha\\lambda$: "
            f"$|1 - \\alpha\\mu| = {latex_number(side_small)}$, "
            f"$|1 - \\alpha L| = {latex_number(side_big)}$.",
            f"The worst direction decides: $\\rho = {latex_number(rho)}$.",
        ]
        if ask == "steps":
            steps.append(
                f"$\\rho^t \\le 10^{{-{p}}}$ needs $t \\ge {p} \\ln 10 / (-\\ln \\rho) \\approx "
                f"{p * math.log(10) / -math.log(rho):.3f}$, so $t = {steps_needed}$."
            )
        return Draft(
            prompt=f"Gradient descent with step $\\alpha = {latex_number(alpha)}$ minimises "
            f"${OBJECTIVE}$ with $A = {latex_matrix(matrix)}$. Find {question}.",
            text=f"Gradient descent with step α = {alpha} minimises {OBJECTIVE_TEXT} with\n\n"
            + named_grids([("A", matrix)])
            + f"\n\nFind {question_text}.",
            kind="number",
            expected=expected,
            data={"ask": ask, "A": matrix, "alpha": str(alpha), "p": p},
            hints=[
                "Along an eigenvector with eigenvalue λ the error is multiplied by 1 − αλ.",
                "[[a, c], [c, a]] has eigenvalues a + c and a − c; ρ = maxᵢ |1 − αλᵢ|.",
            ],
            solution="\n\n".join(steps),
            misconceptions=wrong,
        )
