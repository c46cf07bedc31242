"""A placement run independent of the terminal: ask, record, conclude, seed the model.

Every answered question is recorded at once as an ordinary attempt (it is an answer to an
exercise, and BKT counts it), so killing a placement loses nothing answered. When the run
ends, one attempt of kind ``placement`` per practicable skill records what it concluded
(known / not known / unsure); the learner model folds those into each skill's P(known)
(``learner/state.py``), so the history stays the source of truth and a rebuild, undo,
export and import treat them like any other attempt.
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from dlmath.learner.parameters import parameters
from dlmath.learner.placement import Answer, Placement, placement_for
from dlmath.learner.planner import exercise_seed
from dlmath.learner.record import record, record_attempt
from dlmath.learner.types import KNOWN, PLACEMENT, Attempt

if TYPE_CHECKING:  # pragma: no cover
    from dlmath.checker.verdict import Verdict
    from dlmath.exercises.base import Exercise
    from dlmath.learner.planner import SkillLike
    from dlmath.store import Store

MakeExercise = Callable[[str, int, int], "Exercise"]
CheckAnswer = Callable[["Exercise", str], "Verdict"]


def _now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class Asked:
    """One placement question and its verdict (None: skipped or solution revealed)."""

    exercise: Exercise
    verdict: Verdict | None
    answer: str
    recorded: bool = True  # False for an answer that could not be read (not counted)


class PlacementSession:
    """One learner's placement: up to ``max_questions`` questions chosen by the model.

    ``skills`` is the whole map; those with ``practice`` set are asked and classified (the
    CLI passes ``session.practice.practicable(skills)``, which knows the registry)."""

    def __init__(
        self,
        store: Store,
        user: str,
        skills: Sequence[SkillLike],
        *,
        area: str | None = None,
        max_questions: int | None = None,
        seed: int | None = None,
        make_exercise: MakeExercise | None = None,
        check_answer: CheckAnswer | None = None,
        clock: Callable[[], datetime] = _now,
        placement: Placement | None = None,
    ) -> None:
        settings = parameters().placement
        self.store, self.user = store, user
        self.skills = list(skills)
        self.difficulty = settings.difficulty
        self.max_questions = settings.max_questions if max_questions is None else max_questions
        self.seed = secrets.randbelow(2**31) if seed is None else seed
        self.model = placement or placement_for(self.skills, area=area, seed=self.seed)
        self._make = make_exercise or _default_make_exercise
        self._check = check_answer or _default_check_answer
        self._clock = clock
        self.asked: list[Asked] = []
        self.current: Exercise | None = None
        self.hints_used = 0
        self.problems: list[str] = []
        self.finished = False
        self._shown_at = 0.0

    @property
    def done(self) -> bool:
        return self.finished or len(self.asked) >= self.max_questions

    @property
    def number(self) -> int:
        return len(self.asked) + 1

    def next(self) -> Exercise | None:
        """The next question, or None when placement has nothing more to ask."""
        if self.current is not None:
            return self.current
        while not self.done:
            skill = self.model.next_skill(self.difficulty)
            if skill is None:
                return None
            seed = exercise_seed(self.seed, skill, len(self.asked))
            try:
                exercise = self._make(skill, self.difficulty, seed)
            except Exception as error:  # a broken generator must not end the placement
                self.problems.append(f"{skill}: {type(error).__name__}: {error}")
                self.model.withdraw(skill)
                continue
            self.current, self.hints_used = exercise, 0
            self._shown_at = time.monotonic()
            return exercise
        return None

    def hint(self) -> str | None:
        exercise = self._require_current()
        if self.hints_used >= len(exercise.hints):
            return None
        self.hints_used += 1
        return exercise.hints[self.hints_used - 1]

    def answer(self, text: str) -> Asked:
        """Judge and record the answer (at once), and condition the model on it. An answer
        that cannot be read is not counted: the question stays."""
        exercise = self._require_current()
        verdict = self._check(exercise, text)
        if verdict.diagnosis == "parse-error":
            return Asked(exercise=exercise, verdict=verdict, answer=text, recorded=False)
        return self._finish(exercise, verdict, text)

    def skip(self) -> Asked:
        """A skip, or a revealed solution, is a miss."""
        return self._finish(self._require_current(), None, "")

    def conclude(self) -> dict[str, str]:
        """Record one ``placement`` attempt per practicable skill with its conclusion and
        return the conclusions; the session is over afterwards."""
        conclusions = self.model.conclusions()
        at = self._clock()
        for skill, word in conclusions.items():
            attempt = Attempt(
                user=self.user,
                exercise_id=f"{skill}:placement",
                skill=skill,
                difficulty=self.difficulty,
                answer=word,
                correct=word == KNOWN,
                diagnosis=None,
                duration_ms=0,
                hints_used=0,
                at=at,
                kind=PLACEMENT,
            )
            record_attempt(self.store, attempt)
        self.finished = True
        self.current = None
        return conclusions

    def _finish(self, exercise: Exercise, verdict: Verdict | None, text: str) -> Asked:
        duration = int((time.monotonic() - self._shown_at) * 1000)
        record(
            self.store,
            self.user,
            exercise,
            verdict,
            duration,
            self.hints_used,
            answer=text,
            at=self._clock(),
        )
        correct = verdict is not None and bool(verdict.correct)
        self.model.observe(Answer(exercise.skill, correct, exercise.difficulty, self.hints_used))
        asked = Asked(exercise=exercise, verdict=verdict, answer=text)
        self.asked.append(asked)
        self.current = None
        return asked

    def _require_current(self) -> Exercise:
        if self.current is None:
            raise RuntimeError("no current question: call next() first")
        return self.current


def _default_make_exercise(skill: str, difficulty: int, seed: int) -> Exercise:
    from dlmath.exercises import exercise

    return exercise(skill, difficulty, seed)


def _default_check_answer(exercise: Exercise, text: str) -> Verdict:
    from dlmath.checker import check_answer

    return check_answer(exercise, text)
