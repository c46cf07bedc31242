"""Jinja2 filters: math and Markdown for templates (all output escaped first)."""

from __future__ import annotations

from jinja2 import Environment


def install(env: Environment) -> None:
    from dlmath.web import markup

    env.filters["markdown"] = markup.markdown_html
    env.filters["mathml"] = markup.expression_mathml
    env.filters["percent"] = lambda x: f"{100 * float(x):.0f}%"
