"""``dlmath.practice()``: a practice session inside a notebook cell (or any Python prompt).

The same ``PracticeSession`` as ``dlmath practice``; exercises and verdicts are shown with
their rich display (math in Jupyter), answers are read with ``input()``: an answer, ? for
a hint, s to skip, q to stop."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


def _display() -> Callable[[Any], None]:
    try:
        from IPython.display import display
    except ImportError:
        return print
    return display


def practice(
    count: int = 5,
    area: str | None = None,
    skill: str | None = None,
    user: str | None = None,
    database: str | None = None,
    read: Callable[[str], str] = input,
    show: Callable[[Any], None] | None = None,
) -> Any:
    """Practise ``count`` exercises; returns the session's summary. ``database`` is a
    database URL (the configured learner database by default)."""
    from dlmath import curriculum
    from dlmath.learner.record import default_user
    from dlmath.session import PracticeSession, practicable
    from dlmath.store import open_store

    show = show or _display()
    with open_store(database, light=True) as store:
        session = PracticeSession(
            store,
            user or default_user(),
            practicable(curriculum.skills()),
            area=area,
            skill=skill,
            count=count,
        )
        while (exercise := session.next()) is not None:
            show(exercise)
            while True:
                try:
                    line = read("answer (? hint, s skip, q stop): ").strip()
                except EOFError:
                    line = "q"
                if line == "q":
                    return session.summary()
                if line == "?":
                    show(session.hint() or "no more hints")
                    continue
                if line == "s":
                    session.skip()
                    show(f"skipped; the answer was {exercise.expected}")
                    break
                if not line:
                    continue
                outcome = session.answer(line)
                if outcome.verdict is not None:
                    show(outcome.verdict)
                if outcome.recorded and outcome.final:
                    break
        return session.summary()
