"""probability.bayes-rule: screening tests, defect rates and inverse probabilities."""

from __future__ import annotations

from fractions import Fraction
from typing import TYPE_CHECKING

from dlmath.exercises.base import Draft, Generator
from dlmath.exercises.kit import draw_int, json_vector, pick, tex_number, text_number
from dlmath.exercises.kit.distributions import random_pmf
from dlmath.exercises.probability.drafting import exact_draft, mistake, percent_text
from dlmath.exercises.probability.stories import story_words
from dlmath.exercises.registry import register

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np

_PRIORS = (Fraction(1, 100), Fraction(1, 50), Fraction(1, 20), Fraction(1, 10), Fraction(1, 5))
_SENSITIVITIES = (
    Fraction(3, 4),
    Fraction(4, 5),
    Fraction(9, 10),
    Fraction(19, 20),
    Fraction(99, 100),
)
_FALSE_POSITIVES = (
    Fraction(1, 100),
    Fraction(1, 50),
    Fraction(1, 20),
    Fraction(1, 10),
    Fraction(1, 5),
)
_DEFECT_RATES = (
    Fraction(1, 100),
    Fraction(1, 50),
    Fraction(3, 100),
    Fraction(1, 20),
    Fraction(1, 10),
)


@register
class BayesRule(Generator):
    """Screening with Bayes's rule: P(condition | positive) at difficulty 1; the other
    posteriors (given a negative result, healthy given positive) at 2; two positive tests
    in a row, or which of three sources a defective item came from, at 3."""

    skill = "probability.bayes-rule"
    version = 1

    def generate(self, rng: np.random.Generator, difficulty: int) -> Draft:
        if difficulty == 3 and rng.random() < 0.4:
            return self._sources(rng)
        s = pick(rng, story_words()["screening"])
        prior, sens, fpr = (pick(rng, v) for v in (_PRIORS, _SENSITIVITIES, _FALSE_POSITIVES))
        ask = {
            1: "positive",
            2: pick(rng, ["negative", "healthy-given-positive"]),
            3: "two-positive",
        }[difficulty]
        c, who = s["condition"], s["who"]
        setting = (
            f"Of all {s['plural']}, {percent_text(prior)} {_plural(c)}. "
            f"A {who} that {c} {s['positive']} "
            f"with probability {percent_text(sens)}; a {who} that {s['healthy']} {s['positive']} "
            f"with probability {percent_text(fpr)} (a false positive)."
        )
        pos_d, pos_h = sens * prior, fpr * (1 - prior)
        neg_d, neg_h = (1 - sens) * prior, (1 - fpr) * (1 - prior)
        if ask == "positive":
            question = f"A {who} {s['positive']}. What is the probability that the {who} {c}?"
            p = pos_d / (pos_d + pos_h)
            mistakes = [
                mistake("misconception:inverse-conditional", sens, _INVERSE),
                mistake("misconception:base-rate-neglect", sens / (sens + fpr), _BASE_RATE),
                mistake("misconception:joint-for-conditional", pos_d, _JOINT),
            ]
            steps = _bayes_steps("+", "D", pos_d, pos_h, prior, sens, fpr)
        elif ask == "negative":
            question = (
                f"A {who} {s['negative']}. What is the probability that the {who} {c} anyway?"
            )
            p = neg_d / (neg_d + neg_h)
            mistakes = [
                mistake("misconception:inverse-conditional", 1 - sens, _INVERSE),
                mistake(
                    "misconception:base-rate-neglect",
                    (1 - sens) / ((1 - sens) + (1 - fpr)),
                    _BASE_RATE,
                ),
                mistake("misconception:joint-for-conditional", neg_d, _JOINT),
            ]
            steps = _bayes_steps("-", "D", neg_d, neg_h, prior, 1 - sens, 1 - fpr)
        elif ask == "healthy-given-positive":
            question = (
                f"A {who} {s['positive']}. What is the probability that the {who} {s['healthy']}?"
            )
            p = pos_h / (pos_d + pos_h)
            mistakes = [
                mistake("misconception:inverse-conditional", fpr, _INVERSE),
                mistake("misconception:base-rate-neglect", fpr / (sens + fpr), _BASE_RATE),
                mistake("misconception:joint-for-conditional", pos_h, _JOINT),
            ]
            steps = _bayes_steps("+", "H", pos_d, pos_h, prior, sens, fpr)
        else:
            question = (
                f"A {who} is checked twice, independently given whether it {c}, and "
                f"{s['positive']} both times. What is the probability that the {who} {c}?"
            )
            two_d, two_h = sens**2 * prior, fpr**2 * (1 - prior)
            p = two_d / (two_d + two_h)
            mistakes = [
                mistake(
                    "misconception:single-update",
                    pos_d / (pos_d + pos_h),
                    "That is the probability after one positive result. The second positive "
                    "updates again: use the first posterior as the new prior, or multiply the "
                    "likelihoods: P(++ | D) = sensitivity².",
                ),
                mistake("misconception:inverse-conditional", sens**2, _INVERSE),
                mistake(
                    "misconception:base-rate-neglect",
                    sens**2 / (sens**2 + fpr**2),
                    _BASE_RATE,
                ),
            ]
            steps = [
                "Given the condition (or its absence) the two results are independent, so "
                f"$P(++ \\mid D) = \\left({tex_number(sens)}\\right)^2 = "
                f"{tex_number(sens**2)}$ and "
                f"$P(++ \\mid \\bar D) = \\left({tex_number(fpr)}\\right)^2 = "
                f"{tex_number(fpr**2)}$.",
                f"$P(D \\mid ++) = \\frac{{{tex_number(sens**2)} \\cdot "
                f"{tex_number(prior)}}}{{{tex_number(sens**2)} "
                f"\\cdot {tex_number(prior)} + {tex_number(fpr**2)} \\cdot "
                f"{tex_number(1 - prior)}}} = "
                f"\\frac{{{tex_number(two_d)}}}{{{tex_number(two_d + two_h)}}}$.",
            ]
        text = f"{setting} {question} Give an exact fraction."
        return exact_draft(
            prompt=text,
            expected=p,
            data={
                "ask": ask,
                "prior": text_number(prior),
                "sensitivity": text_number(sens),
                "false_positive_rate": text_number(fpr),
            },
            hints=[
                "Bayes's rule: P(D | +) = P(+ | D)·P(D) / P(+), where "
                "P(+) = P(+ | D)·P(D) + P(+ | not D)·P(not D).",
                "Imagine 10,000 cases: how many have the condition and test this way, and how "
                "many test this way in all?",
            ],
            solution=[*steps, f"So the probability is ${tex_number(p)}$."],
            mistakes=mistakes,
        )

    def _sources(self, rng: np.random.Generator) -> Draft:
        shares = random_pmf(rng, 3, pick(rng, [10, 20]))
        rates = [pick(rng, _DEFECT_RATES) for _ in range(3)]
        k = draw_int(rng, 0, 2)
        joint = [w * d for w, d in zip(shares, rates, strict=True)]
        evidence = sum(joint, Fraction(0))
        p = joint[k] / evidence
        names = ["A", "B", "C"]
        setting = (
            "Three machines make all of a factory's parts: "
            + ", ".join(
                f"machine {n} makes {percent_text(w)} of them, {percent_text(d)} of which are "
                "defective"
                for n, w, d in zip(names, shares, rates, strict=True)
            )
            + "."
        )
        question = (
            f"A part picked at random is defective. What is the probability that machine "
            f"{names[k]} made it? Give an exact fraction."
        )
        terms = " + ".join(
            f"{tex_number(w)} \\cdot {tex_number(d)}" for w, d in zip(shares, rates, strict=True)
        )
        return exact_draft(
            prompt=f"{setting} {question}",
            expected=p,
            data={
                "ask": "source",
                "shares": json_vector(shares),
                "defect_rates": json_vector(rates),
                "source": k,
            },
            hints=[
                "The machine is the hypothesis and 'defective' the evidence: "
                "P(M | D) = P(D | M)·P(M) / P(D).",
                "P(D) sums P(D | M)·P(M) over the three machines (total probability).",
            ],
            solution=[
                f"By total probability $P(\\text{{defective}}) = {terms} = "
                f"{tex_number(evidence)}$.",
                f"$P({names[k]} \\mid \\text{{defective}}) = \\frac{{{tex_number(shares[k])} "
                "\\cdot "
                f"{tex_number(rates[k])}}}{{{tex_number(evidence)}}} = {tex_number(p)}$.",
            ],
            mistakes=[
                mistake(
                    "misconception:inverse-conditional",
                    rates[k],
                    "That is P(defective | machine), the defect rate; the question asks the "
                    "reverse, P(machine | defective).",
                ),
                mistake(
                    "misconception:base-rate-neglect",
                    rates[k] / sum(rates, Fraction(0)),
                    "Comparing defect rates alone ignores how many parts each machine makes "
                    "(the prior); weight each rate by the machine's share.",
                ),
                mistake(
                    "misconception:prior-for-posterior",
                    shares[k],
                    "That is the machine's share before anything is observed; learning that the "
                    "part is defective changes it.",
                ),
            ],
        )


_INVERSE = (
    "That is the conditional the other way round, P(result | condition), which the question "
    "gives you; Bayes's rule turns it into P(condition | result)."
)
_BASE_RATE = (
    "That ignores the base rate (the prior): it would be right only if the condition and its "
    "absence were equally common. Weight each likelihood by its prior."
)
_JOINT = (
    "That is the probability of the condition and the result together; divide by the "
    "probability of the result to condition on it."
)


def _plural(verb_phrase: str) -> str:
    """'has the disease' -> 'have the disease', 'is spam' -> 'are spam'."""
    head, _, rest = verb_phrase.partition(" ")
    return {"has": "have", "is": "are", "does": "do"}.get(head, head) + " " + rest


def _bayes_steps(
    result: str,
    target: str,
    with_d: Fraction,
    without_d: Fraction,
    prior: Fraction,
    like_d: Fraction,
    like_h: Fraction,
) -> list[str]:
    evidence = with_d + without_d
    top = with_d if target == "D" else without_d
    sign = "+" if result == "+" else "-"
    hypothesis = "D" if target == "D" else "\\bar D"
    lhs = f"P({hypothesis} \\mid {sign})"
    return [
        f"Total probability: $P({sign}) = P({sign} \\mid D)P(D) "
        f"+ P({sign} \\mid \\bar D)P(\\bar D) "
        f"= {tex_number(like_d)} \\cdot {tex_number(prior)} + {tex_number(like_h)} \\cdot "
        f"{tex_number(1 - prior)} = "
        f"{tex_number(evidence)}$.",
        f"Bayes's rule: ${lhs} = \\frac{{{tex_number(top)}}}{{{tex_number(evidence)}}}$.",
    ]
