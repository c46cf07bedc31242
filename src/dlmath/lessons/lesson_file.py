"""Read the lesson data files (``<area>.toml``) into checked :class:`LessonNote` records.

Format, one table per skill::

    [lessons."linalg.matmul"]
    idea = \"\"\"Markdown with $...$ LaTeX, at most about 250 words.\"\"\"
    checks = [{ lhs = "(A B)^T", rhs = "B^T A^T", shapes = { A = "2x3", B = "3x4" } }]
    identities = ["transpose-of-product"]

``checks`` are equalities in the input language that the tests confirm by evaluation;
``identities`` name entries of the verified reference the idea relies on.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

#: One data file per area, named after the area.
LESSON_AREAS = ("probability", "linalg", "calculus", "information", "optimization")

#: The idea is a quick start, not a chapter (the issue's "about 250 words").
MAX_IDEA_WORDS = 300


class LessonDataError(ValueError):
    """A lesson data file is malformed."""


@dataclass(frozen=True)
class Check:
    """An equality the idea states, checked by ``dlmath.equivalent`` in the tests."""

    lhs: str
    rhs: str
    shapes: dict[str, str] = field(default_factory=dict)
    assume: dict[str, list[str]] = field(default_factory=dict)


@dataclass(frozen=True)
class LessonNote:
    """The written part of a lesson: the idea and what vouches for its formulas."""

    skill: str
    idea: str
    checks: tuple[Check, ...] = ()
    identities: tuple[str, ...] = ()


def _string_table(value: Any, where: str, key: str) -> dict[str, str]:
    if not isinstance(value, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in value.items()
    ):
        raise LessonDataError(f"{where}: '{key}' must map names to strings")
    return dict(value)


def _read_check(raw: Any, where: str) -> Check:
    if not isinstance(raw, dict):
        raise LessonDataError(f"{where}: a check is a table with 'lhs' and 'rhs'")
    unknown = set(raw) - {"lhs", "rhs", "shapes", "assume"}
    if unknown:
        raise LessonDataError(f"{where}: unknown key(s) {', '.join(sorted(unknown))}")
    lhs, rhs = raw.get("lhs"), raw.get("rhs")
    if not isinstance(lhs, str) or not isinstance(rhs, str) or not lhs.strip() or not rhs.strip():
        raise LessonDataError(f"{where}: 'lhs' and 'rhs' must be non-empty strings")
    assume = raw.get("assume", {})
    if not isinstance(assume, dict) or not all(
        isinstance(v, list) and all(isinstance(x, str) for x in v) for v in assume.values()
    ):
        raise LessonDataError(f"{where}: 'assume' maps names to lists of assumptions")
    return Check(
        lhs=lhs,
        rhs=rhs,
        shapes=_string_table(raw.get("shapes", {}), where, "shapes"),
        assume={name: list(v) for name, v in assume.items()},
    )


def _read_note(skill: str, table: Any, area: str) -> LessonNote:
    where = f"lesson {skill!r}"
    if not isinstance(table, dict):
        raise LessonDataError(f"{where}: must be a table")
    if skill.split(".", 1)[0] != area:
        raise LessonDataError(f"{where}: belongs in {skill.split('.', 1)[0]}.toml, not {area}")
    unknown = set(table) - {"idea", "checks", "identities", "assume"}
    if unknown:
        raise LessonDataError(f"{where}: unknown key(s) {', '.join(sorted(unknown))}")
    idea = table.get("idea")
    if not isinstance(idea, str) or not idea.strip():
        raise LessonDataError(f"{where}: 'idea' must be non-empty Markdown")
    if len(idea.split()) > MAX_IDEA_WORDS:
        raise LessonDataError(f"{where}: the idea has {len(idea.split())} words")
    checks = table.get("checks", [])
    identities = table.get("identities", [])
    if not isinstance(checks, list):
        raise LessonDataError(f"{where}: 'checks' must be a list")
    if not isinstance(identities, list) or not all(isinstance(i, str) for i in identities):
        raise LessonDataError(f"{where}: 'identities' must be a list of identity ids")
    return LessonNote(
        skill=skill,
        idea=idea.strip(),
        checks=tuple(_read_check(c, f"{where}, check {i + 1}") for i, c in enumerate(checks)),
        identities=tuple(identities),
    )


def parse_notes(text: str, area: str) -> dict[str, LessonNote]:
    """The lessons of one area's data file, by skill id."""
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise LessonDataError(f"{area}.toml: {error}") from None
    unknown = set(raw) - {"lessons"}
    if unknown:
        raise LessonDataError(f"{area}.toml: unknown top-level key(s) {', '.join(unknown)}")
    lessons = raw.get("lessons", {})
    if not isinstance(lessons, dict):
        raise LessonDataError(f"{area}.toml: 'lessons' must be a table of skills")
    return {skill: _read_note(skill, table, area) for skill, table in lessons.items()}


@cache
def load_notes() -> dict[str, LessonNote]:
    """Every area's lessons, by skill id (read once)."""
    notes: dict[str, LessonNote] = {}
    package = resources.files("dlmath.lessons")
    for area in LESSON_AREAS:
        data = package.joinpath(f"{area}.toml")
        if data.is_file():
            notes.update(parse_notes(data.read_text(encoding="utf-8"), area))
    return notes


def lesson_note(skill: str) -> LessonNote | None:
    """The written lesson of ``skill``, or None when it has none yet."""
    return load_notes().get(skill)
