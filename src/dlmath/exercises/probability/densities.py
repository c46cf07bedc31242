"""Power densities c·xⁿ on an interval, written for prompts (PMFs and PDFs, expectation)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    pass


def power_density_latex(c: str, n: int) -> str:
    return f"{c}\\,x^{{{n}}}" if n > 1 else f"{c}\\,x"
