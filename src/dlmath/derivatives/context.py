"""What a derivation works in: the names' shapes and assumptions, and shapes of any tree.

Derivation builds new trees all the time (adjoints, simplified forms); deciding whether
a factor is a scalar, a column or a matrix needs their shapes, so this context infers
the shape of any tree built from the declared names, with a cache.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from dlmath.expr.nodes import Expr, Sym
from dlmath.expr.shapes import Free, Shape, ShapeInference

#: Assumptions under which a matrix equals its transpose.
SYMMETRIC = frozenset({"symmetric", "spd", "diagonal"})
#: Assumptions under which the entries of a vector sum to 1.
SUMS_TO_ONE = frozenset({"probability", "one-hot"})


@dataclass(frozen=True, slots=True)
class Ones(Expr):
    """The all-ones matrix shaped like ``like`` (the adjoint of ``sum``).

    Internal to derivation: it is simplified away or spelled in the input language
    before a result leaves this package."""

    like: Expr = field(default_factory=lambda: Sym("x"))


@dataclass
class Context:
    shapes: dict[str, Shape]
    assume: dict[str, set[str]] = field(default_factory=dict)
    _cache: dict[Expr, Shape] = field(default_factory=dict, repr=False)

    def shape(self, e: Expr) -> Shape:
        """The shape of ``e``; dimensions of a lone ``I`` stay free (not 1)."""
        cached = self._cache.get(e)
        if cached is not None:
            return cached
        inference = ShapeInference(self.shapes)
        shape = inference.infer(_without_ones(e))
        self._cache[e] = shape
        return shape

    def is_scalar(self, e: Expr) -> bool:
        s = self.shape(e)
        return s.rows == 1 and s.cols == 1

    def is_column(self, e: Expr) -> bool:
        s = self.shape(e)
        return s.cols == 1 and s.rows != 1

    def is_row(self, e: Expr) -> bool:
        s = self.shape(e)
        return s.rows == 1 and s.cols != 1

    def is_vector(self, e: Expr) -> bool:
        return self.is_column(e) or self.is_row(e)

    def has_free_size(self, e: Expr) -> bool:
        s = self.shape(e)
        return isinstance(s.rows, Free) or isinstance(s.cols, Free)

    def symmetric(self, name: str) -> bool:
        return bool(self.assume.get(name, set()) & SYMMETRIC)

    def sums_to_one(self, name: str) -> bool:
        return bool(self.assume.get(name, set()) & SUMS_TO_ONE)


def _without_ones(e: Expr) -> Expr:
    """The same tree with each ``Ones(like)`` replaced by ``like`` (same shape)."""
    if isinstance(e, Ones):
        return _without_ones(e.like)
    if not any(isinstance(n, Ones) for n in e.walk()):
        return e
    return e.map_children(_without_ones)
