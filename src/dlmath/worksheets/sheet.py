"""What goes on a worksheet: which exercises, in which order, numbered how.

A sheet is fully determined by its skills, count, difficulty and seed. Each problem's
exercise seed is derived from the sheet seed with BLAKE2 (stable on every machine and
Python version), so the same command prints the same sheet everywhere.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from dlmath.exercises.base import DIFFICULTIES, Exercise

MAX_PROBLEMS = 300
MAX_SEED = 10**12
PROBLEM_SEEDS = 10**9  # exercise seeds stay short enough to type: linalg.matmul:1:482913077
REDRAWS = 25  # attempts at an exercise not already on the sheet before accepting a repeat


@dataclass(frozen=True)
class Problem:
    number: int  # 1, 2, ... across the whole sheet
    exercise: Exercise


@dataclass(frozen=True)
class Section:
    """The problems of one skill, under one instruction."""

    skill: str
    name: str
    problems: tuple[Problem, ...]


@dataclass(frozen=True)
class Worksheet:
    skills: tuple[str, ...]
    count: int
    difficulty: int
    seed: int
    sections: tuple[Section, ...]

    @property
    def problems(self) -> list[Problem]:
        return [p for s in self.sections for p in s.problems]


def problem_seed(sheet_seed: int, skill: str, index: int, attempt: int = 0) -> int:
    """The exercise seed of the ``index``-th problem of ``skill`` on the sheet."""
    key = f"dlmath-worksheet:{sheet_seed}:{skill}:{index}:{attempt}".encode()
    digest = hashlib.blake2b(key, digest_size=8).digest()
    return int.from_bytes(digest, "big") % PROBLEM_SEEDS


def split_count(count: int, parts: int) -> list[int]:
    """``count`` problems shared out as evenly as possible, earlier skills first."""
    base, extra = divmod(count, parts)
    return [base + (1 if i < extra else 0) for i in range(parts)]


def validate(skills: list[str], count: int, difficulty: int, seed: int) -> tuple[str, ...]:
    """The distinct skills in order; ValueError with a clear message for bad input."""
    from dlmath.exercises.registry import generators

    chosen = tuple(dict.fromkeys(skills))
    if not chosen:
        raise ValueError("name at least one skill")
    known = generators()
    unknown = [s for s in chosen if s not in known]
    if unknown:
        raise ValueError(
            f"no exercises for skill(s) {', '.join(unknown)}; "
            f"skills with exercises: {', '.join(sorted(known))}"
        )
    if difficulty not in DIFFICULTIES:
        raise ValueError(f"difficulty must be 1, 2 or 3, got {difficulty}")
    if not len(chosen) <= count <= MAX_PROBLEMS:
        raise ValueError(
            f"count must be between {len(chosen)} (one per skill) and {MAX_PROBLEMS}, got {count}"
        )
    if not 0 <= seed < MAX_SEED:
        raise ValueError(f"seed must be between 0 and {MAX_SEED - 1}, got {seed}")
    return chosen


def build(skills: list[str], count: int = 20, difficulty: int = 1, seed: int = 0) -> Worksheet:
    """The worksheet of ``count`` problems over ``skills`` (sections in the given order)."""
    from dlmath import curriculum
    from dlmath.exercises.registry import exercise

    chosen = validate(skills, count, difficulty, seed)
    sections, number = [], 1
    for skill, share in zip(chosen, split_count(count, len(chosen)), strict=True):
        seen: set[tuple[str, str]] = set()
        problems = []
        for index in range(share):
            for attempt in range(REDRAWS):
                ex = exercise(skill, difficulty, problem_seed(seed, skill, index, attempt))
                key = (ex.expected, repr(sorted(ex.data.items())))
                if key not in seen:
                    break
            seen.add(key)
            problems.append(Problem(number, ex))
            number += 1
        try:
            name = curriculum.skill(skill).name
        except ValueError:
            name = skill
        sections.append(Section(skill, name, tuple(problems)))
    return Worksheet(chosen, count, difficulty, seed, tuple(sections))
