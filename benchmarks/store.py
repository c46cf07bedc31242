"""Store benchmark: recording one answer, reading and moving a 100,000-attempt history.

Each figure comes with a baseline measured in the same run: the same work done with the
bare ``sqlite3`` module (same pragmas, same table), so the ratio is the cost of the
store's layer (SQLAlchemy, UTC conversion, dataclasses). With ``DLMATH_TEST_DATABASE_URL``
set, the store figures are repeated on PostgreSQL in a throw-away schema.

Run: ``python -m benchmarks store``.
"""

from __future__ import annotations

import io
import json
import os
import sqlite3
import statistics
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

HISTORY = 100_000
SINGLE = 200
T0 = datetime(2024, 1, 1, tzinfo=UTC)


def history_file(count: int) -> str:
    lines = [json.dumps({"type": "dlmath-export", "format": 1})]
    for i in range(count):
        lines.append(
            json.dumps(
                {
                    "type": "attempt",
                    "uid": str(uuid.UUID(int=i + 1)),
                    "user": "default",
                    "exercise_id": f"linalg.matmul:{1 + i % 3}:{i}",
                    "skill": f"area.skill{i % 90}",
                    "difficulty": 1 + i % 3,
                    "answer": "[[1, 2], [3, 4]]",
                    "correct": i % 3 != 0,
                    "diagnosis": None if i % 3 else "transpose",
                    "duration_ms": 4000 + i % 1000,
                    "hints_used": i % 2,
                    "skipped": False,
                    "at": (T0 + timedelta(seconds=60 * i)).isoformat(),
                }
            )
        )
    return "\n".join(lines) + "\n"


def timed(work) -> float:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def store_figures(url: str, source: str) -> dict[str, float]:
    from dlmath.learner.types import Attempt
    from dlmath.store import open_store

    figures: dict[str, float] = {}
    figures["open (migrate fresh)"] = timed(lambda: open_store(url).close())
    figures["open (already current)"] = timed(lambda: open_store(url).close())
    with open_store(url) as store:
        figures["import 100k"] = timed(lambda: store.import_jsonl(io.StringIO(source)))
        single = []
        for i in range(SINGLE):
            attempt = Attempt(
                user="bench", exercise_id=f"x:1:{i}", skill="x", difficulty=1, answer="1",
                correct=True, diagnosis=None, duration_ms=5, hints_used=0, at=datetime.now(UTC),
            )  # fmt: skip
            single.append(timed(lambda a=attempt: store.add_attempt(a)))
        figures["add_attempt (median)"] = statistics.median(single)
        figures["iter_attempts 100k"] = timed(
            lambda: sum(1 for _ in store.iter_attempts("default"))
        )
        figures["attempts(skill) 1.1k"] = timed(
            lambda: store.attempts("default", skill="area.skill7")
        )
        figures["export 100k"] = timed(lambda: store.export_jsonl(io.StringIO()))
    return figures


def sqlite_baseline(path: Path, source: str) -> dict[str, float]:
    """The same inserts and reads with bare sqlite3 on a table of the same shape."""
    connection = sqlite3.connect(path, isolation_level=None)
    for pragma in ("journal_mode = WAL", "synchronous = FULL", "foreign_keys = ON"):
        connection.execute(f"PRAGMA {pragma}")
    connection.execute(
        "CREATE TABLE attempts (id INTEGER PRIMARY KEY, uid TEXT UNIQUE, user_id INTEGER, "
        "exercise_id TEXT, skill TEXT, difficulty INTEGER, answer TEXT, correct INTEGER, "
        "diagnosis TEXT, duration_ms INTEGER, hints_used INTEGER, skipped INTEGER, at TEXT)"
    )
    connection.execute("CREATE INDEX ix_user_at ON attempts (user_id, at)")
    rows = []
    for line in source.splitlines()[1:]:
        r = json.loads(line)
        rows.append(
            (r["uid"], 1, r["exercise_id"], r["skill"], r["difficulty"], r["answer"],
             r["correct"], r["diagnosis"], r["duration_ms"], r["hints_used"], r["skipped"],
             r["at"])
        )  # fmt: skip
    insert = "INSERT INTO attempts VALUES (NULL, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"

    def bulk() -> None:
        connection.execute("BEGIN")
        connection.executemany(insert, rows)
        connection.execute("COMMIT")

    figures = {"import 100k": timed(bulk)}
    single = []
    for i in range(SINGLE):
        row = (str(uuid.uuid4()), 2, f"x:1:{i}", "x", 1, "1", 1, None, 5, 0, 0, "2024")

        def one(row: tuple = row) -> None:
            connection.execute("BEGIN IMMEDIATE")
            connection.execute(insert, row)
            connection.execute("COMMIT")

        single.append(timed(one))
    figures["add_attempt (median)"] = statistics.median(single)
    query = "SELECT * FROM attempts WHERE user_id = 1 ORDER BY at, id"
    figures["iter_attempts 100k"] = timed(lambda: connection.execute(query).fetchall())
    connection.close()
    return figures


def postgres_url() -> str | None:
    base = os.environ.get("DLMATH_TEST_DATABASE_URL")
    if not base:
        return None
    return base


def run() -> None:
    source = history_file(HISTORY)
    with tempfile.TemporaryDirectory() as directory:
        store = store_figures(f"sqlite:///{Path(directory) / 'bench.sqlite3'}", source)
        baseline = sqlite_baseline(Path(directory) / "baseline.sqlite3", source)
    print(f"SQLite, {HISTORY:,} attempts (baseline: bare sqlite3, same pragmas)")
    for name, seconds in store.items():
        ratio = f"   {seconds / baseline[name]:5.1f}x baseline" if name in baseline else ""
        print(f"  {name:26} {seconds * 1000:9.1f} ms{ratio}")
    base = postgres_url()
    if base is None:
        print("PostgreSQL: skipped (set DLMATH_TEST_DATABASE_URL)")
        return
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    schema = f"bench_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        url = make_url(base).update_query_dict({"options": f"-csearch_path={schema}"})
        figures = store_figures(url.render_as_string(hide_password=False), source)
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()
    print(f"PostgreSQL, {HISTORY:,} attempts (ratio: to the SQLite store)")
    for name, seconds in figures.items():
        print(f"  {name:26} {seconds * 1000:9.1f} ms   {seconds / store[name]:5.1f}x SQLite")
