"""calculus.integrals: definite integrals of polynomials, exponentials and 1/x, with exact
values written in the input language (``7/3``, ``2*(exp(3) - 1)``, ``3*log(2)``)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from dlmath.exercises.base import Draft, Generator, Misconception
from dlmath.exercises.calculus.term_text import to_latex, to_unicode
from dlmath.exercises.calculus.terms import FormulaTree, Var, call, mul, num, power, quotient
from dlmath.exercises.kit import draw_int, latex_factor, nonzero_int, pick, tex_number, text_number
from dlmath.exercises.registry import register

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np

X = Var("x")


def _exp_text(exponent: Fraction) -> str:
    return "1" if exponent == 0 else "e" if exponent == 1 else f"exp({text_number(exponent)})"


def _scaled(coef: Fraction, inner: str) -> str:
    """``coef*(inner)`` with 1 and −1 written the way a person would."""
    if coef == 1:
        return f"({inner})"
    if coef == -1:
        return f"-({inner})"
    return f"{text_number(coef)}*({inner})"


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

    def term(self) -> FormulaTree:
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
    text = (
        f"log({text_number(ratio)})"
        if piece.coef == 1
        else f"{piece.coef}*log({text_number(ratio)})"
    )
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
    parts = ([text_number(rational)] if rational != 0 or not rest else []) + rest
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
        return text_number(-Fraction(expected))
    except ValueError:
        return f"-({expected})"


def _antiderivative_latex(piece: _Piece) -> str:
    if piece.kind == "power":
        return f"{tex_number(Fraction(piece.coef, piece.power + 1))}x^{{{piece.power + 1}}}"
    if piece.kind == "exp":
        return f"{tex_number(Fraction(piece.coef, piece.rate))}e^{{{piece.rate}x}}"
    return f"{tex_number(piece.coef)}\\log x"


@register
class Integrals(Generator):
    """Definite integrals by the fundamental theorem of calculus: polynomials (difficulty
    1), e^(kx) and 1/x with exact answers such as ``3/2*(exp(4) - 1)`` and ``3*log(2)``
    (2), and sums mixing all three (3)."""

    skill = "calculus.integrals"
    version = 1

    def generate(self, rng: np.random.Generator, difficulty: int) -> Draft:
        if difficulty == 1:
            a = draw_int(rng, -2, 2)
            b = a + draw_int(rng, 1, 3)
            picked = rng.choice(4, size=draw_int(rng, 2, 3), replace=False)
            degrees = sorted((int(d) for d in picked), reverse=True)
            pieces = [_Piece("power", nonzero_int(rng, -4, 4), d) for d in degrees]
        elif difficulty == 2:
            if rng.random() < 0.5:
                a, b = 0, draw_int(rng, 1, 3)
                pieces = [_Piece("exp", nonzero_int(rng, -4, 4), rate=pick(rng, [1, 2, 3, -1]))]
            else:
                a = draw_int(rng, 1, 3)
                b = a * pick(rng, [2, 3]) if rng.random() < 0.5 else a + draw_int(rng, 1, 3)
                pieces = [_Piece("reciprocal", nonzero_int(rng, -4, 5))]
        else:
            a, b = 1, draw_int(rng, 2, 4)
            pieces = [
                _Piece("power", nonzero_int(rng, -3, 3), draw_int(rng, 1, 3)),
                _Piece("exp", nonzero_int(rng, -3, 3), rate=1),
                _Piece("reciprocal", nonzero_int(rng, -3, 4)),
            ]
        f_text, f_latex = _signed_sum(pieces)
        expected, value = _total(pieces, a, b)
        antiderivative = " + ".join(_antiderivative_latex(p) for p in pieces).replace("+ -", "- ")
        wrongs = [
            Misconception(
                "misconception:reversed-limits",
                _negated(expected),
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
                Misconception(
                    "misconception:power-rule-divisor",
                    text,
                    "The antiderivative of xⁿ is xⁿ⁺¹/(n + 1): divide by the new exponent.",
                )
            )
        exps = [p for p in pieces if p.kind == "exp" and p.rate != 1]
        if exps:
            fixed = [_Piece("exp", p.coef * p.rate, rate=p.rate) for p in exps]
            text, v = _total(fixed + [p for p in pieces if p not in exps], a, b)
            wrongs.append(
                Misconception(
                    "misconception:missing-inner-factor",
                    text,
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
                Misconception(
                    "misconception:power-rule-for-reciprocal",
                    _sum_text([rest_text, text_number(wrong_part)])
                    if len(pieces) > 1
                    else text_number(wrong_part),
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
                    f"$F({b}) - F({latex_factor(a)}) = {expected.replace('*', ' ')}$ "
                    f"$\\approx {value:.6g}$.",
                ]
            ),
            misconceptions=wrongs,
        )
