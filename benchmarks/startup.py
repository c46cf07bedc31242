"""Start-up benchmark: what a learner waits for at the terminal, against baselines.

Each command runs as a fresh process; its cost is the CPU time (user + system) of the
child, read from ``resource.getrusage(RUSAGE_CHILDREN)``, so other load on the machine
does not inflate it as wall time would. Every figure is the median of several runs,
interleaved with the baselines measured in the same run: ``python -c "import numpy"``, the
same with one BLAS thread (what dlmath's commands run with, so the ratio against it shows
what is dlmath's own), and a bare Typer app with one command taking an argument.

Run: ``python -m benchmarks startup``.
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

REPEAT = 5
EXERCISE = "linalg.matmul:1:7"

BARE_TYPER = """
import typer
app = typer.Typer()
@app.command()
def hello(name: str = typer.Argument(...)) -> None:
    typer.echo(name)
@app.command()
def other() -> None:
    pass
app()
"""

# (label, argv after ``python -m dlmath``, stdin, baseline, target ratio)
NUMPY = "import numpy"
NUMPY_ONE_THREAD = "import numpy, 1 thread"
TYPER = "bare Typer"


def _cpu(argv: list[str], env: dict[str, str], stdin: str = "") -> float:
    """CPU seconds of one child process running ``argv``."""
    if argv[-1] == NUMPY_ONE_THREAD:
        argv, env = [argv[0], "-c", NUMPY], {**env, "OPENBLAS_NUM_THREADS": "1"}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(argv, input=stdin, env=env, capture_output=True, text=True, check=False)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def _answer() -> str:
    from dlmath.exercises import exercise_from_id

    return exercise_from_id(EXERCISE).expected


def run() -> None:
    py = sys.executable
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ)
        env["DLMATH_DATABASE_URL"] = f"sqlite:///{Path(tmp) / 'bench.db'}"
        env.pop("DLMATH_USER", None)
        env.pop("OPENBLAS_NUM_THREADS", None)
        bare = Path(tmp) / "bare_typer.py"
        bare.write_text(BARE_TYPER)
        answer = _answer()
        dl = [py, "-m", "dlmath"]
        # The store exists before the recorded runs, as it does for a returning learner.
        subprocess.run([*dl, "check", EXERCISE, answer], env=env, capture_output=True)
        cases: list[tuple[str, list[str], str, str, float]] = [
            ("dlmath --help", [*dl, "--help"], "", TYPER, 1.3),
            ("eval", [*dl, "eval", "2*3 + 1"], "", NUMPY, 2.0),
            ("exercise", [*dl, "exercise", "linalg.matmul", "--seed", "7"], "", NUMPY, 2.0),
            ("check --no-record", [*dl, "check", EXERCISE, answer, "--no-record"], "", NUMPY, 2.0),
            ("check (recorded)", [*dl, "check", EXERCISE, answer], "", NUMPY, 2.5),
            ("practice, 1st exercise", [*dl, "practice", "-n", "1"], "", NUMPY, 2.5),
        ]
        baselines = {
            NUMPY: [py, "-c", NUMPY],
            NUMPY_ONE_THREAD: [py, NUMPY_ONE_THREAD],
            TYPER: [py, str(bare)],
        }
        samples: dict[str, list[float]] = {name: [] for name in baselines}
        samples.update({label: [] for label, *_ in cases})
        for _ in range(REPEAT):
            for name, argv in baselines.items():
                samples[name].append(_cpu(argv, env))
            for label, argv, stdin, _base, _target in cases:
                samples[label].append(_cpu(argv, env, stdin))
        median = {name: statistics.median(values) for name, values in samples.items()}
        print(f"CPU time per process, median of {REPEAT} (user + system)")
        for name in baselines:
            print(f"  baseline {name:<24} {median[name] * 1000:7.1f} ms")
        print(f"  {'command':<33} {'ms':>7}  {'ratio':>6}  target{'':<32}  1 thread")
        for label, _argv, _stdin, base, target in cases:
            ratio = median[label] / median[base]
            mark = "ok" if ratio <= target else "over"
            single = f"{median[label] / median[NUMPY_ONE_THREAD]:5.2f}x" if base == NUMPY else ""
            print(
                f"  {label:<33} {median[label] * 1000:7.1f}  {ratio:5.2f}x  "
                f"{f'<= {target}x {base} ({mark})':<38}  {single}"
            )


if __name__ == "__main__":
    run()
