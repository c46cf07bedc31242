"""The hard-margin linear SVM through its dual: maximise Σα − ½ Σ αᵢαⱼyᵢyⱼ xᵢᵀxⱼ subject to
α ≥ 0 and Σ αᵢyᵢ = 0; then w = Σ αᵢyᵢxᵢ, b from the support vectors, margin 2/‖w‖."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dlmath.calculators.decision_tree import MAX_BYTES, read_table
from dlmath.calculators.numbers import read_number
from dlmath.calculators.refusal import CalculatorError
from dlmath.expr.notebook import NotebookDisplay, Row

MAX_POINTS = 200
SUPPORT = 1e-6


@dataclass(frozen=True)
class SvmResult(NotebookDisplay):
    alpha: list[float]
    w: list[float]
    b: float
    margin: float
    support: list[int]  # 1-based data rows
    dual_value: float

    def display_rows(self) -> list[Row]:
        return [("", line, False) for line in self.lines()]

    def to_json(self) -> dict[str, Any]:
        return {
            "status": "optimal",
            "w": self.w,
            "b": self.b,
            "margin": self.margin,
            "support_vectors": self.support,
            "alpha": self.alpha,
            "dual_value": self.dual_value,
        }

    def lines(self) -> list[str]:
        w = ", ".join(f"{v:.6g}" for v in self.w)
        return [
            f"w = [{w}], b = {self.b:.6g}",
            f"margin 2/‖w‖ = {self.margin:.6g}",
            "support vectors (data rows): " + ", ".join(str(i) for i in self.support),
            f"dual value Σα − ½ αᵀQα = {self.dual_value:.6g} (= ½‖w‖² at the optimum)",
        ]


def read_labelled(path: Path, target: str) -> tuple[list[list[float]], list[float]]:
    try:
        with path.open("rb") as handle:
            table = read_table(handle.read(MAX_BYTES + 1))
    except OSError as error:
        raise CalculatorError(f"cannot read {path}: {error.strerror}") from None
    if target not in table.header:
        raise CalculatorError(f"no column {target!r}; the columns are {', '.join(table.header)}")
    if len(table.rows) > MAX_POINTS:
        raise CalculatorError(f"at most {MAX_POINTS} points for the SVM")
    features = [c for c in table.header if c != target]
    if not features:
        raise CalculatorError("the table has no feature columns")
    xs = [
        [
            float(read_number(v, f"column {c}"))
            for c, v in zip(table.header, row, strict=True)
            if c != target
        ]
        for row in table.rows
    ]
    ys = [float(read_number(v, f"column {target}")) for v in table.column(target)]
    if any(y not in (-1.0, 1.0) for y in ys):
        raise CalculatorError(f"the labels in {target!r} must be 1 or -1")
    if len(set(ys)) < 2:
        raise CalculatorError("the SVM needs points of both classes")
    return xs, ys


def linear_svm(xs: list[list[float]], ys: list[float]) -> SvmResult:
    import numpy as np
    from scipy.optimize import minimize

    x, y = np.array(xs), np.array(ys)
    q = (y[:, None] * x) @ (y[:, None] * x).T
    n = len(y)
    res = minimize(
        lambda a: 0.5 * a @ q @ a - a.sum(),
        np.zeros(n),
        jac=lambda a: q @ a - 1,
        method="SLSQP",
        bounds=[(0, None)] * n,
        constraints=[{"type": "eq", "fun": lambda a: a @ y, "jac": lambda a: y}],
        options={"maxiter": 1000, "ftol": 1e-14},
    )
    alpha = np.asarray(res.x)
    if not res.success or alpha.sum() > 1e8:
        raise CalculatorError("the classes are not linearly separable (the dual is unbounded)")
    w = (alpha * y) @ x
    support = [int(i) for i in np.flatnonzero(alpha > SUPPORT * max(1.0, alpha.max()))]
    b = float(np.mean([y[i] - w @ x[i] for i in support]))
    if np.any(y * (x @ w + b) < 1 - 1e-4):
        raise CalculatorError("the classes are not linearly separable (no hard margin)")
    return SvmResult(
        [float(a) for a in alpha],
        [float(v) for v in w],
        b,
        float(2 / np.linalg.norm(w)),
        [i + 1 for i in support],
        float(alpha.sum() - 0.5 * alpha @ q @ alpha),
    )
