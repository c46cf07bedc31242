"""The probability skills added for full coverage of the map (conditional expectation,
the multivariate Gaussian, tail inequalities, the law of large numbers, the central limit
theorem, Bayesian inference) and the probability for models (MLE and MAP, the
reparameterisation trick, the ELBO, initialisation variance, exploding and vanishing
products).

Each expected answer is recomputed from ``ex.data`` by an oracle written here (exact
enumeration with Fraction, NumPy, SciPy integration and optimisation, Monte-Carlo
simulation, finite differences), never through the generator's code; the checker accepts
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

F = Fraction


def fr(v) -> Fraction:
    return Fraction(str(v))


# ---- probability.conditional-expectation -------------------------------------------------


def oracle_conditional_expectation(ex) -> None:
    d = ex.data
    if ex.difficulty == 1:
        p = np.array([[float(fr(v)) for v in row] for row in d["P"]])
        column = p[:, d["y"]]
        want = float(np.dot(d["X"], column) / column.sum())
        assert math.isclose(value_of(ex.expected), want, rel_tol=1e-12, abs_tol=1e-12)
        assert np.isclose(p.sum(), 1.0)
    elif ex.difficulty == 2:
        probs = [fr(v) for v in d["probs"]]
        means = list(d["means"])
        means[d["missing"]] = fr(ex.expected)
        assert sum(probs) == 1
        assert sum(p * m for p, m in zip(probs, means, strict=True)) == fr(d["total"])
    else:
        # a mixture of two-point components m ± √v: its variance straight from the support
        probs = np.array([float(fr(v)) for v in d["probs"]])
        support, weights = [], []
        for p, m, v in zip(probs, d["means"], d["variances"], strict=True):
            support += [m - math.sqrt(v), m + math.sqrt(v)]
            weights += [p / 2, p / 2]
        mean = np.average(support, weights=weights)
        want = np.average((np.array(support) - mean) ** 2, weights=weights)
        assert math.isclose(value_of(ex.expected), want, rel_tol=1e-9)


def oracle_multivariate_gaussian(ex) -> None:
    d = ex.data
    mu, cov = np.array(d["mu"], float), np.array(d["Sigma"], float)
    assert np.all(np.linalg.eigvalsh(cov) > 0)
    got = value_of(ex.expected)
    if ex.difficulty == 1:
        a = np.array(d["a"], float)
        rng = np.random.default_rng(ex.seed)
        sample = rng.multivariate_normal(mu, cov, size=200_000) @ a + d["c"]
        assert math.isclose(got, a @ cov @ a, rel_tol=1e-12)
        assert abs(sample.var() - got) < 0.03 * got + 0.05
    elif ex.difficulty == 2:
        # E[X1 | X2 = x2] and Var(X1 | X2 = x2) by integrating the joint density over x1
        pdf = scipy.stats.multivariate_normal(mu, cov).pdf
        x2 = d["x2"]
        lo, hi = mu[0] - 40, mu[0] + 40
        mass = scipy.integrate.quad(lambda t: pdf([t, x2]), lo, hi, points=[mu[0]])[0]
        m1 = scipy.integrate.quad(lambda t: t * pdf([t, x2]), lo, hi, points=[mu[0]])[0] / mass
        if d["ask"] == "mean":
            assert math.isclose(got, m1, rel_tol=1e-7, abs_tol=1e-7)
        else:
            var = scipy.integrate.quad(lambda t: (t - m1) ** 2 * pdf([t, x2]), lo, hi)[0] / mass
            assert math.isclose(got, var, rel_tol=1e-7)
    else:
        want = scipy.stats.multivariate_normal(mu, cov).pdf(d["x"])
        assert math.isclose(got, want, rel_tol=1e-10)


def oracle_inequalities(ex) -> None:
    """The answer is a valid bound and the tightest one: a distribution with the given
    facts reaches it (the two- and three-point extremal laws, built here)."""
    d = ex.data
    got = fr(ex.expected)
    if ex.difficulty == 1:
        a, mean = d["a"], d["mean"]
        support, probs = np.array([0.0, a]), np.array([1 - mean / a, mean / a])
        assert math.isclose(support @ probs, mean)
        assert math.isclose(float(got), probs[support >= a].sum())
    elif ex.difficulty == 2:
        mu, var, k = d["mean"], d["variance"], d["k"]
        q = var / (2 * k * k)
        support, probs = np.array([mu - k, mu, mu + k]), np.array([q, 1 - 2 * q, q])
        assert math.isclose(support @ probs, mu, abs_tol=1e-9)
        assert math.isclose(((support - mu) ** 2) @ probs, var)
        far = probs[np.abs(support - mu) >= k].sum()
        assert math.isclose(float(got), 1 - far if d["inside"] else far)
    else:
        values = np.array(d["values"], float)
        probs = np.array([float(fr(p)) for p in d["probs"]])
        var = np.cov(values, aweights=probs, bias=True)
        assert math.isclose(float(got), var / d["k"] ** 2, rel_tol=1e-12)
        truth = probs[np.abs(values - values @ probs) >= d["k"]].sum()
        assert truth <= float(got) + 1e-12  # Chebyshev holds


def oracle_law_of_large_numbers(ex) -> None:
    d = ex.data
    if ex.difficulty == 1:
        # simulate many samples of size n (normal draws with the stated moments)
        rng = np.random.default_rng(ex.seed)
        draws = rng.normal(d["mean"], math.sqrt(d["variance"]), size=(20_000, d["n"]))
        stat = draws.mean(axis=1) if d["of"] == "mean" else draws.sum(axis=1)
        got = float(fr(ex.expected))
        assert abs(stat.var() - got) < 0.05 * got
        assert fr(ex.expected) == (
            F(d["variance"], d["n"]) if d["of"] == "mean" else d["variance"] * d["n"]
        )
    elif ex.difficulty == 2:
        p, n, eps = fr(d["p"]), d["n"], fr(d["eps"])
        xs = np.arange(n + 1) / n
        pmf = scipy.stats.binom.pmf(np.arange(n + 1), n, float(p))
        var_mean = ((xs - float(p)) ** 2) @ pmf
        assert math.isclose(float(fr(ex.expected)), var_mean / float(eps) ** 2, rel_tol=1e-9)
        exact = pmf[np.abs(xs - float(p)) >= float(eps) - 1e-12].sum()
        assert exact <= float(fr(ex.expected))  # the bound holds
    else:
        var, eps, risk = d["variance"], fr(d["eps"]), fr(d["risk"])
        n = int(ex.expected)

        def bound(m: int) -> Fraction:
            return F(var) / (m * eps * eps)

        assert bound(n) <= risk < bound(n - 1) if n > 1 else bound(n) <= risk


def oracle_central_limit_theorem(ex) -> None:
    d = ex.data
    got = value_of(ex.expected)
    if ex.difficulty in (1, 2):
        se = d["sigma"] / math.sqrt(d["n"])
        z = (float(fr(d["xbar"])) - d["mu"]) / se
        if ex.difficulty == 1:
            assert math.isclose(got, z, rel_tol=1e-12)
        else:
            want = scipy.stats.norm.cdf(z) if d["below"] else scipy.stats.norm.sf(z)
            assert abs(got - want) <= 1e-5 * want
            # the approximation is good for a mean of uniform draws with those moments
            rng = np.random.default_rng(ex.seed)
            half = d["sigma"] * math.sqrt(3)
            means = rng.uniform(d["mu"] - half, d["mu"] + half, size=(20_000, d["n"])).mean(axis=1)
            freq = (
                np.mean(means <= float(fr(d["xbar"])))
                if d["below"]
                else np.mean(means >= float(fr(d["xbar"])))
            )
            assert abs(freq - want) < 0.03
    else:
        n, p, k = d["n"], float(fr(d["p"])), d["k"]
        mean, sd = n * p, math.sqrt(n * p * (1 - p))
        want = scipy.stats.norm(mean, sd).cdf(k + 0.5)
        assert abs(got - want) <= 1e-5 * want
        assert abs(scipy.stats.binom.cdf(k, n, p) - want) < 0.02


def oracle_bayesian_inference(ex) -> None:
    d = ex.data
    got = float(fr(ex.expected))
    if ex.difficulty == 2:
        # posterior mean by integrating prior density × likelihood over [0, 1]
        a, b, h, t = d["a"], d["b"], d["heads"], d["tails"]
        prior = scipy.stats.beta(a, b).pdf
        weight = lambda th: prior(th) * th**h * (1 - th) ** t  # noqa: E731
        # the integrand is tiny (θ^h (1-θ)^t): a relative tolerance, not quad's absolute one
        tight = {"epsabs": 0, "epsrel": 1e-12, "limit": 200}
        mass = scipy.integrate.quad(weight, 0, 1, **tight)[0]
        mean = scipy.integrate.quad(lambda th: th * weight(th), 0, 1, **tight)[0] / mass
        assert math.isclose(got, mean, rel_tol=1e-8)
        return
    thetas = np.array([float(fr(v)) for v in d["thetas"]])
    prior = np.array([float(fr(v)) for v in d["prior"]])
    n = d["heads"] + d["tails"]
    post = prior * scipy.stats.binom.pmf(d["heads"], n, thetas)
    post /= post.sum()
    if ex.difficulty == 1:
        assert math.isclose(got, post[d["ask"]], rel_tol=1e-12)
    else:
        # predictive: simulate θ from the posterior, then a flip
        assert math.isclose(got, post @ thetas, rel_tol=1e-12)
        rng = np.random.default_rng(ex.seed)
        flips = rng.random(200_000) < rng.choice(thetas, size=200_000, p=post)
        assert abs(flips.mean() - got) < 0.01


def oracle_mle_map(ex) -> None:
    """Each estimate maximises the log-likelihood (+ log-prior) built here from SciPy."""
    d = ex.data
    got = float(fr(ex.expected))
    family = d["family"]
    if family == "categorical":
        counts = np.array(d["counts"], float)
        alpha = d.get("alpha", 1)  # Dirichlet(1, ..., 1) is the flat prior of the MLE
        k = len(counts)

        def negative(logits):
            pi = scipy.special.softmax(logits)
            return -(
                scipy.stats.multinomial.logpmf(counts, counts.sum(), pi)
                + scipy.stats.dirichlet.logpdf(pi, np.full(k, alpha))
            )

        best = scipy.optimize.minimize(
            negative, np.zeros(k), method="BFGS", options={"gtol": 1e-10}
        )
        assert math.isclose(got, scipy.special.softmax(best.x)[d["j"]], rel_tol=1e-5)
    elif family == "bernoulli":
        prior = scipy.stats.beta(d["a"], d["b"])
        n = d["heads"] + d["tails"]
        best = scipy.optimize.minimize_scalar(
            lambda th: -(scipy.stats.binom.logpmf(d["heads"], n, th) + prior.logpdf(th)),
            bounds=(1e-9, 1 - 1e-9),
            method="bounded",
            options={"xatol": 1e-12},
        )
        assert math.isclose(got, best.x, rel_tol=1e-6, abs_tol=1e-9)
    elif family == "gaussian":
        xs = np.array(d["x"], float)
        best = scipy.optimize.minimize_scalar(
            lambda v: -scipy.stats.norm(xs.mean(), math.sqrt(v)).logpdf(xs).sum(),
            bounds=(1e-6, 500),
            method="bounded",
            options={"xatol": 1e-10},
        )
        assert math.isclose(got, best.x, rel_tol=1e-6)
    else:
        xs = np.array(d["x"], float)
        noise, prior = math.sqrt(d["sigma2"]), scipy.stats.norm(d["mu0"], math.sqrt(d["tau2"]))
        best = scipy.optimize.minimize_scalar(
            lambda mu: -(scipy.stats.norm(mu, noise).logpdf(xs).sum() + prior.logpdf(mu)),
            bounds=(-50, 50),
            method="bounded",
            options={"xatol": 1e-12},
        )
        assert math.isclose(got, best.x, rel_tol=1e-6, abs_tol=1e-6)


def central_difference(f, x: float, h: float = 1e-6) -> float:
    return (f(x + h) - f(x - h)) / (2 * h)


def oracle_reparameterization(ex) -> None:
    d = ex.data
    got = value_of(ex.expected)
    eps = float(fr(d["eps"]))
    if ex.difficulty == 1:
        # the same noise draw pushed through the normal quantile function of N(mu, var)
        dist = scipy.stats.norm(d["mu"], math.sqrt(d["variance"]))
        want = dist.ppf(scipy.stats.norm.cdf(eps))
        assert math.isclose(got, want, rel_tol=1e-9, abs_tol=1e-9)
        return
    mu, sigma, c = float(d["mu"]), float(fr(d["sigma"])), d["c"]
    loss = lambda m, s: (m + s * eps - c) ** 2  # noqa: E731
    if ex.difficulty == 2:
        if d["wrt"] == "sigma":
            want = central_difference(lambda s: loss(mu, s), sigma)
        else:
            want = central_difference(lambda m: loss(m, sigma), mu)
    else:
        rho = math.log(sigma**2)
        want = central_difference(lambda r: loss(mu, math.exp(r / 2)), rho)
    assert math.isclose(got, want, rel_tol=1e-6, abs_tol=1e-6)


def oracle_elbo(ex) -> None:
    d = ex.data
    got = value_of(ex.expected)
    if ex.difficulty == 1:
        log_px, kl, elbo = (float(fr(d[k])) for k in ("log_px", "kl", "elbo"))
        assert kl > 0 and math.isclose(log_px, elbo + kl)
        want = {"elbo": elbo, "kl": kl, "evidence": log_px}[d["ask"]]
        assert math.isclose(got, want, rel_tol=1e-12)
        return
    prior, like, q = (np.array([float(fr(v)) for v in d[k]]) for k in ("prior", "like", "q"))
    joint = prior * like
    post = joint / joint.sum()
    elbo = float(q @ (np.log(joint) - np.log(q)))
    # a Monte-Carlo ELBO: sample z from q, average log p(x, z) - log q(z)
    rng = np.random.default_rng(ex.seed)
    z = rng.choice(len(q), size=200_000, p=q)
    assert abs(np.mean(np.log(joint[z]) - np.log(q[z])) - elbo) < 0.02
    log_px = math.log(joint.sum())
    assert elbo < log_px
    if ex.difficulty == 2:
        assert math.isclose(got, elbo, rel_tol=1e-9, abs_tol=1e-12)
    else:
        assert math.isclose(got, scipy.stats.entropy(q, post), rel_tol=1e-9, abs_tol=1e-12)
        assert math.isclose(got, log_px - elbo, rel_tol=1e-9, abs_tol=1e-12)


def oracle_initialization(ex) -> None:
    d = ex.data
    got = value_of(ex.expected)
    rng = np.random.default_rng(ex.seed)
    if ex.difficulty == 1:
        n, vw, m, vx = d["n"], float(fr(d["var_w"])), d["mean_x"], float(fr(d["var_x"]))
        trials = max(200_000 // n, 2000)
        w = rng.normal(0, math.sqrt(vw), size=(trials, n))
        x = rng.normal(m, math.sqrt(vx), size=(trials, n))
        y = (w * x).sum(axis=1)
        # within six standard errors of the sample variance (products of normals have
        # heavy tails, so a fixed relative band would fail now and then)
        squares = (y - y.mean()) ** 2
        assert abs(squares.mean() - got) < 6 * squares.std() / math.sqrt(trials)
        assert math.isclose(got, n * vw * (vx + m * m), rel_tol=1e-12)
    elif ex.difficulty == 2:
        fan_in, fan_out, scheme = d["fan_in"], d["fan_out"], d["scheme"]
        want_var = 2 / (fan_in + fan_out) if scheme.startswith("glorot") else 2 / fan_in
        dist = (
            scipy.stats.norm(0, math.sqrt(got))
            if scheme.endswith("normal")
            else scipy.stats.uniform(-got, 2 * got)
        )
        if scheme.endswith("normal"):
            assert math.isclose(got, want_var, rel_tol=1e-12)
        assert math.isclose(dist.var(), want_var, rel_tol=1e-12)
    else:
        # simulate whole networks: fresh weights and inputs in every trial
        widths, variances, q0 = (
            d["widths"],
            [float(fr(v)) for v in d["variances"]],
            float(fr(d["q0"])),
        )
        trials = 4000
        h = rng.normal(0, math.sqrt(q0), size=(trials, widths[0]))
        for layer, (n, v) in enumerate(zip(widths, variances, strict=True)):
            out = widths[layer + 1] if layer + 1 < len(widths) else 1
            w = rng.normal(0, math.sqrt(v), size=(trials, n, out))
            y = np.einsum("ti,tio->to", h, w)
            h = np.maximum(y, 0)
        assert abs(y[:, 0].var() - got) < 0.12 * got
        exact = q0
        for layer, (n, v) in enumerate(zip(widths, variances, strict=True)):
            exact = n * v * (exact if layer == 0 else exact / 2)
        assert math.isclose(got, exact, rel_tol=1e-12)


def oracle_exploding_vanishing(ex) -> None:
    d = ex.data
    got = value_of(ex.expected)
    if ex.difficulty == 1:
        n, v, depth, q = d["n"], float(fr(d["var_w"])), d["depth"], float(fr(d["var_x"]))
        exact = q
        for _ in range(depth):
            exact *= n * v
        assert math.isclose(got, exact, rel_tol=1e-12)
        if depth <= 4 and n <= 128:  # simulate: fresh weights and inputs per trial
            rng = np.random.default_rng(ex.seed)
            h = rng.normal(0, math.sqrt(q), size=(800, n))
            for _ in range(depth):
                h = np.einsum("ti,tio->to", h, rng.normal(0, math.sqrt(v), size=(800, n, n)))
            assert abs(h.var() - got) < 0.1 * got
    elif ex.difficulty == 2:
        weights, biases = d["weights"], [float(fr(b)) for b in d["biases"]]

        def chain(x: float) -> float:
            for w, b in zip(weights, biases, strict=True):
                x = scipy.special.expit(w * x + b)
            return x

        assert math.isclose(got, central_difference(chain, 0.0, 1e-5), rel_tol=1e-6, abs_tol=1e-9)
    else:
        gain, k = float(fr(d["gain"])), d["k"]
        depth, value = 0, 1.0
        while (value < 10**k) if gain > 1 else (value > 10**-k):
            depth, value = depth + 1, value * gain
        assert got == depth


def oracle_dropout(ex) -> None:
    d = ex.data
    got = float(fr(ex.expected))
    if ex.difficulty == 1:
        keep, h = 1 - float(fr(d["rate"])), float(fr(d["h"]))
        # the scale that makes the expected output equal h: solve keep * s * h = h
        scale = scipy.optimize.brentq(lambda s: keep * s * h - h, 1e-9, 1e9)
        assert math.isclose(got, scale * h, rel_tol=1e-9)
    elif ex.difficulty == 2:
        keep, mu, var = float(fr(d["keep"])), d["mean"], d["variance"]
        rng = np.random.default_rng(ex.seed)
        h = rng.normal(mu, math.sqrt(var), size=400_000)
        m = rng.random(400_000) < keep
        sample = m * h / keep
        assert abs(sample.var() - got) < 0.03 * got
        assert math.isclose(got, (var + mu * mu) / keep - mu * mu, rel_tol=1e-12)
    else:
        keep, w, h = float(fr(d["keep"])), np.array(d["w"], float), np.array(d["h"], float)
        # every mask pattern, weighted by its probability
        values, weights = [], []
        for pattern in range(2 ** len(w)):
            m = np.array([(pattern >> i) & 1 for i in range(len(w))], float)
            values.append(float(w @ (m * h / keep)))
            weights.append(float(np.prod(np.where(m == 1, keep, 1 - keep))))
        values, weights = np.array(values), np.array(weights)
        mean = values @ weights
        assert math.isclose(mean, float(w @ h), abs_tol=1e-9)
        assert math.isclose(got, ((values - mean) ** 2) @ weights, rel_tol=1e-9)


def oracle_gaussian_mixtures(ex) -> None:
    d = ex.data
    got = value_of(ex.expected)
    if ex.difficulty in (1, 2):
        pi1 = float(fr(d["pi1"]))
        dens = [
            w * scipy.stats.norm(m, s).pdf(d["x"])
            for w, m, s in zip((pi1, 1 - pi1), d["mu"], d["sd"], strict=True)
        ]
        assert math.isclose(got, dens[0] / sum(dens), rel_tol=1e-9)
        return
    # M-step: maximise the responsibility-weighted log-likelihood of component 1
    xs, gammas = np.array(d["x"], float), np.array([float(fr(g)) for g in d["gamma"]])

    def negative(params):
        mu, log_var = params
        return -(gammas * scipy.stats.norm(mu, math.exp(log_var / 2)).logpdf(xs)).sum()

    best = scipy.optimize.minimize(
        negative,
        [0.0, 1.0],
        method="Nelder-Mead",
        options={"xatol": 1e-10, "fatol": 1e-12, "maxiter": 4000},
    )
    mu, var = best.x[0], math.exp(best.x[1])
    want = mu if d["ask"] == "mean" else var
    assert math.isclose(got, want, rel_tol=1e-5, abs_tol=1e-6)


def oracle_batch_statistics(ex) -> None:
    d = ex.data
    got = value_of(ex.expected)
    if ex.difficulty == 1:
        xs = np.array(d["x"], float)
        want = (xs[d["i"]] - xs.mean()) / xs.std(ddof=0)
        assert math.isclose(got, want, rel_tol=1e-12)
    elif ex.difficulty == 2:
        m, var = d["m"], float(fr(d["variance"]))
        rng = np.random.default_rng(ex.seed)
        batches = rng.normal(0, math.sqrt(var), size=(200_000 // m + 2000, m))
        assert abs(batches.var(axis=1, ddof=0).mean() - got) < 0.03 * var
        assert math.isclose(got, var * (m - 1) / m, rel_tol=1e-12)
    else:
        xs = np.array(d["x"], float)
        want = d["gamma"] * (d["input"] - xs.mean()) / xs.std(ddof=1) + d["beta"]
        assert math.isclose(got, want, rel_tol=1e-12, abs_tol=1e-12)


ORACLES = {
    "probability.batch-statistics": oracle_batch_statistics,
    "probability.gaussian-mixtures": oracle_gaussian_mixtures,
    "probability.dropout": oracle_dropout,
    "probability.exploding-vanishing": oracle_exploding_vanishing,
    "probability.initialization": oracle_initialization,
    "probability.elbo": oracle_elbo,
    "probability.reparameterization": oracle_reparameterization,
    "probability.mle-map": oracle_mle_map,
    "probability.bayesian-inference": oracle_bayesian_inference,
    "probability.law-of-large-numbers": oracle_law_of_large_numbers,
    "probability.central-limit-theorem": oracle_central_limit_theorem,
    "probability.inequalities": oracle_inequalities,
    "probability.multivariate-gaussian": oracle_multivariate_gaussian,
    "probability.conditional-expectation": oracle_conditional_expectation,
}
SKILLS = sorted(ORACLES)


test_expected_answers_equal_the_oracle = oracle_test(ORACLES, examples=60)


@pytest.mark.parametrize("skill", SKILLS)
def test_the_checker_accepts_the_answer_and_names_each_mistake(skill: str) -> None:
    @settings(max_examples=30, deadline=None)
    @given(seed=st.integers(0, 10**6), difficulty=st.sampled_from([1, 2, 3]))
    def run(seed: int, difficulty: int) -> None:
        ex = exercise(skill, difficulty, seed)
        assert_accepted(ex, [ex.expected])
        assert all(m.code.startswith("misconception:") for m in ex.misconceptions)
        assert_misconceptions_named(ex)
        assert check_answer(ex, "12345").correct is False

    run()


@pytest.mark.parametrize("skill", SKILLS)
def test_no_answer_is_guessable_and_levels_differ(skill: str) -> None:
    prompts = {}
    for difficulty in (1, 2, 3):
        exs = [exercise(skill, difficulty, seed) for seed in range(100)]
        top = Counter(ex.expected for ex in exs).most_common(1)[0][1]
        assert top <= 40, (skill, difficulty, top)
        assert all(ex == exercise(skill, difficulty, ex.seed) for ex in exs[:5])
        prompts[difficulty] = {asked(ex) for ex in exs}
    assert prompts[1].isdisjoint(prompts[2]) and prompts[2].isdisjoint(prompts[3])
    assert prompts[1].isdisjoint(prompts[3])


def asked(ex) -> str:
    """The question of an exercise without its numbers: what the level asks."""
    return re.sub(r"-?\d+(/\d+)?", "#", ex.prompt.strip().splitlines()[-1])
