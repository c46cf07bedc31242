"""Assertions the generator tests share: the checker accepts an exercise's right answers
and gives each of its catalogued mistakes the code and the sentence the generator wrote."""

from __future__ import annotations

from collections.abc import Iterable

from dlmath.checker import check_answer
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
