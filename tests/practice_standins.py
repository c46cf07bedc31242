"""Stand-ins the practice-session tests share, so a session runs without the real
generators, checker or wall clock: skills, exercises whose answer is their seed, a
checker for whole numbers and a clock that ticks 30 seconds a call."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from dlmath.checker.verdict import Verdict
from dlmath.exercises.base import Exercise


@dataclass(frozen=True)
class Skill:
    id: str
    area: str
    prerequisites: tuple[str, ...] = ()
    practice: bool = True


def make_exercise(skill: str, difficulty: int, seed: int) -> Exercise:
    """A stand-in exercise whose answer is the seed (so a test can answer it right)."""
    return Exercise(
        prompt=f"What is {seed}?",
        text=f"What is {seed}?",
        kind="number",
        expected=str(seed),
        data={"n": seed},
        hints=["It is a number.", f"It is {seed}."],
        solution=f"It is {seed}.",
        id=f"{skill}:{difficulty}:{seed}",
        skill=skill,
        difficulty=difficulty,
        seed=seed,
    )


def check_answer(exercise: Exercise, text: str) -> Verdict:
    if not text.strip().lstrip("-").isdigit():
        return Verdict(False, "Not a number.", "parse-error", exercise.expected, position=0)
    right = text.strip() == exercise.expected
    return Verdict(
        correct=right,
        feedback="" if right else "Not that number.",
        diagnosis=None if right else "wrong",
        expected=exercise.expected,
        read_as=text.strip(),
    )


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 4, 1, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        self.now += timedelta(seconds=30)
        return self.now
