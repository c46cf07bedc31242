"""``dlmath worksheet``: a printable worksheet and its answer key, as PDF or Typst."""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Annotated

import typer

from dlmath.cli.output import emit_json, fail
from dlmath.worksheets.command import Format, regenerate_command


def worksheet_command(
    skills: Annotated[
        list[str],
        typer.Argument(help="Practice skills, e.g. linalg.matmul; several mix in one sheet."),
    ],
    output: Annotated[Path, typer.Option("--output", "-o", help="Where to write the worksheet.")],
    answers: Annotated[
        Path | None, typer.Option("--answers", "-a", help="Where to write the answer key.")
    ] = None,
    count: Annotated[int, typer.Option("--count", "-n", help="Number of problems.")] = 20,
    difficulty: Annotated[int, typer.Option("--difficulty", "-d", help="1, 2 or 3.")] = 1,
    seed: Annotated[
        int | None, typer.Option("--seed", "-s", help="Seed of the sheet (default: a new one).")
    ] = None,
    fmt: Annotated[
        Format, typer.Option("--format", "-f", help="pdf, or typ for the Typst source.")
    ] = Format.pdf,
    json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
    with_notes: Annotated[
        bool, typer.Option("--with-notes", help="Open each skill with its lesson's idea.")
    ] = False,
) -> None:
    """A printable worksheet of numbered problems and its answer key, from a seed."""
    from dlmath import worksheets

    if seed is None:
        seed = secrets.randbelow(10**6)
    if answers is not None and answers.resolve() == output.resolve():
        fail("error: --answers must name another file than -o")
    for path in (output, answers):
        if path is not None and not path.resolve().parent.is_dir():
            fail(f"error: no such directory for {path}")
    try:
        sheet = worksheets.build(skills, count=count, difficulty=difficulty, seed=seed)
    except ValueError as error:
        fail(f"error: {error}")

    command = regenerate_command(sheet, output, answers, fmt, with_notes)
    notes = _lesson_notes(sheet.skills) if with_notes else None
    sources = {output: worksheets.sheet_source(sheet, command, notes)}
    if answers is not None:
        sources[answers] = worksheets.key_source(sheet, command)
    for path, source in sources.items():
        try:
            data = source.encode("utf-8") if fmt is Format.typ else worksheets.compile_pdf(source)
        except worksheets.TypstError as error:  # a bug in dlmath: say so, no traceback
            fail(f"error: {error} (please report this; --format typ writes the source)", 1)
        try:
            path.write_bytes(data)
        except OSError as error:
            fail(f"error: cannot write {path}: {error.strerror}")

    if json:
        emit_json(
            {
                "sheet": str(output),
                "answers": str(answers) if answers is not None else None,
                "format": fmt.value,
                "seed": seed,
                "count": len(sheet.problems),
                "difficulty": difficulty,
                "skills": list(sheet.skills),
                "exercises": [p.exercise.id for p in sheet.problems],
                "command": command,
            }
        )
        return
    wrote = f"{output}" + (f" and the key {answers}" if answers is not None else "")
    typer.echo(f"wrote {wrote}: {len(sheet.problems)} problems, seed {seed}")
    typer.echo(f"same sheet again: {command}")


def _lesson_notes(skills) -> dict[str, str]:
    """Each skill's lesson idea as plain text (its math drawn in Unicode) for the sheet."""
    from dlmath.exercises.terminal_math import terminal_text
    from dlmath.lessons import lesson_note

    notes = {}
    for skill in skills:
        note = lesson_note(skill)
        if note is not None:
            notes[skill] = terminal_text(note.idea).replace("`", "")
    return notes
