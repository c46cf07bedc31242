"""The teacher's dashboard of one class, as one JSON-ready dict (the page renders the same).

Everything is read for the asking teacher only (``store.classes`` filters by teacher), so
``None`` here means "not your class", which the web app answers with 404.
"""

from __future__ import annotations

import csv
import io
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from dlmath.learner import mastery
from dlmath.teaching.progress import assignment_status, common_mistakes, stuck_learners
from dlmath.teaching.signals import signals

if TYPE_CHECKING:  # pragma: no cover
    from dlmath.store.classes import Classes


def window(minutes: int | None) -> int:
    """The dashboard window in minutes, clamped to what ``signals.toml`` allows."""
    rules = signals()
    if minutes is None:
        return rules.window_minutes
    return max(1, min(int(minutes), rules.longest_window_minutes))


def dashboard(
    classes: Classes, teacher_id: int, class_id: int, now: datetime, minutes: int | None = None
) -> dict[str, Any] | None:
    """Heat map (learners x skills), assignments met, stuck learners and common mistakes."""
    info = classes.teacher_class(teacher_id, class_id)
    if info is None:
        return None
    minutes = window(minutes)
    roster = classes.roster(teacher_id, class_id) or []
    assigned = classes.assignments(teacher_id, class_id) or []
    states = classes.class_states(teacher_id, class_id)
    recent = classes.class_attempts(teacher_id, class_id, now - timedelta(minutes=minutes))
    assigned_skills = [a.skill for a in assigned]
    seen = sorted({skill for by_skill in states.values() for skill in by_skill})
    skills = assigned_skills + [s for s in seen if s not in assigned_skills]
    learners = []
    met_counts = {a.skill: 0 for a in assigned}
    for member in roster:
        mine = states.get(member.id, {})
        levels = {}
        for skill in skills:
            state = mine.get(skill)
            levels[skill] = (
                mastery.level(state.mastery, state.attempts) if state else mastery.NOT_STARTED
            )
        status = {a.skill: assignment_status(mine.get(a.skill), a.target, now) for a in assigned}
        for skill, value in status.items():
            met_counts[skill] += value == "met"
        learners.append(
            {"id": member.id, "name": member.name, "levels": levels, "assignments": status}
        )
    return {
        "class": {
            "id": info.id,
            "name": info.name,
            "join_code": info.join_code,
            "signup_open": info.signup_open,
        },
        "generated_at": now.isoformat(),
        "window_minutes": minutes,
        "skills": skills,
        "assignments": [
            {
                "id": a.id,
                "skill": a.skill,
                "due": a.due_at.isoformat() if a.due_at else None,
                "target": a.target,
                "met": met_counts[a.skill],
            }
            for a in assigned
        ],
        "learners": learners,
        "stuck": [
            {"learner": s.learner, "skill": s.skill, "reasons": list(s.reasons)}
            for s in stuck_learners(recent)
        ],
        "mistakes": [
            {
                "skill": m.skill,
                "diagnosis": m.diagnosis,
                "described": signals().describe(m.diagnosis),
                "learners": m.learners,
                "attempts": m.attempts,
                "examples": list(m.examples),
            }
            for m in common_mistakes(recent)
        ],
    }


CSV_COLUMNS = ("learner", "skill", "level", "mastery", "attempts", "correct", "assignment")


def results_csv(classes: Classes, teacher_id: int, class_id: int, now: datetime) -> str | None:
    """One row per learner and skill; cells that a spreadsheet would run as a formula are quoted."""
    if classes.teacher_class(teacher_id, class_id) is None:
        return None
    roster = classes.roster(teacher_id, class_id) or []
    assigned = {a.skill: a for a in classes.assignments(teacher_id, class_id) or []}
    states = classes.class_states(teacher_id, class_id)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for member in roster:
        mine = states.get(member.id, {})
        for skill in sorted(set(mine) | set(assigned)):
            state = mine.get(skill)
            target = assigned.get(skill)
            writer.writerow(
                [
                    spreadsheet_safe(member.name),
                    spreadsheet_safe(skill),
                    mastery.level(state.mastery, state.attempts) if state else "not started",
                    f"{state.mastery:.3f}" if state else "",
                    state.attempts if state else 0,
                    state.correct if state else 0,
                    assignment_status(state, target.target, now) if target else "",
                ]
            )
    return out.getvalue()


def spreadsheet_safe(text: str) -> str:
    """Text a spreadsheet shows as text: a leading = + - @ (a formula) gets a quote."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
