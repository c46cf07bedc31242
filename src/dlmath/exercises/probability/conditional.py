"""probability.conditional: conditional probability from a two-way table of counts."""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from dlmath.exercises.base import Draft, Generator
from dlmath.exercises.kit import draw_int, pick, tex_number
from dlmath.exercises.probability.count_tables import count_table_latex
from dlmath.exercises.probability.drafting import exact_draft, mistake, ratio_latex
from dlmath.exercises.probability.stories import story_words
from dlmath.exercises.registry import register

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np


def _selects(event: dict[str, Any], i: int, j: int) -> bool:
    """Whether cell (i, j) of a two-way table lies in ``event`` (a row or a column, or
    everything outside one)."""
    inside = (i if event["axis"] == "row" else j) == event["index"]
    return inside != event.get("negate", False)


def _count(counts: Sequence[Sequence[int]], *events: dict[str, Any]) -> int:
    return sum(
        c
        for i, row in enumerate(counts)
        for j, c in enumerate(row)
        if all(_selects(e, i, j) for e in events)
    )


def _label(event: dict[str, Any], rows: Sequence[str], cols: Sequence[str]) -> str:
    name = (rows if event["axis"] == "row" else cols)[event["index"]]
    return f"not {name}" if event.get("negate") else name


def _count_table(
    rng: np.random.Generator, n_rows: int, n_cols: int, lo: int, hi: int
) -> list[list[int]]:
    return [[draw_int(rng, lo, hi) for _ in range(n_cols)] for _ in range(n_rows)]


def _independent_table(rng: np.random.Generator, n_cols: int) -> list[list[int]]:
    """Counts a_i·b_j: every row event is independent of every column event."""
    a = [draw_int(rng, 1, 5) for _ in range(2)]
    b = [draw_int(rng, 2, 9) for _ in range(n_cols)]
    scale = draw_int(rng, 1, 3)
    return [[scale * x * y for y in b] for x in a]


@register
class Conditional(Generator):
    """P(A | B) from a two-way table of counts: B restricts the table to one row or column
    (difficulty 1, a 2×2 table), to a row or column or its complement in a 3×3 table (2);
    at difficulty 3, whether two events are independent (P(A ∩ B) = P(A)·P(B))."""

    skill = "probability.conditional"
    version = 1

    def generate(self, rng: np.random.Generator, difficulty: int) -> Draft:
        story = pick(rng, story_words()["table"])
        size = 3 if difficulty == 2 else 2
        rows = story["rows3"] if size == 3 else story["rows"]
        if difficulty == 3:
            return self._independence(rng, story)
        cols = story["cols3"] if size == 3 else story["cols"]
        counts = _count_table(rng, size, size, 2 if size == 3 else 4, 40)
        given_axis = pick(rng, ["row", "col"])
        target_axis = "col" if given_axis == "row" else "row"
        given = {"axis": given_axis, "index": draw_int(rng, 0, size - 1)}
        if difficulty == 2 and rng.random() < 0.5:
            given["negate"] = True
        target = {"axis": target_axis, "index": draw_int(rng, 0, size - 1)}
        both, n_given = _count(counts, target, given), _count(counts, given)
        n_target, total = _count(counts, target), _count(counts)
        p = Fraction(both, n_given)
        a, b = _label(target, rows, cols), _label(given, rows, cols)
        header = ["", *cols]
        body = [[r, *row] for r, row in zip(rows, counts, strict=True)]
        ask = f"P({a} | {b})"
        intro = f"A survey of {total} {story['unit']} gives these counts."
        question = f"One of them is chosen at random. Find {ask}."
        solution = [
            f"Given '{b}', only the {n_given} {story['unit']} in "
            + ("that row" if given_axis == "row" else "that column")
            + (" (everything outside it)" if given.get("negate") else "")
            + " remain; the sample space shrinks to them.",
            f"Of those, {both} are '{a}', so "
            f"$P(\\text{{{a}}} \\mid \\text{{{b}}}) = {ratio_latex(both, n_given)}$.",
        ]
        mistakes = [
            mistake(
                "misconception:inverse-conditional",
                Fraction(both, _count(counts, target)),
                f"That is P({b} | {a}): you divided by the {a} count. Condition on {b}: divide "
                f"by the number of {story['unit']} that are '{b}'.",
            ),
            mistake(
                "misconception:joint-for-conditional",
                Fraction(both, total),
                f"That is P({a} and {b}), a fraction of all {total}. Given {b}, divide by the "
                f"{b} count instead.",
            ),
            mistake(
                "misconception:marginal-for-conditional",
                Fraction(n_target, total),
                f"That is P({a}) over everyone; the condition '{b}' restricts the count.",
            ),
        ]
        return exact_draft(
            prompt=f"{intro}\n\n{count_table_latex(header, body)}\n\n{question}",
            expected=p,
            data={
                "rows": rows,
                "cols": cols,
                "counts": counts,
                "event": target,
                "given": given,
                "ask": "conditional",
            },
            hints=[
                f"Conditioning on '{b}' keeps only the {story['unit']} that are '{b}'.",
                f"P(A | B) = P(A ∩ B) / P(B) = (count of both) / (count of '{b}').",
            ],
            solution=solution,
            mistakes=mistakes,
        )

    def _independence(self, rng: np.random.Generator, story: dict[str, Any]) -> Draft:
        n_cols = pick(rng, [2, 3])
        rows = story["rows"]
        cols = story["cols3"] if n_cols == 3 else story["cols"]
        independent = bool(rng.random() < 0.5)
        a = {"axis": "row", "index": draw_int(rng, 0, 1)}
        b = {"axis": "col", "index": draw_int(rng, 0, n_cols - 1)}
        while True:
            counts = _independent_table(rng, n_cols)
            if not independent:
                i, j = draw_int(rng, 0, 1), draw_int(rng, 0, n_cols - 1)
                counts[i][j] += pick(rng, [-2, -1, 1, 2, 3]) if counts[i][j] > 2 else 2
            total = _count(counts)
            p_a, p_b = Fraction(_count(counts, a), total), Fraction(_count(counts, b), total)
            p_ab = Fraction(_count(counts, a, b), total)
            if (p_ab == p_a * p_b) == independent:
                break
        la, lb = _label(a, rows, cols), _label(b, rows, cols)
        header = ["", *cols]
        body = [[r, *row] for r, row in zip(rows, counts, strict=True)]
        intro = f"A survey of {total} {story['unit']} gives these counts."
        question = (
            f"One of them is chosen at random. Are the events '{la}' and '{lb}' independent? "
            "Answer true or false."
        )
        verdict = "=" if independent else "\\neq"
        return exact_draft(
            prompt=f"{intro}\n\n{count_table_latex(header, body)}\n\n{question}",
            expected="true" if independent else "false",
            kind="boolean",
            data={
                "rows": rows,
                "cols": cols,
                "counts": counts,
                "events": [a, b],
                "ask": "independent",
            },
            hints=[
                "A and B are independent when P(A ∩ B) = P(A)·P(B), "
                "or equivalently P(A | B) = P(A).",
                f"Compute P({la}), P({lb}) and P({la} and {lb}) as fractions of {total}.",
            ],
            solution=[
                f"$P(\\text{{{la}}}) = {tex_number(p_a)}$, $P(\\text{{{lb}}}) = "
                f"{tex_number(p_b)}$, so "
                f"$P(\\text{{{la}}})\\,P(\\text{{{lb}}}) = {tex_number(p_a * p_b)}$.",
                f"$P(\\text{{{la}}} \\cap \\text{{{lb}}}) = {tex_number(p_ab)} "
                f"{verdict} {tex_number(p_a * p_b)}$, "
                f"so the events are {'' if independent else 'not '}independent.",
            ],
        )
