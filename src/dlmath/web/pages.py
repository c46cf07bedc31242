"""The HTML pages a person uses (the JSON twins are in ``api.py``)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from dlmath.web import learning
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
