"""The HTML pages a person uses (the JSON twins are in ``api.py``)."""

from __future__ import annotations

from urllib.parse import urlencode

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

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
            "tries": answering.TRIES,
        },
    )
