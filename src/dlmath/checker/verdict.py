"""The result of judging an answer (DESIGN.md section 3)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

#: Diagnosis codes of the contract, in the order they are tried (misconception codes
#: are ``misconception:NAME``).
DIAGNOSES = (
    "parse-error",
    "unknown-name",
    "shape-error",
    "defined-vs-undefined",
    "transpose",
    "wrong-shape",
    "sign",
    "factor",
    "symmetric-only",
    "elementwise-vs-matrix",
    "close",
    "wrong",
)


@dataclass(frozen=True)
class Verdict:
    """Whether an answer is right, and if not, the most specific diagnosis that holds."""

    correct: bool
    feedback: str  # one or two sentences for the learner
    diagnosis: str | None  # None when correct
    expected: str  # the right answer, in the input language
    read_as: str | None = None  # how the answer was read, plain Unicode text
    position: int | None = None  # for parse errors: where in the answer
    details: dict[str, Any] = field(default_factory=dict)  # e.g. the wrong entries

    def __bool__(self) -> bool:
        return self.correct

    def to_json(self) -> dict[str, Any]:
        return asdict(self)
