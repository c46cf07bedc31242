"""The JSON routes: the same objects as the command line's ``--json``."""

from __future__ import annotations

from fastapi import APIRouter, Request

from dlmath.web import learning
from dlmath.web.learner import CurrentLearner

router = APIRouter(prefix="/api")


@router.get("/skills")
def skills(request: Request) -> dict:
    from dlmath.curriculum import skills as all_skills

    return {"skills": [s.to_json() for s in all_skills()]}


@router.get("/progress")
def progress(request: Request, learner: CurrentLearner) -> dict:
    return learning.progress_report(request.app.state.dlmath, learner.name)
