"""The teacher's dashboard in a real browser: sign in through the form, watch a learner's
mistake appear without reloading (htmx polling), and no Content-Security-Policy violation."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from group_web import PASSWORD, make_accounts

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
sys.path.insert(0, str(ROOT))

from benchmarks import load  # noqa: E402

pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="needs Chromium")


def test_the_dashboard_refreshes_live_and_breaks_no_csp_rule(tmp_path):
    playwright = pytest.importorskip("playwright.sync_api")
    from dlmath.auth.tokens import new_join_code
    from dlmath.learner.types import Attempt
    from dlmath.store import open_store
    from dlmath.store.classes import Classes

    url = f"sqlite:///{tmp_path / 'browser.sqlite3'}"
    with open_store(url) as store:
        (teacher,) = make_accounts(store, "teacher", teacher=True)
        (ann,) = make_accounts(store, "ann")
        classes = Classes(store)
        room = classes.create(teacher.id, "Tutorial", new_join_code)
        classes.join(room.id, ann.id)
    port = load.free_port()
    env = {
        **os.environ,
        "DLMATH_DATABASE_URL": url,
        "DLMATH_WEB_MODE": "group",
        "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")]),
    }
    command = [sys.executable, "-m", "uvicorn", "dlmath.web:create_app", "--factory"]
    command += ["--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"]
    server = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        load.wait_until_up(base, server)
        with playwright.sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
            page = browser.new_page()
            page.add_init_script(
                "window.__csp = [];"
                "document.addEventListener('securitypolicyviolation',"
                " e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));"
            )
            page.goto(f"{base}/classes/{room.id}")
            assert "/login" in page.url  # not signed in: to the sign-in page
            page.fill("input[name=username]", "teacher")
            page.fill("input[name=password]", PASSWORD)
            page.click("button[type=submit]")
            page.wait_for_url(f"{base}/classes/{room.id}")
            assert "signed in as teacher" in page.inner_text("header")
            assert "No wrong answers in this window." in page.inner_text("#live")
            with open_store(url) as store:
                store.add_attempt(
                    Attempt(
                        "ann",
                        "linalg.matmul:1:5",
                        "linalg.matmul",
                        1,
                        "B A",
                        False,
                        "transpose",
                        900,
                        0,
                        datetime.now(UTC),
                    )
                )
            # the next poll (every 5 s) brings the mistake in, without a reload
            page.locator("#live").get_by_text("gave the transpose").wait_for(timeout=15_000)
            page.click("text=Sign out")
            page.wait_for_url(f"{base}/login")
            assert "not signed in" in page.inner_text("header")
            assert page.evaluate("window.__csp") == []
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=20)
