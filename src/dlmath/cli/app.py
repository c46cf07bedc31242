"""The ``dlmath`` command: a thin Typer layer over the packages.

Each command lives in its own module of this package and imports the heavy parts of
dlmath (NumPy, the database, Typst) inside its function body. One invocation registers
only the command it runs (``dlmath check`` never imports the worksheet or web modules);
``dlmath --help``, an unknown command and ``from dlmath.cli.app import app`` get them all.
"""

from __future__ import annotations

import importlib
import os
import sys
from typing import Any

import typer

from dlmath import __version__
from dlmath.expr.errors import InputError

# name -> (module, attribute, is a group of subcommands); the order of `dlmath --help`
COMMANDS: dict[str, tuple[str, str, bool]] = {
    "exercise": ("dlmath.cli.exercise_cmd", "exercise_command", False),
    "check": ("dlmath.cli.exercise_cmd", "check_command", False),
    "eval": ("dlmath.cli.algebra", "eval_command", False),
    "equiv": ("dlmath.cli.algebra", "equiv_command", False),
    "skills": ("dlmath.cli.skills_cmd", "skills_command", False),
    "learn": ("dlmath.cli.learn_cmd", "learn_command", False),
    "practice": ("dlmath.cli.practice_cmd", "practice_command", False),
    "progress": ("dlmath.cli.progress_cmd", "progress_command", False),
    "placement": ("dlmath.cli.placement_cmd", "placement_command", False),
    "worksheet": ("dlmath.cli.worksheet_cmd", "worksheet_command", False),
    "export": ("dlmath.cli.data_cmd", "export_command", False),
    "import": ("dlmath.cli.data_cmd", "import_command", False),
    "identities": ("dlmath.cli.identities_cmd", "identities_command", False),
    "derive": ("dlmath.cli.derive_cmd", "derive_command", False),
    "serve": ("dlmath.cli.serve_cmd", "serve_command", False),
    "user": ("dlmath.cli.user_cmd", "user_app", True),
    "info": ("dlmath.cli.info_cmd", "info_app", True),
    "solve": ("dlmath.cli.solve_cmd", "solve_command", False),
    "anki": ("dlmath.cli.anki_cmd", "anki_app", True),
}

#: Commands whose arguments are math, which may start with a minus sign.
MATH_COMMANDS = frozenset({"check", "eval", "equiv", "derive", "solve"})


def _show_version(value: bool) -> None:
    if value:
        typer.echo(f"dlmath {__version__}")
        raise typer.Exit()


def root(
    version: bool = typer.Option(
        False, "--version", help="Show the version and exit.", callback=_show_version, is_eager=True
    ),
) -> None:
    """Learn, practise and keep the mathematics deep learning runs on."""


def build_app(only: str | None = None) -> typer.Typer:
    """The dlmath command with every subcommand, or with ``only`` that one."""
    application = typer.Typer(
        name="dlmath",
        help="Learn, practise and keep the mathematics deep learning runs on.",
        no_args_is_help=True,
        add_completion=False,
        pretty_exceptions_enable=False,
        rich_markup_mode="rich",
        context_settings={"help_option_names": ["-h", "--help"]},
    )
    application.callback()(root)
    for name, (module, attribute, is_group) in COMMANDS.items():
        if only is not None and name != only:
            continue
        target = getattr(importlib.import_module(module), attribute)
        if is_group:
            application.add_typer(target, name=name)
        else:
            application.command(name)(target)
    return application


def __getattr__(name: str) -> Any:
    """``app``: the whole command, built on first use (PEP 562)."""
    if name != "app":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    application = build_app()
    globals()["app"] = application
    return application


def readable_arguments(args: list[str], application: typer.Typer | None = None) -> list[str]:
    """The command line as dlmath reads it.

    Bytes that are not UTF-8 become U+FFFD (the parser then points at them), and in a
    command that takes math, an argument that starts with ``-`` but is none of the
    command's options is a value: ``dlmath check ID -6`` and ``dlmath eval "-y^T x"`` work
    without ``--``. (A leading space hides it from the option parser; the math parser
    ignores the space.)
    """
    args = [a.encode("utf-8", "surrogateescape").decode("utf-8", "replace") for a in args]
    if not args or args[0] not in MATH_COMMANDS:
        return args
    flags, valued = _options(application or build_app(args[0]), args[0])
    out = [args[0]]
    i = 1
    while i < len(args):
        arg = args[i]
        if arg == "--":
            out.extend(args[i:])
            break
        if arg in valued and i + 1 < len(args):
            out.extend((arg, args[i + 1]))
            i += 2
            continue
        is_option = arg in flags or arg in valued or arg.split("=", 1)[0] in valued
        out.append(" " + arg if arg.startswith("-") and len(arg) > 1 and not is_option else arg)
        i += 1
    return out


def _options(application: typer.Typer, command: str) -> tuple[set[str], set[str]]:
    """The option names of a command: flags, and options that take a value."""
    import typer.main

    group = typer.main.get_command(application)
    flags: set[str] = {"-h", "--help"}
    valued: set[str] = set()
    cmd = getattr(group, "commands", {}).get(command)
    for param in getattr(cmd, "params", []):
        names = set(getattr(param, "opts", [])) | set(getattr(param, "secondary_opts", []))
        if not any(n.startswith("-") for n in names):
            continue
        (flags if getattr(param, "is_flag", False) else valued).update(names)
    return flags, valued


def main() -> None:
    """Entry point of the console script and ``python -m dlmath``."""
    # dlmath's values are small (at most 2,500 entries): a pool of BLAS threads would only
    # burn CPU starting up, in every command that loads NumPy
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    from dlmath.store.exceptions import StoreError

    args = sys.argv[1:]
    application = build_app(args[0] if args and args[0] in COMMANDS else None)
    try:
        application(args=readable_arguments(args, application), prog_name="dlmath")
    except InputError as error:  # a last guard: bad input never shows a traceback
        sys.stderr.write(f"error: {error.describe()}\n")
        sys.exit(2)
    except (StoreError, OSError) as error:  # a damaged database, a full or unwritable disk
        sys.stderr.write(f"error: {error}\n")
        sys.exit(2)
