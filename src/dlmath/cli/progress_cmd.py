"""``dlmath progress``: per area and skill, the mastery level, next review and due count."""

from __future__ import annotations

import typer

from dlmath.cli.output import emit_json, fail

LEVEL_MARK = {"not started": "·", "familiar": "○", "proficient": "◐", "mastered": "●"}


def progress_command(
    json: bool = typer.Option(False, "--json", help="Print one JSON object."),
    rebuild: bool = typer.Option(
        False, "--rebuild", help="Recompute the cached state from the stored attempts first."
    ),
    user: str = typer.Option(
        None, "--user", "-u", help="Whose progress (default: $DLMATH_USER or 'default')."
    ),
    area: str = typer.Option(None, "--area", "-a", help="Show only this area."),
) -> None:
    """What you know and what is due: mastery levels, next reviews, due count."""
    from datetime import UTC, datetime

    from dlmath import curriculum
    from dlmath.learner.progress import progress_json, skill_progress
    from dlmath.learner.record import default_user, load_states
    from dlmath.learner.record import rebuild as rebuild_states
    from dlmath.store import StoreError, open_store

    user = (user or default_user()).strip()
    if not user:
        fail("error: --user must not be empty")
    if area is not None and area not in curriculum.AREAS:
        fail(f"error: unknown area {area!r}; areas are {', '.join(curriculum.AREAS)}")
    skills = curriculum.skills()
    ids = [s.id for s in skills]
    try:
        with open_store(light=True) as store:
            if rebuild:
                states = rebuild_states(store, user, ids)
                attempts = store.count_attempts(user)
            else:
                states = load_states(store, user, ids)
    except StoreError as error:
        fail(f"error: {error}")
    now = datetime.now(UTC)
    rows = skill_progress(states, skills, now)
    if area is not None:
        rows = [r for r in rows if r.area == area]
    report = progress_json(rows, user, now)
    if rebuild:
        report["rebuilt"] = True
        report["rebuilt_from_attempts"] = attempts
    if json:
        emit_json(report)
        return
    if rebuild:
        typer.echo(f"Rebuilt the cached state of {user} from {attempts} attempts.")
    _print_report(report, {a.id: a.name for a in curriculum.areas()})


def _print_report(report: dict, area_names: dict[str, str]) -> None:
    from rich.console import Console

    console = Console(highlight=False, soft_wrap=True)
    next_due = report["next_due"]
    later = f" · next review {_when(next_due)}" if next_due else ""
    console.print(
        f"Progress of {report['user']} · {report['due_count']} due now{later}", style="bold"
    )
    coming = [f"{day['date'][5:]}: {day['count']}" for day in report["forecast"] if day["count"]]
    if coming:
        console.print("reviews coming (UTC date: count): " + " · ".join(coming), markup=False)
    by_area: dict[str, list[dict]] = {}
    for skill in report["skills"]:
        by_area.setdefault(skill["area"], []).append(skill)
    for area in report["areas"]:
        counts = " · ".join(
            f"{level} {area[level]}"
            for level in ("mastered", "proficient", "familiar", "not started")
        )
        console.print()
        console.print(
            f"{area_names.get(area['id'], area['id'])}  ({counts} · due {area['due']})",
            style="bold",
            markup=False,
        )
        width = max(len(s["id"]) for s in by_area[area["id"]])
        for skill in by_area[area["id"]]:
            console.print(_skill_line(skill, width), markup=False)


def _skill_line(skill: dict, width: int) -> str:
    mark = LEVEL_MARK[skill["level"]]
    started = skill["attempts"] > 0
    percent = f"{skill['mastery'] * 100:3.0f}%" if started else "    "
    if skill["is_due"]:
        review = "review due now"
    elif skill["due"]:
        review = f"review {_when(skill['due'])}"
    else:
        review = "" if skill["practice"] else "(no exercises yet)"
    return f"  {mark} {skill['id']:<{width}}  {skill['level']:<11} {percent}  {review}".rstrip()


def _when(iso: str) -> str:
    from datetime import datetime

    return datetime.fromisoformat(iso).strftime("%Y-%m-%d %H:%M UTC")
