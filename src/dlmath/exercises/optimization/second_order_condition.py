"""optimization.second-order-condition: curvature from the Hessian."""

from __future__ import annotations

from fractions import Fraction
from typing import TYPE_CHECKING

from dlmath.exercises.base import Draft, Generator, Misconception
from dlmath.exercises.kit import (
    FractionMatrix,
    determinant,
    draw_int,
    nonzero_int_redrawn,
    pick,
    tex_number,
)
from dlmath.exercises.optimization.convex_terms import (
    definiteness,
    names_of,
    point_latex,
    poly_text,
    poly_tree,
    principal_sums,
)
from dlmath.exercises.registry import register
from dlmath.expr.literals import latex_matrix, matrix_text

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np

F = Fraction


SECOND_ORDER_CHOICES = ["convex", "concave", "neither"]


def _sym(
    rng: np.random.Generator, n: int, diag: tuple[int, int], off: tuple[int, int]
) -> FractionMatrix:
    a = [[F(0)] * n for _ in range(n)]
    for i in range(n):
        a[i][i] = F(draw_int(rng, *diag))
        for j in range(i + 1, n):
            a[i][j] = a[j][i] = F(draw_int(rng, *off))
    return a


def _hessian_of(coeffs: dict[tuple[int, ...], Fraction], point: list[Fraction]) -> FractionMatrix:
    """The exact Hessian of a polynomial at a point."""
    n = len(point)
    h = [[F(0)] * n for _ in range(n)]
    for powers, c in coeffs.items():
        for i in range(n):
            for j in range(n):
                p = list(powers)
                factor = F(p[i])
                p[i] -= 1
                factor *= p[j]
                p[j] -= 1
                if factor == 0 or min(p) < 0:
                    continue
                value = c * factor
                for k, e in enumerate(p):
                    value *= point[k] ** e
                h[i][j] += value
    return h


def _curvature_of_form(a: FractionMatrix) -> str:
    cls = definiteness(a)
    if cls.startswith("positive"):
        return "convex"
    if cls.startswith("negative"):
        return "concave"
    return "neither"


def _by_diagonal(a: FractionMatrix) -> str:
    diag = [a[i][i] for i in range(len(a))]
    if all(d > 0 for d in diag):
        return "convex"
    if all(d < 0 for d in diag):
        return "concave"
    return "neither"


@register
class SecondOrderCondition(Generator):
    """Hessians of polynomials (constant for quadratics, at a point for cubics) and the
    second-order test: convex iff the Hessian is PSD everywhere; positive diagonal entries
    are not enough."""

    skill = "optimization.second-order-condition"
    version = 1

    def generate(self, rng: np.random.Generator, difficulty: int) -> Draft:
        form = pick(
            rng,
            {
                1: ["hessian", "classify"],
                2: ["hessian-point", "classify", "classify"],
                3: ["hessian", "classify", "classify"],
            }[difficulty],
        )
        if form == "classify":
            return self._classify(rng, difficulty)
        return self._hessian(rng, difficulty, at_point=form == "hessian-point")

    def _hessian(self, rng, difficulty, at_point: bool) -> Draft:
        n = 3 if difficulty == 3 else 2
        names_l = names_of(n, True)
        coeffs: dict[tuple[int, ...], Fraction] = {}
        a = _sym(rng, n, (-3, 3), (-3, 3))
        for i in range(n):
            e = [0] * n
            e[i] = 2
            coeffs[tuple(e)] = a[i][i]
            for j in range(i + 1, n):
                e = [0] * n
                e[i] = e[j] = 1
                coeffs[tuple(e)] = 2 * a[i][j] if not at_point else a[i][j]
            e = [0] * n
            e[i] = 1
            coeffs[tuple(e)] = F(draw_int(rng, -4, 4))
        point = [F(0)] * n
        if at_point:
            for powers in [(3, 0), (2, 1), (1, 2), (0, 3)]:
                if rng.random() < 0.6:
                    coeffs[powers] = F(nonzero_int_redrawn(rng, -2, 2))
            if not any(sum(p) == 3 for p in coeffs):
                coeffs[(2, 1)] = F(1)
            point = [F(draw_int(rng, -2, 2)), F(nonzero_int_redrawn(rng, -2, 2))]
        coeffs = {p: c for p, c in coeffs.items() if c}
        h = _hessian_of(coeffs, point)
        expected = matrix_text(h)
        wrong: list[Misconception] = []
        if at_point:
            wrong.append(
                Misconception(
                    "misconception:constant-part-only",
                    matrix_text(_hessian_of(coeffs, [F(0)] * n)),
                    "That is the Hessian at the origin: the cubic terms leave second derivatives "
                    "that depend on x, so evaluate them at the given point.",
                )
            )
        else:
            half = [[h[i][j] / 2 for j in range(n)] for i in range(n)]
            doubled = [[h[i][j] * (1 if i == j else 2) for j in range(n)] for i in range(n)]
            wrong += [
                Misconception(
                    "misconception:form-matrix",
                    matrix_text(half),
                    "That is the matrix A of the quadratic form xᵀAx; the Hessian of xᵀAx is 2A "
                    "(∂²/∂x1² of a·x1² is 2a).",
                ),
                Misconception(
                    "misconception:cross-term-doubled",
                    matrix_text(doubled),
                    "The mixed partial of c·x1·x2 is c, not 2c: only squares pick up a factor 2.",
                ),
            ]
        latex = poly_text(coeffs, names_l, True)
        where_l = f" at $x = {point_latex(point)}$" if at_point else ""
        ask_l = (
            f"Compute the Hessian $\\nabla^2 f(x)$ of $f(x) = {latex}${where_l}. "
            "Answer with a matrix like `[[1, 2], [2, 3]]`."
        )
        entries = []
        for i in range(n):
            for j in range(i, n):
                entries.append(
                    f"$\\partial^2 f / \\partial x_{i + 1} \\partial x_{j + 1} = "
                    f"{tex_number(h[i][j])}$"
                )
        return Draft(
            prompt=ask_l,
            kind="matrix",
            expected=expected,
            data={
                "form": "hessian-point" if at_point else "hessian",
                "tree": poly_tree(coeffs),
                "n": n,
                "point": [int(v) for v in point],
            },
            hints=[
                "The (i, j) entry is ∂²f/∂xᵢ∂xⱼ; the Hessian is symmetric.",
                "∂²/∂x1² of a·x1² is 2a; ∂²/∂x1∂x2 of c·x1·x2 is c.",
            ],
            solution="\n\n".join(
                [
                    "Differentiate twice"
                    + (" and evaluate at the point" if at_point else "")
                    + ": "
                    + ", ".join(entries)
                    + ".",
                    f"$$\\nabla^2 f = {latex_matrix(h)}$$",
                ]
            ),
            misconceptions=wrong,
        )

    def _classify(self, rng, difficulty) -> Draft:
        n = 3 if difficulty == 3 else 2
        targets = (
            ["convex", "concave", "neither"]
            if difficulty == 1
            else ["convex", "concave", "trap", "trap", "neither"]
        )
        target = pick(rng, targets)
        while True:
            if target == "convex":
                a = _sym(rng, n, (1, 4), (-2, 2))
            elif target == "concave":
                a = [[-v for v in row] for row in _sym(rng, n, (1, 4), (-2, 2))]
            elif target == "trap":
                sign = pick(rng, [1, -1])
                a = [[sign * v for v in row] for row in _sym(rng, n, (1, 3), (-3, 3))]
            else:
                a = _sym(rng, n, (-3, 3), (-3, 3))
            if any(v == 0 for v in principal_sums(a)[-1:]) and target != "convex":
                continue
            got = _curvature_of_form(a)
            if target == "trap":
                if got == "neither":
                    break
            elif got == target:
                break
        coeffs: dict[tuple[int, ...], Fraction] = {}
        for i in range(n):
            for j in range(i, n):
                e = [0] * n
                e[i] += 1
                e[j] += 1
                coeffs[tuple(e)] = a[i][j] * (1 if i == j else 2)
            e = [0] * n
            e[i] = 1
            coeffs[tuple(e)] = F(draw_int(rng, -3, 3))
        coeffs = {p: c for p, c in coeffs.items() if c}
        h = [[2 * v for v in row] for row in a]
        expected = _curvature_of_form(a)
        minors = principal_sums(h)
        wrong = []
        if _by_diagonal(a) != expected:
            wrong.append(
                Misconception(
                    "misconception:diagonal-only",
                    _by_diagonal(a),
                    "The diagonal entries of the Hessian only give the curvature along the axes; "
                    "definiteness depends on the whole matrix (its eigenvalues or leading minors).",
                )
            )
        cls = definiteness(h)
        steps = [
            f"f is quadratic, so its Hessian is constant: $$\\nabla^2 f = {latex_matrix(h)}$$",
            "Leading principal minors: "
            + ", ".join(
                f"$\\Delta_{k} = {tex_number(determinant([row[:k] for row in h[:k]]))}$"
                for k in range(1, n + 1)
            )
            + "; the sums of principal minors are "
            + ", ".join(f"${tex_number(m)}$" for m in minors)
            + ".",
            f"So $\\nabla^2 f$ is {cls}: f is **{expected}** "
            + {
                "convex": "(Hessian PSD everywhere).",
                "concave": "(Hessian NSD everywhere).",
                "neither": "(the Hessian has a positive and a negative eigenvalue, so f curves "
                "up along one direction and down along another).",
            }[expected],
        ]
        latex = poly_text(coeffs, names_of(n, True), True)
        lask = f"Is $f$ convex, concave, or neither on all of $\\mathbb{{R}}^{n}$?"
        return Draft(
            prompt=f"{lask}\n\n$$f(x) = {latex}$$",
            kind="choice",
            expected=expected,
            data={"form": "classify", "tree": poly_tree(coeffs), "n": n},
            hints=[
                "Compute the Hessian; for a quadratic it does not depend on x.",
                "Convex iff the Hessian is positive semidefinite: check its eigenvalues or "
                "its principal minors, not only the diagonal.",
            ],
            solution="\n\n".join(steps),
            misconceptions=wrong,
            choices=list(SECOND_ORDER_CHOICES),
        )
