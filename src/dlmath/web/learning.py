"""What the pages show about a learner, computed from the store on each request.

Nothing about practice is kept in the web process or in a cookie: states come from the
store (attempts are the source of truth), and the next exercise is planned from them.
"""

from __future__ import annotations

import zlib
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from dlmath.learner.planner import Pick
    from dlmath.learner.types import Attempt, SkillState
    from dlmath.web.state import WebState


def now() -> datetime:
    return datetime.now(UTC)


def states(state: WebState, user: str) -> dict[str, SkillState]:
    from dlmath.learner.record import load_states

    return load_states(state.store, user, [s.id for s in state.skills])


def progress_report(state: WebState, user: str) -> dict[str, Any]:
    """The ``dlmath progress --json`` object."""
    from dlmath.learner.progress import progress_json, skill_progress

    at = now()
    return progress_json(skill_progress(states(state, user), state.skills, at), user, at)


def next_pick(
    state: WebState, user: str, *, skill: str | None = None, area: str | None = None
) -> Pick | None:
    """The planner's next exercise. The seed changes with every attempt stored, so the
    next page after an answer shows a new exercise, while a reload shows the same one."""
    from dlmath.learner.planner import plan

    current = states(state, user)
    answered = sum(s.attempts for s in current.values())
    seed = zlib.crc32(f"{user}:{answered}".encode()) % 1_000_000
    last = state.store.last_attempt(user)
    last_area = last.skill.split(".")[0] if last else None
    at = now()
    prefer = state.extras["prefer"](user, current, at) if "prefer" in state.extras else ()
    pick = plan(
        current, state.skills, at, seed, last_area=last_area, area=area, skill=skill, prefer=prefer
    )
    if pick is not None and last is not None and pick.exercise_id == last.exercise_id:
        # Seeds are hashed into a million values, so now and then the next seed draws the
        # exercise just answered; answering it again would count as a second try and not
        # be recorded. Another seed gives another exercise.
        pick = plan(
            current,
            state.skills,
            at,
            seed + 1,
            last_area=last_area,
            area=area,
            skill=skill,
            prefer=prefer,
        )
    return pick


def recent_attempts(state: WebState, user: str, days: int) -> list[Attempt]:
    return state.store.attempts(user, since=now() - timedelta(days=days))


def activity(attempts: list[Attempt], days: int) -> list[dict[str, Any]]:
    """Attempts per UTC day over the last ``days`` days, oldest first."""
    today = now().date()
    counts = {today - timedelta(days=d): [0, 0] for d in range(days)}
    for a in attempts:
        day = a.at.astimezone(UTC).date()
        if day in counts:
            counts[day][0] += 1
            counts[day][1] += a.correct
    return [
        {"date": d.isoformat(), "count": c[0], "correct": c[1]} for d, c in sorted(counts.items())
    ]


def streak(days: list[dict[str, Any]]) -> int:
    """Consecutive days with practice, ending today (or yesterday, if not yet today)."""
    count = 0
    items = list(reversed(days))
    if items and items[0]["count"] == 0:
        items = items[1:]
    for day in items:
        if day["count"] == 0:
            break
        count += 1
    return count


def levels(report: dict[str, Any]) -> dict[str, str]:
    return {s["id"]: s["level"] for s in report["skills"]}


def ready_to_learn(skills: list, level_of: dict[str, str]) -> set[str]:
    """Practice skills not yet mastered whose prerequisites are all mastered."""
    return {
        s.id
        for s in skills
        if s.practice
        and level_of.get(s.id) != "mastered"
        and all(level_of.get(p) == "mastered" for p in s.prerequisites)
    }


def mastery_history(
    state: WebState, user: str, areas: list[str], days: int = 60
) -> tuple[list[str], dict[str, list[float]]]:
    """Mean mastery per area at the end of each day of the last ``days`` days (or since
    the first attempt), folded from the attempts: dates, and one series per area."""
    from dlmath.learner.state import initial, update

    skills_of: dict[str, list[str]] = {a: [] for a in areas}
    for s in state.skills:
        if s.practice and s.area in skills_of:
            skills_of[s.area].append(s.id)
    current = {sid: initial(sid) for ids in skills_of.values() for sid in ids}
    attempts = state.store.attempts(user)
    today = now().date()
    start = today - timedelta(days=days - 1)
    if attempts:
        start = max(start, attempts[0].at.astimezone(UTC).date())
    dates = [start + timedelta(days=k) for k in range((today - start).days + 1)]
    series: dict[str, list[float]] = {a: [] for a in areas if skills_of[a]}
    pending = iter(attempts)
    upcoming = next(pending, None)
    for day in dates:
        while upcoming is not None and upcoming.at.astimezone(UTC).date() <= day:
            if upcoming.skill in current:
                current[upcoming.skill] = update(current[upcoming.skill], upcoming)
            upcoming = next(pending, None)
        for area in series:
            ids = skills_of[area]
            series[area].append(sum(current[i].mastery for i in ids) / len(ids))
    return [d.isoformat() for d in dates], series
