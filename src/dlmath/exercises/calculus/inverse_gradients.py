"""calculus.inverse-gradients: d(X⁻¹) = −X⁻¹ (dX) X⁻¹ and the gradients built on it,
evaluated at concrete matrices.

Difficulty 1: the derivative of (X + tE)⁻¹ at t = 0. Difficulty 2: the gradient of
aᵀX⁻¹b, which is −X⁻ᵀabᵀX⁻ᵀ (The Matrix Cookbook, eq. 61). Difficulty 3: the gradient of
tr(AX⁻¹), which is −(X⁻¹AX⁻¹)ᵀ (eq. 63 with B = I). X is unimodular, so X⁻¹ and every
answer are integer matrices.
"""

from __future__ import annotations

from fractions import Fraction
from typing import TYPE_CHECKING

from dlmath.exercises.base import Draft, Generator, Misconception
from dlmath.exercises.calculus.formulas import pick
from dlmath.exercises.kit import (
    FractionMatrix,
    integer_matrix,
    inverse,
    json_matrix,
    latex_named,
    mat_mul,
    scaled,
    transpose,
    unimodular,
)
from dlmath.exercises.layout import named_grids
from dlmath.exercises.registry import register
from dlmath.expr.literals import latex_matrix, matrix_text

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np


def _nonsymmetric_unimodular(
    rng: np.random.Generator, n: int
) -> tuple[FractionMatrix, FractionMatrix]:
    while True:
        x = unimodular(rng, n, 3)
        inv = inverse(x)
        if x != transpose(x) and inv is not None and max(abs(v) for r in inv for v in r) <= 4:
            return x, inv


def _draw(rng: np.random.Generator, rows: int, cols: int) -> FractionMatrix:
    while True:
        m = [[Fraction(v) for v in row] for row in integer_matrix(rng, rows, cols, -2, 2)]
        if sum(1 for row in m for v in row if v) >= 2:
            return m


def _neg(m: FractionMatrix) -> FractionMatrix:
    return scaled(m, -1)


@register
class InverseGradient(Generator):
    """Derivatives of X⁻¹ along a direction, of aᵀX⁻¹b and of tr(AX⁻¹)."""

    skill = "calculus.inverse-gradients"
    version = 1

    def generate(self, rng: np.random.Generator, difficulty: int) -> Draft:
        if difficulty == 1:
            return self._directional(rng)
        if difficulty == 2:
            return self._bilinear(rng)
        return self._trace(rng)

    def _directional(self, rng: np.random.Generator) -> Draft:
        x, inv = _nonsymmetric_unimodular(rng, 2)
        while True:
            e = _draw(rng, 2, 2)
            result = _neg(mat_mul(mat_mul(inv, e), inv))
            if result != _neg(mat_mul(mat_mul(inv, inv), e)):
                break
        expected = matrix_text(result)
        wrong = [
            Misconception(
                "misconception:lost-sign",
                matrix_text(_neg(result)),
                "Differentiating X X⁻¹ = I gives dX·X⁻¹ + X·d(X⁻¹) = 0, so d(X⁻¹) = −X⁻¹(dX)X⁻¹: "
                "mind the minus sign.",
            ),
            Misconception(
                "misconception:scalar-rule-order",
                matrix_text(_neg(mat_mul(mat_mul(inv, inv), e))),
                "The scalar rule −x⁻²·dx does not carry over: matrices do not commute, and dX "
                "sits between the two inverses, −X⁻¹ E X⁻¹.",
            ),
        ]
        steps = [
            "Differentiate $(X + tE)(X + tE)^{-1} = I$ at $t = 0$: $E X^{-1} + X \\dot{Y} = "
            "0$, so $\\dot{Y} = -X^{-1} E X^{-1}$.",
            f"$$X^{{-1}} = {latex_matrix(inv)}, \\quad X^{{-1}} E = "
            f"{latex_matrix(mat_mul(inv, e))}$$",
            f"$$-X^{{-1}} E X^{{-1}} = {latex_matrix(result)}$$",
        ]
        return Draft(
            prompt="Find $\\dfrac{d}{dt}(X + tE)^{-1}$ at $t = 0$.\n\n"
            + latex_named([("X", x), ("E", e)]),
            text="Find d/dt (X + tE)⁻¹ at t = 0.\n\n" + named_grids([("X", x), ("E", e)]),
            kind="matrix",
            expected=expected,
            data={"ask": "direction", "X": json_matrix(x), "E": json_matrix(e)},
            hints=[
                "Differentiate the identity (X + tE)(X + tE)⁻¹ = I with the product rule.",
                "d(X⁻¹) = −X⁻¹ (dX) X⁻¹; here dX = E.",
            ],
            solution="\n\n".join(steps),
            misconceptions=wrong,
        )

    def _bilinear(self, rng: np.random.Generator) -> Draft:
        n = pick(rng, [2, 3])
        x, inv = _nonsymmetric_unimodular(rng, n)
        while True:
            a, b = (_draw(rng, n, 1) for _ in range(2))
            inv_t = transpose(inv)
            left, right = mat_mul(inv_t, a), mat_mul(transpose(b), inv_t)
            grad = _neg(mat_mul(left, right))
            if any(v for r in grad for v in r) and a != b:
                break
        expected = matrix_text(grad)
        wrong = [
            Misconception(
                "misconception:untransposed",
                matrix_text(_neg(mat_mul(mat_mul(inv, a), mat_mul(transpose(b), inv)))),
                "The gradient of aᵀX⁻¹b is −X⁻ᵀabᵀX⁻ᵀ: the differential −aᵀX⁻¹(dX)X⁻¹b = "
                "−tr(X⁻¹b aᵀX⁻¹ dX), and the gradient is the transpose of the matrix before dX.",
            ),
            Misconception(
                "misconception:vectors-swapped",
                matrix_text(_neg(mat_mul(mat_mul(inv_t, b), mat_mul(transpose(a), inv_t)))),
                "a sits on the left of X⁻¹ and b on the right: the gradient is −X⁻ᵀ a bᵀ X⁻ᵀ, "
                "with a first.",
            ),
            Misconception(
                "misconception:lost-sign",
                matrix_text(_neg(grad)),
                "d(X⁻¹) = −X⁻¹(dX)X⁻¹ brings a minus sign.",
            ),
        ]
        steps = [
            "$d(a^T X^{-1} b) = -a^T X^{-1} (dX) X^{-1} b = -\\operatorname{tr}(X^{-1} b\\, a^T "
            "X^{-1}\\, dX)$, so $\\nabla_X = -(X^{-1} b a^T X^{-1})^T = -X^{-T} a b^T X^{-T}$ "
            "(The Matrix Cookbook, eq. 61).",
            f"$$X^{{-T}} = {latex_matrix(inv_t)}, \\quad X^{{-T}} a = {latex_matrix(left)}, "
            f"\\quad b^T X^{{-T}} = {latex_matrix(right)}$$",
            f"$$\\nabla_X = -(X^{{-T}} a)(b^T X^{{-T}}) = {latex_matrix(grad)}$$",
        ]
        return Draft(
            prompt="Find the gradient of $f(X) = a^T X^{-1} b$ with respect to $X$ at\n\n"
            + latex_named([("X", x), ("a", a), ("b", b)]),
            text="Find the gradient of f(X) = aᵀX⁻¹b with respect to X at\n\n"
            + named_grids([("X", x), ("a", a), ("b", b)]),
            kind="matrix",
            expected=expected,
            data={"ask": "bilinear", "X": json_matrix(x), "a": json_matrix(a), "b": json_matrix(b)},
            hints=[
                "d(X⁻¹) = −X⁻¹(dX)X⁻¹; write the differential as a trace tr(M dX).",
                "The gradient is Mᵀ: −X⁻ᵀ a bᵀ X⁻ᵀ, an outer product of two vectors.",
            ],
            solution="\n\n".join(steps),
            misconceptions=wrong,
        )

    def _trace(self, rng: np.random.Generator) -> Draft:
        n = pick(rng, [2, 3])
        x, inv = _nonsymmetric_unimodular(rng, n)
        while True:
            a = _draw(rng, n, n)
            core = mat_mul(mat_mul(inv, a), inv)
            if a != transpose(a) and any(v for r in core for v in r):
                break
        grad = _neg(transpose(core))
        expected = matrix_text(grad)
        inv_t = transpose(inv)
        wrong = [
            Misconception(
                "misconception:untransposed",
                matrix_text(_neg(core)),
                "d tr(AX⁻¹) = −tr(X⁻¹AX⁻¹ dX), and the gradient is the transpose of the matrix "
                "in front of dX: −(X⁻¹AX⁻¹)ᵀ.",
            ),
            Misconception(
                "misconception:transposed-inverses-only",
                matrix_text(_neg(mat_mul(mat_mul(inv_t, a), inv_t))),
                "(X⁻¹AX⁻¹)ᵀ = X⁻ᵀAᵀX⁻ᵀ: A is transposed too.",
            ),
            Misconception(
                "misconception:lost-sign",
                matrix_text(transpose(core)),
                "d(X⁻¹) = −X⁻¹(dX)X⁻¹ brings a minus sign.",
            ),
        ]
        steps = [
            "$d\\operatorname{tr}(AX^{-1}) = -\\operatorname{tr}(A X^{-1} (dX) X^{-1}) = "
            "-\\operatorname{tr}(X^{-1} A X^{-1}\\, dX)$ (cyclic property), so "
            "$\\nabla_X = -(X^{-1} A X^{-1})^T$ (The Matrix Cookbook, eq. 63 with $B = I$).",
            f"$$X^{{-1}} = {latex_matrix(inv)}, \\quad X^{{-1}} A X^{{-1}} = "
            f"{latex_matrix(core)}$$",
            f"$$\\nabla_X = {latex_matrix(grad)}$$",
        ]
        return Draft(
            prompt="Find the gradient of $f(X) = \\operatorname{tr}(A X^{-1})$ with respect to "
            "$X$ at\n\n" + latex_named([("X", x), ("A", a)]),
            text="Find the gradient of f(X) = tr(AX⁻¹) with respect to X at\n\n"
            + named_grids([("X", x), ("A", a)]),
            kind="matrix",
            expected=expected,
            data={"ask": "trace", "X": json_matrix(x), "A": json_matrix(a)},
            hints=[
                "Use d(X⁻¹) = −X⁻¹(dX)X⁻¹ and the cyclic property of the trace.",
                "If df = tr(M dX) then ∇f = Mᵀ.",
            ],
            solution="\n\n".join(steps),
            misconceptions=wrong,
        )
