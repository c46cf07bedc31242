"""Sums of logarithms written out term by term, the steps every entropy solution shows."""

from __future__ import annotations

from fractions import Fraction
from typing import TYPE_CHECKING

from dlmath.exercises.kit.logs import (
    BITS,
    NATS,
    LogSum,
    entropy,
    latex_fraction,
    unit_symbol,
)

if TYPE_CHECKING:  # pragma: no cover
    pass


UNIT_WORD = {BITS: "bits (log base 2)", NATS: "nats (natural logarithm)"}


def terms_latex(weights: list[Fraction], args: list[Fraction], unit: str) -> str:
    """``\\tfrac12 \\log_2 2 + \\tfrac14 \\log_2 4``: the sum written out term by term."""
    log = unit_symbol(unit)
    parts = [
        f"{latex_fraction(w)} {log} {latex_fraction(a)}"
        for w, a in zip(weights, args, strict=True)
        if w
    ]
    return " + ".join(parts)


def entropy_steps(p: list[Fraction], unit: str) -> str:
    nonzero = [x for x in p if x]
    h = entropy(p)
    return (
        f"{terms_latex(nonzero, [1 / x for x in nonzero], unit)} = {h.latex(unit)}"
        f"{h.approx_latex(unit)}"
    )


def result_line(name: str, quantity: LogSum, unit: str) -> str:
    return f"${name} = {quantity.latex(unit)}{quantity.approx_latex(unit)}$ {unit}."
