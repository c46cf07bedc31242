"""information.label-smoothing: cross-entropy against the smoothed target
y = (1 − ε)·onehot + ε/K. Level 1 computes an entry of the target, level 2 the smoothed
loss of a prediction (exact, in nats), level 3 the logit gap of the best prediction,
which stays finite: log(1 + K(1 − ε)/ε).
"""

from __future__ import annotations

from fractions import Fraction
from typing import TYPE_CHECKING

from dlmath.exercises.base import Draft, Generator, Misconception
from dlmath.exercises.kit import draw_int, pick
from dlmath.exercises.kit import tex_number as _lx
from dlmath.exercises.kit import text_number as _t
from dlmath.exercises.kit.distributions import random_pmf
from dlmath.exercises.kit.logs import NATS, LogSum
from dlmath.exercises.kit.values import json_vector
from dlmath.exercises.registry import register

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np

EPSILONS = tuple(Fraction(v) for v in ("1/10", "1/5", "1/20", "1/4", "3/10", "1/100"))


def _cross_entropy(target: list[Fraction], p: list[Fraction]) -> LogSum:
    total = LogSum()
    for y, q in zip(target, p, strict=True):
        if y:
            total = total + LogSum.of(1 / q).scaled(y)
    return total


def _smoothed(k: int, true: int, eps: Fraction) -> list[Fraction]:
    return [(1 - eps if i == true else Fraction(0)) + eps / k for i in range(k)]


@register
class LabelSmoothing(Generator):
    """Label smoothing mixes the one-hot target with the uniform distribution."""

    skill = "information.label-smoothing"
    version = 1

    def generate(self, rng: np.random.Generator, difficulty: int) -> Draft:
        if difficulty == 1:
            return self._target(rng)
        if difficulty == 2:
            return self._loss(rng)
        return self._best_gap(rng)

    @staticmethod
    def _target(rng: np.random.Generator) -> Draft:
        k, eps = draw_int(rng, 3, 1000), pick(rng, EPSILONS)
        if rng.random() < 0.5:
            k = pick(rng, (10, 100, 1000))
        on_true = rng.random() < 0.5
        answer = (1 - eps + eps / k) if on_true else eps / k
        which = "the true class" if on_true else "one of the other classes"
        wrong = [
            Misconception(
                "misconception:other-convention",
                _t(1 - eps if on_true else eps / (k - 1)),
                "In y = (1 − ε)·onehot + ε/K the uniform part ε/K goes to every class, the "
                "true one included.",
            ),
        ]
        if on_true:
            wrong.append(
                Misconception(
                    "misconception:hard-label",
                    "1",
                    "That is the one-hot target; smoothing moves mass ε away from the true class "
                    "(and gives ε/K back).",
                )
            )
        return Draft(
            prompt=(
                f"A classifier with $K = {k}$ classes is trained with label smoothing "
                f"$\\varepsilon = {_lx(eps)}$: the target is $y = (1 - "
                f"\\varepsilon)\\,\\mathrm{{onehot}} + "
                f"\\varepsilon/K$. What is the target probability of {which}?"
            ),
            kind="number",
            expected=_t(answer),
            data={"k": k, "eps": _t(eps), "true": on_true},
            hints=["Every class gets ε/K; the true class also keeps 1 − ε."],
            solution=(
                f"$y = {'1 - ' + _lx(eps) + ' + ' if on_true else ''}\\frac{{{_lx(eps)}}}{{{k}}} = "
                f"{_lx(answer)}$."
            ),
            misconceptions=wrong,
        )

    @staticmethod
    def _loss(rng: np.random.Generator) -> Draft:
        k, eps = draw_int(rng, 3, 4), pick(rng, EPSILONS[:4])
        p = random_pmf(rng, k, pick(rng, (4, 6, 8, 10)), 1)
        true = int(rng.integers(k))
        target = _smoothed(k, true, eps)
        answer = _cross_entropy(target, p)
        hard = LogSum.of(1 / p[true])
        listed = ", ".join(_lx(v) for v in p)
        return Draft(
            prompt=(
                f"A model predicts $p = ({listed})$ over {k} classes; the true class is class "
                f"{true + 1}. With label smoothing $\\varepsilon = {_lx(eps)}$ (target "
                "$y = (1 - \\varepsilon)\\,\\mathrm{onehot} + \\varepsilon/K$), compute the loss "
                "$-\\sum_k y_k \\log p_k$ in nats."
            ),
            kind="number",
            expected=answer.text(NATS),
            data={"p": json_vector(p), "true": true, "eps": _t(eps)},
            hints=[
                "The target is (1 − ε + ε/K) on the true class and ε/K on each other class.",
                "Loss = (1 − ε) · (−log p_true) + ε · (1/K) Σ_k (−log p_k).",
            ],
            solution=(
                "$y = ("
                + ", ".join(_lx(v) for v in target)
                + ")$, so the loss is $"
                + " + ".join(f"{_lx(y)} \\ln {_lx(1 / q)}" for y, q in zip(target, p, strict=True))
                + f" = {answer.latex(NATS)} \\approx {answer.value(NATS):.4f}$."
            ),
            misconceptions=[
                Misconception(
                    "misconception:hard-label-loss",
                    hard.text(NATS),
                    "That is the loss against the one-hot label; the smoothed target also puts "
                    "ε/K on every class.",
                ),
                Misconception(
                    "misconception:true-weight-not-reduced",
                    (hard + _cross_entropy([eps / k] * k, p)).text(NATS),
                    "The true class keeps only 1 − ε of its mass before ε/K is added back.",
                ),
            ],
        )

    @staticmethod
    def _best_gap(rng: np.random.Generator) -> Draft:
        k, eps = pick(rng, (3, 5, 10, 100, 1000)), pick(rng, EPSILONS)
        ratio = 1 + k * (1 - eps) / eps
        return Draft(
            prompt=(
                f"With label smoothing $\\varepsilon = {_lx(eps)}$ over $K = {k}$ classes, a "
                f"softmax "
                "classifier minimises the smoothed cross-entropy of one example. At the optimum, "
                "what is the gap $z_{\\text{true}} - z_{\\text{other}}$ between the logit of the "
                "true class and that of any other class? (An exact expression.)"
            ),
            kind="number",
            expected=f"log({_t(ratio)})",
            data={"k": k, "eps": _t(eps)},
            hints=[
                "Cross-entropy H(y, p) = H(y) + KL(y ‖ p) is smallest at p = y.",
                "Softmax: p_true / p_other = exp(z_true − z_other).",
            ],
            solution=(
                f"The optimum is $p = y$: $p_{{\\text{{true}}}} = 1 - {_lx(eps)} + "
                f"\\frac{{{_lx(eps)}}}{{{k}}}$ "
                f"and $p_{{\\text{{other}}}} = \\frac{{{_lx(eps)}}}{{{k}}}$, so the gap is "
                f"$\\ln \\frac{{p_{{\\text{{true}}}}}}{{p_{{\\text{{other}}}}}} = \\ln "
                f"{_lx(ratio)}$: finite, "
                "unlike the unbounded logits a one-hot target pushes towards."
            ),
            misconceptions=[
                Misconception(
                    "misconception:uniform-part-ignored",
                    f"log({_t((1 - eps) / eps)})",
                    "The smoothed target is (1 − ε) + ε/K on the true class and ε/K on each "
                    "other class, not 1 − ε against ε.",
                ),
            ]
            + (
                [
                    Misconception(
                        "misconception:true-share-ignored",
                        f"log({_t(k * (1 - eps) / eps)})",
                        "The true class also receives its ε/K share: the ratio is 1 + K(1 − ε)/ε.",
                    ),
                ]
                if ratio < 50  # else log(r) and log(r - 1) are too close to tell apart
                else []
            ),
        )
