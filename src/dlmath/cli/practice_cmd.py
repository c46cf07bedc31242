"""``dlmath practice``: a practice session in the terminal, or scripted through a pipe.

At a terminal it reads answers with line editing; with answers piped on standard input it
reads one line per answer, echoes each after its prompt so the transcript reads like a
session, and ends at end of input with the summary. Output is flushed after every
verdict, so whoever reads the transcript sees each result as soon as it is stored.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import typer

from dlmath.cli.output import fail

if TYPE_CHECKING:  # pragma: no cover
    from rich.console import Console

    from dlmath.checker.verdict import Verdict
    from dlmath.session import Outcome, PracticeSession, Summary

KEYS = "? hint · ! solution · l lesson · s skip · u undo the last answer · q quit"
NO_MORE_HINTS = "no more hints (! shows the solution)"
NOT_COUNTED = "(not counted; type the answer again)"
TRY_AGAIN = "try again (! shows the solution)"
NOTHING_TO_UNDO = "nothing to undo"
LEVEL_MARK = {"not started": "·", "familiar": "○", "proficient": "◐", "mastered": "●"}


def practice_command(
    area: str = typer.Option(None, "--area", "-a", help="Practise only this area."),
    skill: str = typer.Option(None, "--skill", "-s", help="Practise only this skill."),
    count: int = typer.Option(10, "--count", "-n", min=1, help="How many exercises."),
    user: str = typer.Option(
        None, "--user", "-u", help="Whose history to use (default: $DLMATH_USER or 'default')."
    ),
    seed: int = typer.Option(
        None, "--seed", min=0, help="Seed of the session's exercises (to repeat a session)."
    ),
    tries: int = typer.Option(
        None,
        "--tries",
        min=1,
        max=10,
        help="Tries at an exercise before its answer is shown (default: the session's, 2).",
    ),
    no_lessons: bool = typer.Option(
        False,
        "--no-lessons",
        help="Do not show a new skill's lesson first (or DLMATH_NO_LESSONS=1).",
    ),
) -> None:
    """Practise: the planner picks each exercise; every answer is judged and stored at once.

    Type an answer, or ? for a hint, ! for the worked solution (counts as a skip),
    s to skip, u to take back the last answer, l for the skill's lesson, q to quit. A wrong
    answer can be tried again (--tries, 2 by default); only the first try counts for
    mastery, every try is stored. An answer that cannot be read is shown back, not
    counted. Ctrl-C ends the session with its summary; nothing answered is lost.
    """
    from rich.console import Console

    from dlmath import curriculum
    from dlmath.cli.practice_lessons import lessons_wanted
    from dlmath.learner.record import default_user
    from dlmath.session import PracticeSession, Tries, practicable
    from dlmath.store import StoreError, open_store

    user = (user or default_user()).strip()
    if not user:
        fail("error: --user must not be empty")
    skills = practicable(curriculum.skills())
    if area is not None and area not in curriculum.AREAS:
        fail(f"error: unknown area {area!r}; areas are {', '.join(curriculum.AREAS)}")
    if skill is not None:
        chosen = next((s for s in skills if s.id == skill), None)
        if chosen is None:
            fail(f"error: unknown skill {skill!r}; `dlmath skills` lists them")
        if not chosen.practice:
            fail(f"error: {skill} has no exercises yet")
    interactive = sys.stdin.isatty()
    console = Console(highlight=False, soft_wrap=True)
    try:
        store = open_store(light=True)
    except StoreError as error:
        fail(f"error: {error}")
    with store:
        try:
            session = PracticeSession(
                store,
                user,
                skills,
                area=area,
                skill=skill,
                count=count,
                seed=seed,
                tries=Tries() if tries is None else Tries(tries),
            )
        except KeyboardInterrupt:
            raise typer.Exit(130) from None
        try:
            _run(session, console, interactive, lessons_wanted(no_lessons))
        except KeyboardInterrupt:
            console.print("\n(interrupted)")
        except StoreError as error:
            _show_summary(session.summary(), console)
            fail(f"error: the last answer could not be stored: {error}")
        _show_summary(session.summary(), console)
        for problem in session.problems:
            sys.stderr.write(f"warning: an exercise could not be made: {problem}\n")


def _run(
    session: PracticeSession, console: Console, interactive: bool, lessons: bool = True
) -> None:
    from dlmath.cli.practice_lessons import KEY as LESSON_KEY
    from dlmath.cli.practice_lessons import LessonShower
    from dlmath.exercises.terminal_math import terminal_text

    shower = LessonShower(automatic=lessons)

    names = _skill_names()
    console.print(f"Practice for {session.user}: {session.count} exercises ({KEYS}).")
    while True:
        exercise = session.next()
        if exercise is None:
            if not session.outcomes:
                where = f" in {session.area}" if session.area else ""
                console.print(f"No exercises are ready{where} yet.")
            return
        shower.first_meeting(session, exercise.skill, console)
        pick = session.pick
        reason = f" · {pick.reason}" if pick and pick.reason != "chosen" else ""
        show_exercise(
            console,
            f"{exercise.id} · {names.get(exercise.skill, exercise.skill)} · difficulty "
            f"{exercise.difficulty}{reason}   ({session.number} of {session.count})",
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
            if line == LESSON_KEY:
                shower.show(exercise.skill, console)
                console.print(exercise.text, markup=False)
                _flush(console)
                continue
            if line == "u":
                undone = session.undo()
                console.print(
                    f"took back your answer to {undone.exercise.id}" if undone else NOTHING_TO_UNDO,
                    markup=False,
                )
                _flush(console)
                continue
            if line == "!":
                solution = exercise.solution
                outcome = session.show_solution()
                console.print("solution:", style="bold")
                console.print(terminal_text(solution), markup=False)
                console.print(f"answer: {exercise.expected}", markup=False)
            elif line == "s":
                outcome = session.skip()
                console.print(f"skipped; the answer was {exercise.expected}", markup=False)
            else:
                outcome = session.answer(line)
                if not outcome.recorded:
                    _show_unreadable(outcome, console)
                    continue
                _show_verdict(outcome, console)
                if not outcome.final:
                    console.print(TRY_AGAIN, markup=False)
                    _flush(console)
                    continue
            _show_level_change(outcome, console)
            _flush(console)
            break


def show_exercise(console: Console, heading: str, text: str) -> None:
    """An exercise on screen: its heading in bold, then its text, set off by blank lines."""
    console.print()
    console.print(heading, markup=False, style="bold")
    console.print()
    console.print(text, markup=False)
    console.print()
    _flush(console)


def show_hint(hint: str | None, console: Console) -> None:
    """The next hint, or that there is none left."""
    from dlmath.exercises.terminal_math import terminal_text

    console.print(f"hint: {terminal_text(hint)}" if hint else NO_MORE_HINTS, markup=False)
    _flush(console)


def _read(console: Console, interactive: bool) -> str | None:
    """One stripped line, or None at end of input."""
    if interactive:
        try:
            return input("answer> ").strip()
        except EOFError:
            console.print()
            return None
    console.print("answer> ", end="", markup=False)
    _flush(console)
    raw = sys.stdin.readline()
    if raw == "":
        console.print()
        return None
    line = raw.strip()
    console.print(line, markup=False)
    return line


def _show_verdict(outcome: Outcome, console: Console) -> None:
    verdict = outcome.verdict
    if verdict is None:
        return
    print_verdict(verdict, console, show_expected=outcome.final)


def print_verdict(verdict: Verdict, console: Console, *, show_expected: bool = True) -> None:
    """The one verdict printer (``Verdict.lines``), ✓ in green and ✗ in red."""
    for line in verdict.lines(show_expected=show_expected):
        style = "green" if line.startswith("✓") else "red" if line.startswith("✗") else None
        console.print(line, style=style, markup=False)


def _show_unreadable(outcome: Outcome, console: Console) -> None:
    print_unreadable(outcome.verdict, console)


def print_unreadable(verdict: Verdict, console: Console) -> None:
    """A parse error: what was wrong and where, never the answer (the exercise stays)."""
    if verdict.feedback:
        console.print(verdict.feedback, markup=False)
    caret = verdict.details.get("caret") if verdict.details else None
    if caret:
        console.print(str(caret), markup=False)
    console.print(NOT_COUNTED, markup=False)
    _flush(console)


def _show_level_change(outcome: Outcome, console: Console) -> None:
    before, after = outcome.level_before, outcome.level_after
    if before != after:
        console.print(f"{outcome.exercise.skill}: {before} → {after}", markup=False)


def _show_summary(summary: Summary, console: Console) -> None:
    if not (summary.answered or summary.skipped):
        _flush(console)
        return
    console.print()
    console.print("Session summary", style="bold")
    skipped = f", {summary.skipped} skipped" if summary.skipped else ""
    later = f", {summary.right_later} right on a later try" if summary.right_later else ""
    console.print(f"answered {summary.answered}, right {summary.right}{later}{skipped}")
    if summary.advanced:
        console.print("skills advanced:")
        for skill, before, after in summary.advanced:
            console.print(f"  {LEVEL_MARK[after]} {skill}: {before} → {after}", markup=False)
    else:
        console.print("skills advanced: none")
    if summary.reviews:
        console.print("next reviews:")
        for skill, due in summary.reviews:
            console.print(f"  {skill}: {due.strftime('%Y-%m-%d %H:%M')} UTC", markup=False)
    _flush(console)


def _skill_names() -> dict[str, str]:
    from dlmath import curriculum

    return {s.id: s.name for s in curriculum.skills()}


def _flush(console: Console) -> None:
    console.file.flush()
