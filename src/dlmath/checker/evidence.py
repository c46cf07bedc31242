"""The evidence a comparison rests on: the answer's and the expected values, side by side.

With free names, the values are taken at random points drawn from the declared shapes and
assumptions; a concrete answer is one point, valued exactly where exact values exist
(integers and fractions) and in floating point otherwise. Every rule of ``rules.py``
reads the same evidence, so the two kinds of answer cannot drift apart.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction
from functools import cached_property
from typing import Any

import numpy as np

from dlmath.checker.judgement import Catalogued, Givens
from dlmath.checker.memo import memo
from dlmath.checker.tolerance import SYMBOLIC_RTOL, rounded_mask, within, within_mask
from dlmath.expr.errors import EvaluationError, InputError
from dlmath.expr.evaluate import NotExact, UnsizedIdentity, evaluate, evaluate_exact
from dlmath.expr.nodes import Expr, Matrix, Neg, Num
from dlmath.expr.sampling import concrete, dimension_sizes, sample_env
from dlmath.expr.shapes import Free, Shape

#: Random points per comparison (WeBWorK uses 5, MITx 5). With symbolic dimensions they
#: come in 2 batches of 2, each batch with its own distinct sizes; with concrete shapes in
#: one batch of 4, evaluated in one pass.
POINTS = 4
#: Comparisons are deterministic: the same answer always gets the same verdict.
SEED = 20_240_601
#: Attempts at drawing a point where the expected answer is defined.
MAX_DRAWS = 8

Exact = list[list[Fraction]]
Point = tuple[dict[str, np.ndarray], np.ndarray]  # environment, expected value (stacked)


class AnswerFails(Exception):
    """The answer has no value where the expected one has."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class Values:
    """A tree's values at the points of the evidence (one array per point, ``floats``);
    at random points also batch by batch (``stacks``), the one-matrix-per-point view
    made only when a rule asks for it."""

    __slots__ = ("_floats", "exact", "stacks")

    def __init__(
        self,
        floats: list[np.ndarray] | None,
        exact: Exact | None = None,  # concrete trees only, when the value is rational
        stacks: list[np.ndarray] | None = None,
    ):
        self._floats = floats
        self.exact = exact
        self.stacks = stacks

    @classmethod
    def batched(cls, stacks: list[np.ndarray]) -> Values:
        """The values at random points, from their batches."""
        return cls(None, None, stacks)

    @property
    def floats(self) -> list[np.ndarray]:
        if self._floats is None:
            assert self.stacks is not None
            self._floats = split(self.stacks)
        return self._floats


@dataclass
class Evidence:
    """Answer and expected values at the same points; ``points`` is None for a concrete
    comparison (one point, no names)."""

    answer: Expr
    expected: Expr
    givens: Givens
    shapes: dict[str, Shape]
    names: list[str]
    catalogue: tuple[Catalogued, ...]
    answer_values: Values
    expected_values: Values
    points: list[Point] | None
    decimals: np.ndarray | None  # concrete: the decimals typed in each entry
    identity_size: int | None = None  # concrete: the size a bare I takes

    @property
    def concrete(self) -> bool:
        return self.points is None

    @cached_property
    def pairs(self) -> list[tuple[np.ndarray, np.ndarray]]:
        return list(zip(self.answer_values.floats, self.expected_values.floats, strict=True))

    def values_of(self, tree: Expr) -> Values:
        """Another tree's values at the same points; raises ``AnswerFails`` or ``InputError``."""
        if self.points is None:
            return concrete_values(tree, self.identity_size)
        return Values.batched(values_at(tree, self.points))

    def right_mask(self, answer: Values, target: Values, tolerance: float | None) -> list:
        """Per point, which entries of ``answer`` count as ``target``, by the one rule:
        within ``tolerance`` when one is given; otherwise exactly when both are exact and
        no decimals were typed; to the decimals typed; or within ``SYMBOLIC_RTOL``."""
        masks = []
        for a, e in zip(answer.floats, target.floats, strict=True):
            if a.shape != e.shape:
                return [np.zeros(e.shape, dtype=bool)]
            if tolerance is not None:
                masks.append(within_mask(a, e, tolerance))
            elif answer.exact is not None and target.exact is not None and not self.typed():
                masks.append(np.array(answer.exact, dtype=object) == np.array(target.exact))
            elif self.decimals is not None and self.typed():
                masks.append(rounded_mask(a, e, self.decimals))
            else:
                masks.append(within_mask(a, e, SYMBOLIC_RTOL))
        return masks

    def same(self, answer: Values, target: Values, tolerance: float | None) -> bool:
        if answer.stacks is not None and target.stacks is not None:
            # random points are judged within a tolerance, a whole batch at a time
            rtol = SYMBOLIC_RTOL if tolerance is None else tolerance
            pairs = zip(answer.stacks, target.stacks, strict=True)
            return all(a.shape == e.shape and _within(a, e, rtol) for a, e in pairs)
        exact = answer.exact is not None and target.exact is not None
        if tolerance is None and exact and not self.typed():
            return answer.exact == target.exact  # exactly: the one point's entries, row by row
        return all(bool(np.all(m)) for m in self.right_mask(answer, target, tolerance))

    @cached_property
    def batches(self) -> list[tuple[np.ndarray, np.ndarray]]:
        """``pairs`` a batch at a time at random points: what is decided entry by entry,
        or matrix by matrix, comes out the same and costs a batch's NumPy calls."""
        return self.batches_of(self.answer_values)

    def batches_of(self, values: Values) -> list[tuple[np.ndarray, np.ndarray]]:
        """``values`` beside the expected ones, a batch at a time where there are batches."""
        target = self.expected_values
        if values.stacks is not None and target.stacks is not None:
            return list(zip(values.stacks, target.stacks, strict=True))
        return list(zip(values.floats, target.floats, strict=True))

    def agrees_with(self, transform: Callable[[np.ndarray], np.ndarray]) -> bool:
        """Whether the answer is the expected values transformed (transposed, negated:
        ``transform`` takes a matrix or a stack of them) by the rule a right answer
        meets: to the decimals typed, or within ``SYMBOLIC_RTOL``."""
        for a, e in self.batches:
            t = transform(e)
            if a.shape != t.shape:
                return False
            if self.decimals is not None and self.typed():
                if not rounded_mask(a, t, self.decimals).all():
                    return False
            elif not within(a, t, SYMBOLIC_RTOL):
                return False
        return True

    def typed(self) -> bool:
        """Whether the learner typed decimals (then the rounding rule applies)."""
        return self.decimals_typed

    @cached_property
    def decimals_typed(self) -> bool:
        return self.decimals is not None and bool(self.decimals.any())  # counts, never < 0


def _within(a: np.ndarray, e: np.ndarray, rtol: float) -> bool:
    """``within_mask`` holds everywhere; a gap under its least floor (``rtol/100``) is
    within it whatever the entry, which settles most right answers in three steps."""
    if e.ndim == 3 and e.shape[1:] == (1, 1):  # a number at each point
        return within(a, e, rtol)
    return bool((np.abs(a - e) <= rtol / 100).all()) or bool(within_mask(a, e, rtol).all())


# ---- concrete values -----------------------------------------------------------------


def concrete_values(tree: Expr, identity_size: int | None) -> Values:
    """Exact where exact exists, so ``inv([[10^13, 0], [0, 1]])`` and a determinant that
    cancels to 0 are decided without rounding; floating point otherwise."""
    try:
        exact = evaluate_exact(tree, identity_size=identity_size)
    except NotExact:
        return Values([evaluate(tree, identity_size=identity_size)])
    try:  # a rational too large for a float raises; any other is finite
        floats = np.array([[float(x) for x in row] for row in exact], dtype=float)
    except OverflowError as error:
        raise EvaluationError("the value is too large to compute") from error
    return Values([floats], exact)


def concrete_pair(answer: Expr, expected: Expr) -> tuple[Values | InputError, Values, int | None]:
    """The answer's and the expected values; a bare ``I`` on one side takes its size from
    the other (any size if both are ``I``). An answer without a value comes back as its
    error; an expected answer without one raises ``InputError``."""
    first: Values | InputError | None
    try:
        first = concrete_values(answer, None)
    except UnsizedIdentity:
        first = None
    except InputError as error:
        first = error
    size = 2
    if isinstance(first, Values) and _square(first.floats[0]):
        size = first.floats[0].shape[0]
    try:
        expected_values = _EXPECTED_VALUES.get(
            expected,
            size,
            lambda: _read_only(concrete_values(expected, size)),
            lambda values: sum(a.size for a in values.floats),
        )
    except EvaluationError as error:
        raise InputError(f"the expected answer has no value: {error.message}") from error
    e = expected_values.floats[0]
    identity_size = e.shape[0] if _square(e) else None
    if first is None:
        try:
            first = concrete_values(answer, identity_size)
        except InputError as error:
            first = error
    return first, expected_values, identity_size


#: The expected side's values: exact ones by the size a bare ``I`` takes, and random
#: points by everything that draws them.
_EXPECTED_VALUES = memo(512)
_POINTS = memo(128)


def _read_only(values: Values) -> Values:
    """Values that are remembered are shared: nothing may write to them."""
    for a in values.floats:
        a.flags.writeable = False
    return values


def decimals_typed(tree: Expr, shape: tuple[int, ...]) -> np.ndarray:
    """The decimals typed in each entry of a concrete answer (a matrix literal has its
    own per entry; anything else has the most typed anywhere, everywhere)."""
    inner = tree.arg if isinstance(tree, Neg) else tree
    if isinstance(inner, Matrix) and (len(inner.rows), len(inner.rows[0])) == tuple(shape):
        return np.array([[_most_decimals(x) for x in row] for row in inner.rows], dtype=int)
    most = _most_decimals(tree)
    return np.full(shape, most, dtype=int) if most else np.zeros(shape, dtype=int)


def _most_decimals(tree: Expr) -> int:
    if type(tree) is Num:  # a matrix entry, most often: nothing to walk
        return tree.decimals
    if type(tree) is Neg and type(tree.arg) is Num:
        return tree.arg.decimals
    most = 0
    stack = [tree]
    while stack:  # a walk without its generator (a concrete answer is read on every check)
        node = stack.pop()
        if type(node) is Num:
            most = max(most, node.decimals)
        else:
            stack.extend(node.children())
    return most


def _square(a: np.ndarray) -> bool:
    return a.shape[-1] == a.shape[-2]


# ---- random points -------------------------------------------------------------------


def batches(shapes: dict[str, Shape]) -> tuple[int, int]:
    """(number of batches, points per batch) for these shapes."""
    symbolic = any(isinstance(d, str) for s in shapes.values() for d in (s.rows, s.cols))
    return (2, POINTS // 2) if symbolic else (1, POINTS)


def draw_points(
    expected: Expr,
    givens: Givens,
    shapes: dict[str, Shape],
    names: list[str],
    size_from: Shape | None = None,
) -> list[Point]:
    """Where to compare: batches of random points, each batch with its own sizes for the
    symbolic dimensions, with the values stacked along a leading axis so that one
    evaluation covers a whole batch. ``size_from`` (the answer's shape) sizes an expected
    answer that is just ``I``. The points for one expected answer are drawn once."""
    if size_from is not None and (
        isinstance(size_from.rows, Free) or isinstance(size_from.cols, Free)
    ):
        return _draw_points(expected, givens, shapes, names, size_from)
    key = (draw_key(givens, shapes, names), size_from)
    return _POINTS.get(
        expected,
        key,
        lambda: _draw_points(expected, givens, shapes, names, size_from),
        lambda points: sum(a.size for env, value in points for a in (value, *env.values())),
    )


def draw_key(givens: Givens, shapes: dict[str, Shape], names: list[str]) -> tuple:
    """Everything random values are drawn from, as a key of a memo."""
    assume = givens.assume
    props = tuple(sorted((n, tuple(sorted(p))) for n, p in assume.items())) if assume else ()
    return tuple(names), tuple(sorted(shapes.items())), props


def _draw_points(
    expected: Expr,
    givens: Givens,
    shapes: dict[str, Shape],
    names: list[str],
    size_from: Shape | None,
) -> list[Point]:
    rng = np.random.default_rng(SEED)
    points: list[Point] = []
    failures = 0
    count, per_batch = batches(shapes)
    while len(points) < count:
        sizes = dimension_sizes(shapes.values(), rng)
        env = sample_env(
            shapes,
            givens.assume,
            rng,
            sizes,
            names,
            positive_fallback=failures >= 2,
            count=per_batch,
        )
        try:
            value = stacked(evaluate(expected, env, _identity_size(size_from, sizes)), per_batch)
            for a in (value, *env.values()):
                a.flags.writeable = False  # the points are remembered and shared
            points.append((env, value))
        except EvaluationError as error:
            failures += 1
            if failures > MAX_DRAWS:
                raise InputError(
                    f"could not find values where the expected answer is defined "
                    f"({error.message}); declare assumptions such as positive"
                ) from error
    return points


def stacked(value: np.ndarray, count: int) -> np.ndarray:
    """A value for every point of a batch (a constant is the same at every point)."""
    return value if value.ndim == 3 else np.broadcast_to(value, (count, *value.shape))


def split(values: list[np.ndarray]) -> list[np.ndarray]:
    """Batched values, one matrix per point."""
    return [v[k] for v in values for k in range(v.shape[0])]


def _identity_size(shape: Shape | None, sizes: dict[str, int]) -> int | None:
    if shape is None:
        return None
    try:
        rows, cols = concrete(shape, sizes)
    except ValueError:
        return None
    return rows if rows == cols else None


def values_at(tree: Expr, points: list[Point]) -> list[np.ndarray]:
    """``tree`` evaluated at every batch of points; raises ``AnswerFails``."""
    out = []
    for env, expected in points:
        try:
            count, rows, cols = expected.shape
            value = evaluate(tree, env, rows if rows == cols else None)
            out.append(stacked(value, count))
        except InputError as error:  # a value error, or a limit met while evaluating
            raise AnswerFails(error.message) from error
    return out


def symbolic_evidence(
    answer: Expr,
    expected: Expr,
    givens: Givens,
    shapes: dict[str, Shape],
    names: list[str],
    catalogue: tuple[Catalogued, ...],
    answer_shape: Shape,
) -> Evidence:
    """Evidence at random points; raises ``AnswerFails`` when the answer has no value there."""
    points = draw_points(expected, givens, shapes, names, size_from=answer_shape)
    answers = Values.batched(values_at(answer, points))
    expected_values = Values.batched([e for _, e in points])
    return Evidence(
        answer,
        expected,
        givens,
        shapes,
        names,
        catalogue,
        answers,
        expected_values,
        points,
        None,
    )


def exact_text_value(exact: Exact) -> Any:
    """The exact value as a tree, for "the exact value is ..." notes."""
    if len(exact) == 1 and len(exact[0]) == 1:
        return Num(exact[0][0])
    return Matrix(tuple(tuple(Num(x) for x in row) for row in exact))
