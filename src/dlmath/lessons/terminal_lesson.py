"""A lesson as plain terminal text, its math drawn by the terminal math renderer."""

from __future__ import annotations

from dlmath.exercises.terminal_math import terminal_text
from dlmath.lessons.assembly import Lesson


def lesson_text(lesson: Lesson) -> str:
    """The whole lesson: idea, worked example, usual mistakes, readings, prerequisites."""
    parts = [f"{lesson.name} ({lesson.skill})", "", "THE IDEA", terminal_text(lesson.idea)]
    example = lesson.example
    parts += [
        "",
        f"WORKED EXAMPLE  ({example.id})",
        example.text,
        "",
        f"the answer: {example.expected}",
        terminal_text(example.solution),
    ]
    if lesson.mistakes:
        parts += ["", "USUAL MISTAKES"]
        for mistake in lesson.mistakes:
            parts.append(f"- {terminal_text(mistake.sentence)}")
            parts.append(
                f"  e.g. in {mistake.exercise}: {mistake.answer} instead of {mistake.expected}"
            )
    if lesson.readings:
        parts += ["", "THEN READ"] + [f"- {r.describe()}" for r in lesson.readings]
    if lesson.prerequisites:
        parts += ["", "BUILDS ON"]
        parts += [f"- {s.name}: dlmath learn {s.id}" for s in lesson.prerequisites]
    return "\n".join(parts)
