"""``dlmath user add`` and ``dlmath serve --mode group`` on the command line."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from dlmath.cli.app import app

runner = CliRunner()


def test_user_add_reads_the_password_from_stdin_and_stores_only_a_hash():
    from dlmath.auth.passwords import verify_password
    from dlmath.store import open_store
    from dlmath.store.accounts import Accounts

    made = runner.invoke(app, ["user", "add", "tess", "--teacher", "--json"], input="s3cret pass\n")
    assert made.exit_code == 0, made.output
    assert json.loads(made.stdout) == {"id": 1, "name": "tess", "role": "teacher"}
    assert "s3cret" not in made.output
    with open_store() as store:
        account, stored = Accounts(store).credentials("tess")
    assert account.is_teacher and stored.startswith("$argon2id$")
    assert verify_password(stored, "s3cret pass")
    learner = runner.invoke(app, ["user", "add", "lee"], input="another pass\n")
    assert learner.exit_code == 0 and "created learner lee" in learner.output


def test_user_add_refuses_short_passwords_and_taken_names():
    short = runner.invoke(app, ["user", "add", "lee"], input="short\n")
    assert short.exit_code == 2 and "at least 8" in short.output
    assert runner.invoke(app, ["user", "add", "lee"], input="long enough\n").exit_code == 0
    again = runner.invoke(app, ["user", "add", "lee"], input="long enough\n")
    assert again.exit_code == 2 and "already has an account" in again.output
    blank = runner.invoke(app, ["user", "add", "  "], input="long enough\n")
    assert blank.exit_code == 2


def test_group_mode_refuses_sqlite_with_several_workers():
    result = runner.invoke(app, ["serve", "--mode", "group", "--workers", "2"])
    assert result.exit_code == 2
    assert "PostgreSQL" in result.output
