"""information.inequalities: the independence bound H(X, Y) ≤ H(X) + H(Y) (level 1), the
data-processing inequality through two noisy binary channels (level 2) and Fano's lower
bound on the error of any estimator (level 3). Answers are exact, in bits.
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import TYPE_CHECKING

from dlmath.exercises.base import Draft, Generator, Misconception
from dlmath.exercises.kit import draw_int, pick
from dlmath.exercises.kit import tex_number as _lx
from dlmath.exercises.kit import text_number as _t
from dlmath.exercises.kit.distributions import random_pmf
from dlmath.exercises.kit.logs import BITS, LogSum, entropy
from dlmath.exercises.kit.values import json_vector
from dlmath.exercises.registry import register

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np

FLIPS = tuple(Fraction(t) for t in ("1/10", "1/5", "1/4", "1/3", "3/10", "2/5", "1/8", "3/8"))


def _ratio(v: Fraction) -> str:
    """A numerator in a quotient: ``(3/4)`` keeps ``(3/4)/log2(5)`` unambiguous."""
    return _t(v) if v.denominator == 1 else f"({_t(v)})"


def _pmf_list(p: list[Fraction]) -> str:
    return "(" + ", ".join(_lx(v) for v in p) + ")"


def _binary(e: Fraction) -> LogSum:
    return entropy([e, 1 - e])


@register
class InformationInequalities(Generator):
    """Bounds that follow from Gibbs' inequality: independence, data processing, Fano."""

    skill = "information.inequalities"
    version = 1

    def generate(self, rng: np.random.Generator, difficulty: int) -> Draft:
        if difficulty == 1:
            return self._independence_bound(rng)
        if difficulty == 2:
            return self._data_processing(rng)
        return self._fano(rng)

    @staticmethod
    def _independence_bound(rng: np.random.Generator) -> Draft:
        kx, ky = draw_int(rng, 2, 3), draw_int(rng, 2, 4)
        px, py = (
            random_pmf(rng, kx, pick(rng, (4, 8, 6)), 1),
            random_pmf(rng, ky, pick(rng, (4, 8, 10)), 1),
        )
        hx, hy = entropy(px), entropy(py)
        answer = hx + hy
        bigger = hx if hx.value(BITS) >= hy.value(BITS) else hy
        return Draft(
            prompt=(
                f"$X$ has the distribution ${_pmf_list(px)}$ and $Y$ the distribution "
                f"${_pmf_list(py)}$; how they depend on each other is unknown. What is the "
                "largest possible joint entropy $H(X, Y)$, in bits?"
            ),
            kind="number",
            expected=answer.text(BITS),
            data={"px": json_vector(px), "py": json_vector(py)},
            hints=[
                "H(X, Y) = H(X) + H(Y) − I(X; Y), and I(X; Y) ≥ 0.",
                "The bound is reached when X and Y are independent.",
            ],
            solution="\n\n".join(
                [
                    f"$H(X) = {hx.latex(BITS)}$ and $H(Y) = {hy.latex(BITS)}$ bits.",
                    "$H(X, Y) = H(X) + H(Y) - I(X; Y) \\le H(X) + H(Y)$, with equality for "
                    f"independent $X$ and $Y$: the largest value is ${answer.latex(BITS)}"
                    f"{answer.approx_latex(BITS)}$ bits.",
                ]
            ),
            misconceptions=[
                m
                for m in [
                    Misconception(
                        "misconception:uniform-product",
                        f"log2({kx * ky})",
                        f"log₂ {kx * ky} needs a uniform joint distribution, but the marginals are "
                        "fixed; the most the joint can reach is H(X) + H(Y).",
                    ),
                    Misconception(
                        "misconception:max-not-sum",
                        bigger.text(BITS),
                        "That is the larger marginal entropy, the least H(X, Y) can be; the most "
                        "is reached by independence: H(X) + H(Y).",
                    ),
                ]
                if m.answer != f"log2({kx * ky})" or answer != LogSum.of(kx * ky)
            ],
        )

    @staticmethod
    def _data_processing(rng: np.random.Generator) -> Draft:
        e1, e2 = pick(rng, FLIPS), pick(rng, FLIPS)
        e = e1 * (1 - e2) + e2 * (1 - e1)
        one = LogSum.of(2)  # 1 bit
        answer = one - _binary(e)
        first = one - _binary(e1)
        added = one - _binary(e1) - _binary(e2)
        return Draft(
            prompt=(
                "A fair bit $X$ is sent through a noisy channel that flips it with probability "
                f"${_lx(e1)}$, giving $Y$; $Y$ is sent through a second channel that flips it "
                f"with probability ${_lx(e2)}$, giving $Z$. Compute $I(X; Z)$ in bits."
            ),
            kind="number",
            expected=answer.text(BITS),
            data={"e1": _t(e1), "e2": _t(e2)},
            hints=[
                "Z differs from X when exactly one of the two channels flips.",
                "For a fair input bit and flip probability ε, I = 1 − h(ε) with "
                "h(ε) = −ε log₂ ε − (1 − ε) log₂(1 − ε).",
            ],
            solution="\n\n".join(
                [
                    f"$P(Z \\ne X) = \\varepsilon_1(1 - \\varepsilon_2) + \\varepsilon_2(1 - "
                    f"\\varepsilon_1) = {_lx(e)}$.",
                    "$Z$ is a fair bit and $H(Z \\mid X) = h(" + _lx(e) + ")$, so "
                    f"$I(X; Z) = 1 - h({_lx(e)}) = "
                    f"{answer.latex(BITS)}{answer.approx_latex(BITS)}$ bits.",
                    f"As the data-processing inequality says, this is at most $I(X; Y) = 1 - "
                    f"h({_lx(e1)}) \\approx {first.value(BITS):.4f}$.",
                ]
            ),
            misconceptions=[
                Misconception(
                    "misconception:second-channel-ignored",
                    first.text(BITS),
                    "That is I(X; Y); processing Y further through a noisy channel can only "
                    "lose information about X (the data-processing inequality).",
                ),
                Misconception(
                    "misconception:losses-added",
                    added.text(BITS),
                    "The two channels' losses do not add: compose the channels first, the "
                    "flip probability of X → Z is ε₁(1 − ε₂) + ε₂(1 − ε₁).",
                ),
            ],
        )

    @staticmethod
    def _fano(rng: np.random.Generator) -> Draft:
        k = draw_int(rng, 3, 16)
        top = math.floor(4 * math.log2(k) - 1e-9)
        h = Fraction(draw_int(rng, 5, max(5, top)), 4)
        answer = f"{_ratio(h - 1)}/log2({k - 1})" if k != 3 else _t(h - 1)
        return Draft(
            prompt=(
                f"A label $X$ takes $K = {k}$ values, and a feature $Y$ leaves "
                f"$H(X \\mid Y) = {_lx(h)}$ bits of uncertainty about it. By Fano's inequality, "
                "what is the smallest error probability $P(\\hat X(Y) \\ne X)$ that any "
                "classifier $\\hat X(Y)$ could have? Use the weak form "
                "$P_e \\ge (H(X \\mid Y) - 1)/\\log_2(K - 1)$."
            ),
            kind="number",
            expected=answer,
            data={"k": k, "h": _t(h)},
            hints=[
                "An error leaves at most log₂(|𝒳| − 1) bits about which wrong label; a "
                "correct guess leaves none; telling the two apart costs at most 1 bit.",
                "Solve H(X | Y) ≤ 1 + Pₑ log₂(|𝒳| − 1) for Pₑ.",
            ],
            solution=(
                f"$P_e \\ge \\frac{{H(X \\mid Y) - 1}}{{\\log_2({k} - 1)}} = "
                f"\\frac{{{_lx(h - 1)}}}{{\\log_2 {k - 1}}} \\approx "
                f"{float(h - 1) / math.log2(k - 1):.4f}$."
            ),
            misconceptions=[
                Misconception(
                    "misconception:log-of-k",
                    f"{_ratio(h - 1)}/log2({k})",
                    f"After an error only the {k - 1} wrong labels remain: divide by "
                    f"log₂({k} − 1), not log₂ {k}.",
                ),
                Misconception(
                    "misconception:bit-not-subtracted",
                    f"{_ratio(h)}/log2({k - 1})",
                    "One bit of H(X | Y) may go to saying whether the guess is wrong: "
                    "subtract 1 before dividing.",
                ),
            ],
        )
