"""Worksheets on the web: choose skills, count, difficulty and seed; download the PDF
and its answer key (GET: making a PDF changes nothing)."""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, Response

from dlmath.web.pages_common import render

router = APIRouter()


@router.get("/worksheet", response_class=HTMLResponse)
def worksheet_page(
    request: Request, skills: Annotated[list[str] | None, Query(max_length=100)] = None
) -> HTMLResponse:
    from dlmath.curriculum import areas

    state = request.app.state.dlmath
    chosen = set(skills or [])
    practicable = [s for s in state.skills if s.practice]
    open_areas = {s.area for s in practicable if s.id in chosen} or {practicable[0].area}
    return render(
        request,
        "worksheet.html",
        {
            "areas": areas(),
            "skills": practicable,
            "chosen": chosen,
            "open_areas": open_areas,
            "seed": secrets.randbelow(10**6),
        },
    )


@router.get("/worksheet.pdf")
def worksheet_pdf(
    request: Request,
    skills: Annotated[list[str] | None, Query(max_length=100)] = None,
    count: int = 20,
    difficulty: int = 1,
    seed: int = 0,
    key: int = 0,
) -> Response:
    from dlmath import worksheets
    from dlmath.worksheets.command import Format, regenerate_command

    skills = skills or []
    if not skills:
        raise HTTPException(400, "choose at least one skill for the worksheet")
    if len(skills) > 40:
        raise HTTPException(400, "choose at most 40 skills")
    if not 0 <= seed < 10**12:
        raise HTTPException(400, "the seed is a whole number from 0")
    try:
        sheet = worksheets.build(list(skills), count=count, difficulty=difficulty, seed=seed)
    except ValueError as error:
        raise HTTPException(400, str(error)) from error
    name = f"worksheet-{seed}" + ("-key" if key else "")
    command = regenerate_command(
        sheet, Path(f"worksheet-{seed}.pdf"), Path(f"worksheet-{seed}-key.pdf"), Format.pdf
    )
    source = (
        worksheets.key_source(sheet, command) if key else worksheets.sheet_source(sheet, command)
    )
    try:
        data = worksheets.compile_pdf(source)
    except worksheets.TypstError as error:
        raise HTTPException(422, f"the worksheet could not be typeset: {error}") from error
    return Response(
        data,
        media_type="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{name}.pdf"'},
    )
