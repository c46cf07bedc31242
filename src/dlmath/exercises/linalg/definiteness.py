"""linalg.definiteness: classify symmetric matrices Qᵀ D Q (Q unimodular): the signs of D
decide (Sylvester's law of inertia), while the diagonal, the entries and the determinant
can mislead."""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import TYPE_CHECKING

from dlmath.exercises.base import Draft, Generator, Misconception
from dlmath.exercises.kit import (
    FractionMatrix,
    determinant,
    draw_int,
    json_matrix,
    linear_form,
    mat_mul,
    max_abs,
    pick,
    transpose,
    unimodular,
)
from dlmath.exercises.layout import named_grids
from dlmath.exercises.registry import register
from dlmath.expr.literals import format_number, latex_matrix, latex_number

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np


DEFINITENESS = [
    "positive definite",
    "positive semidefinite",
    "negative definite",
    "negative semidefinite",
    "indefinite",
]


def _class_of_signs(values: Sequence[Fraction]) -> str:
    """The class a list of signs (eigenvalues, or pivots of Qᵀ D Q) stands for."""
    pos = any(v > 0 for v in values)
    neg = any(v < 0 for v in values)
    zero = any(v == 0 for v in values)
    if pos and neg:
        return "indefinite"
    if pos:
        return "positive semidefinite" if zero else "positive definite"
    if neg:
        return "negative semidefinite" if zero else "negative definite"
    return "positive semidefinite"  # the zero matrix; never drawn


def _diagonal_for(rng: np.random.Generator, target: str, n: int) -> list[int]:
    while True:
        if target == "positive definite":
            d = [draw_int(rng, 1, 3) for _ in range(n)]
        elif target == "positive semidefinite":
            d = [draw_int(rng, 0, 3) for _ in range(n)]
        elif target == "negative definite":
            d = [-draw_int(rng, 1, 3) for _ in range(n)]
        elif target == "negative semidefinite":
            d = [-draw_int(rng, 0, 3) for _ in range(n)]
        else:
            d = [draw_int(rng, -3, 3) for _ in range(n)]
        if _class_of_signs([Fraction(v) for v in d]) == target:
            return d


def _quadratic_form(a: FractionMatrix, latex: bool) -> str:
    """xᵀ A x written out: ``2x1² + 2x1x2 - x2²`` (or its LaTeX)."""
    n = len(a)
    names = [f"x_{i + 1}" for i in range(n)] if latex else [f"x{i + 1}" for i in range(n)]
    terms: list[tuple[Fraction, str]] = []
    for i in range(n):
        terms.append((a[i][i], f"{names[i]}^2" if latex else f"{names[i]}²"))
        for j in range(i + 1, n):
            terms.append((2 * a[i][j], f"{names[i]}{names[j]}"))
    return linear_form([c for c, _ in terms], [t for _, t in terms])


def _determinant_only(a: FractionMatrix) -> str:
    det = determinant(a)
    if det > 0:
        return "positive definite"
    if det == 0:
        return "positive semidefinite"
    return "negative definite" if len(a) % 2 else "indefinite"


def _by_entries(values: Sequence[Fraction]) -> str:
    if all(v > 0 for v in values):
        return "positive definite"
    if all(v < 0 for v in values):
        return "negative definite"
    if all(v >= 0 for v in values):
        return "positive semidefinite"
    if all(v <= 0 for v in values):
        return "negative semidefinite"
    return "indefinite"


@register
class Definiteness(Generator):
    """Classify symmetric matrices Qᵀ D Q (Q unimodular): the signs of D decide (Sylvester's
    law of inertia), while the diagonal, the entries and the determinant can mislead."""

    skill = "linalg.definiteness"
    version = 1

    def generate(self, rng: np.random.Generator, difficulty: int) -> Draft:
        n = {1: 2, 2: pick(rng, [2, 3]), 3: 3}[difficulty]
        targets = {
            1: ["positive definite", "negative definite", "indefinite"],
            2: DEFINITENESS,
            3: [*DEFINITENESS, "positive semidefinite", "indefinite", "negative definite"],
        }[difficulty]
        target = pick(rng, targets)
        for attempt in range(200):
            d = _diagonal_for(rng, target, n)
            q = unimodular(rng, n, 2)
            dm = [[Fraction(d[i]) if i == j else Fraction(0) for j in range(n)] for i in range(n)]
            a = mat_mul(mat_mul(transpose(q), dm), q)
            if max_abs(a) > 12:
                continue
            wrong = self._misconceptions(a, target)
            # from difficulty 2 on, one of the shortcuts must give a wrong class
            if difficulty == 1 or any(m.answer != target for m in wrong) or attempt > 150:
                break
        form = difficulty == 3 and rng.random() < 0.5
        minors = [determinant([row[:k] for row in a[:k]]) for k in range(1, n + 1)]
        squares = []
        for i in range(n):
            if d[i]:
                squares.append(
                    f"{latex_number(d[i]) if abs(d[i]) != 1 else ('-' if d[i] < 0 else '')}"
                    f"({linear_form(q[i], [f'x_{j + 1}' for j in range(n)])})^2"
                )
        sum_of_squares = " + ".join(squares).replace("+ -", "- ") or "0"
        solution = [
            "Leading principal minors: "
            + ", ".join(f"$\\Delta_{k + 1} = {latex_number(m)}$" for k, m in enumerate(minors))
            + ".",
        ]
        if all(m > 0 for m in minors):
            solution.append(
                "All are positive, so $A$ is positive definite (Sylvester's criterion)."
            )
        elif all((m < 0) if k % 2 == 0 else (m > 0) for k, m in enumerate(minors)):
            solution.append("Their signs alternate starting with $-$, so $A$ is negative definite.")
        elif all(minors):
            solution.append(
                "All are nonzero but their signs fit neither pattern, so $A$ is indefinite "
                "(the pivots $\\Delta_k / \\Delta_{k-1}$ have both signs). Completing the "
                "squares shows the same."
            )
        else:
            solution.append(
                "A minor is zero, so they do not settle it on their own (the criterion needs "
                "all of them nonzero): complete the squares."
            )
        solution += [
            f"Completing the squares: $x^T A x = {sum_of_squares}$.",
            f"That is $A = Q^T D Q$ with $Q = {latex_matrix(q)}$ invertible and $D$ = "
            f"diag({', '.join(str(v) for v in d)}). "
            "As $x$ ranges over all vectors so does $y = Qx$, and $x^T A x = y^T D y = \\sum_i "
            "d_i y_i^2$: "
            f"the signs of the $d_i$ decide (Sylvester's law of inertia). $A$ is **{target}**.",
        ]
        matrix_part = f"$$A = {latex_matrix(a)}$$"
        text_part = named_grids([("A", a)])
        if form:
            subject = "the quadratic form"
            matrix_part = f"$$q(x) = {_quadratic_form(a, True)}$$"
            text_part = f"    q(x) = {_quadratic_form(a, False)}"
            solution.insert(
                0,
                f"The matrix of the form is $A = {latex_matrix(a)}$ (half of each cross "
                "coefficient goes into each off-diagonal entry).",
            )
        else:
            subject = "the symmetric matrix A"
        ask = (
            f"Classify {subject}: answer one of positive definite, positive semidefinite, negative "
            "definite, negative semidefinite, indefinite (the most specific that holds)."
        )
        hints = [
            "Look at the signs of the eigenvalues, or complete the squares in xᵀ A x.",
            "Sylvester's criterion: positive definite exactly when all leading principal minors "
            "are "
            "positive. The diagonal and the determinant alone do not decide.",
        ]
        if form:
            hints.insert(0, "Write the symmetric matrix A with q(x) = xᵀ A x first.")
        return Draft(
            prompt=f"{ask}\n\n{matrix_part}",
            text=f"{ask}\n\n{text_part}",
            kind="choice",
            expected=target,
            data={"A": json_matrix(a), "form": form},
            hints=hints[:3],
            solution="\n\n".join(solution),
            misconceptions=self._misconceptions(a, target),
            choices=list(DEFINITENESS),
        )

    def _misconceptions(self, a: FractionMatrix, target: str) -> list[Misconception]:
        n = len(a)
        return [
            Misconception(
                "misconception:determinant-only",
                _determinant_only(a),
                "The determinant is the product of the eigenvalues "
                f"({format_number(determinant(a))} here): its sign alone cannot tell which "
                "eigenvalues are positive or negative.",
            ),
            Misconception(
                "misconception:diagonal-signs",
                _by_entries([a[i][i] for i in range(n)]),
                "The diagonal entries are the values of xᵀAx at the unit vectors only; the "
                "off-diagonal entries can make the form change sign elsewhere.",
            ),
            Misconception(
                "misconception:entry-signs",
                _by_entries([v for row in a for v in row]),
                "Definiteness is about the sign of xᵀAx for every x (the eigenvalues), not the "
                "signs of the entries.",
            ),
        ]
