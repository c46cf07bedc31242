"""linalg.eigen-optimization: the extreme values of the quadratic form xᵀAx on a sphere
are eigenvalues (the Rayleigh quotient, the step behind PCA).

Difficulty 1: max or min of xᵀAx over unit x, A symmetric 2×2. Difficulty 2: the same on
the sphere ‖x‖ = c for a 3×3 A (the value scales by c²). Difficulty 3: with the extra
constraint x ⊥ q for a given eigenvector q (Courant–Fischer: the next eigenvalue).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from dlmath.exercises.base import Draft, Generator, Misconception
from dlmath.exercises.kit import (
    draw_int,
    json_matrix,
    json_vector,
    latex_column,
    latex_factor,
    pick,
)
from dlmath.exercises.linalg.rational_orthogonal import rank_one_symmetric, symmetric_thirds
from dlmath.exercises.registry import register
from dlmath.expr.literals import latex_matrix

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np


@register
class EigenOptimization(Generator):
    """Max and min of xᵀAx on spheres, and with x orthogonal to a given eigenvector."""

    skill = "linalg.eigen-optimization"
    version = 1

    def generate(self, rng: np.random.Generator, difficulty: int) -> Draft:
        if difficulty == 1:
            return self._unit_2x2(rng)
        if difficulty == 2:
            return self._scaled_sphere(rng)
        return self._deflated(rng)

    def _unit_2x2(self, rng: np.random.Generator) -> Draft:
        base = draw_int(rng, -6, 6)
        a, u, t = rank_one_symmetric(rng, base)
        norm_sq = int(u[0] ** 2 + u[1] ** 2)
        low, high = sorted([base, base + t * norm_sq])
        goal = pick(rng, ["max", "min"])
        value, other = (high, low) if goal == "max" else (low, high)
        diagonal = [a[0][0], a[1][1]]
        axis = max(diagonal) if goal == "max" else min(diagonal)
        expected = str(value)
        wrong = [
            Misconception(
                "misconception:other-extreme",
                str(other),
                f"That is the {'smallest' if goal == 'max' else 'largest'} eigenvalue, the "
                f"{'minimum' if goal == 'max' else 'maximum'} of xᵀAx on the unit circle.",
            ),
            Misconception(
                "misconception:axes-only",
                str(axis),
                "That is the best value over the coordinate axes x = e₁, e₂ (a diagonal "
                "entry); the optimum is along an eigenvector, which is not an axis here.",
            ),
        ]
        word = "maximum" if goal == "max" else "minimum"
        solution = [
            "On the unit sphere the Rayleigh quotient $x^T A x$ of a symmetric $A$ ranges "
            "exactly over $[\\lambda_{\\min}, \\lambda_{\\max}]$ (Lagrange: $\\nabla(x^TAx) = "
            "2Ax = 2\\mu x$ makes every critical point an eigenvector, with value $x^TAx = "
            "\\mu$).",
            f"$\\operatorname{{tr}} A = {low + high}$ and $\\det A = {low * high}$, so the "
            f"eigenvalues are ${low}$ and ${high}$.",
            f"The {word} is ${value}$, attained along the eigenvector for ${value}$.",
        ]
        return Draft(
            prompt=f"Find the {word} of $x^T A x$ over all unit vectors $x$ "
            f"($\\lVert x \\rVert = 1$).\n\n$$A = {latex_matrix(a)}$$",
            kind="number",
            expected=expected,
            data={"ask": goal, "A": json_matrix(a), "radius": 1},
            hints=[
                "Maximise xᵀAx subject to xᵀx = 1 with a Lagrange multiplier: Ax = μx.",
                f"The {word} is the {'largest' if goal == 'max' else 'smallest'} eigenvalue of A.",
            ],
            solution="\n\n".join(solution),
            misconceptions=wrong,
        )

    def _scaled_sphere(self, rng: np.random.Generator) -> Draft:
        a, values, _ = symmetric_thirds(rng)
        radius = pick(rng, [2, 3])
        goal = pick(rng, ["max", "min"])
        lam = max(values) if goal == "max" else min(values)
        other = min(values) if goal == "max" else max(values)
        expected = str(radius * radius * lam)
        wrong = [
            Misconception(
                "misconception:unscaled",
                str(lam),
                f"That is the {goal} on the unit sphere. With ‖x‖ = {radius}, x = {radius}u for "
                f"a unit u and xᵀAx = {radius * radius}·uᵀAu.",
            ),
            Misconception(
                "misconception:scaled-by-radius",
                str(radius * lam),
                f"xᵀAx is quadratic in x: scaling x by {radius} scales it by {radius}² = "
                f"{radius * radius}, not {radius}.",
            ),
            Misconception(
                "misconception:other-extreme",
                str(radius * radius * other),
                f"That uses the {'smallest' if goal == 'max' else 'largest'} eigenvalue; the "
                f"{'maximum' if goal == 'max' else 'minimum'} needs the "
                f"{'largest' if goal == 'max' else 'smallest'}.",
            ),
        ]
        word = "maximum" if goal == "max" else "minimum"
        ordered = sorted(values)
        solution = [
            f"Write $x = {radius}u$ with $\\lVert u \\rVert = 1$: $x^T A x = {radius * radius}\\, "
            "u^T A u$, and $u^T A u$ ranges over $[\\lambda_{\\min}, \\lambda_{\\max}]$.",
            f"The eigenvalues of $A$ are ${', '.join(str(v) for v in ordered)}$ (check: their "
            f"sum is $\\operatorname{{tr}} A = {sum(values)}$).",
            f"So the {word} is ${radius * radius} \\cdot {latex_factor(lam)} "
            f"= {radius * radius * lam}$.",
        ]
        return Draft(
            prompt=f"Find the {word} of $x^T A x$ over all $x$ with $\\lVert x \\rVert = "
            f"{radius}$.\n\n$$A = {latex_matrix(a)}$$",
            kind="number",
            expected=expected,
            data={"ask": goal, "A": json_matrix(a), "radius": radius},
            hints=[
                "On the unit sphere the extremes of xᵀAx are the extreme eigenvalues.",
                f"Scaling x by {radius} multiplies xᵀAx by {radius * radius}.",
                "The eigenvalues here are integers; the trace is their sum.",
            ],
            solution="\n\n".join(solution),
            misconceptions=wrong,
        )

    def _deflated(self, rng: np.random.Generator) -> Draft:
        a, values, vectors = symmetric_thirds(rng)
        goal = pick(rng, ["max", "min"])
        order = sorted(range(3), key=lambda i: values[i])
        top = order[-1] if goal == "max" else order[0]
        q = vectors[top]
        expected = str(values[order[1]])
        word = "maximum" if goal == "max" else "minimum"
        wrong = [
            Misconception(
                "misconception:ignored-constraint",
                str(values[top]),
                f"That is the {word} over all unit vectors, attained at q itself; x ⊥ q rules "
                "q out, leaving the next eigenvalue.",
            ),
            Misconception(
                "misconception:other-extreme",
                str(values[order[0] if goal == "max" else order[-1]]),
                f"That is the {'minimum' if goal == 'max' else 'maximum'} over the plane x ⊥ q; "
                f"the {word} there is the middle eigenvalue.",
            ),
        ]
        ordered = [values[i] for i in order]
        solution = [
            f"$q$ is a unit eigenvector of $A$: $Aq = {values[top]}\\,q$, the "
            f"{'largest' if goal == 'max' else 'smallest'} eigenvalue.",
            "The plane $x \\perp q$ is spanned by the other two eigenvectors, and on it the "
            "Rayleigh quotient ranges between their eigenvalues (Courant–Fischer).",
            f"The eigenvalues are ${', '.join(str(v) for v in ordered)}$ (their sum is "
            f"$\\operatorname{{tr}} A = {sum(values)}$), so the {word} is the middle one, "
            f"${values[order[1]]}$.",
        ]
        return Draft(
            prompt=f"Find the {word} of $x^T A x$ over unit vectors $x$ orthogonal to $q$ "
            f"($\\lVert x \\rVert = 1$, $q^T x = 0$).\n\n$A = {latex_matrix(a)}$, "
            f"$q = {latex_column(q)}$",
            kind="number",
            expected=expected,
            data={"ask": f"{goal}-orthogonal", "A": json_matrix(a), "q": json_vector(q)},
            hints=[
                "Check that q is an eigenvector of A: compute Aq.",
                "Orthogonal to q, x lives in the span of the other eigenvectors.",
                "The answer is the middle eigenvalue; the trace gives the sum of all three.",
            ],
            solution="\n\n".join(solution),
            misconceptions=wrong,
        )
