"""Producing a 100-problem worksheet and its answer key, as PDF.

Figures: choosing the exercises, writing both Typst documents, compiling each to PDF,
and the whole job, for the matrix-multiplication sheet at each difficulty and for a
sheet mixing every practice skill. The baseline is generating the same 100 exercises
alone (what any interface pays), so the ratio is what printing adds on top.
"""

from __future__ import annotations

import statistics
import time

COUNT = 100
REPEAT = 3


def _median_s(fn, repeat: int = REPEAT) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _measure(skills: list[str], difficulty: int, seed: int) -> dict[str, float]:
    from dlmath import worksheets
    from dlmath.exercises.registry import exercise

    sheet = worksheets.build(skills, COUNT, difficulty, seed)
    ids = [(p.exercise.skill, p.exercise.seed) for p in sheet.problems]
    sheet_src = worksheets.sheet_source(sheet, "bench")
    key_src = worksheets.key_source(sheet, "bench")
    return {
        "exercises": _median_s(lambda: [exercise(s, difficulty, n) for s, n in ids]),
        "build": _median_s(lambda: worksheets.build(skills, COUNT, difficulty, seed)),
        "typst source": _median_s(
            lambda: (worksheets.sheet_source(sheet, "x"), worksheets.key_source(sheet, "x"))
        ),
        "sheet pdf": _median_s(lambda: worksheets.compile_pdf(sheet_src)),
        "key pdf": _median_s(lambda: worksheets.compile_pdf(key_src)),
        "whole job": _median_s(
            lambda: [
                worksheets.compile_pdf(source(built, "x"))
                for built in [worksheets.build(skills, COUNT, difficulty, seed)]
                for source in (worksheets.sheet_source, worksheets.key_source)
            ]
        ),
    }


def run() -> None:
    from dlmath.exercises.registry import generators

    generators()  # load every generator once, outside the timings
    cases = [(f"linalg.matmul d{d}", ["linalg.matmul"], d) for d in (1, 2, 3)]
    cases.append((f"all {len(generators())} practice skills d2", sorted(generators()), 2))
    for label, skills, difficulty in cases:
        try:
            figures = _measure(skills, difficulty, seed=2024)
        except Exception as error:  # one broken generator must not hide the other figures
            print(f"{label}: failed ({error})")
            continue
        print(f"{label}, {COUNT} problems (median of {REPEAT}):")
        for name, seconds in figures.items():
            print(f"  {name:<13} {seconds * 1000:8.1f} ms")
        ratio = figures["whole job"] / figures["exercises"]
        print(f"  ratio whole job / exercises alone (baseline): {ratio:.1f}x")
