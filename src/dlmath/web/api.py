"""The JSON routes: the same objects as the command line's ``--json``."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request
from pydantic import BaseModel, Field

from dlmath.web import answering, learning
from dlmath.web.learner import CurrentLearner

router = APIRouter(prefix="/api")

_TEXT = 10_000  # the body cap is larger; the input language's own limit is 1,000


class PreviewBody(BaseModel):
    id: str = Field(max_length=200)
    answer: str = Field(max_length=_TEXT)


class CheckBody(BaseModel):
    id: str = Field(max_length=200)
    answer: str = Field(max_length=_TEXT)
    tries_before: int = Field(default=0, ge=0, le=answering.TRIES)
    hints_used: int = Field(default=0, ge=0, le=10)
    duration_ms: int = Field(default=0, ge=0, le=86_400_000)


class ExerciseAction(BaseModel):
    id: str = Field(max_length=200)
    hints_used: int = Field(default=0, ge=0, le=10)


def _exercise(exercise_id: str):
    try:
        return answering.load_exercise(exercise_id)
    except answering.UnknownExercise as error:
        raise HTTPException(404, str(error)) from error


@router.get("/skills")
def skills() -> dict:
    from dlmath.curriculum import skills as all_skills

    return {"skills": [s.to_json() for s in all_skills()]}


@router.get("/progress")
def progress(request: Request, learner: CurrentLearner) -> dict:
    return learning.progress_report(request.app.state.dlmath, learner.name)


@router.get("/exercise/{exercise_id}")
def exercise(request: Request, exercise_id: str, answer: int = 0) -> dict:
    ex = _exercise(exercise_id)
    with_answer = answer == 1 and request.app.state.dlmath.mode == "local"
    return answering.exercise_json(ex, with_answer)


@router.get("/exercise/{exercise_id}/hint/{number}")
def hint(exercise_id: str, number: int) -> dict:
    """Hint ``number`` (1-based) as HTML; ``more`` says whether another follows."""
    from dlmath.web.markup import markdown_html

    ex = _exercise(exercise_id)
    if not 1 <= number <= len(ex.hints):
        raise HTTPException(404, f"this exercise has {len(ex.hints)} hints")
    return {
        "number": number,
        "html": str(markdown_html(ex.hints[number - 1])),
        "more": number < len(ex.hints),
    }


@router.post("/preview")
def preview(body: PreviewBody) -> dict:
    return answering.preview(_exercise(body.id), body.answer)


@router.post("/check")
def check(request: Request, body: CheckBody, learner: CurrentLearner) -> dict:
    ex = _exercise(body.id)
    return answering.judge(
        request.app.state.dlmath,
        learner.name,
        ex,
        body.answer,
        tries_before=body.tries_before,
        hints_used=body.hints_used,
        duration_ms=body.duration_ms,
    )


@router.post("/skip")
def skip(request: Request, body: ExerciseAction, learner: CurrentLearner) -> dict:
    ex = _exercise(body.id)
    state = request.app.state.dlmath
    return answering.give_up(state, learner.name, ex, solution=False, hints_used=body.hints_used)


@router.post("/solution")
def solution(request: Request, body: ExerciseAction, learner: CurrentLearner) -> dict:
    ex = _exercise(body.id)
    state = request.app.state.dlmath
    return answering.give_up(state, learner.name, ex, solution=True, hints_used=body.hints_used)


@router.post("/undo")
def undo(request: Request, body: ExerciseAction, learner: CurrentLearner) -> dict:
    return answering.undo(request.app.state.dlmath, learner.name, _exercise(body.id))
