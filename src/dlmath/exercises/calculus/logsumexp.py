"""calculus.logsumexp: LSE(x) = log Σ exp(xᵢ) and its stable form m + log Σ exp(xᵢ − m).

Difficulty 1: LSE of small integers, where the naive formula works. Difficulty 2: a
log-softmax entry xᵢ − LSE(x) of logits near ±1000, where exp overflows (or underflows)
in floating point and only the shifted form gives a number. Difficulty 3: the mean
cross-entropy LSE(z) − z_y of a batch of two such examples, labels not always the
largest logit. Expected answers are exact expressions (m + log(1 + exp(−a) + …)), judged
to four significant digits.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from dlmath.exercises.base import Draft, Generator, Misconception
from dlmath.exercises.kit import draw_int, pick
from dlmath.exercises.registry import register

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np

#: Relative tolerance: four significant digits.
TOLERANCE = 1e-3


def stable_text(x: list[int]) -> str:
    """``m + log(1 + exp(-2) + ...)``: LSE(x) written around its maximum m."""
    m = max(x)
    rest = sorted((v - m for v in x), reverse=True)[1:]  # drop the one 0 of the maximum
    inner = " + ".join(["1", *(f"exp({d})" for d in rest)])
    return f"{m} + log({inner})" if m else f"log({inner})"


def stable_value(x: list[int]) -> float:
    m = max(x)
    return m + math.log(sum(math.exp(v - m) for v in x))


def stable_latex(x: list[int]) -> str:
    m = max(x)
    rest = sorted((v - m for v in x), reverse=True)[1:]
    inner = " + ".join(["1", *(f"e^{{{d}}}" for d in rest)])
    return f"{m} + \\log({inner})"


def vector_text(x: list[int]) -> str:
    return "(" + ", ".join(str(v) for v in x) + ")"


def keep_distinct(value: float, wrong: list[tuple[Misconception, float]]) -> list[Misconception]:
    """Mistakes whose value is clearly off the answer and off each other (the checker
    judges to TOLERANCE, so nearer ones would be accepted or confused)."""
    kept: list[tuple[Misconception, float]] = []
    for m, v in wrong:
        values = [value, *(w for _, w in kept)]
        if all(abs(v - w) > 20 * TOLERANCE * max(abs(w), abs(v), 1.0) for w in values):
            kept.append((m, v))
    return [m for m, _ in kept]


@register
class LogSumExp(Generator):
    """Log-sum-exp values, log-softmax and cross-entropy of large logits."""

    skill = "calculus.logsumexp"
    version = 1

    def generate(self, rng: np.random.Generator, difficulty: int) -> Draft:
        if difficulty == 1:
            return self._plain(rng)
        if difficulty == 2:
            return self._log_softmax(rng)
        return self._cross_entropy(rng)

    def _plain(self, rng: np.random.Generator) -> Draft:
        n = pick(rng, [3, 4])
        while True:
            x = [draw_int(rng, -3, 4) for _ in range(n)]
            if len(set(x)) == n:
                break
        value = stable_value(x)
        m = max(x)
        wrong = [
            (
                Misconception(
                    "misconception:max-for-lse",
                    str(m),
                    "LSE is a smooth maximum, always above it: max x ≤ LSE(x) ≤ max x + log n.",
                ),
                float(m),
            ),
            (
                Misconception(
                    "misconception:log-of-sum",
                    f"log({sum(x)})" if sum(x) > 0 else "0",
                    "The exponentials come first: LSE(x) = log(Σ exp(xᵢ)), not log(Σ xᵢ).",
                ),
                math.log(sum(x)) if sum(x) > 0 else 0.0,
            ),
            (
                Misconception(
                    "misconception:sum-of-exps-no-log",
                    " + ".join(f"exp({v})" for v in x),
                    "That is Σ exp(xᵢ); LSE takes its logarithm.",
                ),
                sum(math.exp(v) for v in x),
            ),
        ]
        steps = [
            f"Shift by the maximum $m = {m}$: $\\mathrm{{LSE}}(x) = m + \\log \\sum_i "
            f"e^{{x_i - m}}$ "
            "(the factor $e^m$ comes out of the sum, and $\\log e^m = m$).",
            f"$$\\mathrm{{LSE}}(x) = {stable_latex(x)} \\approx {value:.4f}$$",
            f"It lies between $\\max x = {m}$ and $\\max x + \\log {n} \\approx "
            f"{m + math.log(n):.4f}$.",
        ]
        return Draft(
            prompt=f"Compute $\\mathrm{{LSE}}(x) = \\log \\sum_i e^{{x_i}}$ for "
            f"$x = {vector_text(x)}$ (4 significant digits, or an exact expression).",
            text=f"Compute LSE(x) = log Σᵢ exp(xᵢ) for x = {vector_text(x)} (4 significant digits, "
            "or an exact expression).",
            kind="number",
            expected=stable_text(x),
            data={"ask": "lse", "x": x},
            hints=[
                "Factor out exp(m), m = max x: LSE(x) = m + log Σ exp(xᵢ − m).",
                "Every term exp(xᵢ − m) is at most 1 and the largest is exactly 1.",
            ],
            solution="\n\n".join(steps),
            misconceptions=keep_distinct(value, wrong),
            tolerance=TOLERANCE,
        )

    def _logits(self, rng: np.random.Generator, n: int) -> list[int]:
        base = pick(rng, [-1000, 1000, 800, -750, 2000])
        while True:
            x = [base + draw_int(rng, -4, 4) for _ in range(n)]
            if len(set(x)) == n:
                return x

    def _log_softmax(self, rng: np.random.Generator) -> Draft:
        n = pick(rng, [3, 4])
        x = self._logits(rng, n)
        i = draw_int(rng, 0, n - 1)
        lse = stable_value(x)
        value = x[i] - lse
        m = max(x)
        shift = f"{x[i] - m} " if x[i] != m else ""
        expected = f"{shift}- log({stable_text(x).split('log(', 1)[1]}"
        wrong = [
            (
                Misconception(
                    "misconception:max-for-lse",
                    str(x[i] - m),
                    "Replacing LSE by max x drops log Σ exp(xⱼ − m), which is at least log 1 = 0 "
                    "and here not small: log pᵢ = xᵢ − m − log Σⱼ exp(xⱼ − m).",
                ),
                float(x[i] - m),
            ),
            (
                Misconception(
                    "misconception:softmax-not-log",
                    f"exp({value:.10f})",
                    "That is pᵢ itself; the question asks for log pᵢ, which is negative.",
                ),
                math.exp(value),
            ),
            (
                Misconception(
                    "misconception:overflow-zero",
                    "0",
                    "Naive float evaluation overflows or underflows here, but log pᵢ is a "
                    "moderate number: use the shifted form.",
                ),
                0.0,
            ),
        ]
        i1 = i + 1
        steps = [
            f"$e^{{{x[0]}}}$ does not fit in a double (it overflows past $10^{{308}}$ or "
            "underflows to 0), so subtract $m = \\max x$ first.",
            f"$\\log p_{i1} = x_{i1} - \\mathrm{{LSE}}(x) = x_{i1} - m - \\log \\sum_j "
            f"e^{{x_j - m}}$, "
            f"with $m = {m}$.",
            f"$$\\log p_{i1} = {x[i] - m} - \\log({stable_latex(x).split('log(', 1)[1]} "
            f"\\approx {value:.4f}$$",
        ]
        return Draft(
            prompt=f"A classifier outputs the logits $x = {vector_text(x)}$. Compute "
            f"$\\log p_{i1} = \\log \\operatorname{{softmax}}(x)_{i1}$ (4 significant digits, "
            "or an exact expression).",
            text=f"A classifier outputs the logits x = {vector_text(x)}. Compute "
            f"log p{i1} = log softmax(x)_{i1} (4 significant digits, or an exact expression).",
            kind="number",
            expected=expected,
            data={"ask": "log-softmax", "x": x, "i": i1},
            hints=[
                "log softmax(x)ᵢ = xᵢ − LSE(x); exp(1000) overflows, so shift first.",
                "LSE(x) = m + log Σ exp(xⱼ − m) with m = max x.",
            ],
            solution="\n\n".join(steps),
            misconceptions=keep_distinct(value, wrong),
            tolerance=TOLERANCE,
        )

    def _cross_entropy(self, rng: np.random.Generator) -> Draft:
        n = pick(rng, [3, 4])
        rows = [self._logits(rng, n) for _ in range(2)]
        labels = [draw_int(rng, 0, n - 1) for _ in range(2)]
        losses = [stable_value(z) - z[y] for z, y in zip(rows, labels, strict=True)]
        value = sum(losses) / 2
        parts = [
            f"({max(z) - z[y]} + log({stable_text(z).split('log(', 1)[1]})"
            for z, y in zip(rows, labels, strict=True)
        ]
        expected = f"({parts[0]} + {parts[1]})/2"
        sum_only = sum(losses)
        max_only = sum(max(z) - z[y] for z, y in zip(rows, labels, strict=True)) / 2
        wrong = [
            (
                Misconception(
                    "misconception:sum-not-mean",
                    f"{sum_only:.10f}",
                    "That is the sum of the two losses; the batch loss is their mean.",
                ),
                sum_only,
            ),
            (
                Misconception(
                    "misconception:max-for-lse",
                    f"{max_only:.10f}",
                    "Replacing LSE(z) by max z drops the term log Σ exp(zⱼ − m) of each "
                    "example: ℓ = m − z_y + log Σⱼ exp(zⱼ − m).",
                ),
                max_only,
            ),
            (
                Misconception(
                    "misconception:wrong-sign",
                    f"{-value:.10f}",
                    "Cross-entropy −log p_y is never negative: ℓ = LSE(z) − z_y ≥ 0.",
                ),
                -value,
            ),
        ]
        steps = [
            "For one example $\\ell = -\\log \\operatorname{softmax}(z)_y = \\mathrm{LSE}(z) - z_y "
            "= (m - z_y) + \\log \\sum_j e^{z_j - m}$, $m = \\max z$: no exponential of a "
            "large number is ever formed.",
        ]
        for k, (z, y, loss) in enumerate(zip(rows, labels, losses, strict=True), start=1):
            steps.append(
                f"Example {k}: $m = {max(z)}$, $z_y = {z[y]}$, "
                f"$\\ell_{k} = {max(z) - z[y]} + \\log({stable_latex(z).split('log(', 1)[1]} "
                f"\\approx {loss:.4f}$."
            )
        steps.append(f"Mean: $\\tfrac{{1}}{{2}}(\\ell_1 + \\ell_2) \\approx {value:.4f}$.")
        lines = [
            f"z^{{({k})}} = {vector_text(z)},\\ y^{{({k})}} = {y + 1}"
            for k, (z, y) in enumerate(zip(rows, labels, strict=True), start=1)
        ]
        text_lines = [
            f"z({k}) = {vector_text(z)}, y({k}) = {y + 1}"
            for k, (z, y) in enumerate(zip(rows, labels, strict=True), start=1)
        ]
        return Draft(
            prompt="A batch of two examples has logits and labels (classes numbered from 1) "
            f"$${lines[0]}, \\qquad {lines[1]}$$ Compute the mean cross-entropy loss "
            "$\\tfrac{1}{2} \\sum_k -\\log \\operatorname{softmax}(z^{(k)})_{y^{(k)}}$ "
            "(natural log, 4 significant digits, or an exact expression).",
            text="A batch of two examples has logits and labels (classes numbered from 1)\n\n"
            + "\n".join(text_lines)
            + "\n\nCompute the mean cross-entropy loss ½ Σₖ −log softmax(z(k))_y(k) "
            "(natural log, 4 significant digits, or an exact expression).",
            kind="number",
            expected=expected,
            data={"ask": "cross-entropy", "z": rows, "y": [y + 1 for y in labels]},
            hints=[
                "−log softmax(z)_y = LSE(z) − z_y.",
                "LSE(z) − z_y = (m − z_y) + log Σⱼ exp(zⱼ − m), m = max z: every exponent ≤ 0.",
            ],
            solution="\n\n".join(steps),
            misconceptions=keep_distinct(value, wrong),
            tolerance=TOLERANCE,
        )
