"""Solving a ``Program`` with SciPy (HiGHS for a linear program, SLSQP otherwise), then
certifying the answer: Lagrange multipliers and the KKT residuals (stationarity, primal
and dual feasibility, complementary slackness), the dual value and the gap. SciPy is
imported here, on first use only."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from dlmath.calculators.program import Program
from dlmath.calculators.refusal import CalculatorError
from dlmath.expr.errors import InputError
from dlmath.expr.notebook import NotebookDisplay, Row

#: Values past this are read as "the objective goes to −∞".
UNBOUNDED = 1e9
FEASIBILITY_TOLERANCE = 1e-6


@dataclass
class Solution(NotebookDisplay):
    status: str  # optimal, infeasible, unbounded, failed
    kind: str = ""  # LP, QP or NLP
    value: float | None = None
    x: dict[str, Any] = field(default_factory=dict)
    multipliers: list[dict[str, Any]] = field(default_factory=list)
    dual_value: float | None = None
    gap: float | None = None
    kkt: dict[str, float] = field(default_factory=dict)
    message: str = ""

    def display_rows(self) -> list[Row]:
        rows: list[Row] = [("status", f"{self.status} ({self.kind})", False)]
        if self.status != "optimal":
            return [*rows, ("", self.message, False)]
        rows.append(("minimum", f"{self.value:.8g}", False))
        rows += [(name, str(value), False) for name, value in self.x.items()]
        rows += [
            (f"{m['kind'][0]}: {m['constraint']}", f"{m['value']:.6g}", False)
            for m in self.multipliers
        ]
        return [*rows, *((f"KKT {k}", f"{v:.2g}", False) for k, v in self.kkt.items())]

    def to_json(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "kind": self.kind,
            "value": self.value,
            "x": self.x,
            "multipliers": self.multipliers,
            "dual_value": self.dual_value,
            "gap": self.gap,
            "kkt": self.kkt,
            "message": self.message,
        }


class _Functions:
    """f, g, h of a program as float functions of the flat vector, with central-difference
    gradients (exact for the linear and quadratic problems this is for, up to rounding)."""

    def __init__(self, program: Program):
        self.program = program
        self.ineq = [c for c in program.constraints if c.kind == "ineq"]
        self.eq = [c for c in program.constraints if c.kind == "eq"]

    def value(self, e: Any, z: Any) -> float:
        from dlmath.expr.evaluate import evaluate

        try:
            return float(evaluate(e, self.program.env(z))[0, 0])
        except InputError as error:
            raise CalculatorError(f"cannot evaluate at x = {list(z)}: {error.message}") from None

    def gradient(self, e: Any, z: Any) -> Any:
        import numpy as np

        out = np.zeros(len(z))
        for i in range(len(z)):
            step = 1e-5 * max(1.0, abs(z[i]))
            up, down = z.copy(), z.copy()
            up[i] += step
            down[i] -= step
            out[i] = (self.value(e, up) - self.value(e, down)) / (2 * step)
        return out

    def is_affine(self, e: Any, points: Any) -> bool:
        """Affine when its gradient is the same at every test point."""
        import numpy as np

        first = self.gradient(e, points[0])
        scale = 1 + np.abs(first).max()
        return all(np.allclose(self.gradient(e, p), first, atol=1e-6 * scale) for p in points[1:])


def solve(program: Program) -> Solution:
    import numpy as np

    fns = _Functions(program)
    n = program.dimension
    rng = np.random.default_rng(0)
    drawn = [rng.normal(size=n) * 3 for _ in range(3)]
    points = [*drawn, *(-p for p in drawn)]  # opposite points expose |x| and max(x, 0)
    linear = fns.is_affine(program.objective, points) and all(
        fns.is_affine(c.g, points) for c in program.constraints
    )
    if linear:
        solution = _linear(fns, n)
        if solution.status != "optimal" or _affine_at(fns, solution, points):
            return solution
    affine_constraints = all(fns.is_affine(c.g, points) for c in program.constraints)
    quadratic = affine_constraints and _quadratic(fns, points)
    return _nonlinear(fns, n, "QP" if quadratic else "NLP")


def _affine_at(fns: _Functions, solution: Solution, points: list[Any]) -> bool:
    """The LP model still holds at the optimum found (a kink there means it was not an LP)."""
    import numpy as np

    at = np.concatenate([np.ravel(v) for v in solution.x.values()]).astype(float)
    return all(
        fns.is_affine(e, [points[0], at])
        for e in [fns.program.objective, *(c.g for c in fns.program.constraints)]
    )


def _quadratic(fns: _Functions, points: list[Any]) -> bool:
    """A quadratic objective has an affine gradient: ∇f(p + q) − ∇f(0) = (∇f(p) − ∇f(0)) +
    (∇f(q) − ∇f(0)) for every p, q."""
    import numpy as np

    f = fns.program.objective
    base = fns.gradient(f, np.zeros(len(points[0])))
    p, q = points[0], points[1]
    left = fns.gradient(f, p + q) - base
    right = fns.gradient(f, p) + fns.gradient(f, q) - 2 * base
    return bool(np.allclose(left, right, atol=1e-5 * (1 + np.abs(right).max())))


def _linear(fns: _Functions, n: int) -> Solution:
    import numpy as np
    from scipy.optimize import linprog

    zero = np.zeros(n)
    c = fns.gradient(fns.program.objective, zero)
    a_ub = np.array([fns.gradient(k.g, zero) for k in fns.ineq]).reshape(-1, n)
    b_ub = np.array([-fns.value(k.g, zero) for k in fns.ineq])
    a_eq = np.array([fns.gradient(k.g, zero) for k in fns.eq]).reshape(-1, n)
    b_eq = np.array([-fns.value(k.g, zero) for k in fns.eq])
    res = linprog(
        c,
        A_ub=a_ub if len(b_ub) else None,
        b_ub=b_ub if len(b_ub) else None,
        A_eq=a_eq if len(b_eq) else None,
        b_eq=b_eq if len(b_eq) else None,
        bounds=[(None, None)] * n,
        method="highs",
    )
    if res.status == 2:
        return Solution("infeasible", "LP", message="no x satisfies every constraint")
    if res.status == 3:
        return Solution("unbounded", "LP", message="the objective decreases without bound")
    if res.status != 0:
        return Solution("failed", "LP", message=str(res.message))
    lam = -np.asarray(res.ineqlin.marginals) if len(b_ub) else np.zeros(0)
    nu = -np.asarray(res.eqlin.marginals) if len(b_eq) else np.zeros(0)
    return _certified(fns, np.asarray(res.x), lam, nu, "LP")


def _nonlinear(fns: _Functions, n: int, kind: str) -> Solution:
    import numpy as np
    from scipy.optimize import lsq_linear, minimize

    f = fns.program.objective
    constraints = [{"type": "ineq", "fun": (lambda z, g=k.g: -fns.value(g, z))} for k in fns.ineq]
    constraints += [{"type": "eq", "fun": (lambda z, h=k.g: fns.value(h, z))} for k in fns.eq]
    res = minimize(
        lambda z: fns.value(f, z),
        np.zeros(n),
        jac=lambda z: fns.gradient(f, z),
        method="SLSQP",
        constraints=constraints,
        options={"maxiter": 500, "ftol": 1e-12},
    )
    z = np.asarray(res.x)
    g = np.array([fns.value(k.g, z) for k in fns.ineq])
    h = np.array([fns.value(k.g, z) for k in fns.eq])
    infeasible = max([0.0, *g.tolist(), *np.abs(h).tolist()])
    if res.status == 4 or infeasible > FEASIBILITY_TOLERANCE * 100:
        return Solution("infeasible", kind, message=f"no feasible x found ({res.message})")
    if res.fun < -UNBOUNDED or np.abs(z).max() > UNBOUNDED:
        return Solution("unbounded", kind, message="the objective decreases without bound")
    if not res.success:
        return Solution("failed", kind, message=str(res.message))
    # multipliers: the least-squares solution of stationarity, λ ≥ 0 on the active set
    grads = [fns.gradient(k.g, z) for k in fns.ineq] + [fns.gradient(k.g, z) for k in fns.eq]
    m_ineq = len(fns.ineq)
    active = [i for i in range(m_ineq) if g[i] > -1e-6] + list(range(m_ineq, len(grads)))
    lam, nu = np.zeros(m_ineq), np.zeros(len(fns.eq))
    if active:
        matrix = np.array([grads[i] for i in active]).T
        lower = [0.0 if i < m_ineq else -np.inf for i in active]
        fit = lsq_linear(matrix, -fns.gradient(f, z), bounds=(lower, np.inf))
        for i, value in zip(active, fit.x, strict=True):
            if i < m_ineq:
                lam[i] = value
            else:
                nu[i - m_ineq] = value
    return _certified(fns, z, lam, nu, kind)


def _certified(fns: _Functions, z: Any, lam: Any, nu: Any, kind: str) -> Solution:
    """The KKT residuals of (x, λ, ν): each is 0 at an exact optimum of a convex problem."""
    import numpy as np

    f = fns.program.objective
    g = np.array([fns.value(k.g, z) for k in fns.ineq])
    h = np.array([fns.value(k.g, z) for k in fns.eq])
    grad = fns.gradient(f, z)
    for weight, k in zip(lam, fns.ineq, strict=True):
        grad = grad + weight * fns.gradient(k.g, z)
    for weight, k in zip(nu, fns.eq, strict=True):
        grad = grad + weight * fns.gradient(k.g, z)
    value = fns.value(f, z)
    lagrangian = value + float(lam @ g if len(g) else 0.0) + float(nu @ h if len(h) else 0.0)
    kkt = {
        "stationarity": float(np.abs(grad).max()) if len(grad) else 0.0,
        "primal_feasibility": float(max([0.0, *g.tolist(), *np.abs(h).tolist()])),
        "dual_feasibility": float(max([0.0, *(-lam).tolist()])),
        "complementary_slackness": float(np.abs(lam * g).max()) if len(g) else 0.0,
    }
    multipliers = [
        {"constraint": k.text, "kind": "λ (≥ 0)", "value": float(v)}
        for k, v in zip(fns.ineq, lam, strict=True)
    ] + [
        {"constraint": k.text, "kind": "ν", "value": float(v)}
        for k, v in zip(fns.eq, nu, strict=True)
    ]
    return Solution(
        "optimal",
        kind,
        value,
        fns.program.unflatten(z),
        multipliers,
        lagrangian,
        value - lagrangian,
        kkt,
    )
