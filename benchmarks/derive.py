"""dlmath.derive against SymPy's MatrixSymbol differentiation on textbook gradients.

The cases are in ``derive_cases.toml``. For each: the time of ``dlmath.derive`` (which
includes its own finite-difference check) and of SymPy's ``expr.diff(X)`` on the same
expression, converted from dlmath's parsed tree (never from text). Both results are
checked here against central finite differences of the original function at one
random point: a result is right only if it matches. SymPy's result is made numeric by
substituting explicit matrices, ``.doit()`` and ``.as_explicit()``.
"""

from __future__ import annotations

import signal
import statistics
import time
import tomllib
import warnings
from pathlib import Path

import numpy as np

CASES = Path(__file__).with_name("derive_cases.toml")
SYMPY_SECONDS = 10  # per case; a SymPy call past this counts as a failure
REPEAT = 3


class Unconvertible(Exception):
    """A part of the tree that has no SymPy matrix-expression counterpart."""


def load_cases() -> list[dict]:
    return tomllib.loads(CASES.read_text(encoding="utf-8"))["case"]


def _dims(shape: str) -> tuple[int, int]:
    parts = shape.split("x")
    return (int(parts[0]), int(parts[1])) if len(parts) == 2 else (int(parts[0]), 1)


def sample(shapes: dict[str, str], assume: dict[str, str], rng: np.random.Generator) -> dict:
    env = {}
    for name, shape in sorted(shapes.items()):
        r, c = _dims(shape)
        prop = assume.get(name, "")
        if prop == "spd":
            m = rng.normal(size=(r, r))
            env[name] = m @ m.T + r * np.eye(r)
        elif prop == "positive":
            env[name] = rng.uniform(0.5, 2.0, size=(r, c))
        elif prop == "one-hot":
            v = np.zeros((r, c))
            v[rng.integers(r), 0] = 1.0
            env[name] = v
        elif prop == "probability":
            v = rng.uniform(0.2, 1.0, size=(r, c))
            env[name] = v / v.sum()
        elif r == c and r > 1:
            env[name] = rng.normal(size=(r, r)) + 3 * np.eye(r)
        else:
            env[name] = rng.normal(size=(r, c))
    return env


def finite_differences(tree, env: dict, wrt: str, h: float = 1e-6) -> np.ndarray:
    from dlmath.expr.evaluate import evaluate

    x = env[wrt]
    out = np.zeros(x.shape)
    for i in range(x.shape[0]):
        for j in range(x.shape[1]):
            plus, minus = x.copy(), x.copy()
            plus[i, j] += h
            minus[i, j] -= h
            diff = evaluate(tree, {**env, wrt: plus}) - evaluate(tree, {**env, wrt: minus})
            out[i, j] = diff[0, 0] / (2 * h)
    return out


# ---- dlmath tree -> SymPy ---------------------------------------------------------------


class SympyConverter:
    """Builds the SymPy matrix expression of a parsed dlmath tree."""

    def __init__(self, shapes: dict[str, str]):
        import sympy

        self.sp = sympy
        self.shapes = {k: _dims(v) for k, v in shapes.items()}
        self.symbols = {
            name: sympy.MatrixSymbol(name, r, c) if (r, c) != (1, 1) else sympy.Symbol(name)
            for name, (r, c) in self.shapes.items()
        }

    def convert(self, e):
        method = getattr(self, "c_" + type(e).__name__, None)
        if method is None:
            raise Unconvertible(type(e).__name__)
        return method(e)

    def is_matrix(self, v) -> bool:
        return isinstance(v, self.sp.MatrixExpr)

    def scalar(self, v):
        """A 1×1 matrix expression as a scalar (for scaling a matrix)."""
        if self.is_matrix(v):
            if v.shape != (1, 1):
                raise Unconvertible("a matrix where a scalar is needed")
            return v[0, 0]
        return v

    def c_Num(self, e):
        return self.sp.Rational(e.value.numerator, e.value.denominator)

    def c_Const(self, e):
        return self.sp.pi if e.name == "pi" else self.sp.E

    def c_Sym(self, e):
        return self.symbols[e.name]

    def c_Neg(self, e):
        return -self.convert(e.arg)

    def c_Add(self, e):
        terms = [self.convert(t) for t in e.terms]
        if any(self.is_matrix(t) for t in terms) and not all(self.is_matrix(t) for t in terms):
            raise Unconvertible("a scalar added to a matrix")
        return self.sp.Add(*terms) if not self.is_matrix(terms[0]) else self.sp.MatAdd(*terms)

    def c_Mul(self, e):
        acc = self.convert(e.factors[0])
        for f in e.factors[1:]:
            acc = self.product(acc, self.convert(f))
        return acc

    def product(self, a, b):
        if self.is_matrix(a) and self.is_matrix(b):
            if a.shape[1] == b.shape[0]:
                return self.sp.MatMul(a, b)
            if a.shape == (1, 1):
                return self.scalar(a) * b
            if b.shape == (1, 1):
                return a * self.scalar(b)
            raise Unconvertible("non-conformable product")
        return a * b

    def c_Hadamard(self, e):
        from sympy import HadamardProduct

        return HadamardProduct(self.convert(e.left), self.convert(e.right))

    def c_Div(self, e):
        num, den = self.convert(e.num), self.convert(e.den)
        if self.is_matrix(den) and den.shape != (1, 1):
            from sympy import HadamardPower, HadamardProduct

            return HadamardProduct(num, HadamardPower(den, -1))
        return num * self.scalar(den) ** -1

    def c_Pow(self, e):
        base, exponent = self.convert(e.base), self.convert(e.exponent)
        if self.is_matrix(base):
            return self.sp.MatPow(base, exponent)
        return base**exponent

    def c_Transpose(self, e):
        v = self.convert(e.arg)
        return v.T if self.is_matrix(v) else v

    def c_Inverse(self, e):
        v = self.convert(e.arg)
        return v.I if self.is_matrix(v) else 1 / v

    def elementwise(self, fn, v):
        return v.applyfunc(fn) if self.is_matrix(v) else fn(v)

    def total(self, v):
        from sympy import OneMatrix

        r, c = v.shape
        return OneMatrix(1, r) * v * OneMatrix(c, 1)

    def c_Func(self, e):
        sp = self.sp
        name = e.name
        v = self.convert(e.args[0])
        if name == "tr":
            return sp.Trace(v)
        if name == "det":
            return sp.Determinant(v)
        if name == "logdet":
            return sp.log(sp.Determinant(v))
        if name == "sum":
            return self.total(v)
        t = sp.Dummy("t")
        functions = {
            "exp": sp.exp,
            "log": sp.log,
            "sqrt": sp.sqrt,
            "sin": sp.sin,
            "cos": sp.cos,
            "tanh": sp.tanh,
            "abs": sp.Abs,
            "sigmoid": sp.Lambda(t, 1 / (1 + sp.exp(-t))),
            "relu": sp.Lambda(t, sp.Max(0, t)),
        }
        if name in functions:
            return self.elementwise(functions[name], v)
        if name == "softmax":
            ex = v.applyfunc(sp.exp)
            return ex * self.scalar(self.total(ex)) ** -1
        if name == "logsumexp":
            return sp.log(self.scalar(self.total(v.applyfunc(sp.exp))))
        raise Unconvertible(name)

    def c_Norm(self, e):
        sp = self.sp
        v = self.convert(e.arg)
        if e.p == "1":
            return self.total(v.applyfunc(sp.Abs))
        if e.p == "F" or v.shape[1] == 1:
            return sp.sqrt(sp.Trace(v.T * v))
        raise Unconvertible("spectral norm")


def sympy_numeric(result, converter: SympyConverter, env: dict, shape: tuple[int, int]):
    """SymPy's derivative as a float array at ``env``."""
    sp = converter.sp
    values = {}
    for name, symbol in converter.symbols.items():
        value = env[name]
        values[symbol] = sp.ImmutableMatrix(value) if value.shape != (1, 1) else value[0, 0]
    numeric = result.subs(values).doit()
    if hasattr(numeric, "as_explicit"):
        numeric = numeric.as_explicit()
    array = np.array(sp.Array(numeric).tolist() if not np.isscalar(numeric) else numeric)
    array = np.asarray(array, dtype=float)
    if array.size == 1 and shape != (1, 1):
        return np.full(shape, float(array.ravel()[0]))  # SymPy's silent scalar 0
    return array.reshape(shape)


class _Timeout(Exception):
    pass


def _alarm(signum, frame):
    raise _Timeout


def run_case(case: dict) -> dict:
    import dlmath
    from dlmath.expr import parse

    shapes, assume = case["shapes"], case.get("assume", {})
    wrt = case["wrt"]
    tree = parse(case["f"], shapes)
    rng = np.random.default_rng(7)
    env = sample(shapes, assume, rng)
    numeric = finite_differences(tree, env, wrt)
    shape = numeric.shape
    row = {"f": case["f"], "wrt": wrt}

    times = []
    for _ in range(REPEAT):
        start = time.perf_counter()
        d = dlmath.derive(case["f"], wrt=wrt, shapes=shapes, assume=assume)
        times.append(time.perf_counter() - start)
    row["dlmath_ms"] = statistics.median(times) * 1000
    from dlmath.expr.evaluate import evaluate
    from dlmath.expr.nodes import Add, Mul, Num, Sym

    printed = parse(d.result, shapes)
    ours = evaluate(Add((printed, Mul((Num(0), Sym(wrt))))), env)  # a lone I gets its size
    row["dlmath_ok"] = bool(np.allclose(np.broadcast_to(ours, shape), numeric, atol=1e-5))
    row["dlmath_result"] = d.result

    signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(SYMPY_SECONDS)
    try:
        converter = SympyConverter(shapes)
        expr = converter.convert(tree)
        variable = converter.symbols[wrt]
        times = []
        for _ in range(REPEAT):
            start = time.perf_counter()
            result = expr.diff(variable)
            times.append(time.perf_counter() - start)
        row["sympy_ms"] = statistics.median(times) * 1000
        if result == 0:
            row.update(sympy_ok=False, sympy_note="returned 0")
            return row
        if result.has(converter.sp.Derivative):
            row.update(sympy_ok=False, sympy_note="left unevaluated")
            return row
        got = sympy_numeric(result, converter, env, shape)
        row["sympy_ok"] = bool(np.allclose(got, numeric, atol=1e-5))
        row["sympy_note"] = "" if row["sympy_ok"] else ("0" if not np.any(got) else "wrong value")
    except Unconvertible as why:
        row.update(sympy_ms=None, sympy_ok=False, sympy_note=f"no counterpart: {why}")
    except _Timeout:
        row.update(sympy_ms=None, sympy_ok=False, sympy_note=f"over {SYMPY_SECONDS} s")
    except Exception as error:  # SymPy raising is one of its outcomes
        row.update(
            sympy_ms=row.get("sympy_ms"),
            sympy_ok=False,
            sympy_note=f"error: {type(error).__name__}",
        )
    finally:
        signal.alarm(0)
    return row


def run() -> None:
    import sympy

    with warnings.catch_warnings():  # SymPy's own deprecation notices
        warnings.simplefilter("ignore")
        rows = [run_case(case) for case in load_cases()]
    print(
        f"{len(rows)} textbook gradients; SymPy {sympy.__version__}; sizes 2-5; times are medians"
    )
    print(f"{'function':34} {'wrt':3} {'dlmath ms':>9} {'ok':>3} {'sympy ms':>9} {'ok':>3}  note")
    for r in rows:
        sympy_ms = f"{r['sympy_ms']:9.2f}" if r["sympy_ms"] is not None else f"{'—':>9}"
        print(
            f"{r['f'][:34]:34} {r['wrt']:3} {r['dlmath_ms']:9.2f} "
            f"{'✓' if r['dlmath_ok'] else '✗':>3} {sympy_ms} {'✓' if r['sympy_ok'] else '✗':>3}  "
            f"{r['sympy_note']}"
        )
    ours = sum(r["dlmath_ok"] for r in rows)
    theirs = sum(r["sympy_ok"] for r in rows)
    both = [r for r in rows if r["sympy_ms"] is not None]
    ours_ms = sum(r["dlmath_ms"] for r in both)
    sympy_ms = sum(r["sympy_ms"] for r in both)
    print(f"right: dlmath {ours}/{len(rows)}, SymPy {theirs}/{len(rows)}")
    silent_zero = sum(r["sympy_note"] in ("0", "returned 0") for r in rows)
    print(f"SymPy silently returned 0 for {silent_zero} of them")
    print(
        f"time on the {len(both)} cases SymPy differentiated: dlmath {ours_ms:.0f} ms, SymPy "
        f"{sympy_ms:.0f} ms (ratio {ours_ms / max(1e-9, sympy_ms):.2f}; dlmath's time includes "
        f"its finite-difference check, SymPy's has no check)"
    )
