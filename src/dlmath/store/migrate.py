"""Bring a database's schema to the version this dlmath expects, on every open.

Opening an already-current database costs one query and does not import Alembic. A
database that needs migrating is migrated inside one transaction that first takes a
lock (SQLite: ``BEGIN IMMEDIATE``; PostgreSQL: a transaction-level advisory lock), so two
processes opening a fresh database at once queue up: the second finds the work done.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, inspect, text

from dlmath.store.contract import SCHEMA_REVISION
from dlmath.store.engine import WRITE

if TYPE_CHECKING:  # pragma: no cover
    from alembic.config import Config

MIGRATIONS = Path(__file__).parent / "migrations"
# A fixed key for pg_advisory_xact_lock, the same in every dlmath process.
PG_MIGRATION_LOCK = 0x646C6D617468


class SchemaTooNewError(RuntimeError):
    """The database carries a revision this dlmath does not know (a newer dlmath made it)."""


def alembic_config(connection: Connection | None = None) -> Config:
    """An Alembic configuration for the packaged migrations (no ini file needed)."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS).replace("%", "%%"))
    config.set_main_option("path_separator", "os")
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def current_revision(connection: Connection) -> str | None:
    """The revision stored in the database, or None for a database never migrated."""
    if not inspect(connection).has_table("alembic_version"):
        return None
    return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


def upgrade(engine: Engine) -> bool:
    """Migrate to ``SCHEMA_REVISION`` if needed; True when this call ran a migration."""
    with engine.connect() as connection:
        revision = current_revision(connection)
    if revision == SCHEMA_REVISION:
        return False
    _check_known(revision)
    from alembic import command

    with engine.connect() as connection:
        connection.execution_options(**{WRITE: True})
        with connection.begin():
            if connection.dialect.name == "postgresql":
                connection.execute(
                    text("SELECT pg_advisory_xact_lock(:key)"), {"key": PG_MIGRATION_LOCK}
                )
            # under the lock: another process may have migrated while this one waited
            revision = current_revision(connection)
            if revision == SCHEMA_REVISION:
                return False
            _check_known(revision)
            command.upgrade(alembic_config(connection), SCHEMA_REVISION)
    return True


def _check_known(revision: str | None) -> None:
    if revision is not None and not known_revision(revision):
        raise SchemaTooNewError(revision)


def known_revision(revision: str) -> bool:
    """Whether this dlmath's migrations include ``revision``."""
    from alembic.script import ScriptDirectory
    from alembic.util import CommandError

    try:
        return ScriptDirectory.from_config(alembic_config()).get_revision(revision) is not None
    except CommandError:
        return False
