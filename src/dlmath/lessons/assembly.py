"""Assemble a whole lesson: the written idea, a fresh worked example, the usual mistakes,
the readings and the prerequisites.

Only the idea is written by hand. The example is a generated difficulty-1 exercise with
its solution, and the mistakes are the generator's own catalogued misconceptions, each
shown on a real exercise, so a lesson changes when its generator does.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from dlmath.lessons.lesson_file import lesson_note

#: Exercises drawn to collect a skill's catalogued mistakes: (difficulty, seed), fixed so
#: the list is the same on every machine. Easy ones first: their examples are smallest.
MISTAKE_DRAWS = tuple((1, seed) for seed in range(6)) + tuple(
    (d, seed) for d in (2, 3) for seed in range(3)
)


class NoLesson(ValueError):
    """The skill has no practice exercises or no written lesson."""


@dataclass(frozen=True)
class Mistake:
    code: str
    sentence: str
    exercise: str  # the id of the exercise that shows it
    prompt: str  # that exercise's prompt (Markdown with LaTeX)
    answer: str  # the wrong answer
    expected: str  # the right one

    def to_json(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "sentence": self.sentence,
            "example": {
                "id": self.exercise,
                "prompt": self.prompt,
                "answer": self.answer,
                "expected": self.expected,
            },
        }


@dataclass(frozen=True)
class Lesson:
    skill: str
    name: str
    idea: str
    example: Any  # dlmath.exercises.Exercise
    mistakes: tuple[Mistake, ...]
    readings: tuple[Any, ...]  # dlmath.curriculum.Reading
    prerequisites: tuple[Any, ...]  # dlmath.curriculum.Skill

    def to_json(self) -> dict[str, Any]:
        """The object of ``dlmath learn --json``."""
        return {
            "skill": self.skill,
            "idea": self.idea,
            "example": {
                "id": self.example.id,
                "prompt": self.example.prompt,
                "solution": self.example.solution,
            },
            "mistakes": [m.to_json() for m in self.mistakes],
            "readings": [r.to_json() for r in self.readings],
            "prerequisites": [{"id": s.id, "name": s.name} for s in self.prerequisites],
        }


def usual_mistakes(skill: str) -> tuple[Mistake, ...]:
    """The skill's catalogued misconceptions, each with its first example in
    ``MISTAKE_DRAWS`` (generic diagnosis codes are the checker's, not the skill's)."""
    from dlmath.exercises import exercise

    found: dict[str, Mistake] = {}
    for difficulty, seed in MISTAKE_DRAWS:
        ex = exercise(skill, difficulty, seed)
        for item in ex.misconceptions:
            if item.code not in found:
                found[item.code] = Mistake(
                    code=item.code,
                    sentence=item.feedback,
                    exercise=ex.id,
                    prompt=ex.prompt,
                    answer=item.answer,
                    expected=ex.expected,
                )
    return tuple(found.values())


def lesson(skill: str, seed: int | None = None) -> Lesson:
    """The lesson of practice skill ``skill``; its example is ``skill:1:seed`` (a fresh
    seed when None). Raises :class:`NoLesson` for a skill without one."""
    from dlmath import curriculum
    from dlmath.exercises import exercise
    from dlmath.exercises.registry import generator

    if generator(skill) is None:  # imports that skill's module only
        raise NoLesson(f"no practice skill {skill!r}")
    note = lesson_note(skill)
    if note is None:
        raise NoLesson(f"the skill {skill!r} has no lesson yet")
    known = {s.id: s for s in curriculum.skills()}
    entry = known[skill]
    return Lesson(
        skill=skill,
        name=entry.name,
        idea=note.idea,
        example=exercise(skill, 1, seed),
        mistakes=usual_mistakes(skill),
        readings=tuple(entry.readings),
        prerequisites=tuple(known[p] for p in entry.prerequisites if p in known),
    )
