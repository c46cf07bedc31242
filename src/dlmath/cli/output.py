"""Shared output conventions of the command line: JSON objects, clean errors, exit codes.

Exit codes (DESIGN.md section 5): 0 success or a correct answer, 1 a wrong answer,
2 bad input, with a clean message on stderr and never a traceback.
"""

from __future__ import annotations

import json
import sys
from typing import Any, NoReturn

import typer

from dlmath.expr.errors import InputError

EXIT_OK = 0
EXIT_WRONG = 1
EXIT_BAD_INPUT = 2


def emit_json(obj: dict[str, Any]) -> None:
    """Print one JSON object on stdout (the contract of every ``--json`` flag)."""
    sys.stdout.write(json.dumps(obj, ensure_ascii=False, default=str) + "\n")


def fail(message: str, code: int = EXIT_BAD_INPUT) -> NoReturn:
    """Print a clean message on stderr and exit; never a traceback."""
    sys.stderr.write(message.rstrip() + "\n")
    raise typer.Exit(code)


def fail_input(error: InputError, as_json: bool = False) -> NoReturn:
    """Report bad input: the message with a caret under the position, exit code 2."""
    if as_json:
        emit_json({"error": error.message, "position": error.position})
    fail(f"error: {error.describe()}")


def parse_pairs(items: list[str] | None, option: str) -> dict[str, str]:
    """Read repeated ``NAME=VALUE`` options (``--shape A=3x4``, ``--assume X=spd``)."""
    pairs: dict[str, str] = {}
    for item in items or []:
        name, sep, value = item.partition("=")
        if not sep or not name.strip() or not value.strip():
            fail(f"error: {option} expects NAME=VALUE, got {item!r}")
        pairs[name.strip()] = value.strip()
    return pairs


def parse_assumptions(items: list[str] | None) -> dict[str, list[str]]:
    """``--assume X=spd --assume X=diagonal`` or ``--assume X=spd,diagonal``."""
    assume: dict[str, list[str]] = {}
    for item in items or []:
        name, sep, value = item.partition("=")
        if not sep or not name.strip() or not value.strip():
            fail(f"error: --assume expects NAME=PROPERTY, got {item!r}")
        props = [p.strip() for p in value.split(",") if p.strip()]
        assume.setdefault(name.strip(), []).extend(props)
    return assume
