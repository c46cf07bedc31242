"""Ways people type it: real exercises, each answered the ways a learner writes it.

A table of real exercise ids; each is answered in every way that fits its answer kind
(calculator decimals, exact fractions, a bare list for a vector, MATLAB rows, values
separated by spaces, a unit after the number, the tool's own printout typed back), and
each right way has wrong twins that must stay wrong. The typed text is made from the
exercise's exact value, so the rows hold for every draw of the generators.
"""

from __future__ import annotations

import math
import re
from fractions import Fraction

import pytest

from dlmath.checker import check_answer
from dlmath.checker.readings import point_skill
from dlmath.exercises import exercise_from_id
from dlmath.expr import parse
from dlmath.expr.evaluate import NotExact, evaluate, evaluate_exact
from dlmath.expr.nodes import ListOf
from dlmath.expr.render import to_text

IDS = [
    "calculus.backprop-graph:1:1",
    "calculus.backprop-graph:1:2",
    "calculus.backprop-graph:2:1",
    "calculus.backprop-graph:2:2",
    "calculus.backprop-graph:3:1",
    "calculus.backprop-graph:3:2",
    "calculus.backprop-layers:1:1",
    "calculus.backprop-layers:2:1",
    "calculus.backprop-layers:3:1",
    "calculus.chain-rule:1:1",
    "calculus.chain-rule:2:1",
    "calculus.chain-rule:3:1",
    "calculus.chain-rule:3:2",
    "calculus.derivative-rules:1:1",
    "calculus.derivative-rules:2:1",
    "calculus.derivative-rules:3:1",
    "calculus.gradient:1:1",
    "calculus.gradient:1:2",
    "calculus.gradient:2:1",
    "calculus.gradient:2:2",
    "calculus.gradient:3:1",
    "calculus.gradient:3:2",
    "calculus.hessian:1:1",
    "calculus.hessian:1:2",
    "calculus.hessian:2:1",
    "calculus.hessian:2:2",
    "calculus.hessian:3:1",
    "calculus.hessian:3:2",
    "calculus.integrals:1:1",
    "calculus.integrals:2:1",
    "calculus.integrals:3:1",
    "calculus.jacobian:1:1",
    "calculus.jacobian:1:2",
    "calculus.jacobian:2:1",
    "calculus.jacobian:2:2",
    "calculus.jacobian:3:1",
    "calculus.jacobian:3:2",
    "calculus.limits:1:1",
    "calculus.limits:2:1",
    "calculus.limits:3:1",
    "calculus.matrix-calculus:1:1",
    "calculus.matrix-calculus:2:1",
    "calculus.matrix-calculus:3:1",
    "calculus.multiple-integrals:1:1",
    "calculus.multiple-integrals:2:1",
    "calculus.multiple-integrals:3:1",
    "calculus.partial-derivatives:1:1",
    "calculus.partial-derivatives:2:1",
    "calculus.partial-derivatives:3:1",
    "calculus.taylor:1:1",
    "calculus.taylor:2:1",
    "calculus.taylor:3:1",
    "information.cross-entropy:1:1",
    "information.cross-entropy:2:1",
    "information.cross-entropy:3:1",
    "information.differential-entropy:1:1",
    "information.differential-entropy:2:1",
    "information.differential-entropy:3:1",
    "information.entropy:1:1",
    "information.entropy:2:1",
    "information.entropy:3:1",
    "information.information-gain:1:1",
    "information.information-gain:2:1",
    "information.information-gain:3:1",
    "information.joint-conditional-entropy:1:1",
    "information.joint-conditional-entropy:2:1",
    "information.joint-conditional-entropy:3:1",
    "information.kl-divergence:1:1",
    "information.kl-divergence:2:1",
    "information.kl-divergence:3:1",
    "information.mutual-information:1:1",
    "information.mutual-information:2:1",
    "information.mutual-information:3:1",
    "information.prefix-codes:1:1",
    "information.prefix-codes:2:1",
    "information.prefix-codes:2:2",
    "linalg.determinant:1:1",
    "linalg.determinant:2:1",
    "linalg.determinant:3:1",
    "linalg.eigen:1:1",
    "linalg.eigen:1:2",
    "linalg.eigen:2:1",
    "linalg.eigen:2:2",
    "linalg.eigen:3:1",
    "linalg.eigen:3:2",
    "linalg.inverse:1:1",
    "linalg.inverse:1:2",
    "linalg.inverse:2:1",
    "linalg.inverse:2:2",
    "linalg.inverse:3:1",
    "linalg.inverse:3:2",
    "linalg.least-squares:1:1",
    "linalg.least-squares:1:2",
    "linalg.least-squares:2:1",
    "linalg.least-squares:2:2",
    "linalg.least-squares:3:1",
    "linalg.least-squares:3:2",
    "linalg.linear-systems:1:1",
    "linalg.linear-systems:1:2",
    "linalg.linear-systems:3:1",
    "linalg.matmul:1:1",
    "linalg.matmul:1:2",
    "linalg.matmul:2:1",
    "linalg.matmul:2:2",
    "linalg.matmul:3:1",
    "linalg.matmul:3:2",
    "linalg.projection:1:1",
    "linalg.projection:1:2",
    "linalg.projection:2:1",
    "linalg.projection:2:2",
    "linalg.projection:3:1",
    "linalg.projection:3:2",
    "linalg.rank:1:1",
    "linalg.rank:2:1",
    "linalg.rank:3:1",
    "linalg.svd:1:1",
    "linalg.svd:1:2",
    "linalg.svd:2:1",
    "linalg.svd:2:2",
    "linalg.svd:3:1",
    "linalg.trace:1:1",
    "linalg.trace:2:1",
    "linalg.trace:3:1",
    "linalg.transpose-inverse-rules:1:1",
    "linalg.transpose-inverse-rules:2:1",
    "linalg.transpose-inverse-rules:3:1",
    "linalg.vectors:1:1",
    "linalg.vectors:2:1",
    "linalg.vectors:3:1",
    "optimization.complementary-slackness:1:1",
    "optimization.complementary-slackness:1:2",
    "optimization.complementary-slackness:3:1",
    "optimization.complementary-slackness:3:2",
    "optimization.duality:1:1",
    "optimization.duality:2:1",
    "optimization.duality:3:1",
    "optimization.first-order-condition:1:1",
    "optimization.first-order-condition:2:1",
    "optimization.first-order-condition:3:1",
    "optimization.kkt:1:1",
    "optimization.lagrange-multipliers:1:1",
    "optimization.lagrange-multipliers:2:1",
    "optimization.lagrange-multipliers:3:1",
    "optimization.lagrange-multipliers:3:2",
    "optimization.lagrangian:1:1",
    "optimization.lagrangian:2:1",
    "optimization.lagrangian:3:1",
    "optimization.linear-svm:1:1",
    "optimization.linear-svm:2:1",
    "optimization.linear-svm:3:1",
    "optimization.problem-classes:1:1",
    "optimization.problem-classes:1:2",
    "optimization.problem-classes:2:1",
    "optimization.problem-classes:3:1",
    "optimization.problem-classes:3:2",
    "optimization.second-order-condition:1:2",
    "optimization.second-order-condition:2:2",
    "optimization.sublevel-sets:1:1",
    "optimization.sublevel-sets:1:2",
    "optimization.sublevel-sets:2:1",
    "optimization.sublevel-sets:2:2",
    "optimization.sublevel-sets:3:1",
    "optimization.sublevel-sets:3:2",
    "optimization.svm-dual:1:1",
    "optimization.svm-dual:2:1",
    "optimization.svm-dual:3:1",
    "optimization.unconstrained-optima:1:1",
    "optimization.unconstrained-optima:2:1",
    "optimization.unconstrained-optima:2:2",
    "optimization.unconstrained-optima:3:1",
    "probability.bayes-rule:1:1",
    "probability.bayes-rule:2:1",
    "probability.bayes-rule:3:1",
    "probability.common-distributions:1:1",
    "probability.common-distributions:2:1",
    "probability.common-distributions:3:1",
    "probability.conditional:1:1",
    "probability.conditional:2:1",
    "probability.conditional-distributions:1:1",
    "probability.conditional-distributions:2:1",
    "probability.conditional-distributions:3:1",
    "probability.covariance:1:1",
    "probability.covariance:2:1",
    "probability.covariance:3:1",
    "probability.covariance:3:2",
    "probability.expectation:1:1",
    "probability.expectation:2:1",
    "probability.expectation:3:1",
    "probability.joint-marginal:1:1",
    "probability.joint-marginal:2:1",
    "probability.joint-marginal:3:1",
    "probability.maximum-likelihood:1:1",
    "probability.maximum-likelihood:2:1",
    "probability.maximum-likelihood:3:1",
    "probability.pmf-pdf:1:1",
    "probability.pmf-pdf:2:1",
    "probability.pmf-pdf:3:1",
    "probability.random-variables:1:1",
    "probability.random-variables:2:1",
    "probability.random-variables:3:1",
    "probability.sample-spaces:1:1",
    "probability.sample-spaces:2:1",
    "probability.sample-spaces:3:1",
    "probability.sample-statistics:1:1",
    "probability.sample-statistics:2:1",
    "probability.sample-statistics:3:1",
    "probability.variance:1:1",
    "probability.variance:2:1",
    "probability.variance:3:1",
]

#: The ways of typing each answer kind; a way ending in ``!`` must be judged wrong.
WAYS = {
    "number": ("decimal", "exact", "power", "unit", "off!", "wrong-unit!"),
    "matrix": ("decimal", "exact", "matlab", "bare-list", "row", "off!"),
    "list": ("spaces", "decimal", "exact", "off!"),
    "sequence": ("spaces", "decimal", "exact", "off!"),
    "expression": ("tool-text", "off!"),
}

_UNIT = re.compile(r"\bin (bits|nats)\b")


def _significant(x: float, figures: int = 6) -> str:
    """A calculator's display: ``figures`` significant digits, correctly rounded."""
    if x == 0:
        return "0"
    text = f"{x:.{figures}g}"
    if "e" in text:
        mantissa, exponent = text.split("e")
        return f"{mantissa}e{int(exponent)}"
    return text


def _exact(x: Fraction) -> str:
    return str(x.numerator) if x.denominator == 1 else f"{x.numerator}/{x.denominator}"


def _entries(text: str, shapes) -> tuple[list[list[Fraction | None]], list[list[float]]]:
    """The value of an expected answer: exact entries (None where irrational) and floats."""
    tree = parse(text, shapes)
    floats = evaluate(tree).tolist()
    try:
        exact = evaluate_exact(tree)
    except NotExact:
        exact = [[None] * len(row) for row in floats]
    return exact, floats


def _items(text: str, shapes) -> list[tuple[Fraction | None, float]]:
    tree = parse(text, shapes)
    items = tree.items if isinstance(tree, ListOf) else (tree,)
    out = []
    for item in items:
        value = float(evaluate(item)[0, 0])
        try:
            exact: Fraction | None = evaluate_exact(item)[0][0]
        except NotExact:
            exact = None
        out.append((exact, value))
    return out


def _typed_entry(exact: Fraction | None, value: float, way: str) -> str:
    if way == "exact" and exact is not None:
        return _exact(exact)
    return _significant(value)


def typed(ex, way: str) -> tuple[str, bool, str | None] | None:
    """(text typed, whether it must be right, the diagnosis it must get); None when the
    way does not apply to this exercise."""
    way = way.rstrip("!")
    if ex.expected.strip().lower() == "undefined":
        return ("DNE", True, None) if way == "exact" else None
    if ex.kind == "expression":
        if way == "tool-text":
            return to_text(parse(ex.expected, ex.shapes)), True, None
        return f"{ex.expected} + 1", False, None
    if ex.kind in ("list", "sequence"):
        items = _items(ex.expected, ex.shapes)
        if way == "off":
            shifted = [_significant(v + 1 + abs(v)) for _, v in items]
            return ", ".join(shifted), False, None
        if way == "spaces":
            if len(items) < 2 or any(e is None for e, _ in items):
                return None
            return " ".join(_exact(e) for e, _ in items), True, None  # type: ignore[arg-type]
        return ", ".join(_typed_entry(e, v, way) for e, v in items), True, None
    exact, floats = _entries(ex.expected, ex.shapes)
    rows, cols = len(floats), len(floats[0])
    if ex.kind == "number" or (rows, cols) == (1, 1):
        value, x = floats[0][0], exact[0][0]
        asked = _UNIT.search(ex.text)
        if way == "off":
            return _significant(value + 1 + abs(value) / 10), False, None
        if way == "power":
            if x is None or x.numerator != 1 or x.denominator == 1:
                return None
            return f"{x.denominator}^-1", True, None
        if way in ("unit", "wrong-unit"):
            if not asked:
                return None
            unit = asked.group(1)
            if way == "unit":
                return f"{_significant(value)} {unit}", True, None
            other = "nats" if unit == "bits" else "bits"
            in_other = value * math.log(2) if other == "nats" else value / math.log(2)
            return f"{_significant(in_other)} {other}", False, f"misconception:{other}-for-{unit}"
        if way in ("decimal", "exact"):
            return _typed_entry(x, value, way), True, None
        return None
    entries = [
        [_typed_entry(exact[i][j], floats[i][j], way) for j in range(cols)] for i in range(rows)
    ]
    column = cols == 1 and rows > 1
    if way == "off":
        entries[0][0] = _significant(floats[0][0] + 1)
        return "[" + "; ".join(" ".join(r) for r in entries) + "]", False, None
    if way == "bare-list":
        return (", ".join(r[0] for r in entries), True, None) if column else None
    if way == "row":
        if not column:
            return None
        row = "[" + " ".join(r[0] for r in entries) + "]"
        right = point_skill(ex.skill)
        return row, right, None if right else "transpose"
    if way == "matlab" or way in ("decimal", "exact"):
        return "[" + "; ".join(" ".join(r) for r in entries) + "]", True, None
    return None


def rows() -> list[tuple[str, str, str, bool, str | None]]:
    """(exercise id, way, text typed, right?, diagnosis) for every way that applies."""
    out = []
    for exercise_id in IDS:
        ex = exercise_from_id(exercise_id)
        for way in WAYS[ex.kind]:
            row = typed(ex, way)
            if row is not None:
                out.append((exercise_id, way, *row))
    return out


ROWS = rows()


def test_the_table_is_large_enough():
    assert len(ROWS) >= 100
    assert len({r[0] for r in ROWS}) >= 100
    assert sum(not r[3] for r in ROWS) >= 100  # wrong twins


@pytest.mark.parametrize(
    ("exercise_id", "way", "text", "right", "diagnosis"),
    ROWS,
    ids=[f"{r[0]}-{r[1]}" for r in ROWS],
)
def test_ways_people_type_it(exercise_id, way, text, right, diagnosis):
    ex = exercise_from_id(exercise_id)
    verdict = check_answer(ex, text)
    assert verdict.correct == right, (text, ex.expected, verdict.diagnosis, verdict.feedback)
    if diagnosis is not None:
        assert verdict.diagnosis == diagnosis, (text, verdict.feedback)
    if not right:
        assert verdict.diagnosis != "parse-error", (text, verdict.feedback)
    assert "1 times the right answer" not in verdict.feedback
