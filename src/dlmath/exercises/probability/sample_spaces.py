"""probability.sample-spaces: counting equally likely outcomes (dice, coins, cards)."""

from __future__ import annotations

from fractions import Fraction
from typing import TYPE_CHECKING

from dlmath.exercises.base import Draft, Generator
from dlmath.exercises.kit import pick
from dlmath.exercises.probability.counting import COUNTING_FAMILIES, favourable_and_total
from dlmath.exercises.probability.drafting import exact_draft, ratio_latex
from dlmath.exercises.registry import register

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np


@register
class SampleSpaces(Generator):
    """The probability of an event by counting equally likely outcomes: directly at
    difficulty 1, through a complement or inclusion–exclusion at 2, in larger spaces
    (three dice, hands of cards) at 3."""

    skill = "probability.sample-spaces"
    version = 1

    def generate(self, rng: np.random.Generator, difficulty: int) -> Draft:
        c = pick(rng, COUNTING_FAMILIES[difficulty])(rng)
        favourable, total = favourable_and_total(c.space, c.n, c.event)
        p = Fraction(favourable, total)
        ask = f"{c.setting} What is the probability that {c.question}?"
        return exact_draft(
            prompt=ask + " Give an exact fraction.",
            expected=p,
            data={"space": c.space, "n": c.n, "event": c.event},
            hints=c.hints,
            solution=[
                *c.steps,
                f"So the probability is ${ratio_latex(favourable, total)}$.",
            ],
            mistakes=c.mistakes,
        )
