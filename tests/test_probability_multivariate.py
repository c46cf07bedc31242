"""Several-variable probability generators (joint and marginal PMFs, conditional
distributions, independence, covariance, sample statistics, maximum likelihood): every
expected answer against an independent oracle on ``data`` (exact enumeration with
Fraction written here, NumPy, SciPy, Monte-Carlo simulation), the checker's view of the
answer in other written forms and of each catalogued misconception, and determinism."""

from __future__ import annotations

import json
import math
import re
import statistics
from fractions import Fraction

import numpy as np
import scipy.optimize
import scipy.stats
from hypothesis import given, settings
from hypothesis import strategies as st

from dlmath.checker import check_answer
from dlmath.exercises import exercise

SKILLS = [
    "probability.joint-marginal",
    "probability.conditional-distributions",
    "probability.independence",
    "probability.covariance",
    "probability.sample-statistics",
    "probability.maximum-likelihood",
]

seeds = st.integers(0, 10**6)
difficulties = st.sampled_from([1, 2, 3])
cases = given(seed=seeds, difficulty=difficulties)


# ---- reading the generators' output (their own plain format, never user text) -----------

SQRT = re.compile(r"^(-)?(?:(\d+)\*)?sqrt\((\d+)\)(?:/(\d+))?$")


def exact_square_and_sign(text: str) -> tuple[Fraction, int]:
    """``-3*sqrt(2)/4`` -> (9·2/16, -1); ``5/6`` -> (25/36, 1): an answer c·√m exactly, by
    its square and sign."""
    match = SQRT.match(text)
    if match is None:
        value = Fraction(text)
        return value * value, (value > 0) - (value < 0)
    sign, k, m, q = match.groups()
    k, m, q = int(k or 1), int(m), int(q or 1)
    return Fraction(k * k * m, q * q), -1 if sign else 1


def as_float(text: str) -> float:
    square, sign = exact_square_and_sign(text)
    return sign * math.sqrt(square)


def matrix_entries(text: str) -> list[Fraction]:
    return [Fraction(tok) for tok in re.findall(r"-?\d+(?:/\d+)?", text)]


def table(ex) -> list[list[Fraction]]:
    return [[Fraction(str(v)) for v in row] for row in ex.data["P"]]


def fractions(values) -> list[Fraction]:
    return [Fraction(str(v)) for v in values]


# ---- exact enumeration over a joint table -----------------------------------------------


def cells(ex):
    """(x, y, p) for every cell of the table."""
    p = table(ex)
    return [(x, y, p[i][j]) for i, x in enumerate(ex.data["X"]) for j, y in enumerate(ex.data["Y"])]


def prob(ex, event) -> Fraction:
    return sum((p for x, y, p in cells(ex) if event(x, y)), Fraction(0))


def expectation(ex, f) -> Fraction:
    return sum((f(x, y) * p for x, y, p in cells(ex)), Fraction(0))


def variance_of(ex, f) -> Fraction:
    """Var f(X, Y) from the distribution of f(X, Y) itself, collected cell by cell."""
    law: dict[Fraction, Fraction] = {}
    for x, y, p in cells(ex):
        law[Fraction(f(x, y))] = law.get(Fraction(f(x, y)), Fraction(0)) + p
    m = sum((v * p for v, p in law.items()), Fraction(0))
    return sum(((v - m) ** 2 * p for v, p in law.items()), Fraction(0))


# ---- the oracles: one per skill, on ex.data only -----------------------------------------


def oracle_joint_marginal(ex) -> None:
    p = table(ex)
    assert sum(sum(row) for row in p) == 1 and all(v > 0 for row in p for v in row)
    grid = np.array([[float(v) for v in row] for row in p])
    ask = ex.data["ask"]
    if ask in ("marginal-value", "hidden"):
        if ask == "hidden":
            hi, hj = ex.data["hidden"]
            others = sum(
                v for i, row in enumerate(p) for j, v in enumerate(row) if (i, j) != (hi, hj)
            )
            assert p[hi][hj] == 1 - others  # the hidden entry is fixed by the total
            assert "?" in ex.text
        name, value = ex.data["of"], ex.data["value"]
        want = prob(ex, (lambda x, y: x == value) if name == "X" else (lambda x, y: y == value))
        assert Fraction(ex.expected) == want
        axis = 1 if name == "X" else 0
        index = (ex.data["X"] if name == "X" else ex.data["Y"]).index(value)
        assert math.isclose(float(Fraction(ex.expected)), grid.sum(axis=axis)[index])
    elif ask == "marginal-vector":
        name = ex.data["of"]
        values = ex.data["X"] if name == "X" else ex.data["Y"]
        want = [
            prob(ex, (lambda x, y, v=v: x == v) if name == "X" else (lambda x, y, v=v: y == v))
            for v in values
        ]
        assert matrix_entries(ex.expected) == want
        assert np.allclose([float(v) for v in want], grid.sum(axis=1 if name == "X" else 0))
    elif ask == "event":
        x0, s = ex.data["x"], set(ex.data["S"])
        assert Fraction(ex.expected) == prob(ex, lambda x, y: x == x0 and y in s)
    else:
        assert ask == "inequality"
        strict = ex.data["strict"]
        want = prob(ex, (lambda x, y: x < y) if strict else (lambda x, y: x <= y))
        assert Fraction(ex.expected) == want


def oracle_conditional(ex) -> None:
    p = table(ex)
    grid = np.array([[float(v) for v in row] for row in p])
    ask = ex.data["ask"]
    if ask == "value":
        x0, y0 = ex.data["x"], ex.data["y"]
        want = prob(ex, lambda x, y: x == x0 and y == y0) / prob(ex, lambda x, y: x == x0)
        assert Fraction(ex.expected) == want
    elif ask == "vector":
        x0 = ex.data["x"]
        px = prob(ex, lambda x, y: x == x0)
        want = [prob(ex, lambda x, y, v=v: x == x0 and y == v) / px for v in ex.data["Y"]]
        assert matrix_entries(ex.expected) == want
        row = grid[ex.data["X"].index(x0)]
        assert np.allclose([float(v) for v in want], row / row.sum())
        assert sum(want) == 1
    else:
        assert ask == "events"
        s, t = set(ex.data["S"]), set(ex.data["T"])
        both = prob(ex, lambda x, y: x in t and y in s)
        assert Fraction(ex.expected) == both / prob(ex, lambda x, y: x in t)


def oracle_independence(ex) -> None:
    p = table(ex)
    assert sum(sum(row) for row in p) == 1 and all(v >= 0 for row in p for v in row)
    px = [sum(row) for row in p]
    py = [sum(col) for col in zip(*p, strict=True)]
    factorises = all(p[i][j] == px[i] * py[j] for i in range(len(px)) for j in range(len(py)))
    assert ex.expected == ("true" if factorises else "false")
    # a second view: a joint table is independent exactly when it has rank one
    rank = np.linalg.matrix_rank(np.array([[float(v) for v in row] for row in p]), tol=1e-12)
    assert (rank == 1) == factorises
    if ex.difficulty >= 2 and not factorises:
        assert p[0][0] == px[0] * py[0]  # the one-cell trap: the first cell fits


def oracle_covariance(ex) -> None:
    ask = ex.data["ask"]
    if ask == "covariance":
        cov = expectation(ex, lambda x, y: x * y) - expectation(ex, lambda x, y: x) * expectation(
            ex, lambda x, y: y
        )
        assert Fraction(ex.expected) == cov
        xs, ys, ps = zip(*cells(ex), strict=True)
        weighted = np.cov(
            np.array(xs, float), np.array(ys, float), aweights=np.array(ps, float), bias=True
        )
        assert math.isclose(float(Fraction(ex.expected)), weighted[0, 1], abs_tol=1e-12)
    elif ask == "correlation":
        xs, ys, ps = zip(*cells(ex), strict=True)
        c = np.cov(
            np.array(xs, float), np.array(ys, float), aweights=np.array(ps, float), bias=True
        )
        rho = c[0, 1] / math.sqrt(c[0, 0] * c[1, 1])
        assert math.isclose(as_float(ex.expected), rho, rel_tol=1e-9)
        cov = expectation(ex, lambda x, y: x * y) - expectation(ex, lambda x, y: x) * expectation(
            ex, lambda x, y: y
        )
        square, sign = exact_square_and_sign(ex.expected)
        assert square == cov * cov / (
            variance_of(ex, lambda x, y: x) * variance_of(ex, lambda x, y: y)
        )
        assert sign == (cov > 0) - (cov < 0)
    elif ask == "combination":
        a, b = ex.data["a"], ex.data["b"]
        assert Fraction(ex.expected) == variance_of(ex, lambda x, y: a * x + b * y)
    elif ask == "given":
        a, b = ex.data["a"], ex.data["b"]
        vx, vy, c = (Fraction(str(ex.data[k])) for k in ("var_x", "var_y", "cov"))
        sigma = np.array([[float(vx), float(c)], [float(c), float(vy)]])
        assert np.all(np.linalg.eigvalsh(sigma) > 0)  # a real covariance matrix
        w = np.array([a, b], float)
        assert math.isclose(float(Fraction(ex.expected)), w @ sigma @ w, abs_tol=1e-9)
    else:
        assert ask == "linear-map"
        a, sigma = np.array(ex.data["A"], float), np.array(ex.data["Sigma"], float)
        got = np.array([float(v) for v in matrix_entries(ex.expected)]).reshape(len(a), len(a))
        assert np.array_equal(got, a @ sigma @ a.T)
        # simulation: sample z with covariance Σ, map it, estimate the covariance
        rng = np.random.default_rng(ex.seed)
        z = rng.multivariate_normal(np.zeros(len(sigma)), sigma, size=40_000)
        estimate = np.cov((z @ a.T).T)
        assert np.allclose(estimate, got, atol=0.06 * np.abs(got).max() + 0.05)


def oracle_sample_statistics(ex) -> None:
    ask = ex.data["ask"]
    xs = ex.data["x"]
    exact = [Fraction(v) for v in xs]
    if ask == "mean":
        assert Fraction(ex.expected) == statistics.mean(exact)
        assert math.isclose(float(Fraction(ex.expected)), np.mean(xs))
    elif ask == "variance":
        assert Fraction(ex.expected) == statistics.variance(exact)
        assert math.isclose(float(Fraction(ex.expected)), np.var(xs, ddof=1))
    elif ask == "sd":
        square, sign = exact_square_and_sign(ex.expected)
        assert square == statistics.variance(exact) and sign == 1
        assert math.isclose(as_float(ex.expected), np.std(xs, ddof=1))
    elif ask == "standard-error":
        square, sign = exact_square_and_sign(ex.expected)
        assert square == statistics.variance(exact) / len(xs) and sign == 1
        assert math.isclose(as_float(ex.expected), scipy.stats.sem(xs))
    else:
        assert ask == "covariance"
        ys = ex.data["y"]
        assert math.isclose(float(Fraction(ex.expected)), np.cov(xs, ys, ddof=1)[0, 1])
        mx, my = statistics.mean(exact), statistics.mean([Fraction(v) for v in ys])
        cross = sum((x - mx) * (y - my) for x, y in zip(exact, ys, strict=True))
        assert Fraction(ex.expected) == cross / (len(xs) - 1)


def oracle_maximum_likelihood(ex) -> None:
    ask = ex.data["ask"]
    xs = np.array([float(Fraction(str(v))) for v in ex.data["x"]])
    got = as_float(ex.expected)
    if ask == "bernoulli":
        fit = scipy.optimize.minimize_scalar(
            lambda p: -scipy.stats.bernoulli.logpmf(xs, p).sum(),
            bounds=(1e-6, 1 - 1e-6),
            method="bounded",
            options={"xatol": 1e-10},
        )
        assert math.isclose(got, fit.x, abs_tol=1e-6)
    elif ask == "poisson":
        fit = scipy.optimize.minimize_scalar(
            lambda lam: -scipy.stats.poisson.logpmf(xs, lam).sum(),
            bounds=(1e-6, 50),
            method="bounded",
            options={"xatol": 1e-10},
        )
        assert math.isclose(got, fit.x, abs_tol=1e-6)
    elif ask == "exponential":
        _, scale = scipy.stats.expon.fit(xs, floc=0)
        assert math.isclose(got, 1 / scale, rel_tol=1e-9)
    else:
        _, sigma = scipy.stats.norm.fit(xs)
        if ask == "gaussian-variance":
            assert math.isclose(got, sigma**2, rel_tol=1e-9)
            assert Fraction(ex.expected) == statistics.pvariance([Fraction(int(v)) for v in xs])
        else:
            assert ask == "gaussian-sd"
            assert math.isclose(got, sigma, rel_tol=1e-9)


ORACLES = {
    "probability.joint-marginal": oracle_joint_marginal,
    "probability.conditional-distributions": oracle_conditional,
    "probability.independence": oracle_independence,
    "probability.covariance": oracle_covariance,
    "probability.sample-statistics": oracle_sample_statistics,
    "probability.maximum-likelihood": oracle_maximum_likelihood,
}


def _oracle_test(skill: str, examples: int = 40):
    @settings(max_examples=examples, deadline=None)
    @cases
    def test(seed: int, difficulty: int) -> None:
        ORACLES[skill](exercise(skill, difficulty, seed))

    test.__name__ = f"test_oracle_{skill.split('.')[1].replace('-', '_')}"
    return test


test_oracle_joint_marginal = _oracle_test("probability.joint-marginal")
test_oracle_conditional_distributions = _oracle_test("probability.conditional-distributions")
test_oracle_independence = _oracle_test("probability.independence")
test_oracle_covariance = _oracle_test("probability.covariance", 25)
test_oracle_sample_statistics = _oracle_test("probability.sample-statistics")
test_oracle_maximum_likelihood = _oracle_test("probability.maximum-likelihood", 30)


# ---- the checker: the answer in other written forms, and each misconception ------------


def other_number(value: Fraction) -> str:
    """The same number written differently: a decimal when it has one, else unreduced."""
    if value.denominator == 1:
        return f"{value.numerator}.0"
    q = value.denominator
    while q % 2 == 0:
        q //= 2
    while q % 5 == 0:
        q //= 5
    if q == 1:
        return repr(float(value))
    return f"{2 * value.numerator}/{2 * value.denominator}"


def written_forms(ex) -> list[str]:
    """At least two spellings of the expected answer, other than the expected text."""
    e = ex.expected
    if ex.kind == "boolean":
        return [e.upper(), {"true": "yes", "false": "no"}[e], f" {e.capitalize()} "]
    if ex.kind == "matrix":
        forms = [re.sub(r"-?\d+(?:/\d+)?", lambda m: other_number(Fraction(m.group())), e)]
        if e.startswith("[["):
            rows = e[2:-2].split("], [")
            forms.append("[" + "; ".join(row.replace(",", "") for row in rows) + "]")
        return forms
    assert ex.kind == "number"
    match = SQRT.match(e)
    if match is None:
        value = Fraction(e)
        return [other_number(value), f"({2 * value.numerator})/({2 * value.denominator})"]
    sign, k, m, q = match.groups()
    k, m, q = int(k or 1), int(m), int(q or 1)
    rounded = f"{as_float(e):.6f}"
    return [rounded, f"{sign or ''}sqrt({k * k * m})/{q}"]


def _checker_test(skill: str):
    @settings(max_examples=25, deadline=None)
    @cases
    def test(seed: int, difficulty: int) -> None:
        ex = exercise(skill, difficulty, seed)
        verdict = check_answer(ex, ex.expected)
        assert verdict.correct, (ex.id, ex.expected, verdict.feedback)
        forms = written_forms(ex)
        assert len(forms) >= 2
        for text in forms:
            verdict = check_answer(ex, text)
            assert verdict.correct, (ex.id, text, verdict.diagnosis, verdict.feedback)
        if ex.kind == "boolean":  # see test_boolean_misconception_gets_its_code
            return
        for m in ex.misconceptions:
            assert m.code.startswith("misconception:"), m.code
            verdict = check_answer(ex, m.answer)
            assert not verdict.correct, (ex.id, m.answer)
            assert verdict.diagnosis == m.code, (ex.id, m.answer, m.code, verdict.diagnosis)
            assert verdict.feedback == m.feedback

    test.__name__ = f"test_checker_{skill.split('.')[1].replace('-', '_')}"
    return test


test_checker_joint_marginal = _checker_test("probability.joint-marginal")
test_checker_conditional_distributions = _checker_test("probability.conditional-distributions")
test_checker_independence = _checker_test("probability.independence")
test_checker_covariance = _checker_test("probability.covariance")
test_checker_sample_statistics = _checker_test("probability.sample-statistics")
test_checker_maximum_likelihood = _checker_test("probability.maximum-likelihood")


def _one_cell_exercise():
    for seed in range(50):
        ex = exercise("probability.independence", 2, seed)
        if ex.misconceptions:
            return ex
    raise AssertionError("no dependent table at difficulty 2 in 50 seeds")


def test_boolean_misconception_gets_its_code() -> None:
    ex = _one_cell_exercise()
    (m,) = ex.misconceptions
    verdict = check_answer(ex, m.answer)
    assert not verdict.correct
    assert verdict.diagnosis == "misconception:one-cell" and verdict.feedback == m.feedback


def test_boolean_wrong_answer_is_wrong() -> None:
    ex = _one_cell_exercise()
    assert ex.expected == "false"
    assert not check_answer(ex, "true").correct
    assert check_answer(ex, "maybe").diagnosis == "parse-error"


# ---- the shape of every exercise --------------------------------------------------------


@settings(max_examples=40, deadline=None)
@given(skill=st.sampled_from(SKILLS), seed=seeds, difficulty=difficulties)
def test_exercise_is_complete(skill: str, seed: int, difficulty: int) -> None:
    ex = exercise(skill, difficulty, seed)
    assert ex.id == f"{skill}:{difficulty}:{seed}"
    json.dumps(ex.data)
    assert 1 <= len(ex.hints) <= 3
    assert "$" in ex.prompt and "$" not in ex.text
    assert ex.solution.count("$") >= 2
    if "P" in ex.data:  # joint tables are drawn as grids with the values as headers
        assert "X ∖ Y" in ex.text and "│" in ex.text
    codes = [m.code for m in ex.misconceptions]
    assert len(codes) == len(set(codes))
    assert all(m.answer != ex.expected for m in ex.misconceptions)


def test_difficulties_differ() -> None:
    """Tables grow, and the questions change from reading off to several steps."""
    for skill in ("probability.joint-marginal", "probability.independence"):
        sizes = {
            d: max(
                len(table(exercise(skill, d, s))) * len(table(exercise(skill, d, s))[0])
                for s in range(20)
            )
            for d in (1, 2, 3)
        }
        assert sizes[1] < sizes[3], (skill, sizes)
    asks = {
        d: {exercise("probability.covariance", d, s).data["ask"] for s in range(40)}
        for d in (1, 2, 3)
    }
    assert asks[1] == {"covariance"}
    assert asks[2] == {"correlation", "combination", "given"}
    assert asks[3] == {"linear-map", "combination"}
    mle = {
        d: {exercise("probability.maximum-likelihood", d, s).data["ask"] for s in range(40)}
        for d in (1, 2, 3)
    }
    assert mle[1] == {"bernoulli", "poisson"}
    assert "gaussian-sd" in mle[3] and "bernoulli" not in mle[3]


def test_traps_appear() -> None:
    """The catalogued mistakes the brief asks for really occur."""

    def codes(skill: str, difficulty: int) -> set[str]:
        return {m.code for s in range(60) for m in exercise(skill, difficulty, s).misconceptions}

    assert "misconception:one-cell" in codes("probability.independence", 2)
    assert "misconception:one-cell" in codes("probability.independence", 3)
    assert not codes("probability.independence", 1)  # in a 2×2 table one cell decides
    assert "misconception:missing-covariance" in codes("probability.covariance", 2)
    assert "misconception:missing-covariance" in codes("probability.covariance", 3)
    assert "misconception:bessel" in codes("probability.sample-statistics", 2)
    assert "misconception:unbiased-for-mle" in codes("probability.maximum-likelihood", 3)
    assert "misconception:mean-for-rate" in codes("probability.maximum-likelihood", 2)
