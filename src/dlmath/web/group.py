"""Group mode on top of the local app: accounts, classes and the teacher's pages.

``install`` swaps who-is-asking for the session cookie, adds the Classes page to the
navigation, lets the planner prefer the learner's assigned skills, and adds the routes.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from fastapi import FastAPI, Request

from dlmath.learner.types import SkillState
from dlmath.web import sessions


def install(app: FastAPI) -> None:
    from dlmath.web import accounts, class_pages, classes_api
    from dlmath.web.pages_common import NAV

    state = app.state.dlmath
    state.identify = sessions.identify
    state.extras["nav"] = [*NAV, ("/classes", "Classes")]
    state.extras["prefer"] = preferred_skills(state.store)
    state.extras["home"] = home_assignments
    for router in (accounts.router, classes_api.router, class_pages.router):
        app.include_router(router)
    match_threads_to_pool(app)


def match_threads_to_pool(app: FastAPI) -> None:
    """At start-up, size the thread pool that runs the handlers to the connection pool.

    Each handler holds a connection for its transactions; with more threads than
    connections the extra threads only wait for one (and past the pool's timeout, fail),
    while holding memory and the GIL. Starlette's default is 40 threads per process.
    """
    from contextlib import asynccontextmanager

    pool = app.state.dlmath.store._engine.pool
    size = getattr(pool, "size", lambda: 0)() + max(0, getattr(pool, "_max_overflow", 0))
    if size <= 0:
        return
    inner = app.router.lifespan_context

    @asynccontextmanager
    async def lifespan(application):  # type: ignore[no-untyped-def]
        import anyio.to_thread

        anyio.to_thread.current_default_thread_limiter().total_tokens = size
        async with inner(application) as value:
            yield value

    app.router.lifespan_context = lifespan


def preferred_skills(store):  # type: ignore[no-untyped-def]
    """For the planner: the learner's assigned skills not met now."""
    from dlmath.store.classes import Classes
    from dlmath.teaching.progress import MET, assignment_status

    classes = Classes(store)

    def prefer(user: str, states: Mapping[str, SkillState], now: datetime) -> set[str]:
        return {
            a.skill
            for _, a in classes.learner_assignments(user)
            if assignment_status(states.get(a.skill), a.target, now) != MET
        }

    return prefer


def home_assignments(request: Request) -> dict:
    """What the home page adds in group mode: the learner's assignments and their status."""
    from dlmath.web.classes_api import learner_assignments

    account = sessions.signed_in(request)
    if account is None:
        return {}
    return {"assignments": learner_assignments(request, account)}
