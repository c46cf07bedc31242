"""The learner model's numbers, read once from ``parameters.toml`` (data, not code)."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources


@dataclass(frozen=True)
class Evidence:
    """How much one answer at one difficulty says: P(right | unknown), P(wrong | known)."""

    guess: float
    slip: float


@dataclass(frozen=True)
class Parameters:
    prior: float
    learn: float
    mastery: float
    hint_weight: float
    max_guess: float
    evidence: dict[int, Evidence]  # by difficulty 1, 2, 3
    proficient: float
    easy: float
    medium: float
    desired_retention: float


@cache
def parameters() -> Parameters:
    raw = tomllib.loads(resources.files("dlmath.learner").joinpath("parameters.toml").read_text())
    bkt = raw["bkt"]
    evidence = {
        int(level): Evidence(guess=float(v["guess"]), slip=float(v["slip"]))
        for level, v in bkt["difficulty"].items()
    }
    params = Parameters(
        prior=float(bkt["prior"]),
        learn=float(bkt["learn"]),
        mastery=float(bkt["mastery"]),
        hint_weight=float(bkt["hint_weight"]),
        max_guess=float(bkt["max_guess"]),
        evidence=evidence,
        proficient=float(raw["levels"]["proficient"]),
        easy=float(raw["planner"]["easy"]),
        medium=float(raw["planner"]["medium"]),
        desired_retention=float(raw["review"]["desired_retention"]),
    )
    for ev in evidence.values():
        if not (0 < ev.guess < 1 and 0 < ev.slip < 1 and ev.slip + params.max_guess < 1):
            raise ValueError("parameters.toml: need 0 < guess, slip and slip + max_guess < 1")
    return params
