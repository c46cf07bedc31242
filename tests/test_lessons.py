"""Quick-start lessons (issue 18): every practice skill has one, every formula it states
is checked by evaluation, it renders without raw markup, and `dlmath learn` keeps its
JSON contract."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

import dlmath
from dlmath.exercises.registry import practice_skills
from dlmath.exercises.terminal_math import latex_problems, terminal_text
from dlmath.lessons import LessonDataError, load_notes, parse_notes

SRC = str(Path(dlmath.__file__).resolve().parents[1])
NOTES = load_notes()
SKILLS = practice_skills()
CHECKS = [
    pytest.param(note.skill, check, id=f"{note.skill}-{i}")
    for note in NOTES.values()
    for i, check in enumerate(note.checks)
]
# What must not survive the terminal renderer: a backslash (LaTeX commands, environments),
# a dollar sign, bold markers, code backticks, empty braces.
RAW = re.compile(r"\\|\$|\*\*|`|\{\}")


@pytest.mark.parametrize("skill", SKILLS)
def test_every_practice_skill_has_a_lesson(skill):
    assert skill in NOTES, f"{skill} has no lesson in src/dlmath/lessons/"


def test_every_lesson_is_of_a_known_skill():
    from dlmath import curriculum

    known = {s.id for s in curriculum.skills()}
    assert set(NOTES) <= known


@pytest.mark.parametrize("skill", sorted(NOTES))
def test_idea_renders_in_the_terminal_without_raw_markup(skill):
    idea = NOTES[skill].idea
    assert latex_problems(idea) == []
    text = terminal_text(idea)
    assert not RAW.search(text), RAW.search(text).group(0)
    assert len(idea.split()) <= 300


@pytest.mark.parametrize(("skill", "check"), CHECKS)
def test_every_formula_of_an_idea_checks(skill, check):
    result = dlmath.equivalent(check.lhs, check.rhs, shapes=check.shapes, assume=check.assume)
    assert result.equivalent, f"{skill}: {check.lhs} != {check.rhs}: {result.feedback}"


def test_a_wrong_formula_fails_the_check():
    # the check is able to fail: a slip in a lesson's formula is caught
    assert not dlmath.equivalent("log2(8)", "4").equivalent
    assert not dlmath.equivalent("(A B)^T", "A^T B^T", shapes={"A": "2x2", "B": "2x2"}).equivalent


def test_identity_ids_exist():
    from dlmath.reference import load_identities

    known = {identity.id for identity in load_identities()}
    for note in NOTES.values():
        assert set(note.identities) <= known, note.skill


def test_the_loader_rejects_malformed_lessons():
    good = '[lessons."probability.variance"]\nidea = "Var X = E[X^2] - (E X)^2"\n'
    assert set(parse_notes(good, "probability")) == {"probability.variance"}
    with pytest.raises(LessonDataError, match="belongs in probability"):
        parse_notes(good, "linalg")
    with pytest.raises(LessonDataError, match="unknown key"):
        parse_notes(good + "idae = 'x'\n", "probability")
    with pytest.raises(LessonDataError, match="lhs"):
        parse_notes(good + "checks = [{ lhs = 'a' }]\n", "probability")
    with pytest.raises(LessonDataError, match="words"):
        parse_notes(f'[lessons."probability.variance"]\nidea = "{"word " * 400}"\n', "probability")


@pytest.mark.parametrize("skill", sorted(NOTES))
def test_lesson_assembles_and_its_example_regenerates(skill):
    from dlmath.exercises import exercise_from_id
    from dlmath.lessons.assembly import lesson
    from dlmath.lessons.terminal_lesson import lesson_text

    found = lesson(skill, seed=11)
    assert found.example.id == f"{skill}:1:11"
    again = exercise_from_id(found.example.id)
    assert (again.prompt, again.expected, again.solution) == (
        found.example.prompt,
        found.example.expected,
        found.example.solution,
    )
    for mistake in found.mistakes:
        shown = exercise_from_id(mistake.exercise)
        assert shown.expected == mistake.expected
        assert (mistake.code, mistake.answer) in {(m.code, m.answer) for m in shown.misconceptions}
        verdict = dlmath.check(mistake.exercise, mistake.answer)
        assert not verdict.correct
    text = lesson_text(found)
    assert found.name in text and "WORKED EXAMPLE" in text
    assert all(r.section in text for r in found.readings)


def run(*args):
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([SRC, os.environ.get("PYTHONPATH", "")]))
    return subprocess.run(
        [sys.executable, "-m", "dlmath", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=120,
    )


def test_learn_json_contract():
    skill = "probability.bayes-rule"
    done = run("learn", skill, "--seed", "5", "--json")
    assert done.returncode == 0, done.stderr
    obj = json.loads(done.stdout)
    assert list(obj) == ["skill", "idea", "example", "mistakes", "readings", "prerequisites"]
    assert obj["skill"] == skill and obj["idea"] == NOTES[skill].idea
    assert list(obj["example"]) == ["id", "prompt", "solution"]
    assert obj["example"]["id"] == f"{skill}:1:5"
    assert obj["mistakes"] and all(
        list(m) == ["code", "sentence", "example"] for m in obj["mistakes"]
    )
    codes = [m["code"] for m in obj["mistakes"]]
    assert len(set(codes)) == len(codes) and "misconception:base-rate-neglect" in codes
    assert [p["id"] for p in obj["prerequisites"]] == ["probability.conditional"]
    assert obj["readings"] and all("section" in r for r in obj["readings"])
    # the same seed gives the same lesson
    assert json.loads(run("learn", skill, "--seed", "5", "--json").stdout) == obj


def test_learn_in_the_terminal_and_bad_skills():
    done = run("learn", "probability.bayes-rule", "--seed", "1")
    assert done.returncode == 0, done.stderr
    assert "THE IDEA" in done.stdout and "USUAL MISTAKES" in done.stdout
    assert "$" not in done.stdout and "\\frac" not in done.stdout
    bad = run("learn", "no.such-skill")
    assert bad.returncode == 2 and "Traceback" not in bad.stderr
    assert "no practice skill" in bad.stderr


@pytest.fixture
def practice_env(tmp_path):
    env = dict(os.environ)
    for name in ("DLMATH_DATABASE_URL", "DLMATH_USER", "DLMATH_NO_LESSONS"):
        env.pop(name, None)
    env["DLMATH_DATA_DIR"] = str(tmp_path / "data")
    env["PYTHONPATH"] = os.pathsep.join([SRC, *filter(None, [env.get("PYTHONPATH")])])
    env["PYTHONIOENCODING"] = "utf-8"
    return env


def practise(env, *args, stdin=""):
    return subprocess.run(
        [sys.executable, "-m", "dlmath", "practice", *args],
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=120,
    )


def test_practice_shows_the_lesson_the_first_time_only(practice_env):
    skill = "probability.bayes-rule"
    first = practise(practice_env, "--skill", skill, "--count", "2", stdin="s\ns\n")
    assert first.returncode == 0, first.stderr
    assert first.stdout.count("THE IDEA") == 1  # once, though the skill came twice
    assert first.stdout.index("THE IDEA") < first.stdout.index(f"{skill}:")
    assert "A new skill" in first.stdout
    # the skill has attempts now: no lesson unless asked for with l
    again = practise(practice_env, "--skill", skill, "--count", "1", stdin="s\n")
    assert again.returncode == 0, again.stderr
    assert "THE IDEA" not in again.stdout
    asked = practise(practice_env, "--skill", skill, "--count", "1", stdin="l\ns\n")
    assert asked.stdout.count("THE IDEA") == 1 and "USUAL MISTAKES" in asked.stdout
    assert "A new skill" not in asked.stdout
    assert "skipped" in asked.stdout  # the exercise goes on after the lesson


def test_practice_lessons_can_be_turned_off(practice_env):
    skill = "information.entropy"
    off = practise(practice_env, "--skill", skill, "--count", "1", "--no-lessons", stdin="s\n")
    assert off.returncode == 0, off.stderr
    assert "THE IDEA" not in off.stdout
    env = dict(
        practice_env, DLMATH_NO_LESSONS="1", DLMATH_DATA_DIR=practice_env["DLMATH_DATA_DIR"] + "2"
    )
    quiet = practise(env, "--skill", skill, "--count", "1", stdin="s\n")
    assert quiet.returncode == 0 and "THE IDEA" not in quiet.stdout
    on = practise(
        dict(practice_env, DLMATH_DATA_DIR=practice_env["DLMATH_DATA_DIR"] + "3"),
        "--skill",
        skill,
        "--count",
        "1",
        stdin="s\n",
    )
    assert "THE IDEA" in on.stdout


def test_web_skill_page_shows_the_lesson_and_practice_links_to_it(tmp_path):
    from fastapi.testclient import TestClient

    from dlmath.store import open_store
    from dlmath.web import create_app

    skill = "probability.bayes-rule"
    with open_store(f"sqlite:///{tmp_path / 'web.db'}") as store:
        client = TestClient(create_app(store=store), raise_server_exceptions=False)
        page = client.get(f"/skills/{skill}?seed=4")
        assert page.status_code == 200
        html = page.text
        assert 'id="lesson"' in html and "The usual mistakes" in html
        assert f'href="/exercise/{skill}:1:4"' in html
        # the math is left for Temml as LaTeX in math elements, the Markdown rendered
        assert 'class="math' in html and "\\frac" in html and "**" not in html
        assert "<strong>Bayes' rule</strong>" in html
        assert client.get(f"/skills/{skill}?seed=-3").status_code in (200, 422)
        exercise_page = client.get(f"/exercise/{skill}:1:4")
        assert f'href="/skills/{skill}#lesson"' in exercise_page.text


def test_worksheet_with_notes_opens_each_skill_with_its_idea(tmp_path):
    skills = ["probability.bayes-rule", "information.entropy"]
    typ = tmp_path / "sheet.typ"
    done = run(
        "worksheet", *skills, "--with-notes", "-n", "2", "--seed", "3", "-o", str(typ), "-f", "typ"
    )
    assert done.returncode == 0, done.stderr
    source = typ.read_text(encoding="utf-8")
    assert "law of total probability" in source and "expected surprisal" in source
    assert "--with-notes" in source  # the footer's command prints the same sheet again
    assert "\\frac" not in source and "$" not in source.replace("\\$", "")
    plain = tmp_path / "plain.typ"
    run("worksheet", *skills, "-n", "2", "--seed", "3", "-o", str(plain), "-f", "typ")
    assert "law of total probability" not in plain.read_text(encoding="utf-8")
    pdf = tmp_path / "sheet.pdf"
    compiled = run("worksheet", *skills, "--with-notes", "-n", "2", "--seed", "3", "-o", str(pdf))
    assert compiled.returncode == 0, compiled.stderr
    assert pdf.read_bytes().startswith(b"%PDF")
