"""The package itself: light import, version, the command line's help."""

from __future__ import annotations

import os
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
    from dlmath.cli.app import COMMANDS

    out = subprocess.run(
        [sys.executable, "-m", "dlmath", "--help"],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "COLUMNS": "200"},
    ).stdout
    listed = [line.split()[1] for line in out.splitlines() if line.startswith("│ ")]
    assert sorted(c for c in listed if c in COMMANDS) == sorted(COMMANDS)


def _main_then_modules(argv: list[str], env: dict[str, str] | None = None) -> set[str]:
    """The modules loaded by one ``dlmath`` invocation (``main()`` in a fresh process)."""
    code = (
        f"import sys\nsys.argv = {['dlmath', *argv]!r}\nfrom dlmath.cli.app import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "import os\nprint('OPENBLAS_NUM_THREADS=' + os.environ['OPENBLAS_NUM_THREADS'])"
    )
    out = subprocess.run(
        [sys.executable, "-c", code + "\nprint('\\n'.join(sys.modules))"],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, **(env or {})},
    ).stdout
    return set(out.split())


def test_one_invocation_loads_only_its_command():
    """``dlmath check`` registers check alone: no worksheet, web or account module, no
    pydantic (Typer 0.29 and later convert every argument with it)."""
    loaded = _main_then_modules(["check", "linalg.matmul:1:7", "[[1, 2], [3, 4]]", "--no-record"])
    assert "dlmath.cli.exercise_cmd" in loaded and "dlmath.checker" in loaded
    others = {"dlmath.cli.worksheet_cmd", "dlmath.cli.serve_cmd", "dlmath.cli.user_cmd"}
    assert not others & loaded
    assert not [m for m in ("pydantic", "sqlalchemy", "typst", "fastapi") if m in loaded]


def test_blas_runs_one_thread_unless_the_user_says_otherwise():
    assert "OPENBLAS_NUM_THREADS=1" in _main_then_modules(["eval", "1"])
    mine = _main_then_modules(["eval", "1"], env={"OPENBLAS_NUM_THREADS": "3"})
    assert "OPENBLAS_NUM_THREADS=3" in mine


def test_unknown_attribute():
    import pytest

    with pytest.raises(AttributeError):
        dlmath.no_such_thing  # noqa: B018
