"""The result of judging an answer (DESIGN.md section 3)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from dlmath.expr.notebook import NotebookDisplay, Row

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
class Verdict(NotebookDisplay):
    """Whether an answer is right, and if not, the most specific diagnosis that holds."""

    correct: bool
    feedback: str  # one or two sentences for the learner
    diagnosis: str | None  # None when correct
    expected: str  # the right answer, in the input language
    read_as: str | None = None  # how the answer was read, plain Unicode text
    position: int | None = None  # for parse errors: where in the answer
    details: dict[str, Any] = field(default_factory=dict)  # e.g. the wrong entries

    def display_rows(self) -> list[Row]:
        rows: list[Row] = []
        if self.read_as:
            rows.append(("read as", self.read_as, True))
        rows.append(("verdict", "✓ correct" if self.correct else f"✗ {self.diagnosis}", False))
        if self.feedback:
            rows.append(("feedback", self.feedback, False))
        rows.append(("right answer", self.expected, True))
        return rows

    def __bool__(self) -> bool:
        return self.correct

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    def lines(self, *, show_expected: bool = True) -> list[str]:
        """The verdict as a learner reads it, one line each: how the answer was read, ✓ or
        ✗ with the diagnosis, the feedback (with the caret under a parse error) and, when
        ``show_expected``, the right answer. ``dlmath check`` and ``dlmath practice`` both
        print this; the web app shows the same parts."""
        out: list[str] = []
        if self.read_as:
            first, *more = self.read_as.splitlines() or [""]
            out.append("read as: " + first)
            out.extend("         " + line for line in more)
        if self.correct:
            # "Correct (the exact value is 1/3)." -> "✓ correct (the exact value is 1/3)"
            text = self.feedback.rstrip(".") or "Correct"
            out.append("✓ " + text[0].lower() + text[1:])
            return out
        out.append(f"✗ not right ({self.diagnosis})" if self.diagnosis else "✗ not right")
        if self.feedback:
            out.append(self.feedback)
        caret = self.details.get("caret") if self.details else None
        if caret:
            out.extend(str(caret).splitlines())
        if show_expected:
            out.append(f"answer: {self.expected}")
        return out
