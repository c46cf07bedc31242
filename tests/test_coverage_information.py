"""The information skills added for full coverage of the map (information inequalities,
entropy bounds, the entropy of the Gaussian, the Gaussian as maximum-entropy density, the
maximum-entropy principle, feature selection by mutual information) and the KL
divergence between two Gaussians.

Each expected answer is recomputed from ``ex.data`` by an oracle written here (NumPy
entropies, SciPy's distributions, numerical integration, constrained optimisation with
SciPy, Monte-Carlo estimates), never through the generator's code; the checker accepts
the answer and names each catalogued mistake; no answer is guessable."""

from __future__ import annotations

import math
import re
from collections import Counter
from fractions import Fraction

import numpy as np
import pytest
import scipy.integrate
import scipy.optimize
import scipy.special
import scipy.stats
from hypothesis import given, settings
from hypothesis import strategies as st

from dlmath.checker import check_answer
from dlmath.exercises import exercise
from judging import assert_accepted, assert_misconceptions_named, oracle_test
from oracle_values import value_of


def fr(v) -> Fraction:
    return Fraction(str(v))


def probs(values) -> np.ndarray:
    return np.array([float(fr(v)) for v in values])


def bits(p: np.ndarray) -> float:
    p = p[p > 0]
    return float(-(p * np.log2(p)).sum())


# ---- information.inequalities ------------------------------------------------------------


def oracle_inequalities(ex) -> None:
    d = ex.data
    got = value_of(ex.expected)
    if ex.difficulty == 1:
        # maximise H(X, Y) over joint tables with the given marginals
        px, py = probs(d["px"]), probs(d["py"])
        kx, ky = len(px), len(py)

        def negative_entropy(flat):
            q = np.clip(flat, 1e-15, 1)
            return float((q * np.log2(q)).sum())

        constraints = [
            {"type": "eq", "fun": lambda f, i=i: f.reshape(kx, ky)[i].sum() - px[i]}
            for i in range(kx)
        ] + [
            {"type": "eq", "fun": lambda f, j=j: f.reshape(kx, ky)[:, j].sum() - py[j]}
            for j in range(ky - 1)
        ]
        start = np.random.default_rng(ex.seed).dirichlet(np.ones(kx * ky))
        best = scipy.optimize.minimize(
            negative_entropy,
            start,
            bounds=[(0, 1)] * (kx * ky),
            constraints=constraints,
            method="SLSQP",
            options={"ftol": 1e-12, "maxiter": 500},
        )
        assert math.isclose(got, -best.fun, rel_tol=1e-5)
    elif ex.difficulty == 2:
        e1, e2 = float(fr(d["e1"])), float(fr(d["e2"]))
        flip = lambda e: np.array([[1 - e, e], [e, 1 - e]])  # noqa: E731
        joint_xz = 0.5 * flip(e1) @ flip(e2)  # rows x, columns z
        joint_xy = 0.5 * flip(e1)

        def mi(joint):
            return bits(joint.sum(1)) + bits(joint.sum(0)) - bits(joint.ravel())

        assert math.isclose(got, mi(joint_xz), rel_tol=1e-9, abs_tol=1e-12)
        assert got <= mi(joint_xy) + 1e-12  # data processing
    else:
        k, h = d["k"], float(fr(d["h"]))
        assert math.isclose(got, (h - 1) / math.log2(k - 1), rel_tol=1e-12)
        # the strong form h_b(Pe) + Pe log2(k-1) >= H(X|Y) gives a larger (valid) bound
        strong = scipy.optimize.brentq(
            lambda pe: bits(np.array([pe, 1 - pe])) + pe * math.log2(k - 1) - h, 1e-12, 1 - 1 / k
        )
        assert strong >= got - 1e-12


def max_entropy(k: int, fixed: dict[int, float], seed: int, unit_log=np.log2) -> float:
    """The largest entropy of a distribution on k values with some probabilities fixed,
    by SLSQP from a random start."""
    constraints = [{"type": "eq", "fun": lambda q: q.sum() - 1}] + [
        {"type": "eq", "fun": lambda q, i=i, v=v: q[i] - v} for i, v in fixed.items()
    ]
    start = np.random.default_rng(seed).dirichlet(np.ones(k))
    best = scipy.optimize.minimize(
        lambda q: float((np.clip(q, 1e-15, 1) * unit_log(np.clip(q, 1e-15, 1))).sum()),
        start,
        bounds=[(0, 1)] * k,
        constraints=constraints,
        method="SLSQP",
        options={"ftol": 1e-13, "maxiter": 500},
    )
    return -best.fun


def max_entropy_with_mean(values: np.ndarray, mean: float, seed: int) -> np.ndarray:
    """The distribution on ``values`` of largest entropy with the given mean, by SLSQP."""
    constraints = [
        {"type": "eq", "fun": lambda q: q.sum() - 1, "jac": lambda q: np.ones_like(q)},
        {"type": "eq", "fun": lambda q: q @ values - mean, "jac": lambda q: values},
    ]
    start = np.full(len(values), 1 / len(values))
    best = scipy.optimize.minimize(
        lambda q: float((np.clip(q, 1e-300, 1) * np.log(np.clip(q, 1e-300, 1))).sum()),
        start,
        jac=lambda q: np.log(np.clip(q, 1e-300, 1)) + 1,
        bounds=[(0, 1)] * len(values),
        constraints=constraints,
        method="SLSQP",
        options={"ftol": 1e-14, "maxiter": 1000},
    )
    assert best.success, best.message
    return best.x


def oracle_maximum_entropy(ex) -> None:
    d = ex.data
    got = value_of(ex.expected)
    if ex.difficulty == 1:
        k, size, mass = d["k"], d["size"], float(fr(d["mass"]))
        constraints = [
            {"type": "eq", "fun": lambda q: q.sum() - 1},
            {"type": "eq", "fun": lambda q: q[:size].sum() - mass},
        ]
        start = np.random.default_rng(ex.seed).dirichlet(np.ones(k))
        best = scipy.optimize.minimize(
            lambda q: float((np.clip(q, 1e-15, 1) * np.log(np.clip(q, 1e-15, 1))).sum()),
            start,
            bounds=[(0, 1)] * k,
            constraints=constraints,
            method="SLSQP",
            options={"ftol": 1e-14, "maxiter": 500},
        )
        assert math.isclose(got, best.x[d["j"] - 1], rel_tol=1e-4)
    elif ex.difficulty == 2:
        q = max_entropy_with_mean(np.arange(3.0), float(fr(d["mean"])), ex.seed)
        assert math.isclose(got, q[d["j"]], rel_tol=1e-4)
    elif d["support"] == "counts":
        # the convex dual: minimise log Z(λ) + λ·mean over λ, Z = Σ_k e^{-λk} (k < 2000)
        mean, ks = float(fr(d["mean"])), np.arange(2000.0)
        dual = scipy.optimize.minimize_scalar(
            lambda lam: scipy.special.logsumexp(-lam * ks) + lam * mean,
            bounds=(1e-6, 20),
            method="bounded",
            options={"xatol": 1e-12},
        )
        q = np.exp(-dual.x * ks - scipy.special.logsumexp(-dual.x * ks))
        assert math.isclose(q @ ks, mean, rel_tol=1e-6)
        assert math.isclose(got, q[d["j"]], rel_tol=1e-5)
        h = scipy.stats.entropy(q)
        assert h > scipy.stats.poisson(mean).entropy()
        assert (
            h
            > scipy.stats.binom(
                int(np.ceil(2 * mean)) + 1, mean / (np.ceil(2 * mean) + 1)
            ).entropy()
        )
    else:
        mean, t = float(fr(d["mean"])), float(fr(d["t"]))
        best = scipy.stats.expon(scale=mean)
        assert math.isclose(got, best.pdf(t), rel_tol=1e-12)
        for other in (  # other densities on [0, inf) with this mean have less entropy
            scipy.stats.gamma(2, scale=mean / 2),
            scipy.stats.uniform(0, 2 * mean),
            scipy.stats.halfnorm(scale=mean * math.sqrt(math.pi / 2)),
            scipy.stats.weibull_min(1.5, scale=mean / math.gamma(1 + 1 / 1.5)),
        ):
            assert math.isclose(other.mean(), mean) and other.entropy() < best.entropy()


def oracle_discrete_entropy_bounds(ex) -> None:
    d = ex.data
    got = value_of(ex.expected)
    if ex.difficulty == 1:
        log = np.log2 if d["unit"] == "bits" else np.log
        assert math.isclose(got, max_entropy(d["k"], {}, ex.seed, log), rel_tol=1e-6)
    elif ex.difficulty == 2:
        p = probs(d["p"])
        assert math.isclose(got, math.log2(len(p)) - scipy.stats.entropy(p, base=2), rel_tol=1e-9)
        uniform = np.full(len(p), 1 / len(p))
        assert math.isclose(got, scipy.stats.entropy(p, uniform, base=2), rel_tol=1e-9)
    else:
        want = max_entropy(d["k"], {0: float(fr(d["p0"]))}, ex.seed)
        assert math.isclose(got, want, rel_tol=1e-6)


def oracle_gaussian_entropy(ex) -> None:
    d = ex.data
    got = value_of(ex.expected)
    if ex.difficulty == 1:
        var = float(fr(d["variance"]))
        dist = scipy.stats.norm(d["mu"], math.sqrt(var))
        assert math.isclose(got, dist.entropy(), rel_tol=1e-10)
        sample = dist.rvs(size=200_000, random_state=ex.seed)
        assert abs(-dist.logpdf(sample).mean() - got) < 0.02  # h = -E log p
    elif ex.difficulty == 2:
        want = scipy.stats.multivariate_normal(cov=np.array(d["Sigma"], float)).entropy()
        assert math.isclose(got, want, rel_tol=1e-10)
    elif d["ask"] == "linear-map":
        a, cov = np.array(d["A"], float), np.array(d["Sigma"], float)
        want = scipy.stats.multivariate_normal(cov=a @ cov @ a.T).entropy()
        assert math.isclose(got, want, rel_tol=1e-10)
    else:
        cov = np.array(d["Sigma"], float)
        hx = scipy.stats.norm(0, math.sqrt(cov[0, 0])).entropy()
        hy = scipy.stats.norm(0, math.sqrt(cov[1, 1])).entropy()
        hxy = scipy.stats.multivariate_normal(cov=cov).entropy()
        assert math.isclose(got, hx + hy - hxy, rel_tol=1e-9)


def scipy_density(d):
    param, start = float(fr(d["param"])), d["start"]
    if d["family"] == "uniform":
        return scipy.stats.uniform(start, param)
    if d["family"] == "exponential":
        return scipy.stats.expon(scale=1 / param)
    return scipy.stats.laplace(start, param)


def oracle_gaussian_max_entropy(ex) -> None:
    d = ex.data
    got = value_of(ex.expected)
    if ex.difficulty == 1:
        var = float(fr(d["variance"]))
        want = scipy.stats.norm(d["mean"], math.sqrt(var)).entropy()
        assert math.isclose(got, want, rel_tol=1e-10)
        sd = math.sqrt(var)  # other densities with this variance have less entropy
        for other in (
            scipy.stats.uniform(0, sd * math.sqrt(12)),
            scipy.stats.laplace(0, sd / math.sqrt(2)),
            scipy.stats.logistic(0, sd * math.sqrt(3) / math.pi),
        ):
            assert math.isclose(other.var(), var) and other.entropy() < got
        return
    p = scipy_density(d)
    if ex.difficulty == 2:
        want = scipy.stats.norm(0, math.sqrt(p.var())).entropy()
        assert math.isclose(got, want, rel_tol=1e-10)
        assert p.entropy() < got
        return
    q = scipy.stats.norm(d["m"], math.sqrt(float(fr(d["s2"]))))
    lo, hi = p.support()
    lo, hi = max(lo, p.mean() - 60 * p.std()), min(hi, p.mean() + 60 * p.std())
    breaks = [x for x in (d["start"],) if lo < x < hi]
    kl = scipy.integrate.quad(
        lambda x: p.pdf(x) * (p.logpdf(x) - q.logpdf(x)), lo, hi, points=breaks or None, limit=200
    )[0]
    assert math.isclose(got, kl, rel_tol=1e-7, abs_tol=1e-9)


def oracle_feature_selection(ex) -> None:
    d = ex.data
    if ex.difficulty == 1:
        joint = np.array(d["counts"], float)
        joint /= joint.sum()
        pf, pc = joint.sum(1, keepdims=True), joint.sum(0, keepdims=True)
        mask = joint > 0
        mi = float((joint[mask] * np.log2(joint[mask] / (pf @ pc)[mask])).sum())
        assert math.isclose(value_of(ex.expected), mi, rel_tol=1e-9, abs_tol=1e-12)
    elif ex.difficulty == 2:
        want = float(fr(d["relevance"])) - np.mean([float(fr(r)) for r in d["redundancies"]])
        assert math.isclose(value_of(ex.expected), want, rel_tol=1e-12, abs_tol=1e-12)
    else:
        rel = probs(d["relevance"])
        mi = np.array([[float(fr(v)) for v in row] for row in d["mi"]])
        chosen = [int(np.argmax(rel))]
        while len(chosen) < 3:
            score = rel - mi[:, chosen].mean(axis=1)
            score[chosen] = -np.inf
            chosen.append(int(np.argmax(score)))
            assert np.sort(score)[-2] < score[chosen[-1]] - 1e-9  # no tie
        assert ex.expected == ", ".join(str(i + 1) for i in chosen)


def kl_by_quadrature(p, q) -> float:
    lo, hi = p.mean() - 40 * p.std(), p.mean() + 40 * p.std()
    return scipy.integrate.quad(
        lambda x: p.pdf(x) * (p.logpdf(x) - q.logpdf(x)), lo, hi, limit=200
    )[0]


def oracle_gaussian_kl(ex) -> None:
    d = ex.data
    got = value_of(ex.expected)
    if ex.difficulty in (1, 2):
        p = scipy.stats.norm(d["m1"], math.sqrt(d["v1"]))
        q = scipy.stats.norm(d["m2"], math.sqrt(d["v2"]))
        assert math.isclose(got, kl_by_quadrature(p, q), rel_tol=1e-7, abs_tol=1e-10)
    else:
        mus, vs = probs(d["mu"]), probs(d["var"])
        per_dim = [
            kl_by_quadrature(scipy.stats.norm(m, math.sqrt(v)), scipy.stats.norm(0, 1))
            for m, v in zip(mus, vs, strict=True)
        ]
        assert math.isclose(got, sum(per_dim), rel_tol=1e-7, abs_tol=1e-10)
        q = scipy.stats.multivariate_normal(mus, np.diag(vs))
        z = q.rvs(size=100_000, random_state=ex.seed)
        estimate = np.mean(
            q.logpdf(z) - scipy.stats.multivariate_normal(np.zeros(len(mus))).logpdf(z)
        )
        assert abs(estimate - got) < 0.05 + 0.02 * got


def oracle_label_smoothing(ex) -> None:
    d = ex.data
    got = value_of(ex.expected)
    if ex.difficulty == 1:
        k, eps = d["k"], float(fr(d["eps"]))
        target = (1 - eps) * np.eye(k)[0] + eps / k
        assert math.isclose(target.sum(), 1.0)
        assert math.isclose(got, target[0] if d["true"] else target[1], rel_tol=1e-12)
    elif ex.difficulty == 2:
        p, eps = probs(d["p"]), float(fr(d["eps"]))
        k = len(p)
        target = (1 - eps) * np.eye(k)[d["true"]] + eps / k
        assert math.isclose(got, float(-(target * np.log(p)).sum()), rel_tol=1e-12)
    else:
        k, eps = d["k"], float(fr(d["eps"]))
        target = np.full(k, eps / k)
        target[0] += 1 - eps

        def loss(z):
            return float(-(target * scipy.special.log_softmax(z)).sum())

        def grad(z):
            return scipy.special.softmax(z) - target

        best = scipy.optimize.minimize(
            loss, np.zeros(k), jac=grad, method="BFGS", options={"gtol": 1e-12}
        )
        gap = best.x[0] - np.delete(best.x, 0)
        assert np.allclose(gap, gap[0], atol=1e-5)
        assert math.isclose(got, gap[0], rel_tol=1e-5)


ORACLES = {
    "information.label-smoothing": oracle_label_smoothing,
    "information.gaussian-kl": oracle_gaussian_kl,
    "information.feature-selection": oracle_feature_selection,
    "information.maximum-entropy": oracle_maximum_entropy,
    "information.gaussian-max-entropy": oracle_gaussian_max_entropy,
    "information.gaussian-entropy": oracle_gaussian_entropy,
    "information.discrete-entropy-bounds": oracle_discrete_entropy_bounds,
    "information.inequalities": oracle_inequalities,
}
SKILLS = sorted(ORACLES)


test_expected_answers_equal_the_oracle = oracle_test(ORACLES, examples=60)


@pytest.mark.parametrize("skill", SKILLS)
def test_the_checker_accepts_the_answer_and_names_each_mistake(skill: str) -> None:
    @settings(max_examples=30, deadline=None)
    @given(seed=st.integers(0, 10**6), difficulty=st.sampled_from([1, 2, 3]))
    def run(seed: int, difficulty: int) -> None:
        ex = exercise(skill, difficulty, seed)
        forms = [f"{value_of(ex.expected):.9f}"] if ex.kind == "number" else []
        assert_accepted(ex, [ex.expected, *forms])
        assert all(m.code.startswith("misconception:") for m in ex.misconceptions)
        assert_misconceptions_named(ex)
        assert check_answer(ex, "12345").correct is False
        if ex.kind == "sequence":
            flipped = ", ".join(reversed(ex.expected.split(", ")))
            assert check_answer(ex, flipped).correct is False

    run()


@pytest.mark.parametrize("skill", SKILLS)
def test_no_answer_is_guessable_and_levels_differ(skill: str) -> None:
    asked = {}
    for difficulty in (1, 2, 3):
        exs = [exercise(skill, difficulty, seed) for seed in range(100)]
        top = Counter(ex.expected for ex in exs).most_common(1)[0][1]
        assert top <= 40, (skill, difficulty, top)
        assert all(ex == exercise(skill, difficulty, ex.seed) for ex in exs[:5])
        asked[difficulty] = {question(ex) for ex in exs}
    assert asked[1].isdisjoint(asked[2]) and asked[2].isdisjoint(asked[3])
    assert asked[1].isdisjoint(asked[3])


def question(ex) -> str:
    """The question of an exercise without its numbers: what the level asks."""
    return re.sub(r"-?\d+(/\d+)?", "#", ex.prompt.strip().splitlines()[-1])
