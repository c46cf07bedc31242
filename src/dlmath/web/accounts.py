"""Sign-in, sign-up and sign-out: the JSON routes of the contract and their pages."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from pydantic import BaseModel, Field

from dlmath.web import sessions
from dlmath.web.pages_common import render

router = APIRouter()


class ErrorOut(BaseModel):
    error: str


def errors(*codes: int) -> dict:
    """OpenAPI entries for the error replies a route may give (all ``{"error": ...}``)."""
    return {code: {"model": ErrorOut} for code in codes}


class LoginIn(BaseModel):
    username: str = Field(min_length=1, max_length=64)
    password: str = Field(min_length=1, max_length=1024)


class SignupIn(LoginIn):
    code: str = Field(min_length=1, max_length=64, description="the class's join code")


class AccountOut(BaseModel):
    id: int
    name: str
    role: Literal["teacher", "learner"]


class SignedOut(BaseModel):
    signed_out: bool


def account_out(account) -> AccountOut:  # type: ignore[no-untyped-def]
    if account.is_teacher:
        return AccountOut(id=account.id, name=account.name, role="teacher")
    return AccountOut(id=account.id, name=account.name, role="learner")


@router.post("/api/login", response_model=AccountOut, responses=errors(400, 401, 403, 429))
def api_login(body: LoginIn, request: Request) -> Response:
    account = sessions.authenticate(request, body.username, body.password)
    response = JSONResponse(account_out(account).model_dump())
    sessions.start(request, response, account)
    return response


@router.post("/api/logout", response_model=SignedOut, responses=errors(400, 403))
def api_logout(request: Request) -> Response:
    response = JSONResponse({"signed_out": True})
    sessions.end(request, response)
    return response


@router.get("/api/me", response_model=AccountOut, responses=errors(401))
def api_me(account: sessions.SignedIn) -> AccountOut:
    return account_out(account)


@router.post("/api/signup", response_model=AccountOut, responses=errors(400, 403, 404, 409, 429))
def api_signup(body: SignupIn, request: Request) -> Response:
    account = sign_up(request, body.username, body.password, body.code)
    response = JSONResponse(account_out(account).model_dump())
    sessions.start(request, response, account)
    return response


def sign_up(request: Request, username: str, password: str, code: str):  # type: ignore[no-untyped-def]
    """A new learner account in the class whose code this is, if it takes sign-ups."""
    from dlmath.auth.passwords import PasswordRejected, check_new, hash_password
    from dlmath.auth.tokens import normalize_join_code
    from dlmath.store.accounts import AccountExists, check_name
    from dlmath.store.classes import Classes

    address = sessions.client_address(request)
    sessions.check_limit(request, sessions.SIGNUP_PER_ADDRESS, address)
    sessions.count(request, sessions.SIGNUP_PER_ADDRESS, address)
    try:
        name = check_name(username)
        check_new(password)
    except (ValueError, PasswordRejected) as error:
        raise HTTPException(400, str(error)) from error
    normal = normalize_join_code(code)
    classes = Classes(request.app.state.dlmath.store)
    room = classes.by_code(normal) if normal else None
    if room is None or not room.signup_open:
        raise HTTPException(404, "no class with that code takes sign-ups")
    try:
        account = sessions.accounts(request).create(name, hash_password(password))
    except AccountExists as error:
        raise HTTPException(409, "that name is taken; choose another") from error
    classes.join(room.id, account.id)
    return account


# -- pages --------------------------------------------------------------------------


def safe_next(target: str | None) -> str:
    """Only a path of this site (never another host) to go to after signing in."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request, next: str = "/") -> HTMLResponse:
    return render(request, "login.html", {"next": safe_next(next), "error": None})


@router.post("/login", response_class=HTMLResponse)
def login_form(
    request: Request,
    username: Annotated[str, Form(max_length=64)] = "",
    password: Annotated[str, Form(max_length=1024)] = "",
    next: Annotated[str, Form(max_length=500)] = "/",
) -> Response:
    try:
        account = sessions.authenticate(request, username, password)
    except HTTPException as error:
        context = {"next": safe_next(next), "error": error.detail, "username": username}
        return render(request, "login.html", context, status=error.status_code)
    response = RedirectResponse(safe_next(next), status_code=303)
    sessions.start(request, response, account)
    return response


@router.get("/signup", response_class=HTMLResponse)
def signup_page(request: Request, code: str = "") -> HTMLResponse:
    return render(request, "signup.html", {"code": code[:64], "error": None})


@router.post("/signup", response_class=HTMLResponse)
def signup_form(
    request: Request,
    username: Annotated[str, Form(max_length=64)] = "",
    password: Annotated[str, Form(max_length=1024)] = "",
    code: Annotated[str, Form(max_length=64)] = "",
) -> Response:
    try:
        account = sign_up(request, username, password, code)
    except HTTPException as error:
        context = {"code": code, "error": error.detail, "username": username}
        return render(request, "signup.html", context, status=error.status_code)
    response = RedirectResponse("/", status_code=303)
    sessions.start(request, response, account)
    return response


@router.post("/logout")
def logout_form(request: Request) -> Response:
    response = RedirectResponse("/login", status_code=303)
    sessions.end(request, response)
    return response
