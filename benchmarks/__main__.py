"""Run the benchmarks: ``python -m benchmarks`` (all) or ``python -m benchmarks check``.

Each benchmark module has ``run() -> None`` that prints its own figures, including the
ratio to a baseline measured in the same process.
"""

from __future__ import annotations

import importlib
import sys

BENCHMARKS = {
    # name: module
    "check": "benchmarks.check",
    "check_floor": "benchmarks.check_floor",
    "derive": "benchmarks.derive",
    "exercises": "benchmarks.exercises",
    "load": "benchmarks.load",
    "placement": "benchmarks.placement",
    "planner": "benchmarks.planner",
    "startup": "benchmarks.startup",
    "store": "benchmarks.store",
    "worksheets": "benchmarks.worksheets",
    "web": "benchmarks.web",
}


def main(argv: list[str]) -> int:
    names = argv or list(BENCHMARKS)
    unknown = [n for n in names if n not in BENCHMARKS]
    if unknown:
        print(f"unknown benchmark(s): {', '.join(unknown)}; known: {', '.join(BENCHMARKS)}")
        return 2
    for name in names:
        print(f"== {name} ==")
        importlib.import_module(BENCHMARKS[name]).run()
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
