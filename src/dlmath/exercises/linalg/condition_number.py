"""linalg.condition-number: κ₂ = σ_max/σ_min and what it costs.

Difficulty 1: κ₂ of a symmetric positive definite 2×2 or a diagonal 3×3 matrix, from the
eigenvalues. Difficulty 2: gradient descent on f(x) = ½xᵀAx − bᵀx, where the eigenvalues
μ ≤ L of A set the largest convergent step 2/L, the best step 2/(L + μ) and the rate
(κ − 1)/(κ + 1). Difficulty 3: κ₂ of a general 2×2 matrix and of AᵀA, the matrix of the
normal equations of least squares, whose condition number is κ₂(A)².
"""

from __future__ import annotations

from fractions import Fraction
from math import gcd, isqrt
from typing import TYPE_CHECKING

from dlmath.exercises.base import Draft, Generator, Misconception
from dlmath.exercises.kit import (
    FractionMatrix,
    adjugate,
    determinant,
    draw_int,
    integer_matrix,
    json_matrix,
    mat_mul,
    nonzero_int,
    pick,
    transpose,
)
from dlmath.exercises.linalg.rational_orthogonal import diagonal, rank_one_symmetric
from dlmath.exercises.registry import register
from dlmath.expr.literals import format_number, latex_matrix, latex_number

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np


def _spd(rng: np.random.Generator) -> tuple[FractionMatrix, int, int]:
    """A = μI + t uuᵀ: symmetric positive definite with eigenvalues μ and μ + t‖u‖²."""
    mu = draw_int(rng, 1, 6)
    a, u, t = rank_one_symmetric(rng, mu, signed=False)
    return a, mu, mu + t * int(u[0] ** 2 + u[1] ** 2)


def _max_abs_column_sum(a: FractionMatrix) -> Fraction:
    return max(sum(abs(x) for x in col) for col in transpose(a))


def _root_form(constant: int, coefficient: int, disc: int, denominator: int) -> str:
    """(constant + coefficient·√disc)/denominator, exact when disc is a square."""
    root = isqrt(disc)
    if root * root == disc:
        return format_number(Fraction(constant + coefficient * root, denominator))
    middle = f"sqrt({disc})" if coefficient == 1 else f"{coefficient}*sqrt({disc})"
    return f"({constant} + {middle})/{denominator}"


@register
class ConditionNumber(Generator):
    """Condition numbers from eigenvalues and singular values; step sizes and rates of
    gradient descent on quadratics; the squared condition number of the normal equations."""

    skill = "linalg.condition-number"
    version = 1

    def generate(self, rng: np.random.Generator, difficulty: int) -> Draft:
        if difficulty == 1:
            return self._spd_kappa(rng) if rng.random() < 0.65 else self._diagonal_kappa(rng)
        if difficulty == 2:
            return self._gradient_descent(rng)
        return self._general(rng)

    def _kappa_draft(self, a, expected, steps, hints, wrong, ask) -> Draft:
        return Draft(
            prompt="Find the condition number $\\kappa_2(A) = \\lVert A \\rVert_2 "
            f"\\lVert A^{{-1}} \\rVert_2$.\n\n$$A = {latex_matrix(a)}$$",
            kind="number",
            expected=expected,
            data={"ask": ask, "A": json_matrix(a)},
            hints=hints,
            solution="\n\n".join(steps),
            misconceptions=wrong,
        )

    def _spd_kappa(self, rng: np.random.Generator) -> Draft:
        a, mu, big = _spd(rng)
        expected = format_number(Fraction(big, mu))
        wrong = [
            Misconception(
                "misconception:inverted-ratio",
                format_number(Fraction(mu, big)),
                "κ₂ = λ_max/λ_min is at least 1: the largest eigenvalue goes on top.",
            ),
            Misconception(
                "misconception:difference-for-ratio",
                str(big - mu),
                "The condition number is a ratio, λ_max/λ_min, not the gap between them.",
            ),
            Misconception(
                "misconception:diagonal-ratio",
                format_number(Fraction(max(a[0][0], a[1][1]), min(a[0][0], a[1][1]))),
                "The diagonal entries are not the eigenvalues of a matrix with off-diagonal "
                "entries; find the eigenvalues first.",
            ),
        ]
        steps = [
            "For a symmetric positive definite matrix the singular values are the "
            "eigenvalues, so $\\kappa_2(A) = \\lambda_{\\max} / \\lambda_{\\min}$.",
            f"$\\operatorname{{tr}} A = {mu + big}$ and $\\det A = {mu * big}$: the "
            f"eigenvalues are ${big}$ and ${mu}$.",
            f"$$\\kappa_2(A) = \\frac{{{big}}}{{{mu}}}"
            + ("" if gcd(big, mu) == 1 else f" = {latex_number(Fraction(big, mu))}")
            + "$$",
        ]
        hints = [
            "A is symmetric positive definite: its singular values are its eigenvalues.",
            "κ₂ = λ_max / λ_min; the trace and determinant give the eigenvalues.",
        ]
        return self._kappa_draft(a, expected, steps, hints, wrong, "spd")

    def _diagonal_kappa(self, rng: np.random.Generator) -> Draft:
        while True:
            d = [nonzero_int(rng, -9, 9) for _ in range(3)]
            if len({abs(v) for v in d}) == 3 and any(v < 0 for v in d):
                break
        a = diagonal(d)
        mags = sorted(abs(v) for v in d)
        expected = format_number(Fraction(mags[-1], mags[0]))
        wrong = [
            Misconception(
                "misconception:signed-ratio",
                format_number(Fraction(max(d), min(d))),
                "The singular values of a diagonal matrix are the absolute values |dᵢ|; signs "
                "do not stretch.",
            ),
            Misconception(
                "misconception:inverted-ratio",
                format_number(Fraction(mags[0], mags[-1])),
                "κ₂ = σ_max/σ_min is at least 1: the largest goes on top.",
            ),
        ]
        steps = [
            "A diagonal matrix stretches coordinate $i$ by $|d_i|$, so its singular values "
            f"are ${', '.join(str(m) for m in reversed(mags))}$.",
            f"$$\\kappa_2(A) = \\frac{{\\sigma_{{\\max}}}}{{\\sigma_{{\\min}}}} = "
            f"\\frac{{{mags[-1]}}}{{{mags[0]}}}$$",
        ]
        hints = [
            "κ₂ = σ_max/σ_min; for a diagonal matrix the σ's are the |dᵢ|.",
        ]
        return self._kappa_draft(a, expected, steps, hints, wrong, "diagonal")

    def _gradient_descent(self, rng: np.random.Generator) -> Draft:
        a, mu, big = _spd(rng)
        ask = pick(rng, ["max-step", "best-step", "rate"])
        if ask == "max-step":
            value = Fraction(2, big)
            latex_tail = (
                "It converges from every starting point exactly when "
                "$0 < \\alpha < \\alpha^*$. Find $\\alpha^*$."
            )
            wrong = [
                Misconception(
                    "misconception:safe-step-for-bound",
                    format_number(Fraction(1, big)),
                    "1/L is a safe step (it never overshoots), but convergence holds for every "
                    "α < 2/L: the factor |1 − αL| stays below 1.",
                ),
                Misconception(
                    "misconception:smallest-eigenvalue",
                    format_number(Fraction(2, mu)),
                    "With α just below 2/λ_min, the direction of λ_max has |1 − αλ_max| > 1 and "
                    "blows up: the bound comes from the largest eigenvalue.",
                ),
            ]
            answer_steps = [
                "Each eigen-direction needs $|1 - \\alpha\\lambda| < 1$, i.e. "
                "$0 < \\alpha < 2/\\lambda$; the largest eigenvalue is the binding one.",
                f"$$\\alpha^* = \\frac{{2}}{{L}} = \\frac{{2}}{{{big}}}"
                + ("" if big % 2 else f" = {latex_number(value)}")
                + "$$",
            ]
        elif ask == "best-step":
            value = Fraction(2, big + mu)
            latex_tail = (
                "Find the constant step $\\alpha$ that makes the worst-case contraction factor "
                "$\\max_\\lambda |1 - \\alpha\\lambda|$ over the eigenvalues of $A$ smallest."
            )
            wrong = [
                Misconception(
                    "misconception:safe-step-for-best",
                    format_number(Fraction(1, big)),
                    "1/L converges, but then the direction of λ_min shrinks only by 1 − μ/L; "
                    "balancing both ends, 1 − αμ = αL − 1, gives α = 2/(L + μ).",
                ),
                Misconception(
                    "misconception:boundary-step",
                    format_number(Fraction(2, big)),
                    "At α = 2/L the factor for λ_max is |1 − 2| = 1: no convergence along "
                    "that direction.",
                ),
            ]
            answer_steps = [
                "The factor is $\\max(|1 - \\alpha\\mu|, |1 - \\alpha L|)$; it is smallest "
                "when the two ends balance, $1 - \\alpha\\mu = \\alpha L - 1$.",
                f"$$\\alpha = \\frac{{2}}{{L + \\mu}} = \\frac{{2}}{{{big + mu}}}"
                + f" = {latex_number(value)}$$",
            ]
        else:
            value = Fraction(big - mu, big + mu)
            latex_tail = (
                "With the best constant step $\\alpha = 2/(L + \\mu)$, by what factor does "
                "the error $\\lVert x - x^* \\rVert$ shrink per step in the worst case?"
            )
            wrong = [
                Misconception(
                    "misconception:rate-of-safe-step",
                    format_number(Fraction(big - mu, big)),
                    "1 − μ/L is the rate of the step 1/L; the best step 2/(L + μ) gives "
                    "(κ − 1)/(κ + 1).",
                ),
                Misconception(
                    "misconception:inverse-condition-number",
                    format_number(Fraction(mu, big)),
                    "μ/L = 1/κ measures the conditioning, but the contraction factor is "
                    "(κ − 1)/(κ + 1) = (L − μ)/(L + μ).",
                ),
            ]
            answer_steps = [
                "With $\\alpha = 2/(L + \\mu)$ both ends give the same factor "
                "$1 - \\frac{2\\mu}{L + \\mu} = \\frac{L - \\mu}{L + \\mu} = "
                "\\frac{\\kappa - 1}{\\kappa + 1}$.",
                f"$$\\frac{{{big} - {mu}}}{{{big} + {mu}}} = {latex_number(value)}$$",
            ]
        expected = format_number(value)
        steps = [
            "The gradient is $Ax - b$, so the error $e = x - x^*$ follows "
            "$e \\leftarrow (I - \\alpha A)\\, e$: along an eigenvector with eigenvalue "
            "$\\lambda$ it is multiplied by $1 - \\alpha\\lambda$.",
            f"The eigenvalues of $A$ are $\\mu = {mu}$ and $L = {big}$ (trace "
            f"${mu + big}$, determinant ${mu * big}$).",
            *answer_steps,
        ]
        latex_intro = (
            "Gradient descent $x \\leftarrow x - \\alpha \\nabla f(x)$ runs on "
            "$f(x) = \\tfrac12 x^T A x - b^T x$."
        )
        return Draft(
            prompt=f"{latex_intro} {latex_tail}\n\n$$A = {latex_matrix(a)}$$",
            kind="number",
            expected=expected,
            data={"ask": ask, "A": json_matrix(a)},
            hints=[
                "The error is multiplied by I − αA each step: look at each eigenvalue λ.",
                "Let μ and L be the smallest and largest eigenvalues of A.",
                {
                    "max-step": "Every factor |1 − αλ| must stay below 1.",
                    "best-step": "Balance |1 − αμ| against |1 − αL|.",
                    "rate": "Plug α = 2/(L + μ) into 1 − αμ.",
                }[ask],
            ],
            solution="\n\n".join(steps),
            misconceptions=wrong,
        )

    def _general(self, rng: np.random.Generator) -> Draft:
        while True:
            a = integer_matrix(rng, 2, 2, -5, 5)
            d = determinant(a)
            if a != transpose(a) and d != 0 and sum(1 for row in a for x in row if x) >= 3:
                break
        ask = pick(rng, ["matrix", "normal-equations"])
        gram = mat_mul(transpose(a), a)
        t = sum(x * x for row in a for x in row)
        disc = t * t - 4 * d * d
        kappa = _root_form(t, 1, disc, 2 * abs(d))
        kappa_sq = _root_form(t * t - 2 * d * d, t, disc, 2 * d * d)
        inv_adj = adjugate(a)
        kappa_1 = Fraction(_max_abs_column_sum(a) * _max_abs_column_sum(inv_adj), abs(d))
        if ask == "matrix":
            expected = kappa
            wrong = [
                Misconception(
                    "misconception:squared-condition-number",
                    kappa_sq,
                    "That is κ₂(AᵀA) = κ₂(A)², the ratio of the eigenvalues of AᵀA; the "
                    "singular values of A are their square roots.",
                ),
            ]
            latex_target = "\\kappa_2(A)"
        else:
            expected = kappa_sq
            wrong = [
                Misconception(
                    "misconception:condition-not-squared",
                    kappa,
                    "That is κ₂(A). Forming AᵀA squares it: κ₂(AᵀA) = κ₂(A)², which is why "
                    "the normal equations lose twice the digits.",
                ),
            ]
            latex_target = "\\kappa_2(A^T A)"
        wrong.append(
            Misconception(
                "misconception:one-norm-condition",
                format_number(kappa_1),
                "That is ‖A‖₁‖A⁻¹‖₁, the condition number in the 1-norm; κ₂ uses the "
                "spectral norm, σ_max/σ_min.",
            )
        )
        steps = [
            "$\\kappa_2(A) = \\sigma_{\\max}/\\sigma_{\\min}$, and the $\\sigma_i^2$ are the "
            "eigenvalues of $A^T A$; $\\kappa_2(A^T A) = \\lambda_{\\max}/\\lambda_{\\min} = "
            "\\kappa_2(A)^2$.",
            f"$$A^T A = {latex_matrix(gram)}, \\quad \\operatorname{{tr}} = {t}, \\quad "
            f"\\det = (\\det A)^2 = {d * d}$$",
            f"Its eigenvalues are $\\lambda_\\pm = \\dfrac{{{t} \\pm \\sqrt{{{disc}}}}}{{2}}$, "
            f"whose product is ${d * d}$, so $\\kappa_2(A) = \\sqrt{{\\lambda_+/\\lambda_-}} = "
            f"\\lambda_+/|\\det A| = \\dfrac{{{t} + \\sqrt{{{disc}}}}}{{{2 * abs(d)}}}$.",
        ]
        if ask == "normal-equations":
            steps.append(
                f"Squared: $\\kappa_2(A^T A) = \\kappa_2(A)^2 = \\dfrac{{{t * t - 2 * d * d} + "
                f"{t}\\sqrt{{{disc}}}}}{{{2 * d * d}}}$ (numerically "
                f"{format_number((t * t - 2 * d * d + t * disc**0.5) / (2 * d * d))})."
            )
        latex_intro = f"Find ${latex_target}$" + (
            ", the condition number of the normal equations $A^T A x = A^T b$ of least squares."
            if ask == "normal-equations"
            else "."
        )
        return Draft(
            prompt=f"{latex_intro}\n\n$$A = {latex_matrix(a)}$$",
            kind="number",
            expected=expected,
            data={"ask": ask, "A": json_matrix(a)},
            hints=[
                "κ₂ is σ_max/σ_min; the σ² are the eigenvalues of AᵀA.",
                "For 2×2: the eigenvalues of AᵀA have sum ‖A‖_F² and product (det A)².",
                "κ₂(AᵀA) = κ₂(A)².",
            ],
            solution="\n\n".join(steps),
            misconceptions=wrong,
            tolerance=1e-6 if "sqrt" in expected else None,
        )
