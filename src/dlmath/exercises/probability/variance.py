"""probability.variance: Var(X) = E[X²] − E[X]², and of affine maps."""

from __future__ import annotations

from fractions import Fraction
from typing import TYPE_CHECKING, Any

from dlmath.exercises.base import Draft, Generator, Misconception
from dlmath.exercises.kit import draw_int, json_vector, pick, tex_number, text_number
from dlmath.exercises.probability.discrete import (
    draw_pmf,
    pmf_moment,
    pmf_prompt,
    weighted_sum_latex,
)
from dlmath.exercises.probability.drafting import exact_draft, mistake, parenthesised
from dlmath.exercises.registry import register

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np

_SCALES = (Fraction(-3), Fraction(-2), Fraction(2), Fraction(3), Fraction(4), Fraction(1, 2))


def _affine_latex(a: Fraction, b: int) -> str:
    """``-3X + 5`` in LaTeX."""
    sign = "+" if b > 0 else "-"
    return f"{'-' if a == -1 else tex_number(a)}X {sign} {abs(b)}"


@register
class Variance(Generator):
    """Variance as E[X²] − (E[X])² from a PMF (difficulty 1); Var(aX + b) = a²·Var(X) from
    given moments, where forgetting to square a is the trap (2); both steps at once from a
    PMF (3)."""

    skill = "probability.variance"
    version = 1

    def generate(self, rng: np.random.Generator, difficulty: int) -> Draft:
        a, b = pick(rng, _SCALES), pick(rng, [-5, -3, -1, 1, 2, 4, 5])
        affine_l = _affine_latex(a, b)
        if difficulty == 2:
            mean = draw_int(rng, -3, 4)
            var = Fraction(draw_int(rng, 1, 9), pick(rng, [1, 1, 2, 4]))
            second = var + mean * mean
            given_second = bool(rng.random() < 0.5)
            answer = a * a * var
            facts_l = (
                f"$E[X] = {mean}$ and $E[X^2] = {tex_number(second)}$"
                if given_second
                else f"$E[X] = {mean}$ and $\\operatorname{{Var}}(X) = {tex_number(var)}$"
            )
            steps = []
            if given_second:
                steps.append(
                    f"$\\operatorname{{Var}}(X) = E[X^2] - (E[X])^2 = {tex_number(second)} - "
                    f"{parenthesised(mean)}^2 = {tex_number(var)}$."
                )
            steps.append(
                f"$\\operatorname{{Var}}({affine_l}) = {parenthesised(a)}^2 \\cdot "
                f"{tex_number(var)} = "
                f"{tex_number(answer)}$: the shift {b} moves X but does not spread it."
            )
            mistakes = self._scale_mistakes(a, b, var)
            if given_second:
                mistakes.append(
                    mistake(
                        "misconception:second-moment-for-variance",
                        a * a * second,
                        "E[X²] is not the variance: subtract (E[X])² first.",
                    )
                )
            return exact_draft(
                prompt=f"A random variable $X$ has {facts_l}. Find "
                f"$\\operatorname{{Var}}({affine_l})$. Give an exact fraction.",
                expected=answer,
                data={
                    "mean": mean,
                    "second_moment" if given_second else "variance": text_number(
                        second if given_second else var
                    ),
                    "a": text_number(a),
                    "b": b,
                },
                hints=[
                    "Var(aX + b) = a²·Var(X): a shift does not change the spread, a scale "
                    "multiplies it by a².",
                    "Var(X) = E[X²] − (E[X])².",
                ],
                solution=steps,
                mistakes=mistakes,
            )
        size = 3 if difficulty == 1 else 4
        values, probs = draw_pmf(rng, size, [4, 6, 8, 10] if size == 3 else [8, 10, 12], -2, 4)
        mean = pmf_moment(values, probs, lambda v: v)
        second = pmf_moment(values, probs, lambda v: v * v)
        var = second - mean * mean
        steps = [
            f"$E[X] = {weighted_sum_latex(values, probs, parenthesised)} = {tex_number(mean)}$.",
            f"$E[X^2] = {weighted_sum_latex(values, probs, lambda v: f'{parenthesised(v)}^2')} "
            f"= {tex_number(second)}$.",
            f"$\\operatorname{{Var}}(X) = E[X^2] - (E[X])^2 = {tex_number(second)} - "
            f"{parenthesised(mean)}^2 "
            f"= {tex_number(var)}$.",
        ]
        intro = "A random variable X has this PMF:"
        mistakes = []
        if difficulty == 1:
            answer = var
            ask_l = "Find $\\operatorname{Var}(X)$."
            mistakes.append(
                mistake(
                    "misconception:unsquared-mean",
                    second - mean,
                    "Var(X) = E[X²] − (E[X])²: the mean is squared before subtracting.",
                )
            )
            data: dict[str, Any] = {}
        else:
            answer = a * a * var
            ask_l = f"Find $\\operatorname{{Var}}({affine_l})$."
            steps.append(
                f"$\\operatorname{{Var}}({affine_l}) = {parenthesised(a)}^2 \\cdot "
                f"{tex_number(var)} = "
                f"{tex_number(answer)}$."
            )
            mistakes.extend(self._scale_mistakes(a, b, var))
            data = {"a": text_number(a), "b": b}
        mistakes.append(
            mistake(
                "misconception:second-moment-for-variance",
                second if difficulty == 1 else a * a * second,
                "E[X²] is not the variance: subtract (E[X])² first.",
            )
        )
        prompt = pmf_prompt(intro, values, probs, ask_l + " Give an exact fraction.")
        return exact_draft(
            prompt=prompt,
            expected=answer,
            data={"values": values, "pmf": json_vector(probs), **data},
            hints=[
                "Var(X) = E[X²] − (E[X])².",
                "Compute E[X] and E[X²] = Σ x²·P(X = x) from the table.",
                *(["Then Var(aX + b) = a²·Var(X)."] if difficulty == 3 else []),
            ],
            solution=steps,
            mistakes=mistakes,
        )

    @staticmethod
    def _scale_mistakes(a: Fraction, b: int, var: Fraction) -> list[Misconception]:
        return [
            mistake(
                "misconception:unsquared-scale",
                a * var,
                f"Scaling X by {text_number(a)} scales the variance by {text_number(a)}² = "
                f"{text_number(a * a)}, not by "
                f"{text_number(a)}: Var(aX + b) = a²·Var(X).",
            ),
            mistake(
                "misconception:shift-changes-variance",
                a * a * var + b,
                f"Adding {b} shifts X without changing its spread: the + b drops out of the "
                "variance.",
            ),
        ]
