"""Load benchmark of group mode: a class on two worker processes over one PostgreSQL.

Scenarios (loopback only, bounded in count and time):

(a) a class of 250 arriving at once: each learner (signed in already: a session exists)
    opens practice (the planner's redirect, then the exercise page), types three previews
    and sends one answer, all at the same moment: six requests each;
(b) 250 learners practising with 5-10 s of think time between requests for two minutes.

Reported: errors, total time, p50/p99 per request kind, and attempts stored against
answers sent. The baseline, measured in the same run by the same client, is a static
file (``/static/app.css``) under the same load: the ratio is what the app's work costs
above the bare HTTP round trip. The generator runs on the same machine as the server.

Run: ``DLMATH_TEST_DATABASE_URL=postgresql+psycopg://... python -m benchmarks load``.
"""

from __future__ import annotations

import asyncio
import os
import random
import secrets
import socket
import subprocess
import sys
import time
import uuid
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

SKILL = "linalg.matmul"  # every answer below is readable for it, so every check is recorded
PREVIEWS = ("[[1, 2], [3, 4]]", "A B", "[[1, 2]")
ANSWER = "[[1, 2], [3, 4]]"
SRC = Path(__file__).resolve().parents[1] / "src"


@dataclass
class Tally:
    """Latencies per request kind, errors, answers sent."""

    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: list[str] = field(default_factory=list)
    answers: int = 0

    def percentile(self, kind: str, q: float) -> float:
        values = sorted(self.latencies.get(kind, ()))
        if not values:
            return float("nan")
        return values[min(len(values) - 1, int(q * len(values)))]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def postgres_schema(base: str) -> Iterator[str]:
    """A throw-away schema on the server (so parallel runs never collide)."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    schema = f"load_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base)
    try:
        with admin.begin() as connection:
            connection.execute(text(f'CREATE SCHEMA "{schema}"'))
        url = make_url(base).update_query_dict({"options": f"-csearch_path={schema}"})
        yield url.render_as_string(hide_password=False)
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    finally:
        admin.dispose()


@contextmanager
def server(url: str, workers: int = 2, port: int | None = None) -> Iterator[str]:
    """``dlmath serve --mode group --workers N`` on loopback; yields its base URL."""
    port = port or free_port()
    env = {
        **os.environ,
        "DLMATH_DATABASE_URL": url,
        "PYTHONPATH": os.pathsep.join([str(SRC), os.environ.get("PYTHONPATH", "")]),
    }
    command = [sys.executable, "-m", "dlmath", "serve", "--mode", "group"]
    command += ["--workers", str(workers), "--port", str(port)]
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(base, process)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def wait_until_up(base: str, process: subprocess.Popen, timeout: float = 60) -> None:
    import httpx

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited: {process.stderr.read().decode()[-2000:]}")
        try:
            if httpx.get(f"{base}/login", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    raise RuntimeError("the server did not start in time")


def class_with_sessions(url: str, count: int, prefix: str = "learner") -> list[str]:
    """``count`` learner accounts, each with a live session; their session ids.

    Sessions are made directly (a sign-in costs an argon2 verify, ~100 ms of CPU, which
    is not what a class arriving with remembered sessions does)."""
    from dlmath.auth.passwords import hash_password
    from dlmath.auth.tokens import new_session_id, session_hash
    from dlmath.store import open_store
    from dlmath.store.accounts import Accounts

    shared = hash_password("load test password")
    ids = []
    with open_store(url) as store:
        accounts = Accounts(store)
        for n in range(count):
            account = accounts.create(f"{prefix}{n:03d}", shared)
            session_id = new_session_id()
            accounts.start_session(account.id, session_hash(session_id), timedelta(hours=2))
            ids.append(session_id)
    return ids


def stored_attempts(url: str, prefix: str) -> int:
    from sqlalchemy import func, select

    from dlmath.store import open_store
    from dlmath.store.schema import attempts, users

    with open_store(url) as store, store._read() as connection:
        query = (
            select(func.count())
            .select_from(attempts.join(users, users.c.id == attempts.c.user_id))
            .where(users.c.name.like(f"{prefix}%"))
        )
        return int(connection.execute(query).scalar_one())


class Learner:
    """One simulated learner: their session cookie and CSRF token on a shared client."""

    def __init__(self, client, session_id: str, tally: Tally) -> None:  # type: ignore[no-untyped-def]
        self.client = client
        self.tally = tally
        csrf = secrets.token_urlsafe(32)
        self.headers = {
            "cookie": f"dlmath_session={session_id}; dlmath_csrf={csrf}",
            "x-csrf-token": csrf,
        }

    async def request(self, kind: str, method: str, path: str, **kw):  # type: ignore[no-untyped-def]
        start = time.perf_counter()
        try:
            response = await self.client.request(method, path, headers=self.headers, **kw)
        except Exception as error:  # a connection reset or a timeout is an error of the run
            self.tally.errors.append(f"{kind}: {type(error).__name__}: {error}")
            return None
        self.tally.latencies[kind].append(time.perf_counter() - start)
        if response.status_code >= 400:
            self.tally.errors.append(f"{kind}: HTTP {response.status_code} {response.text[:200]}")
            return None
        return response

    async def open_practice(self) -> str | None:
        response = await self.request("practice", "GET", f"/practice?skill={SKILL}")
        if response is None:
            return None
        location = response.headers.get("location", "")
        if "/exercise/" not in location:
            self.tally.errors.append(f"practice: no exercise in {location!r}")
            return None
        exercise_id = location.split("/exercise/", 1)[1].split("?", 1)[0]
        await self.request("exercise", "GET", location)
        return exercise_id

    async def preview(self, exercise_id: str, text: str) -> None:
        await self.request(
            "preview", "POST", "/api/preview", json={"id": exercise_id, "answer": text}
        )

    async def answer(self, exercise_id: str) -> None:
        body = {"id": exercise_id, "answer": ANSWER, "duration_ms": 4000}
        response = await self.request("check", "POST", "/api/check", json=body)
        self.tally.answers += 1
        if response is not None and not response.json().get("recorded"):
            self.tally.errors.append(f"check: not recorded: {response.text[:200]}")

    async def baseline(self) -> None:
        await self.request("static", "GET", "/static/app.css")


async def arrive_at_once(base: str, sessions: list[str]) -> tuple[Tally, float]:
    """Scenario (a): everyone opens practice, previews three times, answers once."""
    import httpx

    tally = Tally()
    limits = httpx.Limits(max_connections=len(sessions) + 10, max_keepalive_connections=None)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=120) as client:
        learners = [Learner(client, s, tally) for s in sessions]

        async def one(learner: Learner) -> None:
            exercise_id = await learner.open_practice()
            if exercise_id is None:
                return
            for text in PREVIEWS:
                await learner.preview(exercise_id, text)
            await learner.answer(exercise_id)

        # the baseline: the same 250 connections fetch a static file at once, first
        await asyncio.gather(*(learner.baseline() for learner in learners))
        start = time.perf_counter()
        await asyncio.gather(*(one(learner) for learner in learners))
        return tally, time.perf_counter() - start


async def practise_for(
    base: str, sessions: list[str], seconds: float, think: tuple[float, float], seed: int = 1
) -> Tally:
    """Scenario (b): each learner loops practice -> previews -> answer, thinking between."""
    import httpx

    tally = Tally()
    chance = random.Random(seed)
    limits = httpx.Limits(max_connections=len(sessions) + 10, max_keepalive_connections=None)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=60) as client:
        learners = [Learner(client, s, tally) for s in sessions]
        end = time.monotonic() + seconds

        async def think_time() -> None:
            await asyncio.sleep(chance.uniform(*think))

        async def one(learner: Learner) -> None:
            await asyncio.sleep(chance.uniform(0, think[1]))  # arrivals spread out
            while time.monotonic() < end:
                await learner.baseline()
                exercise_id = await learner.open_practice()
                if exercise_id is None:
                    return
                for text in PREVIEWS[: chance.randint(1, 3)]:
                    await think_time()
                    await learner.preview(exercise_id, text)
                await think_time()
                await learner.answer(exercise_id)

        await asyncio.gather(*(one(learner) for learner in learners))
    return tally


def report(title: str, tally: Tally, stored: int, total: float | None = None) -> None:
    print(title)
    if total is not None:
        print(f"  total time {total:.2f} s")
    print(f"  errors {len(tally.errors)}; answers sent {tally.answers}; attempts stored {stored}")
    for message in tally.errors[:5]:
        print(f"    {message}")
    base99 = tally.percentile("static", 0.99)
    for kind in ("static", "practice", "exercise", "preview", "check"):
        n = len(tally.latencies.get(kind, ()))
        p50, p99 = tally.percentile(kind, 0.5), tally.percentile(kind, 0.99)
        print(
            f"  {kind:9s} n={n:5d}  p50 {1000 * p50:7.1f} ms  p99 {1000 * p99:7.1f} ms"
            f"  (p99 {p99 / base99:5.1f}x the static file)"
        )


def run() -> None:
    base_url = os.environ.get("DLMATH_TEST_DATABASE_URL")
    if not base_url:
        print("set DLMATH_TEST_DATABASE_URL to a PostgreSQL server to run the load benchmark")
        return
    learners = int(os.environ.get("DLMATH_LOAD_LEARNERS", "250"))
    seconds = float(os.environ.get("DLMATH_LOAD_SECONDS", "120"))
    print(f"{learners} learners, 2 worker processes, PostgreSQL, generator on the same machine")
    with postgres_schema(base_url) as url:
        sessions_a = class_with_sessions(url, learners, prefix="a")
        sessions_b = class_with_sessions(url, learners, prefix="b")
        with server(url, workers=2) as base:
            tally, total = asyncio.run(arrive_at_once(base, sessions_a))
            report("(a) a class arriving at once", tally, stored_attempts(url, "a"), total)
            tally = asyncio.run(practise_for(base, sessions_b, seconds, (5.0, 10.0)))
            report(
                f"(b) practising for {seconds:.0f} s with 5-10 s think time",
                tally,
                stored_attempts(url, "b"),
            )
