"""``dlmath export`` and ``dlmath import``: the learner database as JSON lines.

An export is a complete copy (learners, every attempt, the cached progress); importing it
into another database, or back into the same one, loses nothing and adds nothing twice.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path
from typing import NoReturn

import typer

from dlmath.cli.output import emit_json, fail


def export_command(
    output: str = typer.Option(
        "-", "--output", "-o", help="File to write, or - for standard output."
    ),
    user: str = typer.Option(None, "--user", help="Export only this learner."),
    json: bool = typer.Option(
        False, "--json", help="Print one JSON object with the counts (needs -o FILE)."
    ),
) -> None:
    """Write learners, attempts and progress as JSON lines (a backup, or a move)."""
    if json and output == "-":
        fail("error: --json needs -o FILE (the export itself goes to standard output)")
    from dlmath.store import StoreError, open_store

    try:
        with open_store() as store:
            if output == "-":
                store.export_jsonl(sys.stdout, user=user)
                return
            report = _export_to_file(store, Path(output), user)
    except StoreError as error:
        _fail(str(error), json)
    except OSError as error:
        _fail(f"cannot write {output}: {error.strerror or error}", json)
    if json:
        emit_json({"file": output, **report.to_json()})
    else:
        typer.echo(
            f"exported {report.users} learner(s), {report.attempts} attempt(s) and "
            f"{report.skill_states} skill state(s) to {output}"
        )


def _export_to_file(store, path: Path, user: str | None):  # type: ignore[no-untyped-def]
    """Write next to ``path`` and rename at the end: a failed export leaves no half file."""
    handle, temporary = tempfile.mkstemp(dir=path.parent or ".", prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as out:
            report = store.export_jsonl(out, user=user)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return report


def import_command(
    file: str = typer.Argument(..., help="A file from dlmath export, or - for standard input."),
    json: bool = typer.Option(False, "--json", help="Print one JSON object."),
) -> None:
    """Read a JSON lines export; attempts already present are skipped. All or nothing."""
    from dlmath.store import ImportFormatError, StoreError, open_store

    try:
        with open_store() as store:
            if file == "-":
                report = store.import_jsonl(sys.stdin)
            else:
                with open(file, encoding="utf-8") as source:
                    report = store.import_jsonl(source)
    except ImportFormatError as error:
        _fail(f"{'standard input' if file == '-' else file}: {error}; nothing was imported", json)
    except StoreError as error:
        _fail(str(error), json)
    except OSError as error:
        _fail(f"cannot read {file}: {error.strerror or error}", json)
    if json:
        emit_json(report.to_json())
        return
    typer.echo(
        f"imported {report.attempts_added} attempt(s), skipped {report.attempts_skipped} "
        f"already present; {report.users_added} new learner(s), "
        f"{report.skill_states_added} skill state(s)"
    )
    if report.rebuild_needed:
        names = ", ".join(report.rebuild_needed)
        typer.echo(f"progress of {names} will be recomputed from the merged attempts")


def _fail(message: str, as_json: bool) -> NoReturn:
    if as_json:
        emit_json({"error": message})
    fail(f"error: {message}")
