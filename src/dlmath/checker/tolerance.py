"""When two values count as equal: one meaning of tolerance, with named constants.

Every comparison is entry by entry and relative to that entry (``[1e9, 1]`` is not
``[1e9, 2]``), with a floor for entries that are zero. A decimal typed by a learner is
judged by the decimals typed: right when it is the value correctly rounded and good to
about three significant figures.
"""

from __future__ import annotations

import numpy as np

#: Two evaluations of equal expressions agree to this (relative), at random points.
SYMBOLIC_RTOL = 1e-7
#: Floating-point noise, relative to the largest entry of a value: what cancellation
#: leaves where the exact entry is 0.
NOISE = 1e-12
#: A rounded decimal must be good to about three significant figures (``0.333`` for 1/3
#: is right, ``0.33`` only close).
ROUNDING_RTOL = 0.005
#: "Close": every entry within 5% of the right one.
CLOSE = 0.05
#: A constant factor must hold this well across every entry and point.
FACTOR_RTOL = 1e-6
#: A "factor" within this of 1 or -1 is not a factor: it is closeness (``1.015 x`` for
#: ``x`` is close, never "1.015 times the right answer"), or the sign.
NEAR_ONE = CLOSE
#: Entries smaller than this are treated as zero when dividing by them.
TINY = 1e-12


def within_mask(a: np.ndarray, e: np.ndarray, rtol: float) -> np.ndarray:
    """Which entries of ``a`` are within ``rtol`` of the same entry of ``e`` (relative),
    with an absolute floor of ``rtol/100`` or the rounding noise of ``e``, the larger.
    A stack of matrices (one per point) is a stack of masks, each matrix on its own scale."""
    if e.ndim == 3:
        size = np.abs(e)
        scales = np.maximum(size.max(axis=(1, 2), keepdims=True), 1.0)
        return np.abs(a - e) <= rtol * size + np.maximum(NOISE * scales, rtol / 100)
    scale = max(1.0, float(np.abs(e).max())) if e.size else 1.0
    floor = max(rtol / 100, NOISE * scale)
    return np.abs(a - e) <= rtol * np.abs(e) + floor


def within(a: np.ndarray, e: np.ndarray, rtol: float) -> bool:
    """``within_mask`` holds for every entry (and the shapes agree); matrices or stacks."""
    if a.shape != e.shape:
        return False
    if e.size == 1 or (e.ndim == 3 and e.shape[1:] == (1, 1)):
        # one number, or one per point: the same sums in Python floats, without NumPy's calls
        least = rtol / 100  # the least floor: a gap under it is within whatever the entry
        for x, y in zip(a.ravel().tolist(), e.ravel().tolist(), strict=True):
            gap = abs(x - y)
            if not (gap <= least or gap <= rtol * abs(y) + max(least, NOISE * max(1.0, abs(y)))):
                return False
        return True
    return bool(within_mask(a, e, rtol).all())


def rounded_mask(a: np.ndarray, e: np.ndarray, decimals: np.ndarray) -> np.ndarray:
    """Which entries are right to the decimals typed in them: an entry typed without
    decimals must be (numerically) exact; one typed with ``d`` decimals must be the value
    rounded to ``d`` places (half a unit in the last place) and good to ``ROUNDING_RTOL``."""
    gap = np.abs(a - e)
    exact = gap <= 1e-9 * np.maximum(np.abs(e), 1.0)
    typed = decimals >= 1
    rounded = gap <= 0.5 * 10.0 ** (-decimals.astype(float)) + TINY
    precise = gap <= ROUNDING_RTOL * np.abs(e) + TINY
    return exact | (typed & rounded & precise)


def relative_gap(pairs: list[tuple[np.ndarray, np.ndarray]]) -> float:
    """The largest gap of any entry, relative to that entry (pairs of matrices, or of
    stacks of them)."""
    worst = 0.0
    for a, e in pairs:
        if a.shape != e.shape:
            return float("inf")
        if e.size == 1:  # one number, as below without NumPy's calls
            x, y = float(a.item()), float(e.item())
            worst = max(worst, abs(x - y) / max(abs(y), TINY))
            continue
        gaps = np.abs(a - e) / np.maximum(np.abs(e), TINY)
        worst = max(worst, float(gaps.max()) if gaps.size else 0.0)
    return worst


def common_factor(pairs: list[tuple[np.ndarray, np.ndarray]]) -> float | None:
    """The constant ``c`` with answer = c · expected at every point, if there is one (and
    it is not 0, nor within ``NEAR_ONE`` of 1 or -1). The cheap conditions are asked
    first: most answers are no multiple, and their factors differ from point to point."""
    found: list[float] = []
    for a, e in pairs:
        if a.shape != e.shape:
            return None
        if e.size == 1:  # one number, as below without NumPy's calls
            x, y = float(a.item()), float(e.item())
            ee, ae = y * y, x * y
        else:
            ee, ae = float((e * e).sum()), float((a * e).sum())
        if ee < TINY:
            return None
        found.append(ae / ee)
    c = found[0]
    if any(abs(x - c) > FACTOR_RTOL * max(1.0, abs(c)) for x in found):
        return None
    if abs(c) < TINY or abs(abs(c) - 1) < NEAR_ONE:
        return None
    if not all(within(a, x * e, FACTOR_RTOL) for (a, e), x in zip(pairs, found, strict=True)):
        return None
    return c
