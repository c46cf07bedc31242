"""probability.expectation: E[X] and E[g(X)] for PMFs and densities."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING

from dlmath.exercises.base import Draft, Generator
from dlmath.exercises.kit import Exact, draw_int, json_vector, pick, tex_number, text_number
from dlmath.exercises.probability.densities import power_density_latex
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


@dataclass(frozen=True)
class _Function:
    """g(x) for E[g(X)]: how to compute it and how to write it."""

    name: str  # JSON tag, read by the tests
    params: tuple[int, ...]
    text: str
    latex: str

    def __call__(self, x: Exact) -> Fraction:
        x = Fraction(x)
        if self.name == "square":
            return x * x
        if self.name == "shifted-square":
            return (x - self.params[0]) ** 2
        if self.name == "power-of-two":
            return Fraction(2) ** int(x) if x.denominator == 1 else Fraction(0)
        a, b = self.params  # "quadratic": a x² + b x
        return a * x * x + b * x


def _draw_function(rng: np.random.Generator) -> _Function:
    kind = pick(rng, ["square", "shifted-square", "power-of-two", "quadratic"])
    if kind == "square":
        return _Function(kind, (), "X²", "X^2")
    if kind == "shifted-square":
        m = pick(rng, [1, 2, -1])
        sign = "-" if m > 0 else "+"
        return _Function(kind, (m,), f"(X {sign} {abs(m)})²", f"(X {sign} {abs(m)})^2")
    if kind == "power-of-two":
        return _Function(kind, (), "2^X", "2^X")
    a, b = pick(rng, [2, 3, -1]), pick(rng, [1, -2, 3, -1])
    a_t = {1: "", -1: "-"}.get(a, str(a))
    b_t = f"{'+' if b > 0 else '-'} {abs(b) if abs(b) != 1 else ''}"
    return _Function(kind, (a, b), f"{a_t}X² {b_t}X", f"{a_t}X^2 {b_t}X")


@register
class Expectation(Generator):
    """Expected values: E[X] of a PMF (difficulty 1), E[g(X)] = Σ g(x)·p(x) for a
    nonlinear g, where g(E[X]) is the trap (2), and moments of a density by integration
    (3)."""

    skill = "probability.expectation"
    version = 1

    def generate(self, rng: np.random.Generator, difficulty: int) -> Draft:
        if difficulty == 3:
            return self._continuous(rng)
        lo, hi = (0, 6) if difficulty == 1 else (-2, 3)
        values, probs = draw_pmf(rng, 4, [8, 10, 12], lo, hi)
        mean = pmf_moment(values, probs, lambda v: v)
        intro = "A random variable X has this PMF:"
        if difficulty == 1:
            prompt = pmf_prompt(intro, values, probs, "Find E[X]. Give an exact fraction.")
            most = max(probs)
            mode = [v for v, p in zip(values, probs, strict=True) if p == most]
            mistakes = [
                mistake(
                    "misconception:unweighted-mean",
                    Fraction(sum(values), len(values)),
                    "That is the plain average of the values; weight each value by its "
                    "probability: E[X] = Σ x·P(X = x).",
                )
            ]
            if len(mode) == 1:
                mistakes.append(
                    mistake(
                        "misconception:mode-for-mean",
                        mode[0],
                        "That is the most likely value (the mode), not the expected value.",
                    )
                )
            return exact_draft(
                prompt=prompt,
                expected=mean,
                data={"values": values, "pmf": json_vector(probs), "g": "identity"},
                hints=[
                    "E[X] = Σ x·P(X = x): each value times its probability, added up.",
                ],
                solution=[
                    f"$E[X] = {weighted_sum_latex(values, probs, parenthesised)} = "
                    f"{tex_number(mean)}$."
                ],
                mistakes=mistakes,
            )
        g = _draw_function(rng)
        if g.name == "power-of-two":
            values = sorted(v + 3 if v < 0 else v for v in values)
            if len(set(values)) < 4:
                values = [0, 1, 2, 3]
        answer = pmf_moment(values, probs, g)
        mean = pmf_moment(values, probs, lambda v: v)
        wrong = g(mean) if g.name != "power-of-two" or mean.denominator == 1 else None
        ask = f"Find $E[{g.latex}]$. Give an exact fraction."
        prompt = pmf_prompt(intro, values, probs, ask)
        mistakes = []
        if wrong is not None:
            mistakes.append(
                mistake(
                    "misconception:function-of-mean",
                    wrong,
                    f"That is g(E[X]) with E[X] = {text_number(mean)}; for a nonlinear g, "
                    "E[g(X)] ≠ "
                    "g(E[X]). Apply g to each value, then weight by the probabilities.",
                )
            )
        gx = [g(v) for v in values]
        return exact_draft(
            prompt=prompt,
            expected=answer,
            data={
                "values": values,
                "pmf": json_vector(probs),
                "g": g.name,
                "g_params": list(g.params),
            },
            hints=[
                "E[g(X)] = Σ g(x)·P(X = x) (the law of the unconscious statistician).",
                f"Compute g(x) = {g.text.replace('X', 'x')} for each value first.",
            ],
            solution=[
                "The values of g: "
                + ", ".join(f"$g({v}) = {tex_number(y)}$" for v, y in zip(values, gx, strict=True))
                + ".",
                f"$E[{g.latex}] = "
                + " + ".join(
                    f"{parenthesised(y)} \\cdot {tex_number(p)}"
                    for y, p in zip(gx, probs, strict=True)
                )
                + f" = {tex_number(answer)}$.",
            ],
            mistakes=mistakes,
        )

    def _continuous(self, rng: np.random.Generator) -> Draft:
        n, b, m = draw_int(rng, 1, 3), pick(rng, [1, 2, 3]), pick(rng, [1, 2])
        c = Fraction(n + 1, b ** (n + 1))
        moment = lambda k: c * Fraction(b ** (n + k + 1), n + k + 1)  # noqa: E731
        answer = moment(m)
        target = "X" if m == 1 else "X^2"
        target_t = "X" if m == 1 else "X²"
        density_l = power_density_latex(tex_number(c), n)
        mistakes = [
            mistake(
                "misconception:midpoint-for-mean",
                Fraction(b, 2) ** m,
                f"The density is not flat: it grows like xⁿ, so X is more often near {b} than "
                "near 0. Integrate x·f(x).",
            )
        ]
        if m == 2:
            mistakes.append(
                mistake(
                    "misconception:function-of-mean",
                    moment(1) ** 2,
                    f"That is (E[X])² with E[X] = {text_number(moment(1))}; E[X²] = ∫x²f(x)dx is "
                    "larger by the variance.",
                )
            )
        return exact_draft(
            prompt=(
                f"A continuous random variable $X$ has density $f(x) = {density_l}$ on "
                f"$[0, {b}]$ (and $0$ elsewhere). Find $E[{target}]$. Give an exact fraction."
            ),
            expected=answer,
            data={"family": "power", "n": n, "b": b, "c": text_number(c), "moment": m},
            hints=[
                f"E[g(X)] = ∫ g(x)·f(x) dx over the support; here g(x) = {target_t.lower()}.",
                f"∫₀^{b} x^k dx = {b}^(k+1)/(k+1).",
            ],
            solution=[
                f"$E[{target}] = \\int_0^{{{b}}} {target.lower()} \\cdot {density_l}"
                f"\\,dx = {tex_number(c)} \\cdot \\frac{{{b}^{{{n + m + 1}}}}}{{{n + m + 1}}} "
                f"= {tex_number(answer)}$."
            ],
            mistakes=mistakes,
        )
