"""``dlmath learn``: the quick-start lesson of a skill (idea, worked example, usual
mistakes, readings, prerequisites)."""

from __future__ import annotations

import typer

from dlmath.cli.output import emit_json, fail


def learn_command(
    skill: str = typer.Argument(..., help="A practice skill id, e.g. probability.bayes-rule."),
    seed: int | None = typer.Option(
        None, "--seed", min=0, help="Seed of the worked example (fresh when omitted)."
    ),
    json: bool = typer.Option(False, "--json", help="Print one JSON object."),
) -> None:
    """The quick-start lesson of SKILL: the idea, a worked example, the usual mistakes,
    then what to read."""
    from dlmath.lessons.assembly import NoLesson, lesson

    try:
        found = lesson(skill, seed)
    except NoLesson as error:
        from dlmath.exercises.registry import practice_skills

        fail(f"error: {error}\nskills with lessons: {', '.join(practice_skills())}")
    if json:
        emit_json(found.to_json())
        return
    from dlmath.lessons.terminal_lesson import lesson_text

    typer.echo(lesson_text(found))
