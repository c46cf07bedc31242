"""Prefix codes for a source: Huffman (optimal) and Shannon–Fano (for comparison), with
the expected length and the entropy bound H ≤ L < H + 1."""

from __future__ import annotations

import heapq
import math
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from dlmath.calculators.refusal import CalculatorError
from dlmath.expr.notebook import NotebookDisplay, Row

MAX_SYMBOLS = 256
SUM_TOLERANCE = 1e-9


@dataclass(frozen=True)
class SourceCode(NotebookDisplay):
    method: str
    probabilities: list[float]
    codes: list[str]

    def display_rows(self) -> list[Row]:
        rows: list[Row] = [
            (f"p = {p:.4g}", code, False)
            for p, code in zip(self.probabilities, self.codes, strict=True)
        ]
        rows.append(("expected length", f"{self.expected_length:.4f} bits", False))
        return [*rows, ("entropy H", f"{self.entropy:.4f} bits", False)]

    @property
    def expected_length(self) -> float:
        return sum(p * len(c) for p, c in zip(self.probabilities, self.codes, strict=True))

    @property
    def entropy(self) -> float:
        return -sum(p * math.log2(p) for p in self.probabilities if p > 0) + 0.0

    def to_json(self) -> dict[str, Any]:
        return {
            "method": self.method,
            "codes": self.codes,
            "probabilities": self.probabilities,
            "expected_length": self.expected_length,
            "entropy": self.entropy,
        }


def distribution(values: list[Fraction | float], counts: bool) -> list[float]:
    """Probabilities as given (they must sum to 1), or counts normalised."""
    if not values:
        raise CalculatorError("give at least one probability")
    if len(values) > MAX_SYMBOLS:
        raise CalculatorError(f"at most {MAX_SYMBOLS} symbols")
    if any(v < 0 for v in values):
        raise CalculatorError("a probability or count is negative")
    total = sum(values)
    if counts:
        if any(isinstance(v, float) or v.denominator != 1 for v in values):
            raise CalculatorError("counts are whole numbers")
        if total == 0:
            raise CalculatorError("the counts are all 0")
        return [float(Fraction(v) / total) for v in values]
    if abs(total - 1) > SUM_TOLERANCE:
        raise CalculatorError(
            f"the probabilities sum to {float(total):.6g}, not 1 (use --counts for counts)"
        )
    return [float(v) for v in values]


def huffman(probabilities: list[float]) -> SourceCode:
    """Huffman's code; ties broken by the order of arrival, so the code is reproducible."""
    n = len(probabilities)
    if n == 1:
        return SourceCode("huffman", probabilities, ["0"])
    heap: list[tuple[float, int, list[int]]] = [(p, i, [i]) for i, p in enumerate(probabilities)]
    heapq.heapify(heap)
    codes = [""] * n
    order = n
    while len(heap) > 1:
        p0, _, group0 = heapq.heappop(heap)
        p1, _, group1 = heapq.heappop(heap)
        for i in group0:
            codes[i] = "0" + codes[i]
        for i in group1:
            codes[i] = "1" + codes[i]
        heapq.heappush(heap, (p0 + p1, order, group0 + group1))
        order += 1
    return SourceCode("huffman", probabilities, codes)


def shannon_fano(probabilities: list[float]) -> SourceCode:
    """Shannon–Fano: sort by probability, split where the two halves' sums are closest."""
    codes = [""] * len(probabilities)
    if len(probabilities) == 1:
        return SourceCode("shannon-fano", probabilities, ["0"])

    def split(indices: list[int]) -> None:
        if len(indices) < 2:
            return
        total = sum(probabilities[i] for i in indices)
        running, best, cut = 0.0, math.inf, 1
        for k in range(1, len(indices)):
            running += probabilities[indices[k - 1]]
            gap = abs(total - 2 * running)
            if gap < best:
                best, cut = gap, k
        for i in indices[:cut]:
            codes[i] += "0"
        for i in indices[cut:]:
            codes[i] += "1"
        split(indices[:cut])
        split(indices[cut:])

    split(sorted(range(len(probabilities)), key=lambda i: (-probabilities[i], i)))
    return SourceCode("shannon-fano", probabilities, codes)
