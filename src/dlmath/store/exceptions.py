"""The store's errors: each carries a clean one-line message for the learner."""

from __future__ import annotations


class StoreError(Exception):
    """The database cannot do what was asked (cannot open, unknown learner, ...)."""


class ImportFormatError(StoreError, ValueError):
    """A file given to ``import`` is not a dlmath export; nothing of it was stored."""

    def __init__(self, message: str, line: int | None = None) -> None:
        self.line = line
        super().__init__(f"line {line}: {message}" if line is not None else message)
