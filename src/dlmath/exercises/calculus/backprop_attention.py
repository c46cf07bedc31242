"""calculus.backprop-attention: gradients of Y = softmax(QKᵀ/√d) V.

The attention weights A = softmax(S), S = QKᵀ/√d, are given as exact fractions (the
softmax of a row is any positive row summing to 1), with an upstream gradient G = ∂L/∂Y.
Difficulty 1: ∂L/∂V = AᵀG. Difficulty 2: ∂L/∂S, through the row-wise softmax:
dSᵢⱼ = Aᵢⱼ(dAᵢⱼ − Σₖ AᵢₖdAᵢₖ) with dA = GVᵀ. Difficulty 3: ∂L/∂Q = dS K/√d (d = 4).
"""

from __future__ import annotations

from fractions import Fraction
from typing import TYPE_CHECKING

from dlmath.exercises.base import Draft, Generator, Misconception
from dlmath.exercises.calculus.softmax_jacobian import draw_probabilities
from dlmath.exercises.kit import (
    integer_matrix,
    json_matrix,
    latex_named,
    mat_mul,
    pick,
    scaled,
    transpose,
)
from dlmath.exercises.layout import named_grids
from dlmath.exercises.registry import register
from dlmath.expr.literals import latex_matrix, latex_number, matrix_text

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np

Matrix = list[list[Fraction]]


def softmax_backward(a: Matrix, da: Matrix, by_column: bool = False) -> Matrix:
    """dS of a row-wise softmax (column-wise when ``by_column``: the wrong axis)."""
    if by_column:
        return transpose(softmax_backward(transpose(a), transpose(da)))
    out = []
    for row, drow in zip(a, da, strict=True):
        inner = sum(x * y for x, y in zip(row, drow, strict=True))
        out.append([x * (y - inner) for x, y in zip(row, drow, strict=True)])
    return out


def ints(rows: list[list[int]]) -> Matrix:
    return [[Fraction(v) for v in row] for row in rows]


@register
class AttentionBackprop(Generator):
    """∂L/∂V, ∂L/∂S and ∂L/∂Q of one attention head."""

    skill = "calculus.backprop-attention"
    version = 1

    def generate(self, rng: np.random.Generator, difficulty: int) -> Draft:
        t = pick(rng, [2, 3]) if difficulty < 3 else 2
        dv = pick(rng, [2, 2, 3]) if difficulty == 1 else 2
        a = [draw_probabilities(rng, t) for _ in range(t)]
        while True:
            g = ints(integer_matrix(rng, t, dv, -3, 3))
            v = ints(integer_matrix(rng, t, dv, -3, 3))
            da = mat_mul(g, transpose(v))
            ds = softmax_backward(a, da)
            if any(any(r) for r in ds) and any(any(r) for r in g):
                break
        if difficulty == 1:
            return self._values(a, g, v)
        if difficulty == 2:
            return self._scores(a, g, v, da, ds)
        k = ints(integer_matrix(rng, t, 4, -2, 2))
        while not any(any(r) for r in mat_mul(ds, k)):
            k = ints(integer_matrix(rng, t, 4, -2, 2))
        return self._queries(a, g, v, da, ds, k)

    def _setting(self, t: int) -> tuple[str, str]:
        latex = (
            f"One attention head computes $Y = AV$ with $A = \\operatorname{{softmax}}(S)$ "
            f"(row by row) and $S = QK^T/\\sqrt{{d}}$, for {t} queries and {t} keys. At the "
            "current parameters the attention weights $A$, the values $V$ and the loss "
            "gradient $G = \\partial L / \\partial Y$ are"
        )
        plain = (
            "One attention head computes Y = AV with A = softmax(S) (row by row) and "
            f"S = QKᵀ/√d, for {t} queries and {t} keys. At the current parameters the attention "
            "weights A, the values V and the loss gradient G = ∂L/∂Y are"
        )
        return latex, plain

    def _draft(self, ask, named, question, question_text, expected, wrong, hints, steps):
        head, head_text = self._setting(len(named[0][1]))
        data = {"ask": ask} | {name: json_matrix(m) for name, m in named}
        return Draft(
            prompt=f"{head}\n\n{latex_named(named)}\n\n{question}",
            text=f"{head_text}\n\n{named_grids(named)}\n\n{question_text}",
            kind="matrix",
            expected=expected,
            data=data,
            hints=hints,
            solution="\n\n".join(steps),
            misconceptions=wrong,
        )

    def _values(self, a: Matrix, g: Matrix, v: Matrix) -> Draft:
        dvals = mat_mul(transpose(a), g)
        expected = matrix_text(dvals)
        wrong = [
            Misconception(
                "misconception:untransposed-weights",
                matrix_text(mat_mul(a, g)),
                "Y = AV, so ∂L/∂V = AᵀG: value j collects the gradient of every query i in "
                "proportion to Aᵢⱼ, a column of A, not a row.",
            ),
            Misconception(
                "misconception:weights-ignored",
                matrix_text(g),
                "Each output row mixes the values with the weights A, so the gradient reaches "
                "V mixed back by Aᵀ: ∂L/∂V = AᵀG.",
            ),
        ]
        steps = [
            "$Y = AV$ is linear in $V$: $\\dfrac{\\partial L}{\\partial V} = A^T G$ "
            "(the rule for $Y = AV$: $\\partial L/\\partial A = G V^T$, "
            "$\\partial L/\\partial V = A^T G$).",
            f"$$A^T G = {latex_matrix(transpose(a))} {latex_matrix(g)} = {latex_matrix(dvals)}$$",
        ]
        return self._draft(
            "values",
            [("A", a), ("V", v), ("G", g)],
            "Find $\\partial L / \\partial V$.",
            "Find ∂L/∂V.",
            expected,
            wrong,
            ["Y = AV: which of the two rules of a matrix product applies to V?", "∂L/∂V = AᵀG."],
            steps,
        )

    def _scores(self, a: Matrix, g: Matrix, v: Matrix, da: Matrix, ds: Matrix) -> Draft:
        expected = matrix_text(ds)
        wrong = [
            Misconception(
                "misconception:softmax-skipped",
                matrix_text(da),
                "GVᵀ is ∂L/∂A; the softmax still stands between A and S: "
                "dSᵢⱼ = Aᵢⱼ(dAᵢⱼ − Σₖ AᵢₖdAᵢₖ).",
            ),
            Misconception(
                "misconception:softmax-as-elementwise",
                matrix_text(
                    [[x * y for x, y in zip(r, q, strict=True)] for r, q in zip(a, da, strict=True)]
                ),
                "A ⊙ dA treats each weight as depending on its own score only; the row's "
                "normalisation subtracts Σₖ AᵢₖdAᵢₖ from every entry of the row.",
            ),
            Misconception(
                "misconception:softmax-wrong-axis",
                matrix_text(softmax_backward(a, da, by_column=True)),
                "The softmax normalises each row (each query's weights over the keys), so the "
                "sum Σₖ AᵢₖdAᵢₖ runs along row i, not down a column.",
            ),
        ]
        inner = [sum(x * y for x, y in zip(r, q, strict=True)) for r, q in zip(a, da, strict=True)]
        steps = [
            f"$\\dfrac{{\\partial L}}{{\\partial A}} = G V^T = {latex_matrix(da)}$.",
            "Each row of $A$ is the softmax of the same row of $S$, with Jacobian "
            "$\\operatorname{diag}(a) - aa^T$; so row by row "
            "$dS_{ij} = A_{ij}\\left(dA_{ij} - \\sum_k A_{ik}\\, dA_{ik}\\right)$.",
            "Row sums $\\sum_k A_{ik} dA_{ik}$: $"
            + ",\\ ".join(latex_number(s) for s in inner)
            + "$.",
            f"$$\\frac{{\\partial L}}{{\\partial S}} = {latex_matrix(ds)}$$",
            "Check: every row sums to 0.",
        ]
        return self._draft(
            "scores",
            [("A", a), ("V", v), ("G", g)],
            "Find $\\partial L / \\partial S$, the gradient with respect to the scores.",
            "Find ∂L/∂S, the gradient with respect to the scores.",
            expected,
            wrong,
            [
                "First ∂L/∂A = GVᵀ; then back through the softmax of each row.",
                "dSᵢⱼ = Aᵢⱼ(dAᵢⱼ − Σₖ AᵢₖdAᵢₖ): every row of dS sums to zero.",
            ],
            steps,
        )

    def _queries(self, a, g, v, da, ds, k) -> Draft:
        dq = scaled(mat_mul(ds, k), Fraction(1, 2))
        expected = matrix_text(dq)
        wrong = [
            Misconception(
                "misconception:scale-dropped",
                matrix_text(mat_mul(ds, k)),
                "S = QKᵀ/√d with d = 4: the gradient keeps the factor 1/√d = 1/2, "
                "∂L/∂Q = (∂L/∂S) K/2.",
            ),
            Misconception(
                "misconception:softmax-skipped",
                matrix_text(scaled(mat_mul(da, k), Fraction(1, 2))),
                "GVᵀ is ∂L/∂A; go back through the row-wise softmax first: "
                "dSᵢⱼ = Aᵢⱼ(dAᵢⱼ − Σₖ AᵢₖdAᵢₖ).",
            ),
            Misconception(
                "misconception:key-gradient",
                matrix_text(scaled(mat_mul(transpose(ds), k), Fraction(1, 2))),
                "dSᵀ appears in ∂L/∂K = dSᵀQ/√d; for the queries, S = QKᵀ/√d gives "
                "∂L/∂Q = dS K/√d.",
            ),
        ]
        steps = [
            f"$\\dfrac{{\\partial L}}{{\\partial A}} = G V^T = {latex_matrix(da)}$.",
            "Through the row-wise softmax: $dS_{ij} = A_{ij}(dA_{ij} - \\sum_k A_{ik} dA_{ik})$, "
            f"$$dS = {latex_matrix(ds)}$$",
            "$S = QK^T/\\sqrt d$ is linear in $Q$: $\\dfrac{\\partial L}{\\partial Q} = "
            "\\dfrac{1}{\\sqrt d}\\, dS\\, K$, and $\\sqrt 4 = 2$.",
            f"$$\\frac{{\\partial L}}{{\\partial Q}} = \\frac{{1}}{{2}} {latex_matrix(ds)} "
            f"{latex_matrix(k)} "
            f"= {latex_matrix(dq)}$$",
        ]
        return self._draft(
            "queries",
            [("A", a), ("V", v), ("G", g), ("K", k)],
            "The keys have dimension $d = 4$ (the rows of $K$). Find $\\partial L / \\partial Q$.",
            "The keys have dimension d = 4 (the rows of K). Find ∂L/∂Q.",
            expected,
            wrong,
            [
                "Chain: Y → A (∂L/∂A = GVᵀ) → S (row-wise softmax) → Q (S = QKᵀ/√d).",
                "∂L/∂Q = dS K/√d with dSᵢⱼ = Aᵢⱼ(dAᵢⱼ − Σₖ AᵢₖdAᵢₖ).",
            ],
            steps,
        )
