"""optimization.momentum: the heavy-ball method v ← βv − α∇f(x), x ← x + v (v₀ = 0).

Difficulty 1: two momentum steps on f(x) = (a/2)x². Difficulty 2: two or three steps on a
diagonal quadratic ½xᵀAx − bᵀx in R². Difficulty 3: where momentum leads: the velocity it
settles to under a constant gradient, −αg/(1 − β), or the best heavy-ball parameters for a
quadratic with curvatures in [μ, L] (α* = 4/(√L + √μ)², β* = ((√L − √μ)/(√L + √μ))²) and their
rate √β*.
"""

from __future__ import annotations

from fractions import Fraction
from typing import TYPE_CHECKING

from dlmath.exercises.base import Draft, Generator, Misconception
from dlmath.exercises.kit import draw_int, latex_named, nonzero_int, pick
from dlmath.exercises.layout import named_grids
from dlmath.exercises.registry import register
from dlmath.expr.literals import format_number, latex_matrix, latex_number, matrix_text

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np

RULE = "v_{t+1} = \\beta v_t - \\alpha \\nabla f(x_t),\\ x_{t+1} = x_t + v_{t+1},\\ v_0 = 0"
RULE_TEXT = "vₜ₊₁ = βvₜ − α∇f(xₜ), xₜ₊₁ = xₜ + vₜ₊₁, v₀ = 0"


def run(grad, x0: list[Fraction], alpha: Fraction, beta: Fraction, steps: int, sign: int = 1):
    """Iterates of the heavy ball; ``sign = -1`` flips the momentum term (a mistake)."""
    x, v = list(x0), [Fraction(0)] * len(x0)
    for _ in range(steps):
        g = grad(x)
        v = [sign * beta * vi - alpha * gi for vi, gi in zip(v, g, strict=True)]
        x = [xi + vi for xi, vi in zip(x, v, strict=True)]
    return x


def col(values) -> list[list[Fraction]]:
    return [[Fraction(v)] for v in values]


@register
class Momentum(Generator):
    """Heavy-ball iterates, terminal velocity and optimal parameters."""

    skill = "optimization.momentum"
    version = 1

    def generate(self, rng: np.random.Generator, difficulty: int) -> Draft:
        if difficulty in (1, 2):
            return self._iterates(rng, difficulty)
        if rng.random() < 0.4:
            return self._terminal(rng)
        return self._optimal(rng)

    def _iterates(self, rng: np.random.Generator, difficulty: int) -> Draft:
        dim = 1 if difficulty == 1 else 2
        steps = 2 if difficulty == 1 else pick(rng, [2, 3])
        while True:
            lam = [draw_int(rng, 1, 6) for _ in range(dim)]
            b = [draw_int(rng, -3, 3) if dim == 2 else 0 for _ in range(dim)]
            x0 = [Fraction(nonzero_int(rng, -4, 4)) for _ in range(dim)]
            alpha = Fraction(1, pick(rng, [2, 4, 5, 10]))
            beta = Fraction(pick(rng, [1, 1, 3, 9]), pick(rng, [2, 4, 10]))
            if beta >= 1 or (dim == 2 and lam[0] == lam[1]):
                continue

            def grad(x, lam=lam, b=b):
                return [lam[i] * x[i] - b[i] for i in range(len(x))]

            answer = run(grad, x0, alpha, beta, steps)
            plain = run(grad, x0, alpha, Fraction(0), steps)
            if answer != plain and any(a != 0 for a in answer):
                break
        flipped = run(grad, x0, alpha, beta, steps, sign=-1)
        first = run(grad, x0, alpha, beta, 1)
        if dim == 1:
            expected = format_number(answer[0])
            say = format_number
            values = [plain[0], flipped[0], first[0]]
        else:
            expected = matrix_text(col(answer))
            values = [plain, flipped, first]

            def say(v):
                return matrix_text(col(v))

        wrong = [
            Misconception(
                "misconception:momentum-ignored",
                say(values[0]),
                "That is plain gradient descent: from the second step on, the velocity keeps "
                "β times the previous one, vₜ₊₁ = βvₜ − α∇f(xₜ).",
            ),
            Misconception(
                "misconception:momentum-sign",
                say(values[1]),
                "Momentum keeps going the way it went: +βvₜ, the previous velocity, with its "
                "own sign.",
            ),
            Misconception(
                "misconception:first-step-only",
                say(values[2]),
                f"That is x₁; the question asks for x_{steps}, {steps} steps.",
            ),
        ]
        if dim == 1:
            a = lam[0]
            c = latex_number(Fraction(a, 2)) if a != 2 else ""
            f_latex, f_text = (
                f"f(x) = {c} x^2",
                f"f(x) = {format_number(Fraction(a, 2)) if a != 2 else ''}x²",
            )
            start, start_text = f"$x_0 = {latex_number(x0[0])}$", f"x₀ = {x0[0]}"
            grad_latex = f"f'(x) = {a}x"
        else:
            f_latex, f_text = "f(x) = \\tfrac{1}{2} x^T A x - b^T x", "f(x) = ½ xᵀAx − bᵀx"
            start, start_text = "", ""
            grad_latex = "\\nabla f(x) = Ax - b"
        lines = [f"${grad_latex}$; start from $v_0 = 0$."]
        x, v = list(x0), [Fraction(0)] * dim
        for t in range(steps):
            g = grad(x)
            v = [beta * vi - alpha * gi for vi, gi in zip(v, g, strict=True)]
            x = [xi + vi for xi, vi in zip(x, v, strict=True)]
            show = (lambda u: latex_number(u[0])) if dim == 1 else (lambda u: latex_matrix(col(u)))
            lines.append(
                f"Step {t + 1}: $\\nabla f = {show(g)}$, $v_{t + 1} = {show(v)}$, "
                f"$x_{t + 1} = {show(x)}$."
            )
        named = (
            [("A", [[lam[0], 0], [0, lam[1]]]), ("b", col(b)), ("x_0", col(x0))] if dim == 2 else []
        )
        prompt = (
            f"Gradient descent with momentum ({'$' + RULE + '$'}) minimises ${f_latex}$ with "
            f"$\\alpha = {latex_number(alpha)}$ and $\\beta = {latex_number(beta)}$"
            + (f", from {start}. " if dim == 1 else f", from\n\n{latex_named(named)}\n\n")
            + f"Find $x_{steps}$."
        )
        text = (
            f"Gradient descent with momentum ({RULE_TEXT}) minimises {f_text} with α = {alpha} "
            f"and β = {beta}"
            + (
                f", from {start_text}. "
                if dim == 1
                else ", from\n\n"
                + named_grids([("A", named[0][1]), ("b", named[1][1]), ("x₀", named[2][1])])
                + "\n\n"
            )
            + f"Find x{steps}."
        )
        return Draft(
            prompt=prompt,
            text=text,
            kind="number" if dim == 1 else "matrix",
            expected=expected,
            data={
                "ask": "iterate",
                "lam": lam,
                "b": b,
                "x0": [int(v) for v in x0],
                "alpha": str(alpha),
                "beta": str(beta),
                "steps": steps,
            },
            hints=[
                "Update the velocity first, then the position; v₀ = 0 makes step 1 plain GD.",
                "From step 2 on, vₜ₊₁ = βvₜ − α∇f(xₜ) carries over part of the last move.",
            ],
            solution="\n\n".join(lines),
            misconceptions=wrong,
        )

    def _terminal(self, rng: np.random.Generator) -> Draft:
        g = [nonzero_int(rng, -5, 5) for _ in range(2)]
        alpha = Fraction(1, pick(rng, [2, 4, 5, 10, 100]))
        beta = pick(
            rng,
            [Fraction(1, 2), Fraction(3, 4), Fraction(4, 5), Fraction(9, 10), Fraction(99, 100)],
        )
        velocity = [-alpha * v / (1 - beta) for v in g]
        expected = matrix_text(col(velocity))
        wrong = [
            Misconception(
                "misconception:momentum-ignored",
                matrix_text(col([-alpha * v for v in g])),
                "That is the plain gradient step; momentum accumulates it: v = βv − αg settles "
                "where v = −αg/(1 − β).",
            ),
            Misconception(
                "misconception:beta-for-one-minus-beta",
                matrix_text(col([-alpha * v / beta for v in g])),
                "The fixed point of v = βv − αg is v(1 − β) = −αg: divide by 1 − β, not β.",
            ),
            Misconception(
                "misconception:velocity-sign",
                matrix_text(col([alpha * v / (1 - beta) for v in g])),
                "The velocity points downhill, against the gradient: v = −αg/(1 − β).",
            ),
        ]
        steps = [
            "With a constant gradient $g$, $v_{t+1} = \\beta v_t - \\alpha g$ is a geometric "
            "sum: $v_t = -\\alpha g (1 + \\beta + \\dots + \\beta^{t-1}) \\to -\\alpha g/(1 - "
            "\\beta)$.",
            f"$$v_\\infty = -\\frac{{{latex_number(alpha)}}}{{1 - {latex_number(beta)}}} "
            f"{latex_matrix(col(g))} = {latex_matrix(col(velocity))}$$",
            "Momentum multiplies the effective step by $1/(1 - \\beta) = "
            f"{latex_number(1 / (1 - beta))}$ "
            "on a long slope.",
        ]
        return Draft(
            prompt=f"Gradient descent with momentum (${RULE}$), $\\alpha = {latex_number(alpha)}$, "
            f"$\\beta = {latex_number(beta)}$, runs down a long slope where the gradient is "
            f"constant, $\\nabla f = {latex_matrix(col(g))}$. What velocity $v$ do the "
            "iterates settle to?",
            text=f"Gradient descent with momentum ({RULE_TEXT}), α = {alpha}, β = {beta}, runs "
            "down a long slope where the gradient is constant,\n\n"
            + named_grids([("∇f", col(g))])
            + "\n\nWhat velocity v do the iterates settle to?",
            kind="matrix",
            expected=expected,
            data={"ask": "terminal", "g": g, "alpha": str(alpha), "beta": str(beta)},
            hints=[
                "At the limit the velocity stops changing: v = βv − αg.",
                "Solve v(1 − β) = −αg.",
            ],
            solution="\n\n".join(steps),
            misconceptions=wrong,
        )

    def _optimal(self, rng: np.random.Generator) -> Draft:
        while True:
            rs, rl = draw_int(rng, 1, 6), draw_int(rng, 2, 12)
            if rs < rl:
                break
        mu, big = rs * rs, rl * rl
        alpha = Fraction(4, (rl + rs) ** 2)
        root = Fraction(rl - rs, rl + rs)
        beta = root * root
        ask = pick(rng, ["alpha", "beta", "rate"])
        gd_rate = Fraction(big - mu, big + mu)
        value = {"alpha": alpha, "beta": beta, "rate": root}[ask]
        expected = format_number(value)
        wrong = {
            "alpha": [
                Misconception(
                    "misconception:gradient-descent-step",
                    format_number(Fraction(2, big + mu)),
                    "2/(L + μ) is the best step of plain gradient descent; with momentum the best "
                    "step is α* = 4/(√L + √μ)².",
                ),
                Misconception(
                    "misconception:inverse-curvature-step",
                    format_number(Fraction(1, big)),
                    "1/L is the safe step of plain gradient descent; the heavy ball tunes α and β "
                    "together: α* = 4/(√L + √μ)².",
                ),
            ],
            "beta": [
                Misconception(
                    "misconception:beta-not-squared",
                    format_number(root),
                    "(√κ − 1)/(√κ + 1) is the rate; the momentum is its square, "
                    "β* = ((√L − √μ)/(√L + √μ))².",
                ),
                Misconception(
                    "misconception:gradient-descent-rate",
                    format_number(gd_rate),
                    "(κ − 1)/(κ + 1) is the rate of plain gradient descent; the best momentum is "
                    "β* = ((√κ − 1)/(√κ + 1))².",
                ),
            ],
            "rate": [
                Misconception(
                    "misconception:gradient-descent-rate",
                    format_number(gd_rate),
                    "(κ − 1)/(κ + 1) is the rate of plain gradient descent; the tuned heavy ball "
                    "contracts by √β* = (√κ − 1)/(√κ + 1) per step.",
                ),
                Misconception(
                    "misconception:rate-is-beta",
                    format_number(beta),
                    "The contraction per step is √β*, the modulus of the complex eigenvalues of "
                    "the heavy-ball iteration, not β* itself.",
                ),
            ],
        }[ask]
        label = {
            "alpha": "the best step $\\alpha^*$",
            "beta": "the best momentum $\\beta^*$",
            "rate": "the convergence rate per step (the spectral radius of the iteration) at the "
            "best $\\alpha^*, \\beta^*$",
        }[ask]
        label_text = {
            "alpha": "the best step α*",
            "beta": "the best momentum β*",
            "rate": "the convergence rate per step (the spectral radius of the iteration) at the "
            "best α*, β*",
        }[ask]
        steps = [
            f"$\\sqrt L = {rl}$, $\\sqrt \\mu = {rs}$ (Polyak's heavy ball on a quadratic).",
            f"$\\alpha^* = \\dfrac{{4}}{{(\\sqrt L + \\sqrt \\mu)^2}} = {latex_number(alpha)}$, "
            "$\\beta^* = \\left(\\dfrac{\\sqrt L - \\sqrt \\mu}{\\sqrt L + \\sqrt \\mu}\\right)^2 "
            f"= {latex_number(beta)}$.",
            "At these values every eigen-direction's $2 \\times 2$ iteration has complex "
            "eigenvalues of modulus $\\sqrt{\\beta^*} = "
            f"{latex_number(root)}$, against $(L - \\mu)/(L + \\mu) = {latex_number(gd_rate)}$ "
            "for the best plain gradient descent.",
        ]
        return Draft(
            prompt="Gradient descent with momentum (" + f"${RULE}$) minimises a quadratic whose "
            f"Hessian has eigenvalues between $\\mu = {mu}$ and $L = {big}$. Find {label}.",
            text=f"Gradient descent with momentum ({RULE_TEXT}) minimises a quadratic whose "
            f"Hessian has eigenvalues between μ = {mu} and L = {big}. Find {label_text}.",
            kind="number",
            expected=expected,
            data={"ask": ask, "mu": mu, "L": big},
            hints=[
                "The tuned heavy ball depends on √L and √μ (on √κ, where plain GD has κ).",
                "α* = 4/(√L + √μ)², β* = ((√L − √μ)/(√L + √μ))², rate √β*.",
            ],
            solution="\n\n".join(steps),
            misconceptions=wrong,
        )
