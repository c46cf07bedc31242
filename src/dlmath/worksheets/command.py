"""The command line that prints a worksheet again, written on the sheet and its key so
that a printed sheet can be reproduced (the CLI and the web write the same line)."""

from __future__ import annotations

import shlex
from enum import StrEnum
from pathlib import Path


class Format(StrEnum):
    pdf = "pdf"
    typ = "typ"


def regenerate_command(
    sheet, output: Path, answers: Path | None, fmt: Format, with_notes: bool = False
) -> str:
    """The command that prints this sheet again (file names without their directories)."""
    parts = ["dlmath", "worksheet", *sheet.skills]
    parts += ["--count", str(sheet.count), "--difficulty", str(sheet.difficulty)]
    parts += ["--seed", str(sheet.seed), "-o", output.name]
    if answers is not None:
        parts += ["--answers", answers.name]
    if fmt is not Format.pdf:
        parts += ["--format", fmt.value]
    if with_notes:
        parts.append("--with-notes")
    return shlex.join(parts)
