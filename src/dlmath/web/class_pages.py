"""The pages of classes: the list, joining, the teacher's live dashboard, a learner's
page, the CSV export and the class worksheet. The JSON twins are in ``classes_api.py``."""

from __future__ import annotations

import zlib
from datetime import UTC, datetime, time
from typing import Annotated

from fastapi import APIRouter, Form, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from dlmath.web import sessions
from dlmath.web.classes_api import (
    NOT_FOUND,
    ClassId,
    ItemId,
    add_assignment,
    classes_of,
    join_class,
    learner_assignments,
    member_report,
    now,
)
from dlmath.web.pages_common import render

router = APIRouter()
Window = Annotated[int | None, Query(ge=1, le=43200)]
WORKSHEET_PROBLEMS = 12


def _back(path: str) -> RedirectResponse:
    return RedirectResponse(path, status_code=303)


@router.get("/classes", response_class=HTMLResponse)
def classes_page(request: Request, account: sessions.SignedIn) -> HTMLResponse:
    return _classes(request, account, None, 200)


def _classes(request: Request, account, error: str | None, status: int) -> HTMLResponse:  # type: ignore[no-untyped-def]
    classes = classes_of(request)
    context = {
        "teaching": classes.of_teacher(account.id) if account.is_teacher else [],
        "joined": classes.of_learner(account.id),
        "assignments": learner_assignments(request, account),
        "error": error,
    }
    return render(request, "classes.html", context, status=status)


@router.post("/classes", response_class=HTMLResponse)
def create_class_form(
    request: Request,
    account: sessions.Teacher,
    name: Annotated[str, Form(max_length=100)] = "",
    signup_open: Annotated[str, Form(max_length=10)] = "",
) -> Response:
    from dlmath.auth.tokens import new_join_code

    try:
        made = classes_of(request).create(
            account.id, name, new_join_code, signup_open=bool(signup_open)
        )
    except ValueError as error:
        return _classes(request, account, str(error), 400)
    return _back(f"/classes/{made.id}")


@router.post("/join", response_class=HTMLResponse)
def join_form(
    request: Request, account: sessions.SignedIn, code: Annotated[str, Form(max_length=64)] = ""
) -> Response:
    try:
        join_class(request, account, code)
    except HTTPException as error:
        return _classes(request, account, error.detail, error.status_code)
    return _back("/classes")


def _teacher_class(request: Request, account, class_id: int):  # type: ignore[no-untyped-def]
    found = classes_of(request).teacher_class(account.id, class_id)
    if found is None:
        raise HTTPException(404, NOT_FOUND)
    return found


def _board(request: Request, account, class_id: int, window: int | None) -> dict:  # type: ignore[no-untyped-def]
    from dlmath.teaching.dashboard import dashboard

    board = dashboard(classes_of(request), account.id, class_id, now(), window)
    if board is None:
        raise HTTPException(404, NOT_FOUND)
    return board


@router.get("/classes/{class_id}", response_class=HTMLResponse)
def dashboard_page(
    request: Request, class_id: ClassId, account: sessions.SignedIn, window: Window = None
) -> HTMLResponse:
    board = _board(request, account, class_id, window)
    skills = request.app.state.dlmath.skills
    context = {"board": board, "practice_skills": [s for s in skills if s.practice]}
    return render(request, "class_dashboard.html", context)


@router.get("/classes/{class_id}/live", response_class=HTMLResponse)
def dashboard_live(
    request: Request, class_id: ClassId, account: sessions.SignedIn, window: Window = None
) -> HTMLResponse:
    """The part of the dashboard that htmx refreshes every few seconds."""
    return render(request, "class_live.html", {"board": _board(request, account, class_id, window)})


@router.post("/classes/{class_id}/assignments")
def assign_form(
    request: Request,
    class_id: ClassId,
    account: sessions.SignedIn,
    skill: Annotated[str, Form(max_length=100)] = "",
    due: Annotated[str, Form(max_length=10)] = "",
    target: Annotated[str, Form(max_length=10)] = "",
) -> Response:
    try:
        due_at = (
            datetime.combine(datetime.fromisoformat(due).date(), time(23, 59), UTC) if due else None
        )
        chance = float(target) / 100 if target else None
    except ValueError as error:
        raise HTTPException(
            400, "the due date is YYYY-MM-DD and the target a percentage"
        ) from error
    if chance is not None and not 0.5 <= chance <= 0.99:
        raise HTTPException(400, "the target is between 50 and 99 percent")
    add_assignment(request, account, class_id, skill, due_at, chance)
    return _back(f"/classes/{class_id}")


@router.post("/classes/{class_id}/assignments/{assignment_id}/delete")
def unassign_form(
    request: Request, class_id: ClassId, assignment_id: ItemId, account: sessions.SignedIn
) -> Response:
    if not classes_of(request).unassign(account.id, class_id, assignment_id):
        raise HTTPException(404, "there is no such assignment")
    return _back(f"/classes/{class_id}")


@router.post("/classes/{class_id}/signup")
def signup_switch(
    request: Request,
    class_id: ClassId,
    account: sessions.SignedIn,
    open: Annotated[str, Form(max_length=10)] = "",
) -> Response:
    if not classes_of(request).set_signup(account.id, class_id, open == "1"):
        raise HTTPException(404, NOT_FOUND)
    return _back(f"/classes/{class_id}")


@router.get("/classes/{class_id}/learners/{learner_id}", response_class=HTMLResponse)
def learner_page(
    request: Request, class_id: ClassId, learner_id: ItemId, account: sessions.SignedIn
) -> HTMLResponse:
    report = member_report(request, account, class_id, learner_id)
    if report is None:
        raise HTTPException(404, "there is no such learner in your classes")
    room = _teacher_class(request, account, class_id)
    return render(request, "class_learner.html", {"report": report, "room": room})


@router.get("/classes/{class_id}/results.csv")
def results_csv(request: Request, class_id: ClassId, account: sessions.SignedIn) -> Response:
    from dlmath.teaching.dashboard import results_csv as build

    text = build(classes_of(request), account.id, class_id, now())
    if text is None:
        raise HTTPException(404, NOT_FOUND)
    return Response(
        text,
        media_type="text/csv; charset=utf-8",
        headers={"content-disposition": f'attachment; filename="class-{class_id}-results.csv"'},
    )


@router.get("/classes/{class_id}/worksheet.pdf")
def class_worksheet(
    request: Request,
    class_id: ClassId,
    account: sessions.SignedIn,
    answers: Annotated[bool, Query()] = False,
    difficulty: Annotated[int, Query(ge=1, le=3)] = 1,
) -> Response:
    """One printable sheet of the class's assigned skills (the same for every learner)."""
    from dlmath import worksheets

    room = _teacher_class(request, account, class_id)
    skills = [a.skill for a in classes_of(request).assignments(account.id, class_id) or []]
    if not skills:
        raise HTTPException(
            400, "assign a skill first: the worksheet is made of the assigned skills"
        )
    seed = zlib.crc32(f"class:{room.id}:{room.join_code}".encode()) % 10**6
    try:
        sheet = worksheets.build(skills, count=WORKSHEET_PROBLEMS, difficulty=difficulty, seed=seed)
    except ValueError as error:
        raise HTTPException(400, str(error)) from error
    command = f"dlmath worksheet {' '.join(skills)} --count {WORKSHEET_PROBLEMS} --seed {seed}"
    source = (worksheets.key_source if answers else worksheets.sheet_source)(sheet, command)
    kind = "answers" if answers else "sheet"
    return Response(
        worksheets.compile_pdf(source),
        media_type="application/pdf",
        headers={"content-disposition": f'inline; filename="class-{class_id}-{kind}.pdf"'},
    )
