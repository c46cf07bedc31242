"""information.kl-divergence: relative entropy D(P ‖ Q) of two distributions."""

from __future__ import annotations

from fractions import Fraction
from typing import TYPE_CHECKING

from dlmath.exercises.base import Draft, Generator
from dlmath.exercises.information.distribution_pairs import two_distributions
from dlmath.exercises.information.entropy_steps import (
    UNIT_WORD,
    terms_latex,
)
from dlmath.exercises.information.mistakes import candidate, unit_mistake
from dlmath.exercises.information.random_tables import (
    fractions_json,
    row_latex,
)
from dlmath.exercises.kit import pick
from dlmath.exercises.kit.logs import (
    BITS,
    NATS,
    cross_entropy,
    kl_divergence,
    unit_symbol,
)
from dlmath.exercises.registry import register

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np


def _kl_latex(p: list[Fraction], q: list[Fraction], unit: str) -> str:
    pairs = [(a, b) for a, b in zip(p, q, strict=True) if a]
    return terms_latex([a for a, _ in pairs], [a / b for a, b in pairs], unit)


@register
class KLDivergence(Generator):
    """KL(p ‖ q) of two distributions on 2 outcomes in bits (difficulty 1); on 3 outcomes,
    either direction, in bits or nats (2); on 3–4 outcomes, with p sometimes zero
    somewhere (3)."""

    skill = "information.kl-divergence"
    version = 1

    def generate(self, rng: np.random.Generator, difficulty: int) -> Draft:
        k = {1: 2, 2: 3, 3: int(rng.integers(3, 5))}[difficulty]
        denominators = {1: [2, 3, 4], 2: [4, 5, 6, 8], 3: [6, 8, 10, 12]}[difficulty]
        zero_in_p = difficulty == 3 and rng.random() < 0.5
        p, q = two_distributions(rng, k, denominators, zero_in_p)
        unit = BITS if difficulty == 1 else pick(rng, [BITS, NATS])
        reverse = difficulty >= 2 and not zero_in_p and rng.random() < 0.5
        first, second = (q, p) if reverse else (p, q)
        name = r"\mathrm{KL}(q \| p)" if reverse else r"\mathrm{KL}(p \| q)"
        plain = "KL(q || p)" if reverse else "KL(p || q)"
        kl = kl_divergence(first, second)
        mistakes = [unit_mistake(kl, unit)]
        if 0 not in first and 0 not in second:
            mistakes.append(
                candidate(
                    "misconception:reversed-kl",
                    kl_divergence(second, first),
                    unit,
                    f"That is the divergence the other way round. KL is not symmetric: in "
                    f"{plain} the expectation and the numerator of the ratio use the first "
                    "distribution.",
                )
            )
        mistakes.append(
            candidate(
                "misconception:cross-entropy-for-kl",
                cross_entropy(first, second),
                unit,
                "That is the cross-entropy H(first, second); KL subtracts the entropy of the "
                "first distribution: KL = H(first, second) − H(first).",
            )
        )
        question = f"Find ${name}$ in {UNIT_WORD[unit]}."
        hints = [
            f"${name} = \\sum_i {'q' if reverse else 'p'}_i {unit_symbol(unit)} "
            f"\\frac{{{'q' if reverse else 'p'}_i}}{{{'p' if reverse else 'q'}_i}}$.",
            "The order matters: the expectation is under the first distribution.",
        ]
        if zero_in_p:
            hints.append("A term with $p_i = 0$ contributes 0.")
        solution = [
            hints[0],
            f"${name} = {_kl_latex(first, second, unit)} = {kl.latex(unit)}"
            f"{kl.approx_latex(unit)}$ {unit}.",
        ]
        given = f"$p = {row_latex(p)}$ and $q = {row_latex(q)}$"
        return Draft(
            prompt=f"Two distributions on {k} outcomes: {given}. {question}",
            kind="number",
            expected=kl.text(unit),
            data={"p": fractions_json(p), "q": fractions_json(q), "ask": plain, "unit": unit},
            hints=hints,
            solution="\n\n".join(solution),
            misconceptions=mistakes,
        )
