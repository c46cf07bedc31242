"""Store benchmark: recording one answer, reading and moving a 100,000-attempt history.

Each figure comes with a baseline measured in the same run: the same work done with the
bare ``sqlite3`` module (same pragmas, same table), so the ratio is the cost of the
store's layer (SQLAlchemy, UTC conversion, dataclasses). Beside the SQLAlchemy store on
SQLite stand the figures of the light store (``open_store(light=True)``, bare sqlite3,
what the terminal answers with) on the same file. With ``DLMATH_TEST_DATABASE_URL`` set,
the SQLAlchemy store's figures are repeated on PostgreSQL in a throw-away schema.

The second part grows one learner's history to 1k, 10k, 100k and 1M attempts (bulk
inserted by one INSERT ... SELECT, with a consistent skill-state cache) and times session
start (``PracticeSession``: the cache check and the states) and ``progress`` (the states
and the report) at each size, with both stores on SQLite, beside the bare count of the
history they no longer need.
``python -m benchmarks store --quick`` (or ``DLMATH_BENCH_SCALE_MAX=100000``) stops early.

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
from dataclasses import replace
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
                    "exercise_id": f"area.skill{i % 90}:{1 + i % 3}:{i}",
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


def store_figures(url: str, source: str, light: bool = False) -> dict[str, float]:
    """The store's figures; ``light``: the light store, on a file already filled (it has
    no migration and no import or export of its own)."""
    from dlmath.learner.record import record_attempt
    from dlmath.learner.types import Attempt
    from dlmath.store import open_store

    figures: dict[str, float] = {}
    if not light:
        figures["open (migrate fresh)"] = timed(lambda: open_store(url).close())
    figures["open (already current)"] = statistics.median(
        timed(lambda: open_store(url, light=light).close()) for _ in range(21)
    )
    with open_store(url, light=light) as store:
        if not light:
            figures["import 100k"] = timed(lambda: store.import_jsonl(io.StringIO(source)))
        single, recorded = [], []
        for i in range(SINGLE):
            attempt = Attempt(
                user=f"bench-{light}", exercise_id=f"x:1:{i}", skill="x", difficulty=1,
                answer="1", correct=True, diagnosis=None, duration_ms=5, hints_used=0,
                at=datetime.now(UTC),
            )  # fmt: skip
            single.append(timed(lambda a=attempt: store.add_attempt(a)))
            # one answer as ``dlmath check`` records it: cache check, new state, attempt
            answer = replace(attempt, user=f"answers-{light}")
            recorded.append(timed(lambda a=answer: record_attempt(store, a)))
        figures["add_attempt (median)"] = statistics.median(single)
        figures["record one answer (median)"] = statistics.median(recorded)
        figures["iter_attempts 100k"] = timed(
            lambda: sum(1 for _ in store.iter_attempts("default"))
        )
        figures["attempts(skill) 1.1k"] = timed(
            lambda: store.attempts("default", skill="area.skill7")
        )
        if not light:
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


SCALE = (1_000, 10_000, 100_000, 1_000_000)
SCALE_SKILLS = 90
REPEAT = 7


def _grow(store, url: str, user: str, start: int, stop: int) -> None:  # type: ignore[no-untyped-def]
    """Attempts ``start..stop-1`` of ``user`` in one statement run by the database, then a
    cache that adds up (as after normal practice) and the counter."""
    from sqlalchemy import text

    from dlmath.learner.state import initial
    from dlmath.store.engine import make_engine

    store.user(user)
    engine = make_engine(url)
    postgres = engine.dialect.name == "postgresql"
    numbers = (
        "SELECT generate_series(:start, :stop - 1) AS i"
        if postgres
        else "WITH RECURSIVE n(i) AS (SELECT :start UNION ALL SELECT i + 1 FROM n "
        "WHERE i + 1 < :stop) SELECT i FROM n"
    )
    at = (
        "TIMESTAMPTZ '2024-01-01 00:00:00+00' + i * INTERVAL '1 minute'"
        if postgres
        else ("strftime('%Y-%m-%d %H:%M:%f', '2024-01-01', '+' || i || ' minutes')")
    )
    skill = "'area.skill' || (i % :skills)"
    uid = "md5(i::text)" if postgres else "'u' || i"
    statement = (
        "INSERT INTO attempts (uid, user_id, exercise_id, skill, difficulty, answer, correct,"
        " diagnosis, duration_ms, hints_used, skipped, at) "
        f"SELECT {uid}, (SELECT id FROM users WHERE name = :user), 'x:1:' || i, {skill}, 1,"
        f" '[1]', i % 3 <> 0, NULL, 4000, 0, false, {at} FROM ({numbers}) AS numbers"
    )
    with engine.begin() as connection:
        connection.execute(
            text(statement), {"start": start, "stop": stop, "user": user, "skills": SCALE_SKILLS}
        )
    engine.dispose()
    per_skill = {f"area.skill{k}": len(range(k, stop, SCALE_SKILLS)) for k in range(SCALE_SKILLS)}
    store.replace_skill_states(
        user, [replace(initial(k), attempts=n) for k, n in per_skill.items() if n]
    )
    store.recount_attempts(user)


def _median_ms(work) -> float:  # type: ignore[no-untyped-def]
    return statistics.median(timed(work) for _ in range(REPEAT)) * 1000


ScaleRow = tuple[int, float, float, float]


def scale_figures(
    url: str, sizes: tuple[int, ...], light_too: bool = False
) -> tuple[list[ScaleRow], list[ScaleRow]]:
    """(attempts, session start ms, progress ms, count(*) of the history ms) per size, for
    the SQLAlchemy store and (``light_too``, on SQLite) for the light store."""
    from sqlalchemy import func, select

    from dlmath import curriculum
    from dlmath.learner.progress import progress_json, skill_progress
    from dlmath.learner.record import load_states
    from dlmath.session import PracticeSession
    from dlmath.store import open_store
    from dlmath.store.engine import make_engine
    from dlmath.store.schema import attempts, users

    skills = curriculum.skills()
    ids = [s.id for s in skills]
    rows: list[ScaleRow] = []
    light_rows: list[ScaleRow] = []
    with open_store(url) as full, open_store(url, light=light_too) as light:
        done = 0
        for size in sizes:
            _grow(full, url, "scale", done, size)
            done = size

            def session(store=full) -> None:  # type: ignore[no-untyped-def]
                PracticeSession(store, "scale", skills, count=1, seed=1)

            def progress(store=full) -> None:  # type: ignore[no-untyped-def]
                now = datetime.now(UTC)
                progress_json(skill_progress(load_states(store, "scale", ids), skills, now),
                              "scale", now)  # fmt: skip

            engine = make_engine(url)

            def count(engine=engine) -> None:  # type: ignore[no-untyped-def]
                # the count session start and progress made before the counter
                with engine.connect() as connection:
                    connection.execute(
                        select(func.count())
                        .select_from(attempts.join(users, users.c.id == attempts.c.user_id))
                        .where(users.c.name == "scale")
                    ).scalar_one()

            assert full.count_attempts("scale") == light.count_attempts("scale") == size
            counted = _median_ms(count)
            rows.append((size, _median_ms(session), _median_ms(progress), counted))
            if light_too:
                light_rows.append(
                    (size, _median_ms(lambda: session(light)), _median_ms(lambda: progress(light)),
                     counted)
                )  # fmt: skip
            engine.dispose()
    return rows, light_rows


def print_scale(title: str, rows: list[ScaleRow], light_rows: list[ScaleRow] | None = None) -> None:
    """The table; with ``light_rows``, the light store's figures and their ratio beside."""
    print(f"{title}: one learner's history, median of {REPEAT}")
    light = "  (light store, ratio to SQLAlchemy)" if light_rows else ""
    print(
        f"  {'attempts':>10} {'session start':>14} {'progress':>10} "
        f"{'count(*) before 0005':>20}{light}"
    )
    for index, (size, session, progress, count) in enumerate(rows):
        line = f"  {size:>10,} {session:>11.2f} ms {progress:>7.2f} ms {count:>17.2f} ms"
        if light_rows:
            _, l_session, l_progress, _ = light_rows[index]
            line += (
                f"   session {l_session:6.2f} ms ({l_session / session:4.2f}x),"
                f" progress {l_progress:6.2f} ms ({l_progress / progress:4.2f}x)"
            )
        print(line)


def postgres_url() -> str | None:
    base = os.environ.get("DLMATH_TEST_DATABASE_URL")
    if not base:
        return None
    return base


def scale_sizes() -> tuple[int, ...]:
    import sys

    limit = int(
        os.environ.get("DLMATH_BENCH_SCALE_MAX", "100000" if "--quick" in sys.argv else "1000000")
    )
    return tuple(n for n in SCALE if n <= limit)


def run() -> None:
    source = history_file(HISTORY)
    with tempfile.TemporaryDirectory() as directory:
        url = f"sqlite:///{Path(directory) / 'bench.sqlite3'}"
        store = store_figures(url, source)
        light = store_figures(url, source, light=True)
        baseline = sqlite_baseline(Path(directory) / "baseline.sqlite3", source)
    print(
        f"SQLite, {HISTORY:,} attempts (baseline: bare sqlite3, same pragmas; "
        "light: the bare-sqlite3 store, ratio to the SQLAlchemy store)"
    )
    for name, seconds in store.items():
        ratio = f"   {seconds / baseline[name]:5.1f}x baseline" if name in baseline else " " * 18
        quick = light.get(name)
        beside = "" if quick is None else f"   light {quick * 1000:8.2f} ms {quick / seconds:5.2f}x"
        print(f"  {name:28} {seconds * 1000:9.2f} ms{ratio}{beside}".rstrip())
    base = postgres_url()
    if base is None:
        print("PostgreSQL: skipped (set DLMATH_TEST_DATABASE_URL)")
        run_scale(None)
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
    run_scale(base)


def run_scale(base: str | None) -> None:
    """Session start and progress against the history's length, on both databases."""
    with tempfile.TemporaryDirectory() as directory:
        url = f"sqlite:///{Path(directory) / 'scale.sqlite3'}"
        print_scale("SQLite", *scale_figures(url, scale_sizes(), light_too=True))
    if base is None:
        return
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    schema = f"bench_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        url = make_url(base).update_query_dict({"options": f"-csearch_path={schema}"})
        rows, _ = scale_figures(url.render_as_string(hide_password=False), scale_sizes())
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()
    print_scale("PostgreSQL", rows)


if __name__ == "__main__":
    import sys

    run_scale(postgres_url()) if "--scale" in sys.argv else run()
