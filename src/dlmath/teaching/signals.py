"""The thresholds of ``signals.toml``, read once (data, not code)."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources


@dataclass(frozen=True)
class Signals:
    misses_in_a_row: int
    same_diagnosis: int
    recent: int
    hints: int
    default_target: float
    window_minutes: int
    longest_window_minutes: int
    diagnoses: dict[str, str]

    def describe(self, diagnosis: str) -> str:
        """The dashboard's words for a diagnosis code."""
        if diagnosis in self.diagnoses:
            return self.diagnoses[diagnosis]
        name = diagnosis.removeprefix("misconception:").replace("-", " ").replace("_", " ")
        return f"made the mistake \u201c{name}\u201d"


@cache
def signals() -> Signals:
    raw = tomllib.loads(resources.files("dlmath.teaching").joinpath("signals.toml").read_text())
    stuck, dashboard = raw["stuck"], raw["dashboard"]
    return Signals(
        misses_in_a_row=int(stuck["misses_in_a_row"]),
        same_diagnosis=int(stuck["same_diagnosis"]),
        recent=int(stuck["recent"]),
        hints=int(stuck["hints"]),
        default_target=float(raw["assignments"]["default_target"]),
        window_minutes=int(dashboard["window_minutes"]),
        longest_window_minutes=int(dashboard["longest_window_minutes"]),
        diagnoses={str(k): str(v) for k, v in raw["diagnoses"].items()},
    )
