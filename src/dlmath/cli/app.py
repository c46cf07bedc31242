"""The ``dlmath`` command: a thin Typer layer over the packages.

Each command lives in its own module of this package and imports the heavy parts of
dlmath (NumPy, the database, Typst) inside its function body, so that ``dlmath --help``
starts fast.
"""

from __future__ import annotations

import sys

import typer

from dlmath import __version__
from dlmath.expr.errors import InputError

app = typer.Typer(
    name="dlmath",
    help="Learn, practise and keep the mathematics deep learning runs on.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode="rich",
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _show_version(value: bool) -> None:
    if value:
        typer.echo(f"dlmath {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    version: bool = typer.Option(
        False, "--version", help="Show the version and exit.", callback=_show_version, is_eager=True
    ),
) -> None:
    """Learn, practise and keep the mathematics deep learning runs on."""


def _register() -> None:
    # Registration order is the order of `dlmath --help`.
    from dlmath.cli import algebra, exercise_cmd

    app.command("exercise")(exercise_cmd.exercise_command)
    app.command("check")(exercise_cmd.check_command)
    app.command("eval")(algebra.eval_command)
    app.command("equiv")(algebra.equiv_command)
    from dlmath.cli import skills_cmd

    app.command("skills")(skills_cmd.skills_command)
    from dlmath.cli import learn_cmd

    app.command("learn")(learn_cmd.learn_command)
    from dlmath.cli import practice_cmd, progress_cmd

    app.command("practice")(practice_cmd.practice_command)
    app.command("progress")(progress_cmd.progress_command)
    from dlmath.cli import placement_cmd

    app.command("placement")(placement_cmd.placement_command)
    from dlmath.cli import worksheet_cmd

    app.command("worksheet")(worksheet_cmd.worksheet_command)
    from dlmath.cli import data_cmd

    app.command("export")(data_cmd.export_command)
    app.command("import")(data_cmd.import_command)
    from dlmath.cli import identities_cmd

    app.command("identities")(identities_cmd.identities_command)
    from dlmath.cli import derive_cmd

    app.command("derive")(derive_cmd.derive_command)
    from dlmath.cli import serve_cmd

    app.command("serve")(serve_cmd.serve_command)
    from dlmath.cli import user_cmd

    app.add_typer(user_cmd.user_app)
    from dlmath.cli import info_cmd

    app.add_typer(info_cmd.info_app, name="info")
    from dlmath.cli import solve_cmd

    app.command("solve")(solve_cmd.solve_command)
    from dlmath.cli import anki_cmd

    app.add_typer(anki_cmd.anki_app, name="anki")
    # -- more commands register here --


_register()


#: Commands whose arguments are math, which may start with a minus sign.
MATH_COMMANDS = frozenset({"check", "eval", "equiv", "derive", "solve"})


def readable_arguments(args: list[str]) -> list[str]:
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
    flags, valued = _options(args[0])
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


def _options(command: str) -> tuple[set[str], set[str]]:
    """The option names of a command: flags, and options that take a value."""
    import typer.main

    group = typer.main.get_command(app)
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
    from dlmath.store.exceptions import StoreError

    try:
        app(args=readable_arguments(sys.argv[1:]), prog_name="dlmath")
    except InputError as error:  # a last guard: bad input never shows a traceback
        sys.stderr.write(f"error: {error.describe()}\n")
        sys.exit(2)
    except (StoreError, OSError) as error:  # a damaged database, a full or unwritable disk
        sys.stderr.write(f"error: {error}\n")
        sys.exit(2)
