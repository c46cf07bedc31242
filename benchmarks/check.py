"""Checker benchmark: latency of ``dlmath.equivalent`` on 200+ labelled pairs, against a
SymPy baseline (``simplify(a - b) == 0`` on matrices of symbols) in the same run.

Run: ``python -m benchmarks check``.
"""

from __future__ import annotations

import signal
import statistics
import time
import tomllib
from fractions import Fraction
from pathlib import Path

import numpy as np

SYMPY_TIMEOUT_S = 2


TEMPLATES = [  # (answer, expected, equal) over A: m×n, B: n×p, C: p×m, x: n, b: m
    ("(A B)^T", "B^T A^T", True),
    ("(A B)^T", "2 B^T A^T", False),
    ("(A B C)^T", "C^T B^T A^T", True),
    ("A^T (A x - b)", "A^T A x - A^T b", True),
    ("A^T (A x - b)", "A^T A x + A^T b", False),
    ("||A x - b||^2", "x^T A^T A x - 2 b^T A x + b^T b", True),
    ("tr(A B C)", "tr(C A B)", True),
]


def corpus() -> list[dict]:
    """The hand-labelled pairs plus generated ones whose labels hold by construction,
    in four categories: scalar expressions, fractions, matrices, matrix expressions."""
    pairs = tomllib.loads((Path(__file__).parent / "check_corpus.toml").read_text())["pair"]
    for pair in pairs:
        pair["category"] = "matrix expression" if pair.get("shapes") else "scalar expression"
    rng = np.random.default_rng(2024)
    for k in range(40):  # integer matrix products, half with one entry off by one
        n, m, p = (int(v) for v in rng.integers(2, 4, size=3))
        a = rng.integers(-5, 6, size=(n, m))
        b = rng.integers(-5, 6, size=(m, p))
        product = a @ b
        right = k % 2 == 0
        if not right:
            product[rng.integers(n), rng.integers(p)] += 1
        pairs.append(
            {
                "answer": str(product.tolist()),
                "expected": f"{a.tolist()} {b.tolist()}",
                "equal": right,
                "category": "matrix",
            }
        )
    for k in range(30):  # fractions: a/b + c/d against the sum, or the classic wrong sum
        a, c = (int(v) for v in rng.integers(1, 10, size=2))
        b, d = (int(v) for v in rng.integers(2, 12, size=2))
        total = Fraction(a, b) + Fraction(c, d)
        shown = total if k % 2 == 0 else Fraction(a + c, b + d)
        pairs.append(
            {
                "answer": f"{shown.numerator}/{shown.denominator}",
                "expected": f"{a}/{b} + {c}/{d}",
                "equal": shown == total,
                "category": "fraction",
            }
        )
    for k in range(30):  # (x + a)(x + b) against its expansion, or a wrong coefficient
        a, b = (int(v) for v in rng.integers(-9, 10, size=2))
        linear = a + b if k % 2 == 0 else a + b + 1
        pairs.append(
            {
                "answer": f"(x + {a})(x + {b})",
                "expected": f"x^2 + {linear} x + {a * b}",
                "equal": k % 2 == 0,
                "category": "scalar expression",
            }
        )
    for k in range(28):  # matrix identities at random sizes
        answer, expected, equal = TEMPLATES[k % len(TEMPLATES)]
        m, n, p = (int(v) for v in rng.integers(2, 4, size=3))
        shapes = {"A": f"{m}x{n}", "B": f"{n}x{p}", "C": f"{p}x{m}", "x": f"{n}", "b": f"{m}"}
        pairs.append(
            {
                "answer": answer,
                "expected": expected,
                "shapes": shapes,
                "equal": equal,
                "category": "matrix expression",
            }
        )
    return pairs


class _Timeout(Exception):
    pass


def _alarm(signum, frame):
    raise _Timeout


def _sympy_decide(pair: dict) -> tuple[bool | None, float]:
    from benchmarks.sympy_convert import sympy_equal
    from dlmath.expr import parse

    shapes = pair.get("shapes", {})
    assume = pair.get("assume", {})
    a, b = parse(pair["answer"], shapes), parse(pair["expected"], shapes)
    signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(SYMPY_TIMEOUT_S)
    start = time.perf_counter()
    try:
        decision: bool | None = bool(sympy_equal(a, b, shapes, assume, {}))
    except _Timeout:
        decision = None
    except Exception:  # the baseline fails on what it cannot convert or simplify
        decision = None
    finally:
        signal.alarm(0)
    return decision, time.perf_counter() - start


REPEATS = 3  # each pair is timed this many times and its median kept (the machine is shared)


def _dlmath_decide(pair: dict) -> tuple[bool, float]:
    from dlmath.checker import equivalent
    from dlmath.expr.parser import _parse

    times = []
    for _ in range(REPEATS):
        _parse.cache_clear()  # measure the cold path: parse, shapes, evaluation
        start = time.perf_counter()
        result = equivalent(
            pair["answer"], pair["expected"], pair.get("shapes"), pair.get("assume")
        )
        times.append(time.perf_counter() - start)
    return bool(result), statistics.median(times)


def _percentile(values: list[float], q: float) -> float:
    return float(np.percentile(values, q))


def run() -> None:
    pairs = corpus()
    _dlmath_decide(pairs[0])  # warm the imports
    rows = []
    for pair in pairs:
        decision, seconds = _dlmath_decide(pair)
        base, base_seconds = _sympy_decide(pair)
        rows.append((pair, decision, seconds, base, base_seconds))
    ms = 1000.0
    print(f"pairs: {len(pairs)} ({sum(p['equal'] for p in pairs)} equal); dlmath times are")
    print(f"per-pair medians of {REPEATS} runs, SymPy's single runs (timeout {SYMPY_TIMEOUT_S} s)")
    print(
        f"{'category':20}{'pairs':>6}{'dlmath med':>12}{'p99':>9}{'SymPy med':>12}{'p99':>10}"
        f"{'ratio':>8}{'right':>7}{'SymPy':>7}"
    )
    categories = sorted({p["category"] for p in pairs}) + ["all"]
    for category in categories:
        sel = [r for r in rows if category in ("all", r[0]["category"])]
        ours = [r[2] for r in sel]
        theirs = [r[4] for r in sel]
        ratio = statistics.median(theirs) / statistics.median(ours)
        print(
            f"{category:20}{len(sel):6d}{statistics.median(ours) * ms:12.3f}"
            f"{_percentile(ours, 99) * ms:9.2f}{statistics.median(theirs) * ms:12.3f}"
            f"{_percentile(theirs, 99) * ms:10.1f}{ratio:8.1f}"
            f"{sum(r[1] == r[0]['equal'] for r in sel):7d}"
            f"{sum(r[3] == r[0]['equal'] for r in sel):7d}"
        )
    undecided = sum(r[3] is None for r in rows)
    print(f"SymPy undecided (error or over {SYMPY_TIMEOUT_S} s): {undecided}")
    for pair, decision, _, base, _ in rows:
        if decision != pair["equal"]:
            print(f"dlmath wrong: {pair['answer']!r} vs {pair['expected']!r}")
        if base is not None and base != pair["equal"]:
            print(f"SymPy wrong: {pair['answer']!r} vs {pair['expected']!r}")
    hostile()


#: The hostile set of the issue tracker: legal-looking inputs that once exploded in time or
#: memory, with the limits' edges. (answer, expected, shapes); expected None: ``eval``.
_K = "[[1, 2], [3, 4]]"
HOSTILE = [
    (" ⊗ ".join([_K] * 14), "1", None),
    ("A ⊗ A", "A", {"A": "1000x1000"}),
    ("det(" + " ⊗ ".join([_K] * 9) + ")", "0", None),
    ("[1e99 0; 0 1]^100", "1", None),
    ("inv(A)", "A", {"A": "1000x1000"}),
    ("det(A)", "1", {"A": "1000x1000"}),
    ("X^30", "X", {"X": "50x50"}),
    ("inv(X) X", "I", {"X": "50x50"}),
    ("x x^T", "x", {"x": "50"}),
    ("inv([[10^13, 0], [0, 1]])", "[[1/10000000000000, 0], [0, 1]]", None),
    ("det([[1.5*10^6, 3*10^6], [11*10^6, 22*10^6]])", "0", None),
    ("(" + " ⊗ ".join([_K] * 4) + ")^100", None, None),
    ("det(" + " ⊗ ".join([_K] * 3) + ")", None, None),
    ("inv(" + " ⊗ ".join([_K] * 3) + ")", None, None),
    ("[[1/3, 2/7], [3/11, 4/13]]^100", None, None),
    ("9^9^9", "x", None),
    ("2^(2^(2^(2^100)))", "x", None),
    ("exp(exp(exp(exp(exp(exp(99))))))", "x", None),
    ("(" * 1000 + "x" + ")" * 1000, "x", None),
    ("x" * 100_000, "x", None),
    ("1000000!", "x", None),
    ("binom(1000, 500)", "1", None),
    (
        "["
        + "; ".join(" ".join(str(9 * ((8 * i + j) % 7 + 1)) for j in range(8)) for i in range(8))
        + "]^100",
        "1",
        None,
    ),
    (
        "[" + "; ".join(" ".join(f"{i + 1}/{j + 7}" for j in range(8)) for i in range(8)) + "]^100",
        "1",
        None,
    ),
]


def _hostile_once(answer: str, expected: str | None, shapes: dict | None) -> str:
    from dlmath.checker import equivalent
    from dlmath.expr import InputError
    from dlmath.expr.calculate import calculate
    from dlmath.expr.parser import _parse

    _parse.cache_clear()  # the cold path
    try:
        if expected is None:
            return "value" if calculate(answer).value else "shape"
        return equivalent(answer, expected, shapes=shapes).diagnosis or "equivalent"
    except InputError:
        return "refused"


def hostile() -> None:
    """Worst-case time (median of 3) and peak memory over the hostile set."""
    import tracemalloc

    print()
    print(f"hostile set: {len(HOSTILE)} inputs; time is the median of {REPEATS} runs")
    print(f"{'input':44}{'outcome':>22}{'ms':>9}{'peak MB':>9}")
    worst_ms = worst_mb = 0.0
    for answer, expected, shapes in HOSTILE:
        times = []
        for _ in range(REPEATS):
            start = time.perf_counter()
            outcome = _hostile_once(answer, expected, shapes)
            times.append(time.perf_counter() - start)
        tracemalloc.start()
        _hostile_once(answer, expected, shapes)
        peak = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
        ms = statistics.median(times) * 1000
        worst_ms, worst_mb = max(worst_ms, ms), max(worst_mb, peak)
        shown = answer if len(answer) <= 40 else answer[:37] + "..."
        print(f"{shown!r:44}{outcome:>22}{ms:9.2f}{peak:9.2f}")
    print(f"worst case: {worst_ms:.1f} ms, {worst_mb:.1f} MB peak (traced allocations)")
