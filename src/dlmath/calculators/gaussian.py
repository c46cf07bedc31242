"""The multivariate Gaussian: its differential entropy ½ log det(2πeΣ) and the KL
divergence between two, with Σ checked symmetric positive definite."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from dlmath.calculators.refusal import CalculatorError
from dlmath.expr.notebook import NotebookDisplay, Row

MAX_DIMENSION = 50


@dataclass(frozen=True)
class GaussianReport(NotebookDisplay):
    dimension: int
    entropy_nats: float
    kl_nats: float | None = None

    def display_rows(self) -> list[Row]:
        rows: list[Row] = [("entropy", f"{self.entropy_nats:.6g} nats", False)]
        if self.kl_nats is not None:
            rows.append(("KL", f"{self.kl_nats:.6g} nats", False))
        return rows

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "dimension": self.dimension,
            "entropy": {"nats": self.entropy_nats, "bits": self.entropy_nats / math.log(2)},
        }
        if self.kl_nats is not None:
            out["kl"] = {"nats": self.kl_nats, "bits": self.kl_nats / math.log(2)}
        return out


def gaussian(mean: Any, cov: Any, other_mean: Any = None, other_cov: Any = None) -> GaussianReport:
    import numpy as np

    mu, sigma = _checked(mean, cov, "")
    log_det = np.linalg.slogdet(sigma)[1]
    k = mu.shape[0]
    entropy = 0.5 * (k * math.log(2 * math.pi * math.e) + log_det)
    if other_mean is None:
        return GaussianReport(k, float(entropy))
    mu1, sigma1 = _checked(other_mean, other_cov, "the second ")
    if mu1.shape != mu.shape:
        raise CalculatorError(f"the two means have {k} and {mu1.shape[0]} entries")
    inverse = np.linalg.inv(sigma1)
    d = mu1 - mu
    kl = 0.5 * (
        np.trace(inverse @ sigma) + d @ inverse @ d - k + np.linalg.slogdet(sigma1)[1] - log_det
    )
    return GaussianReport(k, float(entropy), float(kl))


def _checked(mean: Any, cov: Any, which: str) -> tuple[Any, Any]:
    import numpy as np

    mu = np.asarray(mean, dtype=float)
    sigma = np.asarray(cov, dtype=float)
    if mu.ndim != 2 or 1 not in mu.shape:
        raise CalculatorError(f"{which}mean must be a vector")
    mu = mu.ravel()
    k = mu.shape[0]
    if k > MAX_DIMENSION:
        raise CalculatorError(f"at most {MAX_DIMENSION} dimensions")
    if sigma.shape != (k, k):
        raise CalculatorError(
            f"{which}covariance must be {k}×{k} for a mean of {k} entries, "
            f"got {sigma.shape[0]}×{sigma.shape[1]}"
        )
    if not np.allclose(sigma, sigma.T, rtol=1e-12, atol=1e-12):
        raise CalculatorError(f"{which}covariance Σ is not symmetric")
    try:
        np.linalg.cholesky(sigma)
    except np.linalg.LinAlgError:
        raise CalculatorError(f"{which}covariance Σ is not positive definite") from None
    return mu, sigma
