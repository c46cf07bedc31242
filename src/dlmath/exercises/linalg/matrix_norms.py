"""linalg.matrix-norms: the 1-, ∞- and Frobenius norms from the entries (difficulty 1),
the spectral norm of a symmetric or rank-one matrix (difficulty 2), and of a general 2×2
matrix through the eigenvalues of AᵀA (difficulty 3).

The norms of the SVD skill (σ₁ and √Σσᵢ² of a matrix built from its SVD) are not repeated
here: these exercises start from the matrix and choose the route a learner would take.
"""

from __future__ import annotations

from math import isqrt
from typing import TYPE_CHECKING

from dlmath.exercises.base import Draft, Generator, Misconception
from dlmath.exercises.kit import (
    determinant,
    draw_int,
    integer_matrix,
    json_matrix,
    latex_column,
    mat_mul,
    nonzero_int,
    pick,
    sqrt_latex,
    sqrt_text,
    transpose,
)
from dlmath.exercises.linalg.rational_orthogonal import rank_one_symmetric
from dlmath.exercises.registry import register
from dlmath.expr.literals import latex_matrix

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np

NAMES = {"1": "‖A‖₁", "inf": "‖A‖∞", "fro": "‖A‖_F", "2": "‖A‖₂"}
LATEX = {
    "1": "\\lVert A \\rVert_1",
    "inf": "\\lVert A \\rVert_\\infty",
    "fro": "\\lVert A \\rVert_F",
    "2": "\\lVert A \\rVert_2",
}


def _abs_sums(rows: list[list[int]]) -> list[int]:
    return [sum(abs(x) for x in row) for row in rows]


def _norm2_text(t: int, d: int) -> tuple[str, str]:
    """√((t + √(t² − 4d²))/2), the largest singular value of a 2×2 matrix with
    ‖A‖_F² = t and det A = d, simplified where the roots are whole."""
    disc = t * t - 4 * d * d
    root = isqrt(disc)
    if root * root == disc:
        top = (t + root) // 2  # t and root have the same parity
        return sqrt_text(top), sqrt_latex(top)
    return f"sqrt(({t} + sqrt({disc}))/2)", f"\\sqrt{{\\dfrac{{{t} + \\sqrt{{{disc}}}}}{{2}}}}"


def _largest_gram_eigenvalue(t: int, disc: int) -> str:
    root = isqrt(disc)
    return str((t + root) // 2) if root * root == disc else f"({t} + sqrt({disc}))/2"


@register
class MatrixNorms(Generator):
    """‖A‖₁, ‖A‖∞, ‖A‖_F from entries; ‖A‖₂ of symmetric, rank-one and general 2×2 A."""

    skill = "linalg.matrix-norms"
    version = 1

    def generate(self, rng: np.random.Generator, difficulty: int) -> Draft:
        if difficulty == 1:
            return self._entrywise(rng)
        if difficulty == 2:
            return self._symmetric(rng) if rng.random() < 0.5 else self._rank_one(rng)
        return self._general(rng)

    def _draft(self, a, ask, expected, latex_value, steps, hints, wrong, data_ask) -> Draft:
        return Draft(
            prompt=f"Find ${LATEX[ask]}$.\n\n$$A = {latex_matrix(a)}$$",
            kind="number",
            expected=expected,
            data={"ask": data_ask, "norm": ask, "A": json_matrix(a)},
            hints=hints,
            solution="\n\n".join([*steps, f"$${LATEX[ask]} = {latex_value}$$"]),
            misconceptions=wrong,
            tolerance=1e-6 if "sqrt" in expected else None,
        )

    def _entrywise(self, rng: np.random.Generator) -> Draft:
        m, n = pick(rng, [(2, 3), (3, 2), (3, 3)])
        ask = pick(rng, ["1", "inf", "fro"])
        while True:
            a = integer_matrix(rng, m, n, -5, 5)
            rows, cols = _abs_sums(a), _abs_sums(transpose(a))
            if max(rows) != max(cols):
                break
        squares = sum(x * x for row in a for x in row)
        total = sum(rows)
        largest = max(abs(x) for row in a for x in row)
        if ask == "fro":
            expected, latex_value = sqrt_text(squares), sqrt_latex(squares)
            steps = [
                "The Frobenius norm is the Euclidean length of the entries: "
                "$\\lVert A \\rVert_F = \\sqrt{\\sum_{ij} a_{ij}^2} = "
                f"\\sqrt{{{squares}}}$."
            ]
            wrong = [
                Misconception(
                    "misconception:missing-root",
                    str(squares),
                    "That is ‖A‖_F², the sum of the squared entries; take its square root.",
                ),
                Misconception(
                    "misconception:sum-of-absolute-values",
                    str(total),
                    "The Frobenius norm squares the entries before adding: √(Σ aᵢⱼ²), not Σ|aᵢⱼ|.",
                ),
            ]
            hints = [
                "‖A‖_F² = Σ aᵢⱼ² = tr(AᵀA).",
                "Add the squares of all entries, then take the root.",
            ]
        else:
            sums, other = (cols, rows) if ask == "1" else (rows, cols)
            what, other_what = ("column", "row") if ask == "1" else ("row", "column")
            expected = latex_value = str(max(sums))
            steps = [
                f"${LATEX[ask]}$ is the largest "
                f"absolute {what} sum. The absolute {what} sums are "
                f"${', '.join(str(s) for s in sums)}$."
            ]
            wrong = [
                Misconception(
                    f"misconception:{other_what}-sums",
                    str(max(other)),
                    f"That is the largest absolute {other_what} sum, the "
                    f"{'∞' if ask == '1' else '1'}-norm; {NAMES[ask]} is the largest absolute "
                    f"{what} sum.",
                ),
                Misconception(
                    "misconception:sum-of-absolute-values",
                    str(total),
                    f"That adds every entry; {NAMES[ask]} is the largest of the absolute "
                    f"{what} sums.",
                ),
                Misconception(
                    "misconception:largest-entry",
                    str(largest),
                    f"The largest entry is not the norm: add the absolute values along each "
                    f"{what}, then take the largest sum.",
                ),
            ]
            hints = [
                f"{NAMES[ask]} is the largest absolute {what} sum.",
                f"Add |aᵢⱼ| along each {what} and take the maximum.",
            ]
        return self._draft(a, ask, expected, latex_value, steps, hints, wrong, "entrywise")

    def _symmetric(self, rng: np.random.Generator) -> Draft:
        base = nonzero_int(rng, -6, 6)
        a, u, t = rank_one_symmetric(rng, base)
        norm_sq = int(u[0] ** 2 + u[1] ** 2)
        values = sorted([base, base + t * norm_sq])
        expected = str(max(abs(v) for v in values))
        fro = sum(v * v for v in values)
        wrong = [
            Misconception(
                "misconception:signed-eigenvalue",
                str(values[-1]),
                "For a symmetric matrix ‖A‖₂ = max |λᵢ|: a negative eigenvalue of larger size "
                "stretches more.",
            ),
            Misconception(
                "misconception:frobenius-for-spectral",
                sqrt_text(fro),
                "That is the Frobenius norm √(λ₁² + λ₂²); the spectral norm is the largest "
                "|λᵢ| alone.",
            ),
            Misconception(
                "misconception:largest-entry",
                str(max(abs(x) for row in a for x in row)),
                "‖A‖₂ is not the largest entry: it is the largest stretch ‖Ax‖/‖x‖, here max |λᵢ|.",
            ),
        ]
        steps = [
            "For a symmetric matrix the singular values are the absolute values of the "
            "eigenvalues, so $\\lVert A \\rVert_2 = \\max_i |\\lambda_i|$.",
            f"$\\operatorname{{tr}} A = {values[0] + values[1]}$ and $\\det A = "
            f"{values[0] * values[1]}$, so the eigenvalues are ${values[0]}$ and ${values[1]}$.",
        ]
        hints = [
            "A is symmetric: its singular values are the |λᵢ|.",
            "Find the eigenvalues from the trace and the determinant; take the largest "
            "absolute value.",
        ]
        return self._draft(a, "2", expected, expected, steps, hints, wrong, "symmetric")

    def _rank_one(self, rng: np.random.Generator) -> Draft:
        m, n = pick(rng, [(2, 2), (2, 3), (3, 2), (3, 3)])
        while True:
            u = [draw_int(rng, -3, 3) for _ in range(m)]
            v = [draw_int(rng, -3, 3) for _ in range(n)]
            if sum(1 for x in u if x) >= 2 and sum(1 for x in v if x) >= 2:
                break
        a = [[x * y for y in v] for x in u]
        uu, vv = sum(x * x for x in u), sum(x * x for x in v)
        expected = sqrt_text(uu * vv)
        wrong = [
            Misconception(
                "misconception:missing-root",
                str(uu * vv),
                "That is ‖A‖₂² = ‖u‖²‖v‖²; take the square root.",
            ),
            Misconception(
                "misconception:largest-entry",
                str(max(abs(x) for row in a for x in row)),
                "‖A‖₂ is not the largest entry: A = uvᵀ stretches by ‖u‖·‖v‖.",
            ),
            Misconception(
                "misconception:sum-of-norms",
                sqrt_text(uu + vv),
                "For A = uvᵀ, Ax = u (v·x) has length ‖u‖ |v·x| ≤ ‖u‖‖v‖‖x‖: the norms "
                "multiply, not add.",
            ),
        ]
        steps = [
            f"Every row of $A$ is a multiple of one row: $A = u v^T$ with $u = {latex_column(u)}$ "
            f"and $v = {latex_column(v)}$.",
            "Then $Ax = u\\,(v \\cdot x)$, largest for $x$ along $v$: "
            f"$\\lVert A \\rVert_2 = \\lVert u \\rVert \\lVert v \\rVert = "
            f"\\sqrt{{{uu}}} \\sqrt{{{vv}}}$ (also $= \\lVert A \\rVert_F$, since rank 1).",
        ]
        hints = [
            "A has rank one: write it as u vᵀ.",
            "‖u vᵀ‖₂ = ‖u‖·‖v‖.",
        ]
        return self._draft(a, "2", expected, sqrt_latex(uu * vv), steps, hints, wrong, "rank-one")

    def _general(self, rng: np.random.Generator) -> Draft:
        while True:
            a = integer_matrix(rng, 2, 2, -4, 4)
            d = determinant(a)
            if a != transpose(a) and d != 0 and sum(1 for row in a for x in row if x) >= 3:
                break
        gram = mat_mul(transpose(a), a)
        t = sum(x * x for row in a for x in row)
        expected, latex_value = _norm2_text(t, d)
        disc = t * t - 4 * d * d
        wrong = [
            Misconception(
                "misconception:frobenius-for-spectral",
                sqrt_text(t),
                "That is the Frobenius norm √(σ₁² + σ₂²); the spectral norm is σ₁, the square "
                "root of the largest eigenvalue of AᵀA.",
            ),
            Misconception(
                "misconception:missing-root",
                _largest_gram_eigenvalue(t, disc),
                "That is the largest eigenvalue of AᵀA, which is σ₁²; take its square root.",
            ),
            Misconception(
                "misconception:column-sums",
                str(max(_abs_sums(transpose(a)))),
                "That is the 1-norm (largest absolute column sum); ‖A‖₂ comes from the "
                "eigenvalues of AᵀA.",
            ),
        ]
        steps = [
            "$\\lVert A \\rVert_2 = \\sigma_1 = \\sqrt{\\lambda_{\\max}(A^T A)}$.",
            f"$$A^T A = {latex_matrix(gram)}$$",
            f"Its trace is $\\lVert A \\rVert_F^2 = {t}$ and its determinant $(\\det A)^2 = "
            f"{d * d}$, so $\\lambda^2 - {t}\\lambda + {d * d} = 0$ and "
            f"$\\lambda_{{\\max}} = \\dfrac{{{t} + \\sqrt{{{t}^2 - 4 \\cdot {d * d}}}}}{{2}}$.",
        ]
        hints = [
            "‖A‖₂ is the largest singular value: the square root of the largest eigenvalue of AᵀA.",
            "For 2×2, the eigenvalues of AᵀA have sum ‖A‖_F² and product (det A)².",
        ]
        return self._draft(a, "2", expected, latex_value, steps, hints, wrong, "general")
