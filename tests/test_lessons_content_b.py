"""The lesson content of linalg, calculus and optimization: every formula checks.

Each check is an equality of the idea, confirmed by ``dlmath.equivalent`` (evaluation at
random points); every identity id names a verified entry of the reference; the Markdown
and LaTeX are balanced and leave no raw markup once rendered for the terminal.
"""

from __future__ import annotations

import re
import tomllib
from importlib import resources

import pytest

import dlmath
from dlmath.exercises.terminal_math import latex_problems, terminal_text

AREAS = ("linalg", "calculus", "optimization")
MAX_WORDS = 300


def _lessons(area: str) -> dict:
    text = resources.files("dlmath.lessons").joinpath(f"{area}.toml").read_text("utf-8")
    return tomllib.loads(text)["lessons"]


LESSONS = {skill: lesson for area in AREAS for skill, lesson in _lessons(area).items()}
CHECKS = [
    (skill, i, check)
    for skill, lesson in LESSONS.items()
    for i, check in enumerate(lesson.get("checks", []))
]


def _identity_ids() -> set[str]:
    text = resources.files("dlmath.reference").joinpath("identities.toml").read_text("utf-8")
    return {entry["id"] for entry in tomllib.loads(text)["identity"]}


def _practice_skills(area: str) -> set[str]:
    text = resources.files("dlmath.curriculum").joinpath("skills.toml").read_text("utf-8")
    return {
        s["id"]
        for s in tomllib.loads(text)["skills"]
        if s.get("practice") and s["id"].startswith(area + ".")
    }


@pytest.mark.parametrize("area", AREAS)
def test_every_practice_skill_of_the_area_has_a_lesson(area):
    missing = _practice_skills(area) - set(_lessons(area))
    assert not missing, f"no lesson for {sorted(missing)}"
    assert all(skill.startswith(area + ".") for skill in _lessons(area))


@pytest.mark.parametrize(("skill", "index", "check"), CHECKS, ids=lambda v: str(v)[:40])
def test_check_holds(skill, index, check):
    result = dlmath.equivalent(
        check["lhs"], check["rhs"], shapes=check.get("shapes", {}), assume=check.get("assume", {})
    )
    assert result.equivalent, f"{skill} check {index + 1}: {check} -> {result.feedback}"


def test_a_wrong_check_fails():
    """The checks can fail: a reversed transpose rule is caught."""
    result = dlmath.equivalent("(A B)^T", "A^T B^T", shapes={"A": "3x3", "B": "3x3"})
    assert not result.equivalent


@pytest.mark.parametrize("skill", sorted(LESSONS))
def test_identities_exist(skill):
    unknown = set(LESSONS[skill].get("identities", [])) - _identity_ids()
    assert not unknown, f"{skill}: unknown identities {sorted(unknown)}"


@pytest.mark.parametrize("skill", sorted(LESSONS))
def test_idea_is_balanced_and_renders_in_the_terminal(skill):
    idea = LESSONS[skill]["idea"]
    assert 40 <= len(idea.split()) <= MAX_WORDS
    assert LESSONS[skill].get("checks") or LESSONS[skill].get("identities"), skill
    without_display = idea.replace("$$", "")
    assert idea.count("$$") % 2 == 0 and without_display.count("$") % 2 == 0
    assert idea.count("**") % 2 == 0
    assert idea.count("\\begin") == idea.count("\\end")
    for math in re.findall(r"\$\$(.+?)\$\$|\$(.+?)\$", idea, flags=re.S):
        body = "".join(math)
        depth = 0
        for char in body.replace("\\{", "").replace("\\}", ""):
            depth += {"{": 1, "}": -1}.get(char, 0)
            assert depth >= 0, f"{skill}: unbalanced braces in {body!r}"
        assert depth == 0, f"{skill}: unbalanced braces in {body!r}"
    assert latex_problems(idea) == [], skill
    text = terminal_text(idea)
    for raw in ("\\", "$", "**", "`", "begin{", "end{"):
        assert raw not in text, f"{skill}: {raw!r} left in {text!r}"
