"""Alembic environment for dlmath's learner database.

dlmath runs migrations itself when it opens the store (``dlmath.store.migrate``), passing
an open connection in ``config.attributes["connection"]`` inside a locked transaction.
From the ``alembic`` command line (developers writing a migration, with ``alembic.ini``
in this directory) it connects to ``DLMATH_DATABASE_URL`` or the default SQLite file.
"""

from __future__ import annotations

from alembic import context

from dlmath.store.schema import metadata

config = context.config

if config.config_file_name is not None and config.attributes.get("connection") is None:
    from logging.config import fileConfig

    fileConfig(config.config_file_name, disable_existing_loggers=False)


def run_migrations_offline() -> None:
    from dlmath.config import database_url

    context.configure(
        url=config.get_main_option("sqlalchemy.url") or database_url(),
        target_metadata=metadata,
        literal_binds=True,
        render_as_batch=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    from dlmath.config import database_url
    from dlmath.store.engine import make_engine

    engine = make_engine(config.get_main_option("sqlalchemy.url") or database_url())
    try:
        with engine.connect() as connection:
            _run(connection)
            connection.commit()
    finally:
        engine.dispose()


def _run(connection) -> None:  # type: ignore[no-untyped-def]
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=True,  # SQLite alters tables by copying them
        transactional_ddl=True,  # the SQLite engine emits its own BEGIN, so DDL is transactional
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
