"""The records of the skill map: sources, readings and skills (plain frozen dataclasses)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

#: The five areas of the study guide, in the order the map shows them.
AREAS = ("probability", "linalg", "calculus", "information", "optimization")


@dataclass(frozen=True)
class Source:
    """A text the map points learners at: lecture notes, a textbook, a reference manual."""

    id: str
    title: str
    authors: tuple[str, ...]
    kind: str  # quick-start, textbook, notes, reference, practice
    year: int | None = None
    publisher: str | None = None
    edition: str | None = None

    def citation(self) -> str:
        """``Kolter, Do: Linear Algebra Review and Reference (2015)``."""
        surnames = ", ".join(author.split()[-1] for author in self.authors)
        year = f" ({self.year})" if self.year else ""
        return f"{surnames}: {self.title}{year}"

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "authors": list(self.authors),
            "kind": self.kind,
            "year": self.year,
            "publisher": self.publisher,
            "edition": self.edition,
        }


@dataclass(frozen=True)
class Reading:
    """Where to read about a skill: a source and the exact section of it."""

    source: Source
    section: str

    @property
    def title(self) -> str:
        return self.source.title

    @property
    def authors(self) -> tuple[str, ...]:
        return self.source.authors

    def describe(self) -> str:
        """One line for terminals: ``Kolter, Do: Linear Algebra ... (2015), 2.3 ...``."""
        return f"{self.source.citation()}, {self.section}"

    def to_json(self) -> dict[str, Any]:
        return {
            "source": self.source.id,
            "title": self.source.title,
            "authors": list(self.source.authors),
            "year": self.source.year,
            "kind": self.source.kind,
            "section": self.section,
        }


@dataclass(frozen=True)
class Skill:
    """One node of the map. ``prerequisites`` are skill ids; the map is a DAG."""

    id: str
    name: str
    area: str
    description: str
    prerequisites: tuple[str, ...]
    readings: tuple[Reading, ...]
    practice: bool

    def to_json(self) -> dict[str, Any]:
        """The object of ``dlmath skills --json`` (contract fields, then the description)."""
        return {
            "id": self.id,
            "name": self.name,
            "area": self.area,
            "prerequisites": list(self.prerequisites),
            "readings": [reading.to_json() for reading in self.readings],
            "practice": self.practice,
            "description": self.description,
        }


@dataclass(frozen=True)
class Area:
    id: str
    name: str
    description: str

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "description": self.description}
