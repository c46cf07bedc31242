"""What an exercise is, and what a generator must provide (DESIGN.md section 4).

An exercise is fully determined by skill, difficulty and seed; its id is
``SKILL:DIFFICULTY:SEED``. Generators draw every random choice from the NumPy
``Generator`` they are given (never from global randomness), so the same id gives the
same exercise on every machine while the generator keeps its ``version``.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

from dlmath.expr.notebook import NotebookDisplay, Row

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np

DIFFICULTIES = (1, 2, 3)

#: Answer kinds the checker understands (dlmath.checker.answers).
#: - ``number``: one scalar (exact, or within ``tolerance``)
#: - ``matrix``: a concrete matrix, vector or scalar, or ``undefined``
#: - ``expression``: a symbolic expression over the names in ``shapes``
#: - ``list``: comma-separated values, order does not matter (eigenvalues, outcomes)
#: - ``sequence``: comma-separated values, order matters
#: - ``boolean``: ``true`` / ``false``
#: - ``choice``: one of the words in ``choices``
#: - ``shape``: a shape such as ``3x4`` or ``(8, 3, 5)``, or ``undefined``
ANSWER_KINDS = ("number", "matrix", "expression", "list", "sequence", "boolean", "choice", "shape")


@dataclass(frozen=True)
class Misconception:
    """A wrong answer a generator anticipates, with the feedback that names the mistake.

    ``code`` is ``misconception:NAME`` for a generator's own mistake, or one of the
    generic diagnosis codes (``transpose``, ``factor``, ...) when the mistake is one of
    those but deserves the generator's more specific sentence.
    """

    code: str
    answer: str
    feedback: str


@dataclass(frozen=True)
class Draft:
    """What a generator returns; the registry adds id, skill, difficulty and seed."""

    prompt: str  # Markdown with $...$ LaTeX, written once
    kind: str  # one of ANSWER_KINDS
    expected: str  # the right answer, in the input language
    data: dict[str, Any]  # the drawn parameters, JSON-serialisable
    hints: list[str]  # one to three, from a nudge to nearly the answer
    solution: str  # the worked steps, Markdown with $...$ LaTeX
    misconceptions: list[Misconception] = field(default_factory=list)
    shapes: dict[str, str] = field(default_factory=dict)  # names an answer may use: "A": "3x4"
    assume: dict[str, list[str]] = field(default_factory=dict)  # "X": ["symmetric"]
    choices: list[str] = field(default_factory=list)  # for kind "choice"
    tolerance: float | None = None  # relative tolerance of numeric answers; None = exact
    # What form the answer must take beyond being equal: "value" (numbers and matrix
    # literals, not the computation typed back; the default for kinds number and
    # matrix), "expanded" (transposes and inverses only on single names).
    form: str | None = None
    # Why the answer is "undefined", when it is: the feedback on any value given instead.
    undefined_reason: str | None = None
    # The plain-text prompt for a terminal. Leave it empty: the registry derives it from
    # ``prompt`` (``exercises.terminal_math``), matrices drawn as Unicode grids.
    text: str = ""


@dataclass(frozen=True)
class Exercise(Draft, NotebookDisplay):
    id: str = ""
    skill: str = ""
    difficulty: int = 1
    seed: int = 0
    version: int = 1

    def display_rows(self) -> list[Row]:
        return [("exercise", self.id, False), ("prompt", self.prompt, False)]

    def _repr_markdown_(self) -> str:
        """The prompt is Markdown with LaTeX already: shown as written."""
        return f"**{self.id}**\n\n{self.prompt}"

    def to_json(self) -> dict[str, Any]:
        """The JSON object of ``dlmath exercise --json`` (contract fields first)."""
        raw = asdict(self)
        ordered = {
            key: raw.pop(key)
            for key in ("id", "skill", "difficulty", "seed", "prompt", "text", "kind", "expected")
        }
        ordered["data"] = raw.pop("data")
        ordered.update(raw)
        return ordered


class Generator:
    """Base class of exercise generators: one subclass per skill.

    Subclasses set ``skill`` and ``version`` and implement ``generate``. Bump
    ``version`` whenever the same seed would give a different exercise.
    """

    skill: ClassVar[str]
    version: ClassVar[int] = 1

    def generate(self, rng: np.random.Generator, difficulty: int) -> Draft:
        raise NotImplementedError


def exercise_id(skill: str, difficulty: int, seed: int) -> str:
    return f"{skill}:{difficulty}:{seed}"


def parse_exercise_id(text: str) -> tuple[str, int, int]:
    """``linalg.matmul:2:1234`` -> ("linalg.matmul", 2, 1234); ValueError if malformed."""
    parts = text.strip().split(":")
    if len(parts) != 3:
        raise ValueError(f"an exercise id is SKILL:DIFFICULTY:SEED, got {text!r}")
    skill, difficulty, seed = parts
    if not difficulty.isdigit() or int(difficulty) not in DIFFICULTIES:
        raise ValueError(f"difficulty must be 1, 2 or 3 in {text!r}")
    if not seed.isdigit() or len(seed) > 19:
        raise ValueError(f"seed must be a non-negative integer in {text!r}")
    return skill, int(difficulty), int(seed)
