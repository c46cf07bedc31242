"""Assertions the generator tests share: the checker accepts an exercise's right answers
and gives each of its catalogued mistakes the code and the sentence the generator wrote;
and the test factories of the coverage files (oracle runners, levels that differ, the
exercise's shape), each written once and parametrized over a file's skills."""

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


# ---- test factories the coverage files share (one skill per parametrized case) ------------

LEVELS = (1, 2, 3)


def unreduced_fractions(text: str) -> str:
    """``text`` with every integer and fraction p/q written unreduced, as (2p)/(2q)."""

    def unreduce(m: re.Match) -> str:
        value = Fraction(m.group())
        return f"({2 * value.numerator})/{2 * value.denominator}"

    return re.sub(r"-?\d+(?:/\d+)?", unreduce, text)


def oracle_test(oracles: dict, examples: int):
    """A Hypothesis test: each skill's expected answers over random seeds and difficulties
    equal ``oracles[skill]``'s recomputation."""

    @pytest.mark.parametrize("skill", sorted(oracles))
    @settings(max_examples=examples, deadline=None)
    @given(seed=st.integers(0, 10**6), difficulty=st.sampled_from(list(LEVELS)))
    def test_oracle(skill: str, seed: int, difficulty: int) -> None:
        oracles[skill](exercise(skill, difficulty, seed))

    return test_oracle


def oracle_first_seeds_test(oracles: dict, seeds: int = 50):
    """The same oracles on fixed seeds, so every run checks the same exercises too."""

    @pytest.mark.parametrize("skill", sorted(oracles))
    def test_oracle_first_seeds(skill: str) -> None:
        for difficulty in LEVELS:
            for seed in range(seeds):
                oracles[skill](exercise(skill, difficulty, seed))

    return test_oracle_first_seeds


def levels_differ_test(skills, signature):
    """Each level asks something the others never do: ``signature(skill, level)`` (a set)
    has an element no other level's signature has."""

    @pytest.mark.parametrize("skill", skills)
    def test_levels_differ(skill: str) -> None:
        levels = {d: signature(skill, d) for d in LEVELS}
        for d in LEVELS:
            others = set().union(*(levels[o] for o in LEVELS if o != d))
            assert levels[d] - others, (skill, d)

    return test_levels_differ


def exercise_shape_test(skills, seeds: int = 20):
    """Markdown prompts with LaTeX, plain-text twins without it, one to three hints, and
    distinct mistake codes whose sentences end properly."""

    @pytest.mark.parametrize("skill", skills)
    def test_exercise_shape(skill: str) -> None:
        for difficulty in LEVELS:
            for seed in range(seeds):
                ex = exercise(skill, difficulty, seed)
                assert "$" in ex.prompt and "$" not in ex.text, ex.id
                assert "$" in ex.solution and 1 <= len(ex.hints) <= 3, ex.id
                codes = [m.code for m in ex.misconceptions]
                assert ex.misconceptions and len(codes) == len(set(codes)), ex.id
                assert all(m.feedback.endswith((".", ")")) for m in ex.misconceptions), ex.id

    return test_exercise_shape


def checker_tests(skills, written_forms, examples: int = 25, min_forms: int = 1):
    """``checker_test`` for each skill, parametrized as one test."""

    @pytest.mark.parametrize("skill", skills)
    def test_checker(skill: str) -> None:
        checker_test(skill, written_forms, examples=examples, min_forms=min_forms)()

    return test_checker
