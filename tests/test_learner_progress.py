"""The progress report: levels, due reviews, per-area counts and the review forecast."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta

from dlmath.learner.progress import progress_json, skill_progress
from dlmath.learner.review import review
from dlmath.learner.state import initial
from dlmath.learner.types import Attempt, SkillState

NOW = datetime(2026, 5, 10, 12, 0, tzinfo=UTC)


@dataclass(frozen=True)
class Skill:
    id: str
    name: str
    area: str
    practice: bool = True


def mastered(skill: str, due: datetime) -> SkillState:
    reviewed = due - timedelta(days=3)
    attempt = Attempt("ada", f"{skill}:3:1", skill, 3, "x", True, None, 1000, 0, reviewed)
    card = review(None, attempt)
    card["due"] = due.isoformat()
    return SkillState(skill, 0.99, 7, 7, reviewed, card, due, reviewed)


SKILLS = [
    Skill("linalg.a", "A", "linalg"),
    Skill("linalg.b", "B", "linalg"),
    Skill("calculus.c", "C", "calculus"),
    Skill("calculus.d", "D", "calculus", practice=False),
]


def test_report():
    states = {
        "linalg.a": mastered("linalg.a", NOW - timedelta(hours=1)),  # due now
        "linalg.b": replace(initial("linalg.b"), mastery=0.8, attempts=4, correct=3),
        "calculus.c": mastered("calculus.c", NOW + timedelta(days=2)),
        "old.skill": replace(initial("old.skill"), mastery=0.3, attempts=1),
    }
    report = progress_json(skill_progress(states, SKILLS, NOW), "ada", NOW)
    by_id = {s["id"]: s for s in report["skills"]}
    assert list(by_id) == ["linalg.a", "linalg.b", "calculus.c", "calculus.d", "old.skill"]
    assert by_id["linalg.a"]["level"] == "mastered" and by_id["linalg.a"]["is_due"]
    assert by_id["linalg.b"]["level"] == "proficient" and by_id["linalg.b"]["due"] is None
    assert by_id["calculus.d"]["level"] == "not started" and not by_id["calculus.d"]["practice"]
    assert by_id["old.skill"]["level"] == "familiar"  # kept though no longer in the map
    assert 0 < by_id["linalg.a"]["retrievability"] < 1
    assert by_id["calculus.c"]["due"] == (NOW + timedelta(days=2)).isoformat()
    assert report["due_count"] == 1
    assert report["next_due"] == (NOW + timedelta(days=2)).isoformat()
    linalg = next(a for a in report["areas"] if a["id"] == "linalg")
    assert (linalg["skills"], linalg["mastered"], linalg["proficient"], linalg["due"]) == (
        2,
        1,
        1,
        1,
    )
    assert [d["count"] for d in report["forecast"]] == [0, 0, 1, 0, 0, 0, 0]
    assert report["forecast"][0]["date"] == "2026-05-10"
