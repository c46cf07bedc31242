"""The learner model: BKT mastery, FSRS review cards, and the state as a fold over attempts."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import numpy as np
import pytest
from hypothesis import find, given, settings
from hypothesis import strategies as st

from dlmath.learner import mastery
from dlmath.learner.parameters import parameters
from dlmath.learner.review import card_id, rating_for
from dlmath.learner.state import apply, fold, initial, update
from dlmath.learner.types import Attempt

T0 = datetime(2026, 1, 1, tzinfo=UTC)

probabilities = st.floats(0.0, 1.0, allow_nan=False)
difficulties = st.sampled_from([1, 2, 3])
hints = st.integers(0, 4)


def attempt(
    skill: str,
    correct: bool,
    at: datetime,
    difficulty: int = 2,
    hints_used: int = 0,
    skipped: bool = False,
    user: str = "ada",
) -> Attempt:
    return Attempt(
        user=user,
        exercise_id=f"{skill}:{difficulty}:1",
        skill=skill,
        difficulty=difficulty,
        answer="" if skipped else "x",
        correct=correct and not skipped,
        diagnosis=None if correct and not skipped else "wrong",
        duration_ms=5000,
        hints_used=hints_used,
        at=at,
        skipped=skipped,
    )


def mastered_state(skill: str = "linalg.matmul", at: datetime = T0):
    """A state mastered by right answers at difficulty 3, one a minute."""
    state = initial(skill)
    n = 0
    while not mastery.is_mastered(state.mastery):
        state = update(state, attempt(skill, True, at + timedelta(minutes=n), difficulty=3))
        n += 1
    return state, at + timedelta(minutes=n)


# -- Bayesian Knowledge Tracing ------------------------------------------------------------


@given(p=probabilities, correct=st.booleans(), difficulty=difficulties, hints_used=hints)
def test_bkt_update_stays_a_probability(p, correct, difficulty, hints_used):
    assert 0.0 <= mastery.update(p, correct, difficulty, hints_used) <= 1.0


@given(p=st.floats(0.001, 0.999), difficulty=difficulties, hints_used=hints)
def test_bkt_right_answer_raises_more_than_wrong(p, difficulty, hints_used):
    right = mastery.update(p, True, difficulty, hints_used)
    wrong = mastery.update(p, False, difficulty, hints_used)
    assert right > wrong
    assert right > p  # a right answer is always evidence of knowing


@given(
    p=st.floats(0.0, 0.99), q=st.floats(0.0, 0.99), correct=st.booleans(), difficulty=difficulties
)
def test_bkt_update_is_monotone_in_the_prior(p, q, correct, difficulty):
    low, high = sorted((p, q))
    assert mastery.update(low, correct, difficulty) <= mastery.update(high, correct, difficulty)


@given(p=st.floats(0.01, 0.99))
def test_right_answer_at_harder_difficulty_is_stronger_evidence(p):
    by_difficulty = [mastery.update(p, True, d) for d in (1, 2, 3)]
    assert by_difficulty[0] < by_difficulty[1] < by_difficulty[2]
    # and a miss at a hard exercise says less against knowing than a miss at an easy one
    misses = [mastery.update(p, False, d) for d in (1, 2, 3)]
    assert misses[0] < misses[1] < misses[2]


@given(p=st.floats(0.01, 0.99), difficulty=difficulties, hints_used=st.integers(0, 3))
def test_hints_weaken_the_evidence_of_a_right_answer(p, difficulty, hints_used):
    with_more = mastery.update(p, True, difficulty, hints_used + 1)
    assert with_more < mastery.update(p, True, difficulty, hints_used)


def hmm_filter(observations: list[tuple[bool, int, int]]) -> float:
    """Oracle: P(known) by forward filtering of BKT's two-state hidden Markov model.

    States (unknown, known); transitions learn, never forget; emissions from guess and slip.
    Written with matrices, independently of the learner's scalar update.
    """
    params = parameters()
    transition = np.array([[1 - params.learn, params.learn], [0.0, 1.0]])
    belief = np.array([1 - params.prior, params.prior])
    for correct, difficulty, hints_used in observations:
        base = params.evidence[difficulty]
        guess = (
            params.max_guess
            - (params.max_guess - base.guess) * (1 - params.hint_weight) ** hints_used
        )
        p_right = np.array([guess, 1 - base.slip])
        emission = p_right if correct else 1 - p_right
        belief = belief * emission
        belief = belief / belief.sum()
        belief = belief @ transition
    return float(belief[1])


@given(st.lists(st.tuples(st.booleans(), difficulties, st.integers(0, 2)), min_size=1, max_size=30))
def test_bkt_equals_hidden_markov_forward_filtering(observations):
    state = initial("s")
    for n, (correct, difficulty, hints_used) in enumerate(observations):
        state = update(
            state, attempt("s", correct, T0 + timedelta(minutes=n), difficulty, hints_used)
        )
    assert state.mastery == pytest.approx(hmm_filter(observations), rel=1e-9, abs=1e-12)


def test_levels_and_demotion():
    assert mastery.level(parameters().prior, 0) == mastery.NOT_STARTED
    assert mastery.level(0.3, 2) == mastery.FAMILIAR
    assert mastery.level(0.8, 5) == mastery.PROFICIENT
    assert mastery.level(0.949, 9) == mastery.PROFICIENT
    assert mastery.level(0.95, 9) == mastery.MASTERED
    state, at = mastered_state()
    assert mastery.level(state.mastery, state.attempts) == mastery.MASTERED
    missed = update(state, attempt(state.skill, False, at, difficulty=3))
    assert mastery.level(missed.mastery, missed.attempts) != mastery.MASTERED
    assert missed.mastered_at == state.mastered_at  # the first mastery is remembered


def test_mastery_takes_more_than_a_few_easy_answers():
    state = initial("s")
    for n in range(4):
        state = update(state, attempt("s", True, T0 + timedelta(minutes=n), difficulty=1))
    assert not mastery.is_mastered(state.mastery)


def test_difficulty_follows_mastery():
    assert mastery.difficulty_for(parameters().prior) == 1
    assert mastery.difficulty_for(0.6) == 2
    assert mastery.difficulty_for(0.97) == 3
    assert [mastery.difficulty_for(p) for p in np.linspace(0, 1, 50)] == sorted(
        mastery.difficulty_for(p) for p in np.linspace(0, 1, 50)
    )


# -- FSRS review cards ---------------------------------------------------------------------


def test_rating_mapping():
    from fsrs import Rating

    assert rating_for(correct=False, skipped=False, hints_used=0) == Rating.Again
    assert rating_for(correct=False, skipped=False, hints_used=2) == Rating.Again
    assert rating_for(correct=False, skipped=True, hints_used=0) == Rating.Again
    assert rating_for(correct=True, skipped=False, hints_used=0) == Rating.Good
    assert rating_for(correct=True, skipped=False, hints_used=1) == Rating.Hard


def test_card_is_made_on_first_mastery():
    state = initial("linalg.matmul")
    state = update(state, attempt("linalg.matmul", True, T0, difficulty=3))
    assert state.card is None and state.due is None and state.mastered_at is None
    state, at = mastered_state()
    assert state.card is not None
    assert state.card["card_id"] == card_id("ada", "linalg.matmul")
    assert state.mastered_at == state.last_attempt_at
    assert state.due > state.mastered_at + timedelta(hours=12)  # days away, no learning steps


def test_card_ids_differ_by_user_and_skill():
    ids = {card_id(u, s) for u in ("ada", "bob") for s in ("linalg.matmul", "linalg.transpose")}
    assert len(ids) == 4


def test_review_ratings_move_the_card():
    """At the due date: wrong (Again) < right with hints (Hard) < right (Good) in stability."""
    from fsrs import Card

    state, _ = mastered_state()
    when = state.due
    after = {
        name: update(state, attempt(state.skill, correct, when, difficulty=3, hints_used=h))
        for name, correct, h in (("again", False, 0), ("hard", True, 1), ("good", True, 0))
    }
    stability = {name: Card.from_dict(s.card).stability for name, s in after.items()}
    assert stability["again"] < stability["hard"] < stability["good"]
    assert after["again"].due < after["hard"].due <= after["good"].due
    assert after["good"].due > state.due
    skipped = update(state, attempt(state.skill, False, when, difficulty=3, skipped=True))
    assert Card.from_dict(skipped.card).stability == stability["again"]


def test_datetimes_in_cards_are_utc():
    state, _ = mastered_state()
    assert state.due.tzinfo is not None and state.due.utcoffset() == timedelta(0)


# -- the fold ------------------------------------------------------------------------------

SKILLS = ("linalg.matmul", "linalg.transpose", "calculus.chain-rule")


@st.composite
def histories(draw, max_size: int = 60) -> list[Attempt]:
    """Random attempt sequences over a few skills, in time order, some mastering skills."""
    n = draw(st.integers(0, max_size))
    gaps = draw(st.lists(st.integers(1, 60 * 24 * 9), min_size=n, max_size=n))  # minutes
    out = []
    at = T0
    for gap in gaps:
        at = at + timedelta(minutes=gap)
        skill = draw(st.sampled_from(SKILLS))
        kind = draw(st.sampled_from(["right"] * 5 + ["wrong", "hinted", "skip"]))
        out.append(
            attempt(
                skill,
                correct=kind in ("right", "hinted"),
                at=at,
                difficulty=draw(difficulties),
                hints_used=1 if kind == "hinted" else 0,
                skipped=kind == "skip",
            )
        )
    return out


@given(history=histories(), split=st.integers(0, 60))
def test_rebuilt_state_equals_incremental(history, split):
    rebuilt = fold(history, SKILLS)
    cached = fold(history[:split], SKILLS)  # a cache taken at some point ...
    for a in history[split:]:  # ... then kept up to date one attempt at a time
        apply(cached, a)
    assert cached == rebuilt
    for skill in SKILLS:
        mine = [a for a in history if a.skill == skill]
        assert rebuilt[skill].attempts == len(mine)
        assert rebuilt[skill].correct == sum(a.correct for a in mine)


def test_histories_include_reviews_of_mastered_skills():
    """The fold properties cover FSRS too: some histories master a skill, then review it."""
    found = find(
        histories(),
        lambda h: any(s.card is not None and s.attempts > s.correct for s in fold(h).values()),
    )
    assert any(s.card is not None for s in fold(found).values())


@settings(max_examples=30)
@given(history=histories(max_size=40))
def test_skill_state_depends_only_on_its_own_attempts(history):
    """What makes refolding one skill (the self-healing cache) correct."""
    whole = fold(history, SKILLS)
    for skill in SKILLS:
        alone = fold([a for a in history if a.skill == skill], [skill])
        assert alone[skill] == whole[skill]


def test_fold_keeps_skills_missing_from_the_curriculum():
    states = fold([attempt("old.skill", True, T0)], ["linalg.matmul"])
    assert states["linalg.matmul"] == initial("linalg.matmul")
    assert states["old.skill"].attempts == 1


def test_update_rejects_another_skills_attempt():
    with pytest.raises(ValueError):
        update(initial("linalg.matmul"), attempt("linalg.transpose", True, T0))


def test_update_does_not_change_its_input():
    state = initial("s")
    before = replace(state)
    update(state, attempt("s", True, T0))
    assert state == before
