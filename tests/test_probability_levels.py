"""Probability skills as a learner meets them across levels: no answer is a safe guess,
every level asks for something the one below does not, and worked steps are written
right (probability and information skills)."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from dlmath.exercises import exercise
from dlmath.exercises.registry import generators

SKILLS = sorted(s for s in generators() if s.startswith("probability."))
INFORMATION = sorted(s for s in generators() if s.startswith("information."))


def test_the_area_has_its_skills() -> None:
    assert len(SKILLS) >= 14


@pytest.mark.parametrize("skill", SKILLS)
def test_no_answer_is_a_safe_guess(skill: str) -> None:
    """Over 100 seeds, no answer (choice and yes/no kinds aside) is right in more than
    40% of a skill's instances at any difficulty."""
    for difficulty in (1, 2, 3):
        answers = Counter(
            "".join(ex.expected.split())
            for ex in (exercise(skill, difficulty, seed) for seed in range(100))
            if ex.kind not in ("choice", "boolean")
        )
        if answers:
            answer, top = answers.most_common(1)[0]
            assert top <= 0.4 * sum(answers.values()), (skill, difficulty, answer, top)


#: A negative number written straight after an operator ("- -\frac{2}{5}", "\cdot -3"):
#: the product or difference the solution means needs parentheses.
BARE_NEGATIVE = re.compile(r"(?:(?<![-+=(,{])[-+]|\\cdot|\\times)\s*-\s*(?:\d|\\frac)")


@pytest.mark.parametrize("skill", [*SKILLS, *INFORMATION])
def test_solutions_parenthesise_negative_factors(skill: str) -> None:
    """Solution linter: no worked step writes ``a - -b`` or ``a \\cdot -b``."""
    for difficulty in (1, 2, 3):
        for seed in range(40):
            ex = exercise(skill, difficulty, seed)
            for text in (ex.prompt, ex.solution, *ex.hints):
                match = BARE_NEGATIVE.search(text)
                assert match is None, (ex.id, text[max(0, match.start() - 60) : match.end()])
