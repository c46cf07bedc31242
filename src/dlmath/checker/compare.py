"""Deciding whether an answer equals the expected one, and if not, why.

Equality is decided by evaluation, never by simplification: exactly (integers and
fractions) when both sides are concrete, otherwise at several random points drawn from
the declared shapes and assumptions. The same evaluated points then feed the diagnoses
of DESIGN.md section 3, tried from the most specific to the least.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import numpy as np

from dlmath.checker import feedback as say
from dlmath.expr.errors import EvaluationError, InputError, ShapeError
from dlmath.expr.evaluate import NotExact, UnsizedIdentity, evaluate, evaluate_exact
from dlmath.expr.nodes import Expr, Hadamard, ListOf, Mul, Num, Undefined
from dlmath.expr.render import to_text
from dlmath.expr.sampling import concrete, dimension_sizes, sample_env
from dlmath.expr.shapes import SCALAR, Shape, ShapeInference

# Random points per comparison (WeBWorK uses 5, MITx 5). With symbolic dimensions they
# come in 2 batches of 2, each batch with its own distinct sizes; with concrete shapes
# in one batch of 4, evaluated in one pass.
POINTS = 4


def _batches(shapes: dict[str, Shape]) -> tuple[int, int]:
    """(number of batches, points per batch) for these shapes."""
    symbolic = any(isinstance(d, str) for s in shapes.values() for d in (s.rows, s.cols))
    return (2, POINTS // 2) if symbolic else (1, POINTS)


SYMBOLIC_RTOL = 1e-7
CLOSE = 0.05  # "close": within 5%
_SEED = 20_240_601  # comparisons are deterministic: the same answer gets the same verdict


@dataclass
class Problem:
    """What an answer is compared in: the names' shapes and assumptions, the tolerance."""

    shapes: dict[str, Shape] = field(default_factory=dict)
    assume: dict[str, set[str]] = field(default_factory=dict)
    tolerance: float | None = None  # relative; None: exact where exact
    # Whether every name must be declared (or appear in the expected answer). Off only
    # for a bare comparison with nothing declared, where all names are free scalars.
    strict_names: bool = True
    undefined_reason: str | None = None  # the exercise's own words for why it is undefined


@dataclass
class Outcome:
    correct: bool
    diagnosis: str | None
    feedback: str
    details: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Catalogued:
    """A generator's anticipated wrong answer, parsed."""

    code: str
    tree: Expr
    feedback: str


class _AnswerFails(Exception):
    def __init__(self, message: str):
        self.message = message


def compare(
    answer: Expr, expected: Expr, problem: Problem, catalogue=(), answer_text: str | None = None
) -> Outcome:
    """Compare two parsed trees. Problems in ``expected`` raise ``InputError``."""
    if isinstance(expected, Undefined) or isinstance(answer, Undefined):
        if isinstance(expected, Undefined) and isinstance(answer, Undefined):
            return Outcome(True, None, say.correct())
        hit = _match_catalogue(answer, catalogue, problem, None)
        if hit:
            return hit
        if isinstance(expected, Undefined) and problem.undefined_reason:
            return Outcome(False, "defined-vs-undefined", problem.undefined_reason)
        return Outcome(False, "defined-vs-undefined", say.defined_vs_undefined(expected))
    if isinstance(expected, ListOf) or isinstance(answer, ListOf):
        return Outcome(False, "wrong-shape", say.list_where_value(expected, answer))

    answer_names, expected_names = answer.names(), expected.names()
    declared = set(problem.shapes) | expected_names
    if not problem.strict_names:
        declared |= answer_names
    unknown = sorted(answer_names - declared)
    if unknown:
        return Outcome(False, "unknown-name", say.unknown_name(unknown, sorted(declared)))

    shapes = {n: problem.shapes.get(n, SCALAR) for n in declared}
    ShapeInference(shapes).infer(expected)  # the expected side must be well formed
    try:
        answer_shape = ShapeInference(shapes, answer_text).infer(answer)
    except ShapeError as error:
        swapped = swap_products(answer)
        if swapped != answer and _agrees(swapped, expected, problem, shapes):
            return Outcome(False, "elementwise-vs-matrix", say.elementwise_vs_matrix())
        return Outcome(False, "shape-error", say.shape_error(error), {"message": error.message})

    names = sorted(declared)
    if not (answer_names | expected_names):
        return _compare_concrete(answer, expected, problem, catalogue)
    points = _points(expected, problem, shapes, names, size_from=answer_shape)
    try:
        answers = _split(_values(answer, points))
    except _AnswerFails as fail:
        return Outcome(False, "wrong", say.answer_undefined_at_points(fail.message))
    pairs = list(zip(answers, _split([e for _, e in points]), strict=True))
    return _judge(answer, expected, pairs, points, problem, shapes, names, catalogue)


# ---- points ---------------------------------------------------------------------------


def _points(
    expected: Expr,
    problem: Problem,
    shapes: dict[str, Shape],
    names: list[str],
    size_from: Shape | None = None,
):
    """Where to compare: batches of random points (``_batches``), each batch with its own
    sizes for the symbolic dimensions, as (env, expected value) with the values stacked
    along a leading axis, so one evaluation covers a whole batch.

    ``size_from``: the answer's shape, which sizes an expected answer that is just ``I``."""
    rng = np.random.default_rng(_SEED)
    points = []
    failures = 0
    batches, per_batch = _batches(shapes)
    while len(points) < batches:
        sizes = dimension_sizes(shapes.values(), rng)
        env = sample_env(
            shapes,
            problem.assume,
            rng,
            sizes,
            names,
            positive_fallback=failures >= 2,
            count=per_batch,
        )
        try:
            value = evaluate(expected, env, _identity_size(size_from, sizes))
            points.append((env, _stacked(value, per_batch)))
        except EvaluationError as error:
            failures += 1
            if failures > 8:
                raise InputError(
                    f"could not find values where the expected answer is defined "
                    f"({error.message}); declare assumptions such as positive"
                ) from error
    return points


def _stacked(value: np.ndarray, count: int) -> np.ndarray:
    """A value for every point of a batch (a constant is the same at every point)."""
    return value if value.ndim == 3 else np.broadcast_to(value, (count, *value.shape))


def _split(values: list[np.ndarray]) -> list[np.ndarray]:
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


def _values(tree: Expr, points) -> list[np.ndarray]:
    out = []
    for env, expected in points:
        try:
            count, rows, cols = expected.shape
            value = evaluate(tree, env, rows if rows == cols else None)
            out.append(_stacked(value, count))
        except InputError as error:  # a value error, or a limit met while evaluating
            raise _AnswerFails(error.message) from error
    return out


def _close(a: np.ndarray, e: np.ndarray, rtol: float) -> bool:
    """Equal within ``rtol`` relative to the larger of 1 and the expected value's size."""
    if a.shape != e.shape:
        return False
    scale = max(1.0, float(np.abs(e).max()) if e.size else 1.0)
    return float(np.abs(a - e).max()) <= 2 * rtol * scale


def _agrees(
    candidate: Expr, expected: Expr, problem: Problem, shapes: dict[str, Shape], points=None
) -> bool:
    """Whether ``candidate`` is well formed and equal to ``expected`` (for swap checks);
    ``points`` are reused when the comparison already has them."""
    try:
        ShapeInference(shapes).infer(candidate)
        names = sorted(set(shapes))
        if not (candidate.names() | expected.names()):
            return _close(evaluate(candidate), evaluate(expected), SYMBOLIC_RTOL)
        if points is None:
            points = _points(expected, problem, shapes, names)
        return all(
            _close(a, e, SYMBOLIC_RTOL)
            for a, e in zip(
                _split(_values(candidate, points)), _split([e for _, e in points]), strict=True
            )
        )
    except (InputError, _AnswerFails):
        return False


# ---- judging ----------------------------------------------------------------------------


def _judge(answer, expected, pairs, points, problem, shapes, names, catalogue) -> Outcome:
    rtol = problem.tolerance if problem.tolerance is not None else SYMBOLIC_RTOL
    if all(_close(a, e, rtol) for a, e in pairs):
        return Outcome(True, None, say.correct())
    hit = _match_catalogue(answer, catalogue, problem, points)
    if hit:
        return hit
    a0, e0 = pairs[0]
    if a0.shape != e0.shape:
        if all(_close(a, e.T, SYMBOLIC_RTOL) for a, e in pairs):
            return Outcome(
                False, "transpose", say.transpose(e0.shape, _shape_text(expected, shapes))
            )
        return Outcome(
            False,
            "wrong-shape",
            say.wrong_shape(_shape_text(answer, shapes), _shape_text(expected, shapes)),
        )
    square = e0.shape[0] == e0.shape[1] and e0.shape != (1, 1)
    if square and all(_close(a, e.T, SYMBOLIC_RTOL) for a, e in pairs):
        return Outcome(False, "transpose", say.transpose(e0.shape, _shape_text(expected, shapes)))
    if all(_close(a, -e, SYMBOLIC_RTOL) for a, e in pairs):
        return Outcome(False, "sign", say.sign())
    factor = _common_factor(pairs)
    if factor is not None:
        return Outcome(False, "factor", say.factor(factor), {"factor": _factor_text(factor)})
    symmetric = _symmetric_only(answer, expected, problem, shapes, names)
    if symmetric:
        return Outcome(False, "symmetric-only", say.symmetric_only(symmetric))
    swapped = swap_products(answer)
    if swapped != answer and _agrees(swapped, expected, problem, shapes, points):
        return Outcome(False, "elementwise-vs-matrix", say.elementwise_vs_matrix())
    if a0.size == 1 and _relative_gap(pairs) <= CLOSE:
        return Outcome(False, "close", say.close(_relative_gap(pairs), problem.tolerance))
    return Outcome(False, "wrong", say.wrong())


def _relative_gap(pairs) -> float:
    gaps = []
    for a, e in pairs:
        denom = max(float(np.max(np.abs(e))), 1e-12)
        gaps.append(float(np.max(np.abs(a - e))) / denom)
    return max(gaps)


def _common_factor(pairs) -> float | None:
    cs = []
    for a, e in pairs:
        ee = float(np.sum(e * e))
        if ee < 1e-12:
            return None
        c = float(np.sum(a * e)) / ee
        if not _close(a, c * e, 1e-6):
            return None
        cs.append(c)
    c = cs[0]
    if any(abs(x - c) > 1e-6 * max(1.0, abs(c)) for x in cs):
        return None
    if abs(c) < 1e-9 or abs(c - 1) < 1e-6 or abs(c + 1) < 1e-6:
        return None
    return c


def _factor_text(c: float) -> str:
    f = Fraction(c).limit_denominator(100)
    if abs(float(f) - c) < 1e-6 * max(1.0, abs(c)):
        return str(f)
    return f"{c:.4g}"


_STRUCTURED = {"symmetric", "spd", "orthogonal", "diagonal", "probability", "one-hot"}


def _symmetric_only(answer, expected, problem, shapes, names) -> list[str]:
    """Names of square matrices whose symmetry would make the answer right."""
    candidates = [
        n
        for n in names
        if shapes[n].rows == shapes[n].cols
        and shapes[n] != SCALAR
        and not (problem.assume.get(n, set()) & _STRUCTURED)
    ]
    if not candidates:
        return []
    rng = np.random.default_rng(_SEED + 1)
    try:
        sizes = dimension_sizes(shapes.values(), rng)
        env = sample_env(shapes, problem.assume, rng, sizes, names, symmetrize=candidates, count=3)
        if not _close(evaluate(answer, env), evaluate(expected, env), SYMBOLIC_RTOL):
            return []
    except InputError:
        return []
    used = answer.names() | expected.names()
    return [n for n in candidates if n in used]


def _match_catalogue(answer, catalogue, problem, points) -> Outcome | None:
    for item in catalogue:
        if isinstance(item.tree, Undefined) or isinstance(answer, Undefined):
            if isinstance(item.tree, Undefined) and isinstance(answer, Undefined):
                return Outcome(False, item.code, item.feedback)
            continue
        try:
            if points is None:
                same = _same_concrete(answer, item.tree)
            else:
                same = all(
                    _close(a, m, SYMBOLIC_RTOL)
                    for a, m in zip(
                        _split(_values(answer, points)),
                        _split(_values(item.tree, points)),
                        strict=True,
                    )
                )
        except (InputError, _AnswerFails):
            continue
        if same:
            return Outcome(False, item.code, item.feedback)
    return None


def _same_concrete(answer: Expr, wrong: Expr) -> bool:
    """Whether a concrete answer is a catalogued wrong value, by the same rule as a right
    one: exactly, or as that value correctly rounded (``1.3108`` for the nats value)."""
    try:
        if evaluate_exact(answer) == evaluate_exact(wrong):
            return True
    except NotExact:
        pass
    a, w = evaluate(answer), evaluate(wrong)
    return a.shape == w.shape and _rounded_right(a, w, _decimals_typed(answer))


def _shape_text(tree: Expr, shapes: dict[str, Shape]) -> str:
    try:
        return str(ShapeInference(shapes).infer(tree))
    except InputError:
        return "?"


# ---- concrete values -------------------------------------------------------------------------


def _decimals_typed(tree: Expr) -> int:
    return max((n.decimals for n in tree.walk() if isinstance(n, Num)), default=0)


def _compare_concrete(answer: Expr, expected: Expr, problem: Problem, catalogue) -> Outcome:
    # A bare I on one side takes its size from the other side (any size if both are I).
    try:
        a_first = evaluate(answer)
    except UnsizedIdentity:
        a_first = None
    except InputError as error:
        return Outcome(False, "wrong", say.answer_has_no_value(error.message))
    size = a_first.shape[0] if a_first is not None and _square(a_first) else 2
    try:
        e_float = evaluate(expected, identity_size=size)
    except EvaluationError as error:
        raise InputError(f"the expected answer has no value: {error.message}") from error
    try:
        a_float = (
            a_first
            if a_first is not None
            else evaluate(answer, identity_size=e_float.shape[0] if _square(e_float) else None)
        )
    except InputError as error:
        return Outcome(False, "wrong", say.answer_has_no_value(error.message))
    e_exact = a_exact = None
    try:
        size = e_float.shape[0] if _square(e_float) else None
        e_exact = evaluate_exact(expected, identity_size=size)
        a_exact = evaluate_exact(answer, identity_size=size)
    except NotExact:
        pass
    if a_float.shape == e_float.shape:
        if problem.tolerance is not None:
            ok = _within(a_float, e_float, problem.tolerance)
        elif e_exact is not None and a_exact is not None and _decimals_typed(answer) == 0:
            ok = a_exact == e_exact
        else:
            ok = _rounded_right(a_float, e_float, _decimals_typed(answer))
        if ok:
            exact_note = ""
            if e_exact is not None and a_exact != e_exact and _decimals_typed(answer):
                exact_note = to_text(_exact_tree(e_exact))
            return Outcome(True, None, say.correct(exact_note))
    hit = _match_catalogue(answer, catalogue, problem, None)
    if hit:
        return hit
    pairs = [(a_float, e_float)]
    if a_float.shape != e_float.shape:
        if a_float.shape == e_float.T.shape and _close(a_float, e_float.T, SYMBOLIC_RTOL):
            return Outcome(False, "transpose", say.transpose(e_float.shape, None))
        return Outcome(
            False, "wrong-shape", say.wrong_shape(_dims(a_float.shape), _dims(e_float.shape))
        )
    square = e_float.shape[0] == e_float.shape[1] and e_float.size > 1
    if square and _close(a_float, e_float.T, SYMBOLIC_RTOL):
        return Outcome(False, "transpose", say.transpose(e_float.shape, None))
    if _close(a_float, -e_float, SYMBOLIC_RTOL) and np.any(e_float != 0):
        return Outcome(False, "sign", say.sign())
    factor = _common_factor(pairs)
    # any number is a multiple of any other: for a single number only a factor of 2 counts
    if factor is not None and (
        e_float.size > 1 or abs(abs(factor) - 2) < 1e-9 or abs(abs(factor) - 0.5) < 1e-9
    ):
        return Outcome(False, "factor", say.factor(factor), {"factor": _factor_text(factor)})
    swapped = swap_products(answer)
    if swapped != answer and _agrees(swapped, expected, problem, {}):
        return Outcome(False, "elementwise-vs-matrix", say.elementwise_vs_matrix())
    gap = _relative_gap(pairs)
    if gap <= CLOSE and np.all(
        np.abs(a_float - e_float) <= CLOSE * np.maximum(np.abs(e_float), 1e-12)
    ):
        return Outcome(False, "close", say.close(gap, problem.tolerance))
    details: dict[str, Any] = {}
    if e_float.size > 1:
        wrong = [
            [int(i) + 1, int(j) + 1]
            for i, j in zip(
                *np.nonzero(~np.isclose(a_float, e_float, rtol=1e-9, atol=1e-9)), strict=True
            )
        ]
        details["wrong_entries"] = wrong
        return Outcome(False, "wrong", say.wrong_entries(wrong, e_float.size), details)
    return Outcome(False, "wrong", say.wrong())


def _square(a: np.ndarray) -> bool:
    return a.shape[0] == a.shape[1]


def _dims(shape: tuple[int, int]) -> str:
    return f"{shape[0]}×{shape[1]}"


def _within(a: np.ndarray, e: np.ndarray, tol: float) -> bool:
    return bool(np.all(np.abs(a - e) <= tol * np.abs(e) + tol * 1e-2))


ROUNDING_RTOL = 0.005  # a rounded decimal must be good to about 3 significant figures


def _rounded_right(a: np.ndarray, e: np.ndarray, decimals: int) -> bool:
    """A decimal answer is right when it is the expected value correctly rounded to the
    decimals typed and good to about three significant figures (``6.7`` for 6.705 and
    ``0.333`` for 1/3 are right, ``0.33`` for 1/3 and ``0.88`` for 7/8 only close)."""
    if _close(a, e, 1e-9):
        return True
    if decimals < 1:
        return False
    gap = np.abs(a - e)
    rounded = gap <= 0.5 * 10.0**-decimals + 1e-12
    precise = gap <= ROUNDING_RTOL * np.abs(e) + 1e-12
    return bool(np.all(rounded & precise))


def _exact_tree(rows: list[list[Fraction]]) -> Expr:
    from dlmath.expr.nodes import Matrix

    if len(rows) == 1 and len(rows[0]) == 1:
        return Num(rows[0][0])
    return Matrix(tuple(tuple(Num(x) for x in row) for row in rows))


# ---- rewrites -----------------------------------------------------------------------------------


def swap_products(tree: Expr) -> Expr:
    """Matrix products become elementwise ones and the reverse, to recognise an
    elementwise-vs-matrix mix-up (``σ(z) * (1 − σ(z)) * δ`` meant with ⊙). Numbers in a
    product stay scalar factors."""

    def swap(node: Expr) -> Expr:
        node = node.map_children(swap)
        if isinstance(node, Hadamard):
            return Mul((node.left, node.right), pos=node.pos, end=node.end)
        if isinstance(node, Mul):
            numbers = [f for f in node.factors if isinstance(f, Num)]
            others = [f for f in node.factors if not isinstance(f, Num)]
            if len(others) < 2:
                return node
            chain = others[0]
            for factor in others[1:]:
                chain = Hadamard(chain, factor, pos=node.pos, end=node.end)
            return Mul((*numbers, chain), pos=node.pos, end=node.end) if numbers else chain
        return node

    return swap(tree)
