"""probability.random-variables: probabilities of intervals through the CDF."""

from __future__ import annotations

import itertools
from fractions import Fraction
from typing import TYPE_CHECKING

from dlmath.exercises.base import Draft, Generator, Misconception
from dlmath.exercises.kit import draw_int, json_vector, tex_number
from dlmath.exercises.probability.discrete import draw_pmf
from dlmath.exercises.probability.drafting import exact_draft, mistake
from dlmath.exercises.probability.tables import pmf_latex
from dlmath.exercises.registry import register

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np


def _event_text(low: int | None, low_in: bool, high: int | None, high_in: bool) -> tuple[str, str]:
    """``P(1 < X ≤ 3)`` as plain text and LaTeX."""
    if low is not None and low == high:
        return f"P(X = {low})", f"P(X = {low})"
    lt = ("≤", "\\le") if low_in else ("<", "<")
    ht = ("≤", "\\le") if high_in else ("<", "<")
    gt = ("≥", "\\ge") if low_in else (">", ">")
    if high is None:
        return f"P(X {gt[0]} {low})", f"P(X {gt[1]} {low})"
    if low is None:
        return f"P(X {ht[0]} {high})", f"P(X {ht[1]} {high})"
    return f"P({low} {lt[0]} X {ht[0]} {high})", f"P({low} {lt[1]} X {ht[1]} {high})"


def _inside(v: int, low: int | None, low_in: bool, high: int | None, high_in: bool) -> bool:
    above = low is None or v > low or (low_in and v == low)
    below = high is None or v < high or (high_in and v == high)
    return above and below


@register
class RandomVariables(Generator):
    """Probabilities of intervals through the CDF F(x) = P(X ≤ x): F at a point from a PMF
    (difficulty 1), P(a < X ≤ b) = F(b) − F(a) (2), and from a CDF table, intervals whose
    endpoints are in or out, where F(b) − F(a) is the trap (3)."""

    skill = "probability.random-variables"
    version = 1

    def generate(self, rng: np.random.Generator, difficulty: int) -> Draft:
        size = {1: 4, 2: 5, 3: 6}[difficulty]
        lo = 0 if difficulty == 1 else -3
        values, probs = draw_pmf(
            rng, size, {1: [8, 10], 2: [12, 20], 3: [20, 24]}[difficulty], lo, lo + 7
        )
        cdf = list(itertools.accumulate(probs))
        F = dict(zip(values, cdf, strict=True))
        p = dict(zip(values, probs, strict=True))

        def below(x: int) -> Fraction:  # P(X < x) = F(x-)
            return sum((q for v, q in p.items() if v < x), Fraction(0))

        k = sorted(int(i) for i in rng.choice(size - 1, size=2, replace=False))
        a, b = values[k[0]], values[k[1]]
        mistakes: list[Misconception] = []
        if difficulty == 1:
            low, low_in, high, high_in = None, False, values[k[1]], True
            answer = F[high]
            mistakes = [
                mistake(
                    "misconception:pmf-for-cdf",
                    p[high],
                    f"That is P(X = {high}); the CDF adds up every value up to {high}.",
                ),
                mistake(
                    "misconception:strict-inequality",
                    below(high),
                    f"F({high}) = P(X ≤ {high}) includes the value {high} itself.",
                ),
            ]
        elif difficulty == 2:
            low, low_in, high, high_in = a, False, b, True
            answer = F[b] - F[a]
            mistakes = [
                mistake(
                    "misconception:endpoint",
                    F[b] - below(a),
                    f"P({a} < X ≤ {b}) leaves out X = {a}: it is F({b}) − F({a}).",
                ),
                mistake(
                    "misconception:cdf-at-upper-only",
                    F[b],
                    f"F({b}) also counts the values up to {a}; subtract F({a}).",
                ),
            ]
        else:
            shape = draw_int(rng, 0, 2)
            if shape == 0:
                low, low_in, high, high_in = (
                    a,
                    bool(rng.random() < 0.5),
                    b,
                    bool(rng.random() < 0.5),
                )
                if not low_in and high_in:
                    low_in = True
            elif shape == 1:
                low, low_in, high, high_in = a, bool(rng.random() < 0.5), None, False
            else:
                low, low_in, high, high_in = b, True, b, True
            upper = Fraction(1) if high is None else F[high] if high_in else below(high)
            lower = Fraction(0) if low is None else below(low) if low_in else F[low]
            answer = upper - lower
            naive = (Fraction(1) if high is None else F[high]) - F[low]
            words, _ = _event_text(low, low_in, high, high_in)
            mistakes = [
                mistake(
                    "misconception:endpoint",
                    naive,
                    f"F(b) − F(a) is P(a < X ≤ b); for {words} check which endpoints belong "
                    "to the event: P(X < b) = F(b) − P(X = b), P(X ≥ a) = 1 − F(a) + P(X = a).",
                )
            ]
            if low == high:
                mistakes = [
                    mistake(
                        "misconception:cdf-for-pmf",
                        F[low],
                        f"F({low}) = P(X ≤ {low}) adds every value up to {low}; P(X = {low}) is "
                        "the jump of F there, F(v) − F(previous value).",
                    )
                ]
            if high is None:
                mistakes.append(
                    mistake(
                        "misconception:cdf-for-tail",
                        F[low] if not low_in else below(low),
                        "That is the probability of the other side; the tail is 1 − F.",
                    )
                )
        words, latex_words = _event_text(low, low_in, high, high_in)
        show_cdf = difficulty == 3
        intro = f"A random variable X takes the values {', '.join(map(str, values))}. " + (
            "Its CDF F(x) = P(X ≤ x) at these values is:" if show_cdf else "Its PMF is:"
        )
        shown = cdf if show_cdf else probs
        table_l = (
            pmf_latex(values, shown).replace("P(X = x)", "F(x)")
            if show_cdf
            else pmf_latex(values, shown)
        )
        cdf_line = ", ".join(f"F({v}) = {tex_number(c)}" for v, c in zip(values, cdf, strict=True))
        return exact_draft(
            prompt=f"{intro}\n\n{table_l}\n\nFind ${latex_words}$. Give an exact fraction.",
            expected=answer,
            data={
                "values": values,
                "shown": "cdf" if show_cdf else "pmf",
                "pmf": json_vector(probs),
                "cdf": json_vector(cdf),
                "low": low,
                "low_inclusive": low_in,
                "high": high,
                "high_inclusive": high_in,
            },
            hints=[
                "F(x) = P(X ≤ x) is the running total of the PMF.",
                "P(a < X ≤ b) = F(b) − F(a); for a closed or open end, add or remove that "
                "single value's probability P(X = v) = F(v) − F(previous value).",
            ],
            solution=[
                (
                    "The jumps of the CDF give the PMF, P(X = v) = F(v) − F(previous value): $"
                    + ", ".join(
                        f"P(X = {v}) = {tex_number(q)}" for v, q in zip(values, probs, strict=True)
                    )
                    + "$."
                )
                if show_cdf
                else f"The running totals of the PMF: ${cdf_line}$.",
                f"The event $\\{{{latex_words[2:-1]}\\}}$ contains the values "
                + ", ".join(str(v) for v in values if _inside(v, low, low_in, high, high_in))
                + f", so ${latex_words} = {tex_number(answer)}$.",
            ],
            mistakes=mistakes,
        )
