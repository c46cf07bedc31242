"""Who is asking: the learner a request acts for.

Local mode has one learner, the terminal's (``default`` unless ``DLMATH_USER`` says
otherwise), shared with the command line. Group mode replaces ``WebState.identify`` with
a function that reads the session cookie; routes only ever ask ``current_learner``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request


@dataclass(frozen=True)
class Learner:
    name: str  # the store's user name
    teacher: bool = False


class NotSignedIn(Exception):
    """Raised by ``current_learner`` in group mode when no session is present."""


Identify = Callable[[Request], "Learner | None"]


def local_learner() -> Identify:
    from dlmath.learner.record import default_user

    learner = Learner(default_user())
    return lambda request: learner


def current_learner(request: Request) -> Learner:
    """FastAPI dependency: the signed-in learner (local mode: always the same one)."""
    learner = request.app.state.dlmath.identify(request)
    if learner is None:
        raise NotSignedIn()
    return learner


def optional_learner(request: Request) -> Learner | None:
    """The learner if one is signed in (for pages that also work signed out)."""
    return request.app.state.dlmath.identify(request)


#: The type of a handler argument that is the current learner.
CurrentLearner = Annotated[Learner, Depends(current_learner)]
