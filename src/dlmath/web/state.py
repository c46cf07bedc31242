"""What the app opens once at start-up and every request shares."""

from __future__ import annotations

import threading
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from fastapi.templating import Jinja2Templates

    from dlmath.curriculum import Skill
    from dlmath.store import Store
    from dlmath.web.learner import Identify


@dataclass
class WebState:
    """Kept in ``app.state.dlmath``.

    ``store`` is one Store (one engine and connection pool) for the whole process:
    a store per thread would open a pool per thread. ``skills`` is the skill map with
    ``practice`` off for skills that have no generator.
    """

    mode: str  # "local" or "group"
    store: Store
    skills: list[Skill]
    templates: Jinja2Templates
    identify: Identify
    extras: dict[str, Any] = field(default_factory=dict)  # room for group mode's objects
    _write_lock: threading.Lock = field(default_factory=threading.Lock)

    def writing(self) -> AbstractContextManager:
        """Held around "is this a second try? then record": with SQLite (one process,
        one writer at a time anyway) it makes the check and the write one step, so two
        tabs answering the same exercise at once record it once. PostgreSQL deployments
        run several processes, where only the store's own transactions can order writes."""
        return self._write_lock if self.store.dialect == "sqlite" else nullcontext()

    def skill(self, skill_id: str) -> Skill | None:
        return next((s for s in self.skills if s.id == skill_id), None)
