"""How one exercise is typeset on a worksheet and in its answer key.

A layout turns an ``Exercise`` into Typst content: the statement with its working
space, and for the key the expected answer plus short notes (why a product does not
exist, the first entries worked out). Which layout a skill uses is data
(``sheets.toml``); the layouts are code.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from numbers import Real
from typing import Any, Protocol

from dlmath.exercises.base import Exercise
from dlmath.expr.errors import InputError
from dlmath.expr.literals import shape_text
from dlmath.worksheets import typeset
from dlmath.worksheets.markup import markup, string

EM_PER_ROW = 1.35  # height of one matrix row in the working space, in em


@dataclass(frozen=True)
class Typeset:
    """One problem as Typst content."""

    statement: str  # the problem as the learner sees it
    space: float  # working space below it, in em
    answer: str  # the expected answer
    notes: list[str] = field(default_factory=list)  # the reason or the first steps


class Layout(Protocol):
    def typeset(self, exercise: Exercise) -> Typeset: ...


@dataclass(frozen=True)
class SkillSheet:
    """A skill's entry in ``sheets.toml``."""

    instructions: str
    layout: Layout


# -- the matrix-product layout --------------------------------------------------------


def _rows(value: Any) -> list[list[Any]] | None:
    """``value`` as matrix rows when it is a non-empty rectangular 2-D list of numbers."""
    if not isinstance(value, list) or not value or not all(isinstance(r, list) for r in value):
        return None
    width = len(value[0])
    if width == 0 or any(len(r) != width for r in value):
        return None
    if not all(isinstance(v, Real) and not isinstance(v, bool) for r in value for v in r):
        return None
    return value


def _vector_rows(value: Any) -> list[list[Any]] | None:
    """A 1-D list of numbers as a column vector's rows."""
    if not isinstance(value, list) or not value:
        return None
    if not all(isinstance(v, Real) and not isinstance(v, bool) for v in value):
        return None
    return [[v] for v in value]


@dataclass(frozen=True)
class MatrixProductLayout:
    """Two matrices side by side: multiply them, or say why they can't be multiplied."""

    left: str = "A"
    right: str = "B"
    shown_entries: int = 2  # entries worked out in the key

    def typeset(self, exercise: Exercise) -> Typeset:
        a, b = _rows(exercise.data.get(self.left)), _rows(exercise.data.get(self.right))
        if a is None or b is None:
            raise ValueError(f"{exercise.id}: data needs matrices {self.left!r} and {self.right!r}")
        (m, n), (k, p) = (len(a), len(a[0])), (len(b), len(b[0]))
        statement = f"${typeset.matrix(a)} thin {typeset.matrix(b)}$"
        space = EM_PER_ROW * max(m, 2) + 1.5
        sizes = f"{shape_text(m, n)} times {shape_text(k, p)}"
        if n != k:
            note = f"{sizes}: inner sizes differ ({n} ≠ {k})."
            return Typeset(
                statement, space, typeset.answer(exercise.kind, exercise.expected), [markup(note)]
            )
        notes = [markup(f"{sizes} gives {shape_text(m, p)}")]
        cells = [(i, j) for i in range(m) for j in range(p)][: self.shown_entries]
        for i, j in cells:
            steps = typeset.dot_product_steps(a[i], [row[j] for row in b])
            notes.append(f"$c_({i + 1}{j + 1}) = {steps}$")
        return Typeset(statement, space, typeset.answer(exercise.kind, exercise.expected), notes)


# -- the generic layout ---------------------------------------------------------------

_GRID_CHARS = frozenset("⎡⎢⎣⎤⎥⎦")
_LABEL = re.compile(r"(?:^|(?<=\s))([A-Za-zα-ωΑ-Ω][A-Za-z0-9_]*) = (?=[⎡⎢⎣\[])", re.MULTILINE)
# Sentences that tell a keyboard user how to type an answer; on paper they are noise.
_TERMINAL_ONLY = re.compile(r"^(Answer|Type) ")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")


_DRAWING_CHARS = frozenset("├└│─┌┐┘┬┴┼")


def _is_tabular(paragraph: str) -> bool:
    """Several lines laid out in columns (or drawn with box characters)."""
    lines = [line for line in paragraph.splitlines() if line.strip()]
    if len(lines) < 2:
        return False
    return bool(_DRAWING_CHARS & set(paragraph)) or all("  " in line.strip() for line in lines)


@dataclass(frozen=True)
class GenericLayout:
    """The plain-text prompt, its pictures of matrices replaced by typeset matrices."""

    def typeset(self, exercise: Exercise) -> Typeset:
        blocks, tallest = [], 0
        for paragraph in re.split(r"\n\s*\n", exercise.text.strip()):
            if _GRID_CHARS & set(paragraph) or _LABEL.search(paragraph):
                typeset_matrices = self._matrices(paragraph, exercise.data)
                if typeset_matrices is not None:
                    content, height = typeset_matrices
                    blocks.append(content)
                    tallest = max(tallest, height)
                    continue
                tallest = max(tallest, paragraph.count("\n") + 1)
                blocks.append(f"#raw({string(paragraph)}, block: true)")
                continue
            if _is_tabular(paragraph):  # a data table or a drawn graph keeps its lines
                tallest = max(tallest, paragraph.count("\n") + 1)
                blocks.append(f"#raw({string(paragraph)}, block: true)")
                continue
            sentences = _SENTENCE_END.split(" ".join(paragraph.split()))
            kept = " ".join(x for x in sentences if not _TERMINAL_ONLY.match(x))
            if kept:
                blocks.append(markup(kept))
        if exercise.kind == "choice" and exercise.choices:
            # the options were in a typing instruction: on paper they are the question
            blocks.append(markup(f"One of: {', '.join(exercise.choices)}."))
        space = EM_PER_ROW * max(tallest, 2) + 2.0
        answer = typeset.answer(exercise.kind, exercise.expected, exercise.shapes or None)
        return Typeset("\n\n".join(blocks), space, answer)

    @staticmethod
    def _matrices(paragraph: str, data: dict[str, Any]) -> tuple[str, int] | None:
        """Every labelled grid of the paragraph typeset from ``data``, or None when one of
        them is not in the data (then the text picture is kept as it is)."""
        labels = _LABEL.findall(paragraph)
        if not labels:
            return None
        parts, tallest = [], 0
        for label in labels:
            rows = _rows(data.get(label)) or _vector_rows(data.get(label))
            if rows is None:
                return None
            try:
                name = typeset.expression(label)
            except InputError:
                name = string(label)
            parts.append(f"${name} = {typeset.matrix(rows)}$")
            tallest = max(tallest, len(rows))
        return " #h(1.5em) ".join(parts), tallest


# -- the table of skills --------------------------------------------------------------

_LAYOUTS = {"generic": GenericLayout, "matrix-product": MatrixProductLayout}


def _layout(entry: dict[str, Any], where: str) -> Layout:
    kind = entry.get("layout", "generic")
    if kind not in _LAYOUTS:
        raise ValueError(f"{where}: unknown layout {kind!r}; layouts are {', '.join(_LAYOUTS)}")
    if kind == "matrix-product":
        operands: Sequence[str] = entry.get("operands", ["A", "B"])
        return MatrixProductLayout(left=operands[0], right=operands[1])
    return GenericLayout()


@cache
def _table() -> dict[str, Any]:
    text = resources.files("dlmath.worksheets").joinpath("sheets.toml").read_text("utf-8")
    return tomllib.loads(text)


def skill_sheet(skill: str) -> SkillSheet:
    """The instructions and layout of ``skill`` (the defaults when it is not listed)."""
    table = _table()
    entry = {**table["default"], **table.get("skills", {}).get(skill, {})}
    return SkillSheet(instructions=entry["instructions"], layout=_layout(entry, skill))
