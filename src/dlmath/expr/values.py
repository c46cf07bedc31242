"""What evaluation computes with: values are 2-D NumPy arrays (scalars 1×1, vectors n×1)
or stacks of them (one per random point), and ``Scaled`` for a multiple of ``I`` whose size
is not known yet. Kept apart from ``evaluate.py`` so that its helpers stay small."""

from __future__ import annotations

from typing import Any

import numpy as np

from dlmath.expr.errors import EvaluationError


class UnsizedIdentity(EvaluationError):
    """A multiple of ``I`` with nothing to take its size from."""

    def __init__(self) -> None:
        super().__init__("the size of I cannot be inferred here")


class Scaled:
    """``c·I`` with the size left open until it meets a matrix."""

    __slots__ = ("c",)

    def __init__(self, c: Any):
        self.c = c

    def __repr__(self) -> str:
        return f"{self.c}·I"


Value = np.ndarray | Scaled


def as_matrix(value: Any) -> np.ndarray:
    """An environment value as a 2-D float array: scalars 1×1, 1-D arrays as columns."""
    if isinstance(value, np.ndarray) and value.ndim >= 2 and _float64(value.dtype):
        return value  # a matrix, or a stack of matrices (one per point)
    arr = np.asarray(value, dtype=float)
    if arr.ndim == 0:
        return arr.reshape(1, 1)
    if arr.ndim == 1:
        return arr.reshape(-1, 1)
    return arr


_FLOAT64 = np.dtype(np.float64)


def _float64(dtype: np.dtype) -> bool:
    return dtype is _FLOAT64 or dtype == _FLOAT64  # the first test is the quick one


def rows_cols(a: np.ndarray) -> tuple[int, int]:
    """The matrix shape of a value; a leading axis, if any, numbers the points of a batch."""
    return a.shape[-2], a.shape[-1]


def is_scalar(a: np.ndarray) -> bool:
    return a.shape[-2:] == (1, 1)


def dims_text(a: np.ndarray) -> str:
    r, c = rows_cols(a)
    return f"{r}×{c}"
