"""Printable worksheets with answer keys, for any practice skill, reproducible by seed.

``build`` chooses the exercises, ``sheet_source``/``key_source`` write the Typst
documents and ``compile_pdf`` turns them into PDF in-process (the ``typst`` package,
imported on first use). The names load on first use too (PEP 562), so that the CLI can
import ``dlmath.worksheets.command`` for its option types without the documents.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from dlmath.worksheets.document import key_source, sheet_source
    from dlmath.worksheets.pdf import TypstError, compile_pdf
    from dlmath.worksheets.sheet import (
        MAX_PROBLEMS,
        Problem,
        Section,
        Worksheet,
        build,
        problem_seed,
    )

_LAZY = {
    "key_source": "dlmath.worksheets.document",
    "sheet_source": "dlmath.worksheets.document",
    "TypstError": "dlmath.worksheets.pdf",
    "compile_pdf": "dlmath.worksheets.pdf",
    **{
        name: "dlmath.worksheets.sheet"
        for name in ("MAX_PROBLEMS", "Problem", "Section", "Worksheet", "build", "problem_seed")
    },
}

__all__ = [
    "MAX_PROBLEMS",
    "Problem",
    "Section",
    "TypstError",
    "Worksheet",
    "build",
    "compile_pdf",
    "key_source",
    "problem_seed",
    "sheet_source",
]


def __getattr__(name: str) -> Any:
    """The worksheet names, imported on first use (PEP 562)."""
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
