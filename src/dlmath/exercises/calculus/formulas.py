"""Random scalar formulas for the calculus generators, and tests of their distinctness.

Every draw comes from the NumPy ``Generator`` passed in, so an exercise id always gives
the same formula. "Centred" arguments vanish at a chosen point, so that exp, log, sin,
cos, tanh and sigmoid take rational values there and answers at a point stay exact.
"""

from __future__ import annotations

from fractions import Fraction
from typing import TYPE_CHECKING

from dlmath.exercises.base import Misconception
from dlmath.exercises.calculus.term_calculus import exact_value, value
from dlmath.exercises.calculus.terms import (
    ONE,
    FormulaTree,
    Var,
    add,
    call,
    depends,
    mul,
    num,
    power,
    variable_names,
)

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np


def nonzero(rng: np.random.Generator, low: int, high: int) -> int:
    """An integer in [low, high] other than 0."""
    choices = [v for v in range(low, high + 1) if v != 0]
    return int(choices[int(rng.integers(len(choices)))])


def pick(rng: np.random.Generator, options: list | tuple):
    return options[int(rng.integers(len(options)))]


def monomial(
    rng: np.random.Generator, names: list[str], degrees: list[int], coef: int
) -> FormulaTree:
    """coef * prod name_i ^ degree_i."""
    return mul(num(coef), *[power(Var(n), d) for n, d in zip(names, degrees, strict=True)])


def polynomial(
    rng: np.random.Generator, names: list[str], terms: int, max_degree: int, coef: int = 5
) -> FormulaTree:
    """A sum of ``terms`` distinct monomials, each of total degree 1..max_degree."""
    seen: set[tuple[int, ...]] = set()
    parts = []
    while len(parts) < terms:
        degrees = tuple(int(d) for d in rng.integers(0, max_degree + 1, size=len(names)))
        if not 0 < sum(degrees) <= max_degree or degrees in seen:
            continue
        seen.add(degrees)
        parts.append(monomial(rng, names, list(degrees), nonzero(rng, -coef, coef)))
    return add(*parts)


def centred(inner: FormulaTree, point: dict[str, Fraction] | None, shift: int = 0) -> FormulaTree:
    """``inner - inner(point) + shift``: an argument equal to ``shift`` at the point."""
    if point is None:
        return add(inner, num(shift)) if shift else inner
    at = exact_value(inner, point)
    assert at is not None
    return add(inner, num(shift - at))


def apply_centred(func: str, inner: FormulaTree, point: dict[str, Fraction] | None) -> FormulaTree:
    """func(inner), with the argument moved so the value at ``point`` is rational.

    Without a point, log gets 1 + inner² so that it is defined everywhere.
    """
    if func == "log":
        return call("log", centred(inner, point, 1) if point else add(ONE, power(inner, 2)))
    return call(func, centred(inner, point))


def sample_points(names: list[str], positive: set[str], count: int = 5) -> list[dict[str, float]]:
    """Fixed pseudo-random points (positive where a name must be), away from 0.

    A private generator with a fixed seed: comparing two formulas must not consume
    draws from the exercise's own generator.
    """
    import numpy as np

    rng = np.random.default_rng(20240601)
    points = []
    for _ in range(count):
        point = {}
        for n in names:
            v = float(rng.uniform(0.3, 2.0))
            point[n] = v if n in positive or rng.random() < 0.5 else -v
        points.append(point)
    return points


def same_function(a: FormulaTree, b: FormulaTree, points: list[dict[str, float]]) -> bool:
    """Do two formulas agree at all the points (relative 1e-9)? Undefined counts as same."""
    for point in points:
        try:
            va, vb = value(a, point), value(b, point)
        except (ValueError, ZeroDivisionError, OverflowError):
            return True
        if abs(va - vb) > 1e-9 * max(1.0, abs(va), abs(vb)):
            return False
    return True


def draw_multivariable(
    rng: np.random.Generator,
    names: list[str],
    difficulty: int,
    point: dict[str, Fraction] | None = None,
) -> tuple[FormulaTree, set[str]]:
    """f(names...) for the gradient, Hessian and partial-derivative skills.

    Returns the function and the names that must be positive (under a log). With a
    ``point``, transcendental arguments are centred there so values stay rational.
    """
    if difficulty == 1:
        while True:
            f = polynomial(rng, names, len(names) + 1, 3)
            mixed = any(len(variable_names(t)) > 1 for t in getattr(f, "terms", (f,)))
            if mixed and all(depends(f, n) for n in names):
                return f, set()
    base = polynomial(rng, names, 2 if difficulty == 2 else 1, 3)
    pair = [names[i] for i in sorted(rng.choice(len(names), size=2, replace=False))]
    inner = monomial(rng, pair, [int(rng.integers(1, 3)), 1], nonzero(rng, -2, 2))
    positive: set[str] = set()
    if difficulty == 2:
        if rng.random() < 0.25 and point is None:
            left, right = pair
            term = mul(num(nonzero(rng, -3, 3)), power(Var(left), int(rng.integers(1, 3))))
            positive.add(right)
            f = add(base, mul(term, call("log", Var(right))))
        else:
            func = pick(rng, ("exp", "sin", "cos"))
            f = add(base, mul(num(nonzero(rng, -3, 3)), apply_centred(func, inner, point)))
    else:
        func = pick(rng, ("exp", "sin", "cos", "tanh", "sigmoid", "log"))
        outside = Var(pick(rng, names))
        factor = mul(num(nonzero(rng, -3, 3)), outside)
        f = add(base, mul(factor, apply_centred(func, inner, point)))
    missing = [n for n in names if not depends(f, n)]
    if missing:
        f = add(f, mul(num(nonzero(rng, -4, 4)), *[Var(n) for n in missing]))
    return f, positive


def distinct_misconceptions(mistakes: list[Misconception], expected: str) -> list[Misconception]:
    """One misconception per wrong answer, none equal to the expected text."""
    seen = {expected}
    out = []
    for m in mistakes:
        if m.answer not in seen:
            seen.add(m.answer)
            out.append(m)
    return out
