"""``dlmath export`` and ``dlmath import`` on SQLite and PostgreSQL."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from dlmath.cli.app import app
from dlmath.store import open_store
from test_store import attempt, fill, records, snapshot, url  # noqa: F401 - url is a fixture

runner = CliRunner()


@pytest.fixture
def filled(url, monkeypatch):  # noqa: F811 - the fixture above
    """The command line pointed at a database of each kind, with two learners in it."""
    monkeypatch.setenv("DLMATH_DATABASE_URL", url)
    with open_store(url) as store:
        fill(store)
    return url


def run(*args: str, input: str | None = None):
    return runner.invoke(app, list(args), input=input)


def test_export_to_standard_output_and_import_elsewhere(filled, tmp_path, monkeypatch):
    out = run("export")
    assert out.exit_code == 0, out.stderr
    lines = out.stdout.splitlines()
    assert json.loads(lines[0])["type"] == "dlmath-export"
    assert len(lines) == 1 + 2 + 8 + 3  # header, users, attempts, skill states

    copy = f"sqlite:///{tmp_path / 'copy.sqlite3'}"
    monkeypatch.setenv("DLMATH_DATABASE_URL", copy)
    imported = run("import", "-", "--json", input=out.stdout)
    assert imported.exit_code == 0, imported.stderr
    assert json.loads(imported.stdout) == {
        "users_added": 2,
        "attempts_added": 8,
        "attempts_skipped": 0,
        "skill_states_added": 3,
        "rebuild_needed": [],
    }
    with open_store(filled) as original, open_store(copy) as copied:
        assert snapshot(copied) == snapshot(original)


def test_export_to_a_file_and_import_it_twice(filled, tmp_path):
    path = tmp_path / "backup.jsonl"
    out = run("export", "-o", str(path), "--json")
    assert out.exit_code == 0, out.stderr
    assert json.loads(out.stdout) == {
        "file": str(path),
        "users": 2,
        "attempts": 8,
        "skill_states": 3,
    }
    assert records(path.read_text(encoding="utf-8")) == records(run("export").stdout)
    again = run("import", str(path))
    assert again.exit_code == 0, again.stderr
    assert "imported 0 attempt(s), skipped 8 already present" in again.stdout


def test_export_of_one_learner_and_of_a_stranger(filled):
    out = run("export", "--user", "bob")
    assert out.exit_code == 0
    assert {json.loads(line).get("user", "bob") for line in out.stdout.splitlines()} == {"bob"}
    stranger = run("export", "--user", "nobody")
    assert stranger.exit_code == 2
    assert "no learner named 'nobody'" in stranger.stderr
    assert "Traceback" not in stranger.output


def test_export_json_needs_a_file(filled):
    out = run("export", "--json")
    assert out.exit_code == 2
    assert "--json needs -o FILE" in out.stderr


def test_a_bad_file_is_refused_whole(filled, tmp_path):
    good = run("export").stdout.splitlines()
    with open_store(filled) as store:
        store.add_attempt(attempt("carol", 1))
    truncated = "\n".join(good[:1] + ["{not json"]) + "\n"
    path = tmp_path / "bad.jsonl"
    path.write_text(truncated, encoding="utf-8")
    with open_store(filled) as store:
        before = snapshot(store)
    out = run("import", str(path), "--json")
    assert out.exit_code == 2
    assert json.loads(out.stdout)["error"].startswith(f"{path}: line 2: not JSON")
    assert "nothing was imported" in out.stderr
    with open_store(filled) as store:
        assert snapshot(store) == before
    missing = run("import", str(tmp_path / "missing.jsonl"))
    assert missing.exit_code == 2
    assert "cannot read" in missing.stderr
    binary = tmp_path / "binary.jsonl"
    binary.write_bytes(b'{"type": "dlmath-export", "format": 1}\n\xff\xfe\n')
    out = run("import", str(binary))
    assert out.exit_code == 2 and "not UTF-8" in out.stderr


def test_import_through_the_real_entry_point_shows_no_traceback(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"type": "user"}\n', encoding="utf-8")
    env = {"DLMATH_DATA_DIR": str(tmp_path / "data")}
    out = subprocess.run(
        [sys.executable, "-m", "dlmath", "import", str(bad)],
        capture_output=True,
        text=True,
        env={**os.environ, **env},
    )
    assert out.returncode == 2
    assert "not a dlmath export" in out.stderr
    assert "Traceback" not in out.stderr


def test_the_data_commands_load_no_database_code_until_run():
    code = "import dlmath.cli.data_cmd, sys; print('sqlalchemy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
