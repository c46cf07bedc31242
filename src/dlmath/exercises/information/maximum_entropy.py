"""information.maximum-entropy: the distribution of largest entropy under constraints.
Level 1 fixes the probability of a set of values (uniform inside and outside it), level 2
fixes the mean on {0, 1, 2} (the Gibbs form p_k ∝ rᵏ), level 3 fixes the mean on an
infinite support (geometric on {0, 1, 2, ...}, exponential on [0, ∞)). Answers are exact.
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import TYPE_CHECKING

from dlmath.exercises.base import Draft, Generator, Misconception
from dlmath.exercises.kit import draw_int, pick
from dlmath.exercises.kit import tex_number as _lx
from dlmath.exercises.kit import text_number as _t
from dlmath.exercises.registry import register

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np

RATIOS = tuple(Fraction(v) for v in ("2", "3", "1/2", "1/3", "3/2", "2/3", "4", "1/4"))
MEANS = tuple(Fraction(v) for v in ("1", "2", "3", "4", "1/2", "3/2", "5/2", "1/3"))
SET_MASSES = tuple(Fraction(v) for v in ("1/2", "1/3", "2/3", "1/4", "3/4", "3/5", "2/5", "9/10"))


@register
class MaximumEntropy(Generator):
    """Maximise H(p) subject to constraints: the solution has the Gibbs form."""

    skill = "information.maximum-entropy"
    version = 1

    def generate(self, rng: np.random.Generator, difficulty: int) -> Draft:
        if difficulty == 1:
            return self._set_mass(rng)
        if difficulty == 2:
            return self._mean_on_three(rng)
        if rng.random() < 0.5:
            return self._geometric(rng)
        return self._exponential(rng)

    @staticmethod
    def _set_mass(rng: np.random.Generator) -> Draft:
        k = draw_int(rng, 4, 12)
        size = draw_int(rng, 1, k - 1)
        a = pick(rng, SET_MASSES)
        while a == Fraction(size, k):
            a = pick(rng, SET_MASSES)
        inside = rng.random() < 0.5
        j = draw_int(rng, 1, size) if inside else draw_int(rng, size + 1, k)
        answer = a / size if inside else (1 - a) / (k - size)
        other = (1 - a) / (k - size) if inside else a / size
        return Draft(
            prompt=(
                f"$X$ takes the values $1, \\dots, {k}$, and all that is known is "
                f"$P(X \\le {size}) = {_lx(a)}$. Under the maximum-entropy principle, what is "
                f"$P(X = {j})$?"
            ),
            kind="number",
            expected=_t(answer),
            data={"k": k, "size": size, "mass": _t(a), "j": j},
            hints=[
                "With no other information, spread each block's probability evenly over it.",
                "Grouping: H = h(a) + a·H(inside) + (1 − a)·H(outside), each part largest when "
                "uniform.",
            ],
            solution=(
                f"By grouping, the entropy is $h({_lx(a)}) + {_lx(a)} H_{{\\le {size}}} + "
                f"{_lx(1 - a)} H_{{> {size}}}$, largest when both blocks are uniform: "
                f"$P(X = {j}) = "
                + (
                    f"\\frac{{{_lx(a)}}}{{{size}}}"
                    if inside
                    else f"\\frac{{{_lx(1 - a)}}}{{{k - size}}}"
                )
                + f" = {_lx(answer)}$."
            ),
            misconceptions=[
                Misconception(
                    "misconception:constraint-ignored",
                    _t(Fraction(1, k)),
                    f"1/{k} is the maximum-entropy answer with no constraint; here the values "
                    f"up to {size} must carry probability {_t(a)} together.",
                ),
                Misconception(
                    "misconception:wrong-block",
                    _t(other),
                    f"{j} is {'inside' if inside else 'outside'} the set {{1, ..., {size}}}: "
                    "share that block's probability among its values.",
                ),
                Misconception(
                    "misconception:not-shared",
                    _t(a if inside else 1 - a),
                    "That is the probability of the whole block; the principle shares it "
                    "evenly among the block's values.",
                ),
            ],
        )

    @staticmethod
    def _mean_on_three(rng: np.random.Generator) -> Draft:
        r = pick(rng, RATIOS)
        z = 1 + r + r * r
        p = [1 / z, r / z, r * r / z]
        mean = p[1] + 2 * p[2]
        j = draw_int(rng, 0, 2)
        tilt = [Fraction(1, 3) + (mean - 1) / 2 * (i - 1) for i in range(3)]
        return Draft(
            prompt=(
                f"$X \\in \\{{0, 1, 2\\}}$ has mean $E[X] = {_lx(mean)}$ and nothing else is "
                f"known. Find the maximum-entropy distribution; what is $P(X = {j})$?"
            ),
            kind="number",
            expected=_t(p[j]),
            data={"mean": _t(mean), "j": j},
            hints=[
                "Lagrange multipliers give the Gibbs form p_k ∝ e^{λk} = rᵏ.",
                "With p = (1, r, r²)/(1 + r + r²), the mean condition is a quadratic in r.",
            ],
            solution="\n\n".join(
                [
                    "Maximising $-\\sum p_k \\ln p_k$ with $\\sum p_k = 1$ and $\\sum k p_k = "
                    f"{_lx(mean)}$ gives $p_k \\propto r^k$ with $r = e^\\lambda$.",
                    f"$\\frac{{r + 2r^2}}{{1 + r + r^2}} = {_lx(mean)}$ has the positive root "
                    f"$r = {_lx(r)}$, so $p = ({_lx(p[0])}, {_lx(p[1])}, {_lx(p[2])})$ and "
                    f"$P(X = {j}) = {_lx(p[j])}$.",
                ]
            ),
            misconceptions=[
                Misconception(
                    "misconception:constraint-ignored",
                    "1/3",
                    "The uniform distribution has mean 1; the constraint moves the mass, in "
                    "the Gibbs form p_k ∝ rᵏ.",
                ),
                Misconception(
                    "misconception:linear-tilt",
                    _t(tilt[j]),
                    "A linear shift of the uniform distribution meets the mean but does not "
                    "maximise entropy; the maximiser is exponential in k: p_k ∝ rᵏ.",
                ),
            ],
        )

    @staticmethod
    def _geometric(rng: np.random.Generator) -> Draft:
        mu, j = pick(rng, MEANS), draw_int(rng, 0, 4)
        q = mu / (1 + mu)
        answer = (1 - q) * q**j
        poisson = f"exp(-{_t(mu)})*{_t(mu**j)}/{math.factorial(j)}" if j else f"exp(-{_t(mu)})"
        return Draft(
            prompt=(
                f"A count $X \\in \\{{0, 1, 2, \\dots\\}}$ has mean ${_lx(mu)}$ and nothing else "
                f"is known. Under the maximum-entropy principle, what is $P(X = {j})$?"
            ),
            kind="number",
            expected=_t(answer),
            data={"support": "counts", "mean": _t(mu), "j": j},
            hints=[
                "The Gibbs form p_k ∝ qᵏ on {0, 1, 2, ...} is the geometric distribution.",
                "p_k = (1 − q) qᵏ has mean q/(1 − q); solve for q.",
            ],
            solution=(
                f"$p_k = (1 - q) q^k$ with $\\frac{{q}}{{1 - q}} = {_lx(mu)}$, so $q = {_lx(q)}$ "
                f"and "
                f"$P(X = {j}) = {_lx(1 - q)} \\cdot ({_lx(q)})^{{{j}}} = {_lx(answer)}$."
            ),
            misconceptions=[
                Misconception(
                    "misconception:poisson",
                    poisson,
                    "The Poisson distribution is not the maximum-entropy count for a given "
                    "mean; the Gibbs form p_k ∝ qᵏ is geometric.",
                ),
            ]
            + (
                [
                    Misconception(
                        "misconception:q-for-one-minus-q",
                        _t(q * (1 - q) ** j),
                        "P(X = 0) = 1 − q and the ratio of successive terms is "
                        f"q = μ/(1 + μ) = {_t(q)}.",
                    )
                ]
                if q != Fraction(1, 2)
                else []
            ),
        )

    @staticmethod
    def _exponential(rng: np.random.Generator) -> Draft:
        mu, x = pick(rng, MEANS), Fraction(draw_int(rng, 1, 6), pick(rng, (1, 2)))
        rate = 1 / mu
        return Draft(
            prompt=(
                f"A waiting time $T \\ge 0$ has mean ${_lx(mu)}$ and nothing else is known. "
                "Under the maximum-entropy principle, what is its density at "
                f"$t = {_lx(x)}$ (an exact expression)?"
            ),
            kind="number",
            expected=(f"{_t(rate)}*" if rate != 1 else "") + f"exp({_t(-rate * x)})",
            data={"support": "half-line", "mean": _t(mu), "t": _t(x)},
            hints=[
                "On [0, ∞) with a fixed mean, the Gibbs form p(t) ∝ e^{−λt} is exponential.",
                "The exponential density with mean μ is (1/μ) e^{−t/μ}.",
            ],
            solution=(
                f"$p(t) = \\frac{{1}}{{\\mu}} e^{{-t/\\mu}}$ with $\\mu = {_lx(mu)}$: "
                f"$p({_lx(x)}) = {_lx(rate)}\\, e^{{{_lx(-rate * x)}}}$."
            ),
            misconceptions=[
                Misconception(
                    "misconception:mean-for-rate",
                    f"{_t(mu)}*exp({_t(-mu * x)})",
                    "The exponential density with mean μ has rate 1/μ: (1/μ) e^{−t/μ}.",
                )
            ]
            if mu != 1
            else [],
        )
