"""A learner's state as a fold over their attempts.

``update`` is the one step (an attempt changes exactly one skill's state); ``fold``
replays a history from scratch, ``apply`` adds one attempt to a cached state. They share
that step, so a rebuilt state equals the incrementally maintained one (tested).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from typing import TYPE_CHECKING, Any, cast

from dlmath.learner import mastery
from dlmath.learner.parameters import parameters
from dlmath.learner.review import review_card
from dlmath.learner.types import KNOWN, NOT_KNOWN, PLACEMENT, Attempt, SkillState

if TYPE_CHECKING:  # pragma: no cover
    import fsrs


def initial(skill: str) -> SkillState:
    """The state of a skill never attempted: the BKT prior."""
    return SkillState(skill=skill, mastery=parameters().prior)


def update(state: SkillState, attempt: Attempt) -> SkillState:
    """The skill's state after one attempt at it (a new object; ``state`` is unchanged).

    A skip is a miss: the learner met the exercise and did not answer it (quitting leaves
    no attempt). Once a skill is first mastered it has an FSRS card, and every later
    attempt reviews it. (The scheduler is imported only once there is a card to review:
    until a skill is mastered an answer costs no FSRS.)
    """
    card = None
    if state.card is not None:
        import fsrs

        card = fsrs.Card.from_dict(cast(Any, state.card))
    new, card = _advance(state, card, attempt)
    new.card = None if card is None else dict(card.to_dict())
    return new


def _advance(
    state: SkillState, card: fsrs.Card | None, attempt: Attempt
) -> tuple[SkillState, fsrs.Card | None]:
    """The one step of the fold, on a card object; the returned state's ``card`` is stale."""
    if attempt.skill != state.skill:
        raise ValueError(f"attempt at {attempt.skill} applied to the state of {state.skill}")
    if attempt.kind == PLACEMENT:
        return _place(state, card, attempt)
    if attempt.try_number > 1:  # a second try is stored, but the first one was the evidence
        kept = replace(state, attempts=state.attempts + 1, last_attempt_at=attempt.at)
        return kept, card
    correct = attempt.correct and not attempt.skipped
    p_known = mastery.update(state.mastery, correct, attempt.difficulty, attempt.hints_used)
    mastered_at = state.mastered_at
    if card is not None:
        card = review_card(card, attempt)
    elif mastery.is_mastered(p_known):
        card = review_card(None, attempt)
        mastered_at = attempt.at
    new = SkillState(
        skill=state.skill,
        mastery=p_known,
        attempts=state.attempts + 1,
        correct=state.correct + (1 if correct else 0),
        mastered_at=mastered_at,
        card=state.card,
        due=None if card is None else card.due,
        last_attempt_at=attempt.at,
    )
    return new, card


def _place(
    state: SkillState, card: fsrs.Card | None, attempt: Attempt
) -> tuple[SkillState, fsrs.Card | None]:
    """A placement's conclusion about the skill, as evidence: "known" raises P(known) to
    the placement's ``known`` value (mastered, with a first review card), "not known"
    lowers it to ``not_known``, "unsure" leaves it. It adds to the history and never
    rewrites it, so a later placement or practice moves the skill on from there."""
    settings = parameters().placement
    p_known, mastered_at = state.mastery, state.mastered_at
    if attempt.answer == KNOWN:
        p_known = max(p_known, settings.known)
        if card is None and mastery.is_mastered(p_known):
            card = review_card(None, attempt)
            mastered_at = attempt.at
    elif attempt.answer == NOT_KNOWN:
        p_known = min(p_known, settings.not_known)
    new = SkillState(
        skill=state.skill,
        mastery=p_known,
        attempts=state.attempts + 1,
        correct=state.correct,
        mastered_at=mastered_at,
        card=state.card,
        due=None if card is None else card.due,
        last_attempt_at=state.last_attempt_at,
    )
    return new, card


def apply(states: dict[str, SkillState], attempt: Attempt) -> SkillState:
    """Add one attempt to ``states`` (in place) and return the skill's new state."""
    new = update(states.get(attempt.skill) or initial(attempt.skill), attempt)
    states[attempt.skill] = new
    return new


def fold(attempts: Iterable[Attempt], skills: Iterable[str] = ()) -> dict[str, SkillState]:
    """Every skill's state from the attempts, in the order they were recorded.

    ``skills`` (ids) get a state even when never attempted; attempted skills not in
    ``skills`` (say, from an older curriculum) keep theirs too. The replay keeps review
    cards as objects and converts them once at the end; it takes the same steps as
    ``apply``, which the tests check.
    """
    states: dict[str, SkillState] = {skill: initial(skill) for skill in skills}
    cards: dict = {}
    for attempt in attempts:
        skill = attempt.skill
        state = states.get(skill) or initial(skill)
        states[skill], card = _advance(state, cards.get(skill), attempt)
        if card is not None:
            cards[skill] = card
    for skill, card in cards.items():
        states[skill].card = card.to_dict()
    return states


def with_defaults(states: Mapping[str, SkillState], skills: Iterable[str]) -> dict[str, SkillState]:
    """``states`` completed with the initial state of every skill it lacks."""
    full = dict(states)
    for skill in skills:
        if skill not in full:
            full[skill] = initial(skill)
    return full
