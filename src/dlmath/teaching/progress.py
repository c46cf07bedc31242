"""Assignments met or not, stuck learners and the class's common mistakes.

An assignment is met only while the skill is mastered *and* still remembered: the FSRS
retrievability of its review card now is at least the assignment's target. A skill
mastered once and since forgotten is no longer met (the complaint about "done" badges
that stay although the learner forgot).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from dlmath.learner import mastery
from dlmath.learner.types import Attempt, SkillState
from dlmath.teaching.signals import signals

MET = "met"
FORGOTTEN = "forgotten"  # mastered once, retrievability now below the target
NOT_YET = "not yet"


def recall(state: SkillState | None, now: datetime) -> float | None:
    """The retrievability of the skill's card now, or None without a card."""
    if state is None or state.card is None:
        return None
    from dlmath.learner.review import retrievability

    return retrievability(state.card, now)


def assignment_status(state: SkillState | None, target: float, now: datetime) -> str:
    """MET while mastered and recalled with probability >= target; else FORGOTTEN or NOT_YET."""
    if state is None or not mastery.is_mastered(state.mastery):
        return NOT_YET
    chance = recall(state, now)
    if chance is None or chance < target:
        return FORGOTTEN if state.mastered_at is not None else NOT_YET
    return MET


@dataclass(frozen=True)
class Stuck:
    learner: str
    skill: str
    reasons: tuple[str, ...]


def stuck_reasons(history: Sequence[Attempt]) -> tuple[str, ...]:
    """Why a learner looks stuck on one skill, from their attempts at it (oldest first)."""
    rules = signals()
    reasons: list[str] = []
    misses = 0
    for attempt in reversed(history):
        if attempt.correct:
            break
        misses += 1
    if misses >= rules.misses_in_a_row:
        reasons.append(f"{misses} misses in a row")
    recent = history[-rules.recent :]
    diagnoses: dict[str, int] = defaultdict(int)
    for attempt in recent:
        if not attempt.correct and attempt.diagnosis:
            diagnoses[attempt.diagnosis] += 1
    for diagnosis, count in sorted(diagnoses.items(), key=lambda item: -item[1]):
        if count >= rules.same_diagnosis:
            reasons.append(f"{diagnosis} {count} times")
            break
    hints = sum(attempt.hints_used for attempt in recent)
    if hints >= rules.hints:
        reasons.append(f"{hints} hints in the last {len(recent)} attempts")
    return tuple(reasons)


def stuck_learners(attempts: Iterable[Attempt]) -> list[Stuck]:
    """Every (learner, skill) that looks stuck, from the class's attempts in time order."""
    by_pair: dict[tuple[str, str], list[Attempt]] = defaultdict(list)
    for attempt in attempts:
        by_pair[(attempt.user, attempt.skill)].append(attempt)
    found = []
    for (learner, skill), history in sorted(by_pair.items()):
        reasons = stuck_reasons(history)
        if reasons:
            found.append(Stuck(learner, skill, reasons))
    return found


@dataclass(frozen=True)
class Mistake:
    """One diagnosis at one skill: how many learners made it, how often, a few answers."""

    skill: str
    diagnosis: str
    learners: int
    attempts: int
    examples: tuple[str, ...]


def common_mistakes(attempts: Iterable[Attempt], examples: int = 3) -> list[Mistake]:
    """Wrong answers grouped by skill and diagnosis, most learners first."""
    who: dict[tuple[str, str], set[str]] = defaultdict(set)
    count: dict[tuple[str, str], int] = defaultdict(int)
    answers: dict[tuple[str, str], list[str]] = defaultdict(list)
    for attempt in attempts:
        if attempt.correct or attempt.skipped or not attempt.diagnosis:
            continue
        key = (attempt.skill, attempt.diagnosis)
        who[key].add(attempt.user)
        count[key] += 1
        if len(answers[key]) < examples and attempt.answer not in answers[key]:
            answers[key].append(attempt.answer)
    mistakes = [
        Mistake(
            skill,
            diagnosis,
            len(who[(skill, diagnosis)]),
            count[(skill, diagnosis)],
            tuple(answers[(skill, diagnosis)]),
        )
        for skill, diagnosis in who
    ]
    return sorted(mistakes, key=lambda m: (-m.learners, -m.attempts, m.skill, m.diagnosis))
