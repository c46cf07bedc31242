"""``dlmath practice`` and ``dlmath progress`` as processes: piped answers, kills, JSON."""

from __future__ import annotations

import json
import os
import queue
import re
import signal
import subprocess
import sys
import threading
import time
from datetime import datetime
from pathlib import Path

import pytest

import dlmath
from dlmath.learner.mastery import LEVELS

SRC = str(Path(dlmath.__file__).resolve().parents[1])
EXERCISE_ID = re.compile(r"^(\S+:[123]:\d+) · ", re.MULTILINE)
VERDICT = re.compile(r"^(✓ correct|✗ not right)", re.MULTILINE)


@pytest.fixture
def env(tmp_path):
    environment = dict(os.environ)
    environment.pop("DLMATH_DATABASE_URL", None)
    environment.pop("DLMATH_USER", None)
    environment["DLMATH_DATA_DIR"] = str(tmp_path / "data")
    environment["PYTHONPATH"] = os.pathsep.join(
        [SRC, *filter(None, [environment.get("PYTHONPATH")])]
    )
    environment["PYTHONIOENCODING"] = "utf-8"
    return environment


def dlmath_run(env, *args, stdin: str = "") -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "dlmath", *args],
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=120,
    )


def stored_attempts(env, user: str = "default"):
    from dlmath.store import open_store

    with open_store(f"sqlite:///{Path(env['DLMATH_DATA_DIR']) / 'dlmath.sqlite3'}") as store:
        return store.attempts(user)


def test_piped_session_stores_every_answered_attempt(env):
    answers = ["undefined", "?", "[[1, 2], [3, 4", "[[1, 2], [3, 4]]", "s"]
    done = dlmath_run(
        env,
        "practice",
        "--tries",
        "1",
        "--skill",
        "linalg.matmul",
        "--count",
        "3",
        stdin="\n".join(answers),
    )
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    out = done.stdout
    ids = EXERCISE_ID.findall(out)
    assert len(ids) == 3 and all(i.startswith("linalg.matmul:") for i in ids)
    assert out.count("read as: ") == 2
    assert len(VERDICT.findall(out)) == 2
    assert "hint: " in out
    assert out.count("(not counted; type the answer again)") == 1  # the unreadable one
    wrong = sum(v.startswith("✗") for v in VERDICT.findall(out))
    assert out.count("\nanswer: ") == wrong  # the answer is shown after a judged miss only
    assert "answer> undefined" in out  # the piped answer is echoed after its prompt
    assert "Session summary" in out and "answered 2" in out and "1 skipped" in out
    stored = stored_attempts(env)
    assert [a.exercise_id for a in stored] == ids
    assert [a.answer for a in stored] == ["undefined", "[[1, 2], [3, 4]]", ""]
    assert [a.hints_used for a in stored] == [0, 1, 0]
    assert stored[2].skipped and not stored[2].correct
    verdicts = VERDICT.findall(out)
    assert [a.correct for a in stored[:2]] == [v.startswith("✓") for v in verdicts]


class Session:
    """A practice (or placement) process fed one answer at a time, its output read line by
    line."""

    def __init__(self, env, *args: str, command: str = "practice", tries: int = 1) -> None:
        tried = ["--tries", str(tries)] if command == "practice" else []
        self.process = subprocess.Popen(
            [sys.executable, "-m", "dlmath", command, *tried, *args],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
            env=env,
            bufsize=1,
        )
        self.output = ""
        self._lines: queue.Queue[str | None] = queue.Queue()
        threading.Thread(target=self._pump, daemon=True).start()

    def _pump(self) -> None:
        for line in self.process.stdout:
            self._lines.put(line)
        self._lines.put(None)

    def wait_for(self, pattern: re.Pattern, count: int, timeout: float = 60) -> list[str]:
        deadline = time.monotonic() + timeout
        while len(pattern.findall(self.output)) < count:
            try:
                line = self._lines.get(timeout=max(0.1, deadline - time.monotonic()))
            except queue.Empty:
                line = ""
            if line is None or time.monotonic() > deadline:
                raise AssertionError(f"expected {count} of {pattern.pattern}:\n{self.output}")
            self.output += line
        return pattern.findall(self.output)

    def send(self, line: str) -> None:
        self.process.stdin.write(line + "\n")
        self.process.stdin.flush()


def test_sigkill_mid_session_loses_no_answered_attempt(env):
    from dlmath.exercises import exercise_from_id

    session = Session(env, "--count", "5", "--seed", "3")
    try:
        first = session.wait_for(EXERCISE_ID, 1)[0]
        session.send(exercise_from_id(first).expected)  # right
        session.wait_for(VERDICT, 1)
        second = exercise_from_id(session.wait_for(EXERCISE_ID, 2)[1])
        wrong = "undefined" if second.expected != "undefined" else "[[0]]"
        session.send(wrong)
        session.wait_for(VERDICT, 2)
        session.wait_for(EXERCISE_ID, 3)  # the third exercise is showing, unanswered
        session.process.send_signal(signal.SIGKILL)
        session.process.wait(timeout=30)
    finally:
        if session.process.poll() is None:
            session.process.kill()
    assert session.process.returncode == -signal.SIGKILL
    stored = stored_attempts(env)
    ids = EXERCISE_ID.findall(session.output)
    assert [a.exercise_id for a in stored] == ids[:2]
    assert [a.correct for a in stored] == [True, False]
    assert stored[1].answer == wrong
    # the cache was written with each attempt, in step with the history
    from dlmath.learner.state import fold
    from dlmath.store import open_store

    with open_store(f"sqlite:///{Path(env['DLMATH_DATA_DIR']) / 'dlmath.sqlite3'}") as store:
        assert store.skill_states("default") == fold(store.attempts("default"))


def test_ctrl_c_prints_the_summary_without_a_traceback(env):
    session = Session(env, "--skill", "linalg.matmul", "--count", "4")
    try:
        session.wait_for(EXERCISE_ID, 1)
        session.send("undefined")
        session.wait_for(VERDICT, 1)
        session.wait_for(EXERCISE_ID, 2)
        session.process.send_signal(signal.SIGINT)
        session.process.wait(timeout=30)
        errors = session.process.stderr.read()
    finally:
        if session.process.poll() is None:
            session.process.kill()
    while (line := session._lines.get(timeout=10)) is not None:
        session.output += line
    assert session.process.returncode == 0
    assert "Traceback" not in errors and "KeyboardInterrupt" not in errors
    assert "Session summary" in session.output and "answered 1" in session.output
    assert len(stored_attempts(env)) == 1


def test_progress_json_contract(env):
    practice = dlmath_run(
        env,
        "practice",
        "--tries",
        "1",
        "--skill",
        "linalg.matmul",
        "--count",
        "3",
        stdin="undefined\ns\nq\n",
    )
    assert practice.returncode == 0 and "answered 1" in practice.stdout
    done = dlmath_run(env, "progress", "--json")
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert isinstance(report["skills"], list) and report["skills"]
    ids = {s["id"] for s in report["skills"]}
    assert {s.id for s in dlmath.skills()} <= ids
    for skill in report["skills"]:
        assert {"id", "mastery", "due", "level"} <= set(skill)
        assert 0.0 <= skill["mastery"] <= 1.0
        assert skill["level"] in LEVELS
        assert skill["due"] is None or datetime.fromisoformat(skill["due"]).tzinfo is not None
    matmul = next(s for s in report["skills"] if s["id"] == "linalg.matmul")
    assert matmul["attempts"] == 2 and matmul["level"] == "familiar"  # q recorded nothing
    untouched = next(s for s in report["skills"] if s["id"] == "linalg.svd")
    assert untouched["level"] == "not started" and untouched["due"] is None
    assert report["due_count"] == 0
    assert {a["id"] for a in report["areas"]} == set(dlmath.curriculum.AREAS)
    rebuilt = dlmath_run(env, "progress", "--rebuild")
    assert rebuilt.returncode == 0
    assert "Rebuilt the cached state of default from 2 attempts" in rebuilt.stdout
    assert re.search(r"linalg\.matmul +familiar", rebuilt.stdout)


def test_users_are_separate(env):
    env = {**env, "DLMATH_USER": "cy"}
    done = dlmath_run(
        env, "practice", "--skill", "linalg.matmul", "--count", "3", stdin="s\nu\ns\nq\n"
    )
    first, second, third = EXERCISE_ID.findall(done.stdout)
    assert len({first, second, third}) == 3
    assert f"took back your answer to {first}" in done.stdout
    assert [a.exercise_id for a in stored_attempts(env, "cy")] == [second]
    assert stored_attempts(env, "default") == []
    report = json.loads(dlmath_run(env, "progress", "--json", "--user", "bo").stdout)
    assert report["user"] == "bo"
    assert all(s["attempts"] == 0 for s in report["skills"])


@pytest.mark.parametrize(
    "args",
    [
        ["practice", "--skill", "linalg.nope"],
        ["practice", "--count", "0"],
        ["progress", "--area", "astrology"],
    ],
)
def test_bad_options_exit_2_cleanly(env, args):
    done = dlmath_run(env, *args, stdin="")
    assert done.returncode == 2
    assert "Traceback" not in done.stderr and done.stderr.strip()


TRY_AGAIN = re.compile(r"^try again", re.MULTILINE)


def test_a_wrong_answer_is_tried_again_before_the_answer_is_shown(env):
    from dlmath.exercises import exercise_from_id

    session = Session(env, "--skill", "linalg.determinant", "--count", "1", tries=2)
    try:
        ex = exercise_from_id(session.wait_for(EXERCISE_ID, 1)[0])
        session.send(f"{ex.expected} + 1")
        session.wait_for(TRY_AGAIN, 1)
        assert "\nanswer: " not in session.output  # not shown while another try is left
        session.send(ex.expected)
        session.wait_for(VERDICT, 2)
        session.process.stdin.close()
        session.process.wait(timeout=60)
    finally:
        if session.process.poll() is None:
            session.process.kill()
    while (line := session._lines.get(timeout=10)) is not None:
        session.output += line
    stored = stored_attempts(env)
    assert [(a.try_number, a.correct) for a in stored] == [(1, False), (2, True)]
    assert "answered 1, right 0, 1 right on a later try" in session.output


def test_sigkill_while_an_answer_is_being_written_leaves_history_and_cache_in_step(env):
    """Killed at staggered moments right after an answer is sent (while it is judged and
    written), the store holds either the attempt with its cached state or neither."""
    from dlmath.exercises import exercise_from_id
    from dlmath.learner.state import fold
    from dlmath.store import open_store

    sent = 0
    for delay in (0.0, 0.002, 0.005, 0.01, 0.02, 0.05):
        session = Session(env, "--skill", "linalg.determinant", "--count", "3")
        try:
            ex = exercise_from_id(session.wait_for(EXERCISE_ID, 1)[0])
            session.send(ex.expected)
            sent += 1
            time.sleep(delay)
            session.process.send_signal(signal.SIGKILL)
            session.process.wait(timeout=30)
        finally:
            if session.process.poll() is None:
                session.process.kill()
        url = f"sqlite:///{Path(env['DLMATH_DATA_DIR']) / 'dlmath.sqlite3'}"
        with open_store(url) as store:
            stored = store.attempts("default")
            assert len(stored) <= sent
            assert store.skill_states("default") == fold(stored)


def test_attempt_and_cached_state_are_one_transaction(tmp_path, monkeypatch):
    """If the cached state cannot be written, the attempt is not stored either: two
    transactions would leave an attempt without its state."""
    from dlmath.checker import check_answer
    from dlmath.exercises import exercise
    from dlmath.learner.record import attempt_for, record_attempt
    from dlmath.store import open_store
    from dlmath.store.repository import Store

    def broken(self, connection, user_id, states):
        raise RuntimeError("the state write failed")

    with open_store(f"sqlite:///{tmp_path / 'one.sqlite3'}") as store:
        ex = exercise("linalg.determinant", 1, 1)
        verdict = check_answer(ex, ex.expected)
        monkeypatch.setattr(Store, "_upsert_states", broken)
        with pytest.raises(RuntimeError):
            record_attempt(store, attempt_for("ada", ex, verdict, answer=ex.expected))
        monkeypatch.undo()
        assert store.count_attempts("ada") == 0
        assert store.skill_states("ada") == {}
