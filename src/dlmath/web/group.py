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
