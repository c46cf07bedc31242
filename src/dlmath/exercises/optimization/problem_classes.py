"""optimization.problem-classes: LP, QP, QCQP or SDP, and 2-variable LPs solved at a vertex."""

from __future__ import annotations

from fractions import Fraction
from itertools import combinations
from typing import TYPE_CHECKING

from dlmath.exercises.base import Draft, Generator, Misconception
from dlmath.exercises.kit import (
    FractionMatrix,
    draw_int,
    json_matrix,
    nonzero_int_redrawn,
    pick,
    tex_number,
    text_number,
)
from dlmath.exercises.optimization.convex_terms import (
    combo,
    definiteness,
    names_of,
    poly_text,
    poly_tree,
)
from dlmath.exercises.optimization.polynomials import (
    Poly,
    coordinate_shift,
    poly_add,
    poly_mul,
    poly_scaled,
)
from dlmath.exercises.registry import register
from dlmath.expr.literals import latex_matrix, vector_text

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np

F = Fraction


CLASS_CHOICES = ["LP", "QP", "QCQP", "SDP"]


def _linear(c: list[int]) -> str:
    return combo([(c[0], "x_1"), (c[1], "x_2")], True)


def _quadratic_objective(rng) -> tuple[Poly, str]:
    while True:
        a, b, c = draw_int(rng, 1, 3), draw_int(rng, -2, 2), draw_int(rng, 1, 3)
        if 4 * a * c - b * b > 0:
            break
    poly: Poly = {(2, 0): F(a), (1, 1): F(b), (0, 2): F(c)}
    poly[(1, 0)] = F(draw_int(rng, -3, 3))
    poly[(0, 1)] = F(draw_int(rng, -3, 3))
    poly = {k: v for k, v in poly.items() if v}
    return poly, poly_text(poly, names_of(2, True), True)


def _linear_constraint(rng) -> tuple[Poly, str, int]:
    a1, a2 = draw_int(rng, 1, 3), draw_int(rng, -2, 3)
    rhs = draw_int(rng, 2, 8)
    poly = {k: v for k, v in {(1, 0): F(a1), (0, 1): F(a2)}.items() if v}
    return poly, poly_text(poly, names_of(2, True), True), rhs


def _quadratic_constraint(rng) -> tuple[Poly, str, int]:
    c1, c2 = draw_int(rng, -1, 1), draw_int(rng, -1, 1)
    w = draw_int(rng, 1, 2)
    poly = poly_add(
        poly_mul(coordinate_shift(0, c1), coordinate_shift(0, c1)),
        poly_scaled(poly_mul(coordinate_shift(1, c2), coordinate_shift(1, c2)), w),
    )
    rhs = draw_int(rng, 1, 9) + int(poly.get((0, 0), 0))
    poly = {k: v for k, v in poly.items() if k != (0, 0)}
    return poly, poly_text(poly, names_of(2, True), True), rhs


def _lmi(rng) -> list[FractionMatrix]:
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
        m[0][1] = m[1][0] = F(nonzero_int_redrawn(rng, -2, 2))
        mats.append(m)
    return mats


@register
class ProblemClasses(Generator):
    """Name the most specific class of a convex problem (LP ⊂ QP ⊂ QCQP ⊂ SDP) from its
    objective and constraints, and solve two-variable LPs exactly at a vertex."""

    skill = "optimization.problem-classes"
    version = 2

    def generate(self, rng: np.random.Generator, difficulty: int) -> Draft:
        if rng.random() < 0.5:
            return self._classify(rng, difficulty)
        return self._lp(rng, difficulty)

    def _classify(self, rng, difficulty) -> Draft:
        target = pick(rng, CLASS_CHOICES if difficulty > 1 else ["LP", "QP", "QCQP"])
        c = [nonzero_int_redrawn(rng, -4, 4), nonzero_int_redrawn(rng, -4, 4)]
        quadratic_objective = target == "QP" or (target == "QCQP" and rng.random() < 0.4)
        if quadratic_objective:
            obj_poly, obj_l = _quadratic_objective(rng)
        else:
            obj_poly = {(1, 0): F(c[0]), (0, 1): F(c[1])}
            obj_l = _linear(c)
        constraints: list[tuple[Poly, str, int]] = []
        if target == "QCQP":
            constraints.append(_quadratic_constraint(rng))
        for _ in range(1 if target in ("QCQP", "SDP") else 2):
            constraints.append(_linear_constraint(rng))
        mats = _lmi(rng) if target == "SDP" else None
        lines_l = [f"{cl} \\le {rhs}" for _, cl, rhs in constraints]
        if mats:
            lines_l.append(
                f"x_1 {latex_matrix(mats[1])} + x_2 {latex_matrix(mats[2])} \\preceq "
                f"{latex_matrix(mats[0])}"
            )
        body_l = " \\\\ ".join(f"& {line}" for line in lines_l)
        problem_l = (
            f"$$\\begin{{aligned}} \\text{{minimize}} \\quad & {obj_l} \\\\ "
            f"\\text{{subject to}} \\quad {body_l} \\end{{aligned}}$$"
        )
        if mats:
            problem_l += "\n\n($A \\preceq B$ means $B - A$ is positive semidefinite.)"
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
            kind="choice",
            expected=expected,
            data={
                "form": "classify",
                "objective": poly_tree(obj_poly),
                "constraints": [
                    {"tree": poly_tree(p), "sense": "<=", "rhs": rhs} for p, _, rhs in constraints
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
        for poly, latex, rhs in constraints:
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
        names_l = " \\\\ ".join(f"& {_linear(r)} \\le {b}" for r, b in zip(rows, rhs, strict=True))
        problem_l = (
            f"$$\\begin{{aligned}} \\text{{maximize}} \\quad & {_linear(c)} \\\\ "
            f"\\text{{subject to}} \\quad {names_l} \\\\ & x_1 \\ge 0,\\ x_2 \\ge 0 "
            "\\end{aligned}$$"
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
            expected = text_number(value)
            question = "Find the optimal value."
            wrong = (
                [
                    Misconception(
                        "misconception:infeasible-vertex",
                        text_number(c[0] * infeasible[0] + c[1] * infeasible[1]),
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
            f"$({tex_number(v[0])}, {tex_number(v[1])}) \\mapsto "
            f"{tex_number(c[0] * v[0] + c[1] * v[1])}$"
            for v in vertices
        )
        return Draft(
            prompt=f"{question.replace('(x1, x2)', '$(x_1, x_2)$')}\n\n{problem_l}",
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
                    f"The best is $x^* = ({tex_number(best[0])}, {tex_number(best[1])})$ with "
                    f"value ${tex_number(value)}$.",
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
