"""Exact values with exp and log: ``{("exp", 2): 3, ("1", 0): -1}`` is 3e² − 1, written in
the input language and LaTeX (first-order condition and Jensen).
"""

from __future__ import annotations

from fractions import Fraction

from dlmath.exercises.base import Misconception
from dlmath.exercises.kit import tex_number, text_number
from dlmath.exercises.optimization.convex_terms import combo

F = Fraction


ExpLogValue = dict[tuple[str, Fraction], Fraction]


ONE = ("1", F(0))


def constant_value(c) -> ExpLogValue:
    return {ONE: F(c)} if c else {}


def exp_value(k, c=1) -> ExpLogValue:
    return constant_value(c) if k == 0 else ({("exp", F(k)): F(c)} if c else {})


def log_value(k, c=1) -> ExpLogValue:
    return {} if k == 1 or not c else {("log", F(k)): F(c)}


def value_sum(*values: ExpLogValue) -> ExpLogValue:
    out: ExpLogValue = {}
    for v in values:
        for key, c in v.items():
            out[key] = out.get(key, F(0)) + c
    return {k: c for k, c in out.items() if c}


def value_scaled(v: ExpLogValue, c) -> ExpLogValue:
    return {k: F(c) * x for k, x in v.items() if c}


def _vorder(v: ExpLogValue) -> list[tuple[tuple[str, Fraction], Fraction]]:
    return sorted(v.items(), key=lambda kv: (kv[0][0] == "1", kv[0][0], -kv[0][1]))


def value_text(v: ExpLogValue) -> str:
    """Input-language text: ``exp(2) - 3*exp(1) + 1/2``."""
    out = ""
    for (fn, k), c in _vorder(v):
        mag = abs(c)
        if fn == "1":
            piece = text_number(mag)
        else:
            call = f"{fn}({text_number(k)})"
            piece = call if mag == 1 else f"{text_number(mag)}*{call}"
        out = (
            (("-" if c < 0 else "") + piece)
            if not out
            else out + (" - " if c < 0 else " + ") + piece
        )
    return out or "0"


def value_latex(v: ExpLogValue) -> str:
    terms = []
    for (fn, k), c in _vorder(v):
        body = (
            ""
            if fn == "1"
            else (f"e^{{{tex_number(k)}}}" if fn == "exp" else f"\\log {tex_number(k)}")
        )
        terms.append((c, body))
    return combo(terms, True)


def value_mistakes(items: list[tuple[str, ExpLogValue, str]]) -> list[Misconception]:
    """Misconceptions from (code, exact value, feedback), written in the input language."""
    return [Misconception(code, value_text(value), why) for code, value, why in items]
