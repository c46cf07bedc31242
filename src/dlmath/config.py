"""Where dlmath keeps its data: one SQLite file in the user's data directory by default.

``DLMATH_DATABASE_URL`` selects another database (e.g. PostgreSQL for a shared
deployment); ``DLMATH_DATA_DIR`` moves the data directory (tests use it).
"""

from __future__ import annotations

import os
from pathlib import Path


def data_dir() -> Path:
    """The directory for the default database, created on first use."""
    override = os.environ.get("DLMATH_DATA_DIR")
    if override:
        path = Path(override)
    else:
        import platformdirs

        path = Path(platformdirs.user_data_dir("dlmath", appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def database_url() -> str:
    """The SQLAlchemy URL of the learner database."""
    url = os.environ.get("DLMATH_DATABASE_URL")
    if url:
        return url
    return f"sqlite:///{data_dir() / 'dlmath.sqlite3'}"
