"""A practice session, independent of any terminal: the CLI drives it, the web app can too.

The session asks the planner for the next exercise, times the answer, gives hints one at a
time, judges the answer and records the attempt at once (its own transaction), so an
interrupted or killed session loses no answered attempt. Showing the worked solution (``!``)
ends the exercise as a skip: the learner did not produce the answer, so it counts as a
miss for mastery and as Again for a review card. An answer that does not parse is not
judged: the learner types it again. Quitting leaves the current exercise unrecorded.

A wrong answer can be tried again (``Tries``: two tries by default) before the answer and
the worked solution are shown. Every try is stored; only the first is evidence for the
learner model (a second try is made knowing the first was wrong).
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from dlmath.learner import mastery
from dlmath.learner.planner import Pick, SkillLike, plan
from dlmath.learner.record import attempt_for, load_states, record_attempt
from dlmath.learner.state import initial
from dlmath.learner.types import Attempt, SkillState

if TYPE_CHECKING:  # pragma: no cover
    from dlmath.checker.verdict import Verdict
    from dlmath.exercises.base import Exercise
    from dlmath.store import Store

UNREADABLE = "parse-error"


@dataclass(frozen=True)
class Tries:
    """The tries rule, one for every interface: how many judged answers an exercise takes
    before its answer and solution are shown. ``!`` still shows them at once."""

    allowed: int = 2

    def __post_init__(self) -> None:
        if self.allowed < 1:
            raise ValueError("at least one try")

    def another_after(self, used: int, correct: bool) -> bool:
        """Whether the learner may answer again after ``used`` judged tries."""
        return not correct and used < self.allowed

    @staticmethod
    def counts_for_mastery(try_number: int) -> bool:
        """Only the first try is evidence about the skill."""
        return try_number == 1


MakeExercise = Callable[[str, int, int], "Exercise"]
CheckAnswer = Callable[["Exercise", str], "Verdict"]


def _now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class Outcome:
    """What became of one exercise: judged (``verdict``), skipped, or its solution shown."""

    exercise: Exercise
    verdict: Verdict | None  # None for a skip or a shown solution
    before: SkillState
    after: SkillState
    solution_shown: bool = False
    recorded: bool = True  # False for an answer that could not be read (try again)
    attempt: Attempt | None = None  # what was stored
    try_number: int = 1  # which try at the exercise this was
    final: bool = True  # False: wrong, and another try is allowed (the exercise stays)
    first_try_correct: bool | None = None  # the try that counts for mastery

    @property
    def level_before(self) -> str:
        return mastery.level(self.before.mastery, self.before.attempts)

    @property
    def level_after(self) -> str:
        return mastery.level(self.after.mastery, self.after.attempts)


@dataclass
class Summary:
    """The end of a session: counts, the skills that went up a level, the next reviews."""

    answered: int = 0
    right: int = 0  # right on the first try (what counts for mastery)
    right_later: int = 0  # right on a later try
    skipped: int = 0
    advanced: list[tuple[str, str, str]] = field(default_factory=list)  # skill, from, to
    reviews: list[tuple[str, datetime]] = field(default_factory=list)  # skill, due; soonest first

    def to_json(self) -> dict:
        return {
            "answered": self.answered,
            "right": self.right,
            "right_later": self.right_later,
            "skipped": self.skipped,
            "advanced": [{"skill": s, "from": a, "to": b} for s, a, b in self.advanced],
            "reviews": [{"skill": s, "due": d.isoformat()} for s, d in self.reviews],
        }


class PracticeSession:
    """One learner practising ``count`` exercises chosen by the planner."""

    def __init__(
        self,
        store: Store,
        user: str,
        skills: Sequence[SkillLike],
        *,
        area: str | None = None,
        skill: str | None = None,
        count: int = 10,
        seed: int | None = None,
        make_exercise: MakeExercise | None = None,
        check_answer: CheckAnswer | None = None,
        clock: Callable[[], datetime] = _now,
        tries: Tries | None = None,
    ) -> None:
        self.store = store
        self.user = user
        self.skills = list(skills)
        self.area = area
        self.skill = skill
        self.count = count
        self.seed = secrets.randbelow(2**31) if seed is None else seed
        self._make = make_exercise or _default_make_exercise
        self._check = check_answer or _default_check_answer
        self._clock = clock
        self.tries = tries or Tries()
        self.tries_used = 0  # judged tries at the current exercise
        self._first_try: tuple[bool, SkillState] | None = None  # its verdict, state before
        self._recorded: list[Outcome] = []  # every stored try, in order (for undo)
        self.states: dict[str, SkillState] = load_states(store, user, [s.id for s in skills])
        self._at_start = dict(self.states)
        self.outcomes: list[Outcome] = []
        self.problems: list[str] = []  # skills whose generator failed, and why
        self.current: Exercise | None = None
        self.pick: Pick | None = None
        self.hints_used = 0
        self._shown_at = 0.0
        self._last_area: str | None = None
        self._shown = 0

    # -- the loop -------------------------------------------------------------------------

    @property
    def done(self) -> bool:
        return len(self.outcomes) >= self.count

    @property
    def number(self) -> int:
        """The 1-based number of the current (or next) exercise."""
        return len(self.outcomes) + 1

    def next(self) -> Exercise | None:
        """The next exercise, or None when the session is over or nothing can be offered."""
        if self.current is not None:
            return self.current
        while not self.done:
            pick = plan(
                self.states,
                self.skills,
                self._clock(),
                self.seed + self._shown,  # every exercise shown is new, even after an undo
                last_area=self._last_area,
                area=self.area,
                skill=self.skill,
            )
            if pick is None:
                return None
            try:
                exercise = self._make(pick.skill, pick.difficulty, pick.seed)
            except Exception as error:  # a broken generator must not end the learner's session
                self.problems.append(f"{pick.skill}: {type(error).__name__}: {error}")
                self._withdraw(pick.skill)
                continue
            self.current, self.pick, self.hints_used = exercise, pick, 0
            self.tries_used, self._first_try = 0, None
            self._shown += 1
            self._shown_at = time.monotonic()
            return exercise
        return None

    def hint(self) -> str | None:
        """The next hint of the current exercise (None when there are no more)."""
        if self.current is None or self.hints_used >= len(self.current.hints):
            return None
        self.hints_used += 1
        return self.current.hints[self.hints_used - 1]

    def answer(self, text: str) -> Outcome:
        """Judge ``text`` and record it as a try; the exercise ends when the answer is
        right or the tries are used up (``Outcome.final``), else it stays for another try.

        An answer that cannot be read (``parse-error``) is shown back without penalty and
        the exercise stays: a typo is not evidence about the skill (STACK's validation).
        """
        exercise = self._require_current()
        verdict = self._check(exercise, text)
        if verdict.diagnosis == UNREADABLE:
            state = self.states.get(exercise.skill) or initial(exercise.skill)
            return Outcome(exercise, verdict, state, state, recorded=False)
        self.tries_used += 1
        final = not self.tries.another_after(self.tries_used, verdict.correct)
        return self._finish(verdict, answer=text, final=final)

    def skip(self) -> Outcome:
        self._require_current()
        return self._finish(None, answer="")

    def show_solution(self) -> Outcome:
        """End the exercise with its worked solution (recorded like a skip)."""
        self._require_current()
        return self._finish(None, answer="", solution_shown=True)

    def undo(self) -> Outcome | None:
        """Take back this session's last recorded try (Anki's undo); None if there is none.

        Only an attempt that is still the learner's latest is taken back (another process
        may have answered since); the cache is then rebuilt from the history. Undoing a
        try at the exercise still showing gives that try back.
        """
        if not self._recorded or self._recorded[-1].attempt is None:
            return None
        last = self._recorded[-1]
        latest = self.store.last_attempt(self.user)
        if latest is None or (latest.exercise_id, latest.at) != (
            last.attempt.exercise_id,
            last.attempt.at,
        ):
            return None
        self.store.undo_last_attempt(self.user)
        self.states = load_states(self.store, self.user, [s.id for s in self.skills])
        self._recorded.pop()
        if last in self.outcomes:
            self.outcomes.remove(last)
        elif self.current is last.exercise and self.tries_used > 0:
            self.tries_used -= 1
            if self.tries_used == 0:
                self._first_try = None
        return last

    # -- results ---------------------------------------------------------------------------

    def summary(self) -> Summary:
        result = Summary()
        for outcome in self.outcomes:
            if outcome.verdict is None:
                result.skipped += 1
            else:
                result.answered += 1
                if outcome.first_try_correct:
                    result.right += 1
                elif outcome.verdict.correct:
                    result.right_later += 1
        practised = dict.fromkeys(o.exercise.skill for o in self.outcomes)
        for skill in practised:
            start = self._at_start.get(skill) or initial(skill)
            end = self.states[skill]
            before = mastery.level(start.mastery, start.attempts)
            after = mastery.level(end.mastery, end.attempts)
            if mastery.LEVELS.index(after) > mastery.LEVELS.index(before):
                result.advanced.append((skill, before, after))
        result.reviews = sorted(
            ((s, self.states[s].due) for s in practised if self.states[s].due is not None),
            key=lambda item: item[1],
        )
        return result

    # -- inside ----------------------------------------------------------------------------

    def _require_current(self) -> Exercise:
        if self.current is None:
            raise RuntimeError("no exercise is showing; call next() first")
        return self.current

    def _finish(
        self,
        verdict: Verdict | None,
        *,
        answer: str,
        solution_shown: bool = False,
        final: bool = True,
    ) -> Outcome:
        """Store one try; a final one ends the exercise. A skip or a shown solution after
        a wrong try is stored as the next try (it is not evidence either)."""
        exercise = self._require_current()
        duration_ms = int((time.monotonic() - self._shown_at) * 1000)
        before = self.states.get(exercise.skill) or initial(exercise.skill)
        try_number = self.tries_used if verdict is not None else self.tries_used + 1
        attempt = attempt_for(
            self.user,
            exercise,
            verdict,
            duration_ms,
            self.hints_used,
            answer=answer,
            at=self._clock(),
            try_number=try_number,
        )
        after = record_attempt(self.store, attempt)
        self.states[exercise.skill] = after
        if self._first_try is None:
            self._first_try = (verdict is not None and verdict.correct, before)
        first_correct, first_before = self._first_try
        outcome = Outcome(
            exercise,
            verdict,
            first_before,
            after,
            solution_shown=solution_shown,
            attempt=attempt,
            try_number=try_number,
            final=final,
            first_try_correct=first_correct,
        )
        self._recorded.append(outcome)
        if not final:
            return outcome
        self.outcomes.append(outcome)
        self._last_area = self.pick.area if self.pick else None
        self.current, self.pick = None, None
        return outcome

    def _withdraw(self, skill_id: str) -> None:
        """Stop offering a skill for the rest of the session."""
        self.skills = [replace(s, practice=False) if s.id == skill_id else s for s in self.skills]
        if self.skill == skill_id:
            self.count = len(self.outcomes)  # the one skill asked for cannot be practised


def practicable(skills: Sequence[SkillLike]) -> list[SkillLike]:
    """The skills, with ``practice`` off for any that has no registered generator."""
    from dlmath.exercises.registry import skills_with_generators

    available = skills_with_generators()
    return [
        s if s.id in available or not s.practice else replace(s, practice=False) for s in skills
    ]


def _default_make_exercise(skill: str, difficulty: int, seed: int) -> Exercise:
    from dlmath.exercises import exercise

    return exercise(skill, difficulty, seed)


def _default_check_answer(exercise: Exercise, text: str) -> Verdict:
    from dlmath.checker import check_answer

    return check_answer(exercise, text)
