"""Scaling out on PostgreSQL: two app processes on one database, and a bounded load smoke.

The web tier keeps no state: one learner's requests alternating between two processes
must leave exactly the attempts they sent, and the cached progress in step with them.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from contextlib import ExitStack
from pathlib import Path

import pytest

from databases import postgres_schema
from group_web import PASSWORD, make_accounts

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # the benchmarks package: its load client is shared

from benchmarks import load  # noqa: E402


def start_app(url: str, port: int) -> subprocess.Popen:
    """``uvicorn dlmath.web:create_app --factory`` in group mode, as a load balancer runs it."""
    env = {
        **os.environ,
        "DLMATH_DATABASE_URL": url,
        "DLMATH_WEB_MODE": "group",
        "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")]),
    }
    command = [sys.executable, "-m", "uvicorn", "dlmath.web:create_app", "--factory"]
    command += ["--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"]
    return subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def test_one_learner_alternating_between_two_processes_loses_and_doubles_nothing():
    import httpx

    from dlmath.store import open_store

    with postgres_schema() as url, ExitStack() as stack:
        with open_store(url) as store:
            make_accounts(store, "ann")
        bases = []
        for _ in range(2):
            port = load.free_port()
            process = start_app(url, port)
            stack.callback(process.wait, 20)
            stack.callback(process.terminate)
            load.wait_until_up(f"http://127.0.0.1:{port}", process)
            bases.append(f"http://127.0.0.1:{port}")
        # one cookie jar for both: the same host, so the session cookie goes to either
        with httpx.Client(follow_redirects=False, timeout=60) as http:
            http.get(f"{bases[0]}/login")
            token = http.cookies["dlmath_csrf"]
            signed = http.post(
                f"{bases[1]}/api/login",
                json={"username": "ann", "password": PASSWORD},
                headers={"X-CSRF-Token": token},
            )
            assert signed.status_code == 200
            sent = []
            for i in range(30):
                base = bases[i % 2]
                practice = http.get(f"{base}/practice?skill={load.SKILL}")
                exercise_id = practice.headers["location"].split("/exercise/")[1].split("?")[0]
                answer = http.post(
                    f"{bases[(i + 1) % 2]}/api/check",  # answered on the other process
                    json={"id": exercise_id, "answer": load.ANSWER},
                    headers={"X-CSRF-Token": token},
                )
                assert answer.status_code == 200, answer.text
                assert answer.json()["recorded"] is True
                sent.append(exercise_id)
            progress = [http.get(f"{b}/api/progress").json() for b in bases]
        assert len(set(sent)) == 30  # every practice page planned a new exercise
        with open_store(url) as store:
            stored = store.attempts("ann")
            state = store.skill_states("ann")[load.SKILL]
        assert [a.exercise_id for a in stored] == sent
        assert state.attempts == 30
        assert progress[0] == progress[1] or _same_skills(progress)


def _same_skills(reports):  # type: ignore[no-untyped-def]
    """The two processes' progress reports, ignoring the moment each was computed at."""
    first, second = ({s["id"]: s for s in r["skills"]} for r in reports)
    return first == second


@pytest.mark.timeout(240)
def test_a_bounded_load_smoke_loses_nothing():
    """About 50 learners for about 20 s on two workers: 0 errors, every answer stored."""
    with postgres_schema() as url:
        sessions = load.class_with_sessions(url, 50, prefix="smoke")
        with load.server(url, workers=2) as base:
            tally = asyncio.run(load.practise_for(base, sessions, 20, (0.5, 1.5)))
        assert tally.errors == []
        assert tally.answers >= 50
        assert load.stored_attempts(url, "smoke") == tally.answers
