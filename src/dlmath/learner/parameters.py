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
class PlacementSettings:
    """The ``[placement]`` table: how placement asks, stops, and seeds mastery."""

    difficulty: int
    max_questions: int
    confidence: float
    particles: int
    known: float
    not_known: float


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
    placement: PlacementSettings


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
        placement=_placement(raw["placement"]),
    )
    for ev in evidence.values():
        if not (0 < ev.guess < 1 and 0 < ev.slip < 1 and ev.slip + params.max_guess < 1):
            raise ValueError("parameters.toml: need 0 < guess, slip and slip + max_guess < 1")
    return params


def _placement(raw: dict) -> PlacementSettings:
    settings = PlacementSettings(
        difficulty=int(raw["difficulty"]),
        max_questions=int(raw["max_questions"]),
        confidence=float(raw["confidence"]),
        particles=int(raw["particles"]),
        known=float(raw["known"]),
        not_known=float(raw["not_known"]),
    )
    if not (0.5 < settings.confidence < 1 and settings.particles >= 16):
        raise ValueError("parameters.toml: placement needs 0.5 < confidence < 1, particles >= 16")
    return settings
