"""The learner's records: attempts (the source of truth) and the state folded from them.

Plain dataclasses, no database: ``store/`` persists them, ``learner/`` computes with them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class Attempt:
    """One answer to one exercise. Attempts are append-only; everything else is derived."""

    user: str  # the learner's name (``default`` for the single user of a terminal)
    exercise_id: str  # SKILL:DIFFICULTY:SEED
    skill: str
    difficulty: int
    answer: str  # exactly what the learner typed ('' for a skip)
    correct: bool
    diagnosis: str | None  # None when correct; a DESIGN.md section 3 code otherwise
    duration_ms: int  # time from showing the exercise to the answer
    hints_used: int
    at: datetime  # timezone-aware UTC
    skipped: bool = False
    id: int | None = None  # assigned by the store
    # ANSWER for an answer to an exercise; PLACEMENT for a placement's conclusion about the
    # skill, whose ``answer`` is the conclusion (``learner.placement.CONCLUSIONS``)
    kind: str = "answer"
    # 1 for the first answer to an exercise; 2, 3, ... for tries after a wrong one. Every
    # try is stored, but only the first is evidence for the learner model.
    try_number: int = 1


ANSWER = "answer"
PLACEMENT = "placement"
KINDS = (ANSWER, PLACEMENT)

# What a placement concludes about a skill (the ``answer`` of a PLACEMENT attempt).
KNOWN = "known"
NOT_KNOWN = "not known"
UNSURE = "unsure"
CONCLUSIONS = (KNOWN, NOT_KNOWN, UNSURE)


@dataclass
class SkillState:
    """What the learner model knows of one skill for one learner (a cache over attempts)."""

    skill: str
    mastery: float = 0.0  # probability the skill is known (Bayesian Knowledge Tracing)
    attempts: int = 0
    correct: int = 0
    mastered_at: datetime | None = None
    card: dict | None = field(default=None)  # the FSRS card (its to_dict()) once mastered
    due: datetime | None = None  # next review, once mastered
    last_attempt_at: datetime | None = None
