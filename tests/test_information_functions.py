"""entropy, cross_entropy, kl, mutual_information, conditional_entropy, normal_pdf/cdf in
the input language, against SciPy/NumPy computed independently, and their properties."""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from dlmath.expr.calculate import calculate
from dlmath.expr.errors import EvaluationError, InputError, ShapeError
from dlmath.expr.mathml import to_mathml
from dlmath.expr.parser import parse
from dlmath.expr.render import to_latex, to_text


def value(text: str) -> float:
    return float(Fraction(calculate(text).value))


def vector(entries: list[Fraction]) -> str:
    return "[" + ", ".join(str(e) for e in entries) + "]"


def table(rows: list[list[Fraction]]) -> str:
    return "[" + ", ".join(vector(r) for r in rows) + "]"


@pytest.mark.parametrize(
    ("text", "exact"),
    [
        ("entropy([1/2, 1/4, 1/4])", "3/2"),
        ("entropy([1/4, 1/4, 1/4, 1/4])", "2"),
        ("entropy([1, 0])", "0"),
        ("entropy([1/10, 9/10 - 0], 10)", None),
        ("entropy([1/4, 1/4, 1/4, 1/4], 4)", "1"),
        ("kl([1/2, 1/2], [1/2, 1/2])", "0"),
        ("kl([1/2, 1/2], [1/4, 3/4])", None),
        ("cross_entropy([1/2, 1/2], [1/4, 3/4])", None),
        ("mutual_information([[1/2, 0], [0, 1/2]])", "1"),
        ("mutual_information([[1/4, 1/4], [1/4, 1/4]])", "0"),
        ("conditional_entropy([[1/4, 1/4], [0, 1/2]])", "1/2"),
        ("normal_cdf(0)", "1/2"),
        ("normal_cdf(3, 3, 2)", "1/2"),
        ("5!", "120"),
        ("binom(10, 3)", "120"),
    ],
)
def test_exact_values(text: str, exact: str | None) -> None:
    calc = calculate(text)
    if exact is None:
        assert not calc.exact
    else:
        assert calc.exact and calc.value == exact


def test_cover_and_thomas_example_2_2_1() -> None:
    """Cover & Thomas example 2.2.1: the joint table with H(X) = 7/4, H(Y) = 2,
    H(X|Y) = 11/8, H(Y|X) = 13/8, I(X;Y) = 3/8 (bits); rows are Y, columns X."""
    rows = ["1/8, 1/16, 1/32, 1/32", "1/16, 1/8, 1/32, 1/32", "1/16, 1/16, 1/16, 1/16"]
    p = "[" + ", ".join(f"[{r}]" for r in [*rows, "1/4, 0, 0, 0"]) + "]"
    pt = f"({p})ᵀ"
    assert calculate(f"entropy({p})").value == "27/8"  # H(X, Y)
    assert calculate(f"conditional_entropy({p})").value == "11/8"  # H(X|Y), Y on the rows
    assert calculate(f"conditional_entropy({pt})").value == "13/8"  # H(Y|X)
    assert calculate(f"mutual_information({p})").value == "3/8"
    assert calculate(f"mutual_information({pt})").value == "3/8"


def test_nats_and_other_bases_against_scipy() -> None:
    p, q = [0.2, 0.3, 0.5], [0.1, 0.6, 0.3]
    assert value("entropy([0.2, 0.3, 0.5], e)") == pytest.approx(stats.entropy(p))
    assert value("entropy([0.2, 0.3, 0.5])") == pytest.approx(stats.entropy(p, base=2))
    assert value("kl([0.2, 0.3, 0.5], [0.1, 0.6, 0.3], 10)") == pytest.approx(
        stats.entropy(p, q, base=10)
    )
    ce = -sum(a * math.log2(b) for a, b in zip(p, q, strict=True))
    assert value("cross_entropy([0.2, 0.3, 0.5], [0.1, 0.6, 0.3])") == pytest.approx(ce)


def test_normal_against_scipy() -> None:
    assert value("normal_cdf(1.96)") == pytest.approx(stats.norm.cdf(1.96))
    assert value("normal_cdf(1, 2, 3)") == pytest.approx(stats.norm.cdf(1, 2, 3))
    assert value("normal_pdf(0.5, -1, 2)") == pytest.approx(stats.norm.pdf(0.5, -1, 2))
    assert calculate("normal_pdf([0, 1])").shape == "2x1"


def test_logsumexp_against_scipy() -> None:
    from scipy.special import logsumexp

    assert value("logsumexp([1, 2, 3])") == pytest.approx(logsumexp([1, 2, 3]))


@pytest.mark.parametrize(
    ("text", "message", "position"),
    [
        ("entropy([1/2, 1/3])", "sums to 5/6, not 1", 8),
        ("entropy([-1/2, 3/2])", "negative entry", 8),
        ("entropy([0.5, 0.4])", "sums to 9/10", 8),
        ("kl([1/2, 1/2], [1, 0])", "infinite", 15),
        ("cross_entropy([1/2, 1/2], [1/3, 1/3])", "sums to 2/3", 26),
        ("entropy([1/2, 1/2], 1)", "base", 20),
        ("entropy([1/2, 1/2], -2)", "base", 20),
        ("normal_cdf(1, 0, 0)", "sigma must be positive", 17),
    ],
)
def test_refusals_name_the_problem(text: str, message: str, position: int) -> None:
    with pytest.raises(EvaluationError) as info:
        calculate(text)
    assert message in info.value.message
    assert info.value.position == position
    assert info.value.caret()


def test_shape_refusals() -> None:
    with pytest.raises(ShapeError):
        calculate("kl([1/2, 1/2], [1/3, 1/3, 1/3])")
    with pytest.raises(ShapeError, match="must be a number"):
        calculate("entropy([1/2, 1/2], [2, 2])")
    with pytest.raises(InputError):
        calculate("entropy()")
    with pytest.raises(InputError):
        calculate("kl([1/2, 1/2])")


def test_renderers() -> None:
    tree = parse("cross_entropy(p, q, e) + mutual_information(P)")
    assert to_text(tree) == "cross_entropy(p, q, e) + mutual_information(P)"
    assert r"\operatorname{cross\_entropy}" in to_latex(tree)
    mathml = to_mathml(tree)
    assert "<mi>cross_entropy</mi>" in mathml and "<mi>mutual_information</mi>" in mathml
    assert to_text(parse(to_text(tree))) == to_text(tree)


counts = st.lists(st.integers(0, 12), min_size=2, max_size=6).filter(lambda c: sum(c) > 0)


def distribution(c: list[int]) -> list[Fraction]:
    return [Fraction(x, sum(c)) for x in c]


@settings(max_examples=60, deadline=None)
@given(counts, st.data())
def test_kl_is_nonnegative_and_matches_scipy(c: list[int], data: st.DataObject) -> None:
    d = [x + 1 for x in data.draw(st.lists(st.integers(0, 12), min_size=len(c), max_size=len(c)))]
    p, q = distribution(c), distribution(d)
    kl = value(f"kl({vector(p)}, {vector(q)})")
    assert kl >= -1e-12
    assert kl == pytest.approx(stats.entropy(c, d, base=2), abs=1e-9)
    assert value(f"entropy({vector(p)})") == pytest.approx(stats.entropy(c, base=2), abs=1e-9)


@settings(max_examples=60, deadline=None)
@given(st.integers(2, 4), st.integers(2, 4), st.data())
def test_mutual_information_bounds(rows: int, cols: int, data: st.DataObject) -> None:
    cells = data.draw(st.lists(st.integers(0, 9), min_size=rows * cols, max_size=rows * cols))
    if sum(cells) == 0:
        cells[0] = 1
    n = sum(cells)
    joint = [[Fraction(cells[r * cols + k], n) for k in range(cols)] for r in range(rows)]
    m = np.array(cells, dtype=float).reshape(rows, cols) / n
    info = value(f"mutual_information({table(joint)})")
    hx, hy = stats.entropy(m.sum(axis=1), base=2), stats.entropy(m.sum(axis=0), base=2)
    hxy = stats.entropy(m.ravel(), base=2)
    assert -1e-12 <= info <= min(hx, hy) + 1e-9
    assert info == pytest.approx(hx + hy - hxy, abs=1e-9)
    assert value(f"conditional_entropy({table(joint)})") == pytest.approx(hxy - hx, abs=1e-9)
