"""Test-wide settings: an isolated data directory, Hypothesis profiles, service URLs."""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile(
    "default", deadline=None, suppress_health_check=[HealthCheck.too_slow], max_examples=60
)
# CI runs the same examples every time (a gate must not be flaky); local runs explore.
settings.register_profile(
    "ci",
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    max_examples=60,
    derandomize=True,
    print_blob=True,
)
settings.load_profile("ci" if os.environ.get("CI") else "default")


@pytest.fixture(autouse=True)
def _isolated_data_dir(tmp_path, monkeypatch):
    """Every test gets its own data directory and SQLite file, never the user's."""
    monkeypatch.setenv("DLMATH_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("DLMATH_DATABASE_URL", raising=False)


def postgres_url() -> str | None:
    """The PostgreSQL server for tests, or None; fails instead under DLMATH_REQUIRE_SERVICES."""
    url = os.environ.get("DLMATH_TEST_DATABASE_URL")
    if url:
        return url
    if os.environ.get("DLMATH_REQUIRE_SERVICES") == "1":
        pytest.fail("DLMATH_REQUIRE_SERVICES=1 but DLMATH_TEST_DATABASE_URL is not set")
    return None
