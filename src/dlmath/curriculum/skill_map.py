"""Read ``skills.toml`` into a checked :class:`SkillMap`.

The data file is validated on load, so a mistake in it (an unknown prerequisite, a cycle,
a duplicate id, a skill outside the five areas, a reading of an unknown source) stops
with a message naming the skill, instead of surfacing later as a wrong planner decision.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from dlmath.curriculum.skill import AREAS, Area, Reading, Skill, Source


class CurriculumError(ValueError):
    """The skill map's data is inconsistent."""


@dataclass(frozen=True)
class SkillMap:
    areas: tuple[Area, ...]
    sources: dict[str, Source]
    skills: tuple[Skill, ...]  # in the data file's order

    def by_id(self) -> dict[str, Skill]:
        return {s.id: s for s in self.skills}


def _require(table: dict[str, Any], key: str, kind: type, where: str) -> Any:
    value = table.get(key)
    if not isinstance(value, kind) or (isinstance(value, str) and not value.strip()):
        raise CurriculumError(f"{where}: '{key}' must be a non-empty {kind.__name__}")
    return value


def _read_sources(raw: dict[str, Any]) -> dict[str, Source]:
    sources = {}
    for source_id, table in raw.items():
        where = f"source {source_id!r}"
        authors = _require(table, "authors", list, where)
        if not authors or not all(isinstance(a, str) and a.strip() for a in authors):
            raise CurriculumError(f"{where}: 'authors' must list at least one name")
        year = table.get("year")
        if year is not None and not isinstance(year, int):
            raise CurriculumError(f"{where}: 'year' must be an integer")
        sources[source_id] = Source(
            id=source_id,
            title=_require(table, "title", str, where),
            authors=tuple(authors),
            kind=_require(table, "kind", str, where),
            year=year,
            publisher=table.get("publisher"),
            edition=table.get("edition"),
        )
    return sources


def _read_areas(raw: dict[str, Any]) -> tuple[Area, ...]:
    unknown = sorted(set(raw) - set(AREAS))
    if unknown:
        raise CurriculumError(f"unknown area(s) {', '.join(unknown)}; areas are {', '.join(AREAS)}")
    missing = [a for a in AREAS if a not in raw]
    if missing:
        raise CurriculumError(f"area(s) {', '.join(missing)} missing from the map")
    return tuple(
        Area(
            id=a,
            name=_require(raw[a], "name", str, f"area {a!r}"),
            description=_require(raw[a], "description", str, f"area {a!r}"),
        )
        for a in AREAS
    )


def _read_skill(table: dict[str, Any], sources: dict[str, Source]) -> Skill:
    skill_id = _require(table, "id", str, "a skill")
    where = f"skill {skill_id!r}"
    area, dot, rest = skill_id.partition(".")
    if not dot or not rest:
        raise CurriculumError(f"{where}: a skill id is AREA.SKILL")
    if area not in AREAS:
        raise CurriculumError(f"{where}: unknown area {area!r}; areas are {', '.join(AREAS)}")
    prerequisites = table.get("prerequisites", [])
    if not isinstance(prerequisites, list) or not all(isinstance(p, str) for p in prerequisites):
        raise CurriculumError(f"{where}: 'prerequisites' must be a list of skill ids")
    if len(set(prerequisites)) != len(prerequisites):
        raise CurriculumError(f"{where}: a prerequisite is listed twice")
    readings = []
    for entry in _require(table, "readings", list, where):
        source_id = entry.get("source") if isinstance(entry, dict) else None
        if source_id not in sources:
            raise CurriculumError(f"{where}: reading of unknown source {source_id!r}")
        readings.append(Reading(sources[source_id], _require(entry, "section", str, where)))
    if not readings:
        raise CurriculumError(f"{where}: at least one reading is needed")
    practice = table.get("practice", False)
    if not isinstance(practice, bool):
        raise CurriculumError(f"{where}: 'practice' must be true or false")
    return Skill(
        id=skill_id,
        name=_require(table, "name", str, where),
        area=area,
        description=_require(table, "description", str, where),
        prerequisites=tuple(prerequisites),
        readings=tuple(readings),
        practice=practice,
    )


def topological(skills: tuple[Skill, ...]) -> list[Skill]:
    """Skills with every prerequisite before its dependents (stable: file order breaks
    ties); CurriculumError naming a cycle if there is one."""
    by_id = {s.id: s for s in skills}
    state: dict[str, str] = {}  # "open" while on the DFS path, "done" after
    order: list[Skill] = []

    def visit(skill: Skill, path: list[str]) -> None:
        if state.get(skill.id) == "done":
            return
        if state.get(skill.id) == "open":
            cycle = path[path.index(skill.id) :] + [skill.id]
            raise CurriculumError(f"prerequisites form a cycle: {' -> '.join(cycle)}")
        state[skill.id] = "open"
        for prerequisite in skill.prerequisites:
            visit(by_id[prerequisite], [*path, skill.id])
        state[skill.id] = "done"
        order.append(skill)

    for skill in skills:
        visit(skill, [])
    return order


def parse_map(text: str) -> SkillMap:
    """The checked map from the text of a skills TOML file."""
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise CurriculumError(f"the skill map is not valid TOML: {error}") from error
    sources = _read_sources(raw.get("sources", {}))
    areas = _read_areas(raw.get("areas", {}))
    skills = tuple(_read_skill(t, sources) for t in raw.get("skills", []))
    seen: set[str] = set()
    for skill in skills:
        if skill.id in seen:
            raise CurriculumError(f"skill {skill.id!r} is defined twice")
        seen.add(skill.id)
    for skill in skills:
        for prerequisite in skill.prerequisites:
            if prerequisite not in seen:
                raise CurriculumError(f"skill {skill.id!r}: unknown prerequisite {prerequisite!r}")
            if prerequisite == skill.id:
                raise CurriculumError(f"skill {skill.id!r} lists itself as a prerequisite")
    topological(skills)
    return SkillMap(areas=areas, sources=sources, skills=skills)


@cache
def load_map() -> SkillMap:
    """The packaged map, read and checked once per process."""
    text = resources.files("dlmath.curriculum").joinpath("skills.toml").read_text("utf-8")
    return parse_map(text)
