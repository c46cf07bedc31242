"""The learner model: mastery (BKT), spaced review (FSRS) and the planner.

Names load lazily so that importing the record types (``dlmath.learner.types``, which the
store uses) does not import the scheduler.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__all__ = [
    "Attempt",
    "Pick",
    "SkillState",
    "apply",
    "default_user",
    "fold",
    "level",
    "load_states",
    "plan",
    "rebuild",
    "record",
    "record_attempt",
    "update",
]

_LAZY = {
    "Attempt": "dlmath.learner.types",
    "SkillState": "dlmath.learner.types",
    "apply": "dlmath.learner.state",
    "fold": "dlmath.learner.state",
    "update": "dlmath.learner.state",
    "level": "dlmath.learner.mastery",
    "Pick": "dlmath.learner.planner",
    "plan": "dlmath.learner.planner",
    "default_user": "dlmath.learner.record",
    "load_states": "dlmath.learner.record",
    "rebuild": "dlmath.learner.record",
    "record": "dlmath.learner.record",
    "record_attempt": "dlmath.learner.record",
}

if TYPE_CHECKING:  # pragma: no cover
    from dlmath.learner.mastery import level
    from dlmath.learner.planner import Pick, plan
    from dlmath.learner.record import (
        default_user,
        load_states,
        rebuild,
        record,
        record_attempt,
    )
    from dlmath.learner.state import apply, fold, update
    from dlmath.learner.types import Attempt, SkillState


def __getattr__(name: str) -> Any:
    module_name = _LAZY.get(name)
    if module_name is None:
        raise AttributeError(f"module 'dlmath.learner' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module_name), name)
    globals()[name] = value
    return value
