"""The registry of generators: skill id -> generator, and deterministic generation."""

from __future__ import annotations

import importlib
import secrets
import threading
import zlib
from typing import TYPE_CHECKING

from dlmath.exercises.base import (
    DIFFICULTIES,
    Draft,
    Exercise,
    Generator,
    Misconception,
    exercise_id,
    parse_exercise_id,
)
from dlmath.expr.errors import InputError

if TYPE_CHECKING:  # pragma: no cover
    from dlmath.checker.verdict import Verdict

# Modules holding generators, one per area; importing one registers its generators.
AREA_MODULES = (
    "dlmath.exercises.linalg",
    "dlmath.exercises.calculus",
    "dlmath.exercises.probability",
    "dlmath.exercises.information",
    "dlmath.exercises.optimization",
    # -- more area modules register here --
)

_GENERATORS: dict[str, Generator] = {}
_loaded = False
_loading = threading.RLock()  # reentrant: an area module may ask for the registry


def register(cls: type[Generator]) -> type[Generator]:
    """Class decorator: make ``cls`` the generator of its skill."""
    if cls.skill in _GENERATORS:
        raise ValueError(f"two generators for {cls.skill}")
    _GENERATORS[cls.skill] = cls()
    return cls


def generators() -> dict[str, Generator]:
    """All registered generators by skill id (loads the area modules once)."""
    global _loaded
    if not _loaded:
        # Under a lock, and marked loaded only once every module is imported: a second
        # thread must never see a half-filled registry.
        with _loading:
            if not _loaded:
                for name in AREA_MODULES:
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
    fields = dict(draft.__dict__, misconceptions=_distinct_mistakes(draft))
    return Exercise(
        **fields,
        id=exercise_id(skill, difficulty, seed),
        skill=skill,
        difficulty=difficulty,
        seed=seed,
        version=gen.version,
    )


def _distinct_mistakes(draft: Draft) -> list[Misconception]:
    """A generator's mistakes with one entry per wrong answer: two mistakes that happen to
    give the same answer for this draw cannot both be named, so the first is kept (and a
    "mistake" that gives the right answer is no mistake)."""
    seen = {"".join(draft.expected.split())}
    kept = []
    for m in draft.misconceptions:
        key = "".join(m.answer.split())
        if key not in seen:
            seen.add(key)
            kept.append(m)
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
