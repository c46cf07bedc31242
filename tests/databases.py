"""Fresh databases for group-mode tests: a SQLite file, or a PostgreSQL schema of its own.

Each PostgreSQL database is a new schema with a random name, dropped afterwards, so that
parallel test runs on one server never see each other's rows.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from conftest import postgres_url


def schema_url(base: str, schema: str) -> str:
    options = f"-csearch_path={schema}"
    return make_url(base).update_query_dict({"options": options}).render_as_string(False)


@contextmanager
def postgres_schema() -> Iterator[str]:
    """The URL of a new, empty PostgreSQL schema (skips without a server)."""
    base = postgres_url()
    if base is None:
        pytest.skip("DLMATH_TEST_DATABASE_URL is not set")
    schema = f"g_{uuid.uuid4().hex[:16]}"
    admin = create_engine(base)
    try:
        with admin.begin() as connection:
            connection.execute(text(f'CREATE SCHEMA "{schema}"'))
        yield schema_url(base, schema)
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    finally:
        admin.dispose()


@contextmanager
def fresh_database(kind: str, tmp_path: Path) -> Iterator[str]:
    if kind == "sqlite":
        yield f"sqlite:///{tmp_path / 'group.sqlite3'}"
        return
    with postgres_schema() as url:
        yield url
