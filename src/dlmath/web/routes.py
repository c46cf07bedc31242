"""The list of routers the app includes, in order. Group mode's modules add theirs here."""

from __future__ import annotations

from fastapi import APIRouter


def routers() -> list[APIRouter]:
    from dlmath.web import api, pages, tools, worksheet_pages

    return [api.router, pages.router, tools.router, worksheet_pages.router]
