"""Recording attempts and keeping the cached state in step with them.

Every answered attempt is stored at once, in the same transaction as the skill's new
cached state, so a killed process loses nothing and the cache never runs ahead of the
history. The cache is also self-healing: an attempt changes only its own skill's state,
so when the cached attempt count of a skill disagrees with the stored attempts (another
process answered at the same moment), that one skill is refolded from its attempts.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from dlmath.learner.state import fold, initial, update, with_defaults
from dlmath.learner.types import Attempt, SkillState

if TYPE_CHECKING:  # pragma: no cover
    from dlmath.checker.verdict import Verdict
    from dlmath.exercises.base import Exercise
    from dlmath.store import SqliteStore, Store


DEFAULT_USER = "default"


def default_user() -> str:
    """The learner of this terminal: ``DLMATH_USER``, else ``default``."""
    return os.environ.get("DLMATH_USER", "").strip() or DEFAULT_USER


def attempt_for(
    user: str,
    exercise: Exercise,
    verdict: Verdict | None,
    duration_ms: int = 0,
    hints_used: int = 0,
    *,
    answer: str,
    at: datetime | None = None,
    try_number: int = 1,
) -> Attempt:
    """The attempt of ``user`` at ``exercise``; ``verdict`` None means skipped;
    ``try_number`` above 1 marks a try after a wrong answer (stored, not evidence)."""
    skipped = verdict is None
    return Attempt(
        user=user,
        exercise_id=exercise.id,
        skill=exercise.skill,
        difficulty=exercise.difficulty,
        # NUL cannot be stored (PostgreSQL text); keep a visible trace of it instead
        answer="" if skipped else answer.replace("\x00", "\ufffd"),
        correct=False if verdict is None else bool(verdict.correct),
        diagnosis=None if verdict is None or verdict.correct else verdict.diagnosis,
        duration_ms=max(0, int(duration_ms)),
        hints_used=max(0, int(hints_used)),
        at=at or datetime.now(UTC),
        skipped=skipped,
        try_number=max(1, int(try_number)),
    )


def record_attempt(store: Store | SqliteStore, attempt: Attempt) -> SkillState:
    """Store ``attempt`` with its skill's new state (one transaction); the new state."""
    if store.needs_rebuild(attempt.user):
        rebuild(store, attempt.user)
    cached = store.skill_states(attempt.user).get(attempt.skill) or initial(attempt.skill)
    if cached.attempts != store.count_attempts(attempt.user, attempt.skill):
        cached = skill_state_from_history(store, attempt.user, attempt.skill)
    new = update(cached, attempt)
    store.add_attempt(attempt, [new])
    return new


def record(
    store: Store | SqliteStore,
    user: str,
    exercise: Exercise,
    verdict: Verdict | None,
    duration_ms: int = 0,
    hints_used: int = 0,
    *,
    answer: str,
    at: datetime | None = None,
    try_number: int = 1,
) -> SkillState:
    """Record one answer (or a skip, with ``verdict`` None) and return the skill's new state.

    This is what ``dlmath check`` calls; ``dlmath practice`` records through it too.
    """
    attempt = attempt_for(
        user, exercise, verdict, duration_ms, hints_used, answer=answer, at=at,
        try_number=try_number,
    )  # fmt: skip
    return record_attempt(store, attempt)


def next_try(store: Store | SqliteStore, user: str, exercise_id: str) -> int:
    """The try number of the learner's next answer to ``exercise_id``: one more than their
    last attempt's when that was at the same exercise (whose answer they have since been
    shown), else 1. Only a first try is evidence for the learner model."""
    last = store.last_attempt(user)
    return last.try_number + 1 if last is not None and last.exercise_id == exercise_id else 1


def skill_state_from_history(store: Store | SqliteStore, user: str, skill: str) -> SkillState:
    """One skill's state refolded from its stored attempts."""
    return fold(store.attempts(user, skill=skill), [skill]).get(skill) or initial(skill)


def rebuild(
    store: Store | SqliteStore, user: str, skills: Iterable[str] = ()
) -> dict[str, SkillState]:
    """Recompute every cached state of ``user`` from the attempts and store it."""
    states = fold(store.iter_attempts(user), skills)
    store.replace_skill_states(user, [s for s in states.values() if s.attempts > 0])
    return states


def load_states(
    store: Store | SqliteStore, user: str, skills: Iterable[str] = ()
) -> dict[str, SkillState]:
    """The cached states of ``user``, checked against the history, with the initial state
    for every skill in ``skills`` not yet attempted.

    The check costs one row read (the learner's attempt counter, kept in the transaction
    that adds an attempt): a cached state only ever lags its skill's attempts, so the
    cache is whole exactly when its attempt counts add up to the stored total. When they
    do not (two processes answered at once), the lagging skills are refolded; when the
    store says the cache is stale (after an undo or an import), everything is.
    """
    skills = list(skills)
    if store.needs_rebuild(user):
        return rebuild(store, user, skills)
    cached = store.skill_states(user)
    total = store.count_attempts(user)  # the learner's counter: one row, not the history
    if sum(s.attempts for s in cached.values()) != total:
        total = store.recount_attempts(user)  # trust the rows, and mend the counter
        for skill, state in list(cached.items()):
            if state.attempts != store.count_attempts(user, skill):
                cached[skill] = skill_state_from_history(store, user, skill)
                store.save_skill_state(user, cached[skill])
        if sum(s.attempts for s in cached.values()) != total:  # a skill has no cache row
            return rebuild(store, user, skills)
    return with_defaults(cached, skills)
