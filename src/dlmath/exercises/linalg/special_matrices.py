"""linalg.special-matrices: use the properties of diagonal and orthogonal matrices instead
of elimination: Q⁻¹ = Qᵀ, D⁻¹ = diag(1/dᵢ) (difficulty 1), solving Qx = b as x = Qᵀb
(difficulty 2), and the inverse or square of A = Q D Qᵀ (difficulty 3).

The orthogonal matrices have rational entries (Pythagorean rotations and reflections, the
(1, 2, 2)/3 matrix with shuffled signs), so every answer is exact.
"""

from __future__ import annotations

from fractions import Fraction
from typing import TYPE_CHECKING

from dlmath.exercises.base import Draft, Generator, Misconception
from dlmath.exercises.kit import (
    column,
    column_entries,
    draw_int,
    json_matrix,
    json_vector,
    latex_column,
    latex_named,
    mat_mul,
    nonzero_int,
    pick,
    scaled,
    transpose,
)
from dlmath.exercises.linalg.rational_orthogonal import (
    diagonal,
    embedded_rotation,
    orthogonal3,
    rotation,
)
from dlmath.exercises.registry import register
from dlmath.expr.literals import latex_matrix, matrix_text, vector_text

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np


def _distinct_nonzero(rng: np.random.Generator, n: int, values: list[int]) -> list[int]:
    while True:
        drawn = [pick(rng, values) for _ in range(n)]
        if len(set(drawn)) == n:
            return drawn


@register
class SpecialMatrices(Generator):
    """Inverses of orthogonal and diagonal matrices, Qx = b, and functions of Q D Qᵀ."""

    skill = "linalg.special-matrices"
    version = 1

    def generate(self, rng: np.random.Generator, difficulty: int) -> Draft:
        if difficulty == 1:
            if rng.random() < 0.6:
                return self._orthogonal_inverse(rng)
            return self._diagonal_inverse(rng)
        if difficulty == 2:
            return self._solve(rng)
        return self._spectral_function(rng)

    def _orthogonal_inverse(self, rng: np.random.Generator) -> Draft:
        q = rotation(rng)
        qt = transpose(q)
        expected = matrix_text(qt)
        wrong = [
            Misconception(
                "misconception:orthogonal-self-inverse",
                matrix_text(q),
                "An orthogonal matrix is not its own inverse in general: QᵀQ = I, so Q⁻¹ = Qᵀ, "
                "which equals Q only when Q is symmetric.",
            ),
            Misconception(
                "misconception:negated-inverse",
                matrix_text(scaled(q, -1)),
                "Q⁻¹ is the transpose Qᵀ, not −Q: check that Q times your answer is I.",
            ),
        ]
        return Draft(
            prompt="$Q$ is orthogonal ($Q^T Q = I$). Find $Q^{-1}$."
            f"\n\n$$Q = {latex_matrix(q)}$$",
            kind="matrix",
            expected=expected,
            data={"ask": "orthogonal-inverse", "Q": json_matrix(q)},
            hints=[
                "For an orthogonal matrix, QᵀQ = I: which matrix multiplies Q to give I?",
                "Q⁻¹ = Qᵀ: swap rows and columns.",
            ],
            solution="\n\n".join(
                [
                    "The columns of $Q$ are orthonormal, so $Q^T Q = I$ and therefore "
                    "$Q^{-1} = Q^T$: no elimination needed.",
                    f"$$Q^{{-1}} = Q^T = {latex_matrix(qt)}$$",
                    f"Check: $Q^T Q = {latex_matrix(mat_mul(qt, q))}$.",
                ]
            ),
            misconceptions=wrong,
        )

    def _diagonal_inverse(self, rng: np.random.Generator) -> Draft:
        n = pick(rng, [2, 3])
        d = [nonzero_int(rng, -6, 6) for _ in range(n)]
        if all(abs(v) == 1 for v in d):
            d[0] = pick(rng, [2, -3, 4, -5])
        a = diagonal(d)
        inv = diagonal([Fraction(1, v) for v in d])
        expected = matrix_text(inv)
        wrong = [
            Misconception(
                "misconception:negated-diagonal",
                matrix_text(diagonal([-v for v in d])),
                "The inverse of a diagonal matrix takes the reciprocal 1/dᵢ of each diagonal "
                "entry, not its negative.",
            ),
            Misconception(
                "misconception:diagonal-self-inverse",
                matrix_text(a),
                "D D = diag(dᵢ²), not I: the inverse has the reciprocals 1/dᵢ on its diagonal.",
            ),
        ]
        return Draft(
            prompt=f"$D$ is diagonal. Find $D^{{-1}}$.\n\n$$D = {latex_matrix(a)}$$",
            kind="matrix",
            expected=expected,
            data={"ask": "diagonal-inverse", "D": json_matrix(a)},
            hints=[
                "A diagonal matrix scales each coordinate separately.",
                "Undo each scaling: D⁻¹ = diag(1/d₁, …, 1/dₙ).",
            ],
            solution="\n\n".join(
                [
                    "$D$ multiplies coordinate $i$ by $d_i$; its inverse divides by it, so "
                    "$D^{-1} = \\operatorname{diag}(1/d_1, \\dots, 1/d_n)$.",
                    f"$$D^{{-1}} = {latex_matrix(inv)}$$",
                ]
            ),
            misconceptions=wrong,
        )

    def _solve(self, rng: np.random.Generator) -> Draft:
        thirds = rng.random() < 0.6
        q = orthogonal3(rng) if thirds else embedded_rotation(rng, 3, [(3, 4, 5), (4, 3, 5)])
        while True:  # about one x in 3 (thirds) or 5 (fifths) makes Qx integral
            x = [Fraction(draw_int(rng, -4, 4)) for _ in range(3)]
            b = column_entries(mat_mul(q, column(x)))
            if any(x) and all(v.denominator == 1 for v in b) and x != b:
                break
        qt = transpose(q)
        expected = vector_text(x)
        wrong = [
            Misconception(
                "misconception:multiplied-by-q",
                vector_text(column_entries(mat_mul(q, column(b)))),
                "Qb applies Q again instead of undoing it; for orthogonal Q the inverse is Qᵀ, "
                "so x = Qᵀb.",
            ),
            Misconception(
                "misconception:right-hand-side",
                vector_text(b),
                "That is b itself; solve Qx = b by multiplying both sides by Q⁻¹ = Qᵀ.",
            ),
        ]
        return Draft(
            prompt="$Q$ is orthogonal. Solve $Qx = b$ for $x$, without elimination.\n\n"
            f"{latex_named([('Q', q)])}, $b = {latex_column(b)}$",
            kind="matrix",
            expected=expected,
            data={"ask": "solve", "Q": json_matrix(q), "b": json_vector(b)},
            hints=[
                "Multiply both sides of Qx = b by Qᵀ.",
                "QᵀQ = I, so x = Qᵀb: dot each column of Q with b.",
            ],
            solution="\n\n".join(
                [
                    "Multiply $Qx = b$ on the left by $Q^T$; since $Q^T Q = I$, $x = Q^T b$.",
                    f"$$x = Q^T b = {latex_matrix(qt)} {latex_column(b)} = {latex_column(x)}$$",
                    "Each entry is the dot product of a column of $Q$ with $b$.",
                ]
            ),
            misconceptions=wrong,
        )

    def _spectral_function(self, rng: np.random.Generator) -> Draft:
        q = rotation(rng, [(3, 4, 5), (4, 3, 5)]) if rng.random() < 0.5 else orthogonal3(rng)
        n = len(q)
        ask = pick(rng, ["inverse", "square"])
        if ask == "inverse":
            d = _distinct_nonzero(rng, n, [1, -1, 2, -2, 3, -3])
            f = [Fraction(1, v) for v in d]
        else:
            d = _distinct_nonzero(rng, n, [1, -1, 2, -2, 3, -3, 4])
            f = [Fraction(v * v) for v in d]
        qt = transpose(q)
        a = mat_mul(mat_mul(q, diagonal(d)), qt)
        fd = diagonal(f)
        result = mat_mul(mat_mul(q, fd), qt)
        expected = matrix_text(result)
        name, latex_name = ("A⁻¹", "A^{-1}") if ask == "inverse" else ("A²", "A^2")
        f_latex = "D^{-1}" if ask == "inverse" else "D^2"
        f_text = "D⁻¹" if ask == "inverse" else "D²"
        wrong = [
            Misconception(
                "misconception:factors-reversed",
                matrix_text(mat_mul(mat_mul(qt, fd), q)),
                f"The orthogonal factors stay where they are: {name} = Q {f_text} Qᵀ, not Qᵀ … Q.",
            ),
            Misconception(
                "misconception:orthogonal-factors-cancel",
                matrix_text(fd),
                "Q and Qᵀ do not cancel around the diagonal factor; they cancel only between "
                "the two copies of A (QᵀQ = I), which leaves Q (…) Qᵀ.",
            ),
        ]
        rule = (
            "$A^{-1} = (Q D Q^T)^{-1} = (Q^T)^{-1} D^{-1} Q^{-1} = Q D^{-1} Q^T$"
            if ask == "inverse"
            else "$A^2 = Q D Q^T Q D Q^T = Q D^2 Q^T$ (the middle $Q^T Q$ is $I$)"
        )
        return Draft(
            prompt=f"$A = Q D Q^T$ with $Q$ orthogonal and $D$ diagonal. Find ${latex_name}$."
            f"\n\n{latex_named([('Q', q), ('D', diagonal(d))])}",
            kind="matrix",
            expected=expected,
            data={"ask": ask, "Q": json_matrix(q), "D": json_matrix(diagonal(d))},
            hints=[
                "Use QᵀQ = I rather than computing A first.",
                f"{name} = Q {f_text} Qᵀ.",
            ],
            solution="\n\n".join(
                [
                    rule + ".",
                    f"$${f_latex} = {latex_matrix(fd)}$$",
                    f"$${latex_name} = Q\\,{f_latex}\\,Q^T = {latex_matrix(result)}$$",
                    f"(For reference, $A = {latex_matrix(a)}$.)",
                ]
            ),
            misconceptions=wrong,
        )
