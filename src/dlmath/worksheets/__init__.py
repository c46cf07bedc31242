"""Printable worksheets with answer keys, for any practice skill, reproducible by seed.

``build`` chooses the exercises, ``sheet_source``/``key_source`` write the Typst
documents and ``compile_pdf`` turns them into PDF in-process (the ``typst`` package,
imported on first use).
"""

from __future__ import annotations

from dlmath.worksheets.document import key_source, sheet_source
from dlmath.worksheets.pdf import TypstError, compile_pdf
from dlmath.worksheets.sheet import MAX_PROBLEMS, Problem, Section, Worksheet, build, problem_seed

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
