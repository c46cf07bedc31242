"""Several random variables: joint and marginal PMFs, conditional distributions,
independence, covariance, sample statistics and maximum likelihood.

Joint tables have exact fraction entries (``probability.tables``); independent tables are
outer products of their marginals, dependent ones move mass around a rectangle of cells,
which keeps the marginals (and the first cell) as an independent table would have them.
Data sets are small integers, so every answer is an exact fraction or a fraction times a
square root. All randomness comes from the ``rng``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from dlmath.exercises.base import Draft, Generator, Misconception
from dlmath.exercises.probability.tables import (
    Table,
    column_marginal,
    joint_table_latex,
    joint_table_text,
    outer,
    random_joint,
    random_pmf,
    row_marginal,
    table_json,
)
from dlmath.exercises.registry import register
from dlmath.expr.literals import format_number, latex_matrix, latex_number, matrix_text

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np

ZERO = Fraction(0)

# ---------------------------------------------------------------------------------------
# Drawing and writing
# ---------------------------------------------------------------------------------------

VALUE_SETS = {
    2: [[0, 1], [1, 2], [-1, 1], [0, 2]],
    3: [[0, 1, 2], [-1, 0, 1], [1, 2, 3]],
    4: [[0, 1, 2, 3], [-1, 0, 1, 2], [1, 2, 3, 4]],
}


def _int(rng: np.random.Generator, lo: int, hi: int) -> int:
    return int(rng.integers(lo, hi, endpoint=True))


def _pick(rng: np.random.Generator, options: Sequence[Any]) -> Any:
    return options[int(rng.integers(len(options)))]


def _subset(rng: np.random.Generator, items: Sequence[int], size: int) -> list[int]:
    """``size`` distinct items of ``items``, in their original order."""
    chosen = sorted(int(i) for i in rng.choice(len(items), size=size, replace=False))
    return [items[i] for i in chosen]


@dataclass(frozen=True)
class Joint:
    """A joint PMF: ``table[i][j] = P(X = xs[i], Y = ys[j])``."""

    xs: list[int]
    ys: list[int]
    table: Table

    @property
    def px(self) -> list[Fraction]:
        return row_marginal(self.table)

    @property
    def py(self) -> list[Fraction]:
        return column_marginal(self.table)

    def data(self) -> dict[str, Any]:
        return {"X": self.xs, "Y": self.ys, "P": table_json(self.table)}

    def latex(self, shown: Sequence[Sequence[Fraction | str]] | None = None) -> str:
        return joint_table_latex(shown or self.table, self.xs, self.ys)

    def text(self, shown: Sequence[Sequence[Fraction | str]] | None = None) -> str:
        return joint_table_text(shown or self.table, self.xs, self.ys)


def _values(rng: np.random.Generator, n: int) -> list[int]:
    return list(_pick(rng, VALUE_SETS[n]))


def _draw_joint(
    rng: np.random.Generator, rows: int, cols: int, denominators: Sequence[int]
) -> Joint:
    table = random_joint(rng, rows, cols, _pick(rng, denominators))
    return Joint(_values(rng, rows), _values(rng, cols), table)


def _key(value: Fraction | tuple) -> tuple:
    """Misconceptions are compared by value: a number c·√m is (c, m)."""
    return value if isinstance(value, tuple) else (Fraction(value), 1)


def _distinct(expected: Fraction | tuple, items: list[tuple[Any, Misconception]]):
    """Drop misconceptions equal in value to the answer or to an earlier one."""
    seen = {_key(expected)}
    kept = []
    for value, item in items:
        key = _key(value)
        if key not in seen:
            seen.add(key)
            kept.append(item)
    return kept


def _vector_key(values: Sequence[Fraction]) -> tuple:
    return ("vector", *values)


def _sum_latex(terms: Sequence[Fraction]) -> str:
    """``\\frac{1}{8} + \\frac{1}{4} = \\frac{3}{8}``."""
    total = sum(terms, ZERO)
    if len(terms) == 1:
        return latex_number(total)
    return " + ".join(latex_number(t) for t in terms) + f" = {latex_number(total)}"


def _set_text(values: Sequence[int]) -> str:
    return "{" + ", ".join(str(v) for v in values) + "}"


def _set_latex(values: Sequence[int]) -> str:
    return r"\{" + ", ".join(str(v) for v in values) + r"\}"


# ---------------------------------------------------------------------------------------
# probability.joint-marginal
# ---------------------------------------------------------------------------------------

JOINT_SIZES = {1: [(2, 2), (2, 3)], 2: [(3, 3), (2, 3), (3, 2)], 3: [(3, 4), (4, 3), (3, 3)]}
JOINT_DENOMINATORS = {1: [8, 10, 12], 2: [18, 20, 24], 3: [24, 30, 36]}


@register
class JointMarginal(Generator):
    """Marginals from a joint PMF table: one value, the whole marginal PMF, events, and
    (difficulty 3) a hidden entry found from the total of 1, or an inequality event."""

    skill = "probability.joint-marginal"
    version = 1

    def generate(self, rng: np.random.Generator, difficulty: int) -> Draft:
        rows, cols = _pick(rng, JOINT_SIZES[difficulty])
        joint = _draw_joint(rng, rows, cols, JOINT_DENOMINATORS[difficulty])
        if difficulty == 1:
            return self._marginal_value(rng, joint)
        if difficulty == 2:
            if rng.random() < 0.5:
                return self._marginal_vector(rng, joint)
            return self._event(rng, joint)
        if rng.random() < 0.5:
            return self._hidden(rng, joint)
        return self._inequality(rng, joint)

    def _marginal_value(self, rng: np.random.Generator, joint: Joint) -> Draft:
        of_x = rng.random() < 0.5
        values = joint.xs if of_x else joint.ys
        i = _int(rng, 0, len(values) - 1)
        name, other = ("X", "Y") if of_x else ("Y", "X")
        cells = joint.table[i] if of_x else [row[i] for row in joint.table]
        answer = sum(cells, ZERO)
        other_marginal = joint.py if of_x else joint.px
        mistakes = [
            (
                cells[0],
                Misconception(
                    "misconception:cell-for-marginal",
                    format_number(cells[0]),
                    f"That is one cell, P({name} = {values[i]}, {other} = "
                    f"{(joint.ys if of_x else joint.xs)[0]}). The marginal adds the cells of "
                    f"every value of {other}.",
                ),
            )
        ]
        if i < len(other_marginal):
            mistakes.append(
                (
                    other_marginal[i],
                    Misconception(
                        "misconception:wrong-axis",
                        format_number(other_marginal[i]),
                        f"You added along the other direction: P({name} = x) adds the cells "
                        f"{'in the row' if of_x else 'in the column'} of {name} = {values[i]}.",
                    ),
                )
            )
        where = "row" if of_x else "column"
        ask = f"P({name} = {values[i]})"
        return Draft(
            prompt=f"The joint PMF of $X$ and $Y$ is\n\n{joint.latex()}\n\nFind ${ask}$.",
            text=f"The joint PMF of X and Y is\n\n{joint.text()}\n\nFind {ask}.",
            kind="number",
            expected=format_number(answer),
            data={**joint.data(), "ask": "marginal-value", "of": name, "value": values[i]},
            hints=[
                f"Sum out {other}: add P({name} = {values[i]}, {other} = v) over every value v.",
                f"Add the cells of the {where} {name} = {values[i]}.",
            ],
            solution=(
                f"Marginalise over ${other}$: ${ask} = \\sum_v P({name} = {values[i]}, "
                f"{other} = v) = {_sum_latex(cells)}$."
            ),
            misconceptions=_distinct(answer, mistakes),
        )

    def _marginal_vector(self, rng: np.random.Generator, joint: Joint) -> Draft:
        of_x = rng.random() < 0.5
        name, other = ("X", "Y") if of_x else ("Y", "X")
        values = joint.xs if of_x else joint.ys
        answer = joint.px if of_x else joint.py
        wrong = joint.py if of_x else joint.px
        mistakes = []
        if len(wrong) == len(answer):
            mistakes.append(
                (
                    _vector_key(wrong),
                    Misconception(
                        "misconception:wrong-axis",
                        matrix_text([[v] for v in wrong]),
                        f"That is the marginal of {other}: for {name}, add across each "
                        f"{'row' if of_x else 'column'}.",
                    ),
                )
            )
        order = ", ".join(f"P({name} = {v})" for v in values)
        steps = [
            f"$P({name} = {v}) = {_sum_latex(row)}$"
            for v, row in zip(
                values, joint.table if of_x else list(zip(*joint.table, strict=True)), strict=True
            )
        ]
        return Draft(
            prompt=(
                f"The joint PMF of $X$ and $Y$ is\n\n{joint.latex()}\n\nFind the marginal PMF "
                f"of ${name}$ as a vector $[{order}]$."
            ),
            text=(
                f"The joint PMF of X and Y is\n\n{joint.text()}\n\nFind the marginal PMF of "
                f"{name} as a vector [{order}]."
            ),
            kind="matrix",
            expected=matrix_text([[v] for v in answer]),
            data={**joint.data(), "ask": "marginal-vector", "of": name},
            hints=[
                f"P({name} = v) sums the joint PMF over every value of {other}.",
                f"Add each {'row' if of_x else 'column'}; the results must add up to 1.",
            ],
            solution="Sum out the other variable:\n\n" + "\n\n".join(steps),
            misconceptions=_distinct(_vector_key(answer), mistakes),
        )

    def _event(self, rng: np.random.Generator, joint: Joint) -> Draft:
        i = _int(rng, 0, len(joint.xs) - 1)
        size = _int(rng, 2, len(joint.ys) - 1) if len(joint.ys) > 2 else 1
        chosen = _subset(rng, list(range(len(joint.ys))), size)
        s = [joint.ys[j] for j in chosen]
        cells = [joint.table[i][j] for j in chosen]
        answer = sum(cells, ZERO)
        p_s = sum((joint.py[j] for j in chosen), ZERO)
        mistakes = [
            (
                p_s,
                Misconception(
                    "misconception:dropped-condition",
                    format_number(p_s),
                    f"That is P(Y ∈ S) for every X; the event also needs X = {joint.xs[i]}, so "
                    "add only the cells of that row.",
                ),
            ),
            (
                joint.px[i] * p_s,
                Misconception(
                    "misconception:assumed-independence",
                    format_number(joint.px[i] * p_s),
                    "P(X = x) · P(Y ∈ S) equals the joint probability only when X and Y are "
                    "independent; read the cells of the joint table instead.",
                ),
            ),
        ]
        ask_text = f"P(X = {joint.xs[i]}, Y ∈ {_set_text(s)})"
        ask_latex = f"P(X = {joint.xs[i]},\\ Y \\in {_set_latex(s)})"
        return Draft(
            prompt=f"The joint PMF of $X$ and $Y$ is\n\n{joint.latex()}\n\nFind ${ask_latex}$.",
            text=f"The joint PMF of X and Y is\n\n{joint.text()}\n\nFind {ask_text}.",
            kind="number",
            expected=format_number(answer),
            data={**joint.data(), "ask": "event", "x": joint.xs[i], "S": s},
            hints=[
                "The event is a set of cells: add their probabilities.",
                f"Add the cells of row X = {joint.xs[i]} in the columns Y ∈ {_set_text(s)}.",
            ],
            solution=(
                f"The event is the cells $(X, Y) = ({joint.xs[i]}, y)$ with $y \\in "
                f"{_set_latex(s)}$: ${ask_latex} = {_sum_latex(cells)}$."
            ),
            misconceptions=_distinct(answer, mistakes),
        )

    def _hidden(self, rng: np.random.Generator, joint: Joint) -> Draft:
        hi, hj = _int(rng, 0, len(joint.xs) - 1), _int(rng, 0, len(joint.ys) - 1)
        hidden = joint.table[hi][hj]
        shown: list[list[Fraction | str]] = [list(row) for row in joint.table]
        shown[hi][hj] = "?"
        of_x = rng.random() < 0.5
        name = "X" if of_x else "Y"
        value = joint.xs[hi] if of_x else joint.ys[hj]
        cells = joint.table[hi] if of_x else [row[hj] for row in joint.table]
        answer = sum(cells, ZERO)
        as_zero = answer - hidden
        mistakes = [
            (
                as_zero,
                Misconception(
                    "misconception:missing-as-zero",
                    format_number(as_zero),
                    "The missing entry is not 0: all entries of a joint PMF add up to 1, so "
                    "it is 1 minus the sum of the others.",
                ),
            ),
            (
                hidden,
                Misconception(
                    "misconception:cell-for-marginal",
                    format_number(hidden),
                    f"That is the missing cell only; P({name} = {value}) adds the whole "
                    f"{'row' if of_x else 'column'}.",
                ),
            ),
        ]
        known = sum((c for r, row in enumerate(joint.table) for c in row), ZERO) - hidden
        ask = f"P({name} = {value})"
        return Draft(
            prompt=(
                f"The joint PMF of $X$ and $Y$ is given below, with one entry missing.\n\n"
                f"{joint.latex(shown)}\n\nFind ${ask}$."
            ),
            text=(
                f"The joint PMF of X and Y is given below, with one entry missing (?).\n\n"
                f"{joint.text(shown)}\n\nFind {ask}."
            ),
            kind="number",
            expected=format_number(answer),
            data={
                **joint.data(),
                "ask": "hidden",
                "hidden": [hi, hj],
                "of": name,
                "value": value,
            },
            hints=[
                "A joint PMF sums to 1 over all cells: that fixes the missing entry.",
                f"Then add the {'row' if of_x else 'column'} of {name} = {value}.",
            ],
            solution=(
                f"The known entries add up to ${latex_number(known)}$, so the missing one is "
                f"$1 - {latex_number(known)} = {latex_number(hidden)}$. Then "
                f"${ask} = {_sum_latex(cells)}$."
            ),
            misconceptions=_distinct(answer, mistakes),
        )

    def _inequality(self, rng: np.random.Generator, joint: Joint) -> Draft:
        strict = rng.random() < 0.5
        relation, other_relation = ("<", "≤") if strict else ("≤", "<")
        latex_relation = "<" if strict else r"\le"

        def holds(x: int, y: int, is_strict: bool) -> bool:
            return x < y if is_strict else x <= y

        def total(is_strict: bool) -> tuple[Fraction, list[Fraction]]:
            cells = [
                p
                for x, row in zip(joint.xs, joint.table, strict=True)
                for y, p in zip(joint.ys, row, strict=True)
                if holds(x, y, is_strict)
            ]
            return sum(cells, ZERO), cells

        answer, cells = total(strict)
        other_answer, _ = total(not strict)
        mistakes = [
            (
                other_answer,
                Misconception(
                    "misconception:strict-vs-weak",
                    format_number(other_answer),
                    f"You computed P(X {other_relation} Y); the event is X {relation} Y, so the "
                    f"cells with X = Y are {'not ' if strict else ''}included.",
                ),
            ),
            (
                1 - answer,
                Misconception(
                    "misconception:complement",
                    format_number(1 - answer),
                    f"That is the probability of the other cells, 1 − P(X {relation} Y).",
                ),
            ),
        ]
        ask = f"P(X {relation} Y)"
        return Draft(
            prompt=(
                f"The joint PMF of $X$ and $Y$ is\n\n{joint.latex()}\n\nFind "
                f"$P(X {latex_relation} Y)$."
            ),
            text=f"The joint PMF of X and Y is\n\n{joint.text()}\n\nFind {ask}.",
            kind="number",
            expected=format_number(answer),
            data={**joint.data(), "ask": "inequality", "strict": strict},
            hints=[
                f"Mark the cells (x, y) with x {relation} y, then add them.",
                "Compare the row value with the column value of each cell; mind the diagonal "
                "x = y.",
            ],
            solution=(
                f"The cells with $x {latex_relation} y$ have probabilities "
                f"${_sum_latex(cells) if cells else '0'}$, so "
                f"$P(X {latex_relation} Y) = {latex_number(answer)}$."
            ),
            misconceptions=_distinct(answer, mistakes),
        )


# ---------------------------------------------------------------------------------------
# probability.conditional-distributions
# ---------------------------------------------------------------------------------------

CONDITIONAL_SIZES = {1: [(2, 2), (2, 3)], 2: [(3, 3), (3, 4)], 3: [(3, 3), (3, 4), (4, 3)]}


@register
class ConditionalDistributions(Generator):
    """P(Y = y | X = x), then the whole conditional PMF, then conditioning on events."""

    skill = "probability.conditional-distributions"
    version = 1

    def generate(self, rng: np.random.Generator, difficulty: int) -> Draft:
        rows, cols = _pick(rng, CONDITIONAL_SIZES[difficulty])
        joint = _draw_joint(rng, rows, cols, JOINT_DENOMINATORS[difficulty])
        if difficulty == 1:
            return self._value(rng, joint)
        if difficulty == 2:
            return self._vector(rng, joint) if rng.random() < 0.6 else self._value(rng, joint)
        return self._events(rng, joint)

    def _value(self, rng: np.random.Generator, joint: Joint) -> Draft:
        i, j = _int(rng, 0, len(joint.xs) - 1), _int(rng, 0, len(joint.ys) - 1)
        x, y, cell = joint.xs[i], joint.ys[j], joint.table[i][j]
        answer = cell / joint.px[i]
        mistakes = [
            (
                cell,
                Misconception(
                    "misconception:joint-for-conditional",
                    format_number(cell),
                    f"That is the joint P(X = {x}, Y = {y}); the conditional divides it by "
                    f"P(X = {x}).",
                ),
            ),
            (
                cell / joint.py[j],
                Misconception(
                    "misconception:reversed-condition",
                    format_number(cell / joint.py[j]),
                    f"You divided by P(Y = {y}), which gives P(X = {x} | Y = {y}); "
                    f"P(Y = {y} | X = {x}) divides by P(X = {x}).",
                ),
            ),
            (
                joint.py[j],
                Misconception(
                    "misconception:marginal-for-conditional",
                    format_number(joint.py[j]),
                    f"That is the marginal P(Y = {y}); knowing X = {x} restricts to its row.",
                ),
            ),
        ]
        return Draft(
            prompt=(
                f"The joint PMF of $X$ and $Y$ is\n\n{joint.latex()}\n\nFind "
                f"$P(Y = {y} \\mid X = {x})$."
            ),
            text=f"The joint PMF of X and Y is\n\n{joint.text()}\n\nFind P(Y = {y} | X = {x}).",
            kind="number",
            expected=format_number(answer),
            data={**joint.data(), "ask": "value", "x": x, "y": y},
            hints=[
                "P(Y = y | X = x) = P(X = x, Y = y) / P(X = x).",
                f"P(X = {x}) is the sum of the row X = {x}.",
            ],
            solution=(
                f"$P(X = {x}) = {_sum_latex(joint.table[i])}$, so "
                f"$P(Y = {y} \\mid X = {x}) = \\frac{{P(X = {x}, Y = {y})}}{{P(X = {x})}} = "
                f"{latex_number(cell)} \\big/ {latex_number(joint.px[i])} = "
                f"{latex_number(answer)}$."
            ),
            misconceptions=_distinct(answer, mistakes),
        )

    def _vector(self, rng: np.random.Generator, joint: Joint) -> Draft:
        i = _int(rng, 0, len(joint.xs) - 1)
        x, row = joint.xs[i], joint.table[i]
        answer = [c / joint.px[i] for c in row]
        by_column = [c / p for c, p in zip(row, joint.py, strict=True)]
        mistakes = [
            (
                _vector_key(row),
                Misconception(
                    "misconception:joint-for-conditional",
                    matrix_text([[c] for c in row]),
                    f"Those are the joint probabilities of the row X = {x}; divide them by "
                    f"P(X = {x}) so that they add up to 1.",
                ),
            ),
            (
                _vector_key(joint.py),
                Misconception(
                    "misconception:marginal-for-conditional",
                    matrix_text([[c] for c in joint.py]),
                    f"That is the marginal PMF of Y; the conditional uses only the row X = {x}.",
                ),
            ),
            (
                _vector_key(by_column),
                Misconception(
                    "misconception:reversed-condition",
                    matrix_text([[c] for c in by_column]),
                    "You divided each cell by its column total P(Y = y), which gives "
                    f"P(X = {x} | Y = y); divide by the row total P(X = {x}).",
                ),
            ),
        ]
        order = ", ".join(f"P(Y = {y} | X = {x})" for y in joint.ys)
        order_latex = ", ".join(f"P(Y = {y} \\mid X = {x})" for y in joint.ys)
        return Draft(
            prompt=(
                f"The joint PMF of $X$ and $Y$ is\n\n{joint.latex()}\n\nFind the conditional "
                f"PMF of $Y$ given $X = {x}$, as a vector $[{order_latex}]$."
            ),
            text=(
                f"The joint PMF of X and Y is\n\n{joint.text()}\n\nFind the conditional PMF "
                f"of Y given X = {x}, as a vector [{order}]."
            ),
            kind="matrix",
            expected=matrix_text([[v] for v in answer]),
            data={**joint.data(), "ask": "vector", "x": x},
            hints=[
                f"Keep only the row X = {x}, then rescale it.",
                f"Divide each cell of the row by P(X = {x}), the row's sum; the result adds "
                "up to 1.",
            ],
            solution=(
                f"$P(X = {x}) = {_sum_latex(row)}$. Dividing the row by it: "
                f"$p_{{Y \\mid X}}(\\cdot \\mid {x}) = "
                f"{latex_matrix([[v] for v in answer])}$."
            ),
            misconceptions=_distinct(_vector_key(answer), mistakes),
        )

    def _events(self, rng: np.random.Generator, joint: Joint) -> Draft:
        """P(Y ∈ S | X ∈ T): the joint probability of both over P(X ∈ T)."""
        t_idx = _subset(rng, list(range(len(joint.xs))), 2)
        s_size = _int(rng, 1, len(joint.ys) - 1)
        s_idx = _subset(rng, list(range(len(joint.ys))), s_size)
        t = [joint.xs[i] for i in t_idx]
        s = [joint.ys[j] for j in s_idx]
        both = sum((joint.table[i][j] for i in t_idx for j in s_idx), ZERO)
        p_t = sum((joint.px[i] for i in t_idx), ZERO)
        answer = both / p_t
        per_x = [sum((joint.table[i][j] for j in s_idx), ZERO) / joint.px[i] for i in t_idx]
        averaged = sum(per_x, ZERO) / len(per_x)
        p_s = sum((joint.py[j] for j in s_idx), ZERO)
        mistakes = [
            (
                both,
                Misconception(
                    "misconception:joint-for-conditional",
                    format_number(both),
                    "That is P(Y ∈ S, X ∈ T); the conditional divides it by P(X ∈ T).",
                ),
            ),
            (
                averaged,
                Misconception(
                    "misconception:averaged-conditionals",
                    format_number(averaged),
                    "You averaged P(Y ∈ S | X = x) over x ∈ T with equal weights; the values "
                    "of X in T are not equally likely. Add the cells first, then divide by "
                    "P(X ∈ T).",
                ),
            ),
            (
                both / p_s,
                Misconception(
                    "misconception:reversed-condition",
                    format_number(both / p_s),
                    "You divided by P(Y ∈ S), which gives P(X ∈ T | Y ∈ S).",
                ),
            ),
        ]
        ask_text = f"P(Y ∈ {_set_text(s)} | X ∈ {_set_text(t)})"
        ask_latex = f"P(Y \\in {_set_latex(s)} \\mid X \\in {_set_latex(t)})"
        cells = [joint.table[i][j] for i in t_idx for j in s_idx]
        return Draft(
            prompt=f"The joint PMF of $X$ and $Y$ is\n\n{joint.latex()}\n\nFind ${ask_latex}$.",
            text=f"The joint PMF of X and Y is\n\n{joint.text()}\n\nFind {ask_text}.",
            kind="number",
            expected=format_number(answer),
            data={**joint.data(), "ask": "events", "S": s, "T": t},
            hints=[
                "P(A | B) = P(A and B) / P(B), with A = {Y ∈ S} and B = {X ∈ T}.",
                f"P(X ∈ {_set_text(t)}) adds the rows of X in {_set_text(t)}; the numerator "
                "adds the cells in those rows and the columns of S.",
            ],
            solution=(
                f"$P(X \\in {_set_latex(t)}) = {_sum_latex([joint.px[i] for i in t_idx])}$ and "
                f"$P(Y \\in {_set_latex(s)},\\ X \\in {_set_latex(t)}) = {_sum_latex(cells)}$, "
                f"so ${ask_latex} = {latex_number(both)} \\big/ {latex_number(p_t)} = "
                f"{latex_number(answer)}$."
            ),
            misconceptions=_distinct(answer, mistakes),
        )


# ---------------------------------------------------------------------------------------
# probability.independence
# ---------------------------------------------------------------------------------------

INDEPENDENCE_SIZES = {1: [(2, 2)], 2: [(2, 3), (3, 3), (3, 2)], 3: [(3, 3), (3, 4), (4, 3)]}
MARGINAL_DENOMINATORS = {1: [2, 3, 4], 2: [3, 4, 5, 6], 3: [4, 5, 6]}


def _moved_mass(rng: np.random.Generator, table: Table, avoid_first: bool) -> Table:
    """``table`` with mass ε moved around a rectangle of cells (i, j), (k, l) gain and
    (i, l), (k, j) lose: the marginals stay, the product form breaks. With
    ``avoid_first`` the rectangle misses the first column (or, in a table of two columns,
    the first row), so the first cell still factorises."""
    rows, cols = len(table), len(table[0])
    row_start = 1 if avoid_first and cols < 3 else 0
    col_start = 1 if avoid_first and cols >= 3 else 0
    i, k = _subset(rng, list(range(row_start, rows)), 2)
    j, l = _subset(rng, list(range(col_start, cols)), 2)
    if rng.random() < 0.5:
        j, l = l, j
    losing = min(table[i][l], table[k][j])
    unit = Fraction(1, max(c.denominator for row in table for c in row))
    steps = max(1, int(losing / unit) - 1)
    eps = unit * _int(rng, 1, steps)
    moved = [list(row) for row in table]
    moved[i][j] += eps
    moved[k][l] += eps
    moved[i][l] -= eps
    moved[k][j] -= eps
    return moved


def _cell_check(joint: Joint, i: int, j: int) -> str:
    product = joint.px[i] * joint.py[j]
    relation = "=" if joint.table[i][j] == product else r"\ne"
    return (
        f"$P(X = {joint.xs[i]}) P(Y = {joint.ys[j]}) = {latex_number(joint.px[i])} \\cdot "
        f"{latex_number(joint.py[j])} = {latex_number(product)} {relation} "
        f"{latex_number(joint.table[i][j])} = P(X = {joint.xs[i]}, Y = {joint.ys[j]})$"
    )


def _first_failure(joint: Joint) -> tuple[int, int] | None:
    for i, row in enumerate(joint.table):
        for j, p in enumerate(row):
            if p != joint.px[i] * joint.py[j]:
                return i, j
    return None


@register
class Independence(Generator):
    """Are X and Y independent? Tables built as outer products of their marginals, or
    with mass moved so that the marginals (and, from difficulty 2, the first cell) look
    the same as an independent table's."""

    skill = "probability.independence"
    version = 1

    def generate(self, rng: np.random.Generator, difficulty: int) -> Draft:
        rows, cols = _pick(rng, INDEPENDENCE_SIZES[difficulty])
        px = random_pmf(rng, rows, _pick(rng, MARGINAL_DENOMINATORS[difficulty]) * rows // 2)
        py = random_pmf(rng, cols, _pick(rng, MARGINAL_DENOMINATORS[difficulty]) * cols // 2)
        independent = rng.random() < 0.5
        table = outer(px, py)
        if not independent:
            table = _moved_mass(rng, table, avoid_first=difficulty >= 2)
        joint = Joint(_values(rng, rows), _values(rng, cols), table)
        expected = "true" if independent else "false"
        mistakes = []
        failure = _first_failure(joint)
        if not independent and difficulty >= 2:
            mistakes.append(
                Misconception(
                    "misconception:one-cell",
                    "true",
                    "One cell factorising is not enough: independence needs "
                    "P(X = x, Y = y) = P(X = x) P(Y = y) for every cell, and some cell here "
                    "breaks it.",
                )
            )
        checks = [_cell_check(joint, i, j) for i, j in [(0, 0), *([failure] if failure else [])]]
        marginals = (
            f"Marginals: $p_X = ({', '.join(latex_number(p) for p in joint.px)})$, "
            f"$p_Y = ({', '.join(latex_number(p) for p in joint.py)})$."
        )
        if independent:
            verdict = (
                "Every cell equals the product of its row and column marginals (the table "
                "is the outer product $p_X p_Y^\\top$), so $X$ and $Y$ are independent."
            )
        else:
            verdict = (
                "One cell that is not the product of its marginals is enough: $X$ and $Y$ "
                "are not independent."
            )
        return Draft(
            prompt=(
                f"The joint PMF of $X$ and $Y$ is\n\n{joint.latex()}\n\nAre $X$ and $Y$ "
                "independent? Answer true or false."
            ),
            text=(
                f"The joint PMF of X and Y is\n\n{joint.text()}\n\nAre X and Y independent? "
                "Answer true or false."
            ),
            kind="boolean",
            expected=expected,
            data={**joint.data(), "independent": independent},
            hints=[
                "Compute both marginals first (row sums and column sums).",
                "X and Y are independent when P(X = x, Y = y) = P(X = x) P(Y = y) for EVERY "
                "cell; one cell that fits proves nothing.",
            ],
            solution="\n\n".join([marginals, *checks, verdict]),
            misconceptions=mistakes,
        )
