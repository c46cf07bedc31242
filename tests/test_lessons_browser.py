"""Every lesson on its skill page in a real browser: the idea, the worked example and
the mistakes render with Temml, without a single math error."""

from __future__ import annotations

import time

import pytest

from dlmath.exercises.registry import practice_skills
from dlmath.lessons import load_notes
from web_browser import Watch, chromium, served

pytestmark = pytest.mark.timeout(600)


def test_every_lesson_renders_in_the_browser_without_a_temml_error(tmp_path):
    from dlmath.store import open_store
    from dlmath.web import create_app

    skills = sorted(set(load_notes()) & set(practice_skills()))
    assert skills
    store = open_store(f"sqlite:///{tmp_path / 'lessons.db'}")
    with store, served(create_app(store=store)) as base, chromium() as browser:
        page = browser.new_page()
        watch = Watch()
        watch.attach(page)
        failures = []
        for skill in skills:
            page.goto(f"{base}/skills/{skill}?seed=2")
            deadline = time.monotonic() + 30
            while page.evaluate("document.querySelectorAll('.math:not([data-rendered])').length"):
                assert time.monotonic() < deadline, f"{skill}: math never rendered"
                time.sleep(0.1)
            assert page.locator("#lesson .idea math").count() > 0, skill
            failures += page.evaluate(
                "Array.from(document.querySelectorAll('#lesson .math-error')).map(e =>"
                f" '{skill}: ' + e.dataset.error + ' in ' + e.textContent)"
            )
        watch.assert_clean(page)
    assert failures == [], "\n".join(failures[:20])
