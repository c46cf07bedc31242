"""Placement in the browser: ``/placement`` and its JSON twins under ``/api/placement``.

A placement is carried by its seed, its start time and its area, which are not secret
and travel in the URL or the request body; nothing is kept in a cookie or in memory.
Each request rebuilds ``PlacementSession`` from the seed and replays the learner's
attempts since the start (the placement's questions are ordinary attempts), so the
model it reaches is the one a session that never stopped would have: the page can be
reloaded, left and resumed, and several processes can serve it. The end stores the
conclusions as ``placement`` attempts (``PlacementSession.conclude``).
"""

from __future__ import annotations

import secrets
import threading
from collections import OrderedDict
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from markupsafe import Markup
from pydantic import BaseModel, Field

from dlmath.web import answering
from dlmath.web.learner import CurrentLearner
from dlmath.web.pages_common import render

router = APIRouter()

MAX_SEED = 2**31 - 1
_LATE = timedelta(minutes=5)  # a start this far in the future is not a placement's
UNASKED = "not asked"  # a skill placement does not classify (no exercises, other area)


class Run(BaseModel):
    """Which placement: its seed, its start (microseconds since 1970, UTC), its area."""

    seed: int = Field(ge=0, le=MAX_SEED)
    start: int = Field(ge=0, le=10**17)
    area: str | None = Field(default=None, max_length=60)


class RunAnswer(Run):
    id: str = Field(max_length=200)
    answer: str = Field(max_length=10_000)
    hints_used: int = Field(default=0, ge=0, le=10)


class RunAction(Run):
    id: str = Field(max_length=200)
    hints_used: int = Field(default=0, ge=0, le=10)


def _started(run: Run) -> datetime:
    at = datetime(1970, 1, 1, tzinfo=UTC) + timedelta(microseconds=run.start)
    if at > datetime.now(UTC) + _LATE:
        raise HTTPException(400, "the placement's start is in the future")
    return at


def _run(seed: int, start: int, area: str | None) -> Run:
    """A placement named in a query string or a form (checked like a JSON body)."""
    from pydantic import ValidationError

    try:
        return _checked(Run(seed=seed, start=start, area=area or None))
    except ValidationError as error:
        raise HTTPException(400, "seed and start must be non-negative integers") from error


def _new_run(seed: int | None, area: str | None) -> Run:
    start = (datetime.now(UTC) - datetime(1970, 1, 1, tzinfo=UTC)) // timedelta(microseconds=1)
    seed = secrets.randbelow(MAX_SEED) if seed is None else seed
    return _run(seed, start, area)


def _checked(run: Run) -> Run:
    from dlmath.curriculum import AREAS

    if run.area is not None and run.area not in AREAS:
        raise HTTPException(404, f"there is no area {run.area[:60]!r}")
    _started(run)
    return run


class _Rebuilt:
    """Sessions rebuilt lately, with the stored attempts each has taken in: a memo, not
    state. A session is reused only while those attempts are still the first ones stored
    since the start (an undo elsewhere, or another process's answer that is not there,
    means a rebuild); the new attempts are then replayed onto it. Replaying 30 answers
    costs about half a second on a busy machine; one answer, a few tens of ms."""

    def __init__(self, size: int = 32) -> None:
        self.size = size
        self.lock = threading.Lock()
        self.entries: OrderedDict[tuple, tuple[list[int | None], Any]] = OrderedDict()

    def take(self, key: tuple, attempts: list) -> tuple[Any, list] | None:
        """The cached session and the attempts it has not seen, or None."""
        with self.lock:
            found = self.entries.pop(key, None)
        if found is None:
            return None
        seen, session = found
        if [a.id for a in attempts[: len(seen)]] != seen:
            return None
        return session, attempts[len(seen) :]

    def put(self, key: tuple, attempts: list, session: Any) -> None:
        with self.lock:
            self.entries[key] = ([a.id for a in attempts], session)
            while len(self.entries) > self.size:
                self.entries.popitem(last=False)


_MEMO_LOCK = threading.Lock()


def _memo(request: Request) -> _Rebuilt:
    """The app's memo of rebuilt sessions (one per app, made on first use)."""
    with _MEMO_LOCK:
        memo = getattr(request.app.state, "placement_memo", None)
        if memo is None:
            memo = request.app.state.placement_memo = _Rebuilt()
        return memo


def _key(user: str, run: Run) -> tuple:
    return (user, run.seed, run.start, run.area)


def _session(request: Request, user: str, run: Run):
    """The placement as it stands: rebuilt from its seed, its answers replayed. The
    caller owns the session until it hands it back with ``_keep``."""
    from dlmath.session.placement import PlacementSession

    state = request.app.state.dlmath
    attempts = state.store.attempts(user, since=_started(run))
    found = _memo(request).take(_key(user, run), attempts)
    if found is None:
        session = PlacementSession(state.store, user, state.skills, area=run.area, seed=run.seed)
        new = attempts
    else:
        session, new = found
    session.replay(new)
    session.hints_used = 0
    return session


def _keep(request: Request, user: str, run: Run, session) -> None:
    """Offer the session for the next request, with every attempt now stored."""
    attempts = request.app.state.dlmath.store.attempts(user, since=_started(run))
    _memo(request).put(_key(user, run), attempts, session)


def _conclusions(request: Request, user: str, run: Run) -> dict[str, str]:
    """The conclusions this placement stored ({} while it is still asking)."""
    from dlmath.learner.types import PLACEMENT

    since = _started(run)
    stored = request.app.state.dlmath.store.attempts(user, since=since)
    return {a.skill: a.answer for a in stored if a.kind == PLACEMENT}


def _query(run: Run) -> str:
    pairs = [("seed", run.seed), ("start", run.start)]
    return urlencode(pairs + ([("area", run.area)] if run.area else []))


def status(request: Request, user: str, run: Run) -> dict[str, Any]:
    """Where the placement is: the question to answer, or done, or concluded."""
    concluded = _conclusions(request, user, run)
    out: dict[str, Any] = {**run.model_dump(), "concluded": bool(concluded)}
    if concluded:
        return {**out, "done": True, "question": None, "conclusions": concluded}
    session = _session(request, user, run)
    question = session.next()
    _keep(request, user, run, session)
    return {
        **out,
        "done": question is None,
        "asked": len(session.asked),
        "number": session.number,
        "max_questions": session.max_questions,
        "question": None if question is None else answering.exercise_json(question, False),
    }


def _current(session, exercise_id: str):
    question = session.next()
    if question is None or question.id != exercise_id:
        raise HTTPException(409, "this is not the placement's current question")
    return question


def answer(request: Request, user: str, body: RunAnswer) -> dict[str, Any]:
    """Judge and store the answer to the current question (one try, as in the terminal)."""
    state = request.app.state.dlmath
    with state.writing():
        if _conclusions(request, user, body):
            raise HTTPException(409, "this placement is over")
        session = _session(request, user, body)
        question = _current(session, body.id)
        session.hints_used = min(body.hints_used, len(question.hints))
        asked = session.answer(body.answer)
        done = session.next() is None
        _keep(request, user, body, session)
    verdict = asked.verdict
    out = verdict.to_json()
    if not asked.recorded:
        return {**out, "recorded": False, "finished": False, "try": 1, "tries": 1}
    marked = frozenset(tuple(e) for e in verdict.details.get("wrong_entries", ()))
    return {
        **out,
        "recorded": True,
        "finished": True,
        "try": 1,
        "tries": 1,
        "answer_mathml": answering.answer_mathml(question, body.answer, marked),
        "expected_mathml": answering.expected_mathml(question),
        "solution_html": "",
        "done": done,
    }


def give_up(request: Request, user: str, body: RunAction, *, solution: bool) -> dict[str, Any]:
    """A skip, or the solution shown: a miss, and the placement moves on."""
    state = request.app.state.dlmath
    with state.writing():
        if _conclusions(request, user, body):
            raise HTTPException(409, "this placement is over")
        session = _session(request, user, body)
        question = _current(session, body.id)
        session.hints_used = min(body.hints_used, len(question.hints))
        session.skip()
        session.next()
        _keep(request, user, body, session)
    out: dict[str, Any] = {"recorded": True, "skipped": True}
    if solution:
        out["expected"] = question.expected
        out["expected_mathml"] = answering.expected_mathml(question)
        out["solution_html"] = str(answering.solution_html_of(question))
    return out


def conclude(request: Request, user: str, run: Run) -> dict[str, str]:
    """Store the conclusions once (a second call returns the stored ones)."""
    state = request.app.state.dlmath
    with state.writing():
        stored = _conclusions(request, user, run)
        if stored:
            return stored
        return _session(request, user, run).conclude()


# ---- pages -------------------------------------------------------------------------------


@router.get("/placement", response_class=HTMLResponse)
def placement_page(
    request: Request,
    learner: CurrentLearner,
    seed: int | None = None,
    start: int | None = None,
    area: str | None = None,
) -> Response:
    from dlmath.curriculum import areas

    state = request.app.state.dlmath
    if seed is None or start is None:
        return render(request, "placement_start.html", {"areas": areas(), "area": area or ""})
    run = _run(seed, start, area)
    now = status(request, learner.name, run)
    if now["concluded"]:
        return RedirectResponse(f"/placement/result?{_query(run)}", status_code=303)
    context: dict[str, Any] = {"run": run, "query": _query(run), "status": now}
    if now["question"] is not None:
        ex = answering.load_exercise(now["question"]["id"])
        context.update({"ex": ex, "skill": state.skill(ex.skill)})
    return render(request, "placement.html", {**context, "palette": _palette()})


def _palette() -> list[str]:
    from dlmath.web.pages import PALETTE

    return PALETTE


@router.get("/placement/start")
def placement_start(learner: CurrentLearner, area: str | None = None) -> Response:
    """A new placement: a fresh seed and the time now (nothing is stored yet)."""
    run = _new_run(None, area or None)
    return RedirectResponse(f"/placement?{_query(run)}", status_code=303)


@router.post("/placement/finish")
def placement_finish(
    request: Request,
    learner: CurrentLearner,
    seed: int = Form(ge=0, le=MAX_SEED),
    start: int = Form(ge=0, le=10**17),
    area: str = Form(default="", max_length=60),
) -> Response:
    run = _run(seed, start, area)
    conclude(request, learner.name, run)
    return RedirectResponse(f"/placement/result?{_query(run)}", status_code=303)


@router.get("/placement/result", response_class=HTMLResponse)
def placement_result(
    request: Request, learner: CurrentLearner, seed: int, start: int, area: str | None = None
) -> Response:
    from dlmath.curriculum import AREAS
    from dlmath.web.map_picture import skill_map_svg

    state = request.app.state.dlmath
    run = _run(seed, start, area)
    conclusions = _conclusions(request, learner.name, run)
    if not conclusions:
        return RedirectResponse(f"/placement?{_query(run)}", status_code=303)
    shown = {s.id: conclusions.get(s.id, UNASKED) for s in state.skills}
    svg = skill_map_svg(state.skills, list(AREAS), shown, set())
    counts = {word: sum(1 for v in conclusions.values() if v == word) for word in _WORDS}
    return render(
        request,
        "placement_result.html",
        {"svg": Markup(svg), "counts": counts, "conclusions": conclusions, "skills": state.skills},
    )


_WORDS = ("known", "not known", "unsure")


# ---- JSON twins ------------------------------------------------------------------------------


class StartBody(BaseModel):
    seed: int | None = Field(default=None, ge=0, le=MAX_SEED)
    area: str | None = Field(default=None, max_length=60)


@router.post("/api/placement")
def api_start(body: StartBody, learner: CurrentLearner) -> dict[str, Any]:
    """A new placement's seed and start (nothing is stored until the first answer)."""
    return _new_run(body.seed, body.area).model_dump()


@router.get("/api/placement/status")
def api_status(
    request: Request, learner: CurrentLearner, seed: int, start: int, area: str | None = None
) -> dict[str, Any]:
    return status(request, learner.name, _run(seed, start, area))


@router.post("/api/placement/answer")
def api_answer(request: Request, body: RunAnswer, learner: CurrentLearner) -> dict[str, Any]:
    return answer(request, learner.name, _checked(body))


@router.post("/api/placement/skip")
def api_skip(request: Request, body: RunAction, learner: CurrentLearner) -> dict[str, Any]:
    return give_up(request, learner.name, _checked(body), solution=False)


@router.post("/api/placement/solution")
def api_solution(request: Request, body: RunAction, learner: CurrentLearner) -> dict[str, Any]:
    return give_up(request, learner.name, _checked(body), solution=True)


@router.post("/api/placement/finish")
def api_finish(request: Request, body: Run, learner: CurrentLearner) -> dict[str, Any]:
    return {"conclusions": conclude(request, learner.name, _checked(body))}
