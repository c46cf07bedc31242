"""The numerical check every derivative passes before it is shown: central finite
differences of the ORIGINAL function at random points honouring the assumptions.

Independent of the symbolic code on purpose: it evaluates the parsed input with
``dlmath.expr.evaluate`` at perturbed points and the printed result (parsed back from
its text) at the same points, and shares nothing else with differentiation. A wrong
rule or a wrong simplification therefore cannot pass.
"""

from __future__ import annotations

import warnings
from fractions import Fraction

import numpy as np

from dlmath.derivatives.refusals import UnverifiedDerivative
from dlmath.expr.errors import EvaluationError, InputError
from dlmath.expr.evaluate import evaluate
from dlmath.expr.nodes import Add, Expr, Mul, Num, Sym, Transpose
from dlmath.expr.sampling import dimension_sizes, sample_env
from dlmath.expr.shapes import Shape

POINTS = 3
STEP = 6e-6  # relative step; central differences are O(h²), rounding O(ε/h)
TOLERANCE = 1e-5  # max relative error accepted
#: The rounding noise of f is measured (f at copies of the point jittered by a few ulps),
#: and this many times that noise over the step is forgiven, so that a zero gradient
#: (tr(X⁻¹ A X)) or one small next to f (xᵀx + 10⁸) is not called a bug.
NOISE_FACTOR = 4
JITTER = 1e-13  # relative size of the jitter that measures the noise
JITTERS = 4
MAX_ENTRIES = 64  # entries of the variable perturbed per point (a random subset beyond)
MAX_ATTEMPTS = 40
_SEED = 20_250_105  # the check is deterministic: the same input gets the same verdict


def check_derivative(
    f: Expr,
    result: Expr,
    wrt: str,
    shapes: dict[str, Shape],
    assume: dict[str, set[str]],
    jacobian: bool,
    text: str | None = None,
) -> float:
    """The max relative error of ``result`` against finite differences of ``f``;
    raises ``UnverifiedDerivative`` if it exceeds the tolerance anywhere."""
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore")  # overflow inside NumPy is reported as an error
        return _check(f, result, wrt, shapes, assume, jacobian, text)


def _check(
    f: Expr,
    result: Expr,
    wrt: str,
    shapes: dict[str, Shape],
    assume: dict[str, set[str]],
    jacobian: bool,
    text: str | None,
) -> float:
    rng = np.random.default_rng(_SEED)
    names = f.names() | result.names() | {wrt}
    like = Sym(wrt) if not jacobian else Mul((f, Transpose(Sym(wrt))))
    padded = Add((result, Mul((Num(Fraction(0)), like))))  # gives a lone I (or 0) its size
    errors: list[float] = []
    attempts = 0
    last_problem = ""
    while len(errors) < POINTS:
        attempts += 1
        if attempts > MAX_ATTEMPTS:
            raise UnverifiedDerivative(
                f"could not evaluate the function at random points to check the derivative "
                f"({last_problem}); declare assumptions such as --assume x=positive, or use "
                f"smaller sizes",
                text,
                None,
            )
        sizes = dimension_sizes(shapes.values(), rng)
        env = sample_env(shapes, assume, rng, sizes, names, positive_fallback=attempts > 4)
        try:
            value = evaluate(f, env)
            entries = _entries(env[wrt], rng)
            numeric = _differences(f, env, wrt, entries, jacobian, STEP)[0]
        except EvaluationError as problem:
            last_problem = problem.message
            continue
        try:
            symbolic = evaluate(padded, env)
        except InputError as error:
            raise UnverifiedDerivative(
                f"the derived expression cannot be evaluated where the function is defined "
                f"({error.message}); it is not shown",
                text,
                None,
            ) from error
        expected_shape = numeric.shape
        if symbolic.shape != expected_shape:
            raise UnverifiedDerivative(
                f"the derived expression has shape {symbolic.shape} instead of "
                f"{expected_shape}; it is not shown",
                text,
                None,
            )
        worst = _relative_error(symbolic, numeric, value, entries, jacobian)
        if worst > TOLERANCE:  # a kink or bad conditioning nearby: try other steps
            for step in (STEP / 8, STEP * 8):
                try:
                    again = _differences(f, env, wrt, entries, jacobian, step)[0]
                except EvaluationError:
                    continue
                worst = min(worst, _relative_error(symbolic, again, value, entries, jacobian))
        if worst > TOLERANCE:  # f's own rounding noise may be what is left
            worst = min(worst, _beyond_noise(f, env, wrt, entries, jacobian, symbolic, value, rng))
        errors.append(worst)
        if worst > TOLERANCE:
            raise UnverifiedDerivative(
                f"the derived result failed its finite-difference check (relative error "
                f"{worst:.1e} at a random point), so it is not shown; this is a bug in "
                f"dlmath, please report it",
                text,
                None,
            )
    return max(errors)


def _entries(x: np.ndarray, rng: np.random.Generator) -> list[tuple[int, int]]:
    """Which entries of the variable to perturb: all, or a random subset of large ones."""
    all_entries = [(i, j) for i in range(x.shape[0]) for j in range(x.shape[1])]
    if len(all_entries) <= MAX_ENTRIES:
        return all_entries
    chosen = rng.choice(len(all_entries), size=MAX_ENTRIES, replace=False)
    return [all_entries[k] for k in sorted(chosen)]


def _beyond_noise(
    f: Expr,
    env: dict[str, np.ndarray],
    wrt: str,
    entries: list[tuple[int, int]],
    jacobian: bool,
    symbolic: np.ndarray,
    value: np.ndarray,
    rng: np.random.Generator,
) -> float:
    """The error left beyond the rounding noise of f, at the step that balances that
    noise against truncation (larger when f is large)."""
    x = env[wrt]
    jitter = 1 + JITTER * rng.uniform(-1, 1, size=(JITTERS, *x.shape))
    try:
        jittered = evaluate(f, {**env, wrt: x * jitter})
        step = STEP * float(np.cbrt(1.0 + float(np.max(np.abs(value)))))
        numeric, steps = _differences(f, env, wrt, entries, jacobian, step)
    except EvaluationError:
        return float("inf")
    noise_f = float(np.max(np.abs(jittered - value)))
    slack = NOISE_FACTOR * noise_f / steps
    return _relative_error(symbolic, numeric, value, entries, jacobian, slack)


def _differences(
    f: Expr,
    env: dict[str, np.ndarray],
    wrt: str,
    entries: list[tuple[int, int]],
    jacobian: bool,
    step: float,
) -> tuple[np.ndarray, np.ndarray]:
    """Central differences, the gradient (shaped like the variable) or the Jacobian, and
    the step of each entry. Every perturbed copy of the variable is evaluated in one
    batched pass."""
    x = env[wrt]
    k = len(entries)
    steps = np.array([step * max(1.0, abs(float(x[i, j]))) for i, j in entries])
    batch = np.broadcast_to(x, (2 * k, *x.shape)).copy()
    for n, (i, j) in enumerate(entries):
        batch[n, i, j] += steps[n]
        batch[k + n, i, j] -= steps[n]
    values = evaluate(f, {**env, wrt: batch})
    if values.ndim == 2:  # f does not depend on the variable
        values = np.broadcast_to(values, (2 * k, *values.shape))
    plus, minus = values[:k], values[k:]
    slopes = (plus - minus) / (2 * steps[:, None, None])
    if jacobian:
        out = np.zeros((plus.shape[1] * plus.shape[2], x.size))
        for n, (i, j) in enumerate(entries):
            out[:, i * x.shape[1] + j] = slopes[n].ravel()
    else:
        out = np.zeros(x.shape)
        for n, (i, j) in enumerate(entries):
            out[i, j] = slopes[n, 0, 0]
    return out, steps


def _relative_error(
    symbolic: np.ndarray,
    numeric: np.ndarray,
    value: np.ndarray,
    entries: list[tuple[int, int]],
    jacobian: bool,
    noise: np.ndarray | None = None,
) -> float:
    """The largest disagreement (beyond ``noise``, the rounding noise of each difference
    quotient, when given), relative to the size of the derivative (or of f, for a
    derivative that is about zero)."""
    if jacobian:  # x is a column: entry (i, 0) is column i of the Jacobian
        cols = [i for i, _ in entries]
        a, b = symbolic[:, cols], numeric[:, cols]
        slack = 0.0 if noise is None else np.broadcast_to(noise[None, :], a.shape)
    else:
        a = np.array([symbolic[i, j] for i, j in entries])
        b = np.array([numeric[i, j] for i, j in entries])
        slack = 0.0 if noise is None else noise
    scale = max(float(np.max(np.abs(b), initial=0.0)), float(np.max(np.abs(a), initial=0.0)))
    floor = 1e-8 * (1.0 + float(np.max(np.abs(value))))
    beyond = np.maximum(np.abs(a - b) - slack, 0.0)
    return float(np.max(beyond, initial=0.0)) / max(scale, floor)
