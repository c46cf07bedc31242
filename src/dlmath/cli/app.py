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
    # -- more commands register here --


_register()


def main() -> None:
    """Entry point of the console script and ``python -m dlmath``."""
    try:
        app()
    except InputError as error:  # a last guard: bad input never shows a traceback
        sys.stderr.write(f"error: {error.describe()}\n")
        sys.exit(2)
