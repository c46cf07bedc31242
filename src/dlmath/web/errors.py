"""Error replies: JSON ``{"error": ...}`` for ``/api/`` routes, an HTML page for pages.

No request gets a traceback: anything unexpected is logged and answered with a short
message.
"""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.exceptions import HTTPException

from dlmath.web.learner import NotSignedIn

log = logging.getLogger("dlmath.web")


def is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def error_response(request: Request, status: int, message: str) -> Response:
    if is_api(request):
        return JSONResponse({"error": message}, status_code=status)
    from dlmath.web.pages_common import render

    return render(request, "error.html", {"status": status, "message": message}, status=status)


def _validation_message(error: RequestValidationError) -> str:
    problems = error.errors()
    if any(p.get("type") == "json_invalid" for p in problems):
        return "the request body is not valid JSON"
    parts = []
    for p in problems[:3]:
        where = ".".join(str(x) for x in p.get("loc", ()) if x != "body")
        parts.append(f"{where}: {p.get('msg', 'invalid')}" if where else p.get("msg", "invalid"))
    return "; ".join(parts) or "invalid request"


def install(app: FastAPI) -> None:
    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        message = exc.detail if isinstance(exc.detail, str) else "error"
        if exc.status_code == 404 and message == "Not Found":
            message = "there is no such page"
        return error_response(request, exc.status_code, message)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        return error_response(request, 400, _validation_message(exc))

    @app.exception_handler(NotSignedIn)
    async def not_signed_in(request: Request, exc: NotSignedIn) -> Response:
        if is_api(request):
            return JSONResponse({"error": "sign in first"}, status_code=401)
        return RedirectResponse(f"/login?next={request.url.path}", status_code=303)

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> Response:
        log.exception("unexpected error on %s %s", request.method, request.url.path)
        return error_response(request, 500, "something went wrong on our side; it was logged")
