"""Lessons inside ``dlmath practice``: shown once, automatically, when a learner meets a
skill with no attempts yet, and on request with the key ``l``.

Kept apart from the practice loop so the loop only asks two questions of it. Turned off
by ``--no-lessons`` or by setting ``DLMATH_NO_LESSONS`` to anything but ``0`` or empty.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from rich.console import Console

    from dlmath.session import PracticeSession

OFF_SWITCH = "DLMATH_NO_LESSONS"
KEY = "l"


def lessons_wanted(no_lessons: bool) -> bool:
    """Whether lessons are shown automatically (``l`` works either way)."""
    return not no_lessons and os.environ.get(OFF_SWITCH, "").strip() in ("", "0")


@dataclass
class LessonShower:
    automatic: bool
    shown: set[str] = field(default_factory=set)

    def first_meeting(self, session: PracticeSession, skill: str, console: Console) -> None:
        """Show the lesson of ``skill`` if the learner has never attempted it (once)."""
        from dlmath.lessons import lesson_note

        state = session.states.get(skill)
        if not self.automatic or skill in self.shown or (state and state.attempts):
            return
        if lesson_note(skill) is None:
            return
        console.print("A new skill: its lesson first (turn off with --no-lessons).", markup=False)
        self.show(skill, console)

    def show(self, skill: str, console: Console) -> None:
        from dlmath.lessons.assembly import NoLesson, lesson
        from dlmath.lessons.terminal_lesson import lesson_text

        self.shown.add(skill)
        try:
            text = lesson_text(lesson(skill))
        except NoLesson as error:
            text = f"({error})"
        console.print()
        console.print(text, markup=False)
        console.print()
