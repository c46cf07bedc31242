"""One identity of the reference: two sides in the input language, what they assume and
where they come from.

Kept free of NumPy so that loading and searching the reference stays light.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from dlmath.expr import Expr, parse
from dlmath.expr.notebook import NotebookDisplay, Row

KINDS = ("equality", "gradient", "expectation", "integral")


@dataclass(frozen=True)
class Identity(NotebookDisplay):
    """``lhs = rhs`` under ``assume``; for a gradient, rhs is d lhs / d wrt (denominator
    layout); for an expectation, E[lhs] = rhs with ``variable`` ~ N(mean, cov); for an
    integral, the integral of lhs over the real line in ``variable`` is rhs."""

    id: str
    title: str
    lhs: str
    rhs: str
    source: str
    kind: str = "equality"
    shapes: dict[str, str] = field(default_factory=dict)
    assume: dict[str, tuple[str, ...]] = field(default_factory=dict)
    conditions: str = ""
    tags: tuple[str, ...] = ()
    wrt: str | None = None
    variable: str | None = None
    mean: str | None = None
    cov: str | None = None
    erratum: str | None = None
    note: str = ""

    def display_rows(self) -> list[Row]:
        rows: list[Row] = [(self.title, f"{self.lhs} = {self.rhs}", False)]
        rows += [("left", self.lhs, True), ("right", self.verified_rhs, True)]
        if self.conditions:
            rows.append(("conditions", self.conditions, False))
        return [*rows, ("source", self.source, False)]

    @property
    def verified_rhs(self) -> str:
        """The right-hand side that holds: the corrected one when the published one fails."""
        return self.erratum or self.rhs

    @cached_property
    def lhs_expr(self) -> Expr:
        return parse(self.lhs, self.shapes)

    @cached_property
    def rhs_expr(self) -> Expr:
        """The published right-hand side."""
        return parse(self.rhs, self.shapes)

    @cached_property
    def verified_rhs_expr(self) -> Expr:
        return parse(self.verified_rhs, self.shapes)

    @cached_property
    def symbols(self) -> frozenset[str]:
        """Functions and operators used, for searching by symbol (tr, det, inv, ⊗, ...)."""
        from dlmath.reference.search import expression_symbols

        found = expression_symbols(self.lhs_expr) | expression_symbols(self.verified_rhs_expr)
        if self.kind == "gradient":
            found |= {"gradient", "derivative"}
        return frozenset(found)
