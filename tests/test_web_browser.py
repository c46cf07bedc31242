"""End to end in a real browser: the practice loop, the pages, the math, the CSP."""

from __future__ import annotations

import json
import urllib.request

import pytest
from fastapi import Request

from web_browser import Watch, chromium, served

pytestmark = pytest.mark.timeout(300)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    from dlmath.store import open_store
    from dlmath.web import create_app

    db = tmp_path_factory.mktemp("web") / "browser.db"
    store = open_store(f"sqlite:///{db}")
    app = create_app(store=store)
    _add_latex_page(app)
    with served(app) as base, chromium() as browser:
        yield base, browser, store
    store.close()


@pytest.fixture
def page(site):
    base, browser, _ = site
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    page = context.new_page()
    watch = Watch()
    watch.attach(page)
    page.base = base
    page.watch = watch
    yield page
    watch.assert_clean(page)
    context.close()


def _add_latex_page(app) -> None:
    """A test-only page with every generator's Markdown (prompt, hints, solution) for all
    skills x 3 difficulties x 2 seeds, rendered like the exercise page does."""
    from fastapi import APIRouter

    from dlmath.exercises.registry import generators
    from dlmath.web.markup import markdown_html
    from dlmath.web.pages_common import render

    router = APIRouter()

    @router.get("/test/latex")
    def latex(request: Request):
        from dlmath.exercises import exercise

        blocks = []
        for skill in sorted(generators()):
            for difficulty in (1, 2, 3):
                for seed in (1, 2):
                    ex = exercise(skill, difficulty, seed)
                    text = "\n\n".join([ex.prompt, *ex.hints, ex.solution])
                    blocks.append((ex.id, markdown_html(text)))
        return render(request, "latex_test.html", {"blocks": blocks})

    app.include_router(router)
    from jinja2 import ChoiceLoader, DictLoader

    env = app.state.dlmath.templates.env
    env.loader = ChoiceLoader(
        [
            env.loader,
            DictLoader(
                {
                    "latex_test.html": '{% extends "base.html" %}{% block content %}'
                    '{% for id, html in blocks %}<section class="gen" data-id="{{ id }}">'
                    "{{ html }}</section>{% endfor %}{% endblock %}"
                }
            ),
        ]
    )


def _api(page, path: str) -> dict:
    with urllib.request.urlopen(page.base + path) as response:
        return json.loads(response.read())


def _open_exercise(page, skill: str = "linalg.matmul", difficulty: int = 2, seed: int = 7):
    exercise_id = f"{skill}:{difficulty}:{seed}"
    page.goto(f"{page.base}/exercise/{exercise_id}")
    page.wait_for_selector("#answer")
    return exercise_id, _api(page, f"/api/exercise/{exercise_id}?answer=1")


def _type(page, text: str) -> None:
    page.fill("#answer", "")
    page.type("#answer", text, delay=5)


def _wait_preview(page, selector: str) -> None:
    page.wait_for_selector(f"#preview {selector}", timeout=10_000)


def test_partial_matrix_shows_a_positioned_error_then_the_matrix(page):
    _open_exercise(page)
    _type(page, "[1 2; 3")
    _wait_preview(page, "pre.caret")
    caret = page.inner_text("#preview pre.caret")
    assert caret.splitlines()[0] == "[1 2; 3"
    assert caret.splitlines()[1].index("^") == 7
    assert page.is_disabled("#check")
    page.press("#answer", "Enter")  # Enter does not check what cannot be read
    assert page.inner_text("#verdict").strip() == ""
    page.type("#answer", " 4]")
    _wait_preview(page, "math mtable")
    assert page.locator("#preview mtd").count() == 4
    _until(page, "!document.querySelector('#check').disabled")
    assert page.get_attribute("#preview", "aria-live") == "polite"
    assert page.get_attribute("#exercise", "data-exercise-id") == "linalg.matmul:2:7"
    assert page.locator("label[for=answer]").inner_text() == "Answer"


def test_a_right_answer_is_correct_and_moves_mastery(page):
    before = _mastery(page, "linalg.matmul")
    _, ex = _open_exercise(page, seed=11)
    _type(page, ex["expected"])
    _wait_preview(page, "math")
    page.press("#answer", "Enter")
    page.wait_for_selector("#verdict .result.right")
    assert "Right" in page.inner_text("#verdict")
    assert _mastery(page, "linalg.matmul") > before
    assert page.is_visible("#next") and page.is_visible("#undo")
    # undo takes it back
    attempts = _attempts(page)
    page.click("#undo")
    page.wait_for_selector("text=Your answer was taken back.")
    assert _attempts(page) == attempts - 1


def test_a_wrong_answer_gets_its_diagnosis_a_second_try_then_the_solution(page):
    _, ex = _open_exercise(page, seed=12)
    wrong = "undefined" if ex["expected"] != "undefined" else "[[1]]"
    _type(page, wrong)
    _wait_preview(page, "math")
    page.press("#answer", "Enter")
    page.wait_for_selector("#verdict .result.wrong")
    assert "Try again" in page.inner_text("#verdict")
    assert not page.is_visible("#solution")
    _type(page, "[[123456]]")
    _wait_preview(page, "math")
    page.click("#check")
    page.wait_for_selector("#verdict .side >> text=right answer")
    page.wait_for_selector("#solution:not([hidden])")
    assert page.locator("#solution math").count() > 0  # Temml rendered the solution
    assert page.is_visible("#next")


def test_wrong_matrix_entries_are_marked(page):
    _, ex = _open_exercise(page, "linalg.matmul", 1, 7)  # a 2x2 product
    rows = json.loads(ex["expected"])
    assert len(rows) == 2 and len(rows[0]) == 2
    rows[1][1] += 100
    _type(page, json.dumps(rows))
    _wait_preview(page, "math")
    page.press("#answer", "Enter")
    page.wait_for_selector("#verdict mtd.wrong")
    assert page.locator("#verdict mtd.wrong").count() == 1


def test_hints_come_one_at_a_time(page):
    _, ex = _open_exercise(page, seed=13)
    page.click("#hint")
    page.wait_for_selector("#hints li")
    assert page.locator("#hints li").count() == 1
    if len(ex["hints"]) > 1:
        page.click("#hint")
        _until(page, "document.querySelectorAll('#hints li').length == 2")


def test_skip_records_and_moves_on(page):
    exercise_id, _ = _open_exercise(page, seed=14)
    attempts = _attempts(page)
    page.click("#skip")
    page.wait_for_url(lambda url: exercise_id not in url and "/exercise/" in url)
    assert _attempts(page) == attempts + 1


def test_palette_and_matrix_helper_write_into_the_box(page):
    _open_exercise(page, seed=15)
    page.click("#answer")
    page.click("button.sym[data-insert='π']")
    assert page.input_value("#answer") == "π"
    page.fill("#answer", "")
    page.click("#grid-toggle")
    cells = page.locator("#grid-cells input")
    for k, value in enumerate(["1", "2", "3"]):
        cells.nth(k).fill(value)
    page.click("#grid-insert")
    assert page.input_value("#answer") == "[1 2; 3 ?]"
    _wait_preview(page, "pre.caret")


def test_progress_page_shows_the_attempts(page):
    _, ex = _open_exercise(page, "linalg.trace", 1, 5)
    _type(page, ex["expected"])
    _wait_preview(page, "math")
    page.press("#answer", "Enter")
    page.wait_for_selector("#verdict .result")
    page.goto(page.base + "/progress")
    row = page.locator("tr", has=page.locator("a[href='/skills/linalg.trace']"))
    assert "1/1" in row.inner_text()
    assert page.locator("svg.chart").count() == 3


def test_map_renders(page):
    page.goto(page.base + "/map")
    nodes = page.locator("svg.skill-map a.node")
    assert nodes.count() >= 90
    box = page.locator("svg.skill-map").bounding_box()
    assert box["width"] > 500 and box["height"] > 200
    assert page.locator("svg.skill-map a.ready").count() > 0


def test_derive_works(page):
    page.goto(page.base + "/tools/derive")
    page.fill("#expression", "tr(A X B)")
    page.fill("#wrt", "X")
    page.fill("#shapes", "A=4x3, X=3x5, B=5x4")
    page.click("form.tool button[type=submit]")
    page.wait_for_selector("#derive-result math")
    text = page.inner_text("#derive-result")
    assert "A.T @ B.T" in text and "relative error" in text


def test_worksheet_download_is_a_pdf(page):
    page.goto(page.base + "/worksheet?skills=linalg.matmul")
    with page.expect_download() as info:
        page.click("button[name=key][value='0']")
    path = info.value.path()
    with open(path, "rb") as f:
        assert f.read(5) == b"%PDF-"


def test_every_page_loads_clean_with_the_math_font(page):
    for path in ["/", "/progress", "/map", "/skills/linalg.matmul", "/tools",
                 "/tools/identities?q=trace", "/tools/eval?expression=[1 2; 3 4]^-1",
                 "/tools/equiv?answer=A^T A&expected=(A^T A)^T&shapes=A=3x2",
                 "/worksheet", "/exercise/calculus.integrals:2:3", "/no/such/page"]:  # fmt: skip
        page.goto(page.base + path)
        page.wait_for_load_state("networkidle")
    page.goto(page.base + "/exercise/linalg.matmul:2:7")
    page.wait_for_selector(".prompt math")
    loaded = page.evaluate(
        "document.fonts.ready.then(() => Array.from(document.fonts)"
        ".filter(f => f.family.includes('Noto Sans Math') && f.status === 'loaded').length)"
    )
    assert loaded >= 1
    page.watch.console = [m for m in page.watch.console if "404" not in m]  # the 404 page


def test_every_generator_latex_renders_without_a_temml_error(page):
    page.goto(page.base + "/test/latex", timeout=120_000)
    _until(page, "document.querySelectorAll('.math:not([data-rendered])').length === 0", 120)
    sections = page.locator("section.gen").count()
    assert sections >= 3 * 2 * 50
    failures = page.evaluate(
        "Array.from(document.querySelectorAll('.math-error')).map(e =>"
        " e.closest('section').dataset.id + ': ' + e.dataset.error + ' in ' + e.textContent)"
    )
    assert failures == [], "\n".join(failures[:20])
    assert page.locator("section.gen math").count() > 1000


def _until(page, expression: str, seconds: float = 10) -> None:
    """Poll ``expression`` in the page (``wait_for_function`` would need eval, which the
    Content-Security-Policy rightly forbids)."""
    import time

    deadline = time.monotonic() + seconds
    while not page.evaluate(expression):
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {expression}")
        time.sleep(0.1)


def _mastery(page, skill: str) -> float:
    report = _api(page, "/api/progress")
    return next(s["mastery"] for s in report["skills"] if s["id"] == skill)


def _attempts(page) -> int:
    report = _api(page, "/api/progress")
    return sum(s["attempts"] for s in report["skills"])


def test_identity_search_updates_as_you_type(page):
    page.goto(page.base + "/tools/identities")
    total = page.locator("li.identity").count()
    page.type("#q", "woodbury", delay=20)
    page.wait_for_url("**q=woodbury**")
    page.wait_for_selector("li.identity >> text=Woodbury")
    assert 0 < page.locator("li.identity").count() < total
    assert page.locator("#identity-results math").count() > 0


def test_keyboard_only_practice(page):
    """The answer box has the focus on arrival, Enter checks, and the focus then moves to
    Next, so a learner never needs the mouse."""
    _, ex = _open_exercise(page, "linalg.trace", 2, 9)
    assert page.evaluate("document.activeElement.id") == "answer"
    page.keyboard.type(ex["expected"])
    _wait_preview(page, "math")
    page.keyboard.press("Enter")
    page.wait_for_selector("#verdict .result.right")
    _until(page, "document.activeElement.id === 'next'")
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: "/exercise/" in url and "linalg.trace:2:9" not in url)
