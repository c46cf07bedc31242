"""Web benchmark: preview and check latency through the app (FastAPI, middlewares,
JSON, the store) against the in-process checker call on the same answers, and the time
to render each page.

Run: ``python -m benchmarks web``. The app is driven in-process by the test client, so
the figures are the app's own cost without a network.
"""

from __future__ import annotations

import statistics
import tempfile
import time
import warnings
from pathlib import Path

SKILLS_PER_AREA = 6
ROUNDS = 3


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def _timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1000


def _line(name: str, values: list[float], baseline: float | None = None) -> None:
    median, p99 = statistics.median(values), _percentile(values, 0.99)
    ratio = f"  ({median / baseline:.1f}× the in-process checker)" if baseline else ""
    print(f"  {name:<28} median {median:7.2f} ms   p99 {p99:7.2f} ms   n={len(values)}{ratio}")


def _cases():
    """(exercise, right answer, a wrong answer) for a few skills of every area."""
    from dlmath.exercises import exercise
    from dlmath.exercises.registry import generators

    by_area: dict[str, list[str]] = {}
    for skill in sorted(generators()):
        by_area.setdefault(skill.split(".")[0], []).append(skill)
    cases = []
    for skills in by_area.values():
        for k, skill in enumerate(skills[:SKILLS_PER_AREA]):
            ex = exercise(skill, 1 + k % 3, 100 + k)
            wrong = ex.misconceptions[0].answer if ex.misconceptions else "0"
            cases.append((ex, ex.expected, wrong))
    return cases


def run() -> None:
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

    from dlmath.checker import check_answer
    from dlmath.store import open_store
    from dlmath.web import create_app

    cases = _cases()
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(f"sqlite:///{Path(tmp) / 'bench.db'}")
        started = time.perf_counter()
        app = create_app(store=store)
        print(f"  app start-up (store, registry, templates): "
              f"{(time.perf_counter() - started) * 1000:.0f} ms")  # fmt: skip
        client = TestClient(app)
        client.get("/")
        client.headers["X-CSRF-Token"] = client.cookies["dlmath_csrf"]
        for ex, right, _ in cases:  # warm the caches (parses, templates, exercises)
            check_answer(ex, right)
            client.post("/api/preview", json={"id": ex.id, "answer": right})

        baseline, preview, check = [], [], []
        for _ in range(ROUNDS):
            for ex, right, wrong in cases:
                for answer in (right, wrong):
                    baseline.append(_timed(lambda ex=ex, a=answer: check_answer(ex, a)))
                    preview.append(
                        _timed(
                            lambda ex=ex, a=answer: client.post(
                                "/api/preview", json={"id": ex.id, "answer": a}
                            )
                        )
                    )
                    check.append(
                        _timed(
                            lambda ex=ex, a=answer: client.post(
                                "/api/check", json={"id": ex.id, "answer": a}
                            )
                        )
                    )
        base = statistics.median(baseline)
        print(f"  {len(cases)} exercises × right and wrong answers × {ROUNDS} rounds")
        _line("in-process check_answer", baseline)
        _line("POST /api/preview", preview, base)
        _line("POST /api/check (recorded)", check, base)

        print("  page render (GET, in-process):")
        pages = [
            "/",
            "/practice",
            f"/exercise/{cases[0][0].id}",
            "/progress",
            "/map",
            "/skills/linalg.matmul",
            "/tools/derive?expression=tr(A X B)&wrt=X&shapes=A=4x3, X=3x5, B=5x4",
            "/tools/identities?q=trace",
            "/worksheet",
        ]
        for path in pages:
            client.get(path)
            times = [
                _timed(lambda p=path: client.get(p, follow_redirects=False)) for _ in range(15)
            ]
            _line(path.split("?")[0], times)

        from dlmath.curriculum import AREAS
        from dlmath.web.map_picture import skill_map_svg

        _spike(app, cases)

        skills = app.state.dlmath.skills
        svg = [_timed(lambda: skill_map_svg(skills, list(AREAS), {}, set())) for _ in range(50)]
        _line(f"map SVG alone ({len(skills)} skills)", svg)
        store.close()


SPIKE = 250


def _spike(app, cases) -> None:
    """SPIKE simultaneous visitors over real HTTP (uvicorn in this process): each loads
    an exercise page, then answers it. Reports the wall time and any failed request."""
    import sys
    from concurrent.futures import ThreadPoolExecutor

    import httpx

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
    from web_browser import served

    def visitor(k: int, base: str) -> tuple[int, int]:
        ex, right, wrong = cases[k % len(cases)]
        with httpx.Client(base_url=base, timeout=60) as http:
            page = http.get(f"/exercise/{ex.id}")
            answer = http.post(
                "/api/check",
                json={"id": ex.id, "answer": right if k % 2 else wrong},
                headers={"X-CSRF-Token": http.cookies["dlmath_csrf"]},
            )
            return page.status_code, answer.status_code

    with served(app) as base, ThreadPoolExecutor(max_workers=SPIKE) as pool:
        started = time.perf_counter()
        statuses = list(pool.map(lambda k: visitor(k, base), range(SPIKE)))
        wall = time.perf_counter() - started
    failed = sum(1 for page, answer in statuses if page != 200 or answer != 200)
    print(
        f"  spike: {SPIKE} simultaneous visitors (page, then an answer) over HTTP: "
        f"{wall:.2f} s wall, {failed} failed requests"
    )
