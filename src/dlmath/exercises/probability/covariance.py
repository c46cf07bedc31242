"""probability.covariance: covariance and correlation from joint tables, variances of
linear combinations, and covariance matrices."""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from dlmath.exercises.base import Draft, Generator, Misconception
from dlmath.exercises.kit import (
    Surd,
    determinant,
    draw_int,
    json_value,
    latex_factor,
    mat_mul,
    pick,
    transpose,
)
from dlmath.exercises.probability.joints import JOINT_DENOMINATORS, Joint, Moments, dependent_joint
from dlmath.exercises.registry import register
from dlmath.expr.literals import format_number, latex_matrix, latex_number, matrix_text

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np


def _moments_latex(joint: Joint, m: Moments) -> str:
    return (
        f"$E[X] = {latex_number(m.ex)}$, $E[Y] = {latex_number(m.ey)}$, "
        f"$E[XY] = \\sum_{{x,y}} x\\,y\\,p(x, y) = {latex_number(m.exy)}$, so "
        f"$\\operatorname{{Cov}}(X, Y) = E[XY] - E[X]E[Y] = {latex_number(m.exy)} - "
        f"{latex_factor(m.ex)} \\cdot {latex_factor(m.ey)} = {latex_number(m.cov)}$."
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
        Misconception(
            "misconception:missing-covariance",
            format_number(without),
            f"Var({combo}) = a² Var X + b² Var Y only when X and Y are uncorrelated; "
            f"here Cov(X, Y) ≠ 0, so add the cross term 2ab Cov(X, Y).",
        ),
        Misconception(
            "misconception:covariance-sign",
            format_number(without - 2 * a * b * cov),
            f"The cross term is +2ab Cov(X, Y) with the signs of the coefficients: here "
            f"2 · ({a}) · ({b}) · Cov(X, Y).",
        ),
        Misconception(
            "misconception:unsquared-coefficients",
            format_number(a * var_x + b * var_y + 2 * a * b * cov),
            "Var(aX) = a² Var X: the coefficients come out squared.",
        ),
    ]
    if a == b == 1:
        items.append(
            Misconception(
                "misconception:single-covariance",
                format_number(without + cov),
                "The cross term is 2 Cov(X, Y): Var(X + Y) = Var X + Var Y + 2 Cov(X, Y).",
            )
        )
    return items


def _lowerlatex_factor(rng: np.random.Generator, n: int) -> list[list[int]]:
    return [
        [
            draw_int(rng, 1, 2) if i == j else (draw_int(rng, -1, 1) if j < i else 0)
            for j in range(n)
        ]
        for i in range(n)
    ]


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
            ask = pick(rng, ["correlation", "sum-table", "combination"])
            if ask == "correlation":
                return self._correlation(rng)
            if ask == "sum-table":
                return self._table_combination(rng, 1, 1, [(2, 3), (3, 2), (2, 2)], 1)
            return self._given_combination(rng)
        if rng.random() < 0.6:
            return self._linear_map(rng)
        a, b = pick(rng, [(1, -1), (2, 1), (1, -2), (2, -1)])
        return self._table_combination(rng, a, b, [(3, 3)], 2)

    def _covariance(self, rng: np.random.Generator) -> Draft:
        joint, m = dependent_joint(rng, 2, 2, JOINT_DENOMINATORS[1])
        mistakes = [
            Misconception(
                "misconception:uncentred",
                format_number(m.exy),
                "That is E[XY]; the covariance subtracts E[X]E[Y]: Cov(X, Y) = E[XY] − E[X]E[Y].",
            ),
            Misconception(
                "misconception:product-of-means",
                format_number(m.ex * m.ey),
                "That is E[X]E[Y], only one of the two terms of E[XY] − E[X]E[Y].",
            ),
        ]
        return Draft(
            prompt=(
                f"The joint PMF of $X$ and $Y$ is\n\n{joint.latex()}\n\nFind "
                "$\\operatorname{Cov}(X, Y)$."
            ),
            kind="number",
            expected=format_number(m.cov),
            data={**joint.data(), "ask": "covariance"},
            hints=[
                "Cov(X, Y) = E[XY] − E[X] E[Y].",
                "E[XY] adds x·y·P(X = x, Y = y) over all four cells; E[X] uses the marginal of X.",
            ],
            solution=_moments_latex(joint, m),
            misconceptions=mistakes,
        )

    def _correlation(self, rng: np.random.Generator) -> Draft:
        joint, m = dependent_joint(rng, 2, pick(rng, [2, 3]), JOINT_DENOMINATORS[1])
        rho = Surd.sqrt(1 / (m.var_x * m.var_y)).scaled(m.cov)
        by_variances = m.cov / (m.var_x * m.var_y)
        mistakes = [
            Misconception(
                "misconception:covariance-for-correlation",
                format_number(m.cov),
                "That is the covariance; the correlation divides it by the standard "
                "deviations: ρ = Cov(X, Y) / (σ_X σ_Y).",
            ),
            Misconception(
                "misconception:variances-for-deviations",
                format_number(by_variances),
                "Divide by the standard deviations √(Var X) √(Var Y), not by the "
                "variances themselves.",
            ),
        ]
        rho_latex = rho.latex()
        return Draft(
            prompt=(
                f"The joint PMF of $X$ and $Y$ is\n\n{joint.latex()}\n\nFind the correlation "
                "$\\rho(X, Y)$ (an exact value such as `sqrt(2)/4`, or a decimal)."
            ),
            kind="number",
            expected=rho.text(),
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
            misconceptions=mistakes,
        )

    def _table_combination(
        self,
        rng: np.random.Generator,
        a: int,
        b: int,
        sizes: Sequence[tuple[int, int]],
        denominators: int,
    ) -> Draft:
        rows, cols = pick(rng, sizes)
        joint, m = dependent_joint(rng, rows, cols, JOINT_DENOMINATORS[denominators])
        answer = _combination_variance(a, b, m.var_x, m.var_y, m.cov)
        combo = _combination_text(a, b)
        mistakes = _combination_mistakes(a, b, m.var_x, m.var_y, m.cov)
        return Draft(
            prompt=(
                f"The joint PMF of $X$ and $Y$ is\n\n{joint.latex()}\n\nFind "
                f"$\\operatorname{{Var}}({combo})$."
            ),
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
                    f"{latex_factor(m.cov)} = {latex_number(answer)}$.",
                ]
            ),
            misconceptions=mistakes,
        )

    def _given_combination(self, rng: np.random.Generator) -> Draft:
        var_x, var_y = Fraction(draw_int(rng, 1, 9)), Fraction(draw_int(rng, 1, 9))
        if var_x * var_y < 2:  # no nonzero integer covariance fits Var X = Var Y = 1
            var_y += 1
        while True:
            cov = Fraction(draw_int(rng, -4, 4))
            if cov != 0 and cov * cov < var_x * var_y:
                break
        a = pick(rng, [1, 2, 3])
        b = pick(rng, [1, 2, -1, -2, -3])
        answer = _combination_variance(a, b, var_x, var_y, cov)
        combo = _combination_text(a, b)
        given_latex = (
            f"$\\operatorname{{Var}} X = {latex_number(var_x)}$, $\\operatorname{{Var}} Y = "
            f"{latex_number(var_y)}$ and $\\operatorname{{Cov}}(X, Y) = {latex_number(cov)}$"
        )
        return Draft(
            prompt=f"Random variables $X$ and $Y$ have {given_latex}. Find "
            f"$\\operatorname{{Var}}({combo})$.",
            kind="number",
            expected=format_number(answer),
            data={
                "ask": "given",
                "var_x": json_value(var_x),
                "var_y": json_value(var_y),
                "cov": json_value(cov),
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
            misconceptions=_combination_mistakes(a, b, var_x, var_y, cov),
        )

    def _linear_map(self, rng: np.random.Generator) -> Draft:
        n = pick(rng, [2, 3])
        m = pick(rng, [2] if n == 2 else [2, 3])
        while True:
            factor = _lowerlatex_factor(rng, n)
            sigma = mat_mul(factor, transpose(factor))
            if any(sigma[i][j] for i in range(n) for j in range(n) if i != j):
                break
        while True:
            a = [[draw_int(rng, -2, 2) for _ in range(n)] for _ in range(m)]
            if determinant(mat_mul(a, transpose(a))) != 0:  # rows independent
                break
        answer = mat_mul(mat_mul(a, sigma), transpose(a))
        diag = [[sigma[i][j] if i == j else 0 for j in range(n)] for i in range(n)]
        without = mat_mul(mat_mul(a, diag), transpose(a))
        mistakes: list[tuple[Any, Misconception]] = [
            Misconception(
                "misconception:missing-covariance",
                matrix_text(without),
                "You kept only the variances on the diagonal of Σ; the components of z are "
                "correlated, and the off-diagonal covariances enter A Σ Aᵀ too.",
            )
        ]
        if m == n:
            flipped = mat_mul(mat_mul(transpose(a), sigma), a)
            mistakes.append(
                Misconception(
                    "misconception:transposed-sandwich",
                    matrix_text(flipped),
                    "That is Aᵀ Σ A; for y = A z the covariance is Cov(y) = A Σ Aᵀ.",
                )
            )
            one_sided = mat_mul(a, sigma)
            mistakes.append(
                Misconception(
                    "misconception:one-sided",
                    matrix_text(one_sided),
                    "Covariance is quadratic in A: Cov(A z) = E[A (z − μ)(z − μ)ᵀ Aᵀ] = "
                    "A Σ Aᵀ, with A on both sides.",
                )
            )
        return Draft(
            prompt=(
                f"A random vector $z \\in \\mathbb{{R}}^{n}$ has covariance matrix $\\Sigma$, "
                f"and $y = A z$:\n\n$$\\Sigma = {latex_matrix(sigma)}, \\quad "
                f"A = {latex_matrix(a)}$$\n\nFind the covariance matrix of $y$ "
                f"(a ${len(a)} \\times {len(a)}$ matrix)."
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
                f"A \\Sigma A^\\top$. Here $A \\Sigma = {latex_matrix(mat_mul(a, sigma))}$ and "
                f"$A \\Sigma A^\\top = {latex_matrix(answer)}$."
            ),
            misconceptions=mistakes,
        )
