"""``create_app``: the FastAPI application over one store, opened once at start-up.

    from dlmath.web import create_app
    app = create_app()                      # local mode over the default store

Handlers are plain ``def`` functions: the store is synchronous, and Starlette runs them
in its thread pool. Everything shared (the store, the skill map, the generator registry,
the templates) is loaded here, before the first request, because the registry's lazy
load and a per-thread store are not safe under concurrent first requests.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from dlmath.web.csrf import CSRFProtection
from dlmath.web.guards import AllowedHosts, BodyLimit, SecurityHeaders
from dlmath.web.learner import Identify, local_learner
from dlmath.web.state import WebState

if TYPE_CHECKING:  # pragma: no cover
    from dlmath.store import Store

HERE = Path(__file__).parent
MODES = ("local", "group")
LOOPBACK_HOSTS = ["127.0.0.1", "localhost", "::1", "testserver"]


def create_app(
    *,
    mode: str | None = None,
    store: Store | None = None,
    database_url: str | None = None,
    allowed_hosts: list[str] | None = None,
    identify: Identify | None = None,
) -> FastAPI:
    """The app. ``store`` (else ``database_url``, else the configured database) is
    opened now and closed at shutdown only if this function opened it.

    ``allowed_hosts``: the Host names accepted (local mode defaults to loopback names, a
    guard against DNS rebinding); ``identify`` says who a request is for (local mode: the
    terminal's learner).
    """
    # ``uvicorn dlmath.web:create_app --factory`` has no arguments: the environment says
    mode = mode or os.environ.get("DLMATH_WEB_MODE", "local")
    if mode not in MODES:
        raise ValueError(f"mode must be one of {', '.join(MODES)}, got {mode!r}")
    from dlmath.curriculum import skills
    from dlmath.exercises.registry import generators
    from dlmath.session.practice import practicable
    from dlmath.store import open_store

    generators()  # load every generator now, before threads ask for them
    owned = store is None
    if store is None:
        store = open_store(database_url)
    templates = Jinja2Templates(directory=str(HERE / "templates"))
    from dlmath.web import template_filters

    template_filters.install(templates.env)
    state = WebState(
        mode=mode,
        store=store,
        skills=practicable(skills()),
        templates=templates,
        identify=identify or local_learner(),
    )

    from contextlib import asynccontextmanager

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        yield
        if owned:
            store.close()

    app = FastAPI(
        title="dlmath",
        docs_url=None,
        redoc_url=None,
        openapi_url="/api/openapi.json",
        lifespan=lifespan,
    )
    app.state.dlmath = state
    if allowed_hosts is None and mode == "local":
        allowed_hosts = LOOPBACK_HOSTS
    # Outermost first at run time: headers on every reply, then hosts, size, CSRF.
    app.add_middleware(CSRFProtection)
    app.add_middleware(BodyLimit)
    app.add_middleware(AllowedHosts, hosts=allowed_hosts)
    app.add_middleware(SecurityHeaders)

    from dlmath.web import errors, routes

    errors.install(app)
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    for router in routes.routers():
        app.include_router(router)
    if mode == "group":
        from dlmath.web import group

        group.install(app)
    return app
