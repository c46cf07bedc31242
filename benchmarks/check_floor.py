"""The check against the NumPy floor: one ``equivalent`` call beside NumPy evaluating
both sides at the checker's 4 points, on the corpus of ``benchmarks/check.py``; then how
the check grows with expression size (10 to 300 nodes) and with matrix size.

The floor is the least any numeric check can cost: both sides already parsed and turned
into NumPy code (by dlmath's own renderer, from the benchmark's fixed corpus, never from
user text), the values already drawn; only the 2 × 4 evaluations are timed.

Run: ``python -m benchmarks check_floor``.
"""

from __future__ import annotations

import statistics
import time
from typing import Any

import numpy as np

from benchmarks.check import corpus

POINTS = 4
REPEAT = 5
TARGET = 6.0


def _best(work, repeat: int = REPEAT) -> float:  # type: ignore[no-untyped-def]
    """Median seconds of ``work`` (CPU time of this process, not wall time)."""
    times = []
    for _ in range(repeat):
        start = time.process_time()
        work()
        times.append(time.process_time() - start)
    return statistics.median(times)


def _check(pair: dict) -> float:
    from dlmath.checker import equivalent
    from dlmath.expr.parser import _parse

    def once() -> None:
        _parse.cache_clear()  # the cold path, as in benchmarks/check.py
        equivalent(pair["answer"], pair["expected"], pair.get("shapes"), pair.get("assume"))

    return _per_call(once)


def _per_call(work, inner: int = 20) -> float:  # type: ignore[no-untyped-def]
    def batch() -> None:
        for _ in range(inner):
            work()

    return _best(batch) / inner


def _floor(pair: dict) -> float | None:
    """Seconds for NumPy to evaluate both sides at 4 points; None when no NumPy code."""
    from dlmath.expr import parse
    from dlmath.expr.nodes import Sym
    from dlmath.expr.numpy_code import python_name, to_numpy
    from dlmath.expr.shapes import parse_shape

    shapes = pair.get("shapes") or {}
    try:
        trees = [parse(pair[side], shapes) for side in ("answer", "expected")]
        codes = [compile(to_numpy(t, shapes), "<floor>", "eval") for t in trees]
    except Exception:  # a form the NumPy renderer does not cover
        return None
    rng = np.random.default_rng(0)
    names = {n.name for t in trees for n in t.walk() if isinstance(n, Sym)}
    envs: list[dict[str, Any]] = []
    for _ in range(POINTS):
        env: dict[str, Any] = {}
        for name in names:
            if name in shapes:
                s = parse_shape(shapes[name])
                env[python_name(name)] = rng.normal(size=(int(s.rows), int(s.cols)))
            else:
                env[python_name(name)] = np.float64(rng.uniform(0.5, 2.0))
        envs.append(env)
    scope = {"np": np}

    def once() -> None:
        for env in envs:
            for code in codes:
                eval(code, scope, env)  # noqa: S307 - dlmath's own NumPy code, fixed corpus

    try:
        once()
    except Exception:
        return None
    return _per_call(once)


def polynomial(terms: int) -> tuple[str, str]:
    """Two spellings of one polynomial in x and y with ``terms`` terms."""
    parts = [f"{k + 1} x^{k % 5} y^{k % 3}" for k in range(terms)]
    return " + ".join(parts), " + ".join(reversed(parts))


def run() -> None:
    from dlmath.expr import parse

    pairs = corpus()
    _check(pairs[0])  # warm the imports
    rows = []
    for pair in pairs:
        floor = _floor(pair)
        if floor is not None:
            rows.append((pair["category"], _check(pair), floor))
    print(f"pairs with NumPy code: {len(rows)} of {len(pairs)}; CPU time, medians of {REPEAT}")
    print(f"  {'category':20}{'pairs':>6}{'check µs':>10}{'floor µs':>10}{'ratio':>8}  target")
    for category in sorted({r[0] for r in rows}) + ["all"]:
        sel = [r for r in rows if category in ("all", r[0])]
        check = statistics.median(r[1] for r in sel)
        floor = statistics.median(r[2] for r in sel)
        print(
            f"  {category:20}{len(sel):6d}{check * 1e6:10.0f}{floor * 1e6:10.1f}"
            f"{check / floor:7.1f}x  <= {TARGET}x"
        )
    print("\nexpression size (a polynomial in x, y against its terms reversed)")
    print(f"  {'nodes':>6}{'check µs':>10}{'floor µs':>10}{'ratio':>8}")
    for terms in (1, 3, 10, 20, 30):
        answer, expected = polynomial(terms)
        pair = {"answer": answer, "expected": expected}
        nodes = parse(answer).size()
        floor = _floor(pair) or float("nan")
        check = _check(pair)
        print(f"  {nodes:>6}{check * 1e6:10.0f}{floor * 1e6:10.1f}{check / floor:7.1f}x")
    print("\nmatrix size ((A B)^T against B^T A^T, A and B n×n)")
    print(f"  {'n':>6}{'check µs':>10}{'floor µs':>10}{'ratio':>8}")
    for n in (2, 8, 24, 48):  # the checker refuses values over 2,500 entries
        pair = {
            "answer": "(A B)^T",
            "expected": "B^T A^T",
            "shapes": {"A": f"{n}x{n}", "B": f"{n}x{n}"},
        }
        floor = _floor(pair) or float("nan")
        check = _check(pair)
        print(f"  {n:>6}{check * 1e6:10.0f}{floor * 1e6:10.1f}{check / floor:7.1f}x")


if __name__ == "__main__":
    run()
