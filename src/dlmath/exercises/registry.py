"""The registry of generators: skill id -> generator, and deterministic generation."""

from __future__ import annotations

import importlib
import pkgutil
import secrets
import threading
import zlib
from dataclasses import replace
from typing import TYPE_CHECKING

from dlmath.exercises.base import (
    DIFFICULTIES,
    Exercise,
    Generator,
    Misconception,
    exercise_id,
    parse_exercise_id,
)
from dlmath.exercises.terminal_math import terminal_text
from dlmath.expr.errors import InputError

if TYPE_CHECKING:  # pragma: no cover
    from dlmath.checker.verdict import Verdict

# The area packages: every module in them is imported, which registers its generators,
# so a new skill is one new module (plus its line in the skill map).
AREAS = ("linalg", "calculus", "probability", "information", "optimization")

_GENERATORS: dict[str, Generator] = {}
_loaded = False
_loading = threading.RLock()  # reentrant: an area module may ask for the registry


def register(cls: type[Generator]) -> type[Generator]:
    """Class decorator: make ``cls`` the generator of its skill."""
    if cls.skill in _GENERATORS:
        raise ValueError(f"two generators for {cls.skill}")
    _GENERATORS[cls.skill] = cls()
    return cls


def area_modules() -> list[str]:
    """Every module of every area package, in a stable order."""
    names = []
    for area in AREAS:
        package = importlib.import_module(f"dlmath.exercises.{area}")
        found = pkgutil.walk_packages(package.__path__, prefix=f"{package.__name__}.")
        names += sorted(info.name for info in found)
    return names


def generators() -> dict[str, Generator]:
    """All registered generators by skill id. The area modules are imported once, under a
    lock: a second thread must not see a half-filled registry."""
    global _loaded
    if not _loaded:
        with _loading:
            if not _loaded:
                for name in area_modules():
                    importlib.import_module(name)
                _loaded = True
    return dict(_GENERATORS)


def practice_skills() -> list[str]:
    return sorted(generators())


def _rng(skill: str, difficulty: int, seed: int):
    import numpy as np

    # crc32 of the skill id: stable across machines and Python versions (unlike hash()).
    return np.random.default_rng(
        np.random.SeedSequence([seed, difficulty, zlib.crc32(skill.encode())])
    )


def exercise(skill: str, difficulty: int = 1, seed: int | None = None) -> Exercise:
    """The exercise ``skill:difficulty:seed``; a fresh random seed when ``seed`` is None."""
    gens = generators()
    if skill not in gens:
        raise ValueError(f"no exercises for skill {skill!r}")
    if difficulty not in DIFFICULTIES:
        raise ValueError(f"difficulty must be 1, 2 or 3, got {difficulty!r}")
    if seed is None:
        seed = secrets.randbelow(10**6)
    if seed < 0:
        raise ValueError("seed must be non-negative")
    gen = gens[skill]
    draft = gen.generate(_rng(skill, difficulty, seed), difficulty)
    fields = dict(draft.__dict__, text=draft.text or terminal_text(draft.prompt))
    drafted = Exercise(
        **fields,
        id=exercise_id(skill, difficulty, seed),
        skill=skill,
        difficulty=difficulty,
        seed=seed,
        version=gen.version,
    )
    return replace(drafted, misconceptions=distinct_misconceptions(drafted))


def distinct_misconceptions(exercise: Exercise) -> list[Misconception]:
    """The exercise's catalogued mistakes, one per wrong answer, judged by the checker's
    own equality: a mistake the checker would accept as right is no mistake, and one the
    checker would take for an earlier mistake could never be named, so both are dropped.
    Generators list their mistakes freely and leave this to the registry."""
    from dlmath.checker import check_answer

    kept: list[Misconception] = []
    for item in exercise.misconceptions:
        verdict = check_answer(replace(exercise, misconceptions=list(kept)), item.answer)
        if verdict.correct or any(
            verdict.diagnosis == k.code and verdict.feedback == k.feedback for k in kept
        ):
            continue
        kept.append(item)
    return kept


def exercise_from_id(text: str) -> Exercise:
    skill, difficulty, seed = parse_exercise_id(text)
    return exercise(skill, difficulty, seed)


def check(exercise_id: str, answer: str) -> Verdict:
    """Judge ``answer`` to the exercise ``exercise_id`` (``SKILL:DIFFICULTY:SEED``): the
    exercise is generated again from its id, so nothing needs to be stored to check it.

    Never raises for the learner's text; a malformed id raises ``InputError``."""
    from dlmath.checker import check_answer

    try:
        ex = exercise_from_id(exercise_id)
    except ValueError as error:
        if isinstance(error, InputError):
            raise
        raise InputError(str(error)) from error
    return check_answer(ex, answer)
