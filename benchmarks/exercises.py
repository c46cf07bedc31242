"""Exercises generated per second, for every registered skill, and the slowest skill.

Every generator in the registry (whoever wrote it) makes the same number of exercises at
each difficulty through the public ``exercise`` function, so the figures include seeding
and building the ``Exercise``. The slowest single exercise is shown too: generators that
draw until a condition holds (an invertible matrix, an undefined product) have a tail.
Baseline: seeding alone, the NumPy Generator every exercise is built from.
"""

from __future__ import annotations

import statistics
import time
import zlib

PER_DIFFICULTY = 40  # exercises per skill and difficulty: 120 per skill


def _seeding_us(count: int) -> float:
    """Median cost of the per-exercise seeded Generator, in microseconds."""
    import numpy as np

    times = []
    for seed in range(count):
        start = time.perf_counter()
        np.random.default_rng(np.random.SeedSequence([seed, 1 + seed % 3, zlib.crc32(b"x")]))
        times.append((time.perf_counter() - start) * 1e6)
    return statistics.median(times)


def measure(skill: str, per_difficulty: int = PER_DIFFICULTY) -> dict[str, float]:
    """Timings of ``per_difficulty`` exercises at each difficulty of ``skill``."""
    from dlmath.exercises import exercise

    times = []
    for difficulty in (1, 2, 3):
        for seed in range(per_difficulty):
            start = time.perf_counter()
            exercise(skill, difficulty, seed)
            times.append(time.perf_counter() - start)
    total = sum(times)
    return {
        "per_second": len(times) / total,
        "median_us": statistics.median(times) * 1e6,
        "max_ms": max(times) * 1000,
    }


def run(per_difficulty: int = PER_DIFFICULTY) -> None:
    from dlmath.exercises import exercise, generators

    skills = sorted(generators())
    for skill in skills:  # warm up: imports and first-call caches are not the generator's cost
        exercise(skill, 1, 0)
    baseline = _seeding_us(2000)
    figures = {skill: measure(skill, per_difficulty) for skill in skills}

    width = max(len(s) for s in skills)
    print(f"{len(skills)} skills, {3 * per_difficulty} exercises each (difficulties 1-3)")
    print(f"{'skill':<{width}}  {'ex/s':>8}  {'median µs':>10}  {'x seeding':>9}  {'max ms':>7}")
    for skill in skills:
        f = figures[skill]
        print(
            f"{skill:<{width}}  {f['per_second']:>8.0f}  {f['median_us']:>10.0f}  "
            f"{f['median_us'] / baseline:>9.0f}  {f['max_ms']:>7.2f}"
        )
    slowest = min(skills, key=lambda s: figures[s]["per_second"])
    print(f"baseline, seeding one Generator: {baseline:.1f} µs (median)")
    print(
        f"slowest skill: {slowest}, {figures[slowest]['per_second']:.0f} exercises/s "
        f"(slowest single exercise {figures[slowest]['max_ms']:.2f} ms)"
    )
