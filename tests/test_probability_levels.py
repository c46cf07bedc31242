"""Probability skills as a learner meets them across levels: no answer is a safe guess,
and every level asks for something the one below does not."""

from __future__ import annotations

from collections import Counter

import pytest

from dlmath.exercises import exercise
from dlmath.exercises.registry import generators

SKILLS = sorted(s for s in generators() if s.startswith("probability."))


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
