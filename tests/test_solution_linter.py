"""Worked solutions say true things: for each class of false sentence once found in a
generated solution, a test that recomputes the fact independently."""

from __future__ import annotations

import re

import pytest
import sympy

from dlmath.exercises import exercise

SEEDS = range(60)


def test_definiteness_says_the_minors_do_not_settle_it_only_when_they_do_not():
    for difficulty in (1, 2, 3):
        for seed in SEEDS:
            ex = exercise("linalg.definiteness", difficulty, seed)
            a = sympy.Matrix(ex.data["A"])
            minors = [a[:k, :k].det() for k in range(1, a.rows + 1)]
            settled = all(minors)
            if "do not settle it" in ex.solution:
                assert not settled, (ex.id, minors)
            if settled:
                assert "do not settle it" not in ex.solution, (ex.id, minors)
                eigen = [sympy.sign(v) for v in a.eigenvals(multiple=True)]
                if 1 in eigen and -1 in eigen:
                    assert "indefinite" in ex.solution, ex.id


# a negative number squared where an expression starts: "{-5^2}", "= -5²", "(-5^2"
SQUARED_NEGATIVE = re.compile(r"(?:^|[{(=$]\s*)-\d+(?:\^2|²)")


@pytest.mark.parametrize(
    "skill",
    [
        "linalg.least-squares",
        "linalg.projection",
        "linalg.vectors",
        pytest.param(
            "optimization.convex-problems",
            marks=pytest.mark.xfail(
                reason="min-norm writes \\frac{-5^2}{10} for s = -5 (owner: optimization)",
                strict=True,
            ),
        ),
    ],
)
def test_no_negative_number_squared_without_parentheses(skill):
    """``-5^2`` reads as −25: a negative value squared is written ``(-5)^2``."""
    found = []
    for difficulty in (1, 2, 3):
        for seed in SEEDS:
            ex = exercise(skill, difficulty, seed)
            for text in (ex.solution, *ex.hints):
                for match in SQUARED_NEGATIVE.finditer(text):
                    before = text[max(0, match.start() - 1) : match.start()]
                    if before not in ("(", "{") or match.group().startswith("{"):
                        found.append(
                            f"{ex.id}: {text[max(0, match.start() - 30) : match.end() + 10]}"
                        )
    assert not found, found[:5]
