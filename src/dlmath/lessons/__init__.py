"""Quick-start lessons: for every practice skill, the idea in dlmath's words, a worked
example, the usual mistakes, then the readings.

The idea of each skill is data (``<area>.toml``, one file per area), with the formulas it
states listed as checks that the tests evaluate numerically. The rest of a lesson is
assembled when asked (``dlmath.lessons.assembly``) from the generators and the skill map,
so the example and the mistakes never go stale. Importing this package is light: the
data is read on first use, standard library only.
"""

from dlmath.lessons.lesson_file import (
    LESSON_AREAS,
    Check,
    LessonDataError,
    LessonNote,
    lesson_note,
    load_notes,
    parse_notes,
)

__all__ = [
    "LESSON_AREAS",
    "Check",
    "LessonDataError",
    "LessonNote",
    "lesson_note",
    "load_notes",
    "parse_notes",
]
