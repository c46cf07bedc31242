"""Entropy of discrete distributions: entropy, joint and conditional entropy, relative
entropy (KL divergence), mutual information and cross-entropy.

Probabilities are small fractions, so every answer is an exact sum of logarithms
(``log2(3) - 2/3``), written in the unit the exercise asks for.
"""

from __future__ import annotations

from fractions import Fraction
from typing import TYPE_CHECKING

from dlmath.exercises.base import Draft, Generator, Misconception
from dlmath.exercises.information.logs import (
    BITS,
    NATS,
    LogSum,
    approx,
    cross_entropy,
    entropy,
    fraction_text,
    kl_divergence,
    latex_fraction,
    unit_symbol,
)
from dlmath.exercises.information.mistakes import candidate, distinct, unit_mistake
from dlmath.exercises.information.random_tables import (
    as_probabilities,
    composition,
    dyadic,
    fractions_json,
    independent_counts,
    joint_counts,
    pick,
    rational,
    row_latex,
    row_text,
    table_latex,
)
from dlmath.exercises.layout import named_grids
from dlmath.exercises.registry import register

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np

UNIT_WORD = {BITS: "bits (log base 2)", NATS: "nats (natural logarithm)"}


def _terms_latex(weights: list[Fraction], args: list[Fraction], unit: str) -> str:
    """``\\tfrac12 \\log_2 2 + \\tfrac14 \\log_2 4``: the sum written out term by term."""
    log = unit_symbol(unit)
    parts = [
        f"{latex_fraction(w)} {log} {latex_fraction(a)}"
        for w, a in zip(weights, args, strict=True)
        if w
    ]
    return " + ".join(parts)


def _entropy_steps(p: list[Fraction], unit: str) -> str:
    nonzero = [x for x in p if x]
    h = entropy(p)
    return (
        f"{_terms_latex(nonzero, [1 / x for x in nonzero], unit)} = {h.latex(unit)}"
        f"{h.approx_latex(unit)}"
    )


def _result_line(name: str, quantity: LogSum, unit: str) -> str:
    return f"${name} = {quantity.latex(unit)}{quantity.approx_latex(unit)}$ {unit}."


# ---------------------------------------------------------------------------------------
# information.entropy
# ---------------------------------------------------------------------------------------


@register
class Entropy(Generator):
    """H(p) of a small distribution: dyadic (rational answer), then general fractions in
    bits or nats, then raw counts with an outcome that never happened."""

    skill = "information.entropy"
    version = 1

    def generate(self, rng: np.random.Generator, difficulty: int) -> Draft:
        counts: list[int] | None = None
        if difficulty == 1:
            p = dyadic(rng, int(rng.integers(2, 5)))
            unit = BITS
        elif difficulty == 2:
            p = rational(rng, int(rng.integers(3, 5)), [3, 4, 6, 8, 9, 10, 12])
            unit = pick(rng, [BITS, BITS, NATS])
        else:
            k = int(rng.integers(4, 6))
            n = int(rng.integers(10, 25))
            counts = composition(rng, n, k - 1)
            counts.insert(int(rng.integers(k)), 0)  # an outcome that never happened
            p = [Fraction(c, n) for c in counts]
            unit = pick(rng, [BITS, NATS])
        h = entropy(p)
        k = len(p)
        surprisals = LogSum()
        for x in p:
            if x:
                surprisals = surprisals + LogSum.of(1 / x)
        mistakes = [
            unit_mistake(h, unit),
            candidate(
                "misconception:uniform-assumed",
                LogSum.of(k),
                unit,
                f"log {k} is the entropy of the uniform distribution on {k} outcomes, the "
                "largest possible; this distribution is not uniform. Weight each surprisal "
                "log(1/p) by its probability p.",
            ),
            candidate(
                "misconception:unweighted-surprisals",
                surprisals,
                unit,
                "You added the surprisals log(1/p) without weighting them: entropy is the "
                "expected surprisal, Σ p log(1/p).",
            ),
        ]
        misconceptions = distinct(h.value(unit), mistakes)
        if counts is None:
            given_md = f"$p = {row_latex(p)}$"
            given_text = f"p = {row_text(p)}"
            intro = f"A random variable X takes {k} values with probabilities"
        else:
            given_md = f"counts ${row_latex([Fraction(c) for c in counts])}$"
            given_text = f"counts {row_text([Fraction(c) for c in counts])}"
            intro = (
                f"In {sum(counts)} independent draws of a variable X with {k} possible values, "
                "the values were seen with"
            )
        ask = (
            f"Find the entropy $H(X)$ in {UNIT_WORD[unit]}, using the observed frequencies "
            "as the probabilities."
            if counts is not None
            else f"Find the entropy $H(X)$ in {UNIT_WORD[unit]}."
        )
        hints = [
            f"$H(X) = \\sum_i p_i {unit_symbol(unit)} \\frac{{1}}{{p_i}}$.",
            "Write each term with the probability as a fraction; exact answers such as "
            f"`{'log2(3) - 2/3' if unit == BITS else 'log(3) - 2/3*log(2)'}` are welcome.",
        ]
        if counts is not None:
            hints.append(
                "Divide each count by the total first. An outcome that never happened "
                "contributes 0 (the limit of p log(1/p) as p → 0)."
            )
        solution = [
            f"$H(X) = \\sum_i p_i {unit_symbol(unit)} \\frac{{1}}{{p_i}}$.",
        ]
        if counts is not None:
            solution.append(
                f"The frequencies are $p = {row_latex(p)}$; the outcome with count 0 "
                "contributes $0$."
            )
        solution.append(f"$H(X) = {_entropy_steps(p, unit)}$ {unit}.")
        return Draft(
            prompt=f"{intro} {given_md}. {ask}",
            text=f"{intro} {given_text}.\n\n{ask.replace('$', '')}",
            kind="number",
            expected=h.text(unit),
            data={
                "p": fractions_json(p),
                "counts": counts,
                "unit": unit,
            },
            hints=hints,
            solution="\n\n".join(solution),
            misconceptions=misconceptions,
        )


# ---------------------------------------------------------------------------------------
# Joint tables
# ---------------------------------------------------------------------------------------


class _Joint:
    """The entropies of a joint table P(X = xᵢ, Y = yⱼ), rows X, columns Y."""

    def __init__(self, table: list[list[Fraction]]):
        self.table = table
        self.px = [sum(row, Fraction(0)) for row in table]
        self.py = [sum(col, Fraction(0)) for col in zip(*table, strict=True)]
        self.hxy = entropy(x for row in table for x in row)
        self.hx = entropy(self.px)
        self.hy = entropy(self.py)
        self.hy_x = self.hxy - self.hx
        self.hx_y = self.hxy - self.hy
        self.mi = self.hx + self.hy - self.hxy

    def json(self) -> list[list[str]]:
        return [fractions_json(row) for row in self.table]

    def shown(self) -> tuple[str, str]:
        return f"$${table_latex(self.table)}$$", named_grids([("P", self.table)])

    def marginal_lines(self, unit: str) -> list[str]:
        return [
            f"Marginals: $P(X) = {row_latex(self.px)}$, $P(Y) = {row_latex(self.py)}$.",
            f"$H(X) = {_entropy_steps(self.px, unit)}$.",
            f"$H(Y) = {_entropy_steps(self.py, unit)}$.",
        ]

    def joint_line(self, unit: str) -> str:
        cells = [x for row in self.table for x in row]
        return f"$H(X, Y) = {_entropy_steps(cells, unit)}$."


def _draw_table(rng: np.random.Generator, difficulty: int) -> list[list[Fraction]]:
    rows, cols = {1: (2, 2), 2: pick(rng, [(2, 3), (3, 2)]), 3: (3, 3)}[difficulty]
    total = {1: pick(rng, [4, 8]), 2: pick(rng, [6, 8, 12]), 3: pick(rng, [12, 16, 18, 24])}[
        difficulty
    ]
    return as_probabilities(joint_counts(rng, rows, cols, total, zeros=difficulty == 3))


JOINT_INTRO = "The joint distribution of X (rows x₁, x₂, …) and Y (columns y₁, y₂, …) is"


@register
class JointConditionalEntropy(Generator):
    """H(X, Y), H(Y | X) or H(X | Y) of a 2×2, 2×3 or 3×3 joint table (zeros at level 3)."""

    skill = "information.joint-conditional-entropy"
    version = 1

    ASKS = {1: ["H(X, Y)", "H(Y | X)"], 2: ["H(Y | X)", "H(X | Y)"], 3: ["H(Y | X)", "H(X | Y)"]}

    def generate(self, rng: np.random.Generator, difficulty: int) -> Draft:
        joint = _Joint(_draw_table(rng, difficulty))
        ask = pick(rng, self.ASKS[difficulty])
        unit = BITS
        if ask == "H(X, Y)":
            answer = joint.hxy
            mistakes = [
                candidate(
                    "misconception:sum-of-marginals",
                    joint.hx + joint.hy,
                    unit,
                    "H(X) + H(Y) equals H(X, Y) only when X and Y are independent; use the "
                    "joint probabilities of all cells.",
                ),
            ]
        else:
            given, other = ("X", "Y") if ask == "H(Y | X)" else ("Y", "X")
            answer = joint.hy_x if ask == "H(Y | X)" else joint.hx_y
            reversed_ = joint.hx_y if ask == "H(Y | X)" else joint.hy_x
            marginal = joint.hy if ask == "H(Y | X)" else joint.hx
            mistakes = [
                candidate(
                    "misconception:joint-for-conditional",
                    joint.hxy,
                    unit,
                    f"That is H(X, Y). The conditional entropy subtracts what {given} "
                    f"already tells: H({other} | {given}) = H(X, Y) − H({given}).",
                ),
                candidate(
                    "misconception:reversed-conditional",
                    reversed_,
                    unit,
                    f"That is H({given} | {other}), conditioned the other way round: "
                    f"subtract H({given}), not H({other}), from H(X, Y).",
                ),
                candidate(
                    "misconception:marginal-for-conditional",
                    marginal,
                    unit,
                    f"That is H({other}) alone: knowing {given} changes the distribution of "
                    f"{other}; average the entropies of the rows/columns given {given}.",
                ),
            ]
        mistakes.insert(0, unit_mistake(answer, unit))
        shown_md, shown_text = joint.shown()
        name = ask.replace("|", r"\mid")
        question = f"Find ${name}$ in bits."
        hints = [
            "Compute the marginals by summing rows (for X) and columns (for Y).",
            "Chain rule: $H(X, Y) = H(X) + H(Y \\mid X) = H(Y) + H(X \\mid Y)$.",
        ]
        if difficulty == 3:
            hints.append("Cells with probability 0 contribute 0 to every entropy.")
        solution = [*joint.marginal_lines(unit), joint.joint_line(unit)]
        if ask != "H(X, Y)":
            given = "X" if ask == "H(Y | X)" else "Y"
            solution.append(
                f"By the chain rule ${name} = H(X, Y) - H({given})$, so "
                + _result_line(name, answer, unit)
            )
        return Draft(
            prompt=f"{JOINT_INTRO}\n\n{shown_md}\n\n{question}",
            text=f"{JOINT_INTRO}\n\n{shown_text}\n\nFind {ask} in bits.",
            kind="number",
            expected=answer.text(unit),
            data={"P": joint.json(), "ask": ask, "unit": unit},
            hints=hints,
            solution="\n\n".join(solution),
            misconceptions=distinct(answer.value(unit), mistakes),
        )


@register
class MutualInformation(Generator):
    """I(X; Y) of a joint table; some tables are products of their marginals (I = 0)."""

    skill = "information.mutual-information"
    version = 1

    def generate(self, rng: np.random.Generator, difficulty: int) -> Draft:
        if difficulty < 3 and rng.random() < 0.25:
            rows, cols = (2, 2) if difficulty == 1 else (2, 3)
            counts = independent_counts(rng, rows, cols, pick(rng, [3, 4]), pick(rng, [3, 4, 5]))
            table = as_probabilities(counts)
        else:
            table = _draw_table(rng, difficulty)
        joint = _Joint(table)
        unit = BITS if difficulty < 3 else pick(rng, [BITS, NATS])
        mi = joint.mi
        mistakes = [
            unit_mistake(mi, unit),
            candidate(
                "misconception:joint-entropy-for-mi",
                joint.hxy,
                unit,
                "That is the joint entropy H(X, Y). Mutual information is what X and Y share: "
                "I(X; Y) = H(X) + H(Y) − H(X, Y).",
            ),
            candidate(
                "misconception:sum-of-entropies",
                joint.hx + joint.hy,
                unit,
                "H(X) + H(Y) counts the shared information twice; subtract H(X, Y).",
            ),
            candidate(
                "misconception:conditional-for-mi",
                joint.hy_x,
                unit,
                "That is H(Y | X), what is left of Y once X is known. I(X; Y) = H(Y) − H(Y | X).",
            ),
        ]
        shown_md, shown_text = joint.shown()
        question = f"Find the mutual information $I(X; Y)$ in {UNIT_WORD[unit]}."
        solution = [
            *joint.marginal_lines(unit),
            joint.joint_line(unit),
            "$I(X; Y) = H(X) + H(Y) - H(X, Y)$, so " + _result_line("I(X; Y)", mi, unit),
        ]
        if mi.is_zero():
            solution.append(
                "Every cell is the product of its marginals, so X and Y are independent "
                "and share no information."
            )
        return Draft(
            prompt=f"{JOINT_INTRO}\n\n{shown_md}\n\n{question}",
            text=f"{JOINT_INTRO}\n\n{shown_text}\n\n{question.replace('$', '')}",
            kind="number",
            expected=mi.text(unit),
            data={"P": joint.json(), "unit": unit},
            hints=[
                "$I(X; Y) = H(X) + H(Y) - H(X, Y)$.",
                "Check first whether each cell equals the product of its row and column "
                "sums: then X and Y are independent.",
            ],
            solution="\n\n".join(solution),
            misconceptions=distinct(mi.value(unit), mistakes),
        )


# ---------------------------------------------------------------------------------------
# information.kl-divergence
# ---------------------------------------------------------------------------------------


def _two_distributions(
    rng: np.random.Generator, k: int, denominators: list[int], zero_in_p: bool
) -> tuple[list[Fraction], list[Fraction]]:
    while True:
        q = rational(rng, k, denominators)
        if zero_in_p:
            n = pick(rng, [d for d in denominators if d >= k - 1])
            counts = composition(rng, n, k - 1)
            counts.insert(int(rng.integers(k)), 0)
            p = [Fraction(c, n) for c in counts]
        else:
            p = rational(rng, k, denominators)
        if p != q:
            return p, q


def _kl_latex(p: list[Fraction], q: list[Fraction], unit: str) -> str:
    pairs = [(a, b) for a, b in zip(p, q, strict=True) if a]
    return _terms_latex([a for a, _ in pairs], [a / b for a, b in pairs], unit)


@register
class KLDivergence(Generator):
    """KL(p ‖ q) or KL(q ‖ p) of two distributions on 2-4 outcomes."""

    skill = "information.kl-divergence"
    version = 1

    def generate(self, rng: np.random.Generator, difficulty: int) -> Draft:
        k = {1: 2, 2: 3, 3: int(rng.integers(3, 5))}[difficulty]
        denominators = {1: [2, 3, 4], 2: [4, 5, 6, 8], 3: [6, 8, 10, 12]}[difficulty]
        zero_in_p = difficulty == 3 and rng.random() < 0.5
        p, q = _two_distributions(rng, k, denominators, zero_in_p)
        unit = BITS if difficulty == 1 else pick(rng, [BITS, NATS])
        reverse = difficulty >= 2 and not zero_in_p and rng.random() < 0.5
        first, second = (q, p) if reverse else (p, q)
        name = r"\mathrm{KL}(q \,\|\, p)" if reverse else r"\mathrm{KL}(p \,\|\, q)"
        plain = "KL(q || p)" if reverse else "KL(p || q)"
        kl = kl_divergence(first, second)
        mistakes = [unit_mistake(kl, unit)]
        if 0 not in first and 0 not in second:
            mistakes.append(
                candidate(
                    "misconception:reversed-kl",
                    kl_divergence(second, first),
                    unit,
                    f"That is the divergence the other way round. KL is not symmetric: in "
                    f"{plain} the expectation and the numerator of the ratio use the first "
                    "distribution.",
                )
            )
        mistakes.append(
            candidate(
                "misconception:cross-entropy-for-kl",
                cross_entropy(first, second),
                unit,
                "That is the cross-entropy H(first, second); KL subtracts the entropy of the "
                "first distribution: KL = H(first, second) − H(first).",
            )
        )
        question = f"Find ${name}$ in {UNIT_WORD[unit]}."
        hints = [
            f"${name} = \\sum_i {'q' if reverse else 'p'}_i {unit_symbol(unit)} "
            f"\\frac{{{'q' if reverse else 'p'}_i}}{{{'p' if reverse else 'q'}_i}}$.",
            "The order matters: the expectation is under the first distribution.",
        ]
        if zero_in_p:
            hints.append("A term with $p_i = 0$ contributes 0.")
        solution = [
            hints[0],
            f"${name} = {_kl_latex(first, second, unit)} = {kl.latex(unit)}"
            f"{kl.approx_latex(unit)}$ {unit}.",
        ]
        given = f"$p = {row_latex(p)}$ and $q = {row_latex(q)}$"
        return Draft(
            prompt=f"Two distributions on {k} outcomes: {given}. {question}",
            text=(
                f"Two distributions on {k} outcomes:\n\np = {row_text(p)}\nq = {row_text(q)}\n\n"
                f"Find {plain} in {UNIT_WORD[unit]}."
            ),
            kind="number",
            expected=kl.text(unit),
            data={"p": fractions_json(p), "q": fractions_json(q), "ask": plain, "unit": unit},
            hints=hints,
            solution="\n\n".join(solution),
            misconceptions=distinct(kl.value(unit), mistakes),
        )


# ---------------------------------------------------------------------------------------
# information.cross-entropy
# ---------------------------------------------------------------------------------------


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
            text = (
                f"A classifier's softmax output over {k} classes is q = {row_text(q)} and the "
                f"one-hot label is y = {row_text([Fraction(v) for v in y])} (class {label + 1})."
            )
            ask = "Find the cross-entropy loss $H(y, q) = -\\sum_j y_j \\ln q_j$ in nats."
            solution = [
                "Only the true class has $y_j = 1$, so $H(y, q) = -\\ln q_y$.",
                f"$-\\ln {latex_fraction(q[label])} = \\ln {latex_fraction(1 / q[label])}"
                f"{loss.approx_latex(unit)}$ nats.",
            ]
            return Draft(
                prompt=f"{intro} {ask}",
                text=f"{text}\n\nFind the cross-entropy loss H(y, q) = −Σ_j y_j ln q_j in nats.",
                kind="number",
                expected=f"log({fraction_text(1 / q[label])})",
                data={"q": fractions_json(q), "label": label, "unit": unit},
                hints=[
                    "With a one-hot $y$, every term but the true class's is zero.",
                    "The loss is $-\\ln q_y$.",
                ],
                solution="\n\n".join(solution),
                misconceptions=distinct(loss.value(unit), mistakes),
            )
        z = [int(v) for v in rng.integers(-2, 4, size=k)]
        text_answer, latex_answer, value = _softmax_loss(z, label)
        import math

        max_gap = max(z) - z[label]
        mistakes_md: list[tuple[Misconception, float]] = [
            (
                Misconception(
                    "misconception:bits-for-nats",
                    f"({text_answer})/log(2)",
                    "That is the loss in bits: you used log base 2, but the loss is asked in "
                    "nats (the natural logarithm).",
                ),
                value / math.log(2),
            ),
            (
                Misconception(
                    "misconception:max-for-logsumexp",
                    str(max_gap),
                    "max(z) − z_y only approximates the loss: log Σ exp(z_j) is larger than "
                    "max(z). Normalise with the full sum.",
                ),
                float(max_gap),
            ),
            (
                Misconception(
                    "misconception:logit-as-log-probability",
                    str(-z[label]),
                    "A logit is not a log-probability: softmax normalises first, "
                    "log q_y = z_y − log Σ_j exp(z_j).",
                ),
                float(-z[label]),
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
            text=(
                f"A classifier outputs the logits z = {zs} over {k} classes; the true class is "
                f"{label + 1}. Its prediction is q = softmax(z).\n\n"
                "Find the cross-entropy loss −ln q_y in nats."
            ),
            kind="number",
            expected=text_answer,
            data={"z": z, "label": label, "unit": NATS},
            hints=[
                "$\\ln q_y = z_y - \\ln \\sum_j e^{z_j}$ (the log-softmax).",
                "Write the answer exactly, e.g. `log(exp(1) + exp(0) + exp(2)) - 1`.",
            ],
            solution="\n\n".join(solution),
            misconceptions=distinct(value, mistakes_md),
        )

    def _two_distributions(self, rng: np.random.Generator, difficulty: int) -> Draft:
        k = 3 if difficulty == 2 else 4
        denominators = [4, 6, 8] if difficulty == 2 else [6, 8, 10, 12]
        p, q = _two_distributions(rng, k, denominators, zero_in_p=False)
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
            f"{_terms_latex([a for a, _ in nonzero], [1 / b for _, b in nonzero], unit)}"
            f" = {h.latex(unit)}{h.approx_latex(unit)}$ bits.",
            f"Check: $H(p) = {h_p.latex(unit)}$ and "
            f"$\\mathrm{{KL}}(p \\,\\|\\, q) = {kl.latex(unit)}$ add up to it.",
        ]
        return Draft(
            prompt=(
                f"The true distribution is $p = {row_latex(p)}$ and a model predicts "
                f"$q = {row_latex(q)}$. {ask}"
            ),
            text=(
                f"The true distribution is p = {row_text(p)} and a model predicts "
                f"q = {row_text(q)}.\n\nFind the cross-entropy H(p, q) = −Σ p_i log2 q_i in bits."
            ),
            kind="number",
            expected=h.text(unit),
            data={"p": fractions_json(p), "q": fractions_json(q), "unit": unit},
            hints=[
                "$H(p, q) = \\sum_i p_i \\log_2 (1 / q_i)$: weights from p, logs of q.",
                "Equivalently $H(p, q) = H(p) + \\mathrm{KL}(p \\,\\|\\, q)$.",
            ],
            solution="\n\n".join(solution),
            misconceptions=distinct(h.value(unit), mistakes),
        )
