"""The planner with 100,000 attempts in the history: it must choose in under 10 ms.

Planning reads only the cached per-skill states, so its cost does not grow with the
history; the fold over the history is paid once (or on ``dlmath progress --rebuild``).
Figures: the fold of 100k attempts from scratch, one plan on the cached states, and a
session's first step (load the cached states from an SQLite store holding the 100k
attempts, checked against the attempt count, then plan); a session plans every later
exercise on the states it keeps in memory. The baseline for the plan is replanning by
folding the history first, which is what planning would cost without the cache.
"""

from __future__ import annotations

import io
import json
import random
import statistics
import tempfile
import time
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

ATTEMPTS = 100_000
USER = "bench"


def history(skill_ids: list[str], n: int = ATTEMPTS, seed: int = 1):
    """A year of practice: random skills, mostly right answers, minutes to hours apart."""
    from dlmath.learner.types import Attempt

    rng = random.Random(seed)
    at = datetime(2025, 1, 1, tzinfo=UTC)
    out = []
    for i in range(n):
        at += timedelta(seconds=rng.randint(20, 600))
        skill = rng.choice(skill_ids)
        difficulty = rng.choice((1, 2, 3))
        correct = rng.random() < 0.85
        out.append(
            Attempt(
                user=USER,
                exercise_id=f"{skill}:{difficulty}:{i}",
                skill=skill,
                difficulty=difficulty,
                answer="x" if correct else "y",
                correct=correct,
                diagnosis=None if correct else "wrong",
                duration_ms=rng.randint(2000, 90000),
                hints_used=0 if rng.random() < 0.9 else 1,
                at=at,
            )
        )
    return out


def _median_ms(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def _jsonl(attempts, states) -> io.StringIO:
    """The history in the store's export format, to load 100k attempts in one transaction."""
    lines = [{"type": "dlmath-export", "format": 1, "exported_at": attempts[-1].at.isoformat()}]
    lines.append(
        {
            "type": "user",
            "name": USER,
            "created_at": attempts[0].at.isoformat(),
            "needs_rebuild": False,
        }
    )
    for i, a in enumerate(attempts):
        lines.append(
            {
                "type": "attempt",
                "uid": f"bench-{i}",
                "user": USER,
                "exercise_id": a.exercise_id,
                "skill": a.skill,
                "difficulty": a.difficulty,
                "answer": a.answer,
                "correct": a.correct,
                "diagnosis": a.diagnosis,
                "duration_ms": a.duration_ms,
                "hints_used": a.hints_used,
                "skipped": a.skipped,
                "at": a.at.isoformat(),
                "id": i + 1,
            }
        )
    for s in states.values():
        if s.attempts:
            lines.append(
                {
                    "type": "skill_state",
                    "user": USER,
                    "skill": s.skill,
                    "mastery": s.mastery,
                    "attempts": s.attempts,
                    "correct": s.correct,
                    "mastered_at": s.mastered_at.isoformat() if s.mastered_at else None,
                    "card": s.card,
                    "due": s.due.isoformat() if s.due else None,
                    "last_attempt_at": s.last_attempt_at.isoformat(),
                }
            )
    return io.StringIO("".join(json.dumps(line) + "\n" for line in lines))


def run() -> None:
    from dlmath import curriculum
    from dlmath.learner.planner import plan
    from dlmath.learner.record import load_states
    from dlmath.learner.state import fold

    # Every skill of the map counts as practicable here: the planner's worst case.
    skills = [replace(s, practice=True) for s in curriculum.skills()]
    ids = [s.id for s in skills]
    attempts = history(ids)

    start = time.perf_counter()
    states = fold(attempts, ids)
    fold_ms = (time.perf_counter() - start) * 1000
    mastered = sum(1 for s in states.values() if s.card is not None)
    now = attempts[-1].at + timedelta(days=3)
    due = sum(1 for s in states.values() if s.due is not None and s.due <= now)

    plan_ms = _median_ms(lambda: plan(states, skills, now, seed=7, last_area="linalg"), 200)
    small = attempts[:1000]
    replan_small_ms = _median_ms(lambda: plan(fold(small, ids), skills, now, seed=7), 5)

    print(f"history: {len(attempts)} attempts over {len(ids)} skills")
    print(f"  {mastered} skills mastered (with a review card), {due} due at plan time")
    print(f"fold of {len(attempts)} attempts from scratch: {fold_ms:.0f} ms")
    print(f"  per attempt: {fold_ms * 1000 / len(attempts):.1f} µs")
    print(f"plan on the cached states (median of 200): {plan_ms:.3f} ms   (limit 10 ms)")
    print(
        f"baseline, fold then plan without a cache: {fold_ms + plan_ms:.0f} ms at 100k "
        f"({(fold_ms + plan_ms) / plan_ms:.0f}x the cached plan); "
        f"{replan_small_ms:.1f} ms at 1k attempts"
    )

    from dlmath.store import open_store

    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"
        with open_store(url) as store:
            start = time.perf_counter()
            store.import_jsonl(_jsonl(attempts, states))
            import_s = time.perf_counter() - start

            def first_step() -> None:
                cached = load_states(store, USER, ids)
                plan(cached, skills, now, seed=7)

            read_ms = _median_ms(lambda: store.skill_states(USER), 50)
            count_ms = _median_ms(lambda: store.count_attempts(USER), 50)
            store_ms = _median_ms(first_step, 50)
            stored = store.count_attempts(USER)
        print(f"SQLite store with {stored} attempts (imported in {import_s:.1f} s), medians of 50:")
        print(f"  read the cached states: {read_ms:.2f} ms; count the attempts: {count_ms:.2f} ms")
        print(
            f"  a session's start, load_states (cache checked against the count) + plan: "
            f"{store_ms:.2f} ms; later plans in the session are in memory (as above)"
        )
