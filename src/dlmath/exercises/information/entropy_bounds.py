"""information.discrete-entropy-bounds: 0 ≤ H(X) ≤ log K. The largest entropy of a
K-valued variable in bits or nats (level 1), how far a given distribution falls short of
it (level 2), and the largest entropy when one probability is fixed (level 3, the
grouping rule). Answers are exact sums of logarithms.
"""

from __future__ import annotations

from fractions import Fraction
from typing import TYPE_CHECKING

from dlmath.exercises.base import Draft, Generator, Misconception
from dlmath.exercises.kit import draw_int, pick
from dlmath.exercises.kit import tex_number as _lx
from dlmath.exercises.kit import text_number as _t
from dlmath.exercises.kit.distributions import random_pmf
from dlmath.exercises.kit.logs import BITS, NATS, LogSum, entropy, other_unit
from dlmath.exercises.kit.values import json_vector
from dlmath.exercises.registry import register

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np

#: Things with K possible values, for the prompts.
ALPHABETS = (
    "a class label with {k} classes",
    "a token from a vocabulary of {k} words",
    "the face of a die with {k} faces",
    "a cluster assignment among {k} clusters",
)
FIXED = tuple(Fraction(t) for t in ("1/2", "1/4", "3/4", "1/3", "2/3", "1/5", "2/5", "3/5", "1/8"))


def _log(k: int, unit: str) -> str:
    if unit == BITS and k & (k - 1) == 0:
        return str(k.bit_length() - 1)
    return f"log2({k})" if unit == BITS else f"log({k})"


@register
class DiscreteEntropyBounds(Generator):
    """The uniform distribution has the most entropy; constraints lower the maximum."""

    skill = "information.discrete-entropy-bounds"
    version = 1

    def generate(self, rng: np.random.Generator, difficulty: int) -> Draft:
        if difficulty == 1:
            return self._maximum(rng)
        if difficulty == 2:
            return self._shortfall(rng)
        return self._one_fixed(rng)

    @staticmethod
    def _maximum(rng: np.random.Generator) -> Draft:
        k, unit = draw_int(rng, 3, 40), pick(rng, (BITS, NATS))
        thing = pick(rng, ALPHABETS).format(k=k)
        wrong = [
            Misconception(
                "misconception:count-not-log",
                str(k),
                f"Entropy counts the values on a log scale: the most is log {k}, not {k}.",
            ),
            Misconception(
                "misconception:wrong-unit",
                _log(k, other_unit(unit)),
                f"The question asks for {unit}: use "
                + ("log base 2." if unit == BITS else "the natural logarithm."),
            ),
        ]
        if unit == BITS:
            wrong.append(
                Misconception(
                    "misconception:one-bit",
                    "1",
                    f"One bit is the most for two values; {k} values can carry up to log₂ {k} "
                    f"bits.",
                )
            )
        return Draft(
            prompt=f"$X$ is {thing}. What is the largest entropy $H(X)$ can have, in {unit}?",
            kind="number",
            expected=_log(k, unit),
            data={"k": k, "unit": unit},
            hints=[
                "By Gibbs' inequality, H(X) ≤ log K, with equality only for the uniform "
                "distribution.",
            ],
            solution=(
                f"$H(X) \\le \\log {k}$ with equality for the uniform distribution "
                f"$P(X = x) = \\frac{{1}}{{{k}}}$: the largest value is "
                + (f"$\\log_2 {k}$ bits." if unit == BITS else f"$\\ln {k}$ nats.")
            ),
            misconceptions=wrong,
        )

    @staticmethod
    def _shortfall(rng: np.random.Generator) -> Draft:
        k = draw_int(rng, 3, 5)
        while True:
            p = random_pmf(rng, k, pick(rng, (8, 12, 16, 10)), 1)
            if len(set(p)) > 1:
                break
        h = entropy(p)
        top = LogSum.of(k)
        answer = top - h
        listed = ", ".join(_lx(v) for v in p)
        return Draft(
            prompt=(
                f"A model predicts the distribution $p = ({listed})$ over ${k}$ classes. By "
                "how many bits is its entropy below the largest possible entropy over "
                f"${k}$ classes?"
            ),
            kind="number",
            expected=answer.text(BITS),
            data={"p": json_vector(p)},
            hints=[
                f"The largest entropy over {k} classes is log₂ {k} bits (the uniform "
                f"distribution).",
                "The gap log₂ K − H(p) equals KL(p ‖ uniform).",
            ],
            solution="\n\n".join(
                [
                    f"$H(p) = -\\sum_i p_i \\log_2 p_i = {h.latex(BITS)}{h.approx_latex(BITS)}$ "
                    f"bits.",
                    f"The gap is $\\log_2 {k} - H(p) = {answer.latex(BITS)}"
                    f"{answer.approx_latex(BITS)}$ bits, which is $KL(p \\,\\|\\, u)$ for the "
                    "uniform $u$.",
                ]
            ),
            misconceptions=[
                Misconception(
                    "misconception:entropy-not-gap",
                    h.text(BITS),
                    f"That is H(p) itself; the question asks how far it falls below log₂ {k}.",
                ),
                Misconception(
                    "misconception:gap-from-one-bit",
                    (LogSum.of(2) - h).text(BITS),
                    f"With {k} classes the maximum is log₂ {k} bits, not 1 bit.",
                ),
            ],
        )

    @staticmethod
    def _one_fixed(rng: np.random.Generator) -> Draft:
        k, p0 = draw_int(rng, 3, 12), pick(rng, FIXED)
        while p0 == Fraction(1, k):  # then the uniform distribution meets the constraint
            p0 = pick(rng, FIXED)
        grouped = entropy([p0, 1 - p0])
        spread = LogSum.of(k - 1).scaled(1 - p0)
        answer = grouped + spread
        return Draft(
            prompt=(
                f"$X$ takes ${k}$ values, and $P(X = 1) = {_lx(p0)}$ is known. What is the "
                "largest possible entropy $H(X)$, in bits?"
            ),
            kind="number",
            expected=answer.text(BITS),
            data={"k": k, "p0": _t(p0)},
            hints=[
                f"Spread the remaining probability {_t(1 - p0)} evenly over the other {k - 1} "
                f"values.",
                "Grouping: H(X) = h(P(X = 1)) + P(X ≠ 1) · H(X | X ≠ 1).",
            ],
            solution="\n\n".join(
                [
                    f"Group the outcomes into $\\{{X = 1\\}}$ and $\\{{X \\ne 1\\}}$: "
                    f"$H(X) = h({_lx(p0)}) + {_lx(1 - p0)}\\, H(X \\mid X \\ne 1)$.",
                    f"$H(X \\mid X \\ne 1) \\le \\log_2 {k - 1}$, reached by the uniform "
                    f"distribution on the other values, so the maximum is "
                    f"$h({_lx(p0)}) + {_lx(1 - p0)} \\log_2 {k - 1} = {answer.latex(BITS)}"
                    f"{answer.approx_latex(BITS)}$ bits.",
                ]
            ),
            misconceptions=[
                Misconception(
                    "misconception:constraint-ignored",
                    f"log2({k})",
                    f"log₂ {k} needs every value at probability 1/{k}, but P(X = 1) = {_t(p0)} is "
                    f"fixed.",
                ),
                Misconception(
                    "misconception:grouping-term-dropped",
                    spread.text(BITS) if not spread.is_zero() else "0",
                    "The grouping rule has two terms: the uncertainty of whether X = 1, "
                    f"h({_t(p0)}), and the weighted entropy of the rest.",
                ),
                Misconception(
                    "misconception:rest-not-weighted",
                    (grouped + LogSum.of(k - 1)).text(BITS),
                    f"The entropy of the other values counts only when X ≠ 1: weight "
                    f"log₂ {k - 1} by {_t(1 - p0)}.",
                ),
            ],
        )
