"""The tools: derive, equiv, eval and the identity reference, as pages and as JSON.

The pages are GET forms rendered on the server (bookmarkable, no script needed); the
JSON twins are the command line's ``--json`` objects. Every input goes through dlmath's
own parser, with its limits; a problem in it is a 400 with the message and position.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, JSONResponse
from pydantic import BaseModel, Field

from dlmath.expr.errors import InputError
from dlmath.web.pages_common import render

router = APIRouter()

_FIELD = 1000


class DeriveBody(BaseModel):
    expression: str = Field(max_length=_FIELD)
    wrt: str = Field(max_length=50)
    shapes: dict[str, str] = Field(default_factory=dict, max_length=30)
    assume: dict[str, list[str]] = Field(default_factory=dict, max_length=30)


class EquivBody(BaseModel):
    answer: str = Field(max_length=_FIELD)
    expected: str = Field(max_length=_FIELD)
    shapes: dict[str, str] = Field(default_factory=dict, max_length=30)
    assume: dict[str, list[str]] = Field(default_factory=dict, max_length=30)


class EvalBody(BaseModel):
    expression: str = Field(max_length=_FIELD)
    shapes: dict[str, str] = Field(default_factory=dict, max_length=30)


def _input_error(error: InputError) -> JSONResponse:
    return JSONResponse({"error": error.message, "position": error.position}, status_code=400)


def _short(values: dict[str, Any]) -> None:
    for key, value in values.items():
        items = value if isinstance(value, list) else [value]
        if len(key) > 50 or any(len(str(v)) > 100 for v in items):
            raise HTTPException(400, "a shape or assumption is too long")


# ---- computations shared by the pages and the API -----------------------------------------


def run_derive(expression: str, wrt: str, shapes: dict, assume: dict) -> dict[str, Any]:
    from dlmath.derivatives import derive

    return derive(expression, wrt, shapes=shapes, assume=assume, steps=True).to_json()


def run_equiv(answer: str, expected: str, shapes: dict, assume: dict) -> dict[str, Any]:
    from dlmath.checker import equivalent

    return equivalent(answer, expected, shapes=shapes, assume=assume).to_json()


def run_eval(expression: str, shapes: dict) -> dict[str, Any]:
    from dlmath.expr.calculate import calculate

    return calculate(expression, shapes).to_json()


def find_identities(query: str) -> list[dict[str, Any]]:
    from dlmath.reference import identity_json, search

    return [identity_json(i) for i in search(query[:200])]


# ---- JSON ------------------------------------------------------------------------------------


@router.post("/api/derive")
def api_derive(body: DeriveBody) -> Any:
    _short(body.shapes)
    _short(body.assume)
    try:
        return run_derive(body.expression, body.wrt, body.shapes, body.assume)
    except InputError as error:
        return _input_error(error)


@router.post("/api/equiv")
def api_equiv(body: EquivBody) -> Any:
    _short(body.shapes)
    _short(body.assume)
    try:
        return run_equiv(body.answer, body.expected, body.shapes, body.assume)
    except InputError as error:
        return _input_error(error)


@router.post("/api/eval")
def api_eval(body: EvalBody) -> Any:
    _short(body.shapes)
    try:
        return run_eval(body.expression, body.shapes)
    except InputError as error:
        return _input_error(error)


@router.get("/api/identities")
def api_identities(q: str = "") -> dict[str, Any]:
    found = find_identities(q)
    return {"identities": found, "count": len(found), "query": q}


# ---- pages -----------------------------------------------------------------------------------


def parse_pairs(text: str) -> dict[str, str]:
    """``A=4x3, x=3`` -> {"A": "4x3", "x": "3"} (the command line's NAME=VALUE, comma-separated)."""
    pairs: dict[str, str] = {}
    for item in text.replace(";", ",").split(","):
        name, sep, value = item.partition("=")
        if not item.strip():
            continue
        if not sep or not name.strip() or not value.strip():
            raise InputError(f"write NAME=VALUE, got {item.strip()!r}")
        pairs[name.strip()] = value.strip()
    return pairs


def parse_assumptions(text: str) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for name, value in parse_pairs(text.replace("+", "|")).items():
        out[name] = [p.strip() for p in value.split("|") if p.strip()]
    return out


@router.get("/tools", response_class=HTMLResponse)
def tools_page(request: Request) -> HTMLResponse:
    return render(request, "tools.html", {})


@router.get("/tools/derive", response_class=HTMLResponse)
def derive_page(
    request: Request, expression: str = "", wrt: str = "", shapes: str = "", assume: str = ""
) -> HTMLResponse:
    form = {"expression": expression, "wrt": wrt, "shapes": shapes, "assume": assume}
    result, error = None, None
    if expression.strip():
        try:
            if len(expression) > _FIELD or len(shapes) > _FIELD or len(assume) > _FIELD:
                raise InputError("an input is longer than 1,000 characters")
            if not wrt.strip():
                raise InputError("say which variable to differentiate by")
            result = run_derive(
                expression, wrt.strip(), parse_pairs(shapes), parse_assumptions(assume)
            )
        except InputError as e:
            error = e
    return render(request, "tool_derive.html", {"form": form, "result": result, "error": error})


@router.get("/tools/equiv", response_class=HTMLResponse)
def equiv_page(
    request: Request, answer: str = "", expected: str = "", shapes: str = "", assume: str = ""
) -> HTMLResponse:
    form = {"answer": answer, "expected": expected, "shapes": shapes, "assume": assume}
    result, error = None, None
    if answer.strip() and expected.strip():
        try:
            if max(len(answer), len(expected), len(shapes), len(assume)) > _FIELD:
                raise InputError("an input is longer than 1,000 characters")
            result = run_equiv(answer, expected, parse_pairs(shapes), parse_assumptions(assume))
        except InputError as e:
            error = e
    return render(request, "tool_equiv.html", {"form": form, "result": result, "error": error})


@router.get("/tools/eval", response_class=HTMLResponse)
def eval_page(request: Request, expression: str = "", shapes: str = "") -> HTMLResponse:
    form = {"expression": expression, "shapes": shapes}
    result, error = None, None
    if expression.strip():
        try:
            if max(len(expression), len(shapes)) > _FIELD:
                raise InputError("an input is longer than 1,000 characters")
            result = run_eval(expression, parse_pairs(shapes))
        except InputError as e:
            error = e
    return render(request, "tool_eval.html", {"form": form, "result": result, "error": error})


@router.get("/tools/identities", response_class=HTMLResponse)
def identities_page(request: Request, q: str = "") -> HTMLResponse:
    found = find_identities(q)
    return render(request, "tool_identities.html", {"q": q, "found": found})
