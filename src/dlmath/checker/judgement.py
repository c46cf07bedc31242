"""The records of a comparison: what an answer is judged in, and what came of it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from dlmath.expr.nodes import Expr
from dlmath.expr.shapes import Shape


@dataclass(frozen=True)
class Givens:
    """What an answer is compared in: the names' shapes and assumptions, the tolerance."""

    shapes: dict[str, Shape] = field(default_factory=dict)
    assume: dict[str, set[str]] = field(default_factory=dict)
    tolerance: float | None = None  # relative, per entry; None: exact where exact
    # Whether every name must be declared (or appear in the expected answer). Off only
    # for a bare comparison with nothing declared, where all names are free scalars.
    strict_names: bool = True
    undefined_reason: str | None = None  # the exercise's own words for why it is undefined


@dataclass(frozen=True)
class Judgement:
    """The result of comparing two trees: right or not, and the diagnosis that holds."""

    correct: bool
    diagnosis: str | None
    feedback: str
    details: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Catalogued:
    """A generator's anticipated wrong answer, parsed."""

    code: str
    tree: Expr
    feedback: str
