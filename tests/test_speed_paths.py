"""The checker's fast paths give what the slow paths gave.

Texts are read (tokens, and trees with every span) and pairs judged exactly as in the
snapshot ``speed_paths.json``, made before the fast paths existed (see
``speed_paths.py``); the expected side gives the same verdicts remembered or worked out
afresh; and the tolerance's shortcuts (one number in Python floats, a batch of points at
a time, a right answer settled by its gap) agree with the rule they shorten.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from dlmath.checker import equivalent
from dlmath.checker.memo import KEPT_ENTRIES, Memo, forget_expected
from dlmath.checker.tolerance import (
    FACTOR_RTOL,
    NEAR_ONE,
    SYMBOLIC_RTOL,
    TINY,
    common_factor,
    relative_gap,
    within,
    within_mask,
)
from speed_paths import DECLARED, PAIRS, TEXTS, read_row, verdict_row

SNAPSHOT = json.loads((Path(__file__).parent / "speed_paths.json").read_text())


@pytest.mark.parametrize("declared", DECLARED, ids=["nothing declared", "names declared"])
def test_every_text_is_read_as_before(declared):
    first = DECLARED.index(declared) * len(TEXTS)
    rows = SNAPSHOT["reading"][first : first + len(TEXTS)]
    changed = [
        text for text, row in zip(TEXTS, rows, strict=True) if read_row(text, declared) != row
    ]
    assert not changed, f"read differently from before: {changed}"


def test_every_pair_is_judged_as_before_remembered_or_not():
    pairs = PAIRS()
    assert len(pairs) == len(SNAPSHOT["verdicts"])
    for remembered in (False, True):  # the second round finds the expected side remembered
        if not remembered:
            forget_expected()
        changed = [
            (pair, row)
            for pair, row in zip(pairs, SNAPSHOT["verdicts"], strict=True)
            if verdict_row(*pair) != row
        ]
        assert not changed, f"judged differently (remembered={remembered}): {changed[:5]}"


def test_remembered_values_cannot_be_written():
    from dlmath.checker.evidence import draw_points
    from dlmath.checker.judgement import Givens
    from dlmath.expr import parse
    from dlmath.expr.shapes import parse_shape

    shapes = {"A": parse_shape("2x3"), "x": parse_shape("3")}
    points = draw_points(parse("A x"), Givens(shapes), shapes, ["A", "x"])
    for env, value in points:
        for array in (value, *env.values()):
            with pytest.raises(ValueError):
                array[...] = 0.0


def test_a_memo_keys_by_identity_and_stays_bounded():
    memo = Memo(2)
    calls = []

    def compute(tag):
        calls.append(tag)
        return tag

    first, twin = [1, 2], [1, 2]  # equal values, different objects
    assert memo.get(first, "k", lambda: compute("first")) == "first"
    assert memo.get(first, "k", lambda: compute("again")) == "first"
    assert memo.get(twin, "k", lambda: compute("twin")) == "twin"
    assert memo.get(None, "other", lambda: compute("third")) == "third"
    assert len(memo.entries) == 2  # the oldest went out
    assert memo.get(first, "k", lambda: compute("recomputed")) == "recomputed"
    assert calls == ["first", "twin", "third", "recomputed"]


def test_a_memo_does_not_hold_large_values():
    memo = Memo(4)
    small, large = np.zeros(KEPT_ENTRIES), np.zeros(KEPT_ENTRIES + 1)
    assert memo.get(None, "small", lambda: small, lambda v: v.size) is small
    assert memo.get(None, "large", lambda: large, lambda v: v.size) is large
    assert [key for _, key in memo.entries] == ["small"]


def test_an_error_in_the_expected_side_is_not_remembered():
    for _ in range(2):
        with pytest.raises(Exception, match="no value|division"):
            equivalent("1", "1/0")


finite = st.floats(-1e12, 1e12, allow_nan=False) | st.sampled_from([0.0, -0.0, 1e-13, 5e-10])


def _old_common_factor(pairs):
    """``common_factor`` as it was written before its shortcuts."""
    found = []
    for a, e in pairs:
        if a.shape != e.shape:
            return None
        ee = float(np.sum(e * e))
        if ee < TINY:
            return None
        c = float(np.sum(a * e)) / ee
        if not (a.shape == e.shape and bool(np.all(within_mask(a, c * e, FACTOR_RTOL)))):
            return None
        found.append(c)
    c = found[0]
    if any(abs(x - c) > FACTOR_RTOL * max(1.0, abs(c)) for x in found):
        return None
    if abs(c) < TINY or abs(abs(c) - 1) < NEAR_ONE:
        return None
    return c


@given(
    e=finite,
    rtol=st.sampled_from([SYMBOLIC_RTOL, 0.01, 0.5]),
    offset=st.floats(-3, 3) | st.sampled_from([0.0, -1.0, 1.0, 0.99, 1.01]),
    far=finite,
    near=st.booleans(),
)
def test_one_number_is_judged_by_the_rule_for_arrays(e, rtol, offset, far, near):
    a = e * (1 + offset * rtol) + offset * rtol / 100 if near else far  # the edges, or anywhere
    x, y = np.array([[a]]), np.array([[e]])
    assert within(x, y, rtol) == bool(within_mask(x, y, rtol).all())
    gaps = np.abs(x - y) / np.maximum(np.abs(y), TINY)
    assert relative_gap([(x, y)]) == float(gaps.max())
    assert common_factor([(x, y)]) == _old_common_factor([(x, y)])


@given(
    e=st.lists(finite, min_size=1, max_size=4),
    rtol=st.sampled_from([SYMBOLIC_RTOL, 0.01, 0.5]),
    offset=st.floats(-3, 3) | st.sampled_from([0.0, -1.0, 1.0, 0.99, 1.01]),
    spoil=st.sampled_from([None, np.nan, np.inf]),
)
def test_a_number_at_each_point_is_judged_by_the_rule_for_arrays(e, rtol, offset, spoil):
    y = np.array(e).reshape(-1, 1, 1)
    x = y * (1 + offset * rtol) + offset * rtol / 100  # near the edges of the tolerance
    if spoil is not None:
        x[-1, 0, 0] = spoil
    assert within(x, y, rtol) == bool(within_mask(x, y, rtol).all())


@given(
    seed=st.integers(0, 10**6),
    shape=st.sampled_from([(4, 1, 1), (2, 3, 2), (4, 2, 2)]),
    scale=st.sampled_from([1e-9, 1.0, 1e8]),
    noise=st.sampled_from([0.0, 1e-12, 1e-8, 1e-3]),
)
def test_a_batch_is_judged_as_its_points(seed, shape, scale, noise):
    rng = np.random.default_rng(seed)
    e = rng.normal(size=shape) * scale
    a = e * (1 + noise * rng.normal(size=shape))
    points = [(a[k], e[k]) for k in range(shape[0])]
    per_point = np.stack([within_mask(p, q, SYMBOLIC_RTOL) for p, q in points])
    assert (within_mask(a, e, SYMBOLIC_RTOL) == per_point).all()
    assert within(a, e, SYMBOLIC_RTOL) == all(within(p, q, SYMBOLIC_RTOL) for p, q in points)
    assert relative_gap([(a, e)]) == relative_gap(points)
    assert common_factor(points) == _old_common_factor(points)
    doubled = [(2 * q, q) for _, q in points]
    assert common_factor(doubled) == _old_common_factor(doubled)


def _by_the_grammar(text: str):
    """``text`` read token by token, as every text but a plain matrix is."""
    from dlmath.expr.lexer import tokenize
    from dlmath.expr.parser import _Parser

    parser = _Parser(text, tokenize(text, frozenset()), frozenset())
    tree = parser.parse_list()
    if parser.peek().kind != "end":
        parser.unexpected(parser.peek())
    return tree


spaces = st.sampled_from(["", "", " ", "  ", "\t"])
numbers = st.builds(
    lambda sign, digits: sign + digits,
    st.sampled_from(["", "", "-", "- ", "--"]),
    st.sampled_from(["0", "7", "12", "007", "9" * 30, "9" * 31, "0" * 4 + "1" * 30]),
)


@st.composite
def matrix_texts(draw):
    def row(n):
        return "[" + ",".join(draw(spaces) + draw(numbers) + draw(spaces) for _ in range(n)) + "]"

    cols = draw(st.integers(1, 4))
    if draw(st.booleans()):
        return draw(spaces) + row(draw(st.integers(1, 5))) + draw(spaces)
    rows = [row(cols + (1 if draw(st.integers(0, 9)) == 0 else 0)) for _ in range(3)]
    rows = rows[: draw(st.integers(1, 3))]
    return draw(spaces) + "[" + ",".join(r + draw(spaces) for r in rows) + "]" + draw(spaces)


@given(text=matrix_texts())
def test_a_plain_matrix_is_read_as_the_grammar_reads_it(text):
    from dlmath.expr.plain_matrix import plain_matrix
    from speed_paths import dump_tree, reading

    fast = plain_matrix(text)
    if fast is not None:  # else the grammar reads it (and gives any error)
        assert dump_tree(fast) == reading(lambda: dump_tree(_by_the_grammar(text)))


@given(
    entries=st.lists(
        st.tuples(
            st.integers(-(10**12), 10**12),
            st.sampled_from([1, 1, 2, 7]),
            st.sampled_from([0, 0, 2]),
            st.booleans(),
        ),
        min_size=1,
        max_size=6,
    )
)
def test_matrix_entries_are_written_as_any_number_is(entries):
    from fractions import Fraction

    from dlmath.expr.nodes import Neg, Num
    from dlmath.expr.render import TextRenderer

    nodes = []
    for numerator, denominator, decimals, negated in entries:
        number = Num(Fraction(numerator, denominator), decimals)
        nodes.append(Neg(number) if negated else number)
    renderer = TextRenderer()
    assert [renderer.plain_entry(x) for x in nodes] == [renderer.render(x) for x in nodes]
