"""One-variable probability generators: every expected answer against an oracle written
here from ``ex.data`` alone (enumeration with itertools and Fraction, scipy.stats, SymPy
on expressions built from the data, Monte-Carlo simulation with a fixed seed), the
checker's view of other written forms and of each catalogued misconception, and
determinism of ids."""

from __future__ import annotations

import itertools
from fractions import Fraction
from math import comb

import numpy as np
import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from dlmath.checker import check_answer
from dlmath.checker.answers import exact_value, float_value
from dlmath.exercises import exercise
from judging import assert_accepted, assert_misconceptions_named

seeds = st.integers(0, 10**6)
difficulties = st.sampled_from([1, 2, 3])


def exact(text: str) -> Fraction:
    rows = exact_value(text)
    assert rows is not None, text
    return rows[0][0]


def value(text: str) -> float:
    return float(float_value(text)[0][0])


# ---- oracles ---------------------------------------------------------------------------

DECK = [(rank, suit) for rank in range(1, 14) for suit in ("hearts", "diamonds", "clubs", "spades")]
RANK_NUMBER = {"A": 1, "J": 11, "Q": 12, "K": 13} | {str(k): k for k in range(2, 11)}


def space_of(data) -> list[tuple]:
    n = data["n"]
    if data["space"] == "dice":
        return list(itertools.product([1, 2, 3, 4, 5, 6], repeat=n))
    if data["space"] == "coins":
        return list(itertools.product([1, 0], repeat=n))  # 1 = heads
    return list(itertools.combinations(DECK, n))


def compare(op: str, left: int, right: int) -> bool:
    return {"=": left == right, ">=": left >= right, "<=": left <= right}[op]


def occurs(event, outcome, space: str) -> bool:
    kind = event["kind"]
    if kind == "or":
        return any(occurs(e, outcome, space) for e in event["events"])
    if kind == "die":
        return (outcome[event["index"]] % 2 == 0) == (event["parity"] == "even")
    if kind == "sum":
        measured = sum(outcome)
    elif kind == "face":
        measured = sum(1 for x in outcome if x == event["face"])
    elif kind == "heads":
        measured = sum(outcome)
    elif kind == "suit":
        measured = sum(1 for card in outcome if card[1] == event["suit"])
    else:
        wanted = {RANK_NUMBER[r] for r in event["ranks"]}
        measured = sum(1 for card in outcome if card[0] in wanted)
    return compare(event["op"], measured, event["value"])


def oracle_sample_spaces(ex) -> Fraction:
    outcomes = space_of(ex.data)
    hits = sum(1 for o in outcomes if occurs(ex.data["event"], o, ex.data["space"]))
    return Fraction(hits, len(outcomes))


def table_mask(counts: np.ndarray, event) -> np.ndarray:
    mask = np.zeros(counts.shape, dtype=bool)
    if event["axis"] == "row":
        mask[event["index"], :] = True
    else:
        mask[:, event["index"]] = True
    return ~mask if event.get("negate") else mask


def oracle_conditional(ex):
    counts = np.array(ex.data["counts"], dtype=np.int64)
    if ex.data["ask"] == "independent":
        a, b = (table_mask(counts, e) for e in ex.data["events"])
        total = int(counts.sum())
        p_a, p_b = Fraction(int(counts[a].sum()), total), Fraction(int(counts[b].sum()), total)
        p_ab = Fraction(int(counts[a & b].sum()), total)
        return "true" if p_ab == p_a * p_b else "false"
    target, given_ = table_mask(counts, ex.data["event"]), table_mask(counts, ex.data["given"])
    return Fraction(int(counts[target & given_].sum()), int(counts[given_].sum()))


def bayes_joint(data) -> dict[tuple, Fraction]:
    """P(hypothesis, observation) for every pair, by enumerating the story's tree."""
    if data["ask"] == "source":
        shares = [Fraction(w) for w in data["shares"]]
        rates = [Fraction(d) for d in data["defect_rates"]]
        return {
            (m, broken): w * (d if broken else 1 - d)
            for m, (w, d) in enumerate(zip(shares, rates, strict=True))
            for broken in (True, False)
        }
    prior, sens, fpr = (Fraction(data[k]) for k in ("prior", "sensitivity", "false_positive_rate"))
    tests = 2 if data["ask"] == "two-positive" else 1
    out = {}
    for ill in (True, False):
        p_pos = sens if ill else fpr
        for results in itertools.product((True, False), repeat=tests):
            p = prior if ill else 1 - prior
            for r in results:
                p *= p_pos if r else 1 - p_pos
            out[(ill, results)] = p
    return out


def bayes_question(data):
    """(is the hypothesis true?, was this observed?) predicates for the asked posterior."""
    ask = data["ask"]
    if ask == "source":
        return (lambda key: key[0] == data["source"]), (lambda key: key[1])
    observed = {
        "positive": (True,),
        "negative": (False,),
        "healthy-given-positive": (True,),
        "two-positive": (True, True),
    }[ask]
    wants_ill = ask != "healthy-given-positive"
    return (lambda key: key[0] == wants_ill), (lambda key: key[1] == observed)


def oracle_bayes(ex) -> Fraction:
    joint = bayes_joint(ex.data)
    hypothesis, seen = bayes_question(ex.data)
    evidence = sum(p for key, p in joint.items() if seen(key))
    both = sum(p for key, p in joint.items() if seen(key) and hypothesis(key))
    return both / evidence


def oracle_random_variables(ex) -> Fraction:
    d = ex.data
    if d["shown"] == "cdf":
        cdf = [Fraction(c) for c in d["cdf"]]
        pmf = [b - a for a, b in zip([Fraction(0), *cdf], cdf, strict=False)]
    else:
        pmf = [Fraction(p) for p in d["pmf"]]
    assert sum(pmf) == 1 and all(p > 0 for p in pmf)

    def inside(v: int) -> bool:
        if d["low"] is not None and (v < d["low"] or (v == d["low"] and not d["low_inclusive"])):
            return False
        return d["high"] is None or v < d["high"] or (v == d["high"] and d["high_inclusive"])

    truth = sum((p for v, p in zip(d["values"], pmf, strict=True) if inside(v)), Fraction(0))
    dist = stats.rv_discrete(values=(d["values"], [float(p) for p in pmf]))
    if d["low"] is None and d["high_inclusive"]:
        assert abs(dist.cdf(d["high"]) - float(truth)) < 1e-12
    return truth


def oracle_pmf_pdf(ex) -> Fraction | float:
    d = ex.data
    if d["family"] == "discrete":
        return Fraction(1, sum(d["weights"]))
    x, c = sympy.Symbol("x", positive=True), sympy.Symbol("c", positive=True)
    if d["family"] == "exponential":
        rate, t = sympy.Rational(d["rate"]), sympy.Rational(d["t"])
        density = c * sympy.exp(-rate * x)
        c_value = sympy.solve(sympy.integrate(density, (x, 0, sympy.oo)) - 1, c)[0]
        return float(sympy.integrate(density.subs(c, c_value), (x, t, sympy.oo)))
    density = c * x ** d["n"]
    c_value = sympy.solve(sympy.integrate(density, (x, 0, d["b"])) - 1, c)[0]
    if d["ask"] == "constant":
        return Fraction(str(c_value))
    lo, hi = (sympy.Rational(v) for v in d["interval"])
    return Fraction(str(sympy.integrate(density.subs(c, c_value), (x, lo, hi))))


def g_of(d):
    name, params = d["g"], d.get("g_params", [])
    return {
        "identity": lambda v: Fraction(v),
        "square": lambda v: Fraction(v) ** 2,
        "shifted-square": lambda v: (Fraction(v) - params[0]) ** 2,
        "power-of-two": lambda v: Fraction(2) ** v,
        "quadratic": lambda v: params[0] * Fraction(v) ** 2 + params[1] * Fraction(v),
    }[name]


def oracle_expectation(ex) -> Fraction:
    d = ex.data
    if "family" in d:
        x = sympy.Symbol("x", positive=True)
        c = sympy.Rational(d["c"])
        density = c * x ** d["n"]
        assert sympy.integrate(density, (x, 0, d["b"])) == 1
        return Fraction(str(sympy.integrate(x ** d["moment"] * density, (x, 0, d["b"]))))
    g = g_of(d)
    probs = [Fraction(p) for p in d["pmf"]]
    return sum((g(v) * p for v, p in zip(d["values"], probs, strict=True)), Fraction(0))


def oracle_variance(ex) -> Fraction:
    d = ex.data
    scale = Fraction(d.get("a", 1)) ** 2
    if "values" in d:
        probs = [Fraction(p) for p in d["pmf"]]
        mean = sum((v * p for v, p in zip(d["values"], probs, strict=True)), Fraction(0))
        var = sum(
            ((v - mean) ** 2 * p for v, p in zip(d["values"], probs, strict=True)), Fraction(0)
        )
        dist = stats.rv_discrete(values=(d["values"], [float(p) for p in probs]))
        assert abs(dist.var() - float(var)) < 1e-9
        return scale * var
    if "variance" in d:
        return scale * Fraction(d["variance"])
    return scale * (Fraction(d["second_moment"]) - d["mean"] ** 2)


def oracle_common(ex) -> float | Fraction:
    d, family, ask = ex.data, ex.data["family"], ex.data["ask"]
    if family == "binomial":
        dist = stats.binom(d["n"], float(Fraction(d["p"])))
        exact_pmf = {
            k: Fraction(comb(d["n"], k))
            * Fraction(d["p"]) ** k
            * (1 - Fraction(d["p"])) ** (d["n"] - k)
            for k in range(d["n"] + 1)
        }
        truth = {
            "variance": dist.var(),
            "pmf": dist.pmf(d.get("k", 0)),
            "at-least-one": dist.sf(0),
        }[ask]
        exact_truth = {
            "pmf": exact_pmf.get(d.get("k")),
            "at-least-one": 1 - exact_pmf[0],
        }.get(ask)
        if exact_truth is not None:
            assert abs(float(exact_truth) - truth) < 1e-12
            return exact_truth
        return truth
    if family == "geometric":
        dist = stats.geom(float(Fraction(d["p"])))  # trials up to and including the success
        k = d.get("k", 1)
        return {"mean": dist.mean(), "pmf": dist.pmf(k), "tail": dist.sf(k)}[ask]
    if family == "poisson":
        dist = stats.poisson(d["lambda"])
        return {
            "variance": dist.var(),
            "pmf": dist.pmf(d.get("k", 0)),
            "cdf": dist.cdf(d.get("k", 0)),
        }[ask]
    if family == "uniform":
        dist = stats.uniform(loc=d["a"], scale=d["b"] - d["a"])
        if ask == "variance":
            return dist.var()
        return dist.cdf(d["high"]) - dist.cdf(d["low"])
    if family == "exponential":
        dist = stats.expon(scale=1 / float(Fraction(d["rate"])))
        if ask in ("mean", "variance"):
            return {"mean": dist.mean(), "variance": dist.var()}[ask]
        if ask == "tail":
            return dist.sf(d["t"])
        return dist.cdf(d["high"]) - dist.cdf(d["low"])
    dist = stats.norm(d["mean"], np.sqrt(d["variance"]))
    if ask == "standardise":
        # z is the standard-normal point with the same CDF value
        return stats.norm.ppf(dist.cdf(float(Fraction(d["x"]))))
    k, sd = d["k"], np.sqrt(d["variance"])
    return dist.cdf(d["mean"] + k * sd) - dist.cdf(d["mean"] - k * sd)


ORACLES = {
    "probability.sample-spaces": oracle_sample_spaces,
    "probability.conditional": oracle_conditional,
    "probability.bayes-rule": oracle_bayes,
    "probability.random-variables": oracle_random_variables,
    "probability.pmf-pdf": oracle_pmf_pdf,
    "probability.expectation": oracle_expectation,
    "probability.variance": oracle_variance,
    "probability.common-distributions": oracle_common,
}
SKILLS = sorted(ORACLES)


# ---- the properties ------------------------------------------------------------------------


def _check_expected(ex) -> None:
    truth = ORACLES[ex.skill](ex)
    if ex.kind == "boolean":
        assert ex.expected == truth
    elif isinstance(truth, Fraction):
        assert exact(ex.expected) == truth, (ex.id, ex.expected, truth)
    else:
        # floating oracles (scipy.stats, SymPy numerics); a stated tolerance covers a
        # decimal expected answer written to 6 places
        gap = 1e-6 if ex.tolerance is not None else 1e-9
        assert abs(value(ex.expected) - float(truth)) <= gap * max(1.0, abs(float(truth))), (
            ex.id,
            ex.expected,
            truth,
        )


@pytest.mark.parametrize("skill", SKILLS)
@settings(max_examples=40)
@given(seed=seeds, difficulty=difficulties)
def test_expected_answer_matches_the_oracle(skill: str, seed: int, difficulty: int) -> None:
    _check_expected(exercise(skill, difficulty, seed))


def other_forms(ex) -> list[str]:
    """The expected answer written another way: a decimal, an unreduced fraction."""
    if ex.kind == "boolean":
        return [ex.expected.upper(), "yes" if ex.expected == "true" else "no"]
    x = value(ex.expected)
    forms = [f"{x:.6f}"]
    rows = exact_value(ex.expected)
    if rows is not None and rows[0][0].denominator != 1:
        f = rows[0][0]
        forms.append(f"{3 * f.numerator}/{3 * f.denominator}")
    return forms


@pytest.mark.parametrize("skill", SKILLS)
@settings(max_examples=25)
@given(seed=seeds, difficulty=difficulties)
def test_checker_accepts_forms_and_names_misconceptions(
    skill: str, seed: int, difficulty: int
) -> None:
    ex = exercise(skill, difficulty, seed)
    assert_accepted(ex, [ex.expected, *other_forms(ex)])
    assert_misconceptions_named(ex)


# ---- simulation: a second, independent check where a story is simulated ------------------


@settings(max_examples=10)
@given(seed=seeds, difficulty=difficulties)
def test_bayes_posterior_by_simulation(seed: int, difficulty: int) -> None:
    ex = exercise("probability.bayes-rule", difficulty, seed)
    rng = np.random.default_rng(12345)
    n = 400_000
    d = ex.data
    if d["ask"] == "source":
        shares = np.array([float(Fraction(w)) for w in d["shares"]])
        rates = np.array([float(Fraction(r)) for r in d["defect_rates"]])
        machine = rng.choice(3, size=n, p=shares / shares.sum())
        broken = rng.random(n) < rates[machine]
        hit, seen = machine == d["source"], broken
    else:
        prior, sens, fpr = (
            float(Fraction(d[k])) for k in ("prior", "sensitivity", "false_positive_rate")
        )
        ill = rng.random(n) < prior
        rate = np.where(ill, sens, fpr)
        first, second = rng.random(n) < rate, rng.random(n) < rate
        seen = {
            "positive": first,
            "negative": ~first,
            "healthy-given-positive": first,
            "two-positive": first & second,
        }[d["ask"]]
        hit = ~ill if d["ask"] == "healthy-given-positive" else ill
    estimate = hit[seen].mean()
    expected = value(ex.expected)
    se = np.sqrt(expected * (1 - expected) / seen.sum())
    assert abs(estimate - expected) <= 5 * se + 1e-9, (ex.id, estimate, expected)


def test_difficulties_differ_in_substance() -> None:
    spaces = {exercise("probability.sample-spaces", 3, s).data["space"] for s in range(30)}
    assert "cards" in spaces
    assert all(exercise("probability.conditional", 3, s).kind == "boolean" for s in range(10))
    sizes = {len(exercise("probability.conditional", 2, s).data["counts"]) for s in range(10)}
    assert sizes == {3}
    asks = {exercise("probability.bayes-rule", 3, s).data["ask"] for s in range(30)}
    assert asks == {"two-positive", "source"}


@settings(max_examples=10)
@given(seed=seeds, difficulty=st.sampled_from([1, 2]))
def test_expectation_by_simulation(seed: int, difficulty: int) -> None:
    ex = exercise("probability.expectation", difficulty, seed)
    d = ex.data
    probs = np.array([float(Fraction(p)) for p in d["pmf"]])
    draws = np.random.default_rng(2024).choice(d["values"], size=200_000, p=probs / probs.sum())
    g = np.vectorize(lambda v: float(g_of(d)(int(v))))
    samples = g(draws)
    expected = value(ex.expected)
    se = samples.std() / np.sqrt(len(samples))
    assert abs(samples.mean() - expected) <= 5 * se + 1e-9, (ex.id, samples.mean(), expected)


def test_normal_probabilities_accept_rounded_decimals() -> None:
    found = 0
    for seed in range(200):
        ex = exercise("probability.common-distributions", 3, seed)
        if ex.data.get("ask") != "within":
            continue
        found += 1
        truth = 2 * stats.norm.cdf(ex.data["k"]) - 1
        for digits in (2, 3, 4):
            assert check_answer(ex, f"{truth:.{digits}f}").correct, (ex.id, digits)
        assert not check_answer(ex, f"{stats.norm.cdf(ex.data['k']):.3f}").correct
    assert found >= 3
