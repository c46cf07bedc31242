"""Placement end to end in a real browser (Debian's Chromium via Playwright): from the
home page of a new learner to the map coloured by the conclusions."""

from __future__ import annotations

import json
import urllib.request

import pytest

from web_browser import Watch, chromium, served

pytestmark = pytest.mark.timeout(300)


@pytest.fixture
def site(tmp_path):
    from dlmath.store import open_store
    from dlmath.web import create_app

    store = open_store(f"sqlite:///{tmp_path / 'placement.db'}")
    with served(create_app(store=store)) as base, chromium() as browser:
        yield base, browser, store
    store.close()


def _expected(base: str, exercise_id: str) -> str:
    with urllib.request.urlopen(f"{base}/api/exercise/{exercise_id}?answer=1") as response:
        return json.loads(response.read())["expected"]


def _question(page) -> str:
    page.wait_for_selector("#answer")
    return page.get_attribute("#exercise", "data-exercise-id")


def test_a_new_learner_takes_the_placement_and_sees_the_map(site):
    from dlmath.learner.types import PLACEMENT

    base, browser, store = site
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    watch = Watch()
    watch.attach(page)
    page.goto(base + "/")
    page.click("#take-placement")
    page.select_option("#area", "linalg")
    page.click("#start-placement")
    first = _question(page)
    assert "question 1 of at most" in page.inner_text(".crumbs")
    assert first.startswith("linalg.")
    # the practice page's answer handling: an unreadable answer keeps Check disabled and
    # Enter does nothing; a hint; the preview; Enter checks
    page.type("#answer", "[1 2; 3", delay=5)
    page.wait_for_selector("#preview pre.caret")
    assert page.is_disabled("#check")
    page.press("#answer", "Enter")
    assert page.inner_text("#verdict").strip() == ""
    if not page.is_disabled("#hint"):
        page.click("#hint")
        page.wait_for_selector("#hints li")
    page.fill("#answer", "")
    page.type("#answer", _expected(base, first), delay=5)
    page.wait_for_selector("#check:not([disabled])")
    page.press("#answer", "Enter")
    page.wait_for_selector("#verdict .result.right")
    assert page.is_hidden("#undo")
    stored = store.attempts("default")
    assert [a.exercise_id for a in stored] == [first] and stored[0].correct
    # a reload resumes where the placement is: the next question, chosen from the answers
    page.reload()
    second = _question(page)
    assert second != first and "question 2" in page.inner_text(".crumbs")
    with page.expect_navigation():  # a skip moves on to the next question's page
        page.click("#skip")
    third = _question(page)
    assert third not in (first, second) and "question 3" in page.inner_text(".crumbs")
    assert [a.skipped for a in store.attempts("default")] == [False, True]
    page.click("#finish-early")
    page.wait_for_url(lambda url: "/placement/result" in url)
    placed = {a.skill: a.answer for a in store.attempts("default") if a.kind == PLACEMENT}
    assert placed and all(skill.startswith("linalg.") for skill in placed)
    assert page.locator("svg.skill-map").count() == 1
    for word in ("known", "not known", "unsure"):
        shown = page.locator(f"svg.skill-map a.lvl-{word.replace(' ', '-')}").count()
        assert shown == sum(1 for w in placed.values() if w == word), word
    assert page.locator("svg.skill-map a.lvl-not-asked").count() > 0  # the other areas
    page.goto(base + "/")
    assert page.locator("#take-placement").count() == 0  # no longer a new learner
    watch.assert_clean(page)
