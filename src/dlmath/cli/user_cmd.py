"""``dlmath user add NAME [--teacher]``: accounts for group mode.

The password is read from standard input (one line), never from the command line, where
it would stay in the shell history and be visible to every user of the machine in the
process list. At a terminal it is asked for twice without echo.
"""

from __future__ import annotations

import sys

import typer

from dlmath.cli.output import emit_json, fail

user_app = typer.Typer(
    name="user",
    help="Accounts for group mode (sign-in on the web app).",
    no_args_is_help=True,
)


def _read_password() -> str:
    if sys.stdin.isatty():
        import getpass

        first = getpass.getpass("Password: ")
        if getpass.getpass("Again: ") != first:
            fail("error: the two passwords differ")
        return first
    line = sys.stdin.readline()
    return line.rstrip("\r\n")


@user_app.command("add")
def add_command(
    name: str = typer.Argument(..., help="The account's name (also the learner's name)."),
    teacher: bool = typer.Option(False, "--teacher", help="May create and run classes."),
    json: bool = typer.Option(False, "--json", help="Print one JSON object."),
) -> None:
    """Create an account; the password is read from standard input."""
    from dlmath.auth.passwords import PasswordRejected, hash_password
    from dlmath.store import StoreError, open_store
    from dlmath.store.accounts import AccountExists, Accounts, check_name

    try:
        name = check_name(name)
        password_hash = hash_password(_read_password())
    except (ValueError, PasswordRejected) as error:
        fail(f"error: {error}")
    try:
        with open_store() as store:
            account = Accounts(store).create(name, password_hash, teacher=teacher)
    except AccountExists as error:
        fail(f"error: {error}")
    except StoreError as error:
        fail(f"error: {error}", code=1)
    role = "teacher" if account.is_teacher else "learner"
    if json:
        emit_json({"id": account.id, "name": account.name, "role": role})
    else:
        typer.echo(f"created {role} {account.name}")
