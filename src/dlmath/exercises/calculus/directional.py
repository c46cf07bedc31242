"""calculus.directional-derivatives: D_u f = ∇f · u for a unit u, and the steepest rate
‖∇f‖.

Difficulty 1: a polynomial of two variables and a direction v that must be normalised.
Difficulty 2: the same with a transcendental part (centred at the point so values stay
rational). Difficulty 3: three variables, either along a direction of length 3 or 7, or the
largest rate of increase ‖∇f‖. Directions come from Pythagorean triples and quadruples,
so ‖v‖ is an integer and every directional derivative is rational.
"""

from __future__ import annotations

from fractions import Fraction
from math import isqrt
from typing import TYPE_CHECKING

from dlmath.exercises.base import Draft, Generator, Misconception
from dlmath.exercises.calculus.formulas import draw_multivariable, pick
from dlmath.exercises.calculus.terms import (
    derivative,
    exact_value,
    to_latex,
    to_text,
    to_tree,
    to_unicode,
)
from dlmath.exercises.kit import sqrt_text
from dlmath.exercises.registry import register
from dlmath.expr.literals import format_number, latex_number

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np

#: Integer directions with integer length: (v, ‖v‖).
PLANE = [(3, 4), (4, 3), (5, 12), (12, 5), (8, 15), (15, 8), (6, 8)]
SPACE = [(1, 2, 2), (2, 1, 2), (2, 2, 1), (2, 3, 6), (3, 6, 2), (6, 2, 3), (2, 6, 3)]


def _direction(rng: np.random.Generator, dims: int) -> list[int]:
    base = pick(rng, PLANE if dims == 2 else SPACE)
    return [x * pick(rng, [1, -1]) for x in base]


@register
class DirectionalDerivative(Generator):
    """∇f · v/‖v‖ at a point, and the steepest rate ‖∇f‖."""

    skill = "calculus.directional-derivatives"
    version = 1

    def generate(self, rng: np.random.Generator, difficulty: int) -> Draft:
        names = ["x", "y"] if difficulty < 3 else ["x", "y", "z"]
        ask = "direction" if difficulty < 3 else pick(rng, ["direction", "steepest"])
        while True:  # a zero gradient makes every answer (and every mistake) 0
            draws = rng.integers(-2, 3, size=len(names))
            point = {n: Fraction(int(v)) for n, v in zip(names, draws, strict=True)}
            f, _ = draw_multivariable(rng, names, 1 if difficulty == 1 else 2, point)
            partials = [derivative(f, n) for n in names]
            grad = [exact_value(p, point) for p in partials]
            assert all(g is not None for g in grad)  # centred functions keep values rational
            if sum(1 for g in grad if g) >= 2:
                break
        args = f"({', '.join(names)})"
        at = f"({', '.join(format_number(point[n]) for n in names)})"
        grad_text = ", ".join(format_number(g) for g in grad)
        steps = [
            f"The partial derivatives at ${at}$:",
            *[
                f"- $\\frac{{\\partial f}}{{\\partial {n}}} = {to_latex(p)} = {format_number(g)}$"
                for n, p, g in zip(names, partials, grad, strict=True)
            ],
            f"so $\\nabla f{at} = ({grad_text})$.",
        ]
        norm_sq = sum(g * g for g in grad)
        if ask == "direction":
            while True:  # a direction along a level set would make the answer 0
                v = _direction(rng, len(names))
                raw = sum((g * x for g, x in zip(grad, v, strict=True)), Fraction(0))
                if raw:
                    break
            length = isqrt(sum(x * x for x in v))
            value = raw / length
            expected = format_number(value)
            wrong = [
                Misconception(
                    "misconception:not-normalised",
                    format_number(raw),
                    f"∇f · v uses v itself, of length {length}; the directional derivative "
                    "needs the unit vector u = v/‖v‖.",
                ),
                Misconception(
                    "misconception:divided-by-squared-length",
                    format_number(raw / (length * length)),
                    f"Divide by ‖v‖ = {length}, not by ‖v‖² = {length * length}: that would be "
                    "the projection coefficient, not the rate along u.",
                ),
                Misconception(
                    "misconception:gradient-length",
                    sqrt_text(norm_sq),
                    "‖∇f‖ is the rate along the gradient (the steepest); along u the rate is "
                    "∇f · u.",
                ),
            ]
            v_text = f"({', '.join(str(x) for x in v)})"
            steps += [
                f"$\\lVert v \\rVert = {length}$, so $u = v / {length}$ and",
                f"$$D_u f = \\nabla f \\cdot u = \\frac{{{format_number(raw)}}}{{{length}}}"
                + ("" if value.denominator == length else f" = {latex_number(value)}")
                + "$$",
            ]
            question = (
                f"Find the directional derivative of f at {at} in the direction of v = {v_text} "
                "(the rate of change per unit length along v)."
            )
            latex_question = (
                f"Find the directional derivative of $f$ at ${at}$ in the direction of "
                f"$v = {v_text}$ (the rate of change per unit length along $v$)."
            )
            hints = [
                "D_u f = ∇f · u with u the unit vector along v.",
                f"‖v‖ = {length}.",
            ]
            data_extra = {"direction": v}
            tolerance = None
        else:
            expected = sqrt_text(norm_sq)
            wrong = [
                Misconception(
                    "misconception:missing-root",
                    format_number(norm_sq),
                    "That is ‖∇f‖²; the steepest rate is the length ‖∇f‖ itself.",
                ),
                Misconception(
                    "misconception:sum-of-partials",
                    format_number(sum(grad)),
                    "Adding the partial derivatives gives the rate along (1, 1, 1) unscaled, "
                    "not the steepest rate; that is ‖∇f‖, reached along ∇f/‖∇f‖.",
                ),
                Misconception(
                    "misconception:largest-partial",
                    format_number(max(abs(g) for g in grad)),
                    "The largest partial derivative is the best rate along a coordinate axis; "
                    "along the gradient itself the rate is ‖∇f‖, larger.",
                ),
            ]
            steps.append(
                "The rate along a unit $u$ is $\\nabla f \\cdot u \\le \\lVert \\nabla f "
                "\\rVert$ (Cauchy–Schwarz), with equality for $u = \\nabla f / \\lVert \\nabla "
                f"f \\rVert$: the largest rate is $\\lVert \\nabla f \\rVert = "
                f"\\sqrt{{{format_number(norm_sq)}}}$."
            )
            question = f"Find the largest rate of increase of f at {at} (over all unit directions)."
            latex_question = (
                f"Find the largest rate of increase of $f$ at ${at}$ (over all unit directions)."
            )
            hints = [
                "D_u f = ∇f · u is largest when u points along ∇f.",
                "The largest rate is ‖∇f‖.",
            ]
            data_extra = {}
            tolerance = 1e-9 if "sqrt" in expected else None
        return Draft(
            prompt=f"Let $f{args} = {to_latex(f)}$. {latex_question}",
            text=f"Let f{args} = {to_unicode(f)}. {question}",
            kind="number",
            expected=expected,
            data={
                "ask": ask,
                "function": to_text(f),
                "tree": to_tree(f),
                "variables": names,
                "point": [format_number(point[n]) for n in names],
                **data_extra,
            },
            hints=hints,
            solution="\n".join(steps),
            misconceptions=wrong,
            tolerance=tolerance,
        )
