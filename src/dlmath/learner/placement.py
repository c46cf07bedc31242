"""Placement: what a learner already knows, from a few well-chosen questions.

Knowledge-space theory: a learner's *knowledge state* is a set of skills closed under
prerequisites (if a skill is known, so are its prerequisites). The model keeps a belief
over those states, represented by particles, and every answer reweighs them with the BKT
evidence of its difficulty (``parameters.toml``): a right answer on a skill is evidence
for the states that contain it, and so for its prerequisites; a wrong one against it and
so against everything built on it. In the prior, each particle has an ability per area
(people tend to know most of an area or little of it), so an answer also says something
about the other skills of its area. The particles are refreshed after each answer by a
Markov chain whose moves add or remove one skill while keeping the state closed
(Metropolis-Hastings on the particle's prior and the answers' likelihood), so the belief
never collapses onto a few states.

The next question is the practicable skill whose answer is expected to remove the most
uncertainty from the per-skill beliefs (the sum of their binary entropies); placement
stops when every practicable skill is known or not known with the configured confidence,
or after the maximum number of questions. See ``docs/learner.md``.

NumPy only, and pure: the session (``dlmath.session.placement``) asks and records.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from dlmath.learner.mastery import evidence
from dlmath.learner.parameters import parameters
from dlmath.learner.types import KNOWN, NOT_KNOWN, UNSURE

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np

    from dlmath.learner.planner import SkillLike


@dataclass(frozen=True)
class Answer:
    """One placement question and how it went (a skip counts as wrong)."""

    skill: str
    correct: bool
    difficulty: int
    hints_used: int = 0


@dataclass
class Placement:
    """The belief over knowledge states of one placement run.

    ``skills`` are all skills of the map (states are closed over the whole map);
    ``askable`` the practicable ones, which are asked and classified.
    """

    skills: list[str]
    prerequisites: dict[str, list[str]]
    askable: list[str]
    areas: list[str]  # the area of each skill, in the order of ``skills``
    seed: int = 0
    particles: int = 512
    sweeps: int = 6
    confidence: float = 0.9
    answers: list[Answer] = field(default_factory=list)

    def __post_init__(self) -> None:
        import numpy as np

        self._index = {s: i for i, s in enumerate(self.skills)}
        n = len(self.skills)
        prereq = np.zeros((n, n), dtype=bool)  # prereq[s, p]: p is a prerequisite of s
        for s, ps in self.prerequisites.items():
            for p in ps:
                if s in self._index and p in self._index:
                    prereq[self._index[s], self._index[p]] = True
        self._prereq = prereq
        self._children = prereq.T.copy()  # children[p, s]: s needs p
        self._ask = np.array([self._index[s] for s in self.askable], dtype=np.int64)
        self._rng = np.random.default_rng(np.random.SeedSequence([self.seed, 7919]))
        # log P(answers on s | s known), log P(answers on s | s not known)
        self._loglik = np.zeros((2, n))
        self._states = self._prior_sample()
        self._weights = np.full(self.particles, 1.0 / self.particles)

    # -- the belief ---------------------------------------------------------------------

    def _prior_sample(self) -> np.ndarray:
        """Particles from the prior: each has an ability per area (how likely a skill of
        the area is known once its prerequisites are), drawn from a U-shaped Beta, since
        people tend to know an area or not; its state is drawn skill by skill in
        prerequisite order and then mixed by the chain. The two extreme states are
        included, so that a learner who knows everything (or nothing) is reachable."""
        import numpy as np

        n = len(self.skills)
        areas = sorted(set(self.areas))
        area_of = np.array([areas.index(a) for a in self.areas])
        general = self._rng.beta(0.8, 0.8, size=(self.particles, 1))
        own = self._rng.beta(0.8, 0.8, size=(self.particles, len(areas)))
        ability = np.clip(0.5 * general + 0.5 * own, 0.02, 0.98)
        ability[0, :], ability[1, :] = 0.98, 0.02
        self._log_odds = np.log(ability / (1 - ability))[:, area_of]  # particles x skills
        states = np.zeros((self.particles, n), dtype=bool)
        coins = self._rng.random((self.particles, n)) < ability[:, area_of]
        for i in _topological(self._prereq):
            ok = ~(self._prereq[i] & ~states).any(axis=1)
            states[:, i] = ok & coins[:, i]
        states[0, :] = True
        states[1, :] = False
        self._states = states
        self._mix(self.sweeps)
        return self._states

    def _mix(self, sweeps: int) -> None:
        """Metropolis-Hastings: each particle proposes to flip one random skill; a flip
        that would break closure is refused, others are accepted with the ratio of the
        particle's prior odds and of the answers' likelihood on that skill. The closure
        tests run on bit-packed rows (a state is a dozen bytes)."""
        import numpy as np

        n = self._states.shape[1]
        states, needs_all, users_all = (
            _packed(m) for m in (self._states, self._prereq, self._children)
        )  # needs_all[s]: the prerequisites of s; users_all[s]: the skills that need s
        words = states.view(np.uint64)
        rows = np.arange(len(states))
        for _ in range(sweeps * max(1, n // 8)):
            pick = self._rng.integers(0, n, size=len(states))
            byte, bit = pick // 8, (128 >> (pick % 8)).astype(np.uint8)
            known = (states[rows, byte] & bit) != 0
            missing = needs_all[pick].view(np.uint64) & ~words
            needed = users_all[pick].view(np.uint64) & words
            can_add = ~known & (np.bitwise_or.reduce(missing, axis=1) == 0)
            can_drop = known & (np.bitwise_or.reduce(needed, axis=1) == 0)
            # log ratio known/unknown: the particle's prior odds times the answers' ratio
            delta = self._log_odds[rows, pick] + self._loglik[0, pick] - self._loglik[1, pick]
            log_ratio = np.where(known, -delta, delta)
            accept = np.log(self._rng.random(len(states))) < np.minimum(0.0, log_ratio)
            flip = (can_add | can_drop) & accept
            states[rows[flip], byte[flip]] ^= bit[flip]
        self._states = np.unpackbits(states, axis=1, count=n).astype(bool)

    def marginals(self) -> dict[str, float]:
        """P(known) of every skill under the current belief."""
        m = self._weights @ self._states
        return {s: float(m[i]) for s, i in self._index.items()}

    def observe(self, answer: Answer) -> None:
        """Condition the belief on one more answer."""
        import numpy as np

        i = self._index[answer.skill]
        ev = evidence(answer.difficulty, answer.hints_used)
        p_right = np.array([1.0 - ev.slip, ev.guess])  # known, not known
        lik = p_right if answer.correct else 1.0 - p_right
        self._loglik[0, i] += np.log(lik[0])
        self._loglik[1, i] += np.log(lik[1])
        self.answers.append(answer)
        w = self._weights * np.where(self._states[:, i], lik[0], lik[1])
        w /= w.sum()
        # Resample (systematic) and rejuvenate by the chain.
        positions = (self._rng.random() + np.arange(self.particles)) / self.particles
        chosen = np.minimum(np.searchsorted(np.cumsum(w), positions), self.particles - 1)
        self._states = self._states[chosen].copy()
        self._log_odds = self._log_odds[chosen]
        self._weights = np.full(self.particles, 1.0 / self.particles)
        self._mix(self.sweeps)

    # -- choosing and stopping ----------------------------------------------------------

    def next_skill(self, difficulty: int) -> str | None:
        """The practicable skill whose answer is expected to lower the total entropy of
        the per-skill beliefs the most; None when every one is settled."""
        import numpy as np

        if self.settled():
            return None
        ev = evidence(difficulty)
        k = self._states[:, self._ask].astype(np.float32)  # particles x askable
        w = self._weights.astype(np.float32)
        known = w @ k
        # Candidates: the skills not yet settled (a settled skill's answer is foreseen).
        open_ = np.flatnonzero((known < self.confidence) & (known > 1.0 - self.confidence))
        p_right_given = k[:, open_] * (1.0 - ev.slip) + (1.0 - k[:, open_]) * ev.guess
        p_right = w @ p_right_given  # per candidate
        # joint P(right on candidate c, skill j known), and so the marginals of every
        # askable skill after a right / a wrong answer on each candidate (one product)
        joint = (w[:, None] * p_right_given).T @ k
        right = joint / p_right[:, None]
        wrong = (known[None, :] - joint) / (1.0 - p_right)[:, None]
        expected = p_right * _entropy(right).sum(axis=1)
        expected += (1.0 - p_right) * _entropy(wrong).sum(axis=1)
        gain = _entropy(known).sum() - expected
        return self.askable[int(open_[np.argmax(gain)])]

    def withdraw(self, skill: str) -> None:
        """Stop asking ``skill`` (its generator failed); it is still classified."""
        import numpy as np

        if skill in self.askable:
            self.askable.remove(skill)
            self._ask = np.array([self._index[s] for s in self.askable], dtype=np.int64)

    def settled(self) -> bool:
        m = self._weights @ self._states[:, self._ask]
        return bool(((m >= self.confidence) | (m <= 1.0 - self.confidence)).all())

    def conclusions(self) -> dict[str, str]:
        """Every practicable skill: known, not known, or unsure (by ``confidence``)."""
        marg = self.marginals()
        return {s: conclusion(marg[s], self.confidence) for s in self.askable}


def conclusion(p_known: float, confidence: float) -> str:
    if p_known >= confidence:
        return KNOWN
    if p_known <= 1.0 - confidence:
        return NOT_KNOWN
    return UNSURE


def placement_for(
    skills: Sequence[SkillLike], *, area: str | None = None, seed: int = 0, **options
) -> Placement:
    """A placement over the map ``skills``; with ``area``, only its skills are asked."""
    settings = parameters().placement
    options.setdefault("particles", settings.particles)
    options.setdefault("confidence", settings.confidence)
    askable = [s.id for s in skills if s.practice and (area is None or s.area == area)]
    return Placement(
        skills=[s.id for s in skills],
        prerequisites={s.id: list(s.prerequisites) for s in skills},
        askable=askable,
        areas=[s.area for s in skills],
        seed=seed,
        **options,
    )


def _entropy(p: np.ndarray) -> np.ndarray:
    import numpy as np

    p = np.clip(p, 1e-6, 1 - 1e-6)
    return -(p * np.log2(p) + (1 - p) * np.log2(1 - p))


def _packed(rows: np.ndarray) -> np.ndarray:
    """Boolean rows as bits, padded to whole 64-bit words (viewable as ``uint64``)."""
    import numpy as np

    packed = np.packbits(rows, axis=1)
    pad = -packed.shape[1] % 8
    return np.ascontiguousarray(np.pad(packed, ((0, 0), (0, pad))))


def _topological(prereq: np.ndarray) -> list[int]:
    """Indices with every prerequisite before the skills that need it."""
    n = len(prereq)
    order: list[int] = []
    placed: set[int] = set()
    while len(order) < n:
        progressed = False
        for i in range(n):
            if i not in placed and all(j in placed for j in prereq[i].nonzero()[0]):
                order.append(i)
                placed.add(i)
                progressed = True
        if not progressed:
            raise ValueError("the prerequisite graph has a cycle")
    return order
