"""The subsets of ℝ² the convex-sets exercises ask about: one builder per kind of set, each
returning the set as written, its membership constraints (trees, for the tests) and the
verdict with its reasons.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from dlmath.exercises.base import Misconception
from dlmath.exercises.kit import (
    FractionMatrix,
    determinant,
    draw_int,
    json_matrix,
    json_value,
    pick,
    tex_number,
)
from dlmath.exercises.optimization.convex_terms import (
    affine_tree,
    catalogue,
    definiteness,
    form_value,
    names_of,
    parenthesised,
    point_latex,
    poly_text,
    poly_tree,
    quadratic_form_coeffs,
    shift_text,
    var,
)
from dlmath.expr.literals import latex_matrix

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np

F = Fraction


@dataclass
class PlaneSet:
    """A set of ℝ² as written, its membership constraints and the verdict with reasons.

    ``parts`` is a union of intersections: x is in the set when, for some part, every
    constraint ``{"f": tree, "sense": "<=" or ">=", "alpha": number}`` holds."""

    kind: str
    latex: str
    parts: list[list[dict[str, Any]]]
    convex: bool
    why: list[str]
    misconception: Misconception | None = None
    view: int = 6
    extra: dict[str, Any] = field(default_factory=dict)


def _constraint(tree: Any, sense: str, alpha: Fraction | int) -> dict[str, Any]:
    return {"f": tree, "sense": sense, "alpha": json_value(alpha)}


def _disc(c: tuple[int, int], r: int, sense: str = "<=") -> tuple[dict[str, Any], str]:
    """(x1 − c1)² + (x2 − c2)² ≤ r²: the constraint and its LaTeX."""
    tree = ["add", *(["pow", affine_tree(1, -ci, i), 2] for i, ci in enumerate(c))]
    rel_l = r"\le" if sense == "<=" else r"\ge"
    lat = " + ".join(
        parenthesised(shift_text(n, ci, True), n) + "^2"
        for n, ci in zip(names_of(2, True), c, strict=True)
    )
    return _constraint(tree, sense, r * r), f"{lat} {rel_l} {r * r}"


def _halfspace(rng: np.random.Generator) -> tuple[dict[str, Any], str, tuple[int, int], int]:
    while True:
        a = (draw_int(rng, -3, 3), draw_int(rng, -3, 3))
        if any(a):
            break
    b = draw_int(rng, -4, 4)
    coeffs = {(1, 0): F(a[0]), (0, 1): F(a[1])}
    return (
        _constraint(poly_tree(coeffs), "<=", b),
        f"{poly_text(coeffs, names_of(2, True), True)} \\le {b}",
        a,
        b,
    )


def _set_braces(body_latex: str) -> str:
    return f"\\{{x \\in \\mathbb{{R}}^2 : {body_latex}\\}}"


SMALL_VECTORS = sorted(
    ((i, j) for i in range(-4, 5) for j in range(-4, 5) if (i, j) != (0, 0)),
    key=lambda v: (v[0] ** 2 + v[1] ** 2, v),
)


def _hyperbola_witness(
    a: FractionMatrix,
) -> tuple[tuple[int, int], tuple[int, int], tuple[int, int]]:
    """Points p, q with pᵀAp ≤ 1 and qᵀAq ≤ 1 whose midpoint m has mᵀAm > 1 (A indefinite)."""
    w = next(v for v in SMALL_VECTORS if form_value(a, v) > 0)
    v = next(v for v in SMALL_VECTORS if form_value(a, v) < 0)
    s = 1
    while form_value(a, (s * w[0], s * w[1])) <= 1:
        s += 1
    k = 1
    while True:
        p = (s * w[0] + k * v[0], s * w[1] + k * v[1])
        q = (s * w[0] - k * v[0], s * w[1] - k * v[1])
        if form_value(a, p) <= 1 and form_value(a, q) <= 1:
            return p, q, (s * w[0], s * w[1])
        k += 1


def _sym2(rng: np.random.Generator, target: str) -> FractionMatrix:
    """A symmetric 2×2 integer matrix of the given class (diagonal positive when the
    target is ``indefinite-positive-diagonal``)."""
    while True:
        a11, a22, a12 = draw_int(rng, -3, 3), draw_int(rng, -3, 3), draw_int(rng, -3, 3)
        m = [[F(a11), F(a12)], [F(a12), F(a22)]]
        cls = definiteness(m)
        if target == "indefinite-positive-diagonal":
            if cls == "indefinite" and a11 > 0 and a22 > 0:
                return m
        elif (
            target == "negative"
            and cls in ("negative definite", "negative semidefinite")
            or cls == target
        ):
            return m


def _sublevel_witness(fid: str, alpha: Fraction) -> tuple[tuple, tuple, tuple] | None:
    """Two points of {f ≤ α} whose midpoint is outside, for the non-convex catalogue
    functions."""
    if fid == "bilinear":
        return (2 * alpha, F(1, 2)), (F(1, 2), 2 * alpha), (alpha + F(1, 4), alpha + F(1, 4))
    if fid == "saddle":
        return (F(3), F(3)), (F(3), F(-3)), (F(3), F(0))
    if fid == "root-sum":
        return (alpha**2, F(0)), (F(0), alpha**2), (alpha**2 / 2, alpha**2 / 2)
    return None


class SetBuilders:
    """One method per kind of set; each returns a ``PlaneSet``."""

    def halfspace(self, rng, difficulty) -> PlaneSet:
        con, lat, a, b = _halfspace(rng)
        lat = _set_braces(lat)
        return PlaneSet(
            "halfspace",
            lat,
            [[con]],
            True,
            [
                "It is a halfspace $\\{x : a^T x \\le b\\}$ with "
                f"$a = ({a[0]}, {a[1]})$, $b = {b}$.",
                "If $a^T x \\le b$ and $a^T y \\le b$, then for $0 \\le \\theta \\le 1$: "
                "$a^T(\\theta x + (1-\\theta) y) = \\theta a^T x + (1-\\theta) a^T y \\le b$. "
                "So every segment stays inside: **convex**.",
            ],
        )

    def ball(self, rng, difficulty) -> PlaneSet:
        c = (draw_int(rng, -3, 3), draw_int(rng, -3, 3))
        r = draw_int(rng, 1, 3)
        con, lat = _disc(c, r)
        lat = _set_braces(lat)
        return PlaneSet(
            "ball",
            lat,
            [[con]],
            True,
            [
                f"It is the disc $\\|x - c\\|_2 \\le {r}$ with centre $c = {point_latex(c)}$.",
                "By the triangle inequality, $\\|\\theta x + (1-\\theta)y - c\\| \\le "
                "\\theta\\|x - c\\| + (1-\\theta)\\|y - c\\| \\le r$: **convex**.",
            ],
        )

    def ball_halfspace(self, rng, difficulty) -> PlaneSet:
        c = (draw_int(rng, -2, 2), draw_int(rng, -2, 2))
        r = draw_int(rng, 1, 3)
        disc, dl = _disc(c, r)
        while True:
            half, hl, a, b = _halfspace(rng)
            if a[0] * c[0] + a[1] * c[1] <= b:  # the centre is in the halfspace
                break
        lat = _set_braces(f"{dl},\\ {hl}")
        return PlaneSet(
            "ball-halfspace",
            lat,
            [[disc, half]],
            True,
            [
                f"The set is the intersection of the disc ${dl}$ and the halfspace ${hl}$, both "
                "convex.",
                "An intersection of convex sets is convex: a segment between two points of "
                "the intersection lies in each set, hence in the intersection. **Convex**.",
            ],
        )

    def ball_union(self, rng, difficulty) -> PlaneSet:
        overlapping = difficulty > 1 and rng.random() < 0.5
        while True:
            c1 = (draw_int(rng, -3, 1), draw_int(rng, -3, 3))
            if overlapping:
                r1 = r2 = draw_int(rng, 2, 3)
                d = draw_int(rng, r1 + 1, 2 * r1 - 1)
                c2 = (c1[0] + d, c1[1])
            else:
                r1, r2 = draw_int(rng, 1, 2), draw_int(rng, 1, 2)
                c2 = (draw_int(rng, -3, 3), draw_int(rng, -3, 3))
                gap2 = (c1[0] - c2[0]) ** 2 + (c1[1] - c2[1]) ** 2
                if gap2 <= (r1 + r2) ** 2:
                    continue
            break
        a, al = _disc(c1, r1)
        b, bl = _disc(c2, r2)
        lat = f"\\{{x : {al}\\}} \\cup \\{{x : {bl}\\}}"
        why = ["The set is a union of two discs, neither containing the other."]
        if overlapping:
            p, q = (c1[0], c1[1] + r1), (c2[0], c2[1] + r2)
            m = (F(c1[0] + c2[0], 2), F(c1[1] + r1))
            why.append(
                f"The top points $p = {point_latex(p)}$ and $q = {point_latex(q)}$ lie on the two "
                f"circles, but their midpoint ${point_latex(m)}$ is at distance "
                f"$\\sqrt{{({tex_number(F(d, 2))})^2 + {r1}^2}} > {r1}$ from both centres."
            )
        else:
            why.append(
                f"The centres ${point_latex(c1)}$ and ${point_latex(c2)}$ are $\\sqrt{{{gap2}}}$ "
                "apart, "
                f"more than $r_1 + r_2 = {r1 + r2}$: the discs are disjoint, and the segment "
                "between the centres crosses the gap between them."
            )
        why.append("So a segment between points of the set leaves it: **not convex**.")
        return PlaneSet(
            "ball-union",
            lat,
            [[a], [b]],
            False,
            why,
            Misconception(
                "misconception:union-convex",
                "convex",
                "Each disc is convex, but a union of convex sets usually is not: a segment "
                "from one disc to the other can leave both.",
            ),
        )

    def ball_nested(self, rng, difficulty) -> PlaneSet:
        r1 = draw_int(rng, 3, 4)
        r2 = draw_int(rng, 1, r1 - 1)
        c1 = (draw_int(rng, -1, 1), draw_int(rng, -1, 1))
        while True:
            off = (draw_int(rng, -2, 2), draw_int(rng, -2, 2))
            if any(off) and off[0] ** 2 + off[1] ** 2 <= (r1 - r2) ** 2:
                break
        c2 = (c1[0] + off[0], c1[1] + off[1])
        a, al = _disc(c1, r1)
        b, bl = _disc(c2, r2)
        dist2 = off[0] ** 2 + off[1] ** 2
        return PlaneSet(
            "ball-nested",
            f"\\{{x : {al}\\}} \\cup \\{{x : {bl}\\}}",
            [[a], [b]],
            True,
            [
                f"The centres are $\\sqrt{{{dist2}}}$ apart and "
                f"$\\sqrt{{{dist2}}} + {r2} \\le {r1}$, so the second disc lies inside the first.",
                "The union is therefore the first disc, which is convex: **convex**. (A union "
                "of convex sets is usually not convex, but it can be.)",
            ],
            Misconception(
                "misconception:union-never-convex",
                "not convex",
                "A union of convex sets is not convex in general, but here the second disc lies "
                "inside the first, so the union is just the first disc.",
            ),
        )

    def superlevel(self, rng, difficulty) -> PlaneSet:
        c = (draw_int(rng, -2, 2), draw_int(rng, -2, 2))
        r = draw_int(rng, 1, 2)
        con, lat = _disc(c, r, ">=")
        lat = _set_braces(lat)
        p, q = (c[0] - r - 1, c[1]), (c[0] + r + 1, c[1])
        return PlaneSet(
            "superlevel",
            lat,
            [[con]],
            False,
            [
                f"The set is everything outside the open disc of radius {r} around "
                f"${point_latex(c)}$.",
                f"$p = {point_latex(p)}$ and $q = {point_latex(q)}$ are in it, but their "
                "midpoint, the "
                "centre, is not. **Not convex**.",
            ],
            Misconception(
                "misconception:superlevel-convex",
                "convex",
                "(x1 − c1)² + (x2 − c2)² is convex, but its superlevel set {f ≥ r²} (the "
                "outside of a disc) is not: the segment through the centre leaves it.",
            ),
        )

    def quadric(self, rng, difficulty) -> PlaneSet:
        if difficulty == 2:
            target = pick(rng, ["positive definite", "indefinite-positive-diagonal"])
        else:
            target = pick(
                rng,
                ["indefinite", "indefinite-positive-diagonal", "positive semidefinite", "negative"],
            )
        a = _sym2(rng, target)
        coeffs = quadratic_form_coeffs(a)
        lat = _set_braces(f"{poly_text(coeffs, names_of(2, True), True)} \\le 1")
        cls = definiteness(a)
        why = [
            f"The set is $\\{{x : x^T A x \\le 1\\}}$ with $A = {latex_matrix(a)}$: "
            f"$\\operatorname{{tr}} A = {tex_number(a[0][0] + a[1][1])}$, $\\det A = "
            f"{tex_number(determinant(a))}$, so "
            f"$A$ is {cls}."
        ]
        misconception = None
        if cls == "indefinite":
            p, q, m = _hyperbola_witness(a)
            why += [
                f"$x^T A x$ takes both signs; the set lies between the branches of a "
                f"hyperbola. For instance $p = {point_latex(p)}$ and $q = {point_latex(q)}$ give "
                f"$p^T A p = {tex_number(form_value(a, p))}$ and $q^T A q = "
                f"{tex_number(form_value(a, q))}$, "
                f"both $\\le 1$, but their midpoint ${point_latex(m)}$ gives "
                f"${tex_number(form_value(a, m))} > 1$. **Not convex**."
            ]
            if a[0][0] > 0 and a[1][1] > 0:
                misconception = Misconception(
                    "misconception:diagonal-only",
                    "convex",
                    "The diagonal entries are positive, but det A < 0: A is indefinite, so "
                    "xᵀAx ≤ 1 lies between two branches of a hyperbola, not inside an ellipse.",
                )
        elif cls.startswith("negative"):
            why.append(
                "Then $x^T A x \\le 0 \\le 1$ for every $x$: the set is the whole plane, which "
                "is **convex**."
            )
            misconception = Misconception(
                "misconception:quadric-whole-plane",
                "not convex",
                "With A negative (semi)definite, xᵀAx ≤ 0 ≤ 1 for every x: the set is the "
                "whole plane, which is convex.",
            )
        else:
            why.append(
                "$x \\mapsto x^T A x$ is convex for PSD $A$ (its Hessian $2A \\succeq 0$), and a "
                "sublevel set of a convex function is convex"
                + (" (an ellipse)" if cls == "positive definite" else " (a strip)")
                + ": **convex**."
            )
        return PlaneSet(
            "quadric",
            lat,
            [[_constraint(poly_tree(coeffs), "<=", 1)]],
            cls != "indefinite",
            why,
            misconception,
            view=4,
            extra={"A": json_matrix(a)},
        )

    def _level(self, entry: dict[str, Any], alpha: int, sense: str = "<=") -> str:
        rel_l = r"\le" if sense == "<=" else r"\ge"
        return _set_braces(f"{entry['latex']} {rel_l} {alpha}")

    def sublevel(self, rng, difficulty) -> PlaneSet:
        entry = pick(rng, [f for f in catalogue()["function2"] if f["curvature"] == "convex"])
        alpha = pick(rng, entry["levels"])
        lat = self._level(entry, alpha)
        return PlaneSet(
            "sublevel",
            lat,
            [[_constraint(entry["tree"], "<=", alpha)]],
            True,
            [
                f"$f(x) = {entry['latex']}$ is convex (a sum or maximum of convex functions, "
                "or a norm).",
                f"If $f(x) \\le {alpha}$ and $f(y) \\le {alpha}$, convexity gives "
                f"$f(\\theta x + (1-\\theta)y) \\le \\theta f(x) + (1-\\theta) f(y) \\le {alpha}$: "
                "sublevel sets of convex functions are **convex**.",
            ],
        )

    def nonconvex_sublevel(self, rng, difficulty) -> PlaneSet:
        entry = pick(
            rng,
            [f for f in catalogue()["function2"] if f["id"] in ("bilinear", "saddle", "root-sum")],
        )
        alpha = pick(rng, entry["levels"])
        lat = self._level(entry, alpha)
        p, q, m = _sublevel_witness(entry["id"], F(alpha))
        return PlaneSet(
            "nonconvex-sublevel",
            lat,
            [[_constraint(entry["tree"], "<=", alpha)]],
            False,
            [
                f"$f(x) = {entry['latex']}$ is not convex, so nothing guarantees a convex "
                "sublevel set; look for a segment that leaves it.",
                f"$p = {point_latex(p)}$ and $q = {point_latex(q)}$ satisfy $f \\le {alpha}$, but "
                "their "
                f"midpoint ${point_latex(m)}$ does not. **Not convex**.",
            ],
            Misconception(
                "misconception:sublevel-always-convex",
                "convex",
                "Sublevel sets are guaranteed convex only for convex (or quasi-convex) "
                f"functions; {entry['text']} is neither, and a segment leaves this set.",
            ),
            view=max(4, 2 * alpha + 1) if entry["id"] != "root-sum" else alpha * alpha + 1,
        )

    def quasiconvex_sublevel(self, rng, difficulty) -> PlaneSet:
        entry = pick(rng, [f for f in catalogue()["function2"] if f.get("quasiconvex")])
        alpha = pick(rng, entry["levels"])
        lat = self._level(entry, alpha)
        if entry["id"] == "log-bowl":
            inner = f"x_1^2 + x_2^2 \\le e^{{{alpha}}} - 1"
            shape = "a disc"
        else:
            inner = f"|x_1| + |x_2| \\le {alpha * alpha}"
            shape = "a diamond"
        return PlaneSet(
            "quasiconvex-sublevel",
            lat,
            [[_constraint(entry["tree"], "<=", alpha)]],
            True,
            [
                f"$f(x) = {entry['latex']}$ is not convex, but it is an increasing function of "
                "a convex one (quasi-convex).",
                f"So $f(x) \\le {alpha}$ exactly when ${inner}$: {shape}, which is **convex**.",
            ],
            Misconception(
                "misconception:needs-convex-function",
                "not convex",
                "The function is not convex, but that does not make its sublevel sets "
                "non-convex: it is an increasing function of a convex one, so {f ≤ α} is "
                "a sublevel set of that convex function.",
            ),
            view=4,
        )

    def hyperbolic(self, rng, difficulty) -> PlaneSet:
        alpha = draw_int(rng, 1, 3)
        bilinear = next(f for f in catalogue()["function2"] if f["id"] == "bilinear")
        lat = _set_braces(f"x_1 x_2 \\ge {alpha},\\ x_1 \\ge 0")
        return PlaneSet(
            "hyperbolic",
            lat,
            [[_constraint(bilinear["tree"], ">=", alpha), _constraint(var(0), ">=", 0)]],
            True,
            [
                f"With $x_1 \\ge 0$, $x_1 x_2 \\ge {alpha}$ forces $x_1 > 0$ and "
                f"$x_2 \\ge {alpha}/x_1$.",
                f"So the set is the epigraph of $g(x_1) = {alpha}/x_1$ on $x_1 > 0$, and $g$ is "
                f"convex ($g'' = {2 * alpha}/x_1^3 > 0$). The epigraph of a convex function is "
                "**convex**.",
            ],
            Misconception(
                "misconception:needs-convex-function",
                "not convex",
                "x1·x2 is not convex, yet on x1 > 0 the set {x1·x2 ≥ α} is the region above "
                "the convex curve x2 = α/x1, which is convex.",
            ),
            view=5,
        )


SET_KINDS = {
    1: ["halfspace", "ball", "ball_union", "ball_halfspace", "superlevel"],
    2: ["ball_union", "ball_halfspace", "superlevel", "quadric", "quadric", "sublevel"],
    3: [
        "quadric",
        "quadric",
        "ball_union",
        "ball_nested",
        "nonconvex_sublevel",
        "quasiconvex_sublevel",
        "hyperbolic",
    ],
}
