"""``dlmath placement``: find what the learner already knows in about 30 questions.

The same keys and answer handling as ``dlmath practice`` (? hint, ! solution, s skip,
q quit; an unreadable answer is shown back and not counted; piped standard input works).
Each answer is stored at once; the conclusions are stored when the run ends (also after
q or end of input), and the map is shown coloured by them.
"""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING

import typer

from dlmath.cli.output import fail

if TYPE_CHECKING:  # pragma: no cover
    from rich.console import Console

    from dlmath.session.placement import PlacementSession

KEYS = "? hint · ! solution · s skip · q stop and conclude"
STYLE = {"known": "green", "not known": "red", "unsure": "yellow"}
MARK = {"known": "●", "not known": "○", "unsure": "◐"}


def placement_command(
    area: str = typer.Option(None, "--area", "-a", help="Place only the skills of this area."),
    max_questions: int = typer.Option(
        None, "--max-questions", "-n", min=1, max=200, help="At most this many questions (30)."
    ),
    user: str = typer.Option(
        None, "--user", "-u", help="Whose history to use (default: $DLMATH_USER or 'default')."
    ),
    seed: int = typer.Option(None, "--seed", min=0, help="Seed of the placement (to repeat it)."),
    as_json: bool = typer.Option(False, "--json", help="Print the conclusions as JSON at the end."),
) -> None:
    """Placement: questions chosen where the answer says the most, then the map coloured by
    what the answers showed. Known skills count as mastered, so practice starts at your
    frontier. Run it again any time: it only adds evidence."""
    from rich.console import Console

    from dlmath import curriculum
    from dlmath.learner.record import default_user
    from dlmath.session import practicable
    from dlmath.session.placement import PlacementSession
    from dlmath.store import StoreError, open_store

    user = (user or default_user()).strip()
    if not user:
        fail("error: --user must not be empty")
    if area is not None and area not in curriculum.AREAS:
        fail(f"error: unknown area {area!r}; areas are {', '.join(curriculum.AREAS)}")
    skills = practicable(curriculum.skills())
    interactive = sys.stdin.isatty()
    console = Console(highlight=False, soft_wrap=True, stderr=as_json)
    try:
        store = open_store(light=True)
    except StoreError as error:
        fail(f"error: {error}")
    with store:
        session = PlacementSession(
            store, user, skills, area=area, max_questions=max_questions, seed=seed
        )
        try:
            _run(session, console, interactive)
        except KeyboardInterrupt:
            console.print("\n(interrupted: concluding from the answers so far)")
        except StoreError as error:
            fail(f"error: the last answer could not be stored: {error}")
        try:
            conclusions = session.conclude()
        except StoreError as error:
            fail(f"error: the conclusions could not be stored: {error}")
    if as_json:
        typer.echo(json.dumps(_json(session, conclusions)))
    else:
        _show_map(conclusions, len(session.asked), console)


def _run(session: PlacementSession, console: Console, interactive: bool) -> None:
    from dlmath.cli.practice_cmd import (
        _flush,
        _read,
        print_unreadable,
        print_verdict,
        show_exercise,
        show_hint,
    )
    from dlmath.exercises.terminal_math import terminal_text

    console.print(
        f"Placement for {session.user}: at most {session.max_questions} questions ({KEYS})."
    )
    while True:
        exercise = session.next()
        if exercise is None:
            return
        show_exercise(
            console,
            f"{exercise.id}   (question {session.number}, at most {session.max_questions})",
            exercise.text,
        )
        while True:
            line = _read(console, interactive)
            if line is None or line == "q":
                return
            if line == "":
                continue
            if line == "?":
                show_hint(session.hint(), console)
                continue
            if line in ("!", "s"):
                session.skip()
                if line == "!":
                    console.print("solution:", style="bold")
                    console.print(terminal_text(exercise.solution), markup=False)
                console.print(f"answer: {exercise.expected}", markup=False)
                break
            asked = session.answer(line)
            verdict = asked.verdict
            assert verdict is not None
            if not asked.recorded:
                print_unreadable(verdict, console)
                continue
            print_verdict(verdict, console)
            _flush(console)
            break


def _show_map(conclusions: dict[str, str], asked: int, console: Console) -> None:
    from dlmath import curriculum

    console.print()
    counts = {word: sum(1 for c in conclusions.values() if c == word) for word in STYLE}
    console.print(
        f"Placement after {asked} questions: {counts['known']} known, "
        f"{counts['not known']} not known, {counts['unsure']} unsure",
        style="bold",
    )
    for area in curriculum.AREAS:
        skills = [s for s in curriculum.skills() if s.area == area]
        if not any(s.id in conclusions for s in skills):
            continue
        console.print()
        console.print(area, style="bold")
        for skill in skills:
            word = conclusions.get(skill.id)
            if word is None:
                console.print(f"  · {skill.name} (no exercises yet)", style="dim", markup=False)
            else:
                console.print(
                    f"  {MARK[word]} {skill.name}: {word}", style=STYLE[word], markup=False
                )
    console.print()
    console.print("`dlmath practice` now starts at the skills just beyond what you know.")
    console.file.flush()


def _json(session: PlacementSession, conclusions: dict[str, str]) -> dict:
    marginals = session.model.marginals()
    return {
        "user": session.user,
        "questions": [
            {
                "id": asked.exercise.id,
                "answer": asked.answer,
                "correct": asked.verdict is not None and bool(asked.verdict.correct),
            }
            for asked in session.asked
        ],
        "skills": [
            {"id": skill, "conclusion": word, "p_known": round(marginals[skill], 4)}
            for skill, word in conclusions.items()
        ],
    }
