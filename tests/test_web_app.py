"""The web app through FastAPI's test client: routes, JSON contract, errors, CSRF,
headers, escaping, the practice rules, and the app over PostgreSQL."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
import urllib.request
import uuid

import pytest
from fastapi.testclient import TestClient
from hypothesis import given, settings
from hypothesis import strategies as st

import dlmath
from dlmath.store import open_store
from dlmath.web import create_app

MATRIX_ID = "linalg.matmul:1:7"  # a 2x2 product


@pytest.fixture
def store(tmp_path):
    with open_store(f"sqlite:///{tmp_path / 'web.db'}") as opened:
        yield opened


@pytest.fixture
def client(store):
    """A browser-like client: it holds the CSRF cookie and sends the token back."""
    c = TestClient(create_app(store=store), raise_server_exceptions=False)
    c.get("/")
    c.headers["X-CSRF-Token"] = c.cookies["dlmath_csrf"]
    return c


def _expected(exercise_id: str) -> str:
    return dlmath.exercise(*_split(exercise_id)).expected


def _split(exercise_id: str):
    skill, difficulty, seed = exercise_id.split(":")
    return skill, int(difficulty), int(seed)


# ---- pages ------------------------------------------------------------------------------

PAGES = [
    "/",
    "/progress",
    "/map",
    "/skills/linalg.matmul",
    "/tools",
    "/tools/derive?expression=x^T A x&wrt=x&shapes=A=3x3, x=3",
    "/tools/equiv?answer=(A B)^T&expected=B^T A^T&shapes=A=2x3, B=3x4",
    "/tools/eval?expression=[1 2; 3 4]^-1",
    "/tools/identities?q=woodbury",
    "/worksheet",
    f"/exercise/{MATRIX_ID}",
]


@pytest.mark.parametrize("path", PAGES)
def test_pages_render_with_strict_headers_and_no_inline_code(client, path):
    r = client.get(path)
    assert r.status_code == 200, r.text[:500]
    csp = r.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-eval" not in csp
    assert "unsafe-inline" not in csp.split("style-src-attr")[0]
    assert r.headers["x-content-type-options"] == "nosniff"
    assert not re.search(r"<script(?![^>]*\bsrc=)", r.text), "inline script"
    assert " style=" not in r.text and " on" + "click=" not in r.text
    assert "signed in as" in r.text


def test_exercise_page_contract(client):
    html = client.get(f"/exercise/{MATRIX_ID}").text
    assert f'data-exercise-id="{MATRIX_ID}"' in html
    assert '<label for="answer">Answer</label>' in html
    assert 'id="preview"' in html and 'aria-live="polite"' in html
    assert "<math" not in html.split('class="prompt"')[0]  # prompt LaTeX is left for Temml
    assert 'class="math inline"' in html


def test_practice_redirects_to_the_planned_exercise(client):
    r = client.get("/practice?skill=linalg.trace", follow_redirects=False)
    assert r.status_code == 303
    assert re.fullmatch(
        r"/exercise/linalg\.trace:[123]:\d+\?skill=linalg\.trace", r.headers["location"]
    )
    assert (
        client.get("/practice?area=calculus", follow_redirects=False)
        .headers["location"]
        .startswith("/exercise/calculus.")
    )
    assert client.get("/practice?skill=no.such").status_code == 404
    assert client.get("/practice?area=alchemy").status_code == 404


def test_map_links_every_skill_and_progress_has_charts(client):
    html = client.get("/map").text
    assert html.count('class="node ') == len(dlmath.skills())
    assert client.get("/progress").text.count('<svg class="chart') == 3


# ---- errors -----------------------------------------------------------------------------


def test_unknown_ids_get_a_404_page_and_json_404(client):
    for path in ["/exercise/nope:1:1", "/exercise/linalg.matmul:9:1", "/skills/x", "/nothing"]:
        r = client.get(path)
        assert r.status_code == 404 and r.headers["content-type"].startswith("text/html")
    r = client.get("/api/exercise/linalg.matmul:1:x")
    assert r.status_code == 404 and "error" in r.json()
    r = client.post("/api/check", json={"id": "nope:1:1", "answer": "1"})
    assert r.status_code == 404 and r.json()["error"]


def test_malformed_json_is_400_and_oversized_bodies_413(client):
    r = client.post(
        "/api/check", content=b"{not json", headers={"content-type": "application/json"}
    )
    assert r.status_code == 400 and r.json()["error"] == "the request body is not valid JSON"
    r = client.post("/api/check", json={"id": MATRIX_ID})
    assert r.status_code == 400 and "answer" in r.json()["error"]
    r = client.post("/api/preview", json={"id": MATRIX_ID, "answer": "x" * 70_000})
    assert r.status_code == 413 and r.json()["error"]


def test_unknown_host_is_refused(client):
    assert client.get("/", headers={"host": "evil.example"}).status_code == 400


@pytest.fixture(scope="module")
def shared_client(tmp_path_factory):
    with open_store(f"sqlite:///{tmp_path_factory.mktemp('hostile') / 'web.db'}") as opened:
        c = TestClient(create_app(store=opened), raise_server_exceptions=False)
        c.get("/")
        c.headers["X-CSRF-Token"] = c.cookies["dlmath_csrf"]
        yield c


@settings(max_examples=40, deadline=None)
@given(text=st.text(max_size=300) | st.from_regex(r"[\[\]0-9 ;,^T()+*/-]{0,60}"))
def test_no_answer_text_gives_a_server_error(shared_client, text):
    for path in ("/api/preview", "/api/check"):
        r = shared_client.post(path, json={"id": MATRIX_ID, "answer": text})
        assert r.status_code == 200, r.text


# ---- CSRF -------------------------------------------------------------------------------


def test_state_changes_need_the_csrf_token_once_cookies_are_held(client):
    body = {"id": MATRIX_ID, "answer": "1"}
    assert client.post("/api/check", json=body).status_code == 200
    del client.headers["X-CSRF-Token"]
    r = client.post("/api/check", json=body)
    assert r.status_code == 403 and "CSRF" in r.json()["error"]
    r = client.post("/api/check", json=body, headers={"X-CSRF-Token": "x" * 43})
    assert r.status_code == 403
    token = client.cookies["dlmath_csrf"]
    r = client.post("/api/undo", data={"csrf_token": token, "id": MATRIX_ID})
    assert r.status_code != 403  # the form field is accepted too (then the JSON body is not)


def test_cookieless_scripts_may_post_json_but_not_forms_or_cross_origin(store):
    c = TestClient(create_app(store=store))
    body = {"id": MATRIX_ID, "answer": _expected(MATRIX_ID)}
    assert c.post("/api/check", json=body).json()["correct"] is True
    c.cookies.clear()
    r = c.post("/api/check", json=body, headers={"origin": "http://evil.example"})
    assert r.status_code == 403
    c.cookies.clear()
    assert c.post("/api/undo", data={"id": MATRIX_ID}).status_code == 403


# ---- preview and check ------------------------------------------------------------------


def test_preview_reads_without_judging(client):
    right = client.post("/api/preview", json={"id": MATRIX_ID, "answer": _expected(MATRIX_ID)})
    wrong = client.post("/api/preview", json={"id": MATRIX_ID, "answer": "[1 2; 3 4]"})
    for r in (right, wrong):
        assert set(r.json()) == {"text", "mathml", "error", "position", "names"}
        assert r.json()["error"] is None and "<mtable>" in r.json()["mathml"]
    partial = client.post("/api/preview", json={"id": MATRIX_ID, "answer": "[1 2; 3"}).json()
    assert partial["error"] and partial["position"] == 7 and partial["mathml"] == ""


def test_preview_names_their_shapes_and_escapes(client):
    ex_id = "linalg.transpose-rules:2:1"
    if "linalg.transpose-rules" not in dlmath.exercises.registry.generators():
        ex_id = "calculus.matrix-calculus:1:1"
    ex = dlmath.exercise(*_split(ex_id))
    name = next(iter(ex.shapes), None)
    if name:
        r = client.post("/api/preview", json={"id": ex_id, "answer": name}).json()
        assert r["names"][0]["name"] == name and "not declared" not in r["names"][0]["shape"]
    r = client.post("/api/preview", json={"id": MATRIX_ID, "answer": "<script>"}).json()
    assert r["error"] and "<script" not in r["mathml"]


def test_a_right_answer_is_recorded_and_moves_mastery(client, store):
    r = client.post("/api/check", json={"id": MATRIX_ID, "answer": _expected(MATRIX_ID)}).json()
    assert r["correct"] and r["recorded"] and r["finished"]
    assert r["mastery"]["after"] > r["mastery"]["before"]
    assert {"correct", "feedback", "diagnosis", "expected"} <= set(r)
    assert store.count_attempts("default") == 1
    progress = client.get("/api/progress").json()
    row = next(s for s in progress["skills"] if s["id"] == "linalg.matmul")
    assert row["attempts"] == 1 and row["correct"] == 1


def test_tries_wrong_then_second_try_then_the_answer(client, store):
    rows = json.loads(_expected(MATRIX_ID))
    rows[1][1] += 100
    first = client.post("/api/check", json={"id": MATRIX_ID, "answer": json.dumps(rows)}).json()
    assert not first["correct"] and first["diagnosis"] == "wrong"
    assert first["details"]["wrong_entries"] == [[2, 2]]
    assert '<mtd class="wrong">' in first["answer_mathml"]
    assert first["recorded"] and not first["finished"] and first["expected_mathml"] == ""
    unreadable = client.post("/api/check", json={"id": MATRIX_ID, "answer": "[1 2"}).json()
    assert unreadable["diagnosis"] == "parse-error" and not unreadable["recorded"]
    second = client.post(
        "/api/check", json={"id": MATRIX_ID, "answer": "[[0, 0], [0, 0]]", "tries_before": 1}
    ).json()
    assert second["finished"] and not second["recorded"]
    assert second["expected_mathml"] and second["solution_html"]
    assert store.count_attempts("default") == 1  # the first answer is the evidence


def test_hints_skip_solution_and_undo(client, store):
    ex = dlmath.exercise(*_split(MATRIX_ID))
    h = client.get(f"/api/exercise/{MATRIX_ID}/hint/1").json()
    assert h["number"] == 1 and h["more"] == (len(ex.hints) > 1)
    assert client.get(f"/api/exercise/{MATRIX_ID}/hint/99").status_code == 404
    skipped = client.post("/api/skip", json={"id": MATRIX_ID, "hints_used": 1}).json()
    assert skipped["recorded"] and store.attempts("default")[-1].skipped
    assert store.attempts("default")[-1].hints_used == 1
    undone = client.post("/api/undo", json={"id": MATRIX_ID}).json()
    assert undone["undone"] and store.count_attempts("default") == 0
    assert not client.post("/api/undo", json={"id": MATRIX_ID}).json()["undone"]
    shown = client.post("/api/solution", json={"id": MATRIX_ID}).json()
    assert shown["recorded"] and shown["expected"] == ex.expected and shown["solution_html"]


def test_practice_state_is_never_in_a_cookie(client):
    client.post("/api/check", json={"id": MATRIX_ID, "answer": "1"})
    client.get(f"/api/exercise/{MATRIX_ID}/hint/1")
    assert set(client.cookies.keys()) == {"dlmath_csrf"}


def test_api_exercise_hides_the_answer_unless_asked(client):
    plain = client.get(f"/api/exercise/{MATRIX_ID}").json()
    assert "expected" not in plain and "solution" not in plain
    assert {"id", "skill", "difficulty", "seed", "prompt", "text", "kind", "data"} <= set(plain)
    full = client.get(f"/api/exercise/{MATRIX_ID}?answer=1").json()
    assert full == json.loads(json.dumps(dlmath.exercise(*_split(MATRIX_ID)).to_json()))


def test_group_mode_never_reveals_answers(store):
    from dlmath.web.learner import Learner

    app = create_app(store=store, mode="group", identify=lambda request: Learner("ann"))
    c = TestClient(app)
    assert "expected" not in c.get(f"/api/exercise/{MATRIX_ID}?answer=1").json()
    anonymous = TestClient(create_app(store=store, mode="group", identify=lambda r: None))
    assert anonymous.get("/api/progress").status_code == 401
    assert anonymous.get("/progress", follow_redirects=False).status_code == 303


# ---- the JSON twins of the command line ------------------------------------------------


def test_skills_and_progress_match_the_cli(client):
    assert client.get("/api/skills").json() == {"skills": [s.to_json() for s in dlmath.skills()]}
    progress = client.get("/api/progress").json()
    assert progress["user"] == "default" and len(progress["skills"]) == len(dlmath.skills())


def test_tools_api(client):
    d = client.post(
        "/api/derive",
        json={
            "expression": "tr(A X B)",
            "wrt": "X",
            "shapes": {"A": "4x3", "X": "3x5", "B": "5x4"},
        },
    ).json()
    direct = dlmath.derive("tr(A X B)", wrt="X", shapes={"A": "4x3", "X": "3x5", "B": "5x4"})
    assert d["result"] == direct.result and d["numpy"] == direct.numpy and d["max_rel_error"] < 1e-6
    bad = client.post("/api/derive", json={"expression": "tr(A X", "wrt": "X"})
    assert bad.status_code == 400 and bad.json()["position"] is not None
    e = client.post(
        "/api/equiv",
        json={"answer": "A^T(Ax - b)", "expected": "A^T A x - A^T b",
              "shapes": {"A": "4x2", "x": "2", "b": "4"}},
    ).json()  # fmt: skip
    assert e["equivalent"] is True and e["diagnosis"] is None
    found = client.get("/api/identities?q=woodbury").json()
    assert found["count"] >= 1 and {"id", "lhs", "rhs", "conditions", "source"} <= set(
        found["identities"][0]
    )


def test_text_is_escaped_everywhere(client):
    r = client.get("/tools/identities?q=<b>bold</b>")
    assert "<b>bold" not in r.text and "&lt;b&gt;bold" in r.text
    r = client.get("/skills/<img src=x>")
    assert r.status_code == 404 and "<img src=x>" not in r.text
    r = client.get("/tools/eval?expression=<svg onload=1>")
    assert "<svg onload" not in r.text


def test_worksheet_pdf_and_its_key(client):
    params = {"skills": ["linalg.matmul", "linalg.trace"], "count": 4, "seed": 5}
    sheet = client.get("/worksheet.pdf", params=params)
    key = client.get("/worksheet.pdf", params={**params, "key": 1})
    for r in (sheet, key):
        assert r.status_code == 200 and r.content[:5] == b"%PDF-"
        assert r.headers["content-disposition"].startswith("attachment")
    assert sheet.content != key.content
    assert client.get("/worksheet.pdf", params={"skills": ["no.such"]}).status_code == 400
    none = client.get("/worksheet.pdf?count=4")
    assert none.status_code == 400 and "at least one skill" in none.text


# ---- the command and PostgreSQL -----------------------------------------------------------


def test_serve_prints_its_address_and_serves(tmp_path):
    port = 18000 + os.getpid() % 1000
    env = {**os.environ, "DLMATH_DATA_DIR": str(tmp_path), "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(
        [sys.executable, "-m", "dlmath", "serve", "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        line = process.stdout.readline()
        assert f"http://127.0.0.1:{port}/" in line
        for _ in range(100):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/skills") as r:
                    assert json.loads(r.read())["skills"]
                    break
            except OSError:
                time.sleep(0.1)
        else:
            pytest.fail("the server did not answer")
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_serve_refuses_a_public_address_in_local_mode():
    r = subprocess.run(
        [sys.executable, "-m", "dlmath", "serve", "--host", "0.0.0.0"],
        capture_output=True,
        text=True,
    )
    assert r.returncode == 2 and "loopback" in r.stderr and "Traceback" not in r.stderr


@pytest.mark.postgres
def test_the_app_over_postgresql():
    from sqlalchemy import create_engine, text

    from conftest import postgres_url
    from test_store import postgres_schema_url

    base = postgres_url()
    if base is None:
        pytest.skip("DLMATH_TEST_DATABASE_URL is not set")
    schema = f"web_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base)
    try:
        with admin.begin() as connection:
            connection.execute(text(f'CREATE SCHEMA "{schema}"'))
        app = create_app(database_url=postgres_schema_url(base, schema))
        with TestClient(app) as c:
            r = c.post("/api/check", json={"id": MATRIX_ID, "answer": _expected(MATRIX_ID)})
            assert r.json()["correct"] and r.json()["recorded"]
            assert c.get("/api/progress").json()["due_count"] == 0
            assert c.get("/progress").status_code == 200
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def test_the_registry_loads_whole_under_concurrent_first_requests(monkeypatch):
    """Threads asking for generators while the area modules are still importing must wait
    for all of them (a half-filled registry once said "no exercises for skill ...")."""
    import threading

    from dlmath.exercises import registry

    everything = dict(registry.generators())
    monkeypatch.setattr(registry, "_loaded", False)
    monkeypatch.setattr(registry, "_GENERATORS", {})

    def slow_import(name: str):  # registers the area's generators, slowly
        time.sleep(0.02)
        area = name.rsplit(".", 1)[-1]
        registry._GENERATORS.update({k: v for k, v in everything.items() if k.startswith(area)})

    monkeypatch.setattr(registry.importlib, "import_module", slow_import)
    monkeypatch.setattr(
        registry, "area_modules", lambda: [f"dlmath.exercises.{a}" for a in registry.AREAS]
    )
    seen: list[int] = []
    threads = [
        threading.Thread(target=lambda: seen.append(len(registry.generators()))) for _ in range(16)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert seen == [len(everything)] * 16
