"""linalg.eigen: eigenvalues (and at difficulty 3 eigenvectors) of matrices A = P D P⁻¹
similar to integer diagonals, with P unimodular so that A is integer."""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction
from typing import TYPE_CHECKING

from dlmath.exercises.base import Draft, Generator, Misconception
from dlmath.exercises.kit import (
    FractionMatrix,
    add,
    as_fractions,
    char_poly,
    column,
    column_entries,
    determinant,
    draw_int,
    factored_latex,
    identity,
    inverse,
    is_triangular,
    json_matrix,
    latex_column,
    list_text,
    mat_mul,
    max_abs,
    permutation,
    pick,
    polynomial_latex,
    reduction_markdown,
    row_reduce,
    transpose,
    unimodular_ints,
)
from dlmath.exercises.layout import named_grids
from dlmath.exercises.registry import register
from dlmath.expr.literals import latex_matrix, latex_number, vector_text

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np


def _distinct(rng: np.random.Generator, n: int, lo: int, hi: int) -> Callable[[], list[int]]:
    """A drawer of n distinct integer eigenvalues in lo..hi."""
    return lambda: [int(v) for v in rng.choice(range(lo, hi + 1), size=n, replace=False)]


def _similar(
    rng: np.random.Generator, draw_values: Callable[[], list[int]], bound: int
) -> tuple[FractionMatrix, FractionMatrix, list[int]]:
    """(A, P, values) with A = P D P⁻¹ integer, P unimodular, D = diag(values), A not
    triangular and its entries at most ``bound``; values far apart may not fit the bound,
    so they are redrawn now and then."""
    while True:
        values = draw_values()
        n = len(values)
        for _ in range(30):
            p = unimodular_ints(rng, n, 2)
            inv = [[int(x) for x in row] for row in inverse(p) or []]
            pd = [[p[i][j] * values[j] for j in range(n)] for i in range(n)]
            a = mat_mul(pd, inv)
            if max_abs(a) <= bound and not is_triangular(a):
                return as_fractions(a), as_fractions(p), values


def _nullvector(m: FractionMatrix, anchor: int) -> list[Fraction] | None:
    """The null vector of a rank n−1 matrix with entry ``anchor`` equal to 1, if it has one."""
    red = row_reduce(m, reduced=True)
    n = len(m[0])
    free = [j for j in range(n) if j not in red.pivots]
    if len(free) != 1:
        return None
    v = [Fraction(0)] * n
    v[free[0]] = Fraction(1)
    for i, j in enumerate(red.pivots):
        v[j] = -red.result[i][free[0]]
    if v[anchor] == 0:
        return None
    return [x / v[anchor] for x in v]


@register
class Eigen(Generator):
    """Eigenvalues (and at difficulty 3 eigenvectors) of matrices similar to integer diagonals."""

    skill = "linalg.eigen"
    version = 1

    def generate(self, rng: np.random.Generator, difficulty: int) -> Draft:
        if difficulty == 1:
            a, _, values = _similar(rng, _distinct(rng, 2, -5, 5), 12)
            return self._values(a, values, difficulty)
        if difficulty == 2:
            return self._values(*self._block_triangular(rng), difficulty)
        if rng.random() < 0.5:
            a, _, values = _similar(rng, _distinct(rng, 3, -4, 4), 15)
            return self._values(a, values, difficulty)
        return self._vector(rng)

    def _block_triangular(self, rng: np.random.Generator) -> tuple[FractionMatrix, list[int]]:
        """A 3×3 matrix with a 2×2 block and a lone eigenvalue, rows and columns shuffled by
        the same permutation (a similarity, so the eigenvalues stay)."""
        block, _, pair = _similar(rng, _distinct(rng, 2, -4, 4), 9)
        lone = pick(rng, [pair[0], draw_int(rng, -4, 4), draw_int(rng, -4, 4)])
        c = [draw_int(rng, -3, 3), draw_int(rng, -3, 3)]
        t = [
            [block[0][0], block[0][1], Fraction(c[0])],
            [block[1][0], block[1][1], Fraction(c[1])],
            [Fraction(0), Fraction(0), Fraction(lone)],
        ]
        order = permutation(rng, 3)
        a = [[t[order[i]][order[j]] for j in range(3)] for i in range(3)]
        return a, [*pair, lone]

    def _values(self, a: FractionMatrix, values: list[int], difficulty: int) -> Draft:
        n = len(a)
        expected = list_text(sorted(values, reverse=True))
        coeffs = char_poly(a)
        diagonal = [a[i][i] for i in range(n)]
        wrong = [
            Misconception(
                "misconception:diagonal-entries",
                list_text(diagonal),
                "Only triangular (or diagonal) matrices have their eigenvalues on the diagonal; "
                "solve det(A − λI) = 0.",
            ),
            Misconception(
                "misconception:char-poly-sign",
                list_text(sorted((-v for v in values), reverse=True)),
                "Those are the roots of det(A + λI): the eigenvalues solve det(A − λI) = 0, so "
                "every "
                "sign is flipped.",
            ),
        ]
        if len(set(values)) < len(values):
            wrong.append(
                Misconception(
                    "misconception:missing-multiplicity",
                    list_text(sorted(set(values), reverse=True)),
                    "A repeated root of the characteristic polynomial is listed as often as it "
                    "repeats "
                    "(algebraic multiplicity).",
                )
            )
        trace = sum(diagonal, Fraction(0))
        solution = [
            "The eigenvalues are the roots of the characteristic polynomial "
            f"$\\det(\\lambda I - A) = {polynomial_latex(coeffs)}$.",
        ]
        if n == 2:
            solution.append(
                f"For a 2×2 matrix it is $\\lambda^2 - (\\operatorname{{tr}} A)\\lambda + \\det A$ "
                f"with $\\operatorname{{tr}} A = {latex_number(trace)}$, "
                f"$\\det A = {latex_number(determinant(a))}$."
            )
        elif difficulty == 2:
            solution.append(
                "Expand along the row (or column) with two zeros: one eigenvalue is that "
                "row's diagonal entry, the other two come from the remaining 2×2 block."
            )
        else:
            solution.append(
                "Try integer divisors of the constant term as roots (rational root "
                "theorem), then divide the polynomial by each root found."
            )
        solution += [
            f"It factors as ${factored_latex(values)}$, so the eigenvalues are "
            f"${', '.join(str(v) for v in sorted(values, reverse=True))}$.",
            f"Check: their sum is $\\operatorname{{tr}} A = {latex_number(trace)}$ and their "
            "product is "
            f"$\\det A = {latex_number(determinant(a))}$.",
        ]
        hints = ["Solve det(A − λI) = 0.", "The eigenvalues add up to tr A and multiply to det A."]
        if difficulty == 2:
            hints.append("One row or column has two zeros: expand the determinant along it.")
        if difficulty == 3:
            hints.append(
                "The characteristic polynomial has integer roots that divide its constant term."
            )
        ask = (
            "Find all eigenvalues of A (list them separated by commas, repeated ones as often "
            "as they repeat)."
        )
        return Draft(
            prompt=f"{ask}\n\n$$A = {latex_matrix(a)}$$",
            text=f"{ask}\n\n{named_grids([('A', a)])}",
            kind="list",
            expected=expected,
            data={"A": json_matrix(a), "ask": "eigenvalues"},
            hints=hints,
            solution="\n\n".join(solution),
            misconceptions=wrong,
        )

    def _vector(self, rng: np.random.Generator) -> Draft:
        n = pick(rng, [2, 3])
        a, p, values = _similar(rng, _distinct(rng, n, -4, 4), 12)
        which = draw_int(rng, 0, n - 1)
        lam = values[which]
        p_column = [p[i][which] for i in range(n)]
        anchor = next(i for i in range(n) if p_column[i] != 0)
        vec = [x / p_column[anchor] for x in p_column]
        expected = vector_text(vec)
        shifted = add(a, identity(n), -lam)
        wrong = []
        left = _nullvector(transpose(shifted), anchor)
        if left is not None:
            wrong.append(
                Misconception(
                    "misconception:left-eigenvector",
                    vector_text(left),
                    "That vector solves vᵀA = λvᵀ (an eigenvector of Aᵀ). An eigenvector of A "
                    "solves "
                    "(A − λI) v = 0: use the rows of A − λI, not its columns.",
                )
            )
        names = [f"v{i + 1}" for i in range(n)]
        red = row_reduce(shifted, reduced=True)
        solution = [
            f"An eigenvector for $\\lambda = {lam}$ spans the null space of $A - "
            f"{lam if lam >= 0 else f'({lam})'}I = {latex_matrix(shifted)}$.",
            "Row-reduce it:",
            *reduction_markdown(red),
            f"The solutions are the multiples of ${latex_column(vec)}$; the one with "
            f"${names[anchor].replace('v', 'v_')} = 1$ "
            "is the answer.",
            f"Check: $A v = {latex_column(column_entries(mat_mul(a, column(vec))))} = {lam} v$.",
        ]
        ask = (
            f"λ = {lam} is an eigenvalue of A. Find the eigenvector v = [{', '.join(names)}] for "
            f"λ = {lam} "
            f"with {names[anchor]} = 1."
        )
        return Draft(
            prompt=f"{ask}\n\n$$A = {latex_matrix(a)}$$",
            text=f"{ask}\n\n{named_grids([('A', a)])}",
            kind="matrix",
            expected=expected,
            data={
                "A": json_matrix(a),
                "ask": "eigenvector",
                "eigenvalue": lam,
                "normalise": anchor,
            },
            hints=[
                f"Solve (A − {lam}I) v = 0.",
                "Row-reduce A − λI; the free variable gives the direction, then scale it.",
            ],
            solution="\n\n".join(solution),
            misconceptions=wrong,
        )
