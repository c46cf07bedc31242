"""Readings of an answer beyond the input language: a unit after a number, a row typed
for a point. The lists live in ``readings.toml``."""

from __future__ import annotations

import re
import tomllib
from fractions import Fraction
from functools import cache
from pathlib import Path
from typing import Any

from dlmath.checker.equivalence import Equivalence, judge_text
from dlmath.checker.judgement import Givens
from dlmath.expr.nodes import Expr, Matrix

_TRAILING_WORD = re.compile(r"^(?P<value>.*?\S)\s+(?P<unit>[A-Za-z]+)\.?\s*$", re.DOTALL)
_ASKED = re.compile(r"\bin (bits|nats)\b")


@cache
def _readings() -> dict[str, Any]:
    return tomllib.loads((Path(__file__).parent / "readings.toml").read_text(encoding="utf-8"))


def point_skill(skill: str) -> bool:
    """Whether the skill's vector answer is a point or solution (a row is read as it)."""
    return skill in _readings()["point_skills"]


def reorient(tree: Expr, expected: Expr) -> Expr:
    """A row literal typed where a column literal is expected becomes that column."""
    if (
        isinstance(tree, Matrix)
        and isinstance(expected, Matrix)
        and len(tree.rows) == 1
        and len(tree.rows[0]) > 1
        and all(len(r) == 1 for r in expected.rows)
        and len(expected.rows) == len(tree.rows[0])
    ):
        return Matrix(tuple((x,) for x in tree.rows[0]), pos=tree.pos, end=tree.end)
    return tree


def split_unit(answer: str) -> tuple[str, str | None]:
    """``1.5 bits`` -> (``1.5``, ``bits``); text without a known unit is unchanged."""
    m = _TRAILING_WORD.match(answer)
    if not m:
        return answer, None
    unit = _readings()["units"].get(m.group("unit").lower())
    return (m.group("value"), unit) if unit else (answer, None)


def unit_asked(prompt: str) -> str | None:
    """The unit a prompt asks for ("... in bits"), if it names one."""
    m = _ASKED.search(prompt)
    return m.group(1) if m else None


def wrong_unit(
    value_text: str, unit: str, asked: str, expected: Expr, givens: Givens
) -> Equivalence:
    """A number in the other unit: ``misconception:nats-for-bits`` (or its reverse), with
    a note whether the amount itself is right in the unit typed."""
    from dlmath.expr.nodes import Div, Func, Mul, Num

    ln2 = Func("log", (Num(Fraction(2)),))
    converted = Mul((expected, ln2)) if unit == "nats" else Div(expected, ln2)
    same_amount = judge_text(value_text, converted, givens)
    code = f"misconception:{unit}-for-{asked}"
    how = "divide by ln 2" if asked == "bits" else "multiply by ln 2"
    if same_amount.equivalent:
        feedback = (
            f"That is the right amount in {unit}, but the question asks for {asked}: "
            f"{how} (log₂ x = ln x / ln 2)."
        )
    else:
        feedback = f"The question asks for {asked}, not {unit}; and check the value too."
    return Equivalence(False, code, feedback, same_amount.read_as)
