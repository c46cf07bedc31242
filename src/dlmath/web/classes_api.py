"""Classes as JSON: create, join, assign, the teacher's dashboard and per-learner progress.

A class, an assignment or a learner that is not the asker's answers 404, exactly like
one that does not exist: ids cannot be probed.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Path, Query, Request
from pydantic import BaseModel, Field

from dlmath.web import sessions
from dlmath.web.accounts import errors

router = APIRouter(prefix="/api")

MAX_ID = 2**31 - 1  # the database's integer ids
ClassId = Annotated[int, Path(ge=1, le=MAX_ID)]
ItemId = Annotated[int, Path(ge=1, le=MAX_ID)]
NOT_FOUND = "there is no such class"


class ClassIn(BaseModel):
    name: str = Field(min_length=1, max_length=100)
    signup_open: bool = False


class ClassCreated(BaseModel):
    id: int
    join_code: str


class JoinIn(BaseModel):
    code: str = Field(min_length=1, max_length=64)


class ClassOut(BaseModel):
    id: int
    name: str
    join_code: str | None = None  # only for the class's teacher
    signup_open: bool | None = None


class ClassList(BaseModel):
    classes: list[ClassOut]


class AssignmentIn(BaseModel):
    skill: str = Field(min_length=1, max_length=100)
    due: datetime | None = None
    target: float | None = Field(default=None, ge=0.5, le=0.99)


class AssignmentOut(BaseModel):
    id: int
    skill: str
    due: datetime | None
    target: float


class MyAssignment(AssignmentOut):
    class_name: str
    status: str


class MyAssignments(BaseModel):
    assignments: list[MyAssignment]


class Deleted(BaseModel):
    deleted: bool


class LearnerRow(BaseModel):
    id: int
    name: str
    levels: dict[str, str]
    assignments: dict[str, str]


class StuckRow(BaseModel):
    learner: str
    skill: str
    reasons: list[str]


class MistakeRow(BaseModel):
    skill: str
    diagnosis: str
    described: str
    learners: int
    attempts: int
    examples: list[str]


class AssignmentSummary(BaseModel):
    id: int
    skill: str
    due: str | None
    target: float
    met: int


class Dashboard(BaseModel):
    model_config = {"extra": "allow"}

    generated_at: str
    window_minutes: int
    skills: list[str]
    assignments: list[AssignmentSummary]
    learners: list[LearnerRow]
    stuck: list[StuckRow]
    mistakes: list[MistakeRow]


class LearnerReport(BaseModel):
    model_config = {"extra": "allow"}

    learner: dict[str, Any]
    progress: dict[str, Any]
    recent: list[dict[str, Any]]


def classes_of(request: Request):  # type: ignore[no-untyped-def]
    from dlmath.store.classes import Classes

    return Classes(request.app.state.dlmath.store)


def now() -> datetime:
    return datetime.now(UTC)


@router.get(
    "/classes", response_model=ClassList, response_model_exclude_none=True, responses=errors(401)
)
def list_classes(request: Request, account: sessions.SignedIn) -> dict:
    classes = classes_of(request)
    if account.is_teacher:
        found = [
            {"id": c.id, "name": c.name, "join_code": c.join_code, "signup_open": c.signup_open}
            for c in classes.of_teacher(account.id)
        ]
    else:
        found = [{"id": c.id, "name": c.name} for c in classes.of_learner(account.id)]
    return {"classes": found}


@router.post("/classes", response_model=ClassCreated, responses=errors(400, 401, 403))
def create_class(body: ClassIn, request: Request, account: sessions.Teacher) -> dict:
    from dlmath.auth.tokens import new_join_code

    try:
        made = classes_of(request).create(
            account.id, body.name, new_join_code, signup_open=body.signup_open
        )
    except ValueError as error:
        raise HTTPException(400, str(error)) from error
    return {"id": made.id, "join_code": made.join_code}


def join_class(request: Request, account, code: str):  # type: ignore[no-untyped-def]
    """The class joined with ``code``; 404 for a wrong code, 429 after too many."""
    from dlmath.auth.tokens import normalize_join_code

    subject = str(account.id)
    sessions.check_limit(request, sessions.JOIN_PER_ACCOUNT, subject)
    normal = normalize_join_code(code)
    classes = classes_of(request)
    room = classes.by_code(normal) if normal else None
    if room is None:
        sessions.count(request, sessions.JOIN_PER_ACCOUNT, subject)
        raise HTTPException(404, "no class has that code")
    if room.teacher_id != account.id:
        classes.join(room.id, account.id)
    return room


@router.post(
    "/join",
    response_model=ClassOut,
    response_model_exclude_none=True,
    responses=errors(400, 401, 403, 404, 429),
)
def join(body: JoinIn, request: Request, account: sessions.SignedIn) -> dict:
    room = join_class(request, account, body.code)
    return {"id": room.id, "name": room.name}


@router.get(
    "/classes/{class_id}/dashboard", response_model=Dashboard, responses=errors(400, 401, 404)
)
def class_dashboard(
    request: Request,
    class_id: ClassId,
    account: sessions.SignedIn,
    window: Annotated[int | None, Query(ge=1, le=43200, description="minutes")] = None,
) -> dict:
    from dlmath.teaching.dashboard import dashboard

    board = dashboard(classes_of(request), account.id, class_id, now(), window)
    if board is None:
        raise HTTPException(404, NOT_FOUND)
    return board


@router.post(
    "/classes/{class_id}/assignments",
    response_model=AssignmentOut,
    responses=errors(400, 401, 403, 404),
)
def assign(
    body: AssignmentIn,
    request: Request,
    class_id: ClassId,
    account: sessions.SignedIn,
) -> dict:
    made = add_assignment(request, account, class_id, body.skill, body.due, body.target)
    return {"id": made.id, "skill": made.skill, "due": made.due_at, "target": made.target}


def add_assignment(request, account, class_id, skill, due, target):  # type: ignore[no-untyped-def]
    from dlmath.teaching.signals import signals

    classes = classes_of(request)
    if classes.teacher_class(account.id, class_id) is None:
        raise HTTPException(404, NOT_FOUND)
    if request.app.state.dlmath.skill(skill) is None:
        raise HTTPException(400, f"no practice skill is called {skill!r}")
    if due is not None and due.tzinfo is None:
        due = due.replace(tzinfo=UTC)
    target = signals().default_target if target is None else target
    made = classes.assign(account.id, class_id, skill, due, target)
    if made is None:
        raise HTTPException(404, NOT_FOUND)
    return made


@router.delete(
    "/classes/{class_id}/assignments/{assignment_id}",
    response_model=Deleted,
    responses=errors(400, 401, 403, 404),
)
def unassign(
    request: Request,
    class_id: ClassId,
    assignment_id: ItemId,
    account: sessions.SignedIn,
) -> dict:
    if not classes_of(request).unassign(account.id, class_id, assignment_id):
        raise HTTPException(404, "there is no such assignment")
    return {"deleted": True}


@router.get(
    "/classes/{class_id}/learners/{learner_id}",
    response_model=LearnerReport,
    responses=errors(400, 401, 404),
)
def learner_report(
    request: Request,
    class_id: ClassId,
    learner_id: ItemId,
    account: sessions.SignedIn,
) -> dict:
    report = member_report(request, account, class_id, learner_id)
    if report is None:
        raise HTTPException(404, "there is no such learner in your classes")
    return report


def member_report(request, account, class_id, learner_id) -> dict | None:  # type: ignore[no-untyped-def]
    """A learner of the teacher's class: progress and the latest attempts, or None."""
    from dlmath.web import learning

    member = classes_of(request).member(account.id, class_id, learner_id)
    if member is None:
        return None
    state = request.app.state.dlmath
    recent = state.store.attempts(member.name)[-30:]
    return {
        "learner": {"id": member.id, "name": member.name},
        "progress": learning.progress_report(state, member.name),
        "recent": [
            {
                "at": a.at.isoformat(),
                "exercise_id": a.exercise_id,
                "skill": a.skill,
                "answer": a.answer,
                "correct": a.correct,
                "diagnosis": a.diagnosis,
                "hints_used": a.hints_used,
                "skipped": a.skipped,
            }
            for a in reversed(recent)
        ],
    }


@router.get("/assignments", response_model=MyAssignments, responses=errors(401))
def my_assignments(request: Request, account: sessions.SignedIn) -> dict:
    return {"assignments": learner_assignments(request, account)}


def learner_assignments(request: Request, account) -> list[dict]:  # type: ignore[no-untyped-def]
    """The signed-in learner's assignments with their status now (met / forgotten / not yet)."""
    from dlmath.teaching.progress import assignment_status

    found = classes_of(request).learner_assignments(account.id)
    if not found:
        return []
    states = request.app.state.dlmath.store.skill_states(account.name)
    at = now()
    return [
        {
            "id": a.id,
            "class_name": class_name,
            "skill": a.skill,
            "due": a.due_at,
            "target": a.target,
            "status": assignment_status(states.get(a.skill), a.target, at),
        }
        for class_name, a in found
    ]
