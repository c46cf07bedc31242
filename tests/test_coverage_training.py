"""Optimisation for training (new skills on the map): gradient descent on quadratics,
momentum, Newton's method, subgradients and projected gradient. Every expected answer
against an oracle built here from the drawn data: simulated iterations in floating point,
spectral radii from NumPy eigenvalues, a grid search over the heavy ball's parameters,
SymPy derivatives, one-sided difference quotients and SciPy's constrained minimisers."""

from __future__ import annotations

import math
import re
from fractions import Fraction

import numpy as np
import scipy.optimize
import sympy

from dlmath.exercises import exercise
from judging import (
    checker_tests,
    exercise_shape_test,
    levels_differ_test,
    oracle_first_seeds_test,
    oracle_test,
    unreduced_fractions,
)


def numbers(text: str) -> np.ndarray:
    return np.array([float(Fraction(t)) for t in re.findall(r"-?\d+(?:/\d+)?", text)])


def exact_numbers(text: str) -> list[Fraction]:
    return [Fraction(t) for t in re.findall(r"-?\d+(?:/\d+)?", text)]


def close(got: np.ndarray, want: np.ndarray, tol: float = 1e-6) -> bool:
    want = np.atleast_1d(np.asarray(want, dtype=float))
    return got.shape == want.shape and np.allclose(got, want, rtol=tol, atol=tol)


def gradient(f, x: np.ndarray, h: float = 1e-6) -> np.ndarray:
    grad = np.zeros_like(x)
    for i in range(x.size):
        e = np.zeros_like(x)
        e[i] = h
        grad[i] = (f(x + e) - f(x - e)) / (2 * h)
    return grad


# ---- gradient descent on quadratics --------------------------------------------------------


def oracle_gd_quadratic(ex) -> None:
    d = ex.data
    a = np.array(d["A"], dtype=float)
    alpha = float(Fraction(d["alpha"]))
    if d["ask"] in ("step", "iterate"):
        b = np.array(d["b"], dtype=float)
        x = np.array(d["x0"], dtype=float)
        for _ in range(1 if d["ask"] == "step" else d["k"]):
            x = x - alpha * gradient(lambda v: 0.5 * v @ a @ v - b @ v, x)
        assert close(numbers(ex.expected), x), (ex.id, ex.expected, x)
        return
    iteration = np.eye(2) - alpha * a
    rho = max(abs(np.linalg.eigvals(iteration)))
    if d["ask"] == "rate":
        assert math.isclose(float(Fraction(ex.expected)), rho, rel_tol=1e-9)
        return
    # the worst start is an eigenvector; simulate the error there until it is 10^-p smaller
    _, vectors = np.linalg.eigh(a)
    target = 10.0 ** -d["p"]
    worst = 0
    for start in vectors.T:
        e, t = start.copy(), 0
        while np.linalg.norm(e) > target:
            e, t = iteration @ e, t + 1
        worst = max(worst, t)
    assert int(ex.expected) == worst, (ex.id, ex.expected, worst)


# ---- momentum ----------------------------------------------------------------------------


def heavy_ball_radius(alpha, beta, lams) -> np.ndarray:
    """Worst spectral radius over the eigenvalues ``lams`` of the heavy-ball iteration
    [[1 + β − αλ, −β], [1, 0]], for arrays of α and β (roots of z² − (1 + β − αλ)z + β)."""
    alpha, beta = np.asarray(alpha)[..., None], np.asarray(beta)[..., None]
    tr = 1 + beta - alpha * lams
    disc = np.sqrt((tr * tr - 4 * beta).astype(complex))
    roots = np.maximum(abs((tr + disc) / 2), abs((tr - disc) / 2))
    return roots.max(axis=-1)


def best_heavy_ball(mu: float, big: float) -> tuple[float, float, float]:
    """(α, β, rate) minimising the worst rate over [μ, L], by a shrinking grid search."""
    lams = np.linspace(mu, big, 41)
    lo_a, hi_a, lo_b, hi_b = 1e-4, 4 / big, 0.0, 0.999
    for _ in range(6):
        aa, bb = np.meshgrid(np.linspace(lo_a, hi_a, 61), np.linspace(lo_b, hi_b, 61))
        rates = heavy_ball_radius(aa.ravel(), bb.ravel(), lams)
        i = int(np.argmin(rates))
        a0, b0 = aa.ravel()[i], bb.ravel()[i]
        da, db = (hi_a - lo_a) / 10, (hi_b - lo_b) / 10
        lo_a, hi_a, lo_b, hi_b = (
            max(a0 - da, 1e-6),
            a0 + da,
            max(b0 - db, 0.0),
            min(b0 + db, 0.9999),
        )
    return a0, b0, float(rates[i])


def oracle_momentum(ex) -> None:
    d = ex.data
    if d["ask"] == "iterate":
        lam, b = np.array(d["lam"], float), np.array(d["b"], float)
        alpha, beta = float(Fraction(d["alpha"])), float(Fraction(d["beta"]))
        x, v = np.array(d["x0"], float), np.zeros(len(lam))
        for _ in range(d["steps"]):
            v = beta * v - alpha * gradient(lambda u: 0.5 * u @ (lam * u) - b @ u, x)
            x = x + v
        assert close(numbers(ex.expected), x), (ex.id, ex.expected, x)
    elif d["ask"] == "terminal":
        g = np.array(d["g"], float)
        alpha, beta = float(Fraction(d["alpha"])), float(Fraction(d["beta"]))
        v = np.zeros(2)
        for _ in range(6000):
            v = beta * v - alpha * g
        assert close(numbers(ex.expected), v), (ex.id, ex.expected, v)
    else:
        mu, big = float(d["mu"]), float(d["L"])
        alpha, beta, rate = best_heavy_ball(mu, big)
        want = {"alpha": alpha, "beta": beta, "rate": rate}[d["ask"]]
        got = float(Fraction(ex.expected))
        assert math.isclose(got, want, rel_tol=0.02, abs_tol=2e-3), (ex.id, got, want)
        # and the claimed optimum really attains the claimed rate over the whole interval
        a_star = 4 / (math.sqrt(big) + math.sqrt(mu)) ** 2
        b_star = ((math.sqrt(big) - math.sqrt(mu)) / (math.sqrt(big) + math.sqrt(mu))) ** 2
        attained = float(heavy_ball_radius(a_star, b_star, np.linspace(mu, big, 201)))
        assert attained <= rate + 1e-6


# ---- Newton's method ---------------------------------------------------------------------

X, Y = sympy.symbols("x y")


def oracle_newton(ex) -> None:
    d = ex.data
    if d["ask"] == "step-1d":
        q, cu, sq, li = (sympy.Integer(v) for v in d["coeffs"])
        f = q * X**4 + cu * X**3 + sq * X**2 + li * X
        x0 = sympy.Integer(d["x0"])
        h = sympy.Symbol("h")
        model = f.subs(X, x0) + sympy.diff(f, X).subs(X, x0) * h
        model += sympy.diff(f, X, 2).subs(X, x0) * h**2 / 2
        (step,) = sympy.solve(sympy.diff(model, h), h)  # the minimiser of the quadratic model
        assert exact_numbers(ex.expected) == [Fraction(str(x0 + step))]
        return
    h_, a, b, c, dd, e = (sympy.Integer(v) for v in d["coeffs"])
    f = h_ * X**3 + a * X**2 + b * X * Y + c * Y**2 + dd * X + e * Y
    at = {X: d["point"][0], Y: d["point"][1]}
    grad = sympy.Matrix([sympy.diff(f, s) for s in (X, Y)]).subs(at)
    hess = sympy.hessian(f, (X, Y)).subs(at)
    if d["ask"] == "step-2d":
        new = sympy.Matrix(d["point"]) - hess.LUsolve(grad)
        assert exact_numbers(ex.expected) == [Fraction(str(v)) for v in new]
        return
    lam2 = (grad.T * hess.LUsolve(grad))[0]
    want = lam2 if d["ask"] == "decrement" else lam2 / 2
    assert exact_numbers(ex.expected) == [Fraction(str(want))]
    if d["ask"] == "decrease":  # the same number by minimising the model numerically
        g = np.array(grad, dtype=float).ravel()
        hh = np.array(hess, dtype=float)
        res = scipy.optimize.minimize(lambda s: g @ s + 0.5 * s @ hh @ s, np.zeros(2), tol=1e-12)
        assert math.isclose(-res.fun, float(want), rel_tol=1e-5)


# ---- subgradients ------------------------------------------------------------------------


def one_sided(f, x0: float, h: float = 1e-6) -> tuple[float, float]:
    """Left and right derivatives: for a convex function of one variable, the ends of the
    subdifferential."""
    return (f(x0) - f(x0 - h)) / h, (f(x0 + h) - f(x0)) / h


def oracle_subgradients(ex) -> None:
    d = ex.data
    if d["ask"] == "hinge":
        xs, ys = np.array(d["x"], float), np.array(d["y"], float)
        lam = float(Fraction(d["lambda"]))

        def loss(w: np.ndarray) -> float:
            return float(np.maximum(0, 1 - ys * (xs @ w)).sum() + lam / 2 * w @ w)

        want = gradient(loss, np.array(d["w"], float))
        assert close(numbers(ex.expected), want), (ex.id, ex.expected, want)
        return
    if d["ask"] == "absolute":
        cs, ks = np.array(d["weights"], float), np.array(d["kinks"], float)

        def f(x: float) -> float:
            return float((cs * abs(x - ks)).sum())
    else:
        ss, bs = np.array(d["slopes"], float), np.array(d["shifts"], float)

        def f(x: float) -> float:
            return float((ss * x + bs).max())

    left, right = one_sided(f, float(d["x0"]))
    assert close(numbers(ex.expected), [left, right], tol=1e-5), (ex.id, ex.expected)


# ---- projected gradient ------------------------------------------------------------------


def projection(y: np.ndarray, bounds=None, constraint=None) -> np.ndarray:
    """argmin ‖x − y‖² over the set, by SciPy (L-BFGS-B for boxes, SLSQP otherwise)."""
    method = "L-BFGS-B" if bounds is not None else "SLSQP"
    res = scipy.optimize.minimize(
        lambda x: float((x - y) @ (x - y)),
        np.zeros_like(y) if constraint is None else np.zeros_like(y) - 50,
        jac=lambda x: 2 * (x - y),
        bounds=bounds,
        constraints=[] if constraint is None else [constraint],
        method=method,
        options={"ftol": 1e-14, "maxiter": 500} if method == "SLSQP" else {"gtol": 1e-12},
    )
    return res.x


def variational_inequality(p: np.ndarray, y: np.ndarray, samples: np.ndarray) -> None:
    """The projection p of y satisfies (y − p)ᵀ(z − p) ≤ 0 for every feasible z."""
    assert np.all((samples - p) @ (y - p) <= 1e-9)


def oracle_projected_gradient(ex) -> None:
    d = ex.data
    got = numbers(ex.expected)
    rng = np.random.default_rng(1)
    if d["ask"] == "box":
        y = np.array(d["y"], float)
        bounds = list(zip(d["lo"], d["hi"], strict=True))
        want = projection(y, bounds=bounds)
        samples = rng.uniform(d["lo"], d["hi"], size=(300, len(y)))
        variational_inequality(got, y, samples)
    elif d["ask"] == "box-step":
        dd, b = np.array(d["d"], float), np.array(d["b"], float)
        x0 = np.array(d["x0"], float)
        z = x0 - float(Fraction(d["alpha"])) * gradient(lambda x: 0.5 * x @ (dd * x) - b @ x, x0)
        bounds = list(zip(d["lo"], d["hi"], strict=True))
        want = projection(z, bounds=bounds)
        top = [20.0 if h is None else h for h in d["hi"]]
        variational_inequality(got, z, rng.uniform(d["lo"], top, size=(300, 2)))
    else:
        t, x0 = np.array(d["t"], float), np.array(d["x0"], float)
        z = x0 - float(Fraction(d["alpha"])) * gradient(lambda x: 0.5 * (x - t) @ (x - t), x0)
        samples = rng.uniform(-15, 15, size=(2000, 2))
        if d["ask"] == "ball":
            r = d["r"]
            cons = {"type": "ineq", "fun": lambda x: r * r - x @ x}
            samples = samples[(samples * samples).sum(axis=1) <= r * r]
        else:
            a, c = np.array(d["a"], float), d["c"]
            cons = {"type": "ineq", "fun": lambda x: c - a @ x}
            samples = samples[samples @ a <= c]
        want = projection(z, constraint=cons)
        variational_inequality(got, z, samples)
    assert close(got, want, tol=1e-5), (ex.id, ex.expected, want)


ORACLES = {
    "optimization.gd-quadratic": oracle_gd_quadratic,
    "optimization.momentum": oracle_momentum,
    "optimization.newton": oracle_newton,
    "optimization.subgradients": oracle_subgradients,
    "optimization.projected-gradient": oracle_projected_gradient,
}
SKILLS = sorted(ORACLES)


test_oracle = oracle_test(ORACLES, examples=60)
test_oracle_first_seeds = oracle_first_seeds_test(ORACLES, seeds=50)


def signature(skill: str, difficulty: int) -> set:
    out = set()
    for seed in range(40):
        d = exercise(skill, difficulty, seed).data
        sizes = tuple((k, len(v)) for k, v in sorted(d.items()) if isinstance(v, list))
        out.add((d.get("ask"), sizes))
    return out


test_levels_differ = levels_differ_test(SKILLS, signature)


def written_forms(ex) -> list[str]:
    """The answer with every fraction unreduced (2p/2q)."""
    return [unreduced_fractions(ex.expected)]


test_checker = checker_tests(SKILLS, written_forms)
test_exercise_shape = exercise_shape_test(SKILLS)
