"""Assertions the generator tests share: the checker accepts an exercise's right answers
and gives each of its catalogued mistakes the code and the sentence the generator wrote."""

from __future__ import annotations

import re
from collections.abc import Iterable
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dlmath.checker import check_answer
from dlmath.exercises import exercise
from dlmath.exercises.base import Exercise


def assert_accepted(ex: Exercise, texts: Iterable[str]) -> None:
    for text in texts:
        verdict = check_answer(ex, text)
        assert verdict.correct, (ex.id, text, verdict.diagnosis, verdict.feedback)


def assert_misconceptions_named(ex: Exercise) -> None:
    for m in ex.misconceptions:
        verdict = check_answer(ex, m.answer)
        assert not verdict.correct, (ex.id, m.answer)
        assert verdict.diagnosis == m.code, (ex.id, m.answer, m.code, verdict.diagnosis)
        assert verdict.feedback == m.feedback, (ex.id, m.code, verdict.feedback)


def checker_test(skill: str, written_forms, examples: int = 20, min_forms: int = 0):
    """A Hypothesis test over seeds and difficulties of ``skill``: the expected answer and
    its other ``written_forms(ex)`` are accepted (at least ``min_forms`` of them), and each
    catalogued ``misconception:*`` mistake gets its own code and sentence."""
    @settings(max_examples=examples, deadline=None)
    @given(seed=st.integers(0, 10**6), difficulty=st.sampled_from([1, 2, 3]))
    def test(seed: int, difficulty: int) -> None:
        ex = exercise(skill, difficulty, seed)
        forms = written_forms(ex)
        assert len(forms) >= min_forms, (ex.id, forms)
        assert_accepted(ex, [ex.expected, *forms])
        assert all(m.code.startswith("misconception:") for m in ex.misconceptions)
        assert_misconceptions_named(ex)

    test.__name__ = f"test_checker_{skill.split('.')[1].replace('-', '_')}"
    return test
