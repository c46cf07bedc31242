"""Probability and information skills as a learner meets them across levels: every
level asks for something the one below does not, and worked steps are written right.
(That no answer is a safe guess is tested for every skill in test_exercise_guessing.)"""

from __future__ import annotations

import re

import pytest

from dlmath.exercises import exercise
from dlmath.exercises.registry import generators

SKILLS = sorted(s for s in generators() if s.startswith("probability."))
INFORMATION = sorted(s for s in generators() if s.startswith("information."))


def test_the_area_has_its_skills() -> None:
    assert len(SKILLS) >= 14


#: A negative number written straight after an operator ("- -\frac{2}{5}", "\cdot -3"):
#: the product or difference the solution means needs parentheses.
BARE_NEGATIVE = re.compile(r"(?:(?<![-+=(,{])[-+]|\\cdot|\\times)\s*-\s*(?:\d|\\frac)")


@pytest.mark.parametrize(
    "skill",
    [*SKILLS, *INFORMATION],
)
def test_solutions_parenthesise_negative_factors(skill: str) -> None:
    """Solution linter: no worked step writes ``a - -b`` or ``a \\cdot -b``."""
    for difficulty in (1, 2, 3):
        for seed in range(40):
            ex = exercise(skill, difficulty, seed)
            for text in (ex.prompt, ex.solution, *ex.hints):
                match = BARE_NEGATIVE.search(text)
                assert match is None, (ex.id, text[max(0, match.start() - 60) : match.end()])


def size(table) -> tuple[int, int]:
    return len(table), len(table[0])


#: What a level asks, read off an exercise's data: levels 1 and 3 of a skill never ask the
#: same kind of question. The comment says how the levels differ.
LEVEL_SIGNATURES = {
    # P(D | +), then the other posteriors, then two tests in a row or three sources
    "probability.bayes-rule": lambda d: d["ask"],
    # mean or variance from parameters, then point and tail probabilities, then several terms
    "probability.common-distributions": lambda d: d["ask"],
    # P(A | B) in a 2×2 table, then 3×3 and complements, then independence of events
    "probability.conditional": lambda d: (d["ask"], size(d["counts"])),
    # one conditional value, then a whole conditional PMF, then conditioning on events
    "probability.conditional-distributions": lambda d: (d["ask"], size(d["P"])),
    # covariance, then correlation and variances of sums, then A Σ Aᵀ and 3×3 tables
    "probability.covariance": lambda d: d["ask"],
    # E[X] of a PMF, then E[g(X)], then moments of a density by integration
    "probability.expectation": lambda d: (d.get("family", "pmf"), d.get("g")),
    # 2×2 tables, then larger ones whose first cell factorises even when the table does not
    "probability.independence": lambda d: size(d["P"]),
    # one marginal value, then whole marginals and events, then a hidden entry or inequality
    "probability.joint-marginal": lambda d: (d["ask"], size(d["P"])),
    # Bernoulli and Poisson, then exponential and Gaussian variance, then fractional data
    "probability.maximum-likelihood": lambda d: d["ask"],
    # c of a PMF, then c of a density, then a probability from a density in two steps
    "probability.pmf-pdf": lambda d: (d["family"], d.get("ask")),
    # F at a point from a PMF, then F(b) − F(a), then intervals from a CDF table
    "probability.random-variables": lambda d: (d["shown"], d["low"] is None, d["high"] is None),
    # direct counting, then complements and unions, then three dice, 5–6 coins, cards
    "probability.sample-spaces": lambda d: (d["space"], d["n"]),
    # mean or variance of 4–5 values, then standard deviations, then standard error, covariance
    "probability.sample-statistics": lambda d: (d["ask"], len(d["x"])),
    # Var X from a PMF, then Var(aX + b) from moments, then both from a PMF
    "probability.variance": lambda d: ("a" in d, "values" in d),
    # one-hot loss from probabilities, then H(p, q), then from logits or on 4 outcomes
    "information.cross-entropy": lambda d: tuple(sorted(d)),
    # two features, then three and the gain itself, then a three-valued feature or XOR
    "information.decision-trees": lambda d: (len(d["features"]), d["ask"]),
    # uniform of integer width, then narrow uniforms and exponentials, then Gaussians
    "information.differential-entropy": lambda d: d["family"],
    # dyadic in bits, then fractions in bits or nats, then counts with an empty outcome
    "information.entropy": lambda d: (d["counts"] is not None, d["unit"]),
    # two children and two classes, small then large counts, then three of either
    "information.information-gain": lambda d: size(d["children"]),
    # 2×2, then 2×3, then 3×3 with empty cells
    "information.joint-conditional-entropy": lambda d: size(d["P"]),
    # two outcomes, then three either way round, then 3–4 outcomes with zeros in p
    "information.kl-divergence": lambda d: (len(d["p"]), "0" in d["p"]),
    # 2×2, then 2×3, then 3×3 with empty cells
    "information.mutual-information": lambda d: size(d["P"]),
    # dyadic averages and short Kraft checks, then lengths, then counts and long Kraft checks
    "information.prefix-codes": lambda d: (
        d["ask"],
        d.get("counts") is not None,
        len(d.get("p") or d.get("lengths") or []),
    ),
}


def test_every_skill_states_its_levels() -> None:
    """Each skill's levels are compared here, or (for the skills added to complete the map)
    by the level test of tests/test_coverage_probability.py / test_coverage_information.py."""
    from test_coverage_information import SKILLS as COVERED_INFORMATION
    from test_coverage_probability import SKILLS as COVERED_PROBABILITY

    covered = set(LEVEL_SIGNATURES) | set(COVERED_PROBABILITY) | set(COVERED_INFORMATION)
    assert covered >= {*SKILLS, *INFORMATION}


@pytest.mark.parametrize("skill", sorted(LEVEL_SIGNATURES))
def test_level_3_asks_what_level_1_does_not(skill: str) -> None:
    signature = LEVEL_SIGNATURES[skill]
    first, third = (
        {signature(exercise(skill, level, seed).data) for seed in range(40)} for level in (1, 3)
    )
    assert not first & third, (skill, first & third)
