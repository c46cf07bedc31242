"""What a learner knows and what is due: the data behind ``dlmath progress``."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Protocol

from dlmath.learner import mastery
from dlmath.learner.review import retrievability
from dlmath.learner.state import initial
from dlmath.learner.types import SkillState


class NamedSkill(Protocol):
    id: str
    name: str
    area: str
    practice: bool


@dataclass(frozen=True)
class SkillProgress:
    id: str
    name: str
    area: str
    practice: bool
    state: SkillState
    level: str
    is_due: bool
    recall: float | None  # FSRS retrievability now, once mastered

    def to_json(self) -> dict[str, Any]:
        s = self.state
        return {
            "id": self.id,
            "name": self.name,
            "area": self.area,
            "practice": self.practice,
            "mastery": round(s.mastery, 4),
            "level": self.level,
            "due": s.due.isoformat() if s.due else None,
            "is_due": self.is_due,
            "retrievability": None if self.recall is None else round(self.recall, 4),
            "attempts": s.attempts,
            "correct": s.correct,
            "mastered_at": s.mastered_at.isoformat() if s.mastered_at else None,
            "last_attempt_at": s.last_attempt_at.isoformat() if s.last_attempt_at else None,
        }


def skill_progress(
    states: Mapping[str, SkillState], skills: Sequence[NamedSkill], now: datetime
) -> list[SkillProgress]:
    """One row per skill of the map, in map order, then any attempted skill not in it."""
    rows = []
    known = set()
    for skill in skills:
        known.add(skill.id)
        rows.append(_row(skill.id, skill.name, skill.area, skill.practice, states, now))
    for skill_id in sorted(set(states) - known):
        if states[skill_id].attempts:
            area = skill_id.split(".", 1)[0]
            rows.append(_row(skill_id, skill_id, area, False, states, now))
    return rows


def _row(skill_id, name, area, practice, states, now) -> SkillProgress:
    state = states.get(skill_id) or initial(skill_id)
    return SkillProgress(
        id=skill_id,
        name=name,
        area=area,
        practice=practice,
        state=state,
        level=mastery.level(state.mastery, state.attempts),
        is_due=state.due is not None and state.due <= now,
        recall=retrievability(state.card, now) if state.card else None,
    )


def progress_json(rows: Sequence[SkillProgress], user: str, now: datetime) -> dict[str, Any]:
    """The ``dlmath progress --json`` object (DESIGN.md section 5: ``skills`` with
    ``id``, ``mastery``, ``due``; plus levels, per-area counts and the due count)."""
    areas: dict[str, dict[str, Any]] = {}
    for row in rows:
        entry = areas.setdefault(
            row.area, {"id": row.area, "skills": 0, "due": 0, **dict.fromkeys(mastery.LEVELS, 0)}
        )
        entry["skills"] += 1
        entry[row.level] += 1
        entry["due"] += row.is_due
    upcoming = [r.state.due for r in rows if r.state.due is not None and not r.is_due]
    return {
        "user": user,
        "now": now.isoformat(),
        "due_count": sum(r.is_due for r in rows),
        "next_due": min(upcoming).isoformat() if upcoming else None,
        "forecast": forecast(upcoming, now),
        "skills": [r.to_json() for r in rows],
        "areas": list(areas.values()),
    }


def forecast(upcoming: Sequence[datetime], now: datetime, days: int = 7) -> list[dict]:
    """Reviews not yet due, by the UTC date they fall due: today (later) and the next days."""
    first = now.date()
    counts = dict.fromkeys(range(days), 0)
    for due in upcoming:
        offset = (due.date() - first).days
        if offset in counts:
            counts[offset] += 1
    return [
        {"date": (first + timedelta(days=d)).isoformat(), "count": n} for d, n in counts.items()
    ]
