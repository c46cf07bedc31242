"""The learner database: SQLite by default, PostgreSQL for a shared deployment.

Attempts are append-only and they are the source of truth. An answer, once given, is a
fact about the past: storing it and never changing it means a crash, a bug in the learner
model or a change of the mastery formula can never corrupt a history, concurrent writers
only ever add rows (so they cannot overwrite each other), and any newer model can be run
over the full history. The per-skill state (mastery, review card, due date) is a cache
folded from the attempts, kept so that choosing the next exercise does not replay
100,000 answers; it can be dropped and rebuilt from the attempts at any time, and the
rebuilt state must equal the incremental one. The store holds no learner logic: it
persists the ``Attempt`` and ``SkillState`` values it is given.

    from dlmath.store import open_store
    with open_store() as store:
        saved = store.add_attempt(attempt)

Importing the package (or ``dlmath.store.exceptions``) is light: the names that need
SQLAlchemy are loaded on first use, so a command can catch ``StoreError`` without paying
for the database layer when it never opens one.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any, Literal, overload

from dlmath.store.exceptions import ImportFormatError, StoreError

if TYPE_CHECKING:  # pragma: no cover
    from dlmath.store.repository import Store
    from dlmath.store.sqlite_store import SqliteStore
    from dlmath.store.transfer import ExportReport, ImportReport

_LAZY = {
    "SqliteStore": "dlmath.store.sqlite_store",
    "Store": "dlmath.store.repository",
    "ExportReport": "dlmath.store.transfer",
    "ImportReport": "dlmath.store.transfer",
}

__all__ = [
    "ExportReport",
    "ImportFormatError",
    "ImportReport",
    "SqliteStore",
    "Store",
    "StoreError",
    "open_store",
]


@overload
def open_store(url: str | None = None, *, light: Literal[False] = False) -> Store: ...
@overload
def open_store(url: str | None = None, *, light: bool) -> Store | SqliteStore: ...
def open_store(url: str | None = None, *, light: bool = False) -> Store | SqliteStore:
    """Open the learner database (``dlmath.config.database_url()`` by default).

    Migrates the schema to this dlmath's version first (a no-op when current). Raises
    StoreError, with the password hidden, when the database cannot be reached or was
    made by a newer dlmath. ``light``: on a SQLite file, a ``SqliteStore`` (the same
    store without SQLAlchemy, for a quick answer at the terminal); it loads SQLAlchemy
    only when the file is missing or needs migrating.
    """
    from dlmath.config import database_url

    try:
        url = url or database_url()
    except OSError as error:  # the data directory cannot be created
        raise StoreError(f"cannot use the data directory: {error}") from error
    if light:
        from dlmath.store.sqlite_store import SqliteStore, sqlite_path

        if sqlite_path(url) is not None:
            store = SqliteStore(url)
            if not store.schema_is_current():
                store.close()  # it connects again on first use
                _open_full(url).close()  # migrates, or says what is wrong with the file
            return store
    return _open_full(url)


def _open_full(url: str) -> Store:
    """The SQLAlchemy store on ``url``, migrated."""
    from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError

    from dlmath.store.engine import make_engine, public_url
    from dlmath.store.migrate import SchemaTooNewError, upgrade
    from dlmath.store.repository import Store

    try:
        engine = make_engine(url)
    except (ArgumentError, NoSuchModuleError, ValueError) as error:
        raise StoreError(f"not a usable database URL: {error}") from error
    except OSError as error:  # e.g. the SQLite file's directory cannot be created
        raise StoreError(f"cannot open the database at {public_url(url)}: {error}") from error
    try:
        upgrade(engine)
    except SchemaTooNewError as error:
        engine.dispose()
        raise StoreError(
            f"the database at {public_url(url)} has schema revision {error.args[0]}, newer "
            "than this dlmath knows; upgrade dlmath"
        ) from error
    except (DBAPIError, OSError) as error:
        engine.dispose()
        reason = getattr(error, "orig", None) or error
        first = (
            str(reason).strip().splitlines()[0] if str(reason).strip() else type(reason).__name__
        )
        raise StoreError(f"cannot open the database at {public_url(url)}: {first}") from error
    return Store(engine)


def __getattr__(name: str) -> Any:
    """The SQLAlchemy-backed names, imported on first use (PEP 562)."""
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
