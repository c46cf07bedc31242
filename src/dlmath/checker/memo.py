"""What the checker remembers between checks: the work on the expected side.

An exercise's expected answer (and its catalogued mistakes) stay the same while every
learner's answer is new text, so their parse, shape and values at the random points are
computed once and reused. Entries are keyed by the identity of the trees they are about
(a parse is cached, so the same text gives the same tree) and hold those trees, so an
identity is never reused while its entry lives; the memo is bounded, oldest out first,
and a value is kept only up to ``KEPT_ENTRIES`` numbers (larger values are made again
rather than held).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

T = TypeVar("T")

#: The most numbers (array entries) a remembered value may hold.
KEPT_ENTRIES = 10_000


class Memo:
    """A bounded map from (an object by identity, a plain key) to a computed value."""

    def __init__(self, size: int):
        self.size = size
        self.entries: dict[tuple[int, Hashable], tuple[Any, Any]] = {}
        self.lock = threading.Lock()

    def get(
        self,
        anchor: Any,
        key: Hashable,
        compute: Callable[[], T],
        size: Callable[[T], int] | None = None,
    ) -> T:
        """The value for ``key`` about ``anchor`` (None: about nothing), computed once.
        Exceptions from ``compute`` pass through and nothing is remembered; nor is a value
        whose ``size`` (in array entries) is past ``KEPT_ENTRIES``."""
        full = (id(anchor), key)
        hit = self.entries.get(full)
        if hit is not None and hit[0] is anchor:
            return hit[1]
        value = compute()
        if size is not None and size(value) > KEPT_ENTRIES:
            return value
        with self.lock:
            while len(self.entries) >= self.size:
                del self.entries[next(iter(self.entries))]
            self.entries[full] = (anchor, value)
        return value

    def clear(self) -> None:
        with self.lock:
            self.entries.clear()


#: The memos of the checker, cleared together by ``forget_expected``.
MEMOS: list[Memo] = []


def memo(size: int) -> Memo:
    """A new memo of the checker."""
    made = Memo(size)
    MEMOS.append(made)
    return made


def forget_expected() -> None:
    """Forget everything remembered (a benchmark's cold path, a test's fresh start)."""
    for made in MEMOS:
        made.clear()
