"""information.entropy: the entropy of a discrete distribution, in bits or nats.

Probabilities are small fractions, so every answer is an exact sum of logarithms
(``log2(3) - 2/3``), written in the unit the exercise asks for."""

from __future__ import annotations

from fractions import Fraction
from typing import TYPE_CHECKING

from dlmath.exercises.base import Draft, Generator
from dlmath.exercises.information.entropy_steps import (
    UNIT_WORD,
    entropy_steps,
)
from dlmath.exercises.information.mistakes import candidate, unit_mistake
from dlmath.exercises.information.random_tables import (
    dyadic,
    fractions_json,
    rational,
    row_latex,
)
from dlmath.exercises.kit import composition, pick
from dlmath.exercises.kit.logs import (
    BITS,
    NATS,
    LogSum,
    entropy,
    unit_symbol,
)
from dlmath.exercises.registry import register

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np


@register
class Entropy(Generator):
    """H(p) of a small distribution: 2–5 dyadic probabilities in bits, a rational answer
    (difficulty 1); 3–4 general fractions in bits or nats (2); raw counts of 4–5 outcomes,
    one of which never happened (3)."""

    skill = "information.entropy"
    # 2: level 1 draws 2–5 outcomes, not 2–4 (3/2 was the answer of 38% of them)
    version = 2

    def generate(self, rng: np.random.Generator, difficulty: int) -> Draft:
        counts: list[int] | None = None
        if difficulty == 1:
            p = dyadic(rng, int(rng.integers(2, 6)))
            unit = BITS
        elif difficulty == 2:
            p = rational(rng, int(rng.integers(3, 5)), [3, 4, 6, 8, 9, 10, 12])
            unit = pick(rng, [BITS, BITS, NATS])
        else:
            k = int(rng.integers(4, 6))
            n = int(rng.integers(10, 25))
            counts = composition(rng, n, k - 1)
            counts.insert(int(rng.integers(k)), 0)  # an outcome that never happened
            p = [Fraction(c, n) for c in counts]
            unit = pick(rng, [BITS, NATS])
        h = entropy(p)
        k = len(p)
        surprisals = LogSum()
        for x in p:
            if x:
                surprisals = surprisals + LogSum.of(1 / x)
        mistakes = [
            unit_mistake(h, unit),
            candidate(
                "misconception:uniform-assumed",
                LogSum.of(k),
                unit,
                f"log {k} is the entropy of the uniform distribution on {k} outcomes, the "
                "largest possible; this distribution is not uniform. Weight each surprisal "
                "log(1/p) by its probability p.",
            ),
            candidate(
                "misconception:unweighted-surprisals",
                surprisals,
                unit,
                "You added the surprisals log(1/p) without weighting them: entropy is the "
                "expected surprisal, Σ p log(1/p).",
            ),
        ]
        misconceptions = mistakes
        if counts is None:
            given_md = f"$p = {row_latex(p)}$"
            intro = f"A random variable X takes {k} values with probabilities"
        else:
            given_md = f"counts ${row_latex([Fraction(c) for c in counts])}$"
            intro = (
                f"In {sum(counts)} independent draws of a variable X with {k} possible values, "
                "the values were seen with"
            )
        ask = (
            f"Find the entropy $H(X)$ in {UNIT_WORD[unit]}, using the observed frequencies "
            "as the probabilities."
            if counts is not None
            else f"Find the entropy $H(X)$ in {UNIT_WORD[unit]}."
        )
        hints = [
            f"$H(X) = \\sum_i p_i {unit_symbol(unit)} \\frac{{1}}{{p_i}}$.",
            "Write each term with the probability as a fraction; exact answers such as "
            f"`{'log2(3) - 2/3' if unit == BITS else 'log(3) - 2/3*log(2)'}` are welcome.",
        ]
        if counts is not None:
            hints.append(
                "Divide each count by the total first. An outcome that never happened "
                "contributes 0 (the limit of p log(1/p) as p → 0)."
            )
        solution = [
            f"$H(X) = \\sum_i p_i {unit_symbol(unit)} \\frac{{1}}{{p_i}}$.",
        ]
        if counts is not None:
            solution.append(
                f"The frequencies are $p = {row_latex(p)}$; the outcome with count 0 "
                "contributes $0$."
            )
        solution.append(f"$H(X) = {entropy_steps(p, unit)}$ {unit}.")
        return Draft(
            prompt=f"{intro} {given_md}. {ask}",
            kind="number",
            expected=h.text(unit),
            data={
                "p": fractions_json(p),
                "counts": counts,
                "unit": unit,
            },
            hints=hints,
            solution="\n\n".join(solution),
            misconceptions=misconceptions,
        )
