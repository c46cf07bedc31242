"""Spaced review of mastered skills: one FSRS card per learner and skill.

A card is created when a skill is first mastered (that answer is its first review) and
every later attempt at the skill reviews it with a fresh exercise: wrong or skipped ->
Again, right -> Good, right with hints -> Hard. The card lives in ``SkillState.card`` as
its ``to_dict()``; the attempts stay the source of truth.

The scheduler has no learning steps: the minutes-apart steps of a flashcard deck are for
memorising a new card, while a skill reaches its card only after several right answers;
and short-term relearning after a lapse is the mastery model's job (the miss lowers the
mastery and the planner brings the skill back as "in progress").
"""

from __future__ import annotations

import zlib
from datetime import datetime
from functools import cache
from typing import TYPE_CHECKING, Any, cast

from dlmath.learner.parameters import parameters

if TYPE_CHECKING:  # pragma: no cover
    import fsrs

    from dlmath.learner.types import Attempt


@cache
def scheduler() -> fsrs.Scheduler:
    import fsrs

    return fsrs.Scheduler(
        desired_retention=parameters().desired_retention,
        learning_steps=(),
        relearning_steps=(),
        enable_fuzzing=False,
    )


def card_id(user: str, skill: str) -> int:
    """A stable id per learner and skill (``Card()`` without one sleeps to make one)."""
    return zlib.crc32(f"{user}\x1f{skill}".encode())


def rating_for(correct: bool, skipped: bool, hints_used: int) -> fsrs.Rating:
    from fsrs import Rating

    if skipped or not correct:
        return Rating.Again
    return Rating.Hard if hints_used > 0 else Rating.Good


def review(card: dict | None, attempt: Attempt) -> dict:
    """The card (as a dict) after this attempt; a new card when ``card`` is None."""
    import fsrs

    # the store keeps the card as a plain dict; fsrs types it as a TypedDict
    start = None if card is None else fsrs.Card.from_dict(cast(Any, card))
    return dict(review_card(start, attempt).to_dict())


def review_card(card: fsrs.Card | None, attempt: Attempt) -> fsrs.Card:
    """The same on card objects (a replay keeps objects and converts once at the end)."""
    import fsrs

    if card is None:
        card = fsrs.Card(card_id=card_id(attempt.user, attempt.skill))
    rating = rating_for(attempt.correct, attempt.skipped, attempt.hints_used)
    reviewed, _log = scheduler().review_card(
        card, rating, review_datetime=attempt.at, review_duration=max(0, attempt.duration_ms)
    )
    return reviewed


def retrievability(card: dict, now: datetime) -> float:
    """The predicted probability of recalling the skill at ``now`` (1.0 if never reviewed)."""
    import fsrs

    return scheduler().get_card_retrievability(
        fsrs.Card.from_dict(cast(Any, card)), current_datetime=now
    )
