"""The registry of generators: skill id -> generator, and deterministic generation."""

from __future__ import annotations

import importlib
import importlib.util
import pkgutil
import secrets
import sys
import threading
import tomllib
import zlib
from dataclasses import replace
from pathlib import Path
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

# skill id -> the area module that registers its generator: so that one exercise imports
# one module, not every area. Written by ``write_module_index``, checked by a test; a
# skill missing from it, or not found in its module, falls back to importing every area.
MODULE_INDEX = Path(__file__).with_name("generator_modules.toml")

_GENERATORS: dict[str, Generator] = {}
_loaded = False
_index: dict[str, str] | None = None
_loading = threading.RLock()  # reentrant: an area module may ask for the registry


def register(cls: type[Generator]) -> type[Generator]:
    """Class decorator: make ``cls`` the generator of its skill."""
    if cls.skill in _GENERATORS:
        raise ValueError(f"two generators for {cls.skill}")
    _GENERATORS[cls.skill] = cls()
    return cls


def area_modules() -> list[str]:
    """Every module of every area package, in a stable order: found on disk, so that
    listing them imports nothing (the importing is ``generators``', under its lock)."""
    names = []
    for area in AREAS:
        package = f"dlmath.exercises.{area}"
        loaded = sys.modules.get(package)
        spec = None if loaded is not None else importlib.util.find_spec(package)
        locations = list(loaded.__path__) if loaded is not None else None
        if spec is not None:
            locations = spec.submodule_search_locations
        found = pkgutil.iter_modules(locations or [], prefix=f"{package}.")
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


def module_index() -> dict[str, str]:
    """The skill -> module index, read once (empty when the file is missing)."""
    global _index
    if _index is None:
        try:
            _index = dict(tomllib.loads(MODULE_INDEX.read_text(encoding="utf-8"))["skills"])
        except (OSError, KeyError, tomllib.TOMLDecodeError):
            _index = {}
    return _index


def generator(skill: str) -> Generator | None:
    """The generator of ``skill``, importing only its module when the index knows it."""
    if not _loaded:
        module = module_index().get(skill)
        if module is not None and module.startswith("dlmath.exercises."):
            with _loading:
                importlib.import_module(module)
            if skill in _GENERATORS:
                return _GENERATORS[skill]
    return generators().get(skill)


def skills_with_generators() -> set[str]:
    """The skill ids that have a generator, without importing every area when the index
    can say (a session needs every module only for the skills it actually draws)."""
    if not _loaded and module_index():
        return set(module_index())
    return set(generators())


def write_module_index() -> None:
    """Regenerate the index from the registered generators (run after adding a skill:
    ``python -c "from dlmath.exercises.registry import write_module_index as w; w()"``)."""
    lines = ["# skill id -> module registering its generator (see registry.py)", "[skills]"]
    for skill, gen in sorted(generators().items()):
        lines.append(f'"{skill}" = "{type(gen).__module__}"')
    MODULE_INDEX.write_text("\n".join(lines) + "\n", encoding="utf-8")


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
    gen = generator(skill)
    if gen is None:
        raise ValueError(f"no exercises for skill {skill!r}")
    if difficulty not in DIFFICULTIES:
        raise ValueError(f"difficulty must be 1, 2 or 3, got {difficulty!r}")
    if seed is None:
        seed = secrets.randbelow(10**6)
    if seed < 0:
        raise ValueError("seed must be non-negative")
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
