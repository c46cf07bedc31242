"""Optimization problems (Kolter, Convex Optimization Overview, section 4): unconstrained
optima of quadratics and polynomials, whether a problem is convex, optimal values of tiny
convex problems, and the special classes LP, QP, QCQP, SDP with 2-variable LPs solved at
a vertex.

Everything is exact: minimisers by Fraction elimination, LP vertices by enumerating the
intersections of constraint lines, optimal values of projections in closed form.
"""

from __future__ import annotations

from fractions import Fraction
from itertools import combinations
from math import isqrt
from typing import TYPE_CHECKING

from dlmath.exercises.base import Draft, Generator, Misconception
from dlmath.exercises.layout import named_grids
from dlmath.exercises.optimization.convex_terms import (
    Matrix,
    catalogue,
    combo,
    dedupe,
    definiteness,
    det,
    draw_int,
    draw_nonzero,
    inverse,
    json_matrix,
    json_number,
    lx,
    mat_vec,
    names_of,
    pick,
    poly_text,
    poly_tree,
    t,
)
from dlmath.exercises.registry import register
from dlmath.expr.literals import latex_matrix, vector_text

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np

F = Fraction
Poly = dict[tuple[int, ...], Fraction]


def _padd(*polys: Poly) -> Poly:
    out: Poly = {}
    for p in polys:
        for k, c in p.items():
            out[k] = out.get(k, F(0)) + c
    return {k: c for k, c in out.items() if c}


def _pmul(p: Poly, q: Poly) -> Poly:
    out: Poly = {}
    for k1, c1 in p.items():
        for k2, c2 in q.items():
            k = tuple(a + b for a, b in zip(k1, k2, strict=True))
            out[k] = out.get(k, F(0)) + c1 * c2
    return {k: c for k, c in out.items() if c}


def _pscale(p: Poly, c) -> Poly:
    return {k: F(c) * v for k, v in p.items() if c}


def _shifted(i: int, x0, n: int = 2) -> Poly:
    """x_i − x0 as a polynomial."""
    e = [0] * n
    e[i] = 1
    return _padd({tuple(e): F(1)}, {(0,) * n: F(-x0)})


def _ratio_to_root(num: int, square: int) -> str:
    """num/√square as input text, exact when the root is an integer."""
    root = isqrt(square)
    return t(F(num, root)) if root * root == square else f"{num}/sqrt({square})"


def _vector_latex(v) -> str:
    return latex_matrix([[x] for x in v])


def _dedupe_values(expected: str, items: list[Misconception]) -> list[Misconception]:
    return dedupe(expected, items, key=lambda s: s.replace(" ", ""))


# ---------------------------------------------------------------------------------------
# optimization.unconstrained-optima
# ---------------------------------------------------------------------------------------

STATIONARY_CHOICES = ["minimum", "maximum", "saddle point"]


def _spd(rng: np.random.Generator, n: int, even_diagonal: bool) -> Matrix:
    while True:
        a = [[F(0)] * n for _ in range(n)]
        for i in range(n):
            a[i][i] = F(pick(rng, [2, 4]) if even_diagonal else draw_int(rng, 1, 4))
            for j in range(i + 1, n):
                a[i][j] = a[j][i] = F(draw_int(rng, -2, 2))
        if definiteness(a) == "positive definite" and det(a) <= 24:
            return a


@register
class UnconstrainedOptima(Generator):
    """Minimisers x* = A⁻¹b of f(x) = ½xᵀAx − bᵀx + c (A positive definite, exact
    fractions), and stationary points of two-variable polynomials classified by the
    Hessian (a saddle with same-sign diagonal entries at difficulty 3)."""

    skill = "optimization.unconstrained-optima"
    version = 1

    def generate(self, rng: np.random.Generator, difficulty: int) -> Draft:
        if rng.random() < 0.5:
            return self._minimiser(rng, difficulty)
        return self._classify(rng, difficulty)

    def _minimiser(self, rng, difficulty) -> Draft:
        n = 3 if difficulty == 3 else 2
        expanded = difficulty == 2 or (difficulty == 3 and rng.random() < 0.5)
        a = _spd(rng, n, even_diagonal=expanded)
        b = [F(draw_int(rng, -4, 4)) for _ in range(n)]
        if not any(b):
            b[0] = F(1)
        c = draw_int(rng, -3, 3)
        x = mat_vec(inverse(a), b)
        coeffs: dict[tuple[int, ...], Fraction] = {}
        for i in range(n):
            for j in range(i, n):
                e = [0] * n
                e[i] += 1
                e[j] += 1
                coeffs[tuple(e)] = a[i][j] / 2 if i == j else a[i][j]
            e = [0] * n
            e[i] = 1
            coeffs[tuple(e)] = -b[i]
        coeffs[(0,) * n] = F(c)
        coeffs = {k: v for k, v in coeffs.items() if v}
        expected = vector_text(x)
        wrong = [
            Misconception(
                "misconception:sign-of-b",
                vector_text([-v for v in x]),
                "∇f(x) = Ax − b, so ∇f = 0 gives Ax = b and x* = A⁻¹b: the minus sign in −bᵀx "
                "does not carry over.",
            ),
            Misconception(
                "misconception:multiplied-by-A",
                vector_text(mat_vec(a, b)),
                "Solve Ax = b: x* = A⁻¹b, not Ab.",
            ),
        ]
        if expanded:
            wrong.append(
                Misconception(
                    "misconception:half-factor",
                    vector_text([2 * v for v in x]),
                    "The Hessian of f is A, twice the matrix of the quadratic terms: "
                    "∂/∂x of a·x² is 2a·x.",
                )
            )
        names_t, names_l = names_of(n, False), names_of(n, True)
        if expanded:
            f_l = poly_text(coeffs, names_l, True)
            stated_l = f"$$f(x) = {f_l}$$"
            stated_t = f"    f(x) = {poly_text(coeffs, names_t)}"
            first = (
                f"Write $f = \\tfrac12 x^T A x - b^T x + {c}$: $A = {latex_matrix(a)}$ (the "
                f"Hessian) and $b = {_vector_latex(b)}$."
            )
        else:
            stated_l = (
                f"$$f(x) = \\tfrac12 x^T A x - b^T x + {c}, \\quad A = {latex_matrix(a)}, "
                f"\\quad b = {_vector_latex(b)}$$"
            )
            stated_t = f"    f(x) = ½ xᵀAx − bᵀx + {c}\n\n" + named_grids(
                [("A", a), ("b", [[v] for v in b])]
            )
            minors = ", ".join(lx(det([r[:k] for r in a[:k]])) for k in range(1, n + 1))
            first = (
                f"$A$ is positive definite (leading minors ${minors}$ all positive), so $f$ is "
                "strictly convex."
            )
        ask = "Find the minimiser x* of f (a vector of exact fractions, like [1/2, -3])."
        return Draft(
            prompt=f"{ask.replace('x*', '$x^*$')}\n\n{stated_l}",
            text=f"{ask}\n\n{stated_t}",
            kind="matrix",
            expected=expected,
            data={
                "form": "minimiser",
                "A": json_matrix(a),
                "b": [json_number(v) for v in b],
                "c": c,
                "tree": poly_tree(coeffs),
                "n": n,
            },
            hints=[
                "Set the gradient to zero: ∇f(x) = Ax − b.",
                "Solve the linear system Ax = b (A is positive definite, so the stationary point "
                "is the unique minimiser).",
            ],
            solution="\n\n".join(
                [
                    first,
                    "$\\nabla f(x) = Ax - b = 0$, so $x^* = A^{-1} b$.",
                    f"$$A^{{-1}} = {latex_matrix(inverse(a))}, \\quad x^* = A^{{-1}}b = "
                    f"{_vector_latex(x)}$$",
                ]
            ),
            misconceptions=_dedupe_values(expected, wrong),
            shapes={},
        )

    def _classify(self, rng, difficulty) -> Draft:
        target = pick(
            rng,
            {
                1: ["minimum", "maximum", "saddle point"],
                2: ["minimum", "maximum", "saddle point"],
                3: ["trap", "trap", "minimum", "maximum"],
            }[difficulty],
        )
        while True:
            a, b, c = draw_nonzero(rng, -3, 3), draw_int(rng, -4, 4), draw_nonzero(rng, -3, 3)
            d = 4 * a * c - b * b
            if d == 0:
                continue
            got = "saddle point" if d < 0 else ("minimum" if a > 0 else "maximum")
            if target == "trap":
                if got == "saddle point" and a * c > 0:
                    break
            elif got == target:
                break
        x0, y0 = draw_int(rng, -2, 2), draw_int(rng, -2, 2)
        u, v = _shifted(0, x0), _shifted(1, y0)
        poly = _padd(_pscale(_pmul(u, u), a), _pscale(_pmul(u, v), b), _pscale(_pmul(v, v), c))
        if difficulty > 1:
            poly = _padd(poly, _pscale(_pmul(_pmul(u, u), u), draw_nonzero(rng, -1, 1)))
        poly = _padd(poly, {(0, 0): F(draw_int(rng, -3, 3))})
        h = [[F(2 * a), F(b)], [F(b), F(2 * c)]]
        expected = "saddle point" if d < 0 else ("minimum" if a > 0 else "maximum")
        wrong = []
        by_diagonal = "minimum" if a > 0 and c > 0 else "maximum" if a < 0 and c < 0 else None
        if by_diagonal and by_diagonal != expected:
            wrong.append(
                Misconception(
                    "misconception:diagonal-only",
                    by_diagonal,
                    "Both diagonal entries of the Hessian have the same sign, but its determinant "
                    "is negative: the eigenvalues have opposite signs, so it is a saddle point.",
                )
            )
        elif expected != "saddle point":
            wrong.append(
                Misconception(
                    "misconception:max-min-swapped",
                    "maximum" if expected == "minimum" else "minimum",
                    "A positive definite Hessian means the function curves up in every "
                    "direction (a minimum); negative definite means a maximum.",
                )
            )
        names = ["x", "y"]
        f_t, f_l = poly_text(poly, names), poly_text(poly, names, True)
        reason = {
            "minimum": "$\\det H > 0$ and $H_{11} > 0$: positive definite, a local **minimum**.",
            "maximum": "$\\det H > 0$ and $H_{11} < 0$: negative definite, a local **maximum**.",
            "saddle point": "$\\det H < 0$: the eigenvalues have opposite signs, a "
            "**saddle point**.",
        }[expected]
        return Draft(
            prompt=(
                f"$(x, y) = ({x0}, {y0})$ is a stationary point of $f(x, y) = {f_l}$. Is it a "
                "minimum, a maximum or a saddle point?"
            ),
            text=(
                f"(x, y) = ({x0}, {y0}) is a stationary point of f(x, y) = {f_t}. Is it a "
                "minimum, a maximum or a saddle point?"
            ),
            kind="choice",
            expected=expected,
            data={"form": "classify", "tree": poly_tree(poly), "point": [x0, y0]},
            hints=[
                "Compute the Hessian of f at the point.",
                "det H > 0 with H₁₁ > 0: minimum; det H > 0 with H₁₁ < 0: maximum; det H "
                "< 0: saddle.",
            ],
            solution="\n\n".join(
                [
                    f"The gradient vanishes at $({x0}, {y0})$ (check: each partial derivative is 0 "
                    "there).",
                    f"The Hessian there is $H = {latex_matrix(h)}$ with $\\det H = {lx(det(h))}$.",
                    reason,
                ]
            ),
            misconceptions=wrong,
            choices=list(STATIONARY_CHOICES),
        )


# ---------------------------------------------------------------------------------------
# optimization.convex-problems
# ---------------------------------------------------------------------------------------

PROBLEM_CHOICES = ["convex", "not convex"]
# Functions whose curvature on x1, x2 > 0 differs from that on ℝ² (|x1| + |x2| is affine
# there): never mixed with functions defined only on the positive orthant.
CHANGE_ON_ORTHANT = {"l1-norm", "root-sum", "root-l1"}
RELATIONS = {"<=": ("\\le", "≤"), ">=": ("\\ge", "≥"), "=": ("=", "=")}


def _objective_ok(sense: str, curvature: str) -> bool:
    good = ("convex", "affine") if sense == "minimize" else ("concave", "affine")
    return curvature in good


def _constraint_ok(sense: str, curvature: str) -> bool:
    if sense == "<=":
        return curvature in ("convex", "affine")
    if sense == ">=":
        return curvature in ("concave", "affine")
    return curvature == "affine"


def _problem_text(objective, sense, constraints, latex: bool) -> str:
    lines = []
    for entry, rel, rhs in constraints:
        symbol = RELATIONS[rel][0 if latex else 1]
        lines.append(f"{entry['latex' if latex else 'text']} {symbol} {rhs}")
    if latex:
        body = " \\\\ ".join(f"& {line}" for line in lines)
        return (
            f"$$\\begin{{aligned}} \\text{{{sense}}} \\quad & {objective['latex']} \\\\ "
            f"\\text{{subject to}} \\quad {body} \\end{{aligned}}$$"
        )
    return _stacked(f"{sense}    {objective['text']}", lines)


def _stacked(head: str, lines: list[str]) -> str:
    """``minimize … / subject to … / (aligned) …`` for the terminal."""
    rows = [f"    {head}"]
    for i, line in enumerate(lines):
        rows.append(("    subject to  " if i == 0 else " " * 16) + line)
    return "\n".join(rows)


@register
class ConvexProblems(Generator):
    """Is an optimisation problem convex (convex objective minimised or concave maximised,
    convex ≤ constraints, concave ≥ constraints, affine equalities), and the exact optimal
    value of tiny convex problems: clipping, projection onto a halfplane or a box, the
    minimum-norm point of a line."""

    skill = "optimization.convex-problems"
    version = 1

    def generate(self, rng: np.random.Generator, difficulty: int) -> Draft:
        if rng.random() < 0.5:
            return self._classify(rng, difficulty)
        return self._value(rng, difficulty)

    def _classify(self, rng, difficulty) -> Draft:
        functions = catalogue()["function2"]
        usable = [
            f for f in functions if f["curvature"] in ("convex", "concave", "affine", "neither")
        ]
        count = difficulty
        target = rng.random() < 0.5
        while True:
            objective = pick(rng, usable)
            sense = pick(rng, ["minimize", "maximize"])
            constraints = []
            for _ in range(count):
                entry = pick(rng, usable)
                rel = pick(rng, ["<=", "<=", ">=", "="])
                constraints.append((entry, rel, draw_int(rng, 1, 4)))
            domains = {objective["domain"], *(e["domain"] for e, _, _ in constraints)}
            ids = {objective["id"], *(e["id"] for e, _, _ in constraints)}
            if "positive" in domains and ids & CHANGE_ON_ORTHANT:
                continue
            ok_obj = _objective_ok(sense, objective["curvature"])
            oks = [_constraint_ok(rel, e["curvature"]) for e, rel, _ in constraints]
            convex = ok_obj and all(oks)
            if convex != target or len({e["id"] for e, _, _ in constraints}) < count:
                continue
            trap = (sense == "maximize" and objective["curvature"] == "concave") or any(
                (rel == ">=" and e["curvature"] == "concave")
                or (rel == "=" and e["curvature"] == "convex")
                for e, rel, _ in constraints
            )
            if difficulty == 3 and not trap:
                continue
            break
        expected = "convex" if convex else "not convex"
        steps = []
        steps.append(
            f"Objective: ${objective['latex']}$ is {objective['curvature']}, and we "
            f"{sense} it: "
            + (
                "fine (minimise convex, or maximise concave, i.e. minimise a convex negative)."
                if ok_obj
                else "not allowed (a convex problem minimises a convex function or maximises a "
                "concave one)."
            )
        )
        for (entry, rel, rhs), ok in zip(constraints, oks, strict=True):
            need = {"<=": "convex", ">=": "concave", "=": "affine"}[rel]
            steps.append(
                f"${entry['latex']} {RELATIONS[rel][0]} {rhs}$: {entry['curvature']}; a "
                f"'{RELATIONS[rel][1]}' constraint needs a {need} left side"
                + (": fine." if ok else ": **fails**.")
            )
        steps.append(f"So the problem is **{expected}**.")
        wrong = []
        if convex:
            if sense == "maximize" and objective["curvature"] == "concave":
                wrong.append(
                    Misconception(
                        "misconception:maximize-concave",
                        "not convex",
                        "Maximising a concave function is minimising a convex one: the problem "
                        "is convex.",
                    )
                )
            elif any(rel == ">=" and e["curvature"] == "concave" for e, rel, _ in constraints):
                wrong.append(
                    Misconception(
                        "misconception:concave-geq",
                        "not convex",
                        "g(x) ≥ c with g concave is −g(x) ≤ −c with −g convex: an allowed "
                        "constraint.",
                    )
                )
        else:
            failing = [(e, rel) for (e, rel, _), ok in zip(constraints, oks, strict=True) if not ok]
            if (
                ok_obj
                and failing
                and all(rel == "=" and e["curvature"] == "convex" for e, rel in failing)
            ):
                wrong.append(
                    Misconception(
                        "misconception:nonaffine-equality",
                        "convex",
                        "An equality h(x) = c is allowed only for affine h: {h = c} of a "
                        "non-affine convex h (a circle, say) is not a convex set.",
                    )
                )
            elif not ok_obj and all(oks) and sense == "maximize":
                wrong.append(
                    Misconception(
                        "misconception:maximize-convex",
                        "convex",
                        "Maximising a convex function is not a convex problem: it is minimising "
                        "a concave one, and local maxima need not be global.",
                    )
                )
            elif ok_obj and failing and all(rel == ">=" for _, rel in failing):
                wrong.append(
                    Misconception(
                        "misconception:wrong-direction",
                        "convex",
                        "g(x) ≥ c with g convex describes the outside of a convex set, which "
                        "is not convex; only g(x) ≤ c is allowed for convex g.",
                    )
                )
        positive = "positive" in domains
        domain_t = "\n    (over x1, x2 > 0)" if positive else ""
        domain_l = "\n\n(over $x_1, x_2 > 0$)" if positive else ""
        ask = "Is this optimisation problem convex? Answer convex or not convex."
        return Draft(
            prompt=f"{ask}\n\n{_problem_text(objective, sense, constraints, True)}{domain_l}",
            text=f"{ask}\n\n{_problem_text(objective, sense, constraints, False)}{domain_t}",
            kind="choice",
            expected=expected,
            data={
                "form": "classify",
                "objective": {"tree": objective["tree"], "sense": sense},
                "constraints": [
                    {"tree": e["tree"], "sense": rel, "rhs": rhs} for e, rel, rhs in constraints
                ],
                "domain": "positive" if positive else "R",
            },
            hints=[
                "Standard form: minimise a convex f₀ subject to convex fᵢ(x) ≤ 0 and affine "
                "hⱼ(x) = 0.",
                "Rewrite maximise f as minimise −f, and g ≥ c as −g ≤ −c; then check each "
                "function's curvature.",
            ],
            solution="\n\n".join(steps),
            misconceptions=wrong,
            choices=list(PROBLEM_CHOICES),
        )

    def _value(self, rng, difficulty) -> Draft:
        form = {1: "interval", 2: "halfplane", 3: pick(rng, ["box", "min-norm"])}[difficulty]
        return getattr(self, "_" + form.replace("-", "_"))(rng)

    def _number_draft(self, ask_l, ask_t, value, data, hints, steps, wrong) -> Draft:
        expected = t(value)
        return Draft(
            prompt=ask_l,
            text=ask_t,
            kind="number",
            expected=expected,
            data=data,
            hints=hints,
            solution="\n\n".join(steps),
            misconceptions=_dedupe_values(expected, wrong),
        )

    def _interval(self, rng) -> Draft:
        c, m, k = draw_int(rng, 1, 3), draw_int(rng, -5, 5), draw_int(rng, -3, 3)
        lo = draw_int(rng, -4, 2)
        hi = lo + draw_int(rng, 1, 3)
        x = min(max(F(m), F(lo)), F(hi))
        value = c * (x - m) ** 2 + k
        f_l = combo([(c, f"({combo([(1, 'x'), (-m, '')], True)})^2"), (k, "")], True)
        f_t = combo([(c, f"({combo([(1, 'x'), (-m, '')])})²"), (k, "")])
        if m == 0:
            f_l, f_t = combo([(c, "x^2"), (k, "")], True), combo([(c, "x²"), (k, "")])
        steps = [
            f"Without the constraint the minimum is at $x = {m}$.",
            (
                f"${m}$ lies in $[{lo}, {hi}]$, so it is also the constrained minimiser."
                if lo <= m <= hi
                else f"${m}$ lies outside $[{lo}, {hi}]$; $f$ is convex, so on the interval it "
                f"is smallest at the nearest endpoint, $x^* = {lx(x)}$."
            ),
            f"Optimal value: $f({lx(x)}) = {lx(value)}$.",
        ]
        wrong = [
            Misconception(
                "misconception:point-not-value",
                t(x),
                "That is the minimiser x*; the question asks for the optimal value f(x*).",
            ),
            Misconception(
                "misconception:ignored-constraint",
                t(k),
                "That is the unconstrained minimum; the constraint keeps x out of reach of it.",
            ),
        ]
        return self._number_draft(
            f"Find the optimal value of: minimise $f(x) = {f_l}$ subject to ${lo} \\le x \\le "
            f"{hi}$.",
            f"Find the optimal value of: minimise f(x) = {f_t} subject to {lo} ≤ x ≤ {hi}.",
            value,
            {"form": "interval", "c": c, "m": m, "k": k, "lo": lo, "hi": hi},
            [
                "Where is the unconstrained minimum? Is it inside the interval?",
                "For a convex function of one variable, the constrained minimiser is the "
                "unconstrained one clipped to the interval.",
            ],
            steps,
            wrong,
        )

    def _halfplane(self, rng) -> Draft:
        while True:
            a, b = draw_int(rng, -3, 3), draw_int(rng, -3, 3)
            p, q = draw_int(rng, -2, 2), draw_int(rng, -2, 2)
            if p or q:
                break
        s = draw_int(rng, -3, 3)
        excess = p * a + q * b - s
        if excess <= 0 and rng.random() < 0.8:
            s = p * a + q * b - draw_int(rng, 1, 4)
            excess = p * a + q * b - s
        norm2 = p * p + q * q
        value = F(max(excess, 0) ** 2, norm2)
        line_l = combo([(p, "x_1"), (q, "x_2")], True)
        line_t = combo([(p, "x1"), (q, "x2")])
        f_l = (
            f"({combo([(1, 'x_1'), (-a, '')], True)})^2 + ({combo([(1, 'x_2'), (-b, '')], True)})^2"
        )
        f_t = f"({combo([(1, 'x1'), (-a, '')])})² + ({combo([(1, 'x2'), (-b, '')])})²"
        if excess <= 0:
            steps = [
                f"The unconstrained minimiser $({a}, {b})$ satisfies ${line_l} \\le {s}$ "
                f"(${p * a + q * b} \\le {s}$), so it is feasible and the optimal value is $0$."
            ]
        else:
            steps = [
                f"The unconstrained minimiser $({a}, {b})$ violates the constraint: "
                f"${p * a + q * b} > {s}$.",
                "The problem asks for the squared distance from the point to the halfplane; the "
                "closest point is on the line, along the normal $(p, q) = "
                f"({p}, {q})$.",
                f"Squared distance: $\\frac{{(p a + q b - s)^2}}{{p^2 + q^2}} = "
                f"\\frac{{{excess}^2}}{{{norm2}}} = {lx(value)}$.",
            ]
        wrong = [
            Misconception(
                "misconception:ignored-constraint",
                "0",
                "0 is the unconstrained minimum, but the point is not feasible: the constraint "
                "is active.",
            ),
        ]
        if excess * excess != norm2:
            wrong.append(
                Misconception(
                    "misconception:distance-not-squared",
                    _ratio_to_root(excess, norm2),
                    "That is the distance; the objective is the squared distance.",
                )
            )
        return self._number_draft(
            f"Find the optimal value of: minimise ${f_l}$ subject to ${line_l} \\le {s}$.",
            f"Find the optimal value of: minimise {f_t} subject to {line_t} ≤ {s}.",
            value,
            {"form": "halfplane", "point": [a, b], "normal": [p, q], "s": s},
            [
                "Check first whether the unconstrained minimiser satisfies the constraint.",
                "The distance from a point z to the line pᵀx = s is |pᵀz − s| / ‖p‖.",
            ],
            steps,
            wrong if excess > 0 else [],
        )

    def _box(self, rng) -> Draft:
        a = [draw_int(rng, -4, 4) for _ in range(3)]
        lo, hi = draw_int(rng, -2, 0), draw_int(rng, 1, 2)
        clipped = [min(max(v, lo), hi) for v in a]
        value = F(sum((c - v) ** 2 for c, v in zip(clipped, a, strict=True)))
        f_l = " + ".join(
            f"({combo([(1, f'x_{i + 1}'), (-v, '')], True)})^2" for i, v in enumerate(a)
        )
        f_t = " + ".join(f"({combo([(1, f'x{i + 1}'), (-v, '')])})²" for i, v in enumerate(a))
        wrong = [
            Misconception(
                "misconception:ignored-constraint",
                "0",
                "0 is the unconstrained minimum, but some coordinates lie outside the box.",
            ),
            Misconception(
                "misconception:not-squared",
                t(sum(abs(c - v) for c, v in zip(clipped, a, strict=True))),
                "That adds the distances |xᵢ − aᵢ| coordinate by coordinate; the objective adds "
                "their squares.",
            ),
        ]
        return self._number_draft(
            f"Find the optimal value of: minimise ${f_l}$ subject to ${lo} \\le x_i \\le {hi}$ "
            "for $i = 1, 2, 3$.",
            f"Find the optimal value of: minimise {f_t} subject to {lo} ≤ xᵢ ≤ {hi} for "
            "i = 1, 2, 3.",
            value,
            {"form": "box", "point": a, "lo": lo, "hi": hi},
            [
                "The objective and the box both split coordinate by coordinate.",
                "Each xᵢ is aᵢ clipped to the interval.",
            ],
            [
                f"The problem separates: minimise each $(x_i - a_i)^2$ over $[{lo}, {hi}]$, so "
                "$x_i^*$ is $a_i$ clipped to the interval: "
                f"$x^* = ({', '.join(map(str, clipped))})$.",
                "Optimal value: $"
                + " + ".join(f"({c} - ({v}))^2" for c, v in zip(clipped, a, strict=True))
                + f" = {lx(value)}$.",
            ],
            wrong if value else [],
        )

    def _min_norm(self, rng) -> Draft:
        while True:
            p, q = draw_int(rng, -3, 3), draw_int(rng, -3, 3)
            if p and q:
                break
        s = draw_nonzero(rng, -5, 5)
        norm2 = p * p + q * q
        value = F(s * s, norm2)
        point = (F(p * s, norm2), F(q * s, norm2))
        line_l, line_t = combo([(p, "x_1"), (q, "x_2")], True), combo([(p, "x1"), (q, "x2")])
        return self._number_draft(
            f"Find the optimal value of: minimise $x_1^2 + x_2^2$ subject to ${line_l} = {s}$.",
            f"Find the optimal value of: minimise x1² + x2² subject to {line_t} = {s}.",
            value,
            {"form": "min-norm", "normal": [p, q], "s": s},
            [
                "The point of a line nearest the origin lies along the line's normal vector.",
                "x* = s·p/‖p‖² for the line pᵀx = s.",
            ],
            [
                f"The minimiser is the multiple of the normal $({p}, {q})$ on the line: "
                f"$x^* = \\frac{{{s}}}{{{norm2}}}({p}, {q}) = ({lx(point[0])}, {lx(point[1])})$.",
                f"Optimal value: $\\|x^*\\|^2 = \\frac{{{s}^2}}{{{norm2}}} = {lx(value)}$.",
            ],
            [
                Misconception(
                    "misconception:distance-not-squared",
                    _ratio_to_root(abs(s), norm2),
                    "That is the distance ‖x*‖; the objective is its square.",
                )
            ]
            if s * s != norm2
            else [],
        )


# ---------------------------------------------------------------------------------------
# optimization.problem-classes
# ---------------------------------------------------------------------------------------

CLASS_CHOICES = ["LP", "QP", "QCQP", "SDP"]


def _linear(c: list[int], latex: bool) -> str:
    return combo([(c[0], "x_1" if latex else "x1"), (c[1], "x_2" if latex else "x2")], latex)


def _quadratic_objective(rng) -> tuple[Poly, str, str]:
    while True:
        a, b, c = draw_int(rng, 1, 3), draw_int(rng, -2, 2), draw_int(rng, 1, 3)
        if 4 * a * c - b * b > 0:
            break
    poly: Poly = {(2, 0): F(a), (1, 1): F(b), (0, 2): F(c)}
    poly[(1, 0)] = F(draw_int(rng, -3, 3))
    poly[(0, 1)] = F(draw_int(rng, -3, 3))
    poly = {k: v for k, v in poly.items() if v}
    return poly, poly_text(poly, names_of(2, True), True), poly_text(poly, names_of(2, False))


def _linear_constraint(rng) -> tuple[Poly, str, str, int]:
    a1, a2 = draw_int(rng, 1, 3), draw_int(rng, -2, 3)
    rhs = draw_int(rng, 2, 8)
    poly = {k: v for k, v in {(1, 0): F(a1), (0, 1): F(a2)}.items() if v}
    return poly, poly_text(poly, names_of(2, True), True), poly_text(poly, names_of(2, False)), rhs


def _quadratic_constraint(rng) -> tuple[Poly, str, str, int]:
    c1, c2 = draw_int(rng, -1, 1), draw_int(rng, -1, 1)
    w = draw_int(rng, 1, 2)
    poly = _padd(
        _pmul(_shifted(0, c1), _shifted(0, c1)), _pscale(_pmul(_shifted(1, c2), _shifted(1, c2)), w)
    )
    rhs = draw_int(rng, 1, 9) + int(poly.get((0, 0), 0))
    poly = {k: v for k, v in poly.items() if k != (0, 0)}
    return poly, poly_text(poly, names_of(2, True), True), poly_text(poly, names_of(2, False)), rhs


def _lmi(rng) -> list[Matrix]:
    """F0, F1, F2: symmetric integer 2×2 matrices with F0 positive definite, so x = 0 is
    strictly feasible for x1 F1 + x2 F2 ⪯ F0."""
    while True:
        f0 = [[F(draw_int(rng, 2, 4)), F(0)], [F(0), F(draw_int(rng, 2, 4))]]
        f0[0][1] = f0[1][0] = F(draw_int(rng, -1, 1))
        if definiteness(f0) == "positive definite":
            break
    mats = [f0]
    for _ in range(2):
        m = [[F(draw_int(rng, -2, 2)), F(0)], [F(0), F(draw_int(rng, -2, 2))]]
        m[0][1] = m[1][0] = F(draw_nonzero(rng, -2, 2))
        mats.append(m)
    return mats


@register
class ProblemClasses(Generator):
    """Name the most specific class of a convex problem (LP ⊂ QP ⊂ QCQP ⊂ SDP) from its
    objective and constraints, and solve two-variable LPs exactly at a vertex."""

    skill = "optimization.problem-classes"
    version = 1

    def generate(self, rng: np.random.Generator, difficulty: int) -> Draft:
        if rng.random() < 0.5:
            return self._classify(rng, difficulty)
        return self._lp(rng, difficulty)

    def _classify(self, rng, difficulty) -> Draft:
        target = pick(rng, CLASS_CHOICES if difficulty > 1 else ["LP", "QP", "QCQP"])
        c = [draw_nonzero(rng, -4, 4), draw_nonzero(rng, -4, 4)]
        quadratic_objective = target == "QP" or (target == "QCQP" and rng.random() < 0.4)
        if quadratic_objective:
            obj_poly, obj_l, obj_t = _quadratic_objective(rng)
        else:
            obj_poly = {(1, 0): F(c[0]), (0, 1): F(c[1])}
            obj_l, obj_t = _linear(c, True), _linear(c, False)
        constraints: list[tuple[Poly, str, str, int]] = []
        if target == "QCQP":
            constraints.append(_quadratic_constraint(rng))
        for _ in range(1 if target in ("QCQP", "SDP") else 2):
            constraints.append(_linear_constraint(rng))
        mats = _lmi(rng) if target == "SDP" else None
        lines_l = [f"{cl} \\le {rhs}" for _, cl, _, rhs in constraints]
        lines_t = [f"{ct} ≤ {rhs}" for _, _, ct, rhs in constraints]
        if mats:
            lines_l.append(
                f"x_1 {latex_matrix(mats[1])} + x_2 {latex_matrix(mats[2])} \\preceq "
                f"{latex_matrix(mats[0])}"
            )
            lines_t.append("x1·F1 + x2·F2 ⪯ F0")
        body_l = " \\\\ ".join(f"& {line}" for line in lines_l)
        problem_l = (
            f"$$\\begin{{aligned}} \\text{{minimize}} \\quad & {obj_l} \\\\ "
            f"\\text{{subject to}} \\quad {body_l} \\end{{aligned}}$$"
        )
        problem_t = _stacked(f"minimize    {obj_t}", lines_t)
        if mats:
            problem_t += (
                "\n\n"
                + named_grids([("F0", mats[0]), ("F1", mats[1]), ("F2", mats[2])])
                + "\n\n    (A ⪯ B means B − A is positive semidefinite)"
            )
        expected = target
        wrong = []
        if target == "QCQP" and not quadratic_objective:
            wrong.append(
                Misconception(
                    "misconception:objective-only",
                    "LP",
                    "The objective is linear, but a constraint is quadratic: the class depends on "
                    "the constraints too, and quadratic constraints make it a QCQP.",
                )
            )
        if target == "QP":
            wrong.append(
                Misconception(
                    "misconception:quadratic-anywhere",
                    "QCQP",
                    "A QCQP has quadratic constraints; here the constraints are linear and only "
                    "the objective is quadratic: a QP.",
                )
            )
        if target == "SDP":
            wrong.append(
                Misconception(
                    "misconception:lmi-is-linear",
                    "LP",
                    "x1·F1 + x2·F2 ⪯ F0 is a matrix inequality (F0 − x1F1 − x2F2 must be positive "
                    "semidefinite), not entrywise: that makes it an SDP.",
                )
            )
        why = {
            "LP": "The objective and every constraint are affine: a **linear program (LP)**.",
            "QP": "The objective is a convex quadratic (its Hessian is positive definite) and the "
            "constraints are affine: a **quadratic program (QP)**.",
            "QCQP": "A constraint is a convex quadratic inequality (and the objective is "
            + ("a convex quadratic" if quadratic_objective else "linear")
            + "): a **quadratically constrained quadratic program (QCQP)**.",
            "SDP": "There is a linear matrix inequality: $F_0 - x_1F_1 - x_2F_2 \\succeq 0$ is "
            "a positive semidefinite constraint affine in $x$, which makes it a "
            "**semidefinite program (SDP)**.",
        }[target]
        return Draft(
            prompt=(
                "Name the most specific class of this convex problem: LP, QP, QCQP or SDP."
                f"\n\n{problem_l}"
            ),
            text=(
                "Name the most specific class of this convex problem: LP, QP, QCQP or SDP."
                f"\n\n{problem_t}"
            ),
            kind="choice",
            expected=expected,
            data={
                "form": "classify",
                "objective": poly_tree(obj_poly),
                "constraints": [
                    {"tree": poly_tree(p), "sense": "<=", "rhs": rhs}
                    for p, _, _, rhs in constraints
                ],
                "lmi": [json_matrix(m) for m in mats] if mats else None,
            },
            hints=[
                "LP: affine objective and constraints. QP: convex quadratic objective, affine "
                "constraints. QCQP: convex quadratic constraints too. SDP: a matrix inequality.",
                "Each class contains the previous ones; name the smallest that fits.",
            ],
            solution="\n\n".join([*self._pieces(obj_poly, obj_l, constraints), why]),
            misconceptions=wrong,
            choices=list(CLASS_CHOICES),
        )

    @staticmethod
    def _pieces(obj_poly: Poly, obj_l: str, constraints) -> list[str]:
        """One line per function: affine, or quadratic with its (PSD) Hessian."""

        def describe(poly: Poly) -> str:
            if all(sum(k) <= 1 for k in poly):
                return "affine"
            h = [
                [2 * poly.get((2, 0), F(0)), poly.get((1, 1), F(0))],
                [poly.get((1, 1), F(0)), 2 * poly.get((0, 2), F(0))],
            ]
            return f"a convex quadratic (Hessian ${latex_matrix(h)}$ is {definiteness(h)})"

        lines = [f"Objective ${obj_l}$: {describe(obj_poly)}."]
        for poly, latex, _, rhs in constraints:
            lines.append(f"Constraint ${latex} \\le {rhs}$: {describe(poly)}.")
        return lines

    def _lp(self, rng, difficulty) -> Draft:
        m = 2 if difficulty == 1 else 3
        ask = {1: "point", 2: "value", 3: pick(rng, ["point", "value"])}[difficulty]
        while True:
            rows = [[draw_int(rng, 1, 4), draw_int(rng, 1, 4)] for _ in range(m)]
            rhs = [draw_int(rng, 6, 20) for _ in range(m)]
            c = [draw_int(rng, 1, 5), draw_int(rng, 1, 5)]
            solved = self._solve(rows, rhs, c)
            if solved is None:
                continue
            best, value, infeasible = solved
            if difficulty > 1 and (best[0] == 0 or best[1] == 0):
                continue  # the optimum is where two constraints cross
            if max(v.denominator for v in best) > 12:
                continue
            break
        names_l = " \\\\ ".join(
            f"& {_linear(r, True)} \\le {b}" for r, b in zip(rows, rhs, strict=True)
        )
        problem_l = (
            f"$$\\begin{{aligned}} \\text{{maximize}} \\quad & {_linear(c, True)} \\\\ "
            f"\\text{{subject to}} \\quad {names_l} \\\\ & x_1 \\ge 0,\\ x_2 \\ge 0 "
            "\\end{aligned}$$"
        )
        problem_t = _stacked(
            f"maximize    {_linear(c, False)}",
            [f"{_linear(r, False)} ≤ {b}" for r, b in zip(rows, rhs, strict=True)]
            + ["x1 ≥ 0, x2 ≥ 0"],
        )
        if ask == "point":
            expected = vector_text(best)
            question = "Find the optimal point (x1, x2), as a vector like [2, 3/2]."
            wrong = (
                [
                    Misconception(
                        "misconception:infeasible-vertex",
                        vector_text(infeasible),
                        "That corner has a larger objective, but it violates a constraint: only "
                        "vertices of the feasible region count.",
                    )
                ]
                if infeasible
                else []
            )
            kind = "matrix"
        else:
            expected = t(value)
            question = "Find the optimal value."
            wrong = (
                [
                    Misconception(
                        "misconception:infeasible-vertex",
                        t(c[0] * infeasible[0] + c[1] * infeasible[1]),
                        "That is the objective at a crossing of two constraint lines that violates "
                        "another constraint: only vertices of the feasible region count.",
                    )
                ]
                if infeasible
                else []
            )
            kind = "number"
        vertices = self._vertices(rows, rhs)
        table = ", ".join(
            f"$({lx(v[0])}, {lx(v[1])}) \\mapsto {lx(c[0] * v[0] + c[1] * v[1])}$" for v in vertices
        )
        return Draft(
            prompt=f"{question.replace('(x1, x2)', '$(x_1, x_2)$')}\n\n{problem_l}",
            text=f"{question}\n\n{problem_t}",
            kind=kind,
            expected=expected,
            data={"form": "lp", "ask": ask, "c": c, "A": rows, "b": rhs},
            hints=[
                "A bounded LP attains its optimum at a vertex of the feasible region.",
                "Intersect pairs of constraint lines (including the axes), keep the feasible "
                "points, and compare the objective there.",
            ],
            solution="\n\n".join(
                [
                    "The optimum of a bounded LP is at a vertex of the feasible polygon.",
                    f"Feasible vertices and objective values: {table}.",
                    f"The best is $x^* = ({lx(best[0])}, {lx(best[1])})$ with value ${lx(value)}$.",
                ]
            ),
            misconceptions=wrong,
        )

    @staticmethod
    def _lines(rows, rhs) -> list[tuple[list[int], int]]:
        return [(r, b) for r, b in zip(rows, rhs, strict=True)] + [([1, 0], 0), ([0, 1], 0)]

    def _crossings(self, rows, rhs) -> list[tuple[Fraction, Fraction]]:
        points = []
        for (p, s), (q, u) in combinations(self._lines(rows, rhs), 2):
            d = p[0] * q[1] - p[1] * q[0]
            if d == 0:
                continue
            x = (F(s * q[1] - p[1] * u, d), F(p[0] * u - s * q[0], d))
            if x not in points:
                points.append(x)
        return points

    @staticmethod
    def _feasible(rows, rhs, x) -> bool:
        return (
            x[0] >= 0
            and x[1] >= 0
            and all(r[0] * x[0] + r[1] * x[1] <= b for r, b in zip(rows, rhs, strict=True))
        )

    def _vertices(self, rows, rhs):
        return [x for x in self._crossings(rows, rhs) if self._feasible(rows, rhs, x)]

    def _solve(self, rows, rhs, c):
        """(optimal vertex, value, a better infeasible crossing or None); None when the
        optimum is not unique."""
        vertices = self._vertices(rows, rhs)
        scored = sorted(vertices, key=lambda x: -(c[0] * x[0] + c[1] * x[1]))
        value = c[0] * scored[0][0] + c[1] * scored[0][1]
        if len(scored) > 1 and c[0] * scored[1][0] + c[1] * scored[1][1] == value:
            return None
        better = [
            x
            for x in self._crossings(rows, rhs)
            if not self._feasible(rows, rhs, x)
            and x[0] >= 0
            and x[1] >= 0
            and c[0] * x[0] + c[1] * x[1] > value
        ]
        better.sort(key=lambda x: c[0] * x[0] + c[1] * x[1])
        return scored[0], value, (better[0] if better else None)
