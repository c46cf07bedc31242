"""The skill map: five areas, their skills, prerequisites (a DAG) and readings.

The data lives in ``skills.toml``; this package reads it once, checks it, and answers
questions about it. Pure standard library, so it is cheap to import.
"""

from __future__ import annotations

from dlmath.curriculum.skill import AREAS, Area, Reading, Skill, Source
from dlmath.curriculum.skill_map import CurriculumError, load_map, parse_map
from dlmath.curriculum.skill_map import topological as _topological

__all__ = [
    "AREAS",
    "Area",
    "CurriculumError",
    "Reading",
    "Skill",
    "Source",
    "area",
    "areas",
    "parse_map",
    "prerequisites_closure",
    "skill",
    "skills",
    "sources",
    "topological_order",
]


def _check_area(area: str) -> str:
    if area not in AREAS:
        raise ValueError(f"unknown area {area!r}; areas are {', '.join(AREAS)}")
    return area


def skills(area: str | None = None) -> list[Skill]:
    """All skills in map order, or those of one area; ValueError for an unknown area."""
    everything = load_map().skills
    if area is None:
        return list(everything)
    _check_area(area)
    return [s for s in everything if s.area == area]


def skill(skill_id: str) -> Skill:
    """The skill with this id; ValueError naming the id if there is none."""
    found = load_map().by_id().get(skill_id)
    if found is None:
        raise ValueError(f"unknown skill {skill_id!r}")
    return found


def areas() -> list[Area]:
    """The five areas, in map order."""
    return list(load_map().areas)


def area(area_id: str) -> Area:
    _check_area(area_id)
    return next(a for a in load_map().areas if a.id == area_id)


def sources() -> dict[str, Source]:
    return dict(load_map().sources)


def topological_order(area: str | None = None) -> list[Skill]:
    """Skills with every prerequisite listed before the skills that need it."""
    order = _topological(load_map().skills)
    if area is None:
        return order
    _check_area(area)
    return [s for s in order if s.area == area]


def prerequisites_closure(skill_id: str) -> set[str]:
    """Every skill ``skill_id`` depends on, directly or through others."""
    by_id = load_map().by_id()
    seen: set[str] = set()
    stack = list(skill(skill_id).prerequisites)
    while stack:
        current = stack.pop()
        if current not in seen:
            seen.add(current)
            stack.extend(by_id[current].prerequisites)
    return seen
