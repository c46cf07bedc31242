"""The one diagnosis chain: an ordered table of small rules over one piece of evidence.

Each rule looks at the ``Evidence`` (answer and expected values at the same points) and
either says what holds or passes. The first rule that speaks decides, so the order is the
order of specificity: right, the exercise's own catalogued mistakes (the generator's
sentence is the most specific one), transposed or wrongly shaped, sign, factor,
symmetric-only, elementwise-vs-matrix, close, wrong.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Any

import numpy as np

from dlmath.checker import feedback as say
from dlmath.checker.evidence import (
    SEED,
    AnswerFails,
    Evidence,
    Values,
    concrete_values,
    draw_key,
    draw_points,
    exact_text_value,
    split,
    values_at,
)
from dlmath.checker.judgement import Givens, Judgement
from dlmath.checker.memo import memo
from dlmath.checker.tolerance import (
    CLOSE,
    SYMBOLIC_RTOL,
    common_factor,
    relative_gap,
    within,
)
from dlmath.expr.errors import InputError
from dlmath.expr.evaluate import evaluate
from dlmath.expr.nodes import Expr, Hadamard, Inverse, Mul, Num, Transpose, Undefined
from dlmath.expr.render import to_text
from dlmath.expr.sampling import dimension_sizes, sample_env
from dlmath.expr.shapes import SCALAR, Shape, ShapeInference

Rule = Callable[[Evidence], Judgement | None]

#: With a single number as evidence, any wrong number is "a multiple" of the right one;
#: only these factors say something there (a missing or extra ½).
SINGLE_NUMBER_FACTORS = (2.0, 0.5)
#: Assumptions that already fix a matrix's structure (symmetry would change nothing).
STRUCTURED = frozenset({"symmetric", "spd", "orthogonal", "diagonal", "probability", "one-hot"})


def right(ev: Evidence) -> Judgement | None:
    if not ev.same(ev.answer_values, ev.expected_values, ev.givens.tolerance):
        return None
    note = ""
    exact = ev.expected_values.exact
    if exact is not None and ev.typed() and ev.answer_values.exact != exact:
        note = to_text(exact_text_value(exact))
    return Judgement(True, None, say.correct(note))


def catalogued(ev: Evidence) -> Judgement | None:
    for item in ev.catalogue:
        if isinstance(item.tree, Undefined) or isinstance(ev.answer, Undefined):
            if isinstance(item.tree, Undefined) and isinstance(ev.answer, Undefined):
                return Judgement(False, item.code, item.feedback)
            continue
        try:
            values = ev.values_of(item.tree)
        except (InputError, AnswerFails):
            continue
        if ev.same(ev.answer_values, values, ev.givens.tolerance):
            return Judgement(False, item.code, item.feedback)
    return None


def factor_order(ev: Evidence) -> Judgement | None:
    """The right factors in another order: a product transposed or inverted whose order
    was not (or only half) reversed, e.g. Z⁻¹ X⁻¹ Y⁻¹ for (X Y Z)⁻¹."""
    mine, right = product_factors(ev.answer), product_factors(ev.expected)
    if ev.concrete or mine is None or right is None:
        return None
    if len(mine) < 2 or mine == right or Counter(mine) != Counter(right):
        return None
    return Judgement(False, "misconception:factor-order", say.factor_order())


def product_factors(tree: Expr) -> tuple[Expr, ...] | None:
    """The factors of a product, with ``(X Y)ᵀ`` and ``(X Y)⁻¹`` expanded by the rules
    (``Yᵀ Xᵀ``, ``Y⁻¹ X⁻¹``); None for anything else."""
    if isinstance(tree, Mul):
        return tree.factors
    if isinstance(tree, Transpose | Inverse) and isinstance(tree.arg, Mul):
        wrap = type(tree)
        return tuple(wrap(f) for f in reversed(tree.arg.factors))
    return None


def shape_differs(ev: Evidence) -> Judgement | None:
    a0, e0 = ev.pairs[0]
    if a0.shape == e0.shape:
        return None
    if ev.agrees_with(_transposed):
        return Judgement(False, "transpose", say.transpose(e0.shape, _expected_shape(ev)))
    if ev.concrete:
        texts = _dims(a0.shape), _dims(e0.shape)
    else:
        texts = shape_text(ev.answer, ev.shapes), shape_text(ev.expected, ev.shapes)
    return Judgement(False, "wrong-shape", say.wrong_shape(*texts))


def transposed(ev: Evidence) -> Judgement | None:
    e0 = ev.pairs[0][1]
    if e0.shape[0] != e0.shape[1] or e0.size == 1:
        return None
    if ev.agrees_with(_transposed):
        return Judgement(False, "transpose", say.transpose(e0.shape, _expected_shape(ev)))
    return None


def _transposed(a: np.ndarray) -> np.ndarray:
    """A matrix transposed, or each matrix of a stack."""
    return np.swapaxes(a, -1, -2)


def sign(ev: Evidence) -> Judgement | None:
    if not any(e.any() for _, e in ev.batches):  # all zero
        return None
    if ev.agrees_with(np.negative):
        return Judgement(False, "sign", say.sign())
    return None


def factor(ev: Evidence) -> Judgement | None:
    c = common_factor(ev.pairs)
    if c is None:
        return None
    single_number = ev.concrete and ev.pairs[0][1].size == 1
    if single_number and not any(abs(abs(c) - f) < 1e-9 for f in SINGLE_NUMBER_FACTORS):
        return None
    return Judgement(False, "factor", say.factor(c), {"factor": say.factor_text(c)})


def symmetric_only(ev: Evidence) -> Judgement | None:
    """Right only if some square matrix were symmetric (re-evaluated with it so)."""
    if ev.concrete:
        return None
    candidates = [
        n
        for n in ev.names
        if ev.shapes[n].rows == ev.shapes[n].cols
        and ev.shapes[n] != SCALAR
        and not (ev.givens.assume.get(n, set()) & STRUCTURED)
    ]
    if not candidates:
        return None
    try:
        key = (draw_key(ev.givens, ev.shapes, ev.names), tuple(candidates))
        env, expected = _SYMMETRIC.get(
            ev.expected,
            key,
            lambda: _symmetric(ev, candidates),
            lambda drawn: drawn[1].size + sum(a.size for a in drawn[0].values()),
        )
        if not within(evaluate(ev.answer, env), expected, SYMBOLIC_RTOL):
            return None
    except InputError:
        return None
    used = ev.answer.names() | ev.expected.names()
    names = [n for n in candidates if n in used]
    return Judgement(False, "symmetric-only", say.symmetric_only(names)) if names else None


#: The expected answer at a point where the candidates are symmetric, by what draws it.
_SYMMETRIC = memo(64)


def _symmetric(ev: Evidence, candidates: list[str]) -> tuple[dict[str, np.ndarray], np.ndarray]:
    rng = np.random.default_rng(SEED + 1)
    sizes = dimension_sizes(ev.shapes.values(), rng)
    env = sample_env(
        ev.shapes, ev.givens.assume, rng, sizes, ev.names, symmetrize=candidates, count=3
    )
    expected = evaluate(ev.expected, env)
    for a in (expected, *env.values()):
        a.flags.writeable = False  # remembered and shared
    return env, expected


def elementwise_vs_matrix(ev: Evidence) -> Judgement | None:
    swapped = swap_products(ev.answer)
    if swapped != ev.answer and agrees(swapped, ev):
        return Judgement(False, "elementwise-vs-matrix", say.elementwise_vs_matrix())
    return None


def close(ev: Evidence) -> Judgement | None:
    gap = relative_gap(ev.batches)
    if gap <= CLOSE:
        return Judgement(False, "close", say.close(gap, ev.givens.tolerance))
    return None


def wrong(ev: Evidence) -> Judgement:
    a0, e0 = ev.pairs[0]
    if not ev.concrete or e0.size == 1:
        return Judgement(False, "wrong", say.wrong())
    mask = ev.right_mask(ev.answer_values, ev.expected_values, ev.givens.tolerance)[0]
    entries = [[int(i) + 1, int(j) + 1] for i, j in zip(*np.nonzero(~mask), strict=True)]
    details: dict[str, Any] = {"wrong_entries": entries}
    return Judgement(False, "wrong", say.wrong_entries(entries, e0.size), details)


#: The chain, most specific first.
RULES: tuple[Rule, ...] = (
    right,
    catalogued,
    factor_order,
    shape_differs,
    transposed,
    sign,
    factor,
    symmetric_only,
    elementwise_vs_matrix,
    close,
)


def judge(ev: Evidence) -> Judgement:
    for rule in RULES:
        found = rule(ev)
        if found is not None:
            return found
    return wrong(ev)


# ---- shared pieces -------------------------------------------------------------------


def agrees(candidate: Expr, ev: Evidence) -> bool:
    """Whether ``candidate`` is well formed and equal to the expected answer."""
    try:
        ShapeInference(ev.shapes).infer(candidate)
        values: Values = ev.values_of(candidate)
    except (InputError, AnswerFails):
        return False
    return all(within(a, e, SYMBOLIC_RTOL) for a, e in ev.batches_of(values))


def agrees_concrete_or_symbolic(
    candidate: Expr, expected: Expr, givens: Givens, shapes: dict[str, Shape]
) -> bool:
    """``agrees`` before there is any evidence (the answer itself could not be formed)."""
    try:
        ShapeInference(shapes).infer(candidate)
        if not (candidate.names() | expected.names()):
            return within(
                concrete_values(candidate, None).floats[0],
                concrete_values(expected, None).floats[0],
                SYMBOLIC_RTOL,
            )
        points = draw_points(expected, givens, shapes, sorted(shapes))
        answers = split(values_at(candidate, points))
        expected_values = split([e for _, e in points])
    except (InputError, AnswerFails):
        return False
    return all(within(a, e, SYMBOLIC_RTOL) for a, e in zip(answers, expected_values, strict=True))


def shape_text(tree: Expr, shapes: dict[str, Shape]) -> str:
    try:
        return str(ShapeInference(shapes).infer(tree))
    except InputError:
        return "?"


def _expected_shape(ev: Evidence) -> str | None:
    return None if ev.concrete else shape_text(ev.expected, ev.shapes)


def _dims(shape: tuple[int, ...]) -> str:
    return f"{shape[0]}×{shape[1]}"


def swap_products(tree: Expr) -> Expr:
    """Matrix products become elementwise ones and the reverse, to recognise an
    elementwise-vs-matrix mix-up (``σ(z) * (1 − σ(z)) * δ`` meant with ⊙). Numbers in a
    product stay scalar factors."""

    if not any(_swappable(node) for node in tree.walk()):
        return tree  # nothing to swap (rebuilding would give an equal tree)

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


def _swappable(node: Expr) -> bool:
    if isinstance(node, Hadamard):
        return True
    return isinstance(node, Mul) and sum(not isinstance(f, Num) for f in node.factors) >= 2
