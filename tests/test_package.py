"""The package itself: light import, version, the command line's help."""

from __future__ import annotations

import subprocess
import sys

import dlmath

HEAVY = ("numpy", "sympy", "scipy", "sqlalchemy", "alembic", "typst", "fsrs")
# the web app (markdown_it is not listed: rich loads it for the help text)
HEAVY += ("fastapi", "starlette", "uvicorn", "jinja2", "pydantic", "mdit_py_plugins")


def _modules_after(code: str) -> set[str]:
    out = subprocess.run(
        [sys.executable, "-c", code + "\nimport sys; print('\\n'.join(sys.modules))"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return set(out.split())


def test_import_is_light():
    loaded = _modules_after("import dlmath")
    assert not [m for m in HEAVY if m in loaded]


def test_help_is_light():
    code = (
        "import sys\nsys.argv = ['dlmath', '--help']\nfrom dlmath.cli.app import app\n"
        "try:\n    app()\nexcept SystemExit:\n    pass"
    )
    loaded = _modules_after(code)
    assert not [m for m in HEAVY if m in loaded]


def test_version():
    out = subprocess.run(
        [sys.executable, "-m", "dlmath", "--version"], capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == f"dlmath {dlmath.__version__}"


def test_help_lists_commands():
    out = subprocess.run(
        [sys.executable, "-m", "dlmath", "--help"], capture_output=True, text=True, check=True
    )
    for command in ("eval", "equiv"):
        assert command in out.stdout


def test_unknown_attribute():
    import pytest

    with pytest.raises(AttributeError):
        dlmath.no_such_thing  # noqa: B018
