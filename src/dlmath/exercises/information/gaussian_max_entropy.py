"""information.gaussian-max-entropy: among densities with a given variance the Gaussian
has the largest entropy, ½ log(2πeσ²) nats. Level 1 states the variance, level 2 gives a
density (uniform, exponential, Laplace) whose variance must be found first, level 3 asks
KL(p ‖ N(m, s²)) = −h(p) + ½ log(2πs²) + E_p[(X − m)²]/(2s²), the cross-entropy argument
behind the theorem. Answers are exact expressions in nats.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING

from dlmath.exercises.base import Draft, Generator, Misconception
from dlmath.exercises.kit import draw_int, pick
from dlmath.exercises.kit import tex_number as _lx
from dlmath.exercises.kit import text_number as _t
from dlmath.exercises.kit.values import signed_term
from dlmath.exercises.registry import register

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np

FAMILIES = ("uniform", "exponential", "laplace")
RATES = tuple(Fraction(v) for v in ("1/2", "2", "3", "1/3", "4", "3/2"))


@dataclass(frozen=True)
class Density:
    """A density with exact moments, its entropy (input-language text and LaTeX) and its name."""

    family: str
    param: Fraction  # width, rate or scale
    start: int  # left end (uniform) or location (Laplace); 0 for the exponential
    mean: Fraction
    variance: Fraction
    entropy_text: str  # in nats
    entropy_latex: str
    latex: str


def _density(rng: np.random.Generator, family: str) -> Density:
    if family == "uniform":
        a, w = draw_int(rng, -4, 4), Fraction(draw_int(rng, 1, 9))
        return Density(
            family,
            w,
            a,
            a + w / 2,
            w * w / 12,
            f"log({_t(w)})",
            f"\\ln {_lx(w)}",
            f"uniform on $[{a}, {a + w}]$",
        )
    if family == "exponential":
        lam = pick(rng, RATES)
        return Density(
            family,
            lam,
            0,
            1 / lam,
            1 / (lam * lam),
            f"1 - log({_t(lam)})",
            f"1 - \\ln {_lx(lam)}",
            f"exponential with rate $\\lambda = {_lx(lam)}$",
        )
    m, b = draw_int(rng, -4, 4), pick(rng, (Fraction(1), Fraction(2), Fraction(3), Fraction(1, 2)))
    text, latex = ("1", "1") if 2 * b == 1 else (f"1 + log({_t(2 * b)})", f"1 + \\ln {_lx(2 * b)}")
    return Density(
        family,
        b,
        m,
        Fraction(m),
        2 * b * b,
        text,
        latex,
        f"Laplace with location ${m}$ and scale $b = {_lx(b)}$, density "
        "$\\frac{1}{2b}e^{-|" + (f"x {signed_term(-m)}" if m else "x") + "|/b}$",
    )


def _variance_hint(p: Density) -> str:
    return {
        "uniform": "A uniform density of width w has variance w²/12.",
        "exponential": "An exponential density with rate λ has variance 1/λ².",
        "laplace": "A Laplace density with scale b has variance 2b².",
    }[p.family]


@register
class GaussianMaxEntropy(Generator):
    """The Gaussian beats every density of the same variance; the gap is a KL divergence."""

    skill = "information.gaussian-max-entropy"
    version = 1

    def generate(self, rng: np.random.Generator, difficulty: int) -> Draft:
        if difficulty == 1:
            return self._stated(rng)
        p = _density(rng, pick(rng, FAMILIES))
        if difficulty == 2:
            return self._matched(p)
        return self._divergence(rng, p)

    @staticmethod
    def _stated(rng: np.random.Generator) -> Draft:
        mean, var = draw_int(rng, -9, 9), Fraction(draw_int(rng, 1, 30), pick(rng, (1, 1, 2, 4)))
        v = _t(var)
        return Draft(
            prompt=(
                f"Among all densities on $\\mathbb{{R}}$ with mean ${mean}$ and variance "
                f"${_lx(var)}$, what is the largest differential entropy, in nats?"
            ),
            kind="number",
            expected=f"1/2*log(2*pi*e*{v})",
            data={"mean": mean, "variance": v},
            hints=[
                "The maximiser is the Gaussian with that mean and variance.",
                "h(N(μ, σ²)) = ½ log(2πeσ²).",
            ],
            solution=(
                "For any density $p$ with variance $\\sigma^2$ and the Gaussian $\\phi$ with the "
                "same moments, $0 \\le KL(p \\,\\|\\, \\phi) = h(\\phi) - h(p)$, so the maximum "
                f"is $h(\\phi) = \\frac12 \\ln(2\\pi e \\cdot {_lx(var)})$."
            ),
            misconceptions=[
                Misconception(
                    "misconception:uniform-maximises",
                    f"1/2*log(12*{v})",
                    "The uniform density maximises entropy on a bounded interval; with a fixed "
                    "variance on the whole line the Gaussian does, and its entropy is larger.",
                ),
                Misconception(
                    "misconception:no-e",
                    f"1/2*log(2*pi*{v})",
                    "h(N(μ, σ²)) = ½ log(2πeσ²): the factor e is missing.",
                ),
            ],
        )

    @staticmethod
    def _matched(p: Density) -> Draft:
        v = _t(p.variance)
        return Draft(
            prompt=(
                f"$X$ is {p.latex}. What is the largest differential entropy (in nats) of "
                "any density with the same variance as $X$?"
            ),
            kind="number",
            expected=f"1/2*log(2*pi*e*{v})",
            data={"family": p.family, "param": _t(p.param), "start": p.start},
            hints=[
                _variance_hint(p),
                "The Gaussian of that variance has the largest entropy: ½ log(2πeσ²).",
            ],
            solution=(
                f"$\\operatorname{{Var}} X = {_lx(p.variance)}$, and the Gaussian with this "
                f"variance "
                f"has $h = \\frac12 \\ln(2\\pi e \\cdot {_lx(p.variance)})$, more than "
                f"$h(X) = {p.entropy_latex}$."
            ),
            misconceptions=[
                Misconception(
                    "misconception:entropy-of-x",
                    p.entropy_text,
                    "That is the entropy of X itself; the Gaussian with the same variance has "
                    "a larger one.",
                ),
                Misconception(
                    "misconception:parameter-for-variance",
                    f"1/2*log(2*pi*e*{_t(p.param)})",
                    "First find the variance of X from its parameter; " + _variance_hint(p),
                ),
            ],
        )

    @staticmethod
    def _divergence(rng: np.random.Generator, p: Density) -> Draft:
        m, s2 = draw_int(rng, -3, 3), Fraction(draw_int(rng, 1, 9))
        second = p.variance + (p.mean - m) ** 2
        c = second / (2 * s2)
        answer = f"1/2*log(2*pi*{_t(s2)}) - ({p.entropy_text}) + {_t(c)}"
        no_shift = f"1/2*log(2*pi*{_t(s2)}) - ({p.entropy_text}) + {_t(p.variance / (2 * s2))}"
        gap = f"1/2*log(2*pi*e*{_t(p.variance)}) - ({p.entropy_text})"
        wrong = []
        if p.mean != m:
            wrong.append(
                Misconception(
                    "misconception:mean-shift-ignored",
                    no_shift,
                    f"E_p[(X − m)²] = Var X + (E X − m)²: the mean of X is {_t(p.mean)}, not {m}.",
                )
            )
        if p.variance != s2:  # else it is the mean-shift mistake
            wrong.append(
                Misconception(
                    "misconception:moments-assumed-matched",
                    gap,
                    "h(φ) − h(p) is KL(p ‖ φ) only for the Gaussian with the same mean and "
                    "variance as p; this q has its own, so use the cross-entropy −E_p[log q].",
                )
            )
        return Draft(
            prompt=(
                f"$X \\sim p$ is {p.latex}, and $q = \\mathcal{{N}}({m}, {_lx(s2)})$. Compute "
                "$KL(p \\,\\|\\, q)$ in nats (an exact expression)."
            ),
            kind="number",
            expected=answer,
            data={"family": p.family, "param": _t(p.param), "start": p.start, "m": m, "s2": _t(s2)},
            hints=[
                "KL(p ‖ q) = −h(p) − E_p[log q(X)].",
                "−log q(x) = ½ log(2πs²) + (x − m)²/(2s²), and E_p[(X − m)²] = Var X + (E X − m)².",
            ],
            solution="\n\n".join(
                [
                    f"$h(p) = {p.entropy_latex}$, $E[X] = {_lx(p.mean)}$, "
                    f"$\\operatorname{{Var}} X = {_lx(p.variance)}$.",
                    f"$-E_p[\\ln q(X)] = \\frac12 \\ln(2\\pi \\cdot {_lx(s2)}) + "
                    f"\\frac{{{_lx(p.variance)} + ({_lx(p.mean - m)})^2}}{{2 \\cdot {_lx(s2)}}}"
                    f" = \\frac12 \\ln(2\\pi \\cdot {_lx(s2)}) + {_lx(c)}$.",
                    f"$KL(p \\,\\|\\, q) = \\frac12 \\ln(2\\pi \\cdot {_lx(s2)}) - "
                    f"({p.entropy_latex}) + {_lx(c)}$."
                    " It is smallest when $q$ matches the mean and variance of $p$, and then "
                    "equals $h(q) - h(p) \\ge 0$: the Gaussian's entropy is the largest.",
                ]
            ),
            misconceptions=wrong,
        )
