"""The check against the NumPy floor: one ``equivalent`` call beside NumPy evaluating
both sides at the checker's 4 points, on the corpus of ``benchmarks/check.py``; then how
the check grows with expression size (10 to 300 nodes) and with matrix size.

The floor is the least any numeric check can cost: both sides already parsed and turned
into NumPy code (by dlmath's own renderer, from the benchmark's fixed corpus, never from
user text), the values already drawn; only the 2 × 4 evaluations are timed.

Where the check's time goes is shown stage by stage (medians per category): reading the
answer, its shape, its values, the diagnosis chain, writing it back as text, and the rest
(declarations, the expected side, the verdict). The expected side of an exercise is worked
out once and remembered (its text does not change between learners' answers); the "cold"
column is the check with that forgotten too, as for an expected answer never seen before.

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


def _stages(pair: dict) -> dict[str, float]:
    """Seconds per stage of one check (see the module's docstring)."""
    from dlmath.checker import equivalent
    from dlmath.checker.compare import _bounded
    from dlmath.checker.equivalence import make_givens, parse_expected
    from dlmath.checker.evidence import (
        Evidence,
        concrete_pair,
        concrete_values,
        decimals_typed,
        draw_points,
        symbolic_evidence,
    )
    from dlmath.checker.memo import forget_expected
    from dlmath.checker.rules import judge
    from dlmath.expr.parser import _parse, parse
    from dlmath.expr.render import to_text
    from dlmath.expr.shapes import SCALAR

    shapes_text, assume = pair.get("shapes"), pair.get("assume")
    givens = make_givens(shapes_text, assume, strict_names=bool(shapes_text))
    answer = parse(pair["answer"], givens.shapes)
    expected = parse_expected(pair["expected"], givens)
    declared = set(givens.shapes) | expected.names()
    if not givens.strict_names:
        declared |= answer.names()
    shapes = {n: givens.shapes.get(n, SCALAR) for n in declared}
    names = sorted(declared)
    shape = _bounded(shapes).infer(answer)
    if answer.names() | expected.names():
        points = draw_points(expected, givens, shapes, names, shape)
        evidence = symbolic_evidence(answer, expected, givens, shapes, names, (), shape)

        def values() -> None:
            symbolic_evidence(answer, expected, givens, shapes, names, (), shape)
    else:
        first, expected_values, size = concrete_pair(answer, expected)
        assert not isinstance(first, Exception)
        decimals = decimals_typed(answer, first.floats[0].shape)
        evidence = Evidence(
            answer,
            expected,
            givens,
            shapes,
            names,
            (),
            first,
            expected_values,
            None,
            decimals,
            size,
        )
        points = None

        def values() -> None:
            concrete_values(answer, None)

    def parse_answer() -> None:
        _parse.cache_clear()
        parse(pair["answer"], givens.shapes)

    def cold() -> None:
        forget_expected()
        _parse.cache_clear()
        equivalent(pair["answer"], pair["expected"], shapes_text, assume)

    del points
    return {
        "parse": _per_call(parse_answer),
        "shape": _per_call(lambda: _bounded(shapes).infer(answer)),
        "values": _per_call(values),
        "diagnosis": _per_call(lambda: judge(evidence)),
        "text": _per_call(lambda: to_text(answer)),
        "cold": _per_call(cold, inner=5),
    }


def stage_table(pairs: list[dict], checks: dict[int, float]) -> None:
    """Medians per category of each stage; "rest" is the check less the stages."""
    rows: dict[str, list[dict[str, float]]] = {}
    for k, pair in enumerate(pairs):
        if k not in checks:
            continue
        try:
            stages = _stages(pair)
        except Exception:  # a pair decided before there are values (no stages to show)
            continue
        stages["check"] = checks[k]
        stages["rest"] = checks[k] - sum(stages[s] for s in STAGES)
        for category in (pair["category"], "all"):
            rows.setdefault(category, []).append(stages)
    columns = ("check", *STAGES, "rest", "cold")
    print(f"\nstages of the check, µs (medians; {len(rows.get('all', []))} pairs)")
    print(f"  {'category':20}" + "".join(f"{c:>10}" for c in columns))
    for category in sorted(rows, key=lambda c: (c == "all", c)):
        sel = rows[category]
        medians = [statistics.median(r[c] for r in sel) * 1e6 for c in columns]
        print(f"  {category:20}" + "".join(f"{m:10.0f}" for m in medians))


STAGES = ("parse", "shape", "values", "diagnosis", "text")


def polynomial(terms: int) -> tuple[str, str]:
    """Two spellings of one polynomial in x and y with ``terms`` terms."""
    parts = [f"{k + 1} x^{k % 5} y^{k % 3}" for k in range(terms)]
    return " + ".join(parts), " + ".join(reversed(parts))


def run() -> None:
    from dlmath.expr import parse

    pairs = corpus()
    _check(pairs[0])  # warm the imports
    rows = []
    checks: dict[int, float] = {}
    for k, pair in enumerate(pairs):
        floor = _floor(pair)
        if floor is not None:
            checks[k] = _check(pair)
            rows.append((pair["category"], checks[k], floor))
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
    stage_table(pairs, checks)
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
