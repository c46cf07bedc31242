"""information.cross-entropy: H(P, Q) = H(P) + D(P ‖ Q), and the softmax loss."""

from __future__ import annotations

from fractions import Fraction
from typing import TYPE_CHECKING

from dlmath.exercises.base import Draft, Generator, Misconception
from dlmath.exercises.information.distribution_pairs import two_distributions
from dlmath.exercises.information.entropy_steps import (
    terms_latex,
)
from dlmath.exercises.information.mistakes import candidate, unit_mistake
from dlmath.exercises.information.random_tables import (
    fractions_json,
    rational,
    row_latex,
)
from dlmath.exercises.kit import text_number
from dlmath.exercises.kit.logs import (
    BITS,
    NATS,
    LogSum,
    approx,
    cross_entropy,
    entropy,
    kl_divergence,
    latex_fraction,
)
from dlmath.exercises.registry import register

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np


def _softmax_loss(z: list[int], label: int) -> tuple[str, str, float]:
    """−log softmax(z)_y in nats as text and LaTeX, and its value."""
    import math

    terms = " + ".join(f"exp({v})" for v in z)
    shift = z[label]
    text = f"log({terms})" + (f" - {shift}" if shift > 0 else f" + {-shift}" if shift else "")
    latex_terms = " + ".join(f"e^{{{v}}}" for v in z)
    latex = f"\\ln\\left({latex_terms}\\right)" + (
        f" - {shift}" if shift > 0 else f" + {-shift}" if shift else ""
    )
    value = math.log(math.fsum(math.exp(v) for v in z)) - shift
    return text, latex, value


@register
class CrossEntropy(Generator):
    """The cross-entropy loss of a classifier's output for a one-hot label (from
    probabilities, or from logits at level 3), and H(p, q) of two distributions."""

    skill = "information.cross-entropy"
    version = 1

    def generate(self, rng: np.random.Generator, difficulty: int) -> Draft:
        if difficulty == 1 or (difficulty == 3 and rng.random() < 0.5):
            return self._one_hot(rng, difficulty)
        return self._two_distributions(rng, difficulty)

    def _one_hot(self, rng: np.random.Generator, difficulty: int) -> Draft:
        k = int(rng.integers(3, 5))
        label = int(rng.integers(k))
        y = [int(i == label) for i in range(k)]
        if difficulty == 1:
            q = rational(rng, k, [4, 5, 6, 8, 10])
            loss = LogSum.of(1 / q[label])
            every = LogSum()
            for x in q:
                every = every + LogSum.of(1 / x)
            unit = NATS
            mistakes = [
                unit_mistake(loss, unit),
                candidate(
                    "misconception:sum-over-all-classes",
                    every,
                    unit,
                    "With a one-hot label only the true class counts: the loss is "
                    "−log q_y, not the sum of −log q_j over all classes.",
                ),
            ]
            wrong_class = max((x for i, x in enumerate(q) if i != label))
            if wrong_class != q[label]:
                mistakes.append(
                    candidate(
                        "misconception:predicted-class",
                        LogSum.of(1 / wrong_class),
                        unit,
                        "That is −log of the most probable wrong class. The loss uses the "
                        "probability the model gives the TRUE class y.",
                    )
                )
            intro = (
                f"A classifier's softmax output over {k} classes is $q = {row_latex(q)}$ and "
                f"the one-hot label is $y = {row_latex([Fraction(v) for v in y])}$ "
                f"(class {label + 1})."
            )
            ask = "Find the cross-entropy loss $H(y, q) = -\\sum_j y_j \\ln q_j$ in nats."
            solution = [
                "Only the true class has $y_j = 1$, so $H(y, q) = -\\ln q_y$.",
                f"$-\\ln {latex_fraction(q[label])} = \\ln {latex_fraction(1 / q[label])}"
                f"{loss.approx_latex(unit)}$ nats.",
            ]
            return Draft(
                prompt=f"{intro} {ask}",
                kind="number",
                expected=f"log({text_number(1 / q[label])})",
                data={"q": fractions_json(q), "label": label, "unit": unit},
                hints=[
                    "With a one-hot $y$, every term but the true class's is zero.",
                    "The loss is $-\\ln q_y$.",
                ],
                solution="\n\n".join(solution),
                misconceptions=mistakes,
            )
        z = [int(v) for v in rng.integers(-2, 4, size=k)]
        text_answer, latex_answer, value = _softmax_loss(z, label)

        max_gap = max(z) - z[label]
        mistakes_md: list[tuple[Misconception, float]] = [
            Misconception(
                "misconception:bits-for-nats",
                f"({text_answer})/log(2)",
                "That is the loss in bits: you used log base 2, but the loss is asked in "
                "nats (the natural logarithm).",
            ),
            Misconception(
                "misconception:max-for-logsumexp",
                str(max_gap),
                "max(z) − z_y only approximates the loss: log Σ exp(z_j) is larger than "
                "max(z). Normalise with the full sum.",
            ),
            Misconception(
                "misconception:logit-as-log-probability",
                str(-z[label]),
                "A logit is not a log-probability: softmax normalises first, "
                "log q_y = z_y − log Σ_j exp(z_j).",
            ),
        ]
        zs = "(" + ", ".join(str(v) for v in z) + ")"
        intro = (
            f"A classifier outputs the logits $z = {zs}$ over {k} classes; the true class is "
            f"{label + 1}. Its prediction is $q = \\operatorname{{softmax}}(z)$."
        )
        ask = "Find the cross-entropy loss $-\\ln q_y$ in nats."
        solution = [
            "$q_y = e^{z_y} / \\sum_j e^{z_j}$, so $-\\ln q_y = \\ln \\sum_j e^{z_j} - z_y$.",
            f"$-\\ln q_y = {latex_answer} \\approx {approx(value)}$ nats.",
        ]
        return Draft(
            prompt=f"{intro} {ask}",
            kind="number",
            expected=text_answer,
            data={"z": z, "label": label, "unit": NATS},
            hints=[
                "$\\ln q_y = z_y - \\ln \\sum_j e^{z_j}$ (the log-softmax).",
                "Write the answer exactly, e.g. `log(exp(1) + exp(0) + exp(2)) - 1`.",
            ],
            solution="\n\n".join(solution),
            misconceptions=mistakes_md,
        )

    def _two_distributions(self, rng: np.random.Generator, difficulty: int) -> Draft:
        k = 3 if difficulty == 2 else 4
        denominators = [4, 6, 8] if difficulty == 2 else [6, 8, 10, 12]
        p, q = two_distributions(rng, k, denominators, zero_in_p=False)
        unit = BITS
        h = cross_entropy(p, q)
        mistakes = [
            unit_mistake(h, unit),
            candidate(
                "misconception:reversed-arguments",
                cross_entropy(q, p),
                unit,
                "That is H(q, p): the arguments are the other way round. In H(p, q) the "
                "expectation is over the true distribution p of the log of the model q.",
            ),
            candidate(
                "misconception:entropy-for-cross-entropy",
                entropy(p),
                unit,
                "That is H(p) alone; cross-entropy adds the cost of coding with q: "
                "H(p, q) = H(p) + KL(p ‖ q).",
            ),
            candidate(
                "misconception:kl-for-cross-entropy",
                kl_divergence(p, q),
                unit,
                "That is KL(p ‖ q); the cross-entropy also includes H(p).",
            ),
        ]
        ask = "Find the cross-entropy $H(p, q) = -\\sum_i p_i \\log_2 q_i$ in bits."
        h_p, kl = entropy(p), kl_divergence(p, q)
        nonzero = [(a, b) for a, b in zip(p, q, strict=True) if a]
        solution = [
            "$H(p, q) = \\sum_i p_i \\log_2 \\frac{1}{q_i} = "
            f"{terms_latex([a for a, _ in nonzero], [1 / b for _, b in nonzero], unit)}"
            f" = {h.latex(unit)}{h.approx_latex(unit)}$ bits.",
            f"Check: $H(p) = {h_p.latex(unit)}$ and "
            f"$\\mathrm{{KL}}(p \\| q) = {kl.latex(unit)}$ add up to it.",
        ]
        return Draft(
            prompt=(
                f"The true distribution is $p = {row_latex(p)}$ and a model predicts "
                f"$q = {row_latex(q)}$. {ask}"
            ),
            kind="number",
            expected=h.text(unit),
            data={"p": fractions_json(p), "q": fractions_json(q), "unit": unit},
            hints=[
                "$H(p, q) = \\sum_i p_i \\log_2 (1 / q_i)$: weights from p, logs of q.",
                "Equivalently $H(p, q) = H(p) + \\mathrm{KL}(p \\| q)$.",
            ],
            solution="\n\n".join(solution),
            misconceptions=mistakes,
        )
