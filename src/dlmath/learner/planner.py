"""What to practise next: due reviews, then skills in progress, then new skills.

The planner works on cached states only (never on the history), so it costs the same with
ten attempts or a hundred thousand. A skill is *ready* when every prerequisite is
mastered; only ready skills with exercises are offered, unless the learner names one
skill (``skill=``), which is always honoured. Among the candidates, in order:

1. due reviews (mastered skills whose card is due), lowest retrievability first;
2. skills in progress (attempted, not mastered), nearest to mastery first;
3. new skills, in the curriculum's order;

and areas interleave: the first candidate whose area differs from the last one's wins
when there is one. Skills a teacher assigned (``prefer=``) and the prerequisites they wait
for come before every other candidate, in the same order among themselves. With nothing
else left, the mastered skill least likely to be recalled is reviewed early. The exercise
seed comes from the session seed and the skill's attempt count, so the same state, time
and seed give the same exercise, and every attempt a new one.
"""

from __future__ import annotations

import hashlib
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from dlmath.learner import mastery
from dlmath.learner.review import retrievability
from dlmath.learner.state import initial
from dlmath.learner.types import SkillState

REVIEW = "review"
IN_PROGRESS = "in progress"
NEW = "new"
EARLY_REVIEW = "early review"
CHOSEN = "chosen"
PREREQUISITE = "needed first"  # outside the asked area, for skills of it that wait on it


class SkillLike(Protocol):
    """What the planner needs of a curriculum skill (``dlmath.curriculum.Skill`` has it)."""

    id: str
    area: str
    prerequisites: Sequence[str]
    practice: bool


@dataclass(frozen=True)
class Pick:
    """The next exercise to offer, and why."""

    skill: str
    area: str
    difficulty: int
    seed: int
    reason: str  # REVIEW, IN_PROGRESS, NEW, EARLY_REVIEW, PREREQUISITE or CHOSEN

    @property
    def exercise_id(self) -> str:
        return f"{self.skill}:{self.difficulty}:{self.seed}"


def exercise_seed(seed: int, skill: str, attempts: int) -> int:
    """A seed below 10**6, stable across machines, new for every attempt at the skill."""
    digest = hashlib.blake2b(f"{seed}:{skill}:{attempts}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big") % 10**6


def is_ready(skill: SkillLike, states: Mapping[str, SkillState]) -> bool:
    """Every prerequisite mastered (a skill without prerequisites is always ready)."""
    for prereq in skill.prerequisites:
        state = states.get(prereq)
        if state is None or not mastery.is_mastered(state.mastery):
            return False
    return True


def candidates(
    states: Mapping[str, SkillState],
    skills: Iterable[SkillLike],
    now: datetime,
    *,
    area: str | None = None,
) -> list[tuple[SkillLike, str]]:
    """The ready skills with exercises, best first, each with the reason it is offered."""
    due: list[tuple[float, int, SkillLike]] = []
    progress: list[tuple[float, int, SkillLike]] = []
    new: list[SkillLike] = []
    mastered: list[tuple[int, SkillLike, SkillState]] = []
    for order, skill in enumerate(skills):
        if not skill.practice or (area is not None and skill.area != area):
            continue
        if not is_ready(skill, states):
            continue
        state = states.get(skill.id)
        if state is None or state.attempts == 0:
            new.append(skill)
        elif state.card is not None and state.due is not None and state.due <= now:
            due.append((retrievability(state.card, now), order, skill))
        elif not mastery.is_mastered(state.mastery):
            progress.append((-state.mastery, order, skill))
        else:
            mastered.append((order, skill, state))
    ranked = [(s, REVIEW) for *_, s in sorted(due, key=_rank)]
    ranked += [(s, IN_PROGRESS) for *_, s in sorted(progress, key=_rank)]
    ranked += [(s, NEW) for s in new]
    if not ranked:  # everything mastered and nothing due: review early, weakest first
        early = [
            (retrievability(st.card, now) if st.card else 1.0, order, s)
            for order, s, st in mastered
        ]
        ranked = [(s, EARLY_REVIEW) for *_, s in sorted(early, key=_rank)]
    return ranked


def _rank(entry: tuple) -> tuple:
    return entry[0], entry[1]


def plan(
    states: Mapping[str, SkillState],
    skills: Sequence[SkillLike],
    now: datetime,
    seed: int,
    *,
    last_area: str | None = None,
    area: str | None = None,
    skill: str | None = None,
    prefer: Collection[str] = (),
) -> Pick | None:
    """The next exercise, or None when no skill can be offered (nothing ready or no exercises)."""
    if skill is not None:
        chosen = next((s for s in skills if s.id == skill), None)
        if chosen is None or not chosen.practice:
            return None
        return _pick(chosen, states, seed, CHOSEN)
    ranked = candidates(states, skills, now, area=area)
    if not ranked and area is not None:
        # Nothing in the area is ready yet: offer what its skills are waiting for.
        waiting = {s.id for s in skills if s.area == area and s.practice}
        needed = _ancestors(skills, waiting)
        ranked = [(s, PREREQUISITE) for s, _ in candidates(states, skills, now) if s.id in needed]
    if prefer and area is None:
        wanted = set(prefer) | _ancestors(skills, set(prefer))
        assigned = [(s, r) for s, r in ranked if s.id in wanted]
        ranked = assigned or ranked
    if not ranked:
        return None
    choice = next(((s, r) for s, r in ranked if s.area != last_area), ranked[0])
    return _pick(choice[0], states, seed, choice[1])


def _ancestors(skills: Sequence[SkillLike], roots: set[str]) -> set[str]:
    by_id = {s.id: s for s in skills}
    found: set[str] = set()
    stack = [p for r in roots if r in by_id for p in by_id[r].prerequisites]
    while stack:
        current = stack.pop()
        if current in found:
            continue
        found.add(current)
        if current in by_id:
            stack.extend(by_id[current].prerequisites)
    return found


def _pick(skill: SkillLike, states: Mapping[str, SkillState], seed: int, reason: str) -> Pick:
    state = states.get(skill.id) or initial(skill.id)
    return Pick(
        skill=skill.id,
        area=skill.area,
        difficulty=mastery.difficulty_for(state.mastery),
        seed=exercise_seed(seed, skill.id, state.attempts),
        reason=reason,
    )


def blocked_by(skill: SkillLike, states: Mapping[str, SkillState]) -> list[str]:
    """The prerequisites of ``skill`` not yet mastered (for telling the learner why)."""
    return [
        p
        for p in skill.prerequisites
        if p not in states or not mastery.is_mastered(states[p].mastery)
    ]
