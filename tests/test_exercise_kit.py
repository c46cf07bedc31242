"""The authoring kit (``dlmath.exercises.kit``) and the registry's shared machinery: the
misconception pipeline and the thread-safe loading of the generators."""

from __future__ import annotations

import threading
import time
from fractions import Fraction

import numpy as np
import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from dlmath.exercises import kit, registry
from dlmath.exercises.base import Exercise, Generator, Misconception
from dlmath.expr.evaluate import evaluate
from dlmath.expr.parser import parse


def _value(text: str) -> float:
    return float(np.asarray(evaluate(parse(text))).reshape(-1)[0])


@given(p=st.integers(0, 2000), q=st.integers(1, 300))
def test_square_roots_are_written_exactly(p, q):
    x = Fraction(p, q)
    truth = sympy.sqrt(sympy.Rational(p, q))
    for simplify in (True, False):
        text = kit.sqrt_text(x, simplify)
        assert abs(_value(text) - float(truth)) <= 1e-12 * max(1.0, float(truth)), text
    latex = kit.sqrt_latex(x)
    assert (
        sympy.simplify(kit.Surd.sqrt(x).coef * sympy.sqrt(kit.Surd.sqrt(x).radicand) - truth) == 0
    )
    assert ("\\sqrt" in latex) == (not truth.is_rational)


@given(n=st.integers(-50, 50), m=st.integers(1, 500), k=st.integers(1, 50))
def test_surds_are_simplified_and_rationalised(n, m, k):
    s = kit.Surd.of(Fraction(n, k), m)
    assert sympy.sympify(sympy.Rational(n, k) * sympy.sqrt(m)).equals(
        sympy.Rational(s.coef.numerator, s.coef.denominator) * sympy.sqrt(s.radicand)
    )
    assert (
        s.radicand == 1
        or sympy.factorint(s.radicand)
        and all(e == 1 for e in sympy.factorint(s.radicand).values())
    )
    if n:
        over = kit.Surd.over_sqrt(n, Fraction(m, k))
        assert abs(float(over) - n / np.sqrt(m / k)) < 1e-9 * max(1, abs(n))
        assert abs(_value(over.text()) - float(over)) < 1e-9 * max(1, abs(float(over)))


@given(seed=st.integers(0, 10**6), lo=st.integers(-9, 0), hi=st.integers(1, 9))
def test_draws_stay_in_range(seed, lo, hi):
    rng = np.random.default_rng(seed)
    assert lo <= kit.draw_int(rng, lo, hi) <= hi
    assert kit.nonzero_int(rng, lo, hi) in set(range(lo, hi + 1)) - {0}
    assert kit.nonzero_int_redrawn(rng, lo, hi) in set(range(lo, hi + 1)) - {0}
    assert kit.pick(rng, "abc") in "abc"
    assert sorted(kit.permutation(rng, 5)) == list(range(5))
    chosen = kit.subset(rng, [10, 20, 30, 40], 2)
    assert len(set(chosen)) == 2 and chosen == sorted(chosen)
    parts = kit.composition(rng, 10, 3)
    assert sum(parts) == 10 and all(p > 0 for p in parts)


def test_draw_int_matches_the_half_open_spelling():
    # Some generators were written with rng.integers(lo, hi + 1): the same draws.
    a, b = np.random.default_rng(3), np.random.default_rng(3)
    assert [kit.draw_int(a, -4, 4) for _ in range(50)] == [
        int(b.integers(-4, 5)) for _ in range(50)
    ]


def _sympy(rows) -> sympy.Matrix:
    return sympy.Matrix(
        [[sympy.Rational(Fraction(v).numerator, Fraction(v).denominator) for v in r] for r in rows]
    )


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 10**6), n=st.integers(1, 4))
def test_exact_matrix_arithmetic_against_sympy(seed, n):
    rng = np.random.default_rng(seed)
    a = kit.fraction_matrix(rng, n, n, -4, 4)
    b = kit.as_fractions(kit.integer_matrix(rng, n, n, -4, 4))
    sa, sb = _sympy(a), _sympy(b)
    assert _sympy(kit.mat_mul(a, b)) == sa * sb
    assert kit.determinant(a) == sa.det()
    assert kit.rank(a) == sa.rank()
    inverse = kit.inverse(a)
    assert (inverse is None) == (sa.det() == 0)
    if inverse is not None:
        assert _sympy(inverse) == sa.inv()
        assert _sympy(kit.adjugate(a)) == sa.adjugate()
    lam = sympy.Symbol("lam")
    assert [sympy.Rational(c.numerator, c.denominator) for c in kit.char_poly(a)] == sa.charpoly(
        lam
    ).all_coeffs()
    u = kit.unimodular_ints(rng, max(n, 2), 4)  # a 1x1 matrix is always triangular
    assert abs(_sympy(u).det()) == 1


def _exercise(expected: str, answers: list[str], kind: str = "number") -> Exercise:
    return Exercise(
        prompt="p",
        text="p",
        kind=kind,
        expected=expected,
        data={},
        hints=["h"],
        solution="s",
        misconceptions=[
            Misconception(f"misconception:m{i}", a, f"m{i}") for i, a in enumerate(answers)
        ],
    )


def test_the_pipeline_drops_mistakes_equal_in_value():
    ex = _exercise("1/2", ["0.5", "2/4", "3", "6/2", "[3]", "-1/2"])
    kept = registry.distinct_misconceptions(ex)
    # 0.5 and 2/4 are the right answer; 6/2 is the earlier mistake 3 again
    assert [m.answer for m in kept] == ["3", "-1/2"] or [m.answer for m in kept] == [
        "3",
        "[3]",
        "-1/2",
    ]
    assert "6/2" not in [m.answer for m in kept] and "2/4" not in [m.answer for m in kept]


def test_the_pipeline_knows_order_free_lists():
    ex = _exercise("1, 2, 3", ["3, 2, 1", "1, 2", "2, 1"], kind="list")
    assert [m.answer for m in registry.distinct_misconceptions(ex)] == ["1, 2"]


def test_the_pipeline_keeps_every_registered_mistake_nameable():
    for skill in sorted(registry.generators()):
        ex = registry.exercise(skill, 3, 11)
        assert registry.distinct_misconceptions(ex) == ex.misconceptions, ex.id


def test_loading_the_registry_is_thread_safe(monkeypatch):
    class Slow(Generator):
        skill = "test.slow"

    def slow_import(name: str):
        time.sleep(0.01)
        if name == "last":
            registry._GENERATORS.setdefault(Slow.skill, Slow())

    monkeypatch.setattr(registry, "_GENERATORS", {})
    monkeypatch.setattr(registry, "_loaded", False)
    monkeypatch.setattr(registry, "area_modules", lambda: ["first", "second", "last"])
    monkeypatch.setattr(registry.importlib, "import_module", slow_import)
    seen: list[set[str]] = []
    threads = [
        threading.Thread(target=lambda: seen.append(set(registry.generators()))) for _ in range(8)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert seen == [{"test.slow"}] * 8


def test_every_area_module_is_discovered():
    modules = registry.area_modules()
    assert "dlmath.exercises.linalg.matmul" in modules
    assert all(m.split(".")[2] in registry.AREAS for m in modules)
    with pytest.raises(ValueError):
        registry.register(type(registry.generators()["linalg.matmul"]))
