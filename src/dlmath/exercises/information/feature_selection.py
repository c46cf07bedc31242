"""information.feature-selection: relevance I(F; C) of a binary feature from counts
(level 1), the mRMR score relevance − mean redundancy of one candidate (level 2), and the
order in which greedy mRMR picks three features (level 3, an ordered list).
"""

from __future__ import annotations

from fractions import Fraction
from typing import TYPE_CHECKING

from dlmath.exercises.base import Draft, Generator, Misconception
from dlmath.exercises.kit import draw_int
from dlmath.exercises.kit import tex_number as _lx
from dlmath.exercises.kit import text_number as _t
from dlmath.exercises.kit.logs import BITS, entropy
from dlmath.exercises.registry import register

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np


def _d(v: Fraction) -> str:
    """A value in hundredths as a decimal, the way tables of mutual information read."""
    return f"{float(v):.2f}"


def _hundredths(rng: np.random.Generator, lo: int, hi: int) -> Fraction:
    return Fraction(draw_int(rng, lo, hi), 100)


def _score(relevance: Fraction, redundancies: list[Fraction]) -> Fraction:
    return relevance - sum(redundancies, Fraction(0)) / len(redundancies)


def _mrmr(relevance: list[Fraction], mi: list[list[Fraction]], picks: int) -> list[int] | None:
    """Greedy mRMR; None when a step has a tie (the exercise would be ambiguous)."""
    first = max(range(len(relevance)), key=lambda i: relevance[i])
    if sorted(relevance)[-2] == relevance[first]:
        return None
    chosen = [first]
    while len(chosen) < picks:
        scores = {
            i: _score(relevance[i], [mi[i][j] for j in chosen])
            for i in range(len(relevance))
            if i not in chosen
        }
        best = max(scores, key=lambda i: scores[i])
        if sum(1 for v in scores.values() if v == scores[best]) > 1:
            return None
        chosen.append(best)
    return chosen


@register
class FeatureSelection(Generator):
    """Max-relevance, min-redundancy: I(F; C) − mean over selected S of I(F; S)."""

    skill = "information.feature-selection"
    version = 1

    def generate(self, rng: np.random.Generator, difficulty: int) -> Draft:
        if difficulty == 1:
            return self._relevance(rng)
        if difficulty == 2:
            return self._candidate_score(rng)
        return self._greedy_order(rng)

    @staticmethod
    def _relevance(rng: np.random.Generator) -> Draft:
        while True:
            counts = [[draw_int(rng, 0, 12) for _ in range(2)] for _ in range(2)]
            rows = [sum(r) for r in counts]
            cols = [counts[0][j] + counts[1][j] for j in range(2)]
            if (
                min(rows) > 0
                and min(cols) > 0
                and counts[0][0] * counts[1][1] != counts[0][1] * counts[1][0]
            ):
                break
        n = sum(rows)
        h_c = entropy([Fraction(c, n) for c in cols])
        h_c_given_f = entropy([Fraction(c, rows[0]) for c in counts[0]]).scaled(
            Fraction(rows[0], n)
        ) + entropy([Fraction(c, rows[1]) for c in counts[1]]).scaled(Fraction(rows[1], n))
        answer = h_c - h_c_given_f
        table = (
            "$$\\begin{array}{c|cc} & C = 0 & C = 1 \\\\ \\hline "
            f"F = 0 & {counts[0][0]} & {counts[0][1]} \\\\ F = 1 & {counts[1][0]} & "
            f"{counts[1][1]} \\end{{array}}$$"
        )
        return Draft(
            prompt=(
                f"Counts of a binary feature $F$ against the class $C$ on {n} training "
                f"examples:\n\n{table}\n\nCompute the relevance $I(F; C)$ in bits."
            ),
            kind="number",
            expected=answer.text(BITS),
            data={"counts": counts},
            hints=[
                "I(F; C) = H(C) − H(C | F).",
                "H(C | F) = Σ_f P(F = f) H(C | F = f), each from a row of the table.",
            ],
            solution="\n\n".join(
                [
                    f"$H(C) = {h_c.latex(BITS)}{h_c.approx_latex(BITS)}$ from the column totals "
                    f"${cols[0]}, {cols[1]}$.",
                    f"$H(C \\mid F) = \\frac{{{rows[0]}}}{{{n}}} H(C \\mid F = 0) + "
                    f"\\frac{{{rows[1]}}}{{{n}}} H(C \\mid F = 1) = {h_c_given_f.latex(BITS)}"
                    f"{h_c_given_f.approx_latex(BITS)}$.",
                    f"$I(F; C) = {answer.latex(BITS)}{answer.approx_latex(BITS)}$ bits.",
                ]
            ),
            misconceptions=[
                Misconception(
                    "misconception:conditional-entropy",
                    h_c_given_f.text(BITS),
                    "That is H(C | F), what remains unknown; relevance is what F removes: "
                    "H(C) − H(C | F).",
                ),
                Misconception(
                    "misconception:class-entropy",
                    h_c.text(BITS),
                    "That is H(C); subtract the uncertainty left once F is known.",
                ),
            ],
        )

    @staticmethod
    def _candidate_score(rng: np.random.Generator) -> Draft:
        k = draw_int(rng, 2, 4)
        relevance = _hundredths(rng, 20, 90)
        redundancies = [_hundredths(rng, 1, 60) for _ in range(k)]
        answer = _score(relevance, redundancies)
        names = [f"S_{i + 1}" for i in range(k)]
        listed = ", ".join(
            f"$I(F; {n}) = {_d(r)}$" for n, r in zip(names, redundancies, strict=True)
        )
        mean = sum(redundancies, Fraction(0)) / k
        return Draft(
            prompt=(
                f"mRMR has already selected the features ${', '.join(names)}$. A candidate $F$ "
                f"has relevance $I(F; C) = {_d(relevance)}$ bits and redundancies {listed} "
                "bits. Compute its mRMR score (relevance minus mean redundancy)."
            ),
            kind="number",
            expected=_t(answer),
            data={"relevance": _t(relevance), "redundancies": [_t(r) for r in redundancies]},
            hints=[
                "score(F) = I(F; C) − (1/|S|) Σ_{s∈S} I(F; s).",
            ],
            solution=(
                f"Mean redundancy $= \\frac{{{' + '.join(_d(r) for r in redundancies)}}}{{{k}}} = "
                f"{_lx(mean)}$, so the score is ${_d(relevance)} - {_lx(mean)} = {_lx(answer)}$."
            ),
            misconceptions=[
                Misconception(
                    "misconception:summed-redundancy",
                    _t(relevance - sum(redundancies, Fraction(0))),
                    f"mRMR averages the redundancy over the {k} selected features; the sum "
                    "would punish a feature more the more features were selected.",
                ),
                Misconception(
                    "misconception:relevance-only",
                    _t(relevance),
                    "That is the relevance alone; mRMR subtracts the mean redundancy with "
                    "the features already selected.",
                ),
                Misconception(
                    "misconception:quotient-form",
                    _t(relevance / mean),
                    "That is the quotient variant (MIQ); the question asks for the difference: "
                    "relevance − mean redundancy.",
                ),
            ],
        )

    @staticmethod
    def _greedy_order(rng: np.random.Generator) -> Draft:
        k = 5
        while True:
            relevance = [_hundredths(rng, 10, 90) for _ in range(k)]
            mi = [[Fraction(0)] * k for _ in range(k)]
            for i in range(k):
                for j in range(i + 1, k):
                    mi[i][j] = mi[j][i] = _hundredths(rng, 0, 70)
            order = _mrmr(relevance, mi, 3)
            by_relevance = sorted(range(k), key=lambda i: -relevance[i])[:3]
            if order is not None and order != by_relevance and len(set(relevance)) == k:
                break
        rows = " \\\\ ".join(
            f"F_{i + 1} & {_d(relevance[i])} & "
            + " & ".join("-" if i == j else _d(mi[i][j]) for j in range(k))
            for i in range(k)
        )
        head = " & ".join(f"F_{j + 1}" for j in range(k))
        table = (
            f"$$\\begin{{array}}{{c|c|{'c' * k}}} & I(F; C) & {head} \\\\ \\hline {rows} "
            "\\end{array}$$"
        )
        answer = ", ".join(str(i + 1) for i in order)
        steps = [f"First the most relevant feature: $F_{{{order[0] + 1}}}$."]
        for step in (1, 2):
            chosen = order[:step]
            scores = ", ".join(
                f"$F_{{{i + 1}}}: {_lx(_score(relevance[i], [mi[i][j] for j in chosen]))}$"
                for i in range(k)
                if i not in chosen
            )
            steps.append(
                f"Scores against $\\{{{', '.join(f'F_{j + 1}' for j in chosen)}\\}}$: {scores}; "
                f"pick $F_{{{order[step] + 1}}}$."
            )
        return Draft(
            prompt=(
                "Relevance to the class (bits) and pairwise mutual information between five "
                f"features:\n\n{table}\n\nGreedy mRMR (relevance minus mean redundancy) starts "
                "with the most relevant feature. List the indices of the first three features "
                "it selects, in order."
            ),
            kind="sequence",
            expected=answer,
            data={
                "relevance": [_t(r) for r in relevance],
                "mi": [[_t(v) for v in row] for row in mi],
            },
            hints=[
                "Step 1: the feature with the largest I(F; C).",
                "Each later step: the unselected F with the largest I(F; C) − mean_{s∈S} I(F; s).",
            ],
            solution="\n\n".join([*steps, f"Order: ${answer}$."]),
            misconceptions=[
                Misconception(
                    "misconception:relevance-only",
                    ", ".join(str(i + 1) for i in by_relevance),
                    "That ranks by relevance alone (max-relevance); mRMR also subtracts the "
                    "redundancy with the features already chosen.",
                ),
            ],
        )
