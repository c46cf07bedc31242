"""linalg.range-nullspace: a vector spanning a one-dimensional nullspace (difficulty 1),
the nullity by rank–nullity (difficulty 2), and the value of k that puts b in the range
of A (difficulty 3).

Matrices are built around what is asked: rows orthogonal to a chosen null vector, a
product F G of known rank, columns whose left null vector y makes "b ∈ range(A)" the
single linear condition yᵀb = 0.
"""

from __future__ import annotations

from fractions import Fraction
from math import gcd
from typing import TYPE_CHECKING

from dlmath.exercises.base import Draft, Generator, Misconception
from dlmath.exercises.kit import (
    FractionMatrix,
    dot,
    draw_int,
    fraction_matrix,
    json_matrix,
    json_vector,
    latex_column,
    latex_factor,
    mat_mul,
    max_abs,
    nonzero_int,
    pick,
    rank,
    reduction_markdown,
    row_reduce,
    transpose,
)
from dlmath.exercises.registry import register
from dlmath.expr.literals import format_number, latex_matrix, vector_text

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np


def _cross(u: list[Fraction], v: list[Fraction]) -> list[Fraction]:
    return [
        u[1] * v[2] - u[2] * v[1],
        u[2] * v[0] - u[0] * v[2],
        u[0] * v[1] - u[1] * v[0],
    ]


@register
class RangeNullspace(Generator):
    """Nullspace vectors, nullity by rank–nullity, membership of b in the range."""

    skill = "linalg.range-nullspace"
    version = 1

    def generate(self, rng: np.random.Generator, difficulty: int) -> Draft:
        if difficulty == 1:
            return self._null_vector(rng)
        if difficulty == 2:
            return self._nullity(rng)
        return self._in_range(rng)

    def _null_vector(self, rng: np.random.Generator) -> Draft:
        rows = pick(rng, [2, 3])
        while True:
            r1, r2 = (fraction_matrix(rng, 1, 3, -3, 3)[0] for _ in range(2))
            null = _cross(r1, r2)
            if sum(1 for x in null if x) < 2 or max(abs(x) for x in null) > 12:
                continue
            a = [r1, r2]
            if rows == 3:
                s, t = nonzero_int(rng, -2, 2), nonzero_int(rng, -2, 2)
                a.append([s * x + t * y for x, y in zip(r1, r2, strict=True)])
            if max_abs(a) <= 9:
                break
        anchor = pick(rng, [i for i in range(3) if null[i]])
        vec = [x / null[anchor] for x in null]
        expected = vector_text(vec)
        flipped = [x if i == anchor else -x for i, x in enumerate(vec)]
        wrong = [
            Misconception(
                "misconception:zero-vector",
                "[0, 0, 0]",
                "The zero vector lies in every nullspace, but it spans nothing: the question "
                "asks for the nonzero vector that spans N(A).",
            ),
            Misconception(
                "misconception:free-variable-sign",
                vector_text(flipped),
                "Reading the echelon form, a pivot variable equals minus the free-variable "
                "terms: xᵢ + c·x_free = 0 gives xᵢ = −c·x_free.",
            ),
        ]
        red = row_reduce(a, reduced=True)
        names = ["x_1", "x_2", "x_3"]
        solution = [
            "The nullspace is the solution set of $Ax = 0$. Row-reduce $A$:",
            *reduction_markdown(red),
            f"The free variable is ${names[next(j for j in range(3) if j not in red.pivots)]}$; "
            f"every solution is a multiple of ${latex_column(vec)}$, the one with "
            f"${names[anchor]} = 1$.",
            f"Check: $A {latex_column(vec)} = {latex_column([dot(r, vec) for r in a])}$.",
        ]
        return Draft(
            prompt=f"The nullspace of $A$ is a line. Find the vector $[x_1, x_2, x_3]$ "
            f"spanning it with ${names[anchor]} = 1$.\n\n$$A = {latex_matrix(a)}$$",
            kind="matrix",
            expected=expected,
            data={"ask": "null-vector", "A": json_matrix(a), "normalise": anchor},
            hints=[
                "Solve Ax = 0: row-reduce A to reduced echelon form.",
                "One variable is free; set it to a value and solve for the pivots, then scale "
                f"so that x{anchor + 1} = 1.",
            ],
            solution="\n\n".join(solution),
            misconceptions=wrong,
        )

    def _nullity(self, rng: np.random.Generator) -> Draft:
        n = pick(rng, [3, 4, 5, 6])
        m = pick(rng, [3, 4])
        r = min(pick(rng, [1, 2, 3]), n - 1, m)
        while True:
            f = fraction_matrix(rng, m, r, -2, 2)
            g = fraction_matrix(rng, r, n, -2, 2)
            a = mat_mul(f, g)
            if max_abs(a) <= 9 and rank(a) == r and all(any(c) for c in transpose(a)):
                break
        expected = str(n - r)
        wrong = [
            Misconception(
                "misconception:rank-for-nullity",
                str(r),
                "That is the rank, the dimension of the range. The nullity is n − rank, the "
                "number of free variables.",
            ),
            Misconception(
                "misconception:rows-minus-rank",
                str(m - r),
                f"Rank–nullity counts columns: rank + nullity = n = {n}, the dimension of the "
                "domain; m − rank is the dimension of the left nullspace.",
            ),
            Misconception(
                "misconception:nullity-zero",
                "0",
                "A nonzero null vector exists whenever the rank is below the number of columns.",
            ),
        ]
        red = row_reduce(a)
        solution = [
            "Row-reduce $A$ (the nullspace does not change):",
            *reduction_markdown(red),
            f"There are {r} pivots, so $\\operatorname{{rank}} A = {r}$. By rank–nullity, "
            f"$\\dim N(A) = n - \\operatorname{{rank}} A = {n} - {r} = {n - r}$: one dimension "
            "for each free variable.",
        ]
        return Draft(
            prompt=f"Find the dimension of the nullspace of the ${m} \\times {n}$ matrix "
            f"$A = {latex_matrix(a)}$.",
            kind="number",
            expected=expected,
            data={"ask": "nullity", "A": json_matrix(a)},
            hints=[
                "Rank–nullity: rank A + dim N(A) = number of columns.",
                "Row-reduce to find the rank; the free variables span the nullspace.",
            ],
            solution="\n\n".join(solution),
            misconceptions=wrong,
        )

    def _in_range(self, rng: np.random.Generator) -> Draft:
        square = rng.random() < 0.5
        while True:
            c1, c2 = (fraction_matrix(rng, 1, 3, -3, 3)[0] for _ in range(2))
            y = _cross(c1, c2)  # yᵀ c1 = yᵀ c2 = 0: y spans the left nullspace
            if sum(1 for x in y if x) < 2:
                continue
            common = gcd(*(int(x) for x in y))
            y = [x / common for x in y]
            cols = [c1, c2]
            if square:
                s, t = nonzero_int(rng, -2, 2), nonzero_int(rng, -2, 2)
                cols.append([s * p + t * q for p, q in zip(c1, c2, strict=True)])
            a: FractionMatrix = transpose(cols)
            i = pick(rng, [j for j in range(3) if y[j]])
            b = [Fraction(draw_int(rng, -5, 5)) for _ in range(3)]
            rest = sum(y[j] * b[j] for j in range(3) if j != i)
            k0 = -rest / y[i]
            if max_abs(a) <= 9 and k0.denominator == 1 and 0 < abs(k0) <= 15:
                break
        cells: list[Fraction | str] = [x if j != i else "k" for j, x in enumerate(b)]
        expected = format_number(k0)
        wrong = [
            Misconception(
                "misconception:sign-of-root",
                format_number(-k0),
                "Solve yᵀb = 0 for k carefully: the sign of k is off.",
            ),
            Misconception(
                "misconception:zero-entry",
                "0",
                "With k = 0, b is not a combination of the columns of A; the condition "
                "yᵀb = 0 fixes k.",
            ),
        ]
        if square:
            null = next(
                v for v in (_cross(a[p], a[q]) for p, q in ((0, 1), (0, 2), (1, 2))) if any(v)
            )
            if null[i]:
                k_wrong = -sum(null[j] * b[j] for j in range(3) if j != i) / null[i]
                wrong.append(
                    Misconception(
                        "misconception:nullspace-for-left-nullspace",
                        format_number(k_wrong),
                        "The condition for b ∈ range(A) uses a vector y with yᵀA = 0 (a "
                        "combination of the rows of A that vanishes), not a vector of the "
                        "nullspace, which satisfies Ay = 0.",
                    )
                )
        terms = [
            f"{latex_factor(y[j])} \\cdot {'k' if j == i else latex_factor(b[j])}" for j in range(3)
        ]
        solution = [
            "$b$ is in the range of $A$ when $Ax = b$ has a solution. The columns of $A$ span "
            "a plane, and the vector $y$ with $y^T A = 0$ (here the cross product of two "
            f"independent columns, divided by a common factor) is $y = {latex_column(y)}$.",
            "So $b \\in \\operatorname{range}(A)$ exactly when $y^T b = 0$:",
            f"$$y^T b = {' + '.join(terms)} = {format_number(y[i])}\\,k "
            f"{'-' if rest < 0 else '+'} {format_number(abs(rest))} = 0 \\iff "
            f"k = {format_number(k0)}$$",
            "(Row-reducing $[A \\mid b]$ gives the same condition as its last row.)",
        ]
        return Draft(
            prompt=f"For which value of $k$ is $b$ in the range (column space) of $A$?\n\n"
            f"$A = {latex_matrix(a)}$, $b = {latex_column(cells)}$",
            kind="number",
            expected=expected,
            data={"ask": "in-range", "A": json_matrix(a), "b": json_vector(cells)},
            hints=[
                "b is in the range of A when Ax = b is consistent.",
                "Row-reduce [A | b]: a zero row of A must meet a zero on the right.",
                "Equivalently find y with yᵀA = 0 and require yᵀb = 0.",
            ],
            solution="\n\n".join(solution),
            misconceptions=wrong,
        )
