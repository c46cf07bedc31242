"""Random points for comparing expressions: values drawn from each name's declared shape
and assumptions, with distinct sizes for symbolic dimensions.

Drawing from the declared domain (positive, probability, spd, ...) is what keeps
``log``/``sqrt``/inverses evaluable, the failure WeBWorK is known for.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from dlmath.expr.declarations import ASSUMPTIONS, normalize_assumption
from dlmath.expr.shapes import Free, Shape

__all__ = ["ASSUMPTIONS", "normalize_assumption", "sample_env", "sample_value"]


def dimension_sizes(shapes: Iterable[Shape], rng: np.random.Generator) -> dict[str, int]:
    """Distinct sizes 2..7 for the symbolic dimensions, so a transposed answer shows."""
    symbols = sorted(
        {
            factor
            for s in shapes
            for d in (s.rows, s.cols)
            if isinstance(d, str)
            for factor in d.split("·")
            if not factor.isdigit()
        }
    )
    if not symbols:
        return {}
    sizes = rng.permutation(np.arange(2, 8))[: len(symbols)]
    if len(symbols) > len(sizes):  # more symbols than distinct small sizes
        sizes = rng.permutation(np.arange(2, 2 + len(symbols)))
    return {s: int(n) for s, n in zip(symbols, sizes, strict=False)}


def concrete(shape: Shape, sizes: dict[str, int]) -> tuple[int, int]:
    def dim(d: object) -> int:
        if isinstance(d, int):
            return d
        if isinstance(d, Free):
            raise ValueError("free dimension")
        if d in sizes:
            return sizes[d]
        # a product of dimensions, like "m·n" from a Kronecker product
        total = 1
        for factor in str(d).split("·"):
            total *= int(factor) if factor.isdigit() else sizes[factor]
        return total

    return dim(shape.rows), dim(shape.cols)


def sample_value(
    rows: int,
    cols: int,
    props: set[str],
    rng: np.random.Generator,
    positive_fallback: bool = False,
) -> np.ndarray:
    """One random value of the given size honouring the assumptions ``props``."""
    square = rows == cols
    if "one-hot" in props:
        out = np.zeros((rows, cols))
        out.flat[rng.integers(out.size)] = 1.0
        return out
    if "probability" in props:
        raw = rng.uniform(0.2, 1.0, size=(rows, cols))
        return raw / raw.sum()
    if "orthogonal" in props and square:
        if "symmetric" in props:
            v = rng.normal(size=(rows, 1))
            return np.eye(rows) - 2 * (v @ v.T) / float(v.T @ v)
        q, r = np.linalg.qr(rng.normal(size=(rows, rows)))
        return q * np.sign(np.diag(r))
    if "diagonal" in props and square:
        entries = rng.uniform(0.5, 2.0, size=rows)
        if not ({"spd", "positive"} & props or positive_fallback):
            entries *= rng.choice([-1.0, 1.0], size=rows)
        return np.diag(entries)
    if "spd" in props and square:
        m = rng.normal(size=(rows, rows))
        return m @ m.T + rows * np.eye(rows)
    if "positive" in props or positive_fallback:
        out = rng.uniform(0.5, 2.0, size=(rows, cols))
        if "symmetric" in props and square:
            out = (out + out.T) / 2
        return out
    m = rng.normal(size=(rows, cols))
    if "symmetric" in props and square:
        m = (m + m.T) / 2
    if square and rows > 1:
        # keep it comfortably invertible, so inverses compare well (det is cheaper than cond)
        while abs(np.linalg.det(m)) < 0.25 * rows:
            m = m + np.eye(rows) * rng.choice([-1.0, 1.0])
    elif square:
        while abs(m[0, 0]) < 0.3:
            m = rng.normal(size=(1, 1))
    return m


def sample_env(
    shapes: dict[str, Shape],
    assume: dict[str, set[str]],
    rng: np.random.Generator,
    sizes: dict[str, int],
    names: Iterable[str],
    positive_fallback: bool = False,
    symmetrize: Iterable[str] = (),
    count: int | None = None,
) -> dict[str, np.ndarray]:
    """A random value for each name; ``symmetrize`` adds 'symmetric' to those names.
    With ``count``, each value is a stack of ``count`` draws (one per point)."""
    extra = set(symmetrize)
    env = {}
    for name in sorted(set(names)):
        shape = shapes.get(name, Shape(1, 1))
        rows, cols = concrete(shape, sizes)
        props = set(assume.get(name, set()))
        if name in extra:
            props.add("symmetric")
        if count is None:
            env[name] = sample_value(rows, cols, props, rng, positive_fallback)
        elif not props and not positive_fallback and rows != cols:
            env[name] = rng.normal(size=(count, rows, cols))  # the common case, in one draw
        else:
            draws = [sample_value(rows, cols, props, rng, positive_fallback) for _ in range(count)]
            env[name] = np.stack(draws)
    return env
