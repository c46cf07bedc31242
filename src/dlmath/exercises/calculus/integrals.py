"""Limits, definite integrals and double integrals, with exact answers.

Limits are drawn so that plugging in gives 0/0 (or ∞/∞) unless the function is
continuous there: the value comes from factoring, from leading terms, or from
L'Hôpital's rule. Integrals of polynomials, exponentials and 1/x have exact values
written in the input language (``7/3``, ``2*(exp(3) - 1)``, ``3*log(2)``); double
integrals run over rectangles and the two simple triangles. All randomness comes from
the ``rng``; formulas are written with the calculus term trees.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from dlmath.exercises.base import Draft, Generator, Misconception
from dlmath.exercises.calculus.terms import (
    Term,
    Var,
    add,
    call,
    mul,
    num,
    power,
    quotient,
    to_latex,
    to_unicode,
)
from dlmath.exercises.registry import register
from dlmath.expr.literals import format_number, latex_number

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np

X, Y = Var("x"), Var("y")


def _pick(rng: np.random.Generator, options: Sequence[Any]) -> Any:
    return options[int(rng.integers(len(options)))]


def _int(rng: np.random.Generator, lo: int, hi: int) -> int:
    return int(rng.integers(lo, hi + 1))


def _nonzero(rng: np.random.Generator, lo: int, hi: int) -> int:
    return _pick(rng, [v for v in range(lo, hi + 1) if v != 0])


def _t(v: int | Fraction) -> str:
    return format_number(Fraction(v))


def _lx(v: int | Fraction) -> str:
    return latex_number(Fraction(v))


def _linear(a: int) -> Term:
    """x − a."""
    return add(X, num(-a))


@dataclass(frozen=True)
class _Wrong:
    code: str
    answer: str
    value: float
    feedback: str


def _wrong(code: str, value: int | Fraction, feedback: str) -> _Wrong:
    return _Wrong(code, _t(value), float(value), feedback)


def _catalogue(expected: float | None, wrongs: Sequence[_Wrong]) -> list[Misconception]:
    """Drop wrong answers equal to the right one or to an earlier one (``undefined`` has
    no value and is kept once)."""
    seen: list[float | None] = [expected]
    kept = []
    for w in wrongs:
        if any(
            (v is None and w.value is None)
            or (
                v is not None
                and w.value is not None
                and math.isclose(v, w.value, rel_tol=1e-9, abs_tol=1e-12)
            )
            for v in seen
        ):
            continue
        seen.append(w.value)
        kept.append(Misconception(w.code, w.answer, w.feedback))
    return kept


# ---------------------------------------------------------------------------------------
# calculus.limits
# ---------------------------------------------------------------------------------------

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
        f: Term,
        point: str,
        point_l: str,
        answer: Fraction,
        data: dict[str, Any],
        hints: list[str],
        solution: list[str],
        wrongs: list[_Wrong],
    ) -> Draft:
        return Draft(
            prompt=f"Find $\\displaystyle\\lim_{{x \\to {point_l}}} {to_latex(f)}$. Give an exact "
            "value (a fraction is fine).",
            text=f"Find the limit as x → {point} of {to_unicode(f)}. Give an exact value "
            "(a fraction is fine).",
            kind="number",
            expected=_t(answer),
            data=data,
            hints=hints,
            solution="\n\n".join(solution),
            misconceptions=_catalogue(float(answer), wrongs),
        )

    def _factor_linear(self, rng: np.random.Generator) -> Draft:
        a, k = _nonzero(rng, -5, 5), _int(rng, -5, 5)
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
                f"${a} + {_paren(k)} = {_lx(answer)}$.",
            ],
            [
                _Wrong("misconception:zero-over-zero-undefined", "undefined", None, _UNDEFINED),
                _wrong(
                    "misconception:numerator-only",
                    Fraction(0),
                    "0 is the value of the numerator alone; the denominator is 0 too, so "
                    "the quotient must be simplified first.",
                ),
            ],
        )

    def _factor_quadratic(self, rng: np.random.Generator) -> Draft:
        a = _nonzero(rng, -4, 4)
        b, c = _int(rng, -5, 5), _int(rng, -5, 5)
        while a in (b, c) or b == c:
            b, c = _int(rng, -5, 5), _int(rng, -5, 5)
        p, q = _nonzero(rng, -3, 3), _nonzero(rng, -3, 3)
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
                f"${_lx(p)}(x - {_paren(a)})(x - {_paren(b)})$, denominator "
                f"${_lx(q)}(x - {_paren(a)})(x - {_paren(c)})$.",
                f"Cancel $x - {_paren(a)}$ and substitute: "
                f"$\\frac{{{_lx(p)}({a} - {_paren(b)})}}{{{_lx(q)}({a} - {_paren(c)})}} = "
                f"{_lx(answer)}$.",
            ],
            [
                _Wrong("misconception:zero-over-zero-undefined", "undefined", None, _UNDEFINED),
                _wrong(
                    "misconception:leading-coefficients",
                    Fraction(p, q),
                    f"The ratio of the leading coefficients is the limit as x → ∞, not as x → {a}.",
                ),
            ],
        )

    def _at_infinity(self, rng: np.random.Generator) -> Draft:
        p, s = _nonzero(rng, -6, 6), _nonzero(rng, -6, 6)
        q, t = _int(rng, -5, 5), _int(rng, -5, 5)
        r, u = _int(rng, -9, 9), _nonzero(rng, -9, 9)
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
                f"{_lx(answer)}$.",
            ],
            [
                _Wrong(
                    "misconception:infinity-over-infinity-undefined",
                    "undefined",
                    None,
                    "∞/∞ is an indeterminate form: compare the growth of the leading terms.",
                ),
                _wrong(
                    "misconception:constant-terms",
                    Fraction(r, u),
                    "That is the value at x = 0 (the constant terms); as x → ∞ the x² terms "
                    "dominate.",
                ),
            ],
        )

    def _lhopital(self, rng: np.random.Generator) -> Draft:
        family = _pick(rng, ["exp", "sin", "log", "cos"])
        k, m = _pick(rng, [2, 3, 4, -2, -3, 5]), _pick(rng, [1, 2, 3, 4])
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
            "exp": f"{_lx(k)}e^{{{k}x}}",
            "sin": f"{_lx(k)}\\cos({k}x)",
            "log": f"\\frac{{{k}}}{{1 + {k}x}}",
            "cos": f"{_lx(k)}\\sin({k}x)",
        }[family]
        steps = [
            "Substituting $x = 0$ gives $\\frac{0}{0}$, so L'Hôpital's rule applies: "
            f"differentiate top and bottom. The top's derivative is ${derivative}$.",
        ]
        wrongs = [_Wrong("misconception:zero-over-zero-undefined", "undefined", None, _UNDEFINED)]
        if family == "cos":
            steps.append(
                f"After one step: $\\frac{{{derivative}}}{{{2 * m}x}}$, still $\\frac{{0}}{{0}}$; "
                f"once more: $\\frac{{{_lx(k * k)}\\cos({k}x)}}{{{2 * m}}} \\to {_lx(answer)}$."
            )
            wrongs.append(
                _wrong(
                    "misconception:second-derivative-factor",
                    Fraction(k * k, m),
                    f"Differentiating {m}x² twice gives {2 * m}, not {m}: the factor 2 from the "
                    "power rule stays.",
                )
            )
        else:
            steps.append(
                f"At $x = 0$ the top's derivative is ${k}$ and the bottom's is ${m}$, so the "
                f"limit is ${_lx(answer)}$."
            )
            wrongs.append(
                _wrong(
                    "misconception:missing-chain-factor",
                    Fraction(1, m),
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


def _paren(v: int | Fraction) -> str:
    return f"({_lx(v)})" if v < 0 else _lx(v)


def _expand(lead: int, r1: int, r2: int) -> Term:
    """lead·(x − r1)(x − r2), multiplied out."""
    return add(mul(num(lead), power(X, 2)), mul(num(-lead * (r1 + r2)), X), num(lead * r1 * r2))


# ---------------------------------------------------------------------------------------
# calculus.integrals
# ---------------------------------------------------------------------------------------


def _exp_text(exponent: Fraction) -> str:
    return "1" if exponent == 0 else "e" if exponent == 1 else f"exp({_t(exponent)})"


def _exp_latex(exponent: Fraction) -> str:
    return "1" if exponent == 0 else "e" if exponent == 1 else f"e^{{{_lx(exponent)}}}"


def _scaled(coef: Fraction, inner: str) -> str:
    """``coef*(inner)`` with 1 and −1 written the way a person would."""
    if coef == 1:
        return f"({inner})"
    if coef == -1:
        return f"-({inner})"
    return f"{_t(coef)}*({inner})"


def _sum_text(parts: Sequence[str]) -> str:
    out = parts[0]
    for part in parts[1:]:
        out += f" - {part[1:]}" if part.startswith("-") else f" + {part}"
    return out


@dataclass(frozen=True)
class _Piece:
    """One term of an integrand: coef·xⁿ, coef·e^(kx) or coef/x."""

    kind: str
    coef: int
    power: int = 0  # for "power"
    rate: int = 1  # for "exp"

    def term(self) -> Term:
        if self.kind == "power":
            return mul(num(self.coef), power(X, self.power))
        if self.kind == "exp":
            return mul(num(self.coef), call("exp", mul(num(self.rate), X)))
        return quotient(num(self.coef), X)

    def json(self) -> dict[str, Any]:
        return {"kind": self.kind, "coef": self.coef, "power": self.power, "rate": self.rate}


def _definite(piece: _Piece, a: int, b: int) -> tuple[Fraction, str, float]:
    """∫ₐᵇ of a piece: (rational part, exact text of the rest or "", float value)."""
    if piece.kind == "power":
        n = piece.power
        value = Fraction(piece.coef, n + 1) * (Fraction(b) ** (n + 1) - Fraction(a) ** (n + 1))
        return value, "", float(value)
    if piece.kind == "exp":
        k = piece.rate
        c = Fraction(piece.coef, k)
        hi, lo = Fraction(k * b), Fraction(k * a)
        inner = f"{_exp_text(hi)} - {_exp_text(lo)}"
        return Fraction(0), _scaled(c, inner), float(c) * (math.exp(k * b) - math.exp(k * a))
    ratio = Fraction(b, a)
    text = f"log({_t(ratio)})" if piece.coef == 1 else f"{piece.coef}*log({_t(ratio)})"
    return Fraction(0), text, piece.coef * math.log(b / a)


def _total(pieces: Sequence[_Piece], a: int, b: int) -> tuple[str, float]:
    rational = Fraction(0)
    rest: list[str] = []
    total = 0.0
    for piece in pieces:
        r, text, v = _definite(piece, a, b)
        rational += r
        total += v
        if text:
            rest.append(text)
    parts = ([_t(rational)] if rational != 0 or not rest else []) + rest
    return _sum_text(parts), total


def _signed_sum(pieces: Sequence[_Piece]) -> tuple[str, str]:
    """The integrand as terminal text and LaTeX, each term's sign written as a joiner."""
    texts, latexes = [], []
    for i, piece in enumerate(pieces):
        plain = _Piece(piece.kind, abs(piece.coef), piece.power, piece.rate).term()
        sign = "-" if piece.coef < 0 else "+"
        lead = ("-" if sign == "-" else "") if i == 0 else f" {sign} "
        texts.append(lead + to_unicode(plain))
        latexes.append(lead + to_latex(plain))
    return "".join(texts), "".join(latexes)


def _negated(expected: str) -> str:
    """The negative of an exact answer: ``-7/4`` for ``7/4``, ``-(3*log(2))`` otherwise."""
    try:
        return _t(-Fraction(expected))
    except ValueError:
        return f"-({expected})"


def _antiderivative_latex(piece: _Piece) -> str:
    if piece.kind == "power":
        return f"{_lx(Fraction(piece.coef, piece.power + 1))}x^{{{piece.power + 1}}}"
    if piece.kind == "exp":
        return f"{_lx(Fraction(piece.coef, piece.rate))}e^{{{piece.rate}x}}"
    return f"{_lx(piece.coef)}\\log x"


@register
class Integrals(Generator):
    """Definite integrals by the fundamental theorem of calculus: polynomials (difficulty
    1), e^(kx) and 1/x with exact answers such as ``3/2*(exp(4) - 1)`` and ``3*log(2)``
    (2), and sums mixing all three (3)."""

    skill = "calculus.integrals"
    version = 1

    def generate(self, rng: np.random.Generator, difficulty: int) -> Draft:
        if difficulty == 1:
            a = _int(rng, -2, 2)
            b = a + _int(rng, 1, 3)
            picked = rng.choice(4, size=_int(rng, 2, 3), replace=False)
            degrees = sorted((int(d) for d in picked), reverse=True)
            pieces = [_Piece("power", _nonzero(rng, -4, 4), d) for d in degrees]
        elif difficulty == 2:
            if rng.random() < 0.5:
                a, b = 0, _int(rng, 1, 3)
                pieces = [_Piece("exp", _nonzero(rng, -4, 4), rate=_pick(rng, [1, 2, 3, -1]))]
            else:
                a = _int(rng, 1, 3)
                b = a * _pick(rng, [2, 3]) if rng.random() < 0.5 else a + _int(rng, 1, 3)
                pieces = [_Piece("reciprocal", _nonzero(rng, -4, 5))]
        else:
            a, b = 1, _int(rng, 2, 4)
            pieces = [
                _Piece("power", _nonzero(rng, -3, 3), _int(rng, 1, 3)),
                _Piece("exp", _nonzero(rng, -3, 3), rate=1),
                _Piece("reciprocal", _nonzero(rng, -3, 4)),
            ]
        f_text, f_latex = _signed_sum(pieces)
        expected, value = _total(pieces, a, b)
        antiderivative = " + ".join(_antiderivative_latex(p) for p in pieces).replace("+ -", "- ")
        wrongs = [
            _Wrong(
                "misconception:reversed-limits",
                _negated(expected),
                -value,
                "That is F(a) − F(b): the fundamental theorem subtracts the lower limit's "
                "value from the upper one's, F(b) − F(a).",
            )
        ]
        powers = [p for p in pieces if p.kind == "power"]
        if powers:
            forgot = [_Piece("power", p.coef * (p.power + 1), p.power) for p in powers]
            others = [p for p in pieces if p.kind != "power"]
            text, v = _total(forgot + others, a, b)
            wrongs.append(
                _Wrong(
                    "misconception:power-rule-divisor",
                    text,
                    v,
                    "The antiderivative of xⁿ is xⁿ⁺¹/(n + 1): divide by the new exponent.",
                )
            )
        exps = [p for p in pieces if p.kind == "exp" and p.rate != 1]
        if exps:
            fixed = [_Piece("exp", p.coef * p.rate, rate=p.rate) for p in exps]
            text, v = _total(fixed + [p for p in pieces if p not in exps], a, b)
            wrongs.append(
                _Wrong(
                    "misconception:missing-inner-factor",
                    text,
                    v,
                    "The antiderivative of e^(kx) is e^(kx)/k: the inner factor k divides.",
                )
            )
        recips = [p for p in pieces if p.kind == "reciprocal"]
        if recips:
            c = recips[0].coef
            rest_text, rest_v = (
                _total([p for p in pieces if p.kind != "reciprocal"], a, b)
                if len(pieces) > 1
                else ("0", 0.0)
            )
            wrong_part = c * (Fraction(1, a) - Fraction(1, b))
            wrongs.append(
                _Wrong(
                    "misconception:power-rule-for-reciprocal",
                    _sum_text([rest_text, _t(wrong_part)]) if len(pieces) > 1 else _t(wrong_part),
                    rest_v + float(wrong_part),
                    "1/x is the one power the power rule cannot integrate: its antiderivative "
                    "is log|x| (−1/x is the antiderivative of 1/x²).",
                )
            )
        return Draft(
            prompt=(
                f"Compute $\\displaystyle\\int_{{{a}}}^{{{b}}} "
                f"\\left({f_latex}\\right)\\,dx$ "
                "exactly (expressions such as exp(2), e or log(3) are fine)."
            ),
            text=f"Compute the integral of {f_text} from x = {a} to x = {b} exactly "
            "(expressions such as exp(2), e or log(3) are fine).",
            kind="number",
            expected=expected,
            data={"a": a, "b": b, "terms": [p.json() for p in pieces]},
            hints=[
                "Find an antiderivative F term by term, then compute F(b) − F(a).",
                "∫xⁿ dx = xⁿ⁺¹/(n + 1), ∫e^(kx) dx = e^(kx)/k, ∫1/x dx = log|x|.",
            ],
            solution="\n\n".join(
                [
                    f"An antiderivative is $F(x) = {antiderivative}$.",
                    f"$F({b}) - F({_paren(a)}) = {expected.replace('*', ' ')}$ "
                    f"$\\approx {value:.6g}$.",
                ]
            ),
            misconceptions=_catalogue(value, wrongs),
        )


# ---------------------------------------------------------------------------------------
# calculus.multiple-integrals
# ---------------------------------------------------------------------------------------


def _monomial_integral(m: int, lo: Fraction | int, hi: Fraction | int) -> Fraction:
    return (Fraction(hi) ** (m + 1) - Fraction(lo) ** (m + 1)) / (m + 1)


@register
class MultipleIntegrals(Generator):
    """Double integrals: a monomial over a rectangle, which separates (difficulty 1); a
    polynomial over a rectangle, where a term without y still integrates over y (2); a
    polynomial over a triangle, with the inner limits depending on x (3)."""

    skill = "calculus.multiple-integrals"
    version = 1

    def generate(self, rng: np.random.Generator, difficulty: int) -> Draft:
        while True:
            draft = self._draw(rng, difficulty)
            if draft.expected != "0":
                return draft

    def _draw(self, rng: np.random.Generator, difficulty: int) -> Draft:
        if difficulty < 3:
            a, c = _int(rng, -1, 1), _int(rng, 0, 1)
            b, d = a + _int(rng, 1, 2), c + _int(rng, 1, 3)
            region = {"kind": "rectangle", "x": [a, b], "y": [c, d]}
            if difficulty == 1:
                terms = [(_nonzero(rng, -4, 4), _int(rng, 0, 2), _int(rng, 1, 2))]
            else:
                terms = [
                    (_nonzero(rng, -3, 3), _int(rng, 1, 2), _int(rng, 1, 2)),
                    (_nonzero(rng, -4, 4), _int(rng, 1, 2), 0),
                    (_nonzero(rng, -5, 5), 0, 0),
                ][: _int(rng, 2, 3)]
            answer = sum(
                (
                    k * _monomial_integral(m, a, b) * _monomial_integral(n, c, d)
                    for k, m, n in terms
                ),
                Fraction(0),
            )
            where_t = f"the rectangle {a} ≤ x ≤ {b}, {c} ≤ y ≤ {d}"
            where_l = f"$R = [{a}, {b}] \\times [{c}, {d}]$"
            region_l = "R"
        else:
            top = _int(rng, 1, 3)
            shape = _pick(rng, ["below-diagonal", "simplex"])
            region = {"kind": shape, "size": top}
            terms = [(_nonzero(rng, -3, 4), _int(rng, 0, 2), _int(rng, 0, 1)) for _ in range(2)]
            answer = sum((k * _triangle(shape, top, m, n) for k, m, n in terms), Fraction(0))
            if shape == "below-diagonal":
                where_t = f"the triangle 0 ≤ y ≤ x ≤ {top}"
                where_l = f"the triangle $T = \\{{(x, y) : 0 \\le y \\le x \\le {top}\\}}$"
            else:
                where_t = f"the triangle x ≥ 0, y ≥ 0, x + y ≤ {top}"
                where_l = (
                    f"the triangle $T = \\{{(x, y) : x \\ge 0,\\ y \\ge 0,\\ x + y \\le {top}\\}}$"
                )
            region_l = "T"
        f = add(*[mul(num(k), power(X, m), power(Y, n)) for k, m, n in terms])
        wrongs = self._mistakes(region, terms, answer)
        return Draft(
            prompt=(
                f"Compute $\\displaystyle\\iint_{{{region_l}}} "
                f"\\left({to_latex(f)}\\right)\\,dA$ "
                f"over {where_l}. Give an exact fraction."
            ),
            text=f"Compute the double integral of {to_unicode(f)} over {where_t}. "
            "Give an exact fraction.",
            kind="number",
            expected=_t(answer),
            data={"region": region, "terms": [list(t) for t in terms]},
            hints=self._hints(region),
            solution="\n\n".join(self._solution(region, f, answer)),
            misconceptions=_catalogue(float(answer), wrongs),
        )

    @staticmethod
    def _hints(region: dict[str, Any]) -> list[str]:
        if region["kind"] == "rectangle":
            return [
                "Integrate in y first with x held fixed, then in x (Fubini's theorem).",
                "A term without y still integrates over y: it picks up the factor d − c.",
            ]
        inner = "0 to x" if region["kind"] == "below-diagonal" else f"0 to {region['size']} − x"
        return [
            "Sketch the triangle: for each x, y runs over an interval whose ends depend on x.",
            f"Here y runs from {inner}; integrate in y first, then x from 0 to {region['size']}.",
        ]

    @staticmethod
    def _solution(region: dict[str, Any], f: Term, answer: Fraction) -> list[str]:
        if region["kind"] == "rectangle":
            (a, b), (c, d) = region["x"], region["y"]
            return [
                f"By Fubini, $\\int_{{{a}}}^{{{b}}} \\int_{{{c}}}^{{{d}}} "
                f"\\left({to_latex(f)}\\right)"
                "\\,dy\\,dx$.",
                "Integrate each term $k x^m y^n$ as $k \\cdot \\frac{b^{m+1} - a^{m+1}}{m+1} "
                "\\cdot \\frac{{d^{{n+1}} - c^{{n+1}}}}{{n+1}}$ and add: the total is "
                f"${_lx(answer)}$.",
            ]
        top = region["size"]
        upper = "x" if region["kind"] == "below-diagonal" else f"{top} - x"
        return [
            f"Describe the triangle as $0 \\le x \\le {top}$, $0 \\le y \\le {upper}$.",
            f"$\\int_0^{{{top}}} \\int_0^{{{upper}}} \\left({to_latex(f)}\\right)\\,dy\\,dx = "
            f"{_lx(answer)}$: "
            "the inner integral is a polynomial in x, integrated from 0 to "
            f"{top}.",
        ]

    @staticmethod
    def _mistakes(region: dict[str, Any], terms, answer: Fraction) -> list[_Wrong]:
        if region["kind"] != "rectangle":
            top = region["size"]
            square = sum(
                (
                    k * _monomial_integral(m, 0, top) * _monomial_integral(n, 0, top)
                    for k, m, n in terms
                ),
                Fraction(0),
            )
            return [
                _wrong(
                    "misconception:rectangle-for-triangle",
                    square,
                    f"That integrates over the whole square [0, {top}]²; on the triangle the "
                    "inner limit of y depends on x.",
                )
            ]
        (a, b), (c, d) = region["x"], region["y"]
        no_divisor = sum(
            (
                k
                * (Fraction(b) ** (m + 1) - Fraction(a) ** (m + 1))
                * (Fraction(d) ** (n + 1) - Fraction(c) ** (n + 1))
                for k, m, n in terms
            ),
            Fraction(0),
        )
        forgot_length = sum(
            (
                k * _monomial_integral(m, a, b) * (_monomial_integral(n, c, d) if n else 1)
                for k, m, n in terms
            ),
            Fraction(0),
        )
        return [
            _wrong(
                "misconception:missing-length-factor",
                forgot_length,
                f"A term without y still integrates over y from {c} to {d}: it is multiplied "
                f"by the length {d - c}.",
            ),
            _wrong(
                "misconception:power-rule-divisor",
                no_divisor,
                "The antiderivative of xᵐ is xᵐ⁺¹/(m + 1): divide by the new exponent in each "
                "variable.",
            ),
        ]


def _triangle(shape: str, top: int, m: int, n: int) -> Fraction:
    """∬ xᵐ yⁿ over 0 ≤ y ≤ x ≤ top, or over x, y ≥ 0 with x + y ≤ top (a Beta integral)."""
    if shape == "below-diagonal":
        return Fraction(top ** (m + n + 2), (n + 1) * (m + n + 2))
    return Fraction(
        top ** (m + n + 2) * math.factorial(m) * math.factorial(n), math.factorial(m + n + 2)
    )
