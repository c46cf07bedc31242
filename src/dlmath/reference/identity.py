"""One identity of the reference: two sides in the input language, what they assume and
where they come from.

Kept free of NumPy so that loading and searching the reference stays light.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from dlmath.expr import Expr, parse
from dlmath.expr.nodes import Div, Func, Hadamard, Inverse, Kron, Norm, Pow, Transpose
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
        found = expression_symbols(self.lhs_expr) | expression_symbols(self.verified_rhs_expr)
        if self.kind == "gradient":
            found |= {"gradient", "derivative"}
        return frozenset(found)


def expression_symbols(expr: Expr) -> set[str]:
    """Names of the functions and operators in a tree: tr, det, inv, T, ⊗, ⊙, ||, ..."""
    found: set[str] = set()
    for node in expr.walk():
        if isinstance(node, Func):
            found.add(node.name)
        elif isinstance(node, Inverse):
            found.add("inv")
        elif isinstance(node, Transpose):
            found.add("T")
        elif isinstance(node, Kron):
            found.add("⊗")
        elif isinstance(node, Hadamard):
            found.add("⊙")
        elif isinstance(node, Norm):
            found |= {"||", f"||_{node.p}"}
        elif isinstance(node, Pow):
            found.add("^")
        elif isinstance(node, Div):
            found.add("/")
    return found


def identity_json(identity: Identity) -> dict[str, Any]:
    """The JSON form: lhs/rhs in the input language (rhs is the form that holds), their
    LaTeX and Unicode text, and everything needed to check it again."""
    from dlmath.expr.render import to_latex, to_text

    out: dict[str, Any] = {
        "id": identity.id,
        "title": identity.title,
        "kind": identity.kind,
        "lhs": identity.lhs,
        "rhs": identity.verified_rhs,
        "conditions": identity.conditions,
        "source": identity.source,
        "shapes": identity.shapes,
        "assume": {name: list(props) for name, props in identity.assume.items()},
        "tags": list(identity.tags),
        "latex": {
            "lhs": to_latex(identity.lhs_expr),
            "rhs": to_latex(identity.verified_rhs_expr),
        },
        "text": {
            "lhs": to_text(identity.lhs_expr),
            "rhs": to_text(identity.verified_rhs_expr),
        },
    }
    if identity.wrt:
        out["wrt"] = identity.wrt
        out["layout"] = "denominator"
    if identity.variable:
        out["variable"] = identity.variable
    if identity.kind == "expectation":
        out["distribution"] = {"family": "normal", "mean": identity.mean, "cov": identity.cov}
    if identity.erratum:
        out["erratum"] = {"published": identity.rhs, "note": identity.note}
    return out
