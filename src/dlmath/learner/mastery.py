"""Mastery of a skill by Bayesian Knowledge Tracing, with evidence that depends on difficulty.

BKT keeps one number per skill, P(known). An answer is evidence weighed by how likely it
is from a learner who knows the skill (right unless they slip) against one who does not
(right only by a guess); then practice itself may teach the skill (``learn``). Misses lower
the probability, so demotion needs no special rule.
"""

from __future__ import annotations

from dlmath.learner.parameters import Evidence, parameters

NOT_STARTED = "not started"
FAMILIAR = "familiar"
PROFICIENT = "proficient"
MASTERED = "mastered"
LEVELS = (NOT_STARTED, FAMILIAR, PROFICIENT, MASTERED)


def evidence(difficulty: int, hints_used: int = 0) -> Evidence:
    """Guess and slip of one answer: hints move the guess towards ``max_guess``."""
    params = parameters()
    base = params.evidence[difficulty]
    if hints_used <= 0:
        return base
    keep = (1.0 - params.hint_weight) ** hints_used
    guess = params.max_guess - (params.max_guess - base.guess) * keep
    return Evidence(guess=guess, slip=base.slip)


def update(p_known: float, correct: bool, difficulty: int, hints_used: int = 0) -> float:
    """P(known) after one answer: Bayes' rule on the answer, then the chance to learn."""
    params = parameters()
    ev = evidence(difficulty, hints_used)
    if correct:
        known = p_known * (1.0 - ev.slip)
        unknown = (1.0 - p_known) * ev.guess
    else:
        known = p_known * ev.slip
        unknown = (1.0 - p_known) * (1.0 - ev.guess)
    posterior = known / (known + unknown)
    return posterior + (1.0 - posterior) * params.learn


def is_mastered(p_known: float) -> bool:
    return p_known >= parameters().mastery


def level(p_known: float, attempts: int) -> str:
    """The Khan-style word for a mastery probability."""
    if attempts == 0:
        return NOT_STARTED
    if is_mastered(p_known):
        return MASTERED
    if p_known >= parameters().proficient:
        return PROFICIENT
    return FAMILIAR


def difficulty_for(p_known: float) -> int:
    """The difficulty to offer next: harder exercises as mastery grows."""
    params = parameters()
    if p_known < params.easy:
        return 1
    if p_known < params.medium:
        return 2
    return 3
