"""calculus.limits: limits where plugging in gives 0/0 (or ∞/∞) unless the function is
continuous there; the value comes from factoring, from leading terms, or from L'Hôpital's
rule, and is exact."""

from __future__ import annotations

from fractions import Fraction
from typing import TYPE_CHECKING, Any

from dlmath.exercises.base import Draft, Generator, Misconception
from dlmath.exercises.calculus.term_text import to_latex
from dlmath.exercises.calculus.terms import FormulaTree, Var, add, call, mul, num, power, quotient
from dlmath.exercises.kit import draw_int, latex_factor, nonzero_int, pick, tex_number, text_number
from dlmath.exercises.registry import register

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np

X = Var("x")


def _linear(a: int) -> FormulaTree:
    """x − a."""
    return add(X, num(-a))


_UNDEFINED = (
    "Plugging in gives 0/0, which is an indeterminate form, not a verdict: the limit "
    "can still exist. Factor and cancel, or use L'Hôpital's rule."
)


@register
class Limits(Generator):
    """Limits where substitution gives 0/0 (or ∞/∞): cancel a common linear factor in
    a quadratic over a linear (difficulty 1) or over another quadratic, and rational
    functions at infinity (2); limits of exp, sin, log and cos quotients by L'Hôpital's
    rule (3)."""

    skill = "calculus.limits"
    version = 1

    def generate(self, rng: np.random.Generator, difficulty: int) -> Draft:
        if difficulty == 1:
            return self._factor_linear(rng)
        if difficulty == 2:
            return self._at_infinity(rng) if rng.random() < 0.4 else self._factor_quadratic(rng)
        return self._lhopital(rng)

    def _draft(
        self,
        f: FormulaTree,
        point: str,
        point_l: str,
        answer: Fraction,
        data: dict[str, Any],
        hints: list[str],
        solution: list[str],
        wrongs: list[Misconception],
    ) -> Draft:
        return Draft(
            prompt=f"Find $\\displaystyle\\lim_{{x \\to {point_l}}} {to_latex(f)}$. Give an exact "
            "value (a fraction is fine).",
            kind="number",
            expected=text_number(answer),
            data=data,
            hints=hints,
            solution="\n\n".join(solution),
            misconceptions=wrongs,
        )

    def _factor_linear(self, rng: np.random.Generator) -> Draft:
        a, k = nonzero_int(rng, -5, 5), draw_int(rng, -5, 5)
        if k == -a:
            k = -a + 1
        # (x - a)(x + k) = x² + (k - a)x - ak
        top = add(power(X, 2), mul(num(k - a), X), num(-a * k))
        f = quotient(top, _linear(a))
        answer = Fraction(a + k)
        return self._draft(
            f,
            str(a),
            str(a),
            answer,
            {"family": "factor-linear", "a": a, "k": k},
            [
                f"At x = {a} both numerator and denominator are 0: x − {a} is a factor of "
                "the numerator.",
                "Factor the numerator, cancel x − a, then substitute.",
            ],
            [
                f"Substituting $x = {a}$ gives $\\frac{{0}}{{0}}$, so factor: "
                f"${to_latex(top)} = ({to_latex(_linear(a))})({to_latex(add(X, num(k)))})$.",
                f"For $x \\ne {a}$ the quotient is ${to_latex(add(X, num(k)))}$, so the limit is "
                f"${a} + {latex_factor(k)} = {tex_number(answer)}$.",
            ],
            [
                Misconception(
                    "misconception:zero-over-zero-undefined",
                    "undefined",
                    _UNDEFINED,
                ),
                Misconception(
                    "misconception:numerator-only",
                    text_number(Fraction(0)),
                    "0 is the value of the numerator alone; the denominator is 0 too, so "
                    "the quotient must be simplified first.",
                ),
            ],
        )

    def _factor_quadratic(self, rng: np.random.Generator) -> Draft:
        a = nonzero_int(rng, -4, 4)
        b, c = draw_int(rng, -5, 5), draw_int(rng, -5, 5)
        while a in (b, c) or b == c:
            b, c = draw_int(rng, -5, 5), draw_int(rng, -5, 5)
        p, q = nonzero_int(rng, -3, 3), nonzero_int(rng, -3, 3)
        top, bottom = _expand(p, a, b), _expand(q, a, c)
        f = quotient(top, bottom)
        answer = Fraction(p * (a - b), q * (a - c))
        return self._draft(
            f,
            str(a),
            str(a),
            answer,
            {"family": "factor-quadratic", "a": a, "b": b, "c": c, "p": p, "q": q},
            [
                f"Both quadratics vanish at x = {a}, so both have the factor x − {a}.",
                "Factor each quadratic, cancel the common factor, substitute.",
            ],
            [
                f"Substituting $x = {a}$ gives $\\frac{{0}}{{0}}$. Factor: numerator "
                f"${tex_number(p)}(x - {latex_factor(a)})(x - {latex_factor(b)})$, denominator "
                f"${tex_number(q)}(x - {latex_factor(a)})(x - {latex_factor(c)})$.",
                f"Cancel $x - {latex_factor(a)}$ and substitute: "
                f"$\\frac{{{tex_number(p)}({a} - {latex_factor(b)})}}"
                f"{{{tex_number(q)}({a} - {latex_factor(c)})}} = "
                f"{tex_number(answer)}$.",
            ],
            [
                Misconception(
                    "misconception:zero-over-zero-undefined",
                    "undefined",
                    _UNDEFINED,
                ),
                Misconception(
                    "misconception:leading-coefficients",
                    text_number(Fraction(p, q)),
                    f"The ratio of the leading coefficients is the limit as x → ∞, not as x → {a}.",
                ),
            ],
        )

    def _at_infinity(self, rng: np.random.Generator) -> Draft:
        p, s = nonzero_int(rng, -6, 6), nonzero_int(rng, -6, 6)
        q, t = draw_int(rng, -5, 5), draw_int(rng, -5, 5)
        r, u = draw_int(rng, -9, 9), nonzero_int(rng, -9, 9)
        top = add(mul(num(p), power(X, 2)), mul(num(q), X), num(r))
        bottom = add(mul(num(s), power(X, 2)), mul(num(t), X), num(u))
        f = quotient(top, bottom)
        answer = Fraction(p, s)
        return self._draft(
            f,
            "∞",
            "\\infty",
            answer,
            {"family": "at-infinity", "top": [p, q, r], "bottom": [s, t, u]},
            [
                "Divide numerator and denominator by the highest power of x, x².",
                "Terms like q/x and r/x² go to 0 as x → ∞.",
            ],
            [
                "Divide top and bottom by $x^2$: "
                f"$\\frac{{{p} + {q}/x + {r}/x^2}}{{{s} + {t}/x + {u}/x^2}}$.",
                f"As $x \\to \\infty$ the terms in $1/x$ vanish, leaving $\\frac{{{p}}}{{{s}}} = "
                f"{tex_number(answer)}$.",
            ],
            [
                Misconception(
                    "misconception:infinity-over-infinity-undefined",
                    "undefined",
                    "∞/∞ is an indeterminate form: compare the growth of the leading terms.",
                ),
                Misconception(
                    "misconception:constant-terms",
                    text_number(Fraction(r, u)),
                    "That is the value at x = 0 (the constant terms); as x → ∞ the x² terms "
                    "dominate.",
                ),
            ],
        )

    def _lhopital(self, rng: np.random.Generator) -> Draft:
        family = pick(rng, ["exp", "sin", "log", "cos"])
        k, m = pick(rng, [2, 3, 4, -2, -3, 5]), pick(rng, [1, 2, 3, 4])
        if family == "log":
            k = abs(k)
        kx = mul(num(k), X)
        if family == "exp":
            top = add(call("exp", kx), num(-1))
        elif family == "sin":
            top = call("sin", kx)
        elif family == "log":
            top = call("log", add(num(1), kx))
        else:
            top = add(num(1), mul(num(-1), call("cos", kx)))
        bottom = mul(num(m), power(X, 2 if family == "cos" else 1))
        f = quotient(top, bottom)
        answer = Fraction(k * k, 2 * m) if family == "cos" else Fraction(k, m)
        derivative = {
            "exp": f"{tex_number(k)}e^{{{k}x}}",
            "sin": f"{tex_number(k)}\\cos({k}x)",
            "log": f"\\frac{{{k}}}{{1 + {k}x}}",
            "cos": f"{tex_number(k)}\\sin({k}x)",
        }[family]
        steps = [
            "Substituting $x = 0$ gives $\\frac{0}{0}$, so L'Hôpital's rule applies: "
            f"differentiate top and bottom. The top's derivative is ${derivative}$.",
        ]
        wrongs = [
            Misconception(
                "misconception:zero-over-zero-undefined",
                "undefined",
                _UNDEFINED,
            )
        ]
        if family == "cos":
            steps.append(
                f"After one step: $\\frac{{{derivative}}}{{{2 * m}x}}$, still $\\frac{{0}}{{0}}$; "
                f"once more: $\\frac{{{tex_number(k * k)}\\cos({k}x)}}{{{2 * m}}} "
                f"\\to {tex_number(answer)}$."
            )
            wrongs.append(
                Misconception(
                    "misconception:second-derivative-factor",
                    text_number(Fraction(k * k, m)),
                    f"Differentiating {m}x² twice gives {2 * m}, not {m}: the factor 2 from the "
                    "power rule stays.",
                )
            )
        else:
            steps.append(
                f"At $x = 0$ the top's derivative is ${k}$ and the bottom's is ${m}$, so the "
                f"limit is ${tex_number(answer)}$."
            )
            wrongs.append(
                Misconception(
                    "misconception:missing-chain-factor",
                    text_number(Fraction(1, m)),
                    f"The inside {k}x contributes a factor {k} (chain rule): d/dx of the top at 0 "
                    f"is {k}, not 1.",
                )
            )
        return self._draft(
            f,
            "0",
            "0",
            answer,
            {"family": family, "k": k, "m": m},
            [
                "Substitute x = 0 first: 0/0 means L'Hôpital's rule (or a known limit) applies.",
                "L'Hôpital: lim f/g = lim f'/g' when both tend to 0.",
            ],
            steps,
            wrongs,
        )


def _expand(lead: int, r1: int, r2: int) -> FormulaTree:
    """lead·(x − r1)(x − r2), multiplied out."""
    return add(mul(num(lead), power(X, 2)), mul(num(-lead * (r1 + r2)), X), num(lead * r1 * r2))
