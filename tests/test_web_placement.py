"""Placement in the web app: the session rebuilt from its seed and start by replaying the
stored answers, the page and its JSON twins, CSRF, escaping, group mode, the home link."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import numpy as np
import pytest
from fastapi.testclient import TestClient

import dlmath
from dlmath.learner.types import KNOWN, PLACEMENT
from dlmath.session import practicable
from dlmath.session.placement import PlacementSession
from dlmath.store import open_store
from dlmath.web import create_app
from test_placement import chain_map, check_answer, fake_session, make_exercise

pytestmark = pytest.mark.timeout(600)


@pytest.fixture
def store(tmp_path):
    with open_store(f"sqlite:///{tmp_path / 'web.db'}") as opened:
        yield opened


def browser_like(app) -> TestClient:
    c = TestClient(app, raise_server_exceptions=False)
    c.get("/")
    c.headers["X-CSRF-Token"] = c.cookies["dlmath_csrf"]
    return c


@pytest.fixture
def client(store):
    return browser_like(create_app(store=store))


def _exercise(exercise_id: str):
    skill, difficulty, seed = exercise_id.split(":")
    return dlmath.exercise(skill, int(difficulty), int(seed))


def _start(client, area: str | None = None) -> dict:
    r = client.get("/placement/start", params={"area": area or ""}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/placement?")
    query = parse_qs(urlsplit(r.headers["location"]).query)
    run = {"seed": int(query["seed"][0]), "start": int(query["start"][0])}
    return {**run, "area": query["area"][0]} if "area" in query else run


# ---- the session: replaying stored answers reaches the live session's state -------------


def test_replaying_the_stored_answers_reaches_the_live_sessions_state(store):
    skills = chain_map()
    truth = {"x.a1", "x.a2"}
    live = fake_session(store, skills, seed=5)
    for _ in range(3):
        exercise = live.next()
        live.answer("right" if exercise.skill in truth else "wrong")
    live.next()
    live.skip()
    again = PlacementSession(
        store, "ada", skills, seed=5, make_exercise=make_exercise, check_answer=check_answer
    )
    assert again.replay(store.attempts("ada")) == 4
    assert [a.exercise.id for a in again.asked] == [a.exercise.id for a in live.asked]
    assert [a.verdict is None for a in again.asked] == [a.verdict is None for a in live.asked]
    assert again.next().id == live.next().id
    marginals, replayed = live.model.marginals(), again.model.marginals()
    assert np.allclose([marginals[s] for s in marginals], [replayed[s] for s in marginals])
    assert again.conclude() == live.model.conclusions()


def test_replay_passes_over_other_attempts(store):
    skills = chain_map()
    live = fake_session(store, skills, seed=3)
    first = live.next()
    live.answer("right")
    other = make_exercise("y.b1", 1, 99)  # practice in another tab, between two questions
    from dlmath.learner.record import record

    record(store, "ada", other, check_answer(other, "wrong"), answer="wrong")
    second = live.next()
    live.answer("wrong")
    again = PlacementSession(
        store, "ada", skills, seed=3, make_exercise=make_exercise, check_answer=check_answer
    )
    assert again.replay(store.attempts("ada")) == 2
    assert [a.exercise.id for a in again.asked] == [first.id, second.id]


# ---- the pages and the JSON twins ---------------------------------------------------------


def test_a_whole_placement_through_the_json_routes(client, store):
    run = _start(client, "linalg")
    page = client.get("/placement", params=run)
    assert page.status_code == 200 and 'data-check-url="/api/placement/answer"' in page.text
    assert "question 1 of at most" in page.text and 'id="undo"' in page.text
    status = client.get("/api/placement/status", params=run).json()
    assert status["number"] == 1 and status["asked"] == 0 and not status["done"]
    asked = []
    for number in range(1, 4):
        question = client.get("/api/placement/status", params=run).json()["question"]
        assert "expected" not in question  # the answer never goes out with the question
        assert question["skill"].startswith("linalg.")
        ex = _exercise(question["id"])
        unreadable = client.post(
            "/api/placement/answer", json={**run, "id": ex.id, "answer": "[1 2"}
        ).json()
        assert not unreadable["recorded"] and unreadable["diagnosis"] == "parse-error"
        answer = ex.expected if number != 2 else "undefined"
        verdict = client.post(
            "/api/placement/answer", json={**run, "id": ex.id, "answer": answer, "hints_used": 1}
        ).json()
        assert verdict["recorded"] and verdict["finished"] and verdict["expected_mathml"]
        assert verdict["correct"] == (number != 2)
        asked.append(ex.id)
    again = client.post("/api/placement/answer", json={**run, "id": asked[-1], "answer": "1"})
    assert again.status_code == 409  # answered already: the placement has moved on
    question = client.get("/api/placement/status", params=run).json()["question"]
    skipped = client.post("/api/placement/solution", json={**run, "id": question["id"]}).json()
    assert skipped["recorded"] and skipped["solution_html"]
    attempts = store.attempts("default")
    assert [a.exercise_id for a in attempts] == [*asked, question["id"]]
    assert [a.hints_used for a in attempts] == [1, 1, 1, 0] and attempts[-1].skipped
    assert set(client.cookies.keys()) == {"dlmath_csrf"}  # no placement state in a cookie
    # another client (a reload, another tab, another process) goes on from the same place
    other = browser_like(create_app(store=store))
    assert other.get("/api/placement/status", params=run).json()["asked"] == 4
    finished = other.post("/api/placement/finish", json=run).json()["conclusions"]
    linalg = [s.id for s in practicable(dlmath.skills()) if s.practice and s.area == "linalg"]
    assert set(finished) == set(linalg)
    placed = [a for a in store.attempts("default") if a.kind == PLACEMENT]
    assert {a.skill: a.answer for a in placed} == finished
    assert client.post("/api/placement/finish", json=run).json()["conclusions"] == finished
    assert len(store.attempts("default")) == 4 + len(placed)  # concluded once
    late = client.post("/api/placement/skip", json={**run, "id": question["id"]})
    assert late.status_code == 409
    assert client.get("/placement", params=run, follow_redirects=False).status_code == 303
    result = client.get("/placement/result", params=run)
    assert result.status_code == 200 and 'class="skill-map"' in result.text
    known = sum(1 for w in finished.values() if w == KNOWN)
    assert result.text.count('class="node lvl-known') == known
    assert result.text.count("lvl-not-asked") >= len(dlmath.skills()) - len(linalg)


def test_the_page_flow_with_forms(client, store, monkeypatch):
    """Start, the question page, the done page, the finish form (with its CSRF token)."""
    monkeypatch.setattr(PlacementSession, "done", property(lambda s: len(s.asked) >= 1))
    assert "take-placement" in client.get("/").text  # a learner with no attempts
    assert "Start placement" in client.get("/placement").text
    run = _start(client)
    question = client.get("/api/placement/status", params=run).json()["question"]
    client.post("/api/placement/skip", json={**run, "id": question["id"]})
    done = client.get("/placement", params=run)
    assert "Placement is done" in done.text and 'name="csrf_token"' in done.text
    form = {**{k: str(v) for k, v in run.items()}, "area": ""}
    no_token = TestClient(client.app, raise_server_exceptions=False)
    no_token.cookies.set("dlmath_csrf", client.cookies["dlmath_csrf"])
    forged = no_token.post("/placement/finish", data=form, follow_redirects=False)
    assert forged.status_code == 403
    assert not [a for a in store.attempts("default") if a.kind == PLACEMENT]
    token = client.cookies["dlmath_csrf"]
    r = no_token.post(  # the form's hidden field carries the token
        "/placement/finish", data={**form, "csrf_token": token}, follow_redirects=False
    )
    assert r.status_code == 303 and r.headers["location"].startswith("/placement/result?")
    assert [a for a in store.attempts("default") if a.kind == PLACEMENT]
    assert "take-placement" not in client.get("/").text  # no longer new


def test_every_state_change_needs_the_csrf_token(client):
    run = _start(client)
    question = client.get("/api/placement/status", params=run).json()["question"]
    bare = TestClient(client.app, raise_server_exceptions=False)
    bare.cookies.set("dlmath_csrf", client.cookies["dlmath_csrf"])
    for path, body in [
        ("/api/placement/answer", {**run, "id": question["id"], "answer": "1"}),
        ("/api/placement/skip", {**run, "id": question["id"]}),
        ("/api/placement/solution", {**run, "id": question["id"]}),
        ("/api/placement/finish", run),
        ("/api/placement", {}),
    ]:
        assert bare.post(path, json=body).status_code == 403, path


def test_bad_runs_are_clean_errors_and_text_is_escaped(client):
    hostile = "<script>alert(1)</script>"
    r = client.get("/placement", params={"seed": 1, "start": 1, "area": hostile})
    assert r.status_code == 404 and "<script>alert" not in r.text
    future = client.get("/api/placement/status", params={"seed": 1, "start": 10**17})
    assert future.status_code == 400
    assert client.get("/api/placement/status", params={"seed": -1, "start": 1}).status_code in (
        400,
        422,
    )
    run = _start(client)
    r = client.post("/api/placement/answer", json={**run, "id": hostile, "answer": hostile})
    assert r.status_code == 409 and "<script>" not in r.text.replace("\\u003c", "")
    question = client.get("/api/placement/status", params=run).json()["question"]
    r = client.post("/api/placement/answer", json={**run, "id": question["id"], "answer": hostile})
    assert r.status_code == 200 and r.json()["diagnosis"] == "parse-error"
    assert not r.json()["recorded"]  # cannot be read: not an answer, the question stays
    started = client.post("/api/placement", json={"area": "calculus"}).json()
    assert set(started) == {"seed", "start", "area"} and started["area"] == "calculus"


def test_group_mode_places_the_signed_in_learner(store):
    from group_web import Client, make_accounts

    app = create_app(mode="group", store=store)
    make_accounts(store, "ann", "bob")
    ann, bob, nobody = Client(app), Client(app), Client(app)
    ann.login("ann")
    bob.login("bob")
    r = ann.get("/placement/start")
    assert r.status_code == 303 and r.headers["location"].startswith("/placement?")
    query = parse_qs(urlsplit(r.headers["location"]).query)
    run = {"seed": int(query["seed"][0]), "start": int(query["start"][0])}
    assert "Placement" in ann.get("/placement", params=run).text
    question = ann.get("/api/placement/status", params=run).json()["question"]
    ex = _exercise(question["id"])
    body = {**run, "id": ex.id, "answer": ex.expected}
    assert ann.post("/api/placement/answer", json=body).json()["correct"]
    assert [a.exercise_id for a in store.attempts("ann")] == [ex.id]
    assert bob.get("/api/placement/status", params=run).json()["asked"] == 0  # ann's answers
    assert nobody.get("/api/placement/status", params=run).status_code == 401
    assert nobody.post("/api/placement/answer", json=body).status_code == 401
    assert bob.post("/api/placement/finish", json=run).status_code == 200
    assert not [a for a in store.attempts("ann") if a.kind == PLACEMENT]


def test_a_remembered_session_is_the_rebuilt_one(client, store):
    """The app keeps the sessions it rebuilt lately; what they say must be what a rebuild
    from the stored answers says, and an undo elsewhere must not leave a stale one."""

    def fresh(run):
        client.app.state.placement_memo.entries.clear()
        return client.get("/api/placement/status", params=run).json()

    run = _start(client)
    for answer in ("right", "wrong", "right"):
        question = client.get("/api/placement/status", params=run).json()["question"]
        ex = _exercise(question["id"])
        text = ex.expected if answer == "right" else "undefined"
        client.post("/api/placement/answer", json={**run, "id": ex.id, "answer": text})
    remembered = client.get("/api/placement/status", params=run).json()
    assert remembered == fresh(run) and remembered["asked"] == 3
    last = store.attempts("default")[-1].exercise_id
    client.get("/api/placement/status", params=run)  # remembered again
    assert client.post("/api/undo", json={"id": last}).json()["undone"]
    after_undo = client.get("/api/placement/status", params=run).json()
    assert after_undo["asked"] == 2 and after_undo["question"]["id"] == last
    assert after_undo == fresh(run)
