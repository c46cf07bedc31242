"""Entropy and information gain of the columns of a table (ID3), and the ID3 tree."""

from __future__ import annotations

import csv
import io
import math
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from dlmath.calculators.refusal import CalculatorError
from dlmath.expr.notebook import NotebookDisplay, Row

MAX_BYTES = 1_000_000
MAX_ROWS = 10_000
MAX_COLUMNS = 50


@dataclass(frozen=True)
class Table:
    header: list[str]
    rows: list[list[str]]

    def column(self, name: str) -> list[str]:
        i = self.header.index(name)
        return [r[i] for r in self.rows]


def read_table(data: bytes) -> Table:
    """A CSV table with a header line; refuses what no calculation could use."""
    if len(data) > MAX_BYTES:
        raise CalculatorError(f"the file is over the size limit of {MAX_BYTES:,} bytes")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise CalculatorError(f"the file is not UTF-8 text (byte {error.start})") from None
    lines = [r for r in csv.reader(io.StringIO(text)) if any(c.strip() for c in r)]
    if not lines:
        raise CalculatorError("the file is empty")
    header = [h.strip() for h in lines[0]]
    if len(header) > MAX_COLUMNS:
        raise CalculatorError(f"the table has over {MAX_COLUMNS} columns")
    if len(set(header)) != len(header) or "" in header:
        raise CalculatorError("the header needs distinct, non-empty column names")
    rows = [[c.strip() for c in r] for r in lines[1:]]
    if not rows:
        raise CalculatorError("the file has a header but no rows")
    if len(rows) > MAX_ROWS:
        raise CalculatorError(f"the table has over {MAX_ROWS:,} rows")
    for number, row in enumerate(rows, start=2):
        if len(row) != len(header):
            raise CalculatorError(
                f"line {number} has {len(row)} fields, the header has {len(header)}"
            )
    return Table(header, rows)


def entropy(labels: list[str]) -> float:
    """H in bits of the labels' empirical distribution."""
    n = len(labels)
    return -sum(c / n * math.log2(c / n) for c in Counter(labels).values()) + 0.0


def gain(table: Table, column: str, target: str) -> float:
    """Information gain of splitting on ``column``: H(target) − H(target | column)."""
    labels = table.column(target)
    groups: dict[str, list[str]] = {}
    for value, label in zip(table.column(column), labels, strict=True):
        groups.setdefault(value, []).append(label)
    rest = sum(len(g) / len(labels) * entropy(g) for g in groups.values())
    return entropy(labels) - rest


@dataclass(frozen=True)
class Gains(NotebookDisplay):
    target: str
    entropy: float
    gains: dict[str, float]
    best: str | None

    def display_rows(self) -> list[Row]:
        rows: list[Row] = [(f"H({self.target})", f"{self.entropy:.4f} bits", False)]
        rows += [(f"Gain({c})", f"{g:.4f}", False) for c, g in self.gains.items()]
        return [*rows, ("best split", str(self.best), False)]

    def to_json(self) -> dict[str, Any]:
        return {
            "target": self.target,
            "entropy": self.entropy,
            "gains": self.gains,
            "best": self.best,
        }


def gains(table: Table, target: str) -> Gains:
    check_target(table, target)
    others = [c for c in table.header if c != target]
    if not others:
        raise CalculatorError("the table has no column besides the target to split on")
    values = {c: gain(table, c, target) for c in others}
    best = max(others, key=lambda c: (values[c], -others.index(c)))
    return Gains(target, entropy(table.column(target)), values, best)


def check_target(table: Table, target: str) -> None:
    if target not in table.header:
        raise CalculatorError(f"no column {target!r}; the columns are {', '.join(table.header)}")
    if len(set(table.column(target))) < 2:
        raise CalculatorError(f"the target {target!r} has one class only: nothing to learn")


@dataclass
class Node:
    """A node of an ID3 tree: a leaf with its label, or a split on ``column``."""

    label: str | None = None
    column: str | None = None
    gain: float = 0.0
    children: dict[str, Node] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        if self.column is None:
            return {"label": self.label}
        return {
            "split": self.column,
            "gain": self.gain,
            "children": {k: v.to_json() for k, v in self.children.items()},
        }

    def lines(self, indent: str = "") -> list[str]:
        if self.column is None:
            return [f"{indent}→ {self.label}"]
        out = []
        for value, child in self.children.items():
            out.append(f"{indent}{self.column} = {value}")
            out.extend(child.lines(indent + "  "))
        return out


def id3(table: Table, target: str, columns: list[str] | None = None) -> Node:
    """Quinlan's ID3: split on the column of largest gain until the labels agree."""
    labels = table.column(target)
    counts = Counter(labels)
    majority = min(counts, key=lambda k: (-counts[k], k))
    columns = [c for c in table.header if c != target] if columns is None else columns
    if len(counts) == 1 or not columns:
        return Node(label=majority)
    scored = {c: gain(table, c, target) for c in columns}
    best = max(columns, key=lambda c: (scored[c], -columns.index(c)))
    if scored[best] <= 0:
        return Node(label=majority)
    node = Node(column=best, gain=scored[best])
    i = table.header.index(best)
    for value in dict.fromkeys(r[i] for r in table.rows):
        subset = Table(table.header, [r for r in table.rows if r[i] == value])
        node.children[value] = id3(subset, target, [c for c in columns if c != best])
    return node
