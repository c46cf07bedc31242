"""``dlmath identities [QUERY]``: the verified identity reference at the command line."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

from dlmath.cli.output import emit_json

if TYPE_CHECKING:  # pragma: no cover
    from dlmath.reference import Identity

QUERY_HELP = (
    "Words (woodbury, softmax cross-entropy), symbols (tr, det, inv, ⊗, softmax), an "
    "expression (tr(A X B)) or a source (eq. 101, Cookbook, Goodfellow). Empty: all."
)

QUERY_ARGUMENT = typer.Argument(None, help=QUERY_HELP, show_default=False)
JSON_OPTION = typer.Option(False, "--json", help="Print one JSON object.")


def identities_command(
    query: list[str] = QUERY_ARGUMENT,
    json: bool = JSON_OPTION,
) -> None:
    """Search the verified identity reference (matrix algebra and calculus, deep-learning
    gradients, Gaussians, information theory); every identity is checked numerically."""
    from dlmath.reference import identity_json, search

    text = " ".join(query or [])
    found = search(text)
    if json:
        emit_json(
            {
                "identities": [identity_json(i) for i in found],
                "count": len(found),
                "query": text,
            }
        )
        return
    if not found:
        typer.echo(f"No identity matches {text!r}. Try fewer words, a symbol or 'eq. N'.")
        return
    for k, identity in enumerate(found):
        if k:
            typer.echo("")
        typer.echo(describe(identity))


def statement(identity: Identity, rhs: str | None = None) -> str:
    """The identity as one line of Unicode text: ``lhs = rhs`` in the reading of its kind."""
    from dlmath.expr import parse
    from dlmath.expr.render import to_text

    left = to_text(identity.lhs_expr)
    right = to_text(parse(rhs, identity.shapes)) if rhs else to_text(identity.verified_rhs_expr)
    if identity.kind == "gradient":
        return f"∇_{identity.wrt} [{left}] = {right}"
    if identity.kind == "expectation":
        mean = to_text(parse(identity.mean or "", identity.shapes))
        cov = to_text(parse(identity.cov or "", identity.shapes))
        return f"E[{left}] = {right}    ({identity.variable} ~ N({mean}, {cov}))"
    if identity.kind == "integral":
        return f"∫ {left} d{identity.variable} = {right}    (over the real line)"
    return f"{left} = {right}"


def describe(identity: Identity) -> str:
    lines = [f"{identity.id} — {identity.title}", f"  {statement(identity)}"]
    shapes = ", ".join(f"{name}: {shape}" for name, shape in identity.shapes.items())
    if shapes:
        lines.append(f"  shapes: {shapes}")
    if identity.conditions:
        lines.append(f"  when: {identity.conditions}")
    lines.append(f"  source: {identity.source}")
    if identity.erratum:
        lines.append(f"  erratum: published as {statement(identity, identity.rhs)}")
        lines.append(f"    {identity.note}")
    return "\n".join(lines)
