"""Placement with simulated learners: how many practicable skills it classifies right, in
how many questions, against two baselines run on the same learners in the same process.

A simulated learner's true knowledge is a downward-closed set of the map (a known skill's
prerequisites are known), drawn from a mix of kinds unlike the model's own prior (so the
model is not graded on its own assumptions): knows a prefix of the map up to a random
depth; knows whole areas and nothing of others; random closed sets grown from random
"furthest skills"; knows everything; knows nothing. Answers slip and guess at the rates of
``learner/parameters.toml`` for the placement difficulty.

The three methods share the belief and the classification and differ only in which skill
they ask next: the model's choice (expected entropy reduction), the map's order (each
practicable skill in turn), and at random. Each asks at most ``max_questions`` (30).

``python -m benchmarks placement`` (500 learners); ``DLMATH_BENCH_LEARNERS=N`` for fewer.
"""

from __future__ import annotations

import os
import statistics
import time

LEARNERS = int(os.environ.get("DLMATH_BENCH_LEARNERS", "500"))


def true_state(rng, skills) -> set[str]:
    """One simulated learner's knowledge (closed under prerequisites)."""
    kind = rng.integers(0, 5)
    depth = _depths(skills)
    areas = sorted({s.area for s in skills})
    known: set[str] = set()
    if kind == 0:  # a prefix of the map up to a random depth, a little ragged
        limit = rng.integers(0, max(depth.values()) + 2)
        wanted = {s.id for s in skills if depth[s.id] < limit or rng.random() < 0.1}
    elif kind == 1:  # whole areas
        chosen = {a for a in areas if rng.random() < 0.5}
        wanted = {s.id for s in skills if s.area in chosen and rng.random() < 0.9}
    elif kind == 2:  # the closure of a few random furthest skills
        tips = rng.choice([s.id for s in skills], size=rng.integers(1, 12), replace=False)
        wanted = _closure(set(tips), skills)
    elif kind == 3:
        wanted = {s.id for s in skills}
    else:
        wanted = set()
    for skill in skills:  # keep it closed: a skill counts only with its prerequisites
        if skill.id in wanted and all(p in known for p in skill.prerequisites):
            known.add(skill.id)
    return known


def _depths(skills) -> dict[str, int]:
    depth: dict[str, int] = {}
    for skill in skills:
        depth[skill.id] = 1 + max((depth[p] for p in skill.prerequisites), default=-1)
    return depth


def _closure(tips: set[str], skills) -> set[str]:
    by_id = {s.id: s for s in skills}
    out: set[str] = set()
    stack = list(tips)
    while stack:
        skill = stack.pop()
        if skill not in out:
            out.add(skill)
            stack.extend(by_id[skill].prerequisites)
    return out


def place(skills, truth, method, seed, rng, max_questions):
    from dlmath.learner.parameters import parameters
    from dlmath.learner.placement import Answer, placement_for

    settings = parameters().placement
    ev = parameters().evidence[settings.difficulty]
    model = placement_for(skills, seed=seed)
    order = list(model.askable)
    if method == "random":
        rng.shuffle(order)
    asked = 0
    while asked < max_questions:
        if method == "model":
            skill = model.next_skill(settings.difficulty)
        else:
            skill = order[asked % len(order)] if not model.settled() else None
        if skill is None:
            break
        p_right = 1 - ev.slip if skill in truth else ev.guess
        model.observe(Answer(skill, bool(rng.random() < p_right), settings.difficulty))
        asked += 1
    marg = model.marginals()
    right = sum((marg[s] >= 0.5) == (s in truth) for s in model.askable)
    return right / len(model.askable), asked


def run() -> None:
    import numpy as np

    from dlmath import curriculum
    from dlmath.curriculum.skill_map import topological
    from dlmath.learner.parameters import parameters
    from dlmath.session import practicable

    skills = practicable(topological(tuple(curriculum.skills())))
    max_questions = parameters().placement.max_questions
    practicable_count = sum(s.practice for s in skills)
    print(
        f"{LEARNERS} simulated learners, map of {len(skills)} skills "
        f"({practicable_count} practicable), at most {max_questions} questions"
    )
    truths = [true_state(np.random.default_rng([7, i]), skills) for i in range(LEARNERS)]
    results = {}
    for method in ("model", "map order", "random"):
        started = time.perf_counter()
        scores, counts = [], []
        for i, truth in enumerate(truths):
            rng = np.random.default_rng([11, i])  # the same answers' luck for every method
            score, asked = place(skills, truth, method, i, rng, max_questions)
            scores.append(score)
            counts.append(asked)
        seconds = time.perf_counter() - started
        results[method] = statistics.mean(scores)
        share_90 = sum(s >= 0.9 for s in scores) / len(scores)
        print(
            f"  {method:9s}: classified right {statistics.mean(scores):6.1%} of skills "
            f"(median {statistics.median(scores):6.1%}, worst {min(scores):6.1%}; "
            f"{share_90:5.1%} of learners at 90% or more), questions mean "
            f"{statistics.mean(counts):4.1f}, {seconds / len(truths) * 1000:6.0f} ms a learner"
        )
    base = max(results["map order"], results["random"])
    print(f"  model vs the better baseline: {results['model'] - base:+.1%} of skills")
