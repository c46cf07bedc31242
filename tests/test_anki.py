"""``dlmath anki identities``: the deck holds one note per verified identity (LaTeX for
MathJax, conditions, source) and, with --skills, one per mastered skill."""

from __future__ import annotations

import json
import sqlite3
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dlmath.cli.app import app
from dlmath.expr.render import to_latex
from dlmath.reference import load_identities

runner = CliRunner()


def notes(deck: Path, tmp_path: Path) -> list[tuple[str, str]]:
    with zipfile.ZipFile(deck) as archive:
        archive.extract("collection.anki2", tmp_path)
    with sqlite3.connect(tmp_path / "collection.anki2") as db:
        rows = db.execute("select guid, flds from notes").fetchall()
    return [(guid, fields) for guid, fields in rows]


def test_identities_deck(tmp_path: Path) -> None:
    deck = tmp_path / "deck.apkg"
    out = runner.invoke(app, ["anki", "identities", "-o", str(deck), "--json"])
    assert out.exit_code == 0, out.output
    identities = load_identities()
    assert json.loads(out.stdout) == {"file": str(deck), "identities": len(identities), "skills": 0}
    found = notes(deck, tmp_path)
    assert len(found) == len(identities) == len({g for g, _ in found})
    first = identities[0]
    front, back = next(f for _, f in found if first.title in f).split("\x1f")
    assert to_latex(first.lhs_expr) in front and "\\(" in front
    assert to_latex(first.verified_rhs_expr) in back and "source:" in back
    # stable note ids: a second deck updates the same notes in Anki
    again = tmp_path / "again.apkg"
    runner.invoke(app, ["anki", "identities", "-o", str(again)])
    other = tmp_path / "other"
    other.mkdir()
    assert {g for g, _ in notes(again, other)} == {g for g, _ in found}


def test_skills_cards(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from dlmath.learner.types import SkillState
    from dlmath.store import open_store

    url = f"sqlite:///{tmp_path / 'learner.db'}"
    monkeypatch.setenv("DLMATH_DATABASE_URL", url)
    with open_store(url) as store:
        store.user("ada")
        store.save_skill_state("ada", SkillState("probability.sample-spaces", mastery=0.99))
        store.save_skill_state("ada", SkillState("probability.conditional", mastery=0.2))
    deck = tmp_path / "deck.apkg"
    out = runner.invoke(
        app, ["anki", "identities", "-o", str(deck), "--skills", "--user", "ada", "--json"]
    )
    assert out.exit_code == 0, out.output
    assert json.loads(out.stdout)["skills"] == 1
    skill_notes = [f for _, f in notes(deck, tmp_path) if "answer: <code>" in f]
    assert len(skill_notes) == 1 and "Sample spaces" in skill_notes[0]


def test_refusals(tmp_path: Path) -> None:
    bad = runner.invoke(app, ["anki", "identities", "-o", str(tmp_path / "deck.txt")])
    assert bad.exit_code == 2 and ".apkg" in bad.stderr
    missing = runner.invoke(app, ["anki", "identities", "-o", str(tmp_path / "no" / "d.apkg")])
    assert missing.exit_code == 2 and "cannot write" in missing.stderr
