"""linalg.spectral-theorem: a symmetric matrix is Σ λᵢ qᵢqᵢᵀ over an orthonormal basis of
eigenvectors.

Difficulty 1 rebuilds a 2×2 symmetric A from its eigenvalues and one unit eigenvector (the
other is orthogonal to it); difficulty 2 finds the unit eigenvector of a 2×2 symmetric
matrix; difficulty 3 rebuilds a 3×3 A from its eigenvalues and two of its three unit
eigenvectors, which needs q₃q₃ᵀ = I − q₁q₁ᵀ − q₂q₂ᵀ.
"""

from __future__ import annotations

from fractions import Fraction
from typing import TYPE_CHECKING

from dlmath.exercises.base import Draft, Generator, Misconception
from dlmath.exercises.kit import (
    Surd,
    add,
    column,
    column_entries,
    draw_int,
    identity,
    json_matrix,
    json_vector,
    latex_column,
    latex_factor,
    mat_mul,
    pick,
    quotient_by_sqrt,
)
from dlmath.exercises.linalg.rational_orthogonal import (
    diagonal,
    outer,
    rank_one_symmetric,
    rotation,
    spectral_sum,
    symmetric_thirds,
)
from dlmath.exercises.registry import register
from dlmath.expr.literals import latex_matrix, matrix_text

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np


def _unit_text(v: tuple[int, int], norm_sq: int) -> tuple[str, str]:
    """v/‖v‖ as ``[1/sqrt(5), -2/sqrt(5)]`` (``[3/5, 4/5]`` when ‖v‖ is whole) and in LaTeX."""
    text = "[" + ", ".join(quotient_by_sqrt(x, norm_sq) for x in v) + "]"
    return text, latex_column([Surd.over_sqrt(x, norm_sq).latex() for x in v])


@register
class SpectralTheorem(Generator):
    """A = Σ λᵢ qᵢqᵢᵀ: rebuild A (2×2, 3×3) or find its unit eigenvector (2×2)."""

    skill = "linalg.spectral-theorem"
    version = 1

    def generate(self, rng: np.random.Generator, difficulty: int) -> Draft:
        if difficulty == 2:
            return self._unit_eigenvector(rng)
        if difficulty == 1:
            q = rotation(rng, [(3, 4, 5), (4, 3, 5), (5, 12, 13), (12, 5, 13)])
            while True:
                values = [draw_int(rng, -5, 6) for _ in range(2)]
                if values[0] != values[1]:
                    break
            vectors = [[row[j] for row in q] for j in range(2)]
            return self._rebuild(values, vectors)
        _, values, vectors = symmetric_thirds(rng)
        return self._rebuild(values, vectors)

    def _rebuild(self, values: list[int], vectors: list[list[Fraction]]) -> Draft:
        n = len(vectors)
        given = n - 1
        a = spectral_sum(values, vectors)
        expected = matrix_text(a)
        wrong = [
            Misconception(
                "misconception:missing-last-term",
                matrix_text(spectral_sum(values[:given], vectors[:given])),
                f"A = Σ λᵢ qᵢqᵢᵀ runs over all {n} eigenvectors: the term λ{n} q{n}q{n}ᵀ of the "
                "eigenvector not given is missing. Recover it from q₁q₁ᵀ + … + qₙqₙᵀ = I.",
            ),
            Misconception(
                "misconception:diagonal-for-matrix",
                matrix_text(diagonal(values)),
                "That is Λ, the matrix of A in its eigenvector basis; in the standard basis "
                "A = QΛQᵀ.",
            ),
        ]
        names = [f"q_{i + 1}" for i in range(given)]
        image = column_entries(mat_mul(a, column(vectors[0])))
        lam = [f"\\lambda_{i + 1} = {v}" for i, v in enumerate(values)]
        last = n
        rest = " - ".join(f"q_{i + 1} q_{i + 1}^T" for i in range(given))
        formula = f"A = \\lambda_{last} I + " + " + ".join(
            f"(\\lambda_{i + 1} - \\lambda_{last})\\, q_{i + 1} q_{i + 1}^T" for i in range(given)
        )
        solution = [
            "By the spectral theorem $A = \\sum_i \\lambda_i q_i q_i^T$ over an orthonormal "
            f"basis of eigenvectors, and $\\sum_i q_i q_i^T = I$. So $q_{last} q_{last}^T = I - "
            f"{rest}$ and",
            f"$${formula}.$$",
            *[
                f"$q_{i + 1} q_{i + 1}^T = {latex_matrix(outer(vectors[i], vectors[i]))}$"
                for i in range(given)
            ],
            f"$$A = {_multiple_of_identity(values[-1])}"
            + " + ".join(
                f"{latex_factor(values[i] - values[-1])}\\, q_{i + 1} q_{i + 1}^T"
                for i in range(given)
            )
            + f" = {latex_matrix(a)}$$",
            f"Check: $A q_1 = {latex_column(image)} = {values[0]}\\, q_1$.",
        ]
        which = "a unit eigenvector" if given == 1 else "unit eigenvectors"
        pairs_latex = " and ".join(f"${names[i]}$ for $\\lambda_{i + 1}$" for i in range(given))
        return Draft(
            prompt=f"$A$ is a symmetric ${n} \\times {n}$ matrix with eigenvalues "
            f"${', '.join(lam)}$, and {which} {pairs_latex}. Find $A$.\n\n"
            + ", ".join(f"${names[i]} = {latex_column(vectors[i])}$" for i in range(given)),
            kind="matrix",
            expected=expected,
            data={
                "ask": "rebuild",
                "eigenvalues": values,
                "vectors": [json_vector(v) for v in vectors[:given]],
            },
            hints=[
                "Spectral theorem: A = λ₁q₁q₁ᵀ + … + λₙqₙqₙᵀ with orthonormal qᵢ.",
                "The missing eigenvector is orthogonal to the given ones, and "
                "q₁q₁ᵀ + … + qₙqₙᵀ = I.",
                f"A = λ{n} I + Σ (λᵢ − λ{n}) qᵢqᵢᵀ over the given eigenvectors.",
            ],
            solution="\n\n".join(solution),
            misconceptions=wrong,
        )

    def _unit_eigenvector(self, rng: np.random.Generator) -> Draft:
        base = draw_int(rng, -4, 4)
        a, fractions, t = rank_one_symmetric(rng, base)
        u = (int(fractions[0]), int(fractions[1]))
        norm_sq = u[0] ** 2 + u[1] ** 2
        low, high = sorted([base, base + t * norm_sq])
        largest = pick(rng, [True, False])
        perp = (-u[1], u[0]) if -u[1] > 0 else (u[1], -u[0])
        # u belongs to base + t·|u|², perp to base
        wanted = u if (t > 0) == largest else perp
        other = perp if wanted == u else u
        expected, latex = _unit_text(wanted, norm_sq)
        lam = high if largest else low
        other_lam = low if largest else high
        raw = "[" + ", ".join(str(x) for x in wanted) + "]"
        wrong = [
            Misconception(
                "misconception:not-normalised",
                raw,
                f"That is an eigenvector, but not a unit vector: divide by its length √{norm_sq}.",
            ),
            Misconception(
                "misconception:other-eigenvalue",
                _unit_text(other, norm_sq)[0],
                f"That is the unit eigenvector for the other eigenvalue, {other_lam}.",
            ),
        ]
        word = "largest" if largest else "smallest"
        solution = [
            f"The eigenvalues solve $\\det(A - \\lambda I) = 0$: here they are ${low}$ and "
            f"${high}$, so the {word} is ${lam}$.",
            f"$$A - {latex_factor(lam)} I = {latex_matrix(add(a, identity(2), -lam))}$$",
            f"Its null space is spanned by ${latex_column(list(wanted))}$, of length "
            f"$\\sqrt{{{norm_sq}}}$; the unit vector with positive first entry is ${latex}$.",
            "(The eigenvectors of a symmetric matrix for different eigenvalues are "
            f"orthogonal: the other one is along ${latex_column(list(other))}$.)",
        ]
        return Draft(
            prompt=f"$A$ is symmetric. Find the unit eigenvector for its {word} eigenvalue, "
            f"with a positive first entry.\n\n$$A = {latex_matrix(a)}$$",
            kind="matrix",
            expected=expected,
            data={"ask": "unit-eigenvector", "A": json_matrix(a), "which": word},
            hints=[
                "Find the eigenvalues from det(A − λI) = 0 (trace and determinant).",
                "Solve (A − λI)v = 0, then divide v by its length.",
            ],
            solution="\n\n".join(solution),
            misconceptions=wrong,
            tolerance=1e-9 if "sqrt" in expected else None,
        )


def _multiple_of_identity(value: int) -> str:
    """``3I + ``, ``I + ``, ``-I + `` or nothing for 0: the start of a LaTeX sum."""
    if value == 0:
        return ""
    return {1: "I + ", -1: "-I + "}.get(value, f"{value} I + ")
