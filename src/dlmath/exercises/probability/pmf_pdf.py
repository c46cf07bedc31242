"""probability.pmf-pdf: normalising PMFs and PDFs and reading probabilities from them."""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from dlmath.exercises.base import Draft, Generator, Misconception
from dlmath.exercises.kit import Exact, draw_int, pick, tex_number, text_number
from dlmath.exercises.probability.count_tables import count_table_latex
from dlmath.exercises.probability.densities import power_density_latex
from dlmath.exercises.probability.drafting import exact_draft, mistake, parenthesised
from dlmath.exercises.registry import register

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np


@register
class PmfPdf(Generator):
    """Normalising constants and probabilities of simple distributions: c in a PMF
    P(X = k) = c·w(k) (difficulty 1); c in a density c·xⁿ on [0, b] (2); P(s ≤ X ≤ t) for
    such a density without c given, or a tail of c·e^(−λx), two steps each (3)."""

    skill = "probability.pmf-pdf"
    version = 1

    def generate(self, rng: np.random.Generator, difficulty: int) -> Draft:
        if difficulty == 1:
            return self._discrete(rng)
        if difficulty == 3 and rng.random() < 0.35:
            return self._exponential(rng)
        n, b = draw_int(rng, 1, 3), pick(rng, [1, 2, 3] if difficulty == 2 else [1, 2])
        norm = Fraction(b ** (n + 1), n + 1)  # ∫_0^b x^n dx
        c = 1 / norm
        density_l = power_density_latex("c", n)
        intro_l = (
            f"A continuous random variable $X$ has density $f(x) = {density_l}$ for "
            f"$0 \\le x \\le {b}$ and $0$ elsewhere."
        )
        normalise = (
            f"$\\int_0^{{{b}}} x^{{{n}}}\\,dx = \\frac{{{b}^{{{n + 1}}}}}{{{n + 1}}} "
            f"= {tex_number(norm)}$, so $c = {tex_number(c)}$."
        )
        data: dict[str, Any] = {"family": "power", "n": n, "b": b}
        if difficulty == 2:
            ask = "Find the constant c. Give an exact fraction."
            return exact_draft(
                prompt=f"{intro_l} {ask}",
                expected=c,
                data=data | {"ask": "constant"},
                hints=[
                    "A density integrates to 1 over its support: ∫ f(x) dx = 1.",
                    f"∫₀^{b} xⁿ dx = b^(n+1)/(n+1) with n = {n}.",
                ],
                solution=[
                    "The total probability must be 1: $c \\int_0^{b} x^{n}\\,dx = 1$.",
                    normalise,
                ],
                mistakes=[
                    mistake(
                        "misconception:inverted-constant",
                        norm,
                        "That is the integral of xⁿ itself; c is its reciprocal, so that c·∫f = 1.",
                    ),
                    mistake(
                        "misconception:uniform-constant",
                        Fraction(1, b),
                        f"1/{b} normalises a flat density on [0, {b}]; this one grows like xⁿ.",
                    ),
                    mistake(
                        "misconception:power-rule-divisor",
                        Fraction(1, b ** (n + 1)),
                        f"The antiderivative of xⁿ is x^(n+1)/(n+1): divide by {n + 1}.",
                    ),
                ],
            )
        cuts = [Fraction(b * i, 4) for i in range(5)]
        i, j = sorted(int(v) for v in rng.choice(5, size=2, replace=False))
        lo, hi = cuts[i], cuts[j]
        answer = (hi ** (n + 1) - lo ** (n + 1)) / b ** (n + 1)
        ask = f"Find P({text_number(lo)} ≤ X ≤ {text_number(hi)}). Give an exact fraction."
        ask_l = f"Find $P({tex_number(lo)} \\le X \\le {tex_number(hi)})$. Give an exact fraction."
        return exact_draft(
            prompt=f"{intro_l} {ask_l}",
            expected=answer,
            data=data | {"ask": "probability", "interval": fraction_strings([lo, hi])},
            hints=[
                "First find c from ∫ f(x) dx = 1 over the whole support.",
                "Then P(s ≤ X ≤ t) = ∫ₛᵗ f(x) dx.",
            ],
            solution=[
                normalise,
                f"$P = {tex_number(c)} \\int_{{{tex_number(lo)}}}^{{{tex_number(hi)}}} "
                f"x^{{{n}}}\\,dx "
                f"= {tex_number(c)} \\cdot "
                f"\\frac{{{parenthesised(hi)}^{{{n + 1}}} - "
                f"{parenthesised(lo)}^{{{n + 1}}}}}{{{n + 1}}} "
                f"= {tex_number(answer)}$.",
            ],
            mistakes=[
                mistake(
                    "misconception:unnormalised",
                    (hi ** (n + 1) - lo ** (n + 1)) / (n + 1),
                    "That integrates xⁿ without the constant c; find c first so that the "
                    "density integrates to 1.",
                ),
                mistake(
                    "misconception:density-for-probability",
                    c * hi**n,
                    f"That is the density at {text_number(hi)}, not a probability; integrate "
                    "the density "
                    "over the interval.",
                ),
            ],
        )

    def _discrete(self, rng: np.random.Generator) -> Draft:
        size = draw_int(rng, 3, 5)
        values = list(range(1, size + 1))
        form = pick(rng, ["k", "k^2", "table"])
        if form == "table":
            weights = [draw_int(rng, 1, 4) for _ in values]
            cells = [f"{w}c" if w > 1 else "c" for w in weights]
            intro = "A random variable X has this PMF, for a constant c:"
            header: list[Exact | str] = ["x", *values]
            prompt = f"{intro}\n\n{count_table_latex(header, [['P(X = x)', *cells]])}"
        else:
            weights = [v if form == "k" else v * v for v in values]
            rule_l = "c\\,k" if form == "k" else "c\\,k^2"
            prompt = f"A random variable $X$ has $P(X = k) = {rule_l}$ for $k = 1, \\dots, {size}$."
        total = sum(weights)
        c = Fraction(1, total)
        ask = ("\n\n" if form == "table" else " ") + "Find the constant c. Give an exact fraction."
        return exact_draft(
            prompt=prompt + ask,
            expected=c,
            data={"family": "discrete", "values": values, "weights": weights},
            hints=[
                "The probabilities of all values add up to 1.",
                f"Add the weights: c·({' + '.join(map(str, weights))}) = 1.",
            ],
            solution=[
                f"$\\sum_k P(X = k) = c\\,({' + '.join(map(str, weights))}) = {total}\\,c = 1$, "
                f"so $c = {tex_number(c)}$."
            ],
            mistakes=[
                mistake(
                    "misconception:inverted-constant",
                    total,
                    f"c·{total} must equal 1, so c = 1/{total}, not {total}.",
                ),
                mistake(
                    "misconception:uniform-constant",
                    Fraction(1, size),
                    f"1/{size} would make all values equally likely; here the weights differ.",
                ),
            ],
        )

    def _exponential(self, rng: np.random.Generator) -> Draft:
        rate = pick(rng, [Fraction(1, 2), Fraction(1), Fraction(2), Fraction(3), Fraction(3, 2)])
        t = pick(rng, [Fraction(1), Fraction(2), Fraction(3), Fraction(1, 2)])
        exponent = rate * t
        expected = f"exp(-{text_number(exponent)})"
        intro_l = (
            "A continuous random variable $X$ has density $f(x) = "
            f"c\\,e^{{-{tex_number(rate)}x}}$ "
            "for $x \\ge 0$ and $0$ for $x < 0$."
        )
        ask_l = f" Find $P(X > {tex_number(t)})$ (an exact expression such as exp(-2) is fine)."
        return exact_draft(
            prompt=intro_l + ask_l,
            expected=expected,
            data={"family": "exponential", "rate": text_number(rate), "t": text_number(t)},
            hints=[
                f"∫₀^∞ c·e^(−λx) dx = c/λ, so c = λ = {text_number(rate)}.",
                "P(X > t) = ∫ₜ^∞ λe^(−λx) dx.",
            ],
            solution=[
                f"Normalising: $\\int_0^\\infty c\\,e^{{-{tex_number(rate)}x}}\\,dx "
                "= "
                f"\\frac{{c}}{{{tex_number(rate)}}} = 1$, "
                f"so $c = {tex_number(rate)}$.",
                f"$P(X > {tex_number(t)}) = \\int_{{{tex_number(t)}}}^\\infty "
                f"{tex_number(rate)}\\,e^{{-{tex_number(rate)}x}}\\,dx"
                f" = e^{{-{tex_number(exponent)}}}$.",
            ],
            mistakes=[
                Misconception(
                    "misconception:cdf-for-tail",
                    f"1 - {expected}",
                    f"That is P(X ≤ {text_number(t)}); the question asks for the tail beyond it.",
                ),
                Misconception(
                    "misconception:density-for-probability",
                    f"{text_number(rate)}*{expected}",
                    f"That is the density f({text_number(t)}), not a probability; integrate from "
                    f"{text_number(t)} to ∞.",
                ),
            ],
        )


def fraction_strings(values: Sequence[Exact]) -> list[str]:
    return [text_number(v) for v in values]
