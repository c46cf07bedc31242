"""The calculus of network layers (new skills on the map): the softmax Jacobian,
log-sum-exp, forward and reverse mode, back-propagation through normalisation, attention
and 1-D convolution. Every expected answer against an oracle built here from the drawn
data: NumPy forward passes differentiated by central differences, SciPy's logsumexp,
and a simulated automatic differentiation that counts its multiplications."""

from __future__ import annotations

import math
import re
from fractions import Fraction

import numpy as np
import scipy.special
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


def fractions(values) -> np.ndarray:
    return np.array([float(Fraction(str(v))) for v in values])


def matrix(rows) -> np.ndarray:
    return np.array([[float(Fraction(str(v))) for v in row] for row in rows])


def numbers(text: str) -> np.ndarray:
    return np.array([float(Fraction(t)) for t in re.findall(r"-?\d+(?:/\d+)?", text)])


def value_of(text: str) -> float:
    """A generator's exact expression (log/exp of integers) as a float."""
    return float(sympy.sympify(text, rational=True))  # generator output only, never user text


def gradient(f, x: np.ndarray, h: float = 1e-6) -> np.ndarray:
    """Central differences of a scalar function, entry by entry."""
    grad = np.zeros_like(x)
    for idx in np.ndindex(x.shape):
        e = np.zeros_like(x)
        e[idx] = h
        grad[idx] = (f(x + e) - f(x - e)) / (2 * h)
    return grad


def jacobian(f, x: np.ndarray, h: float = 1e-6) -> np.ndarray:
    cols = []
    for j in range(x.size):
        e = np.zeros_like(x)
        e[j] = h
        cols.append((f(x + e) - f(x - e)) / (2 * h))
    return np.column_stack(cols)


def softmax(z: np.ndarray, axis: int = -1) -> np.ndarray:
    e = np.exp(z - z.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def close(got: np.ndarray, want: np.ndarray) -> bool:
    return got.shape == want.shape and np.allclose(got, want, rtol=1e-6, atol=1e-6)


# ---- the oracles ---------------------------------------------------------------------------


def oracle_softmax_jacobian(ex) -> None:
    d = ex.data
    p = fractions(d["p"])
    z = np.log(p) + 3.0  # any z with softmax(z) = p
    jac = jacobian(softmax, z)
    if d["ask"] == "entry":
        want = np.array([jac[d["i"] - 1, d["j"] - 1]])
    elif d["ask"] == "jacobian":
        want = jac.ravel()
    else:
        g = fractions(d["g"])
        want = gradient(lambda zz: float(g @ softmax(zz)), z)
    assert close(numbers(ex.expected), want), (ex.id, ex.expected, want)


def oracle_logsumexp(ex) -> None:
    d = ex.data
    got = value_of(ex.expected)
    if d["ask"] == "lse":
        x = np.array(d["x"], dtype=float)
        want = scipy.special.logsumexp(x)
        assert math.isclose(want, np.log(np.sum(np.exp(x))), rel_tol=1e-12)
    elif d["ask"] == "log-softmax":
        x = np.array(d["x"], dtype=float)
        want = scipy.special.log_softmax(x)[d["i"] - 1]
        with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
            naive = np.log(np.exp(x[d["i"] - 1]) / np.sum(np.exp(x)))
        assert not np.isfinite(naive)  # the premise: the naive formula fails in floats
    else:
        z = np.array(d["z"], dtype=float)
        want = -np.mean([scipy.special.log_softmax(z[k])[d["y"][k] - 1] for k in range(2)])
    assert math.isclose(got, want, rel_tol=1e-9, abs_tol=1e-9), (ex.id, got, want)


class CountingNetwork:
    """Dense layers with elementwise activations; every matrix-vector product counted."""

    def __init__(self, dims: list[int], rng: np.random.Generator) -> None:
        self.ws = [rng.normal(size=(dims[k + 1], dims[k])) for k in range(len(dims) - 1)]
        self.slopes = [rng.uniform(0.5, 1.5, size=dims[k + 1]) for k in range(len(dims) - 2)]
        self.multiplications = 0

    def _matvec(self, w: np.ndarray, v: np.ndarray) -> np.ndarray:
        self.multiplications += w.shape[0] * w.shape[1]
        return w @ v

    def jvp(self, v: np.ndarray) -> np.ndarray:
        for k, w in enumerate(self.ws):
            v = self._matvec(w, v)
            if k < len(self.slopes):
                v = self.slopes[k] * v
        return v

    def vjp(self, u: np.ndarray) -> np.ndarray:
        for k in reversed(range(len(self.ws))):
            if k < len(self.slopes):
                u = self.slopes[k] * u
            u = self._matvec(self.ws[k].T, u)
        return u

    def jacobian(self) -> np.ndarray:
        out = np.eye(self.ws[0].shape[1])
        for k, w in enumerate(self.ws):
            out = w @ out
            if k < len(self.slopes):
                out = self.slopes[k][:, None] * out
        return out


def oracle_vjp_modes(ex) -> None:
    d = ex.data
    rng = np.random.default_rng(0)
    if d["ask"] == "passes":
        n, m = d["n"], d["m"]
        j = rng.normal(size=(m, n))
        probes = np.eye(n) if d["mode"] == "forward" else np.eye(m)
        calls = 0
        pieces = []
        for e in probes:
            calls += 1
            pieces.append(j @ e if d["mode"] == "forward" else e @ j)
        rebuilt = np.column_stack(pieces) if d["mode"] == "forward" else np.vstack(pieces)
        assert np.allclose(rebuilt, j)
        # one probe fewer leaves a direction unseen: two Jacobians agree on every probe
        size = probes.shape[0]
        assert np.linalg.matrix_rank(probes[: size - 1]) < size
        assert int(ex.expected) == calls
    elif d["ask"] == "cost":
        dims = d["dims"]
        net = CountingNetwork(dims, rng)
        if d["mode"] == "forward":
            built = np.column_stack([net.jvp(e) for e in np.eye(dims[0])])
        else:
            built = np.vstack([net.vjp(e) for e in np.eye(dims[-1])])
        assert np.allclose(built, net.jacobian())
        assert int(ex.expected) == net.multiplications
    else:
        w1, w2 = np.array(d["W1"], float), np.array(d["W2"], float)
        x = np.array(d["x"], float)
        jac = jacobian(lambda v: w2 @ np.maximum(w1 @ v, 0), x)
        want = (
            jac.T @ np.array(d["u"], float) if d["ask"] == "vjp" else jac @ np.array(d["v"], float)
        )
        assert close(numbers(ex.expected), want), (ex.id, ex.expected, want)


def layer_norm(x: np.ndarray) -> np.ndarray:
    return (x - x.mean()) / x.std()


def oracle_normalisation(ex) -> None:
    d = ex.data
    x = np.array(d["x"], dtype=float)
    if d["ask"] == "entry":
        want = np.array([jacobian(layer_norm, x)[d["i"] - 1, d["j"] - 1]])
    else:
        g = fractions(d["g"])
        gamma, beta = (d["gamma"], d["beta"]) if d["ask"] == "batch-norm" else (1, 0)
        want = gradient(lambda v: float(g @ (gamma * layer_norm(v) + beta)), x)
    assert close(numbers(ex.expected), want), (ex.id, ex.expected, want)


def oracle_attention(ex) -> None:
    d = ex.data
    a, v, g = matrix(d["A"]), matrix(d["V"]), matrix(d["G"])
    if d["ask"] == "values":
        want = gradient(lambda vv: float(np.sum(g * (a @ vv))), v)
    elif d["ask"] == "scores":
        want = gradient(lambda s: float(np.sum(g * (softmax(s, axis=1) @ v))), np.log(a))
    else:
        k = matrix(d["K"])
        bias = np.log(a)  # fixed offsets so that at Q = 0 the weights are A
        q0 = np.zeros((a.shape[0], k.shape[1]))
        want = gradient(
            lambda q: float(np.sum(g * (softmax(q @ k.T / math.sqrt(k.shape[1]) + bias, 1) @ v))),
            q0,
        )
    got = numbers(ex.expected).reshape(want.shape)
    assert close(got, want), (ex.id, ex.expected, want)


def conv1d(x: np.ndarray, w: np.ndarray, stride: int) -> np.ndarray:
    return np.correlate(x, w, mode="valid")[::stride]


def oracle_conv1d(ex) -> None:
    d = ex.data
    x, w, g = (np.array(d[k], dtype=float) for k in ("x", "w", "g"))
    s = d["stride"]
    assert conv1d(x, w, s).shape == g.shape
    if d["ask"] == "kernel":
        want = gradient(lambda ww: float(g @ conv1d(x, ww, s)), w)
    else:
        want = gradient(lambda xx: float(g @ conv1d(xx, w, s)), x)
    assert close(numbers(ex.expected), want), (ex.id, ex.expected, want)


ORACLES = {
    "calculus.softmax-jacobian": oracle_softmax_jacobian,
    "calculus.logsumexp": oracle_logsumexp,
    "calculus.vjp-modes": oracle_vjp_modes,
    "calculus.backprop-normalisation": oracle_normalisation,
    "calculus.backprop-attention": oracle_attention,
    "calculus.backprop-conv1d": oracle_conv1d,
}
SKILLS = sorted(ORACLES)


test_oracle = oracle_test(ORACLES, examples=60)
test_oracle_first_seeds = oracle_first_seeds_test(ORACLES, seeds=50)


def signature(skill: str, difficulty: int) -> set:
    """What a level asks: the question and the sizes of its data."""
    out = set()
    for seed in range(40):
        d = exercise(skill, difficulty, seed).data
        sizes = tuple((k, len(v)) for k, v in sorted(d.items()) if isinstance(v, list) and k != "y")
        out.add((d.get("ask"), d.get("stride"), sizes))
    return out


test_levels_differ = levels_differ_test(SKILLS, signature)


def written_forms(ex) -> list[str]:
    """Other ways to write the answer: decimals for log/exp expressions, unreduced fractions
    for exact values."""
    if "log" in ex.expected:
        return [f"{value_of(ex.expected):.8f}"]
    return [unreduced_fractions(ex.expected)]


test_checker = checker_tests(SKILLS, written_forms)
test_exercise_shape = exercise_shape_test(SKILLS)


def test_logsumexp_rejects_the_maximum() -> None:
    """Four significant digits: the maximum alone (a classic shortcut) is never accepted."""
    from dlmath.checker import check_answer

    for seed in range(40):
        ex = exercise("calculus.logsumexp", 1, seed)
        verdict = check_answer(ex, str(max(ex.data["x"])))
        assert not verdict.correct, ex.id
