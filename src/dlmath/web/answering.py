"""One exercise on the web: read an answer (the preview), judge it, record it.

The rule for tries: the first judged answer to an exercise is the evidence and is
recorded (it moves mastery, as in ``dlmath check``); after a wrong first answer the
learner may try once more, judged and shown but not recorded again; after the last try
the right answer and the worked solution are shown. An answer that cannot be read is not
a try. Skipping, or showing the solution before answering, records a skip. Which try
this is comes from the store (has this learner an attempt at this exercise since it was
shown?) and from the page, never from a cookie.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, Any

from dlmath.expr.limits import MAX_CHARS

if TYPE_CHECKING:  # pragma: no cover
    from dlmath.exercises.base import Exercise
    from dlmath.web.state import WebState

TRIES = 2
UNREADABLE = "parse-error"


class UnknownExercise(ValueError):
    """The id is malformed or names a skill without exercises."""


@lru_cache(maxsize=2048)
def load_exercise(exercise_id: str) -> Exercise:
    """The exercise with this id (generated again from the id; cached, it is immutable)."""
    from dlmath.exercises import exercise_from_id

    if len(exercise_id) > 200:
        raise UnknownExercise("an exercise id is SKILL:DIFFICULTY:SEED")
    try:
        return exercise_from_id(exercise_id)
    except ValueError as error:  # InputError is a ValueError too
        raise UnknownExercise(str(error)) from error
    except Exception as error:  # a generator that fails for this seed
        raise UnknownExercise(f"exercise {exercise_id} could not be generated") from error


def exercise_json(ex: Exercise, with_answer: bool) -> dict[str, Any]:
    """As ``dlmath exercise --json``; without the answer and solution unless asked."""
    data = ex.to_json()
    if not with_answer:
        for key in ("expected", "solution", "misconceptions"):
            data.pop(key, None)
    return data


def preview(ex: Exercise, answer: str) -> dict[str, Any]:
    """How ``answer`` is read: its text, its MathML, the names with their shapes, or the
    parse error and its position. It never says whether the answer is right."""
    from dlmath.expr import parse, to_mathml
    from dlmath.expr.errors import InputError
    from dlmath.expr.render import to_text

    out: dict[str, Any] = {"text": "", "mathml": "", "error": None, "position": None}
    out["names"] = []
    text = answer
    if not text.strip():
        return out
    if len(text) > MAX_CHARS:
        return {**out, "error": f"the answer is longer than {MAX_CHARS} characters", "position": 0}
    if ex.kind == "choice":
        return _preview_choice(ex, text, out)
    if ex.kind == "shape":
        from dlmath.checker.answers import parse_shape_answer

        try:
            shape = parse_shape_answer(text)
        except InputError as error:
            return {**out, "error": error.message, "position": error.position or 0}
        shown = "undefined" if shape is None else " × ".join(str(n) for n in shape)
        return {**out, "text": shown, "mathml": _mtext(shown)}
    try:
        tree = parse(text, ex.shapes)
    except InputError as error:
        return {**out, "error": error.message, "position": error.position}
    except RecursionError:
        return {**out, "error": "the answer is nested too deeply", "position": 0}
    out["text"] = to_text(tree)
    out["mathml"] = to_mathml(tree)
    out["names"] = [
        {"name": name, "shape": _shape_words(ex.shapes.get(name))} for name in sorted(tree.names())
    ]
    return out


def _preview_choice(ex: Exercise, text: str, out: dict[str, Any]) -> dict[str, Any]:
    wanted = " ".join(text.lower().split())
    picked = [c for c in ex.choices if " ".join(c.lower().split()) == wanted]
    if not picked and len(wanted) >= 3:
        picked = [c for c in ex.choices if " ".join(c.lower().split()).startswith(wanted)]
    if len(picked) != 1:
        return {**out, "error": f"answer one of: {', '.join(ex.choices)}", "position": 0}
    return {**out, "text": picked[0], "mathml": _mtext(picked[0])}


def _mtext(text: str) -> str:
    from html import escape

    from dlmath.expr.mathml import MATHML_NAMESPACE

    return f'<math xmlns="{MATHML_NAMESPACE}"><mtext>{escape(text)}</mtext></math>'


def _shape_words(shape: str | None) -> str:
    if shape is None:
        return "not declared in this exercise"
    from dlmath.expr import parse_shape

    try:
        s = parse_shape(shape)
    except ValueError:
        return str(shape)
    if s.is_scalar:
        return "a number"
    if s.cols == 1:
        return f"a vector of length {s.rows}"
    return f"a {s.rows}×{s.cols} matrix"


def answered_before(state: WebState, user: str, ex: Exercise) -> bool:
    """Whether the learner's latest attempt is at this exercise (a second try)."""
    last = state.store.last_attempt(user)
    return last is not None and last.exercise_id == ex.id and not last.skipped


def judge(
    state: WebState,
    user: str,
    ex: Exercise,
    answer: str,
    *,
    tries_before: int = 0,
    hints_used: int = 0,
    duration_ms: int = 0,
) -> dict[str, Any]:
    """The verdict of ``dlmath check --json``, recorded when it is the first try, with
    what the page needs: the try number, whether tries are over, the answers as MathML,
    the skill's level before and after."""
    from dlmath.checker import check_answer
    from dlmath.learner import mastery
    from dlmath.learner.record import load_states, record

    verdict = check_answer(ex, answer)
    out = verdict.to_json()
    readable = verdict.diagnosis != UNREADABLE
    with state.writing():
        retry = tries_before > 0 or answered_before(state, user, ex)
        before = load_states(state.store, user, [ex.skill])[ex.skill]
        after = before
        recorded = False
        if readable and not retry:
            after = record(
                state.store,
                user,
                ex,
                verdict,
                duration_ms=duration_ms,
                hints_used=hints_used,
                answer=answer,
            )
            recorded = True
    number = tries_before + (1 if readable else 0)
    finished = verdict.correct or number >= TRIES
    marked = frozenset(tuple(e) for e in verdict.details.get("wrong_entries", ()))
    out.update(
        {
            "recorded": recorded,
            "try": max(number, 1),
            "tries": TRIES,
            "finished": bool(readable and finished),
            "answer_mathml": _answer_mathml(ex, answer, marked) if readable else "",
            "expected_mathml": _expected_mathml(ex)
            if (readable and finished) or verdict.correct
            else "",
            "solution_html": str(_solution_html(ex)) if readable and finished else "",
            "mastery": {
                "skill": ex.skill,
                "before": round(before.mastery, 4),
                "after": round(after.mastery, 4),
                "level_before": mastery.level(before.mastery, before.attempts),
                "level_after": mastery.level(after.mastery, after.attempts),
            },
        }
    )
    return out


def give_up(state: WebState, user: str, ex: Exercise, *, solution: bool, hints_used: int = 0):
    """Skip, or show the solution: recorded as a skip unless the exercise was already
    answered; the right answer and solution come back when asked for."""
    from dlmath.learner.record import record

    recorded = False
    with state.writing():
        if not answered_before(state, user, ex):
            record(state.store, user, ex, None, hints_used=hints_used, answer="")
            recorded = True
    out: dict[str, Any] = {"recorded": recorded, "skipped": True}
    if solution:
        out["expected"] = ex.expected
        out["expected_mathml"] = _expected_mathml(ex)
        out["solution_html"] = str(_solution_html(ex))
    return out


def undo(state: WebState, user: str, ex: Exercise) -> dict[str, Any]:
    """Take back the learner's latest attempt if it is at this exercise (else nothing)."""
    from dlmath.learner.record import load_states

    with state.writing():
        last = state.store.last_attempt(user)
        if last is None or last.exercise_id != ex.id:
            return {"undone": False, "reason": "the last recorded answer is not this exercise's"}
        state.store.undo_last_attempt(user)
        after = load_states(state.store, user, [ex.skill])[ex.skill]
    return {"undone": True, "skill": ex.skill, "mastery": round(after.mastery, 4)}


def _answer_mathml(ex: Exercise, answer: str, marked: frozenset) -> str:
    if ex.kind in ("choice", "shape"):
        return _mtext(answer.strip())
    from dlmath.expr import parse, to_mathml

    try:
        return to_mathml(parse(answer, ex.shapes), marked=marked)
    except Exception:  # judged already; the display must not fail
        return _mtext(answer)


def _expected_mathml(ex: Exercise) -> str:
    if ex.kind in ("choice", "shape"):
        return _mtext(ex.expected)
    from dlmath.web.markup import expression_mathml

    return str(expression_mathml(ex.expected))


def _solution_html(ex: Exercise):
    from dlmath.web.markup import markdown_html

    return markdown_html(ex.solution)
