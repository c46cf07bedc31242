"""Engines for SQLite and PostgreSQL, configured so that concurrent writers lose nothing.

SQLite: write-ahead logging (readers never block the writer), a 30 s busy timeout (a
second process waits for the lock instead of failing), foreign keys on, full fsync on
commit (an answered attempt survives a power cut, not only a killed process), and
SQLAlchemy, not the ``sqlite3`` module, emits ``BEGIN``: write transactions use
``BEGIN IMMEDIATE``, which takes the write lock up front, so a transaction that reads and
then writes cannot fail half-way with "database is locked".
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url

BUSY_TIMEOUT_S = 30
WRITE = "dlmath_write"  # execution option: this connection's transaction will write


def public_url(url: str | URL) -> str:
    """The URL with any password hidden, fit for messages."""
    return make_url(url).render_as_string(hide_password=True)


def make_engine(url: str | URL) -> Engine:
    """An engine for ``url`` with dlmath's connection settings."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return _sqlite_engine(parsed)
    return create_engine(
        parsed,
        pool_pre_ping=True,
        # one pool per process: a web worker's threads share it (see docs/deploy.md)
        pool_size=_env_int("DLMATH_DB_POOL_SIZE", 10),
        max_overflow=_env_int("DLMATH_DB_MAX_OVERFLOW", 10),
        # no server-side prepared statements: they break behind PgBouncer in
        # transaction mode, where consecutive transactions may use different connections
        connect_args={"prepare_threshold": None} if parsed.get_driver_name() == "psycopg" else {},
    )


def _env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "")
    return int(value) if value.isdigit() else default


def _sqlite_engine(url: URL) -> Engine:
    database = url.database or ""
    if database and database != ":memory:" and not database.startswith("file:"):
        Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(
        url, connect_args={"timeout": BUSY_TIMEOUT_S, "check_same_thread": False}
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # we emit BEGIN ourselves (see _on_begin)
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_S * 1000}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = FULL")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        write = connection.get_execution_options().get(WRITE, False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

    return engine
