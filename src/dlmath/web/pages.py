"""The HTML pages a person uses (the JSON twins are in ``api.py``)."""

from __future__ import annotations

from urllib.parse import urlencode

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from markupsafe import Markup

from dlmath.web import answering, learning
from dlmath.web.learner import CurrentLearner
from dlmath.web.pages_common import render

router = APIRouter()


@router.get("/", response_class=HTMLResponse)
def home(request: Request, learner: CurrentLearner) -> HTMLResponse:
    state = request.app.state.dlmath
    report = learning.progress_report(state, learner.name)
    pick = learning.next_pick(state, learner.name)
    days = learning.activity(learning.recent_attempts(state, learner.name, 28), 28)
    names = {a.id: a.name for a in _areas()}
    due = [s for s in report["skills"] if s["is_due"]]
    return render(
        request,
        "home.html",
        {
            "report": report,
            "pick": pick,
            "pick_skill": state.skill(pick.skill) if pick else None,
            "due": due,
            "area_names": names,
            "days": days,
            "streak": learning.streak(days),
            "new_learner": state.store.count_attempts(learner.name) == 0,
            **(state.extras["home"](request) if "home" in state.extras else {}),
        },
    )


def _areas():
    from dlmath.curriculum import areas

    return areas()


PALETTE = ["⊙", "ᵀ", "⁻¹", "‖", "σ", "Σ", "√", "π", "∞"]


@router.get("/practice")
def practice(
    request: Request, learner: CurrentLearner, skill: str | None = None, area: str | None = None
) -> Response:
    """The planner's next exercise, at its permanent address."""
    from dlmath.curriculum import AREAS

    state = request.app.state.dlmath
    skill = skill or None
    area = area or None
    if area is not None and area not in AREAS:
        raise HTTPException(404, f"there is no area {area!r}")
    if skill is not None and state.skill(skill) is None:
        raise HTTPException(404, f"there is no skill {skill!r}")
    pick = learning.next_pick(state, learner.name, skill=skill, area=area)
    if pick is None:
        return render(
            request, "nothing.html", {"skill": state.skill(skill) if skill else None, "area": area}
        )
    query = urlencode({k: v for k, v in (("skill", skill), ("area", area)) if v})
    target = f"/exercise/{pick.exercise_id}" + (f"?{query}" if query else "")
    return RedirectResponse(target, status_code=303)


@router.get("/exercise/{exercise_id}", response_class=HTMLResponse)
def exercise_page(
    request: Request,
    exercise_id: str,
    learner: CurrentLearner,
    skill: str | None = None,
    area: str | None = None,
) -> HTMLResponse:
    try:
        ex = answering.load_exercise(exercise_id)
    except answering.UnknownExercise as error:
        raise HTTPException(404, str(error)) from error
    state = request.app.state.dlmath
    query = urlencode({k: v for k, v in (("skill", skill), ("area", area)) if v})
    return render(
        request,
        "exercise.html",
        {
            "ex": ex,
            "skill": state.skill(ex.skill),
            "next_url": "/practice" + (f"?{query}" if query else ""),
            "palette": PALETTE,
            "tries": answering.RULE.allowed,
        },
    )


@router.get("/progress", response_class=HTMLResponse)
def progress_page(request: Request, learner: CurrentLearner) -> HTMLResponse:
    from dlmath.web import charts

    state = request.app.state.dlmath
    report = learning.progress_report(state, learner.name)
    area_list = _areas()
    names = {a.id: a.name for a in area_list}
    days = learning.activity(learning.recent_attempts(state, learner.name, 112), 112)
    dates, series = learning.mastery_history(state, learner.name, [a.id for a in area_list])
    forecast = [(d["date"][5:], d["count"]) for d in report["forecast"]]
    by_area: dict[str, list[dict]] = {}
    for skill in report["skills"]:
        by_area.setdefault(skill["area"], []).append(skill)
    return render(
        request,
        "progress.html",
        {
            "report": report,
            "area_names": names,
            "by_area": by_area,
            "due": [s for s in report["skills"] if s["is_due"]],
            "answered": sum(s["attempts"] for s in report["skills"]),
            "forecast_svg": Markup(charts.bar_chart(forecast, "Reviews falling due, next 7 days")),
            "mastery_svg": Markup(
                charts.line_chart(
                    {names.get(a, a): v for a, v in series.items()},
                    dates,
                    "Mean mastery per area over time",
                )
            ),
            "calendar_svg": Markup(charts.calendar(days, "Attempts per day, last 16 weeks")),
        },
    )


@router.get("/map", response_class=HTMLResponse)
def map_page(request: Request, learner: CurrentLearner) -> HTMLResponse:
    from dlmath.curriculum import AREAS
    from dlmath.web.map_picture import skill_map_svg

    state = request.app.state.dlmath
    report = learning.progress_report(state, learner.name)
    level_of = learning.levels(report)
    ready = learning.ready_to_learn(state.skills, level_of)
    svg = skill_map_svg(state.skills, list(AREAS), level_of, ready)
    return render(
        request,
        "map.html",
        {
            "svg": Markup(svg),
            "areas": _areas(),
            "skills": state.skills,
            "level_of": level_of,
            "ready": ready,
        },
    )


@router.get("/skills/{skill_id}", response_class=HTMLResponse)
def skill_page(
    request: Request, skill_id: str, learner: CurrentLearner, seed: int | None = None
) -> HTMLResponse:
    from dlmath.lessons.assembly import NoLesson, lesson

    state = request.app.state.dlmath
    skill = state.skill(skill_id)
    if skill is None:
        raise HTTPException(404, f"there is no skill {skill_id[:100]!r}")
    report = learning.progress_report(state, learner.name)
    row = next((s for s in report["skills"] if s["id"] == skill_id), None)
    level_of = learning.levels(report)
    leads_to = [s for s in state.skills if skill_id in s.prerequisites]
    try:  # the worked example is fresh on each visit unless a seed is asked for
        found = lesson(skill_id, seed if seed is not None and 0 <= seed < 10**9 else None)
    except NoLesson:
        found = None
    return render(
        request,
        "skill.html",
        {
            "skill": skill,
            "row": row,
            "prerequisites": [state.skill(p) for p in skill.prerequisites if state.skill(p)],
            "leads_to": leads_to,
            "level_of": level_of,
            "ready": skill_id in learning.ready_to_learn([skill], level_of),
            "lesson": found,
        },
    )
