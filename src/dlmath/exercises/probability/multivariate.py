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
from dlmath.exercises.layout import named_grids
from dlmath.exercises.probability.tables import (
    Table,
    column_marginal,
    fraction_json,
    joint_table_latex,
    joint_table_text,
    mean,
    outer,
    random_joint,
    random_pmf,
    row_marginal,
    sqrt_of_fraction,
    table_json,
    times_sqrt_latex,
    times_sqrt_text,
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


# ---------------------------------------------------------------------------------------
# probability.covariance
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Moments:
    """E X, E Y, Var X, Var Y, E[XY] and Cov(X, Y) of a joint table, exactly."""

    ex: Fraction
    ey: Fraction
    var_x: Fraction
    var_y: Fraction
    exy: Fraction

    @property
    def cov(self) -> Fraction:
        return self.exy - self.ex * self.ey


def _moments(joint: Joint) -> Moments:
    ex, ey = mean(joint.xs, joint.px), mean(joint.ys, joint.py)
    ex2 = mean([x * x for x in joint.xs], joint.px)
    ey2 = mean([y * y for y in joint.ys], joint.py)
    exy = sum(
        (
            x * y * p
            for x, row in zip(joint.xs, joint.table, strict=True)
            for y, p in zip(joint.ys, row, strict=True)
        ),
        ZERO,
    )
    return Moments(ex, ey, ex2 - ex * ex, ey2 - ey * ey, exy)


def _dependent_joint(
    rng: np.random.Generator, rows: int, cols: int, denominators: Sequence[int]
) -> tuple[Joint, Moments]:
    while True:
        joint = _draw_joint(rng, rows, cols, denominators)
        moments = _moments(joint)
        if moments.cov != 0 and moments.var_x and moments.var_y:
            return joint, moments


def _moments_latex(joint: Joint, m: Moments) -> str:
    return (
        f"$E[X] = {latex_number(m.ex)}$, $E[Y] = {latex_number(m.ey)}$, "
        f"$E[XY] = \\sum_{{x,y}} x\\,y\\,p(x, y) = {latex_number(m.exy)}$, so "
        f"$\\operatorname{{Cov}}(X, Y) = E[XY] - E[X]E[Y] = {latex_number(m.exy)} - "
        f"{latex_number(m.ex)} \\cdot {latex_number(m.ey)} = {latex_number(m.cov)}$."
    )


def _variances_latex(m: Moments) -> str:
    return (
        f"$\\operatorname{{Var}} X = E[X^2] - (E X)^2 = {latex_number(m.var_x)}$ and "
        f"$\\operatorname{{Var}} Y = {latex_number(m.var_y)}$."
    )


def _combination_text(a: int, b: int, x: str = "X", y: str = "Y") -> str:
    """``2X - Y``: a linear combination with small integer coefficients."""
    first = x if a == 1 else ("-" + x if a == -1 else f"{a}{x}")
    second = y if abs(b) == 1 else f"{abs(b)}{y}"
    return f"{first} {'-' if b < 0 else '+'} {second}"


def _combination_variance(a: int, b: int, var_x: Fraction, var_y: Fraction, cov: Fraction):
    return a * a * var_x + b * b * var_y + 2 * a * b * cov


def _combination_mistakes(
    a: int, b: int, var_x: Fraction, var_y: Fraction, cov: Fraction
) -> list[tuple[Fraction, Misconception]]:
    combo = _combination_text(a, b)
    without = a * a * var_x + b * b * var_y
    items = [
        (
            without,
            Misconception(
                "misconception:missing-covariance",
                format_number(without),
                f"Var({combo}) = a² Var X + b² Var Y only when X and Y are uncorrelated; "
                f"here Cov(X, Y) ≠ 0, so add the cross term 2ab Cov(X, Y).",
            ),
        ),
        (
            without - 2 * a * b * cov,
            Misconception(
                "misconception:covariance-sign",
                format_number(without - 2 * a * b * cov),
                f"The cross term is +2ab Cov(X, Y) with the signs of the coefficients: here "
                f"2 · ({a}) · ({b}) · Cov(X, Y).",
            ),
        ),
        (
            a * var_x + b * var_y + 2 * a * b * cov,
            Misconception(
                "misconception:unsquared-coefficients",
                format_number(a * var_x + b * var_y + 2 * a * b * cov),
                "Var(aX) = a² Var X: the coefficients come out squared.",
            ),
        ),
    ]
    if a == b == 1:
        items.append(
            (
                without + cov,
                Misconception(
                    "misconception:single-covariance",
                    format_number(without + cov),
                    "The cross term is 2 Cov(X, Y): Var(X + Y) = Var X + Var Y + 2 Cov(X, Y).",
                ),
            )
        )
    return items


def _lower_factor(rng: np.random.Generator, n: int) -> list[list[int]]:
    return [
        [_int(rng, 1, 2) if i == j else (_int(rng, -1, 1) if j < i else 0) for j in range(n)]
        for i in range(n)
    ]


def _int_mul(a: Sequence[Sequence[int]], b: Sequence[Sequence[int]]) -> list[list[int]]:
    cols = list(zip(*b, strict=True))
    return [[sum(x * y for x, y in zip(row, col, strict=True)) for col in cols] for row in a]


def _int_det(a: Sequence[Sequence[int]]) -> int:
    """Determinant by cofactor expansion along the first row (sizes up to 3)."""
    if len(a) == 1:
        return a[0][0]
    return sum(
        (-1) ** j * a[0][j] * _int_det([row[:j] + row[j + 1 :] for row in a[1:]])
        for j in range(len(a))
    )


def _int_transpose(a: Sequence[Sequence[int]]) -> list[list[int]]:
    return [list(col) for col in zip(*a, strict=True)]


@register
class Covariance(Generator):
    """Covariance from a joint table; then correlation and variances of sums, where the
    covariance term is the trap; then covariance matrices of linear maps, A Σ Aᵀ."""

    skill = "probability.covariance"
    version = 1

    def generate(self, rng: np.random.Generator, difficulty: int) -> Draft:
        if difficulty == 1:
            return self._covariance(rng)
        if difficulty == 2:
            ask = _pick(rng, ["correlation", "sum-table", "combination"])
            if ask == "correlation":
                return self._correlation(rng)
            if ask == "sum-table":
                return self._table_combination(rng, 1, 1, [(2, 3), (3, 2), (2, 2)], 1)
            return self._given_combination(rng)
        if rng.random() < 0.6:
            return self._linear_map(rng)
        a, b = _pick(rng, [(1, -1), (2, 1), (1, -2), (2, -1)])
        return self._table_combination(rng, a, b, [(3, 3)], 2)

    def _covariance(self, rng: np.random.Generator) -> Draft:
        joint, m = _dependent_joint(rng, 2, 2, JOINT_DENOMINATORS[1])
        mistakes = [
            (
                m.exy,
                Misconception(
                    "misconception:uncentred",
                    format_number(m.exy),
                    "That is E[XY]; the covariance subtracts E[X]E[Y]: "
                    "Cov(X, Y) = E[XY] − E[X]E[Y].",
                ),
            ),
            (
                m.ex * m.ey,
                Misconception(
                    "misconception:product-of-means",
                    format_number(m.ex * m.ey),
                    "That is E[X]E[Y], only one of the two terms of E[XY] − E[X]E[Y].",
                ),
            ),
        ]
        return Draft(
            prompt=(
                f"The joint PMF of $X$ and $Y$ is\n\n{joint.latex()}\n\nFind "
                "$\\operatorname{Cov}(X, Y)$."
            ),
            text=f"The joint PMF of X and Y is\n\n{joint.text()}\n\nFind Cov(X, Y).",
            kind="number",
            expected=format_number(m.cov),
            data={**joint.data(), "ask": "covariance"},
            hints=[
                "Cov(X, Y) = E[XY] − E[X] E[Y].",
                "E[XY] adds x·y·P(X = x, Y = y) over all four cells; E[X] uses the marginal of X.",
            ],
            solution=_moments_latex(joint, m),
            misconceptions=_distinct(m.cov, mistakes),
        )

    def _correlation(self, rng: np.random.Generator) -> Draft:
        joint, m = _dependent_joint(rng, 2, _pick(rng, [2, 3]), JOINT_DENOMINATORS[1])
        c, radicand = sqrt_of_fraction(1 / (m.var_x * m.var_y))
        rho = (m.cov * c, radicand)
        by_variances = m.cov / (m.var_x * m.var_y)
        mistakes = [
            (
                m.cov,
                Misconception(
                    "misconception:covariance-for-correlation",
                    format_number(m.cov),
                    "That is the covariance; the correlation divides it by the standard "
                    "deviations: ρ = Cov(X, Y) / (σ_X σ_Y).",
                ),
            ),
            (
                by_variances,
                Misconception(
                    "misconception:variances-for-deviations",
                    format_number(by_variances),
                    "Divide by the standard deviations √(Var X) √(Var Y), not by the "
                    "variances themselves.",
                ),
            ),
        ]
        rho_latex = times_sqrt_latex(*rho)
        return Draft(
            prompt=(
                f"The joint PMF of $X$ and $Y$ is\n\n{joint.latex()}\n\nFind the correlation "
                "$\\rho(X, Y)$ (an exact value such as `sqrt(2)/4`, or a decimal)."
            ),
            text=(
                f"The joint PMF of X and Y is\n\n{joint.text()}\n\nFind the correlation "
                "ρ(X, Y) (an exact value such as sqrt(2)/4, or a decimal)."
            ),
            kind="number",
            expected=times_sqrt_text(*rho),
            data={**joint.data(), "ask": "correlation"},
            hints=[
                "ρ(X, Y) = Cov(X, Y) / √(Var X · Var Y).",
                "Cov(X, Y) = E[XY] − E[X]E[Y]; Var X = E[X²] − (E X)².",
            ],
            solution="\n\n".join(
                [
                    _moments_latex(joint, m),
                    _variances_latex(m),
                    f"$\\rho = \\frac{{{latex_number(m.cov)}}}{{\\sqrt{{"
                    f"{latex_number(m.var_x)} \\cdot {latex_number(m.var_y)}}}}} = "
                    f"{rho_latex}$.",
                ]
            ),
            misconceptions=_distinct(rho, mistakes),
        )

    def _table_combination(
        self,
        rng: np.random.Generator,
        a: int,
        b: int,
        sizes: Sequence[tuple[int, int]],
        denominators: int,
    ) -> Draft:
        rows, cols = _pick(rng, sizes)
        joint, m = _dependent_joint(rng, rows, cols, JOINT_DENOMINATORS[denominators])
        answer = _combination_variance(a, b, m.var_x, m.var_y, m.cov)
        combo = _combination_text(a, b)
        mistakes = _combination_mistakes(a, b, m.var_x, m.var_y, m.cov)
        return Draft(
            prompt=(
                f"The joint PMF of $X$ and $Y$ is\n\n{joint.latex()}\n\nFind "
                f"$\\operatorname{{Var}}({combo})$."
            ),
            text=f"The joint PMF of X and Y is\n\n{joint.text()}\n\nFind Var({combo}).",
            kind="number",
            expected=format_number(answer),
            data={**joint.data(), "ask": "combination", "a": a, "b": b},
            hints=[
                "Var(aX + bY) = a² Var X + b² Var Y + 2ab Cov(X, Y).",
                "X and Y here are dependent: compute Cov(X, Y) = E[XY] − E[X]E[Y] too.",
            ],
            solution="\n\n".join(
                [
                    _variances_latex(m),
                    _moments_latex(joint, m),
                    f"$\\operatorname{{Var}}({combo}) = ({a})^2 \\cdot {latex_number(m.var_x)}"
                    f" + ({b})^2 \\cdot {latex_number(m.var_y)} + 2 \\cdot ({a})({b}) \\cdot "
                    f"{latex_number(m.cov)} = {latex_number(answer)}$.",
                ]
            ),
            misconceptions=_distinct(answer, mistakes),
        )

    def _given_combination(self, rng: np.random.Generator) -> Draft:
        var_x, var_y = Fraction(_int(rng, 1, 9)), Fraction(_int(rng, 1, 9))
        if var_x * var_y < 2:  # no nonzero integer covariance fits Var X = Var Y = 1
            var_y += 1
        while True:
            cov = Fraction(_int(rng, -4, 4))
            if cov != 0 and cov * cov < var_x * var_y:
                break
        a = _pick(rng, [1, 2, 3])
        b = _pick(rng, [1, 2, -1, -2, -3])
        answer = _combination_variance(a, b, var_x, var_y, cov)
        combo = _combination_text(a, b)
        given = (
            f"Var X = {format_number(var_x)}, Var Y = {format_number(var_y)} and "
            f"Cov(X, Y) = {format_number(cov)}"
        )
        given_latex = (
            f"$\\operatorname{{Var}} X = {latex_number(var_x)}$, $\\operatorname{{Var}} Y = "
            f"{latex_number(var_y)}$ and $\\operatorname{{Cov}}(X, Y) = {latex_number(cov)}$"
        )
        return Draft(
            prompt=f"Random variables $X$ and $Y$ have {given_latex}. Find "
            f"$\\operatorname{{Var}}({combo})$.",
            text=f"Random variables X and Y have {given}. Find Var({combo}).",
            kind="number",
            expected=format_number(answer),
            data={
                "ask": "given",
                "var_x": fraction_json(var_x),
                "var_y": fraction_json(var_y),
                "cov": fraction_json(cov),
                "a": a,
                "b": b,
            },
            hints=[
                "Expand Var(aX + bY) = Cov(aX + bY, aX + bY) by bilinearity.",
                "Var(aX + bY) = a² Var X + b² Var Y + 2ab Cov(X, Y).",
            ],
            solution=(
                f"$\\operatorname{{Var}}({combo}) = a^2 \\operatorname{{Var}} X + b^2 "
                f"\\operatorname{{Var}} Y + 2ab \\operatorname{{Cov}}(X, Y) = ({a})^2 \\cdot "
                f"{latex_number(var_x)} + ({b})^2 \\cdot {latex_number(var_y)} + 2 \\cdot "
                f"({a})({b}) \\cdot ({latex_number(cov)}) = {latex_number(answer)}$."
            ),
            misconceptions=_distinct(answer, _combination_mistakes(a, b, var_x, var_y, cov)),
        )

    def _linear_map(self, rng: np.random.Generator) -> Draft:
        n = _pick(rng, [2, 3])
        m = _pick(rng, [2] if n == 2 else [2, 3])
        while True:
            factor = _lower_factor(rng, n)
            sigma = _int_mul(factor, _int_transpose(factor))
            if any(sigma[i][j] for i in range(n) for j in range(n) if i != j):
                break
        while True:
            a = [[_int(rng, -2, 2) for _ in range(n)] for _ in range(m)]
            if _int_det(_int_mul(a, _int_transpose(a))) != 0:  # rows independent
                break
        answer = _int_mul(_int_mul(a, sigma), _int_transpose(a))
        diag = [[sigma[i][j] if i == j else 0 for j in range(n)] for i in range(n)]
        without = _int_mul(_int_mul(a, diag), _int_transpose(a))
        mistakes: list[tuple[Any, Misconception]] = [
            (
                _vector_key([Fraction(v) for row in without for v in row]),
                Misconception(
                    "misconception:missing-covariance",
                    matrix_text(without),
                    "You kept only the variances on the diagonal of Σ; the components of z are "
                    "correlated, and the off-diagonal covariances enter A Σ Aᵀ too.",
                ),
            )
        ]
        if m == n:
            flipped = _int_mul(_int_mul(_int_transpose(a), sigma), a)
            mistakes.append(
                (
                    _vector_key([Fraction(v) for row in flipped for v in row]),
                    Misconception(
                        "misconception:transposed-sandwich",
                        matrix_text(flipped),
                        "That is Aᵀ Σ A; for y = A z the covariance is Cov(y) = A Σ Aᵀ.",
                    ),
                )
            )
            one_sided = _int_mul(a, sigma)
            mistakes.append(
                (
                    _vector_key([Fraction(v) for row in one_sided for v in row]),
                    Misconception(
                        "misconception:one-sided",
                        matrix_text(one_sided),
                        "Covariance is quadratic in A: Cov(A z) = E[A (z − μ)(z − μ)ᵀ Aᵀ] = "
                        "A Σ Aᵀ, with A on both sides.",
                    ),
                )
            )
        ask = f"the covariance matrix of y = A z (a {m}×{m} matrix)"
        space = "ℝ²" if n == 2 else "ℝ³"
        return Draft(
            prompt=(
                f"A random vector $z \\in \\mathbb{{R}}^{n}$ has covariance matrix "
                f"$\\Sigma = {latex_matrix(sigma)}$. Let $y = A z$ with "
                f"$A = {latex_matrix(a)}$. Find the covariance matrix of $y$."
            ),
            text=(
                f"A random vector z in {space} has covariance matrix Σ, and y = A z.\n\n"
                f"{named_grids([('Σ', sigma), ('A', a)])}\n\nFind {ask}."
            ),
            kind="matrix",
            expected=matrix_text(answer),
            data={"ask": "linear-map", "A": a, "Sigma": sigma},
            hints=[
                "Cov(A z) = A Cov(z) Aᵀ.",
                f"Compute A Σ first ({m}×{n}), then multiply by Aᵀ on the right.",
            ],
            solution=(
                "$\\operatorname{Cov}(Az) = E[A(z - \\mu)(z - \\mu)^\\top A^\\top] = "
                f"A \\Sigma A^\\top$. Here $A \\Sigma = {latex_matrix(_int_mul(a, sigma))}$ and "
                f"$A \\Sigma A^\\top = {latex_matrix(answer)}$."
            ),
            misconceptions=_distinct(
                _vector_key([Fraction(v) for row in answer for v in row]), mistakes
            ),
        )


# ---------------------------------------------------------------------------------------
# Data sets: probability.sample-statistics and probability.maximum-likelihood
# ---------------------------------------------------------------------------------------


def _data(rng: np.random.Generator, n: int, lo: int, hi: int, mean_divides: bool = False):
    """``n`` integers in [lo, hi], not all equal; with ``mean_divides`` their mean is whole."""
    while True:
        values = [_int(rng, lo, hi) for _ in range(n)]
        if len(set(values)) > 1 and (not mean_divides or sum(values) % n == 0):
            return values


def _shown(value: Fraction | int) -> str:
    """A data value as printed: ``3``, ``1.5``."""
    f = Fraction(value)
    return str(f.numerator) if f.denominator == 1 else repr(float(f))


def _data_text(values: Sequence[Fraction | int]) -> str:
    return ", ".join(_shown(v) for v in values)


def _sum_of_squares(values: Sequence[Fraction | int]) -> tuple[Fraction, Fraction]:
    """(mean, Σ (x − mean)²), exactly."""
    avg = Fraction(sum(values, Fraction(0))) / len(values)
    return avg, sum(((Fraction(v) - avg) ** 2 for v in values), Fraction(0))


def _deviations_latex(values: Sequence[Fraction | int], avg: Fraction, ss: Fraction) -> str:
    terms = " + ".join(f"({latex_number(Fraction(v) - avg)})^2" for v in values)
    return f"$\\sum_i (x_i - \\bar x)^2 = {terms} = {latex_number(ss)}$"


def _root(value: Fraction) -> tuple[Fraction, int]:
    return sqrt_of_fraction(value)


@register
class SampleStatistics(Generator):
    """Sample mean, sample variance with Bessel's n − 1, sample standard deviation,
    standard error of the mean and sample covariance of paired data."""

    skill = "probability.sample-statistics"
    version = 1

    def generate(self, rng: np.random.Generator, difficulty: int) -> Draft:
        if difficulty == 1:
            n = _int(rng, 4, 5)
            if rng.random() < 0.4:
                return self._mean(_data(rng, n, 0, 9))
            return self._variance(_data(rng, n, 0, 9, mean_divides=True), root=False)
        if difficulty == 2:
            values = _data(rng, _int(rng, 5, 7), 0, 9)
            return self._variance(values, root=rng.random() < 0.4)
        if rng.random() < 0.6:
            return self._standard_error(_data(rng, _int(rng, 5, 8), 0, 12))
        return self._covariance(rng, _int(rng, 4, 6))

    def _mean(self, values: list[int]) -> Draft:
        n, total = len(values), sum(values)
        answer = Fraction(total, n)
        mistakes = [
            (
                Fraction(total, n - 1),
                Misconception(
                    "misconception:bessel-for-mean",
                    format_number(Fraction(total, n - 1)),
                    "Bessel's n − 1 corrects the sample variance, not the mean: the sample "
                    "mean divides the sum by n.",
                ),
            )
        ]
        return Draft(
            prompt=f"Find the sample mean $\\bar x$ of the data ${_data_text(values)}$.",
            text=f"Find the sample mean of the data {_data_text(values)}.",
            kind="number",
            expected=format_number(answer),
            data={"ask": "mean", "x": values},
            hints=["The sample mean is the sum of the values divided by how many there are."],
            solution=(
                f"$\\bar x = \\frac{{1}}{{n}} \\sum_i x_i = \\frac{{{total}}}{{{n}}} = "
                f"{latex_number(answer)}$."
            ),
            misconceptions=_distinct(answer, mistakes),
        )

    def _variance(self, values: list[int], root: bool) -> Draft:
        n = len(values)
        avg, ss = _sum_of_squares(values)
        s2, by_n = ss / (n - 1), ss / n
        if root:
            answer: Fraction | tuple = _root(s2)
            mistakes = [
                (
                    _root(by_n),
                    Misconception(
                        "misconception:bessel",
                        times_sqrt_text(*_root(by_n)),
                        "The sample standard deviation divides the sum of squared deviations "
                        "by n − 1 (Bessel's correction) before the square root, not by n.",
                    ),
                ),
                (
                    s2,
                    Misconception(
                        "misconception:variance-for-sd",
                        format_number(s2),
                        "That is the sample variance s²; the standard deviation is its square "
                        "root.",
                    ),
                ),
            ]
            expected = times_sqrt_text(*answer)
            what, what_text, symbol = "standard deviation", "sample standard deviation s", "s"
            result = f"$s = \\sqrt{{{latex_number(s2)}}} = {times_sqrt_latex(*answer)}$."
        else:
            answer = s2
            mistakes = [
                (
                    by_n,
                    Misconception(
                        "misconception:bessel",
                        format_number(by_n),
                        "You divided by n; the sample variance divides by n − 1 (Bessel's "
                        "correction), because the deviations are taken from the sample mean.",
                    ),
                ),
                (
                    _root(s2),
                    Misconception(
                        "misconception:sd-for-variance",
                        times_sqrt_text(*_root(s2)),
                        "That is the standard deviation s; the variance is s², no square root.",
                    ),
                ),
            ]
            expected = format_number(s2)
            what, what_text, symbol = "variance", "sample variance s²", "s^2"
            result = f"$s^2 = {latex_number(s2)}$."
        return Draft(
            prompt=(
                f"Find the sample {what} ${symbol}$ (with Bessel's correction, dividing by "
                f"$n - 1$) of the data ${_data_text(values)}$."
            ),
            text=(
                f"Find the {what_text} (with Bessel's correction, dividing by n − 1) of the "
                f"data {_data_text(values)}."
            ),
            kind="number",
            expected=expected,
            data={"ask": "sd" if root else "variance", "x": values},
            hints=[
                "First the sample mean, then the squared deviations from it.",
                f"s² = Σ (xᵢ − x̄)² / (n − 1) with n = {n}."
                + (" Then take the square root." if root else ""),
            ],
            solution="\n\n".join(
                [
                    f"$\\bar x = {latex_number(avg)}$.",
                    _deviations_latex(values, avg, ss),
                    f"$s^2 = \\frac{{{latex_number(ss)}}}{{{n} - 1}} = {latex_number(s2)}$.",
                    *([result] if root else []),
                ]
            ),
            misconceptions=_distinct(answer, mistakes),
        )

    def _standard_error(self, values: list[int]) -> Draft:
        n = len(values)
        avg, ss = _sum_of_squares(values)
        s2 = ss / (n - 1)
        answer = _root(s2 / n)
        mistakes = [
            (
                _root(ss / n / n),
                Misconception(
                    "misconception:bessel",
                    times_sqrt_text(*_root(ss / n / n)),
                    "The standard error uses the sample standard deviation s, whose variance "
                    "divides by n − 1 (Bessel's correction), not by n.",
                ),
            ),
            (
                _root(s2),
                Misconception(
                    "misconception:sd-for-se",
                    times_sqrt_text(*_root(s2)),
                    "That is the sample standard deviation s; the standard error of the mean "
                    "is s / √n.",
                ),
            ),
            (
                s2 / n,
                Misconception(
                    "misconception:variance-for-se",
                    format_number(s2 / n),
                    "That is s² / n, the estimated variance of the mean; the standard error is "
                    "its square root.",
                ),
            ),
            (
                _root(s2 / (n * n)),
                Misconception(
                    "misconception:divided-by-n",
                    times_sqrt_text(*_root(s2 / (n * n))),
                    "Divide s by √n, not by n: Var(x̄) = σ² / n.",
                ),
            ),
        ]
        return Draft(
            prompt=(
                "Find the standard error of the mean, $s / \\sqrt{n}$ with $s$ the sample "
                f"standard deviation (dividing by $n - 1$), of the data ${_data_text(values)}$."
            ),
            text=(
                "Find the standard error of the mean, s / √n with s the sample standard "
                f"deviation (dividing by n − 1), of the data {_data_text(values)}."
            ),
            kind="number",
            expected=times_sqrt_text(*answer),
            data={"ask": "standard-error", "x": values},
            hints=[
                "Sample mean, then the sample variance s² = Σ (xᵢ − x̄)² / (n − 1).",
                f"SE = s / √n = √(s² / n) with n = {n}.",
            ],
            solution="\n\n".join(
                [
                    f"$\\bar x = {latex_number(avg)}$.",
                    _deviations_latex(values, avg, ss),
                    f"$s^2 = \\frac{{{latex_number(ss)}}}{{{n - 1}}} = {latex_number(s2)}$, so "
                    f"$\\mathrm{{SE}} = \\sqrt{{s^2 / n}} = \\sqrt{{{latex_number(s2 / n)}}} = "
                    f"{times_sqrt_latex(*answer)}$.",
                ]
            ),
            misconceptions=_distinct(answer, mistakes),
        )

    def _covariance(self, rng: np.random.Generator, n: int) -> Draft:
        while True:
            xs, ys = _data(rng, n, 0, 9), _data(rng, n, 0, 9)
            mx, my = Fraction(sum(xs), n), Fraction(sum(ys), n)
            cross = sum(((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)), ZERO)
            if cross != 0:
                break
        answer = cross / (n - 1)
        mistakes = [
            (
                cross / n,
                Misconception(
                    "misconception:bessel",
                    format_number(cross / n),
                    "The sample covariance divides the sum of products of deviations by "
                    "n − 1 (Bessel's correction), not by n.",
                ),
            ),
            (
                Fraction(sum(x * y for x, y in zip(xs, ys, strict=True)), n - 1),
                Misconception(
                    "misconception:uncentred",
                    format_number(Fraction(sum(x * y for x, y in zip(xs, ys, strict=True)), n - 1)),
                    "Subtract the means first: the sample covariance adds "
                    "(xᵢ − x̄)(yᵢ − ȳ), not xᵢ yᵢ.",
                ),
            ),
        ]
        pairs = ", ".join(f"({x}, {y})" for x, y in zip(xs, ys, strict=True))
        products = " + ".join(
            f"({latex_number(x - mx)})({latex_number(y - my)})" for x, y in zip(xs, ys, strict=True)
        )
        return Draft(
            prompt=(
                f"Find the sample covariance (dividing by $n - 1$) of the paired data "
                f"$(x_i, y_i)$: ${pairs}$."
            ),
            text=f"Find the sample covariance (dividing by n − 1) of the paired data (x, y): "
            f"{pairs}.",
            kind="number",
            expected=format_number(answer),
            data={"ask": "covariance", "x": xs, "y": ys},
            hints=[
                "First both means x̄ and ȳ.",
                "Add (xᵢ − x̄)(yᵢ − ȳ) over the pairs and divide by n − 1.",
            ],
            solution="\n\n".join(
                [
                    f"$\\bar x = {latex_number(mx)}$, $\\bar y = {latex_number(my)}$.",
                    f"$\\sum_i (x_i - \\bar x)(y_i - \\bar y) = {products} = "
                    f"{latex_number(cross)}$.",
                    f"$s_{{xy}} = \\frac{{{latex_number(cross)}}}{{{n - 1}}} = "
                    f"{latex_number(answer)}$.",
                ]
            ),
            misconceptions=_distinct(answer, mistakes),
        )


@register
class MaximumLikelihood(Generator):
    """MLEs from small IID data sets: Bernoulli p and Poisson λ (difficulty 1), the
    exponential rate and the Gaussian variance (2), then the Gaussian variance or standard
    deviation with a fractional mean, or a rate from half-integer data (3)."""

    skill = "probability.maximum-likelihood"
    version = 1

    def generate(self, rng: np.random.Generator, difficulty: int) -> Draft:
        if difficulty == 1:
            if rng.random() < 0.5:
                return self._bernoulli(rng)
            return self._poisson(_data(rng, _int(rng, 5, 8), 0, 5))
        if difficulty == 2:
            if rng.random() < 0.5:
                return self._exponential(_data(rng, _int(rng, 4, 6), 1, 9))
            return self._gaussian(_data(rng, _int(rng, 4, 5), 0, 9, mean_divides=True), False)
        ask = _pick(rng, ["variance", "variance", "sd", "rate"])
        if ask == "rate":
            halves = [Fraction(_int(rng, 1, 12), 2) for _ in range(_int(rng, 4, 6))]
            return self._exponential(halves)
        values = _data(rng, _int(rng, 5, 8), 0, 9)
        return self._gaussian(values, ask == "sd")

    def _bernoulli(self, rng: np.random.Generator) -> Draft:
        n = _int(rng, 6, 12)
        k = _int(rng, 1, n - 1)
        flips = [1] * k + [0] * (n - k)
        flips = [flips[int(i)] for i in rng.permutation(n)]
        answer = Fraction(k, n)
        mistakes = [
            (
                1 - answer,
                Misconception(
                    "misconception:complement",
                    format_number(1 - answer),
                    "That is the fraction of zeros; p is the probability of a 1.",
                ),
            )
        ]
        return Draft(
            prompt=(
                "Independent Bernoulli($p$) trials gave "
                f"${_data_text(flips)}$. Find the maximum likelihood estimate $\\hat p$."
            ),
            text=(
                f"Independent Bernoulli(p) trials gave {_data_text(flips)}. Find the maximum "
                "likelihood estimate of p."
            ),
            kind="number",
            expected=format_number(answer),
            data={"ask": "bernoulli", "x": flips},
            hints=[
                "The log-likelihood is k log p + (n − k) log(1 − p), with k the number of 1s.",
                "Set its derivative k/p − (n − k)/(1 − p) to zero.",
            ],
            solution=(
                f"With $k = {k}$ ones in $n = {n}$ trials, $\\ell(p) = {k} \\log p + {n - k} "
                f"\\log(1 - p)$; $\\ell'(p) = \\frac{{{k}}}{{p}} - \\frac{{{n - k}}}{{1 - p}} = "
                f"0$ gives $\\hat p = \\frac{{k}}{{n}} = {latex_number(answer)}$."
            ),
            misconceptions=_distinct(answer, mistakes),
        )

    def _poisson(self, counts: list[int]) -> Draft:
        n, total = len(counts), sum(counts)
        answer = Fraction(total, n)
        avg, ss = _sum_of_squares(counts)
        mistakes = [
            (
                ss / (n - 1),
                Misconception(
                    "misconception:variance-for-mean",
                    format_number(ss / (n - 1)),
                    "That is the sample variance. A Poisson's variance is λ too, but the "
                    "likelihood is maximised by the sample mean.",
                ),
            ),
            (
                Fraction(n, total),
                Misconception(
                    "misconception:reciprocal",
                    format_number(Fraction(n, total)),
                    "λ is the mean count, not its reciprocal: λ̂ = Σ xᵢ / n.",
                ),
            ),
        ]
        return Draft(
            prompt=(
                f"Counts ${_data_text(counts)}$ are independent draws from a Poisson"
                "($\\lambda$) distribution. Find the maximum likelihood estimate "
                "$\\hat\\lambda$."
            ),
            text=(
                f"Counts {_data_text(counts)} are independent draws from a Poisson(λ) "
                "distribution. Find the maximum likelihood estimate of λ."
            ),
            kind="number",
            expected=format_number(answer),
            data={"ask": "poisson", "x": counts},
            hints=[
                "ℓ(λ) = Σ xᵢ log λ − n λ − Σ log xᵢ!.",
                "Set ℓ'(λ) = Σ xᵢ / λ − n to zero.",
            ],
            solution=(
                f"$\\ell(\\lambda) = {total} \\log \\lambda - {n} \\lambda + \\text{{const}}$, "
                f"$\\ell'(\\lambda) = \\frac{{{total}}}{{\\lambda}} - {n} = 0$, so "
                f"$\\hat\\lambda = \\bar x = {latex_number(answer)}$."
            ),
            misconceptions=_distinct(answer, mistakes),
        )

    def _exponential(self, values: Sequence[Fraction | int]) -> Draft:
        n = len(values)
        total = sum((Fraction(v) for v in values), ZERO)
        answer = n / total
        mistakes = [
            (
                total / n,
                Misconception(
                    "misconception:mean-for-rate",
                    format_number(total / n),
                    "That is the sample mean, which estimates the mean 1/λ; the rate is its "
                    "reciprocal, λ̂ = n / Σ xᵢ.",
                ),
            )
        ]
        return Draft(
            prompt=(
                f"Waiting times ${_data_text(values)}$ are independent draws from an "
                "exponential distribution with rate $\\lambda$ (density "
                "$\\lambda e^{-\\lambda x}$). Find the maximum likelihood estimate "
                "$\\hat\\lambda$."
            ),
            text=(
                f"Waiting times {_data_text(values)} are independent draws from an "
                "exponential distribution with rate λ (density λ exp(−λx)). Find the maximum "
                "likelihood estimate of λ."
            ),
            kind="number",
            expected=format_number(answer),
            data={"ask": "exponential", "x": [fraction_json(v) for v in values]},
            hints=[
                "ℓ(λ) = n log λ − λ Σ xᵢ.",
                "Set ℓ'(λ) = n / λ − Σ xᵢ to zero.",
            ],
            solution=(
                f"$\\ell(\\lambda) = {n} \\log \\lambda - {latex_number(total)} \\lambda$, "
                f"$\\ell'(\\lambda) = \\frac{{{n}}}{{\\lambda}} - {latex_number(total)} = 0$, "
                f"so $\\hat\\lambda = \\frac{{n}}{{\\sum_i x_i}} = {latex_number(answer)}$ "
                "(one over the sample mean)."
            ),
            misconceptions=_distinct(answer, mistakes),
        )

    def _gaussian(self, values: list[int], root: bool) -> Draft:
        n = len(values)
        avg, ss = _sum_of_squares(values)
        mle, unbiased = ss / n, ss / (n - 1)
        if root:
            answer: Fraction | tuple = _root(mle)
            expected = times_sqrt_text(*answer)
            mistakes = [
                (
                    _root(unbiased),
                    Misconception(
                        "misconception:unbiased-for-mle",
                        times_sqrt_text(*_root(unbiased)),
                        "Dividing by n − 1 gives the unbiased variance, not the MLE: the "
                        "likelihood is maximised by σ̂² = Σ (xᵢ − x̄)² / n.",
                    ),
                ),
                (
                    mle,
                    Misconception(
                        "misconception:variance-for-sd",
                        format_number(mle),
                        "That is σ̂², the MLE of the variance; the MLE of σ is its square root "
                        "(MLEs carry over through functions).",
                    ),
                ),
            ]
            what_latex, what_text = "$\\hat\\sigma$ of the standard deviation $\\sigma$", "σ"
        else:
            answer = mle
            expected = format_number(mle)
            mistakes = [
                (
                    unbiased,
                    Misconception(
                        "misconception:unbiased-for-mle",
                        format_number(unbiased),
                        "Dividing by n − 1 gives the unbiased sample variance, not the MLE: the "
                        "likelihood is maximised by σ̂² = Σ (xᵢ − x̄)² / n.",
                    ),
                ),
                (
                    _root(mle),
                    Misconception(
                        "misconception:sd-for-variance",
                        times_sqrt_text(*_root(mle)),
                        "That is σ̂, the standard deviation; the question asks for the variance σ̂².",
                    ),
                ),
            ]
            what_latex, what_text = "$\\hat\\sigma^2$ of the variance $\\sigma^2$", "σ²"
        finish = (
            f"$\\hat\\sigma = \\sqrt{{{latex_number(mle)}}} = {times_sqrt_latex(*answer)}$."
            if root
            else "(The unbiased estimate would divide by $n - 1$; the MLE divides by $n$.)"
        )
        return Draft(
            prompt=(
                f"Data ${_data_text(values)}$ are independent draws from a normal "
                "distribution $\\mathcal{N}(\\mu, \\sigma^2)$ with unknown $\\mu$ and "
                f"$\\sigma^2$. Find the maximum likelihood estimate {what_latex}."
            ),
            text=(
                f"Data {_data_text(values)} are independent draws from a normal distribution "
                f"N(μ, σ²) with unknown μ and σ². Find the maximum likelihood estimate of "
                f"{what_text}."
            ),
            kind="number",
            expected=expected,
            data={"ask": "gaussian-sd" if root else "gaussian-variance", "x": values},
            hints=[
                "ℓ(μ, σ²) = −(n/2) log(2πσ²) − Σ (xᵢ − μ)² / (2σ²); maximise over μ first.",
                "μ̂ = x̄; setting ∂ℓ/∂σ² = 0 gives σ̂² = Σ (xᵢ − x̄)² / n (divide by n, not n − 1).",
            ],
            solution="\n\n".join(
                [
                    "$\\ell(\\mu, \\sigma^2) = -\\frac{n}{2}\\log(2\\pi\\sigma^2) - "
                    "\\frac{1}{2\\sigma^2}\\sum_i (x_i - \\mu)^2$. "
                    f"$\\partial \\ell / \\partial \\mu = 0$ gives $\\hat\\mu = \\bar x = "
                    f"{latex_number(avg)}$.",
                    _deviations_latex(values, avg, ss),
                    f"$\\partial \\ell / \\partial \\sigma^2 = -\\frac{{n}}{{2\\sigma^2}} + "
                    f"\\frac{{1}}{{2\\sigma^4}} \\sum_i (x_i - \\bar x)^2 = 0$ gives "
                    f"$\\hat\\sigma^2 = \\frac{{{latex_number(ss)}}}{{{n}}} = "
                    f"{latex_number(mle)}$.",
                    finish,
                ]
            ),
            misconceptions=_distinct(answer, mistakes),
        )
