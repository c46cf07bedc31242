"""Rendering a page: the template, the learner, the CSRF token and the navigation."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse

#: The navigation of every page: (path, label). Group mode may add entries.
NAV = [
    ("/", "Home"),
    ("/practice", "Practice"),
    ("/progress", "Progress"),
    ("/map", "Map"),
    ("/tools", "Tools"),
    ("/worksheet", "Worksheets"),
]


def render(
    request: Request, template: str, context: dict[str, Any], status: int = 200
) -> HTMLResponse:
    state = request.app.state.dlmath
    try:
        learner = state.identify(request)
    except Exception:  # an error page must render even when identification fails
        learner = None
    base = {
        "request": request,
        "learner": learner,
        "mode": state.mode,
        "nav": state.extras.get("nav", NAV),
        "csrf_token": getattr(request.state, "csrf_token", ""),
        "path": request.url.path,
    }
    return state.templates.TemplateResponse(
        request, template, {**base, **context}, status_code=status
    )
