"""``dlmath exercise`` and ``dlmath check``: one generated exercise, one judged answer."""

from __future__ import annotations

import typer

from dlmath.cli.output import EXIT_WRONG, emit_json, fail
from dlmath.expr.errors import InputError


def exercise_command(
    skill: str = typer.Argument(..., help="A practice skill id, e.g. linalg.matmul."),
    difficulty: int = typer.Option(1, "--difficulty", "-d", min=1, max=3, help="1, 2 or 3."),
    seed: int | None = typer.Option(
        None, "--seed", help="Seed; the same id gives the same exercise."
    ),
    answer: bool = typer.Option(
        False, "--answer", help="Also show the answer and worked solution."
    ),
    json: bool = typer.Option(False, "--json", help="Print one JSON object."),
) -> None:
    """One generated exercise, drawn from SKILL at DIFFICULTY with SEED."""
    from dlmath.exercises import exercise
    from dlmath.exercises.registry import practice_skills

    if seed is not None and seed < 0:
        fail("error: --seed must be a non-negative integer")
    try:
        ex = exercise(skill, difficulty=difficulty, seed=seed)
    except ValueError as error:
        known = ", ".join(practice_skills())
        fail(f"error: {error}\nskills with exercises: {known}")
    if json:
        emit_json(ex.to_json())
        return
    from rich.console import Console
    from rich.panel import Panel
    from rich.text import Text

    console = Console(highlight=False)
    title = Text(f"{ex.skill} · difficulty {ex.difficulty}")
    # Text, not a markup string: prompts contain brackets like [x, y]
    console.print(Panel(Text(ex.text), title=title, expand=False))
    console.print(Text(f"id: {ex.id}    answer with: dlmath check {ex.id} 'ANSWER'"))
    if answer:
        from dlmath.exercises.terminal_math import terminal_text

        console.print(Text(f"\nanswer: {ex.expected}"))
        console.print(f"\n{terminal_text(ex.solution)}", markup=False)


def check_command(
    exercise_id: str = typer.Argument(..., metavar="ID", help="SKILL:DIFFICULTY:SEED"),
    answer: str = typer.Argument(..., help="Your answer, in dlmath's input language."),
    no_record: bool = typer.Option(False, "--no-record", help="Do not store this attempt."),
    json: bool = typer.Option(False, "--json", help="Print one JSON object."),
) -> None:
    """Judge ANSWER to exercise ID, and record it in your history."""
    from dlmath.checker import check_answer
    from dlmath.exercises import exercise_from_id

    try:
        ex = exercise_from_id(exercise_id)
    except (ValueError, InputError) as error:
        fail(f"error: {error}")
    verdict = check_answer(ex, answer)
    try_number = 1 if no_record else _record(ex, answer, verdict)
    if json:
        emit_json(verdict.to_json())
    else:
        for line in verdict.lines():
            typer.echo(line)
        if try_number > 1:
            typer.echo(
                f"(try {try_number} at this exercise: stored, but only a first try counts "
                "toward mastery)"
            )
    if not verdict.correct:
        raise typer.Exit(EXIT_WRONG)


def _record(ex, answer: str, verdict) -> int:
    """Store the attempt in the learner's history (the default SQLite file unless
    ``DLMATH_DATABASE_URL`` says otherwise); its try number."""
    from dlmath.learner.record import default_user, next_try, record
    from dlmath.store import StoreError, open_store

    user = default_user()
    try:
        with open_store(light=True) as store:
            number = next_try(store, user, ex.id)
            record(store, user, ex, verdict, answer=answer, try_number=number)
            return number
    except StoreError as error:
        fail(f"error: the answer was judged but could not be stored: {error}")
