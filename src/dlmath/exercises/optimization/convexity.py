"""Convexity (Kolter, Convex Optimization Overview, sections 2-3): convex sets, convex
functions, the first- and second-order conditions, Jensen's inequality and sublevel sets.

Sets and functions are drawn from the catalogue in ``convexity.toml`` or built from
random integers; ``data`` stores each function as a tree so a test can rebuild it. The
truth comes from the rules of convex analysis (or exact arithmetic), never from sampling.
Problems, optima and the special classes (section 4) are in ``convex_problems``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from math import isqrt
from typing import TYPE_CHECKING, Any

from dlmath.exercises.base import Draft, Generator, Misconception
from dlmath.exercises.optimization import convex_problems  # noqa: F401  (registers)
from dlmath.exercises.optimization.convex_terms import (
    CURVATURES,
    Matrix,
    affine_text,
    affine_tree,
    catalogue,
    combo,
    dedupe,
    definiteness,
    det,
    draw_int,
    draw_nonzero,
    json_matrix,
    json_number,
    lx,
    names_of,
    parenthesised,
    pick,
    poly_text,
    poly_tree,
    principal_sums,
    rounded_key,
    scaled,
    shift_text,
    substitute,
    t,
    var,
)
from dlmath.exercises.registry import register
from dlmath.expr.literals import latex_matrix, matrix_text

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np

F = Fraction

# ---------------------------------------------------------------------------------------
# optimization.convex-sets
# ---------------------------------------------------------------------------------------

SET_CHOICES = ["convex", "not convex"]


@dataclass
class _Set:
    """A set of ℝ² as written, its membership constraints and the verdict with reasons.

    ``parts`` is a union of intersections: x is in the set when, for some part, every
    constraint ``{"f": tree, "sense": "<=" or ">=", "alpha": number}`` holds."""

    kind: str
    latex: str
    text: str
    parts: list[list[dict[str, Any]]]
    convex: bool
    why: list[str]
    misconception: Misconception | None = None
    view: int = 6
    extra: dict[str, Any] = field(default_factory=dict)


def _constraint(tree: Any, sense: str, alpha: Fraction | int) -> dict[str, Any]:
    return {"f": tree, "sense": sense, "alpha": json_number(alpha)}


def _point(p) -> str:
    return "(" + ", ".join(t(v) for v in p) + ")"


def _lpoint(p) -> str:
    return "(" + ", ".join(lx(v) for v in p) + ")"


def _disc(c: tuple[int, int], r: int, sense: str = "<=") -> tuple[dict[str, Any], str, str]:
    """(x1 − c1)² + (x2 − c2)² ≤ r²: the constraint, its LaTeX and its text."""
    tree = ["add", *(["pow", affine_tree(1, -ci, i), 2] for i, ci in enumerate(c))]
    rel_l, rel_t = (r"\le", "≤") if sense == "<=" else (r"\ge", "≥")
    lat = " + ".join(
        parenthesised(shift_text(n, ci, True), n) + "^2"
        for n, ci in zip(names_of(2, True), c, strict=True)
    )
    txt = " + ".join(
        parenthesised(shift_text(n, ci), n) + "²"
        for n, ci in zip(names_of(2, False), c, strict=True)
    )
    return _constraint(tree, sense, r * r), f"{lat} {rel_l} {r * r}", f"{txt} {rel_t} {r * r}"


def _halfspace(rng: np.random.Generator) -> tuple[dict[str, Any], str, str, tuple[int, int], int]:
    while True:
        a = (draw_int(rng, -3, 3), draw_int(rng, -3, 3))
        if any(a):
            break
    b = draw_int(rng, -4, 4)
    coeffs = {(1, 0): F(a[0]), (0, 1): F(a[1])}
    return (
        _constraint(poly_tree(coeffs), "<=", b),
        f"{poly_text(coeffs, names_of(2, True), True)} \\le {b}",
        f"{poly_text(coeffs, names_of(2, False))} ≤ {b}",
        a,
        b,
    )


def _set_braces(body_latex: str, body_text: str) -> tuple[str, str]:
    return (
        f"\\{{x \\in \\mathbb{{R}}^2 : {body_latex}\\}}",
        f"{{x ∈ ℝ² : {body_text}}}",
    )


def _quadratic_form_coeffs(a: Matrix) -> dict[tuple[int, ...], Fraction]:
    return {(2, 0): a[0][0], (1, 1): 2 * a[0][1], (0, 2): a[1][1]}


def _form_value(a: Matrix, x) -> Fraction:
    return a[0][0] * x[0] ** 2 + 2 * a[0][1] * x[0] * x[1] + a[1][1] * x[1] ** 2


SMALL_VECTORS = sorted(
    ((i, j) for i in range(-4, 5) for j in range(-4, 5) if (i, j) != (0, 0)),
    key=lambda v: (v[0] ** 2 + v[1] ** 2, v),
)


def _hyperbola_witness(a: Matrix) -> tuple[tuple[int, int], tuple[int, int], tuple[int, int]]:
    """Points p, q with pᵀAp ≤ 1 and qᵀAq ≤ 1 whose midpoint m has mᵀAm > 1 (A indefinite)."""
    w = next(v for v in SMALL_VECTORS if _form_value(a, v) > 0)
    v = next(v for v in SMALL_VECTORS if _form_value(a, v) < 0)
    s = 1
    while _form_value(a, (s * w[0], s * w[1])) <= 1:
        s += 1
    k = 1
    while True:
        p = (s * w[0] + k * v[0], s * w[1] + k * v[1])
        q = (s * w[0] - k * v[0], s * w[1] - k * v[1])
        if _form_value(a, p) <= 1 and _form_value(a, q) <= 1:
            return p, q, (s * w[0], s * w[1])
        k += 1


def _sym2(rng: np.random.Generator, target: str) -> Matrix:
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


class _SetBuilders:
    """One method per kind of set; each returns a ``_Set``."""

    def halfspace(self, rng, difficulty) -> _Set:
        con, lat, txt, a, b = _halfspace(rng)
        lat, txt = _set_braces(lat, txt)
        return _Set(
            "halfspace",
            lat,
            txt,
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

    def ball(self, rng, difficulty) -> _Set:
        c = (draw_int(rng, -3, 3), draw_int(rng, -3, 3))
        r = draw_int(rng, 1, 3)
        con, lat, txt = _disc(c, r)
        lat, txt = _set_braces(lat, txt)
        return _Set(
            "ball",
            lat,
            txt,
            [[con]],
            True,
            [
                f"It is the disc $\\|x - c\\|_2 \\le {r}$ with centre $c = {_lpoint(c)}$.",
                "By the triangle inequality, $\\|\\theta x + (1-\\theta)y - c\\| \\le "
                "\\theta\\|x - c\\| + (1-\\theta)\\|y - c\\| \\le r$: **convex**.",
            ],
        )

    def ball_halfspace(self, rng, difficulty) -> _Set:
        c = (draw_int(rng, -2, 2), draw_int(rng, -2, 2))
        r = draw_int(rng, 1, 3)
        disc, dl, dt = _disc(c, r)
        while True:
            half, hl, ht, a, b = _halfspace(rng)
            if a[0] * c[0] + a[1] * c[1] <= b:  # the centre is in the halfspace
                break
        lat, txt = _set_braces(f"{dl},\\ {hl}", f"{dt}, {ht}")
        return _Set(
            "ball-halfspace",
            lat,
            txt,
            [[disc, half]],
            True,
            [
                f"The set is the intersection of the disc ${dl}$ and the halfspace ${hl}$, both "
                "convex.",
                "An intersection of convex sets is convex: a segment between two points of "
                "the intersection lies in each set, hence in the intersection. **Convex**.",
            ],
        )

    def ball_union(self, rng, difficulty) -> _Set:
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
        a, al, at = _disc(c1, r1)
        b, bl, bt = _disc(c2, r2)
        lat = f"\\{{x : {al}\\}} \\cup \\{{x : {bl}\\}}"
        txt = f"{{x : {at}}} ∪ {{x : {bt}}}"
        why = ["The set is a union of two discs, neither containing the other."]
        if overlapping:
            p, q = (c1[0], c1[1] + r1), (c2[0], c2[1] + r2)
            m = (F(c1[0] + c2[0], 2), F(c1[1] + r1))
            why.append(
                f"The top points $p = {_lpoint(p)}$ and $q = {_lpoint(q)}$ lie on the two "
                f"circles, but their midpoint ${_lpoint(m)}$ is at distance "
                f"$\\sqrt{{({lx(F(d, 2))})^2 + {r1}^2}} > {r1}$ from both centres."
            )
        else:
            why.append(
                f"The centres ${_lpoint(c1)}$ and ${_lpoint(c2)}$ are $\\sqrt{{{gap2}}}$ apart, "
                f"more than $r_1 + r_2 = {r1 + r2}$: the discs are disjoint, and the segment "
                "between the centres crosses the gap between them."
            )
        why.append("So a segment between points of the set leaves it: **not convex**.")
        return _Set(
            "ball-union",
            lat,
            txt,
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

    def ball_nested(self, rng, difficulty) -> _Set:
        r1 = draw_int(rng, 3, 4)
        r2 = draw_int(rng, 1, r1 - 1)
        c1 = (draw_int(rng, -1, 1), draw_int(rng, -1, 1))
        while True:
            off = (draw_int(rng, -2, 2), draw_int(rng, -2, 2))
            if any(off) and off[0] ** 2 + off[1] ** 2 <= (r1 - r2) ** 2:
                break
        c2 = (c1[0] + off[0], c1[1] + off[1])
        a, al, at = _disc(c1, r1)
        b, bl, bt = _disc(c2, r2)
        dist2 = off[0] ** 2 + off[1] ** 2
        return _Set(
            "ball-nested",
            f"\\{{x : {al}\\}} \\cup \\{{x : {bl}\\}}",
            f"{{x : {at}}} ∪ {{x : {bt}}}",
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

    def superlevel(self, rng, difficulty) -> _Set:
        c = (draw_int(rng, -2, 2), draw_int(rng, -2, 2))
        r = draw_int(rng, 1, 2)
        con, lat, txt = _disc(c, r, ">=")
        lat, txt = _set_braces(lat, txt)
        p, q = (c[0] - r - 1, c[1]), (c[0] + r + 1, c[1])
        return _Set(
            "superlevel",
            lat,
            txt,
            [[con]],
            False,
            [
                f"The set is everything outside the open disc of radius {r} around ${_lpoint(c)}$.",
                f"$p = {_lpoint(p)}$ and $q = {_lpoint(q)}$ are in it, but their midpoint, the "
                "centre, is not. **Not convex**.",
            ],
            Misconception(
                "misconception:superlevel-convex",
                "convex",
                "(x1 − c1)² + (x2 − c2)² is convex, but its superlevel set {f ≥ r²} (the "
                "outside of a disc) is not: the segment through the centre leaves it.",
            ),
        )

    def quadric(self, rng, difficulty) -> _Set:
        if difficulty == 2:
            target = pick(rng, ["positive definite", "indefinite-positive-diagonal"])
        else:
            target = pick(
                rng,
                ["indefinite", "indefinite-positive-diagonal", "positive semidefinite", "negative"],
            )
        a = _sym2(rng, target)
        coeffs = _quadratic_form_coeffs(a)
        lat, txt = _set_braces(
            f"{poly_text(coeffs, names_of(2, True), True)} \\le 1",
            f"{poly_text(coeffs, names_of(2, False))} ≤ 1",
        )
        cls = definiteness(a)
        why = [
            f"The set is $\\{{x : x^T A x \\le 1\\}}$ with $A = {latex_matrix(a)}$: "
            f"$\\operatorname{{tr}} A = {lx(a[0][0] + a[1][1])}$, $\\det A = {lx(det(a))}$, so "
            f"$A$ is {cls}."
        ]
        misconception = None
        if cls == "indefinite":
            p, q, m = _hyperbola_witness(a)
            why += [
                f"$x^T A x$ takes both signs; the set lies between the branches of a "
                f"hyperbola. For instance $p = {_lpoint(p)}$ and $q = {_lpoint(q)}$ give "
                f"$p^T A p = {lx(_form_value(a, p))}$ and $q^T A q = {lx(_form_value(a, q))}$, "
                f"both $\\le 1$, but their midpoint ${_lpoint(m)}$ gives "
                f"${lx(_form_value(a, m))} > 1$. **Not convex**."
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
        return _Set(
            "quadric",
            lat,
            txt,
            [[_constraint(poly_tree(coeffs), "<=", 1)]],
            cls != "indefinite",
            why,
            misconception,
            view=4,
            extra={"A": json_matrix(a)},
        )

    def _level(self, entry: dict[str, Any], alpha: int, sense: str = "<=") -> tuple[str, str]:
        rel_l, rel_t = (r"\le", "≤") if sense == "<=" else (r"\ge", "≥")
        return _set_braces(f"{entry['latex']} {rel_l} {alpha}", f"{entry['text']} {rel_t} {alpha}")

    def sublevel(self, rng, difficulty) -> _Set:
        entry = pick(rng, [f for f in catalogue()["function2"] if f["curvature"] == "convex"])
        alpha = pick(rng, entry["levels"])
        lat, txt = self._level(entry, alpha)
        return _Set(
            "sublevel",
            lat,
            txt,
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

    def nonconvex_sublevel(self, rng, difficulty) -> _Set:
        entry = pick(
            rng,
            [f for f in catalogue()["function2"] if f["id"] in ("bilinear", "saddle", "root-sum")],
        )
        alpha = pick(rng, entry["levels"])
        lat, txt = self._level(entry, alpha)
        p, q, m = _sublevel_witness(entry["id"], F(alpha))
        return _Set(
            "nonconvex-sublevel",
            lat,
            txt,
            [[_constraint(entry["tree"], "<=", alpha)]],
            False,
            [
                f"$f(x) = {entry['latex']}$ is not convex, so nothing guarantees a convex "
                "sublevel set; look for a segment that leaves it.",
                f"$p = {_lpoint(p)}$ and $q = {_lpoint(q)}$ satisfy $f \\le {alpha}$, but their "
                f"midpoint ${_lpoint(m)}$ does not. **Not convex**.",
            ],
            Misconception(
                "misconception:sublevel-always-convex",
                "convex",
                "Sublevel sets are guaranteed convex only for convex (or quasi-convex) "
                f"functions; {entry['text']} is neither, and a segment leaves this set.",
            ),
            view=max(4, 2 * alpha + 1) if entry["id"] != "root-sum" else alpha * alpha + 1,
        )

    def quasiconvex_sublevel(self, rng, difficulty) -> _Set:
        entry = pick(rng, [f for f in catalogue()["function2"] if f.get("quasiconvex")])
        alpha = pick(rng, entry["levels"])
        lat, txt = self._level(entry, alpha)
        if entry["id"] == "log-bowl":
            inner = f"x_1^2 + x_2^2 \\le e^{{{alpha}}} - 1"
            shape = "a disc"
        else:
            inner = f"|x_1| + |x_2| \\le {alpha * alpha}"
            shape = "a diamond"
        return _Set(
            "quasiconvex-sublevel",
            lat,
            txt,
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

    def hyperbolic(self, rng, difficulty) -> _Set:
        alpha = draw_int(rng, 1, 3)
        bilinear = next(f for f in catalogue()["function2"] if f["id"] == "bilinear")
        lat, txt = _set_braces(f"x_1 x_2 \\ge {alpha},\\ x_1 \\ge 0", f"x1·x2 ≥ {alpha}, x1 ≥ 0")
        return _Set(
            "hyperbolic",
            lat,
            txt,
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


@register
class ConvexSets(Generator):
    """Is this subset of ℝ² convex? Halfspaces, discs, intersections, unions, quadrics
    xᵀAx ≤ 1 and level sets; traps at higher difficulty (nested unions, a negative
    definite quadric, quasi-convex functions with convex sublevel sets)."""

    skill = "optimization.convex-sets"
    version = 1

    def generate(self, rng: np.random.Generator, difficulty: int) -> Draft:
        kind = pick(rng, SET_KINDS[difficulty])
        case: _Set = getattr(_SetBuilders(), kind)(rng, difficulty)
        expected = "convex" if case.convex else "not convex"
        ask = "Is this set convex? Answer convex or not convex."
        misconceptions = dedupe(expected, [case.misconception] if case.misconception else [])
        return Draft(
            prompt=f"{ask}\n\n$$S = {case.latex}$$",
            text=f"{ask}\n\n    S = {case.text}",
            kind="choice",
            expected=expected,
            data={"set": case.kind, "parts": case.parts, "view": case.view, **case.extra},
            hints=[
                "A set is convex when the segment between any two of its points stays in it.",
                "Halfspaces, balls and sublevel sets of convex functions are convex, and so are "
                "intersections of convex sets; unions and superlevel sets need a closer look.",
            ],
            solution="\n\n".join(case.why),
            misconceptions=misconceptions,
            choices=list(SET_CHOICES),
        )


# ---------------------------------------------------------------------------------------
# optimization.convex-functions
# ---------------------------------------------------------------------------------------

SHOWN = {"convex": "convex", "concave": "concave", "affine": "both (affine)", "neither": "neither"}
COEFFICIENTS = [F(1), F(1), F(2), F(3), F(-1), F(-2), F(1, 2)]


def _flip(curvature: str) -> str:
    return {"convex": "concave", "concave": "convex"}.get(curvature, curvature)


def _sum_curvature(parts: list[str]) -> str | None:
    """The curvature of a sum by the rules, or None when the rules do not decide."""
    kinds = {p for p in parts if p != "affine"}
    if not kinds:
        return "affine"
    if len(kinds) == 1 and kinds <= {"convex", "concave"}:
        return kinds.pop()
    return None


@dataclass
class _Term:
    """c · atom(a x + b), written out."""

    c: Fraction
    atom: dict[str, Any]
    a: int
    b: int

    def body(self, latex: bool) -> str:
        u = affine_text(self.a, self.b, "x", latex)
        return (
            self.atom["latex" if latex else "text"].replace("@p", parenthesised(u)).replace("@u", u)
        )

    def tree(self) -> Any:
        return scaled(self.c, substitute(self.atom["tree"], affine_tree(self.a, self.b)))

    @property
    def curvature(self) -> str:
        own = self.atom["curvature"]
        return _flip(own) if self.c < 0 else own


def _term(rng: np.random.Generator, atoms: list[dict[str, Any]], plain: bool) -> _Term:
    atom = pick(rng, atoms)
    c = pick(rng, COEFFICIENTS)
    if plain:
        return _Term(c, atom, 1, 0)
    if atom["domain"] == "positive":
        return _Term(c, atom, pick(rng, [1, 1, 2, 3]), 0)
    return _Term(c, atom, pick(rng, [1, 1, 2, -1, 3]), draw_int(rng, -2, 2))


def _terms_text(terms: list[_Term], linear: tuple[int, int], latex: bool) -> str:
    pieces = [(term.c, term.body(latex)) for term in terms]
    pieces += [(F(linear[0]), "x"), (F(linear[1]), "")]
    return combo(pieces, latex)


@register
class ConvexFunctions(Generator):
    """Convex, concave, both or neither: the common functions, nonnegative sums, maxima
    of affine functions and compositions, decided by the rules; traps (products,
    compositions, domains) from the catalogue at difficulty 3."""

    skill = "optimization.convex-functions"
    version = 1

    def generate(self, rng: np.random.Generator, difficulty: int) -> Draft:
        form = pick(
            rng,
            {
                1: ["atom", "atom", "atom", "affine", "max-affine"],
                2: ["sum", "sum", "max-affine", "min-affine", "composition", "special"],
                3: ["special", "special", "special", "sum", "composition"],
            }[difficulty],
        )
        built = getattr(self, "_" + form.replace("-", "_"))(rng, difficulty)
        latex, text, tree, domain, curvature, steps, wrong = built
        expected = SHOWN[curvature]
        where = " for x > 0" if form != "special" and domain == ["positive"] else ""
        lwhere = where.replace("x > 0", "$x > 0$")
        ask = "Is this function convex, concave, both (affine), or neither?"
        return Draft(
            prompt=f"{ask}\n\n$$f(x) = {latex}$$" + (f"\n\n(defined{lwhere})" if where else ""),
            text=f"{ask}\n\n    f(x) = {text}" + (f"\n    (defined{where})" if where else ""),
            kind="choice",
            expected=expected,
            data={"form": form, "tree": tree, "vars": len(domain), "domain": domain},
            hints=[
                "Convex: the chord between two points of the graph lies above the graph; for a "
                "twice-differentiable function of one variable, f'' ≥ 0 on the domain.",
                "Nonnegative sums of convex functions are convex, a negative factor swaps convex "
                "and concave, a maximum of convex functions is convex, and composing with an "
                "affine map keeps curvature.",
            ],
            solution="\n\n".join([*steps, f"So $f$ is **{expected}**."]),
            misconceptions=dedupe(expected, wrong),
            choices=list(CURVATURES),
        )

    def _atom(self, rng, difficulty):
        term = _term(rng, catalogue()["atom"], plain=True)
        domain = [term.atom["domain"]]
        steps = [
            f"{term.atom['why']}, so ${_Term(F(1), term.atom, 1, 0).body(True)}$ is "
            f"{term.atom['curvature']}."
        ]
        wrong = []
        if term.c < 0:
            steps.append(
                f"Multiplying by ${lx(term.c)} < 0$ turns convex into concave and back"
                + (" (neither stays neither)." if term.curvature == "neither" else ".")
            )
            if term.atom["curvature"] in ("convex", "concave"):
                wrong.append(
                    Misconception(
                        "misconception:ignored-sign",
                        SHOWN[term.atom["curvature"]],
                        f"The factor {t(term.c)} is negative: −f is concave when f is convex, and "
                        "convex when f is concave.",
                    )
                )
        elif "misconception" in term.atom:
            m = term.atom["misconception"]
            wrong.append(Misconception(m["code"], m["answer"], m["feedback"]))
        return (
            combo([(term.c, term.body(True))], True),
            combo([(term.c, term.body(False))], False),
            term.tree(),
            domain,
            term.curvature,
            steps,
            wrong,
        )

    def _affine(self, rng, difficulty):
        a, b = draw_nonzero(rng, -4, 4), draw_int(rng, -5, 5)
        return (
            affine_text(a, b, "x", True),
            affine_text(a, b),
            affine_tree(a, b),
            ["R"],
            "affine",
            [
                "$f$ is affine: every chord lies on the graph, so $f(\\theta x + (1-\\theta)y) = "
                "\\theta f(x) + (1-\\theta) f(y)$ with equality; it is both convex and concave "
                "($f'' = 0$)."
            ],
            [
                Misconception(
                    "misconception:affine-not-concave",
                    "convex",
                    "An affine function is convex, but also concave: its chords lie on the graph, "
                    "so both inequalities hold with equality.",
                )
            ],
        )

    def _max_affine(self, rng, difficulty, kind: str = "max"):
        count = 2 if difficulty < 3 else 3
        while True:
            slopes = [draw_int(rng, -3, 3) for _ in range(count)]
            if len(set(slopes)) < count:
                continue
            pieces = [(s, draw_int(rng, -3, 3)) for s in slopes]
            crossings = [
                F(b2 - b1, a1 - a2)
                for i, (a1, b1) in enumerate(pieces)
                for a2, b2 in pieces[i + 1 :]
            ]
            if all(abs(x) <= 3 for x in crossings):  # the kinks are in view
                break
        lat = f"\\{kind}(" + ", ".join(affine_text(a, b, "x", True) for a, b in pieces) + ")"
        txt = f"{kind}(" + ", ".join(affine_text(a, b) for a, b in pieces) + ")"
        tree = [kind, *(affine_tree(a, b) for a, b in pieces)]
        if kind == "max":
            steps = [
                "Each piece is affine (convex), the slopes differ, and a pointwise maximum of "
                "convex functions is convex: $\\max_i f_i(\\theta x + (1-\\theta)y) \\le "
                "\\theta \\max_i f_i(x) + (1-\\theta) \\max_i f_i(y)$.",
                "The graph bends upward where the pieces cross, so it is not affine.",
            ]
            wrong = [
                Misconception(
                    "misconception:max-of-affine",
                    "both (affine)",
                    "Each piece is affine, but the maximum bends where the pieces cross: a "
                    "maximum of affine functions with different slopes is convex, not affine.",
                )
            ]
            return lat, txt, tree, ["R"], "convex", steps, wrong
        steps = [
            "Each piece is affine, so each is concave; a pointwise minimum of concave functions "
            "is concave ($\\min_i f_i = -\\max_i (-f_i)$). The slopes differ, so it is not affine."
        ]
        wrong = [
            Misconception(
                "misconception:min-is-convex",
                "convex",
                "The maximum of affine functions is convex; the minimum is concave: "
                "min(f, g) = −max(−f, −g).",
            )
        ]
        return lat, txt, tree, ["R"], "concave", steps, wrong

    def _min_affine(self, rng, difficulty):
        return self._max_affine(rng, difficulty, "min")

    def _sum(self, rng, difficulty):
        atoms = [a for a in catalogue()["atom"] if a["curvature"] in ("convex", "concave")]
        count = 2 if difficulty < 3 else 3
        while True:
            terms = [_term(rng, atoms, plain=False) for _ in range(count)]
            if len({term.atom["id"] for term in terms}) < count:
                continue
            curvature = _sum_curvature([term.curvature for term in terms])
            if curvature is not None:
                break
        linear = (draw_int(rng, -3, 3), draw_int(rng, -3, 3))
        positive = any(term.atom["domain"] == "positive" for term in terms)
        steps = []
        for term in terms:
            steps.append(
                f"${combo([(term.c, term.body(True))], True)}$: "
                f"{term.atom['why']}; composing with the affine "
                f"${affine_text(term.a, term.b, 'x', True)}$ keeps that, and the factor "
                f"${lx(term.c)}$ makes it **{term.curvature}**."
            )
        if any(linear):
            steps.append(
                f"${affine_text(linear[0], linear[1], 'x', True)}$ is affine and changes nothing."
            )
        steps.append(f"A sum of {curvature} functions is {curvature}.")
        tree = (
            ["add", *(term.tree() for term in terms), affine_tree(linear[0], linear[1])]
            if any(linear)
            else ["add", *(term.tree() for term in terms)]
        )
        return (
            _terms_text(terms, linear, True),
            _terms_text(terms, linear, False),
            tree,
            ["positive" if positive else "R"],
            curvature,
            steps,
            [],
        )

    def _composition(self, rng, difficulty):
        atoms = [
            a for a in catalogue()["atom"] if a["curvature"] == "convex" and a["domain"] == "R"
        ]
        while True:
            term = _term(rng, atoms, plain=False)
            if term.c > 0 and term.atom["id"] in ("square", "abs", "softplus"):
                break
        inner_l, inner_t = (
            combo([(term.c, term.body(True))], True),
            combo([(term.c, term.body(False))]),
        )
        steps = [
            f"The inner function $g(x) = {inner_l}$ is convex: {term.atom['why']}, with an affine "
            "argument and a positive factor.",
            "The outer function $e^u$ is convex and nondecreasing, so $e^{g(x)}$ is convex: "
            "$e^{g(\\theta x + (1-\\theta)y)} \\le e^{\\theta g(x) + (1-\\theta) g(y)} \\le "
            "\\theta e^{g(x)} + (1-\\theta) e^{g(y)}$.",
        ]
        wrong = [
            Misconception(
                "misconception:composition-neither",
                "neither",
                "Composition rule: a convex nondecreasing function (eᵘ) of a convex function is "
                "convex.",
            )
        ]
        return (
            f"e^{{{inner_l}}}",
            f"exp({inner_t})",
            ["exp", term.tree()],
            ["R"],
            "convex",
            steps,
            wrong,
        )

    def _special(self, rng, difficulty):
        entries = [e for e in catalogue()["special"] if e["difficulty"] == difficulty] or [
            e for e in catalogue()["special"] if e["difficulty"] == 3
        ]
        entry = pick(rng, entries)
        wrong = []
        if "misconception" in entry:
            m = entry["misconception"]
            wrong.append(Misconception(m["code"], m["answer"], m["feedback"]))
        return (
            entry["latex"],
            entry["text"],
            entry["tree"],
            entry["domain"],
            entry["curvature"],
            [entry["why"]],
            wrong,
        )


# ---------------------------------------------------------------------------------------
# Exact values with exp and log: {("exp", 2): 3, ("1", 0): -1} is 3e² − 1
# ---------------------------------------------------------------------------------------

Value = dict[tuple[str, Fraction], Fraction]
ONE = ("1", F(0))


def _const(c) -> Value:
    return {ONE: F(c)} if c else {}


def _exp(k, c=1) -> Value:
    return _const(c) if k == 0 else ({("exp", F(k)): F(c)} if c else {})


def _log(k, c=1) -> Value:
    return {} if k == 1 or not c else {("log", F(k)): F(c)}


def _vsum(*values: Value) -> Value:
    out: Value = {}
    for v in values:
        for key, c in v.items():
            out[key] = out.get(key, F(0)) + c
    return {k: c for k, c in out.items() if c}


def _vscale(v: Value, c) -> Value:
    return {k: F(c) * x for k, x in v.items() if c}


def _vorder(v: Value) -> list[tuple[tuple[str, Fraction], Fraction]]:
    return sorted(v.items(), key=lambda kv: (kv[0][0] == "1", kv[0][0], -kv[0][1]))


def _vtext(v: Value) -> str:
    """Input-language text: ``exp(2) - 3*exp(1) + 1/2``."""
    out = ""
    for (fn, k), c in _vorder(v):
        mag = abs(c)
        if fn == "1":
            piece = t(mag)
        else:
            call = f"{fn}({t(k)})"
            piece = call if mag == 1 else f"{t(mag)}*{call}"
        out = (
            (("-" if c < 0 else "") + piece)
            if not out
            else out + (" - " if c < 0 else " + ") + piece
        )
    return out or "0"


def _vlatex(v: Value) -> str:
    terms = []
    for (fn, k), c in _vorder(v):
        body = "" if fn == "1" else (f"e^{{{lx(k)}}}" if fn == "exp" else f"\\log {lx(k)}")
        terms.append((c, body))
    return combo(terms, True)


def _vfloat(v: Value) -> float:
    import math

    table = {"1": lambda k: 1.0, "exp": lambda k: math.exp(k), "log": lambda k: math.log(k)}
    return sum(float(c) * table[fn](float(k)) for (fn, k), c in v.items())


def _value_key(text_value: tuple[str, float]) -> str:
    return rounded_key(text_value[1])


def _number_misconceptions(
    expected: Value, items: list[tuple[str, Value, str]]
) -> list[Misconception]:
    """Misconceptions from exact values, dropping any equal to the answer or to another."""
    seen = {rounded_key(_vfloat(expected))}
    kept = []
    for code, value, feedback in items:
        key = rounded_key(_vfloat(value))
        if key not in seen:
            seen.add(key)
            kept.append(Misconception(code, _vtext(value), feedback))
    return kept


# ---------------------------------------------------------------------------------------
# optimization.first-order-condition
# ---------------------------------------------------------------------------------------


def _poly_eval(coeffs: list[Fraction], x: Fraction) -> Fraction:
    return sum((c * x**i for i, c in enumerate(coeffs)), F(0))


def _poly_derivative(coeffs: list[Fraction]) -> list[Fraction]:
    return [i * c for i, c in enumerate(coeffs)][1:] or [F(0)]


def _poly1(coeffs: list[Fraction], latex: bool) -> str:
    return poly_text({(i,): c for i, c in enumerate(coeffs)}, ["x"], latex)


def _poly1_tree(coeffs: list[Fraction]) -> Any:
    return poly_tree({(i,): c for i, c in enumerate(coeffs)})


GAP_FEEDBACK = {
    "no-slope-term": "That is f(y) − f(x): the first-order condition subtracts the whole "
    "tangent value f(x) + f′(x)(y − x), slope term included.",
    "tangent-at-y": "The tangent is taken at x, the point of expansion: f(y) − (f(x) + "
    "f′(x)(y − x)), not the tangent at y.",
    "slope-sign": "The slope term is subtracted with the rest of the tangent value: "
    "f(y) − f(x) − f′(x)(y − x).",
}


@register
class FirstOrderCondition(Generator):
    """The tangent-line inequality f(y) ≥ f(x) + f′(x)(y − x): the exact gap for
    polynomials, exponentials, −log and quadratics of two variables, and whether a line is
    a global under-estimator."""

    skill = "optimization.first-order-condition"
    version = 1

    def generate(self, rng: np.random.Generator, difficulty: int) -> Draft:
        form = pick(
            rng,
            {
                1: ["quadratic"],
                2: ["cubic", "exp", "neglog", "plane"],
                3: ["under", "under", "under", "exp", "plane"],
            }[difficulty],
        )
        if form == "under":
            return self._under(rng)
        if form == "plane":
            return self._plane(rng, difficulty)
        return self._gap(rng, form)

    def _gap(self, rng, form: str) -> Draft:
        if form in ("quadratic", "cubic"):
            degree = 2 if form == "quadratic" else 3
            while True:
                coeffs = [F(draw_int(rng, -4, 4)) for _ in range(degree)] + [
                    F(draw_int(rng, 1, 3) if degree == 2 else pick(rng, [1, -1, 2]))
                ]
                x0, y0 = draw_int(rng, -3, 3), draw_int(rng, -3, 3)
                if x0 != y0:
                    break
            d = _poly_derivative(coeffs)

            def f(v):
                return _const(_poly_eval(coeffs, F(v)))

            def df(v):
                return _const(_poly_eval(d, F(v)))

            tree, latex, text = _poly1_tree(coeffs), _poly1(coeffs, True), _poly1(coeffs, False)
            dlatex = poly_text({(i,): c for i, c in enumerate(d)}, ["x"], True)
        elif form == "exp":
            while True:
                x0, y0 = draw_int(rng, -2, 2), draw_int(rng, -2, 2)
                if x0 != y0:
                    break

            def f(v):
                return _exp(v)

            df = f
            tree, latex, text, dlatex = ["exp", var(0)], "e^x", "exp(x)", "e^x"
        else:  # −log x
            while True:
                x0, y0 = draw_int(rng, 1, 6), draw_int(rng, 1, 6)
                if x0 != y0:
                    break

            def f(v):
                return _log(v, -1)

            def df(v):
                return _const(F(-1, v))

            tree, latex, text, dlatex = ["mul", -1, ["log", var(0)]], "-\\log x", "-log(x)", "-1/x"
        step = y0 - x0
        gap = _vsum(f(y0), _vscale(f(x0), -1), _vscale(df(x0), -step))
        wrong = _number_misconceptions(
            gap,
            [
                (
                    "misconception:no-slope-term",
                    _vsum(f(y0), _vscale(f(x0), -1)),
                    GAP_FEEDBACK["no-slope-term"],
                ),
                (
                    "misconception:tangent-at-y",
                    _vsum(f(x0), _vscale(f(y0), -1), _vscale(df(y0), step)),
                    GAP_FEEDBACK["tangent-at-y"],
                ),
                (
                    "misconception:slope-sign",
                    _vsum(f(y0), _vscale(f(x0), -1), _vscale(df(x0), step)),
                    GAP_FEEDBACK["slope-sign"],
                ),
            ],
        )
        tangent = _vsum(f(x0), _vscale(df(x0), step))
        ask = (
            f"For f(x) = {text}, compute the first-order gap f(y) − (f(x) + f′(x)(y − x)) at "
            f"x = {x0}, y = {y0}. Give the exact value."
        )
        lask = (
            f"For $f(x) = {latex}$, compute the first-order gap $f(y) - \\big(f(x) + f'(x)(y "
            "- x)\\big)$ "
            f"at $x = {x0}$, $y = {y0}$. Give the exact value."
        )
        solution = [
            f"$f'(x) = {dlatex}$, so $f({x0}) = {_vlatex(f(x0))}$ and "
            f"$f'({x0}) = {_vlatex(df(x0))}$.",
            f"The tangent at ${x0}$ predicts "
            f"$f({x0}) + f'({x0})({y0} - ({x0})) = {_vlatex(tangent)}$ at $y = {y0}$.",
            f"$f({y0}) = {_vlatex(f(y0))}$, so the gap is ${_vlatex(gap)}$"
            + (
                " (for a quadratic $p x^2 + \\dots$ it is $p (y - x)^2$)"
                if form == "quadratic"
                else ""
            )
            + ".",
        ]
        if form != "cubic":
            solution.append(
                "$f$ is convex, so the gap is nonnegative: the graph lies above its tangents."
            )
        return Draft(
            prompt=lask,
            text=ask,
            kind="number",
            expected=_vtext(gap),
            data={"form": form, "tree": tree, "x": x0, "y": y0},
            hints=[
                "The tangent line at x is ℓ(y) = f(x) + f′(x)(y − x); the gap is how far "
                "f(y) lies above it.",
                "Compute f′ first, then f(x), f′(x) and f(y).",
            ],
            solution="\n\n".join(solution),
            misconceptions=wrong,
        )

    def _plane(self, rng, difficulty) -> Draft:
        while True:
            a = [[F(draw_int(rng, 1, 3)), F(draw_int(rng, -2, 2))], [F(0), F(draw_int(rng, 1, 3))]]
            a[1][0] = a[0][1]
            if definiteness(a) in ("positive definite", "positive semidefinite"):
                break
        b = [F(draw_int(rng, -3, 3)) for _ in range(2)]
        x0 = [F(draw_int(rng, -2, 2)) for _ in range(2)]
        y0 = [F(draw_int(rng, -2, 2)) for _ in range(2)]
        if x0 == y0:
            y0[0] += 1
        coeffs = _quadratic_form_coeffs(a) | {(1, 0): b[0], (0, 1): b[1]}

        def f(p):
            return _form_value(a, p) + b[0] * p[0] + b[1] * p[1]

        grad = [2 * (a[i][0] * x0[0] + a[i][1] * x0[1]) + b[i] for i in range(2)]
        step = [y0[i] - x0[i] for i in range(2)]
        slope = grad[0] * step[0] + grad[1] * step[1]
        gap = f(y0) - f(x0) - slope
        text, latex = (
            poly_text(coeffs, names_of(2, False)),
            poly_text(coeffs, names_of(2, True), True),
        )
        wrong = _number_misconceptions(
            _const(gap),
            [
                (
                    "misconception:no-slope-term",
                    _const(f(y0) - f(x0)),
                    GAP_FEEDBACK["no-slope-term"],
                ),
                (
                    "misconception:slope-sign",
                    _const(f(y0) - f(x0) + slope),
                    GAP_FEEDBACK["slope-sign"],
                ),
            ],
        )
        return Draft(
            prompt=(
                f"For $f(x) = {latex}$ on $\\mathbb{{R}}^2$, compute "
                f"$f(y) - \\big(f(x) + \\nabla f(x)^T (y - x)\\big)$ at $x = {_lpoint(x0)}$, "
                f"$y = {_lpoint(y0)}$."
            ),
            text=(
                f"For f(x) = {text} on ℝ², compute f(y) − (f(x) + ∇f(x)ᵀ(y − x)) at "
                f"x = {_point(x0)}, y = {_point(y0)}."
            ),
            kind="number",
            expected=t(gap),
            data={
                "form": "plane",
                "tree": poly_tree(coeffs),
                "x": [int(v) for v in x0],
                "y": [int(v) for v in y0],
            },
            hints=[
                "∇f(x) = (∂f/∂x1, ∂f/∂x2) at the point x.",
                "For f(x) = xᵀAx + bᵀx the gap is (y − x)ᵀA(y − x), a check on your arithmetic.",
            ],
            solution="\n\n".join(
                [
                    f"$\\nabla f(x) = 2Ax + b$ with $A = {latex_matrix(a)}$, so "
                    f"$\\nabla f{_lpoint(x0)} = {_lpoint(grad)}$.",
                    f"$f(x) = {lx(f(x0))}$, $f(y) = {lx(f(y0))}$, $y - x = {_lpoint(step)}$ and "
                    f"$\\nabla f(x)^T (y - x) = {lx(slope)}$.",
                    f"Gap: ${lx(f(y0))} - ({lx(f(x0))} + {lx(slope)}) = {lx(gap)}$, which equals "
                    "$(y - x)^T A (y - x) \\ge 0$: $f$ is convex.",
                ]
            ),
            misconceptions=wrong,
        )

    def _under(self, rng) -> Draft:
        case = pick(rng, ["tangent", "lowered", "raised", "wrong-slope", "cubic-tangent"])
        if case == "cubic-tangent":
            coeffs = [F(0), F(draw_int(rng, -3, 3)), F(draw_int(rng, -2, 2)), F(1)]
        elif rng.random() < 0.5:
            coeffs = [F(draw_int(rng, -3, 3)), F(draw_int(rng, -3, 3)), F(draw_int(rng, 1, 2))]
        else:
            coeffs = [F(0), F(draw_int(rng, -2, 2)), F(draw_int(rng, 0, 2)), F(0), F(1)]
        x0 = draw_int(rng, -2, 2)
        d = _poly_derivative(coeffs)
        fx, slope = _poly_eval(coeffs, F(x0)), _poly_eval(d, F(x0))
        m, k = slope, fx - slope * x0  # the tangent at x0
        shift = draw_int(rng, 1, 3)
        if case == "lowered":
            k -= shift
        elif case == "raised":
            k += shift
        elif case == "wrong-slope":
            m += pick(rng, [-2, -1, 1, 2])
            k = fx - m * x0
        truth = case in ("tangent", "lowered")
        wrong = {
            "cubic-tangent": Misconception(
                "misconception:tangent-always-below",
                "true",
                "Tangents lie below the graph only for convex functions; a cubic crosses its "
                "tangent lines.",
            ),
            "wrong-slope": Misconception(
                "misconception:any-line-through-point",
                "true",
                "Touching the graph at one point is not enough: only the line with the slope "
                "f′(x₀) stays below a convex f; any other slope crosses it.",
            ),
            "lowered": Misconception(
                "misconception:tangent-only",
                "false",
                "A line below a global under-estimator is one too: f ≥ tangent ≥ ℓ everywhere.",
            ),
        }.get(case)
        f_text, f_latex = _poly1(coeffs, False), _poly1(coeffs, True)
        l_text, l_latex = affine_text(m, k), affine_text(m, k, "x", True)
        steps = [
            f"$f'(x) = {poly_text({(i,): c for i, c in enumerate(d)}, ['x'], True)}$; at $x "
            f"= {x0}$: $f({x0}) = {lx(fx)}$, $f'({x0}) = {lx(slope)}$."
        ]
        if case == "cubic-tangent":
            steps.append(
                f"$\\ell$ is the tangent at ${x0}$, but $f$ is a cubic, not convex: $f - \\ell$ "
                "is a cubic with "
                "leading coefficient $1$, so it tends to $-\\infty$ as $x \\to -\\infty$ "
                "and $\\ell$ "
                "is above $f$ there. **false**."
            )
        elif case == "tangent":
            steps.append(
                f"$\\ell(x) = f({x0}) + f'({x0})(x - {x0})$ is the tangent at ${x0}$, and "
                "$f$ is convex "
                "($f'' \\ge 0$), so by the first-order condition $f(x) \\ge \\ell(x)$ everywhere. "
                "**true**."
            )
        elif case == "lowered":
            steps.append(
                f"$\\ell$ is the tangent at ${x0}$ shifted down by ${shift}$, and $f$ is convex, "
                "so "
                f"$f(x) \\ge$ tangent $\\ge \\ell(x)$ for every $x$. **true**."
            )
        elif case == "raised":
            steps.append(
                f"$\\ell({x0}) = {lx(fx + shift)} > f({x0})$: the line is above $f$ at $x "
                f"= {x0}$. **false**."
            )
        else:
            steps.append(
                f"$\\ell$ passes through $({x0}, f({x0}))$ with slope ${lx(m)} \\ne f'({x0})$, so "
                f"$f - \\ell$ is $0$ at ${x0}$ with nonzero derivative ${lx(slope - m)}$: it is "
                "negative on one side. Only the tangent slope works. **false**."
            )
        return Draft(
            prompt=(
                f"Is $\\ell(x) = {l_latex}$ a global under-estimator of $f(x) = {f_latex}$, that "
                "is, $\\ell(x) \\le f(x)$ for every real $x$? Answer true or false."
            ),
            text=(
                f"Is ℓ(x) = {l_text} a global under-estimator of f(x) = {f_text}, that is, "
                "ℓ(x) ≤ f(x) for every real x? Answer true or false."
            ),
            kind="boolean",
            expected="true" if truth else "false",
            data={
                "form": "under",
                "tree": _poly1_tree(coeffs),
                "line": [json_number(m), json_number(k)],
                "x": x0,
            },
            hints=[
                "A convex differentiable function lies above every tangent line.",
                "Compare ℓ with the tangent of f at a point where they meet: same slope? "
                "same value? Is f convex?",
            ],
            solution="\n\n".join(steps),
            misconceptions=[wrong] if wrong else [],
        )


# ---------------------------------------------------------------------------------------
# optimization.second-order-condition
# ---------------------------------------------------------------------------------------

SECOND_ORDER_CHOICES = ["convex", "concave", "neither"]


def _sym(rng: np.random.Generator, n: int, diag: tuple[int, int], off: tuple[int, int]) -> Matrix:
    a = [[F(0)] * n for _ in range(n)]
    for i in range(n):
        a[i][i] = F(draw_int(rng, *diag))
        for j in range(i + 1, n):
            a[i][j] = a[j][i] = F(draw_int(rng, *off))
    return a


def _hessian_of(coeffs: dict[tuple[int, ...], Fraction], point: list[Fraction]) -> Matrix:
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


def _curvature_of_form(a: Matrix) -> str:
    cls = definiteness(a)
    if cls.startswith("positive"):
        return "convex"
    if cls.startswith("negative"):
        return "concave"
    return "neither"


def _by_diagonal(a: Matrix) -> str:
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
        names_t, names_l = names_of(n, False), names_of(n, True)
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
                    coeffs[powers] = F(draw_nonzero(rng, -2, 2))
            if not any(sum(p) == 3 for p in coeffs):
                coeffs[(2, 1)] = F(1)
            point = [F(draw_int(rng, -2, 2)), F(draw_nonzero(rng, -2, 2))]
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
        text, latex = poly_text(coeffs, names_t), poly_text(coeffs, names_l, True)
        where_t = f" at x = {_point(point)}" if at_point else ""
        where_l = f" at $x = {_lpoint(point)}$" if at_point else ""
        ask_t = (
            f"Compute the Hessian ∇²f(x) of f(x) = {text}{where_t}. "
            "Answer with a matrix like [[1, 2], [2, 3]]."
        )
        ask_l = (
            f"Compute the Hessian $\\nabla^2 f(x)$ of $f(x) = {latex}${where_l}. "
            "Answer with a matrix like `[[1, 2], [2, 3]]`."
        )
        entries = []
        for i in range(n):
            for j in range(i, n):
                entries.append(
                    f"$\\partial^2 f / \\partial x_{i + 1} \\partial x_{j + 1} = {lx(h[i][j])}$"
                )
        return Draft(
            prompt=ask_l,
            text=ask_t,
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
            misconceptions=dedupe(expected, wrong),
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
                f"$\\Delta_{k} = {lx(det([row[:k] for row in h[:k]]))}$" for k in range(1, n + 1)
            )
            + f"; the sums of principal minors are {', '.join(f'${lx(m)}$' for m in minors)}.",
            f"So $\\nabla^2 f$ is {cls}: f is **{expected}** "
            + {
                "convex": "(Hessian PSD everywhere).",
                "concave": "(Hessian NSD everywhere).",
                "neither": "(the Hessian has a positive and a negative eigenvalue, so f curves "
                "up along one direction and down along another).",
            }[expected],
        ]
        text, latex = (
            poly_text(coeffs, names_of(n, False)),
            poly_text(coeffs, names_of(n, True), True),
        )
        ask = "Is f convex, concave, or neither on all of ℝ" + ("²" if n == 2 else "³") + "?"
        lask = f"Is $f$ convex, concave, or neither on all of $\\mathbb{{R}}^{n}$?"
        return Draft(
            prompt=f"{lask}\n\n$$f(x) = {latex}$$",
            text=f"{ask}\n\n    f(x) = {text}",
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


# ---------------------------------------------------------------------------------------
# optimization.jensen
# ---------------------------------------------------------------------------------------

JENSEN_CHOICES = ["E[f(X)]", "f(E[X])", "equal"]

# id: (text, latex, curvature, strict, positive values only)
JENSEN_FUNCTIONS = {
    "square": ("x²", "x^2", "convex", True, False),
    "shifted-square": ("(x - c)²", "(x - c)^2", "convex", True, False),
    "abs": ("|x|", "|x|", "convex", False, False),
    "relu": ("max(x, 0)", "\\max(x, 0)", "convex", False, False),
    "quartic": ("x⁴", "x^4", "convex", True, False),
    "exp": ("exp(x)", "e^x", "convex", True, False),
    "neglog": ("-log(x)", "-\\log x", "convex", True, True),
    "log": ("log(x)", "\\log x", "concave", True, True),
    "sqrt": ("√x", "\\sqrt{x}", "concave", True, True),
    "affine": ("2x + 1", "2x + 1", "affine", False, False),
}


def _jensen_tree(fid: str, c: int) -> Any:
    x = var(0)
    return {
        "square": ["pow", x, 2],
        "shifted-square": ["pow", affine_tree(1, -c), 2],
        "abs": ["abs", x],
        "relu": ["max", x, 0],
        "quartic": ["pow", x, 4],
        "exp": ["exp", x],
        "neglog": ["mul", -1, ["log", x]],
        "log": ["log", x],
        "sqrt": ["sqrt", x],
        "affine": ["add", ["mul", 2, x], 1],
    }[fid]


def _jensen_value(fid: str, c: int, x: Fraction) -> Value | None:
    """f(x) exactly, or None when it is not an exp/log/rational value (√ of a non-square)."""
    if fid == "square":
        return _const(x * x)
    if fid == "shifted-square":
        return _const((x - c) ** 2)
    if fid == "abs":
        return _const(abs(x))
    if fid == "relu":
        return _const(max(x, F(0)))
    if fid == "quartic":
        return _const(x**4)
    if fid == "exp":
        return _exp(x)
    if fid == "neglog":
        return _log(x, -1)
    if fid == "log":
        return _log(x)
    if fid == "affine":
        return _const(2 * x + 1)
    return None


@register
class Jensen(Generator):
    """E[f(X)] against f(E[X]) for a small discrete X: the exact Jensen gap, or which side
    is larger (equal when f is affine on the support, a trap for |x| and max(x, 0))."""

    skill = "optimization.jensen"
    version = 1

    def generate(self, rng: np.random.Generator, difficulty: int) -> Draft:
        ask = "gap" if rng.random() < (0.7 if difficulty == 1 else 0.5) else "compare"
        if ask == "gap":
            fid = pick(
                rng,
                {
                    1: ["square", "shifted-square"],
                    2: ["abs", "relu", "exp", "square"],
                    3: ["quartic", "neglog", "exp", "relu"],
                }[difficulty],
            )
        else:
            fid = pick(
                rng,
                {
                    1: ["square", "log", "affine"],
                    2: ["exp", "sqrt", "abs", "neglog"],
                    3: ["abs", "relu", "relu", "log", "sqrt", "quartic"],
                }[difficulty],
            )
        text_f, latex_f, curvature, strict, positive = JENSEN_FUNCTIONS[fid]
        size = {1: 2, 2: 3, 3: pick(rng, [3, 4])}[difficulty]
        c = draw_int(rng, -2, 2) if fid == "shifted-square" else 0
        one_sided = (
            difficulty == 3 and ask == "compare" and fid in ("abs", "relu") and rng.random() < 0.6
        )
        while True:
            lo, hi = (1, 6) if positive else ((0, 4) if one_sided else (-3, 3))
            values = sorted({draw_int(rng, lo, hi) for _ in range(size)})
            if len(values) == size:
                break
        weights = [draw_int(rng, 1, 4) for _ in range(size)]
        total = sum(weights)
        probs = [F(w, total) for w in weights]
        mean = sum((p * v for p, v in zip(probs, values, strict=True)), F(0))
        text_f = text_f.replace("c", t(c)) if fid == "shifted-square" else text_f
        latex_f = latex_f.replace("c", t(c)) if fid == "shifted-square" else latex_f
        if fid == "shifted-square":
            text_f = parenthesised(affine_text(1, -c)) + "²"
            latex_f = parenthesised(affine_text(1, -c, "x", True)) + "^2"
        pmf_t = ", ".join(f"P(X = {v}) = {t(p)}" for v, p in zip(values, probs, strict=True))
        pmf_l = ", ".join(f"P(X = {v}) = {lx(p)}" for v, p in zip(values, probs, strict=True))
        data = {
            "ask": ask,
            "f": fid,
            "tree": _jensen_tree(fid, c),
            "values": values,
            "probs": [json_number(p) for p in probs],
        }
        products = " + ".join(f"{lx(p)} \\cdot ({v})" for v, p in zip(values, probs, strict=True))
        mean_step = f"$E[X] = {products} = {lx(mean)}$."
        if ask == "gap":
            ef = _vsum(
                *(
                    _vscale(_jensen_value(fid, c, F(v)), p)
                    for v, p in zip(values, probs, strict=True)
                )
            )
            fe = _jensen_value(fid, c, mean)
            f_products = " + ".join(
                f"{lx(p)} \\cdot {_vlatex(_jensen_value(fid, c, F(v)))}"
                for v, p in zip(values, probs, strict=True)
            )
            gap = _vsum(ef, _vscale(fe, -1))
            wrong = _number_misconceptions(
                gap,
                [
                    (
                        "misconception:jensen-reversed",
                        _vscale(gap, -1),
                        "That is f(E[X]) − E[f(X)]: for a convex f, E[f(X)] is the larger, "
                        "so the gap E[f(X)] − f(E[X]) is nonnegative.",
                    ),
                    (
                        "misconception:expectation-only",
                        ef,
                        "That is E[f(X)] alone; the gap subtracts f(E[X]).",
                    ),
                ],
            )
            return Draft(
                prompt=(
                    f"$X$ takes the values ${pmf_l}$. For $f(x) = {latex_f}$, compute the "
                    "Jensen gap $E[f(X)] - f(E[X])$ exactly."
                ),
                text=(
                    f"X takes the values: {pmf_t}. For f(x) = {text_f}, compute the Jensen "
                    "gap E[f(X)] − f(E[X]) exactly."
                ),
                kind="number",
                expected=_vtext(gap),
                data=data,
                hints=[
                    "First E[X] = Σ x·P(X = x), then E[f(X)] = Σ f(x)·P(X = x).",
                    "f is convex, so the gap is at least 0 (Jensen's inequality)."
                    + (
                        " For f(x) = x² (or (x − c)²) it is Var(X)."
                        if fid in ("square", "shifted-square")
                        else ""
                    ),
                ],
                solution="\n\n".join(
                    [
                        mean_step,
                        f"$E[f(X)] = {f_products} = {_vlatex(ef)}$.",
                        f"$f(E[X]) = f({lx(mean)}) = {_vlatex(fe)}$.",
                        f"Gap: $E[f(X)] - f(E[X]) = {_vlatex(gap)} \\ge 0$, as Jensen's inequality "
                        "promises for convex $f$.",
                    ]
                ),
                misconceptions=wrong,
            )
        # compare
        if curvature == "affine":
            expected, reason = (
                "equal",
                "f is affine, so E[f(X)] = f(E[X]) exactly (linearity of expectation).",
            )
        elif fid in ("abs", "relu"):
            ef = sum(
                (
                    p * _jensen_value(fid, c, F(v)).get(ONE, F(0))
                    for v, p in zip(values, probs, strict=True)
                ),
                F(0),
            )
            fe = _jensen_value(fid, c, mean).get(ONE, F(0))
            if ef == fe:
                expected = "equal"
                side = "x ≥ 0" if min(values) >= 0 else "x ≤ 0"
                reason = (
                    f"f is convex, but every value of X lies where f is affine ({side}), so "
                    f"there E[f(X)] = f(E[X]) = {lx(fe)}."
                )
            else:
                expected = "E[f(X)]"
                reason = (
                    "f is convex and X takes values on both sides of the kink at 0: "
                    f"E[f(X)] = {lx(ef)} > f(E[X]) = {lx(fe)}."
                )
        elif curvature == "convex":
            expected, reason = (
                "E[f(X)]",
                "f is strictly convex and X is not constant, so Jensen's inequality is strict: "
                "E[f(X)] > f(E[X]).",
            )
        else:
            expected, reason = (
                "f(E[X])",
                "f is strictly concave and X is not constant, so the inequality reverses "
                "and is strict: f(E[X]) > E[f(X)].",
            )
        wrong = []
        if expected == "E[f(X)]":
            wrong.append(
                Misconception(
                    "misconception:jensen-reversed",
                    "f(E[X])",
                    "For a convex f, Jensen's inequality says f(E[X]) ≤ E[f(X)]: the expectation "
                    "of f is the larger.",
                )
            )
        elif expected == "f(E[X])":
            wrong.append(
                Misconception(
                    "misconception:jensen-reversed",
                    "E[f(X)]",
                    "f is concave here, so Jensen's inequality is reversed: E[f(X)] ≤ f(E[X]).",
                )
            )
        elif curvature != "affine":
            wrong.append(
                Misconception(
                    "misconception:always-strict",
                    "E[f(X)]",
                    "Jensen's inequality can be an equality: f is affine on the values X "
                    "takes, so both sides agree.",
                )
            )
        return Draft(
            prompt=f"$X$ takes the values ${pmf_l}$, and $f(x) = {latex_f}$"
            + (" (for $x > 0$)" if positive else "")
            + ". Which is larger: $E[f(X)]$ or $f(E[X])$? Answer E[f(X)], f(E[X]) or equal.",
            text=f"X takes the values: {pmf_t}, and f(x) = {text_f}"
            + (" (for x > 0)" if positive else "")
            + ". Which is larger: E[f(X)] or f(E[X])? Answer E[f(X)], f(E[X]) or equal.",
            kind="choice",
            expected=expected,
            data=data,
            hints=[
                "Jensen's inequality: f(E[X]) ≤ E[f(X)] for convex f; the reverse for concave f.",
                "It is strict when f is strictly convex (or concave) on the values of X and "
                "X is not constant; equality when f is affine there.",
            ],
            solution="\n\n".join(
                [mean_step, reason.replace("E[f(X)]", "$E[f(X)]$").replace("f(E[X])", "$f(E[X])$")]
            ),
            misconceptions=wrong,
            choices=list(JENSEN_CHOICES),
        )


# ---------------------------------------------------------------------------------------
# optimization.sublevel-sets
# ---------------------------------------------------------------------------------------


def _sqrt_text(r: Fraction) -> tuple[str, str] | None:
    """√r as exact input text and LaTeX when r is a square of a fraction."""
    n, d = isqrt(r.numerator), isqrt(r.denominator)
    if n * n == r.numerator and d * d == r.denominator:
        return t(F(n, d)), lx(F(n, d))
    return None


@register
class SublevelSets(Generator):
    """The α-sublevel set of a one-variable convex function as an interval [a, b]
    (quadratics, absolute values, maxima of affine functions; irrational endpoints at
    difficulty 3), and whether a sublevel set of a non-convex function is convex."""

    skill = "optimization.sublevel-sets"
    version = 1

    def generate(self, rng: np.random.Generator, difficulty: int) -> Draft:
        form = pick(
            rng,
            {
                1: ["quadratic", "abs"],
                2: ["quadratic", "abs", "max"],
                3: ["root", "root", "level", "level"],
            }[difficulty],
        )
        if form == "level":
            return self._level(rng)
        if form == "max":
            return self._max(rng)
        return self._interval(rng, form, difficulty)

    def _interval(self, rng, form: str, difficulty: int) -> Draft:
        m = draw_int(rng, -3, 3)
        k = draw_int(rng, -3, 3)
        c = F(1) if difficulty == 1 or form == "root" else F(pick(rng, [2, 3, 4, 2]))
        if form == "root":
            r = pick(rng, [2, 3, 5, 6, 7, 8, 10])
            alpha = k + r
            lo_t, hi_t = f"{t(m)} - sqrt({r})", f"{t(m)} + sqrt({r})"
            if m == 0:
                lo_t, hi_t = f"-sqrt({r})", f"sqrt({r})"
            lo_l, hi_l = (
                f"{t(m) if m else ''} - \\sqrt{{{r}}}",
                f"{t(m) if m else ''} + \\sqrt{{{r}}}",
            )
            coeffs = [F(m * m + k), F(-2 * m), F(1)]
            expanded = True
            half = None
        else:
            s = (
                F(draw_int(rng, 1, 3))
                if difficulty == 1
                else F(pick(rng, [1, 2, 3, F(1, 2), F(3, 2)]))
            )
            half = s
            if form == "quadratic":
                alpha = k + c * s * s
                coeffs = [c * m * m + k, -2 * c * m, c]
            else:
                alpha = k + c * s
                coeffs = []
            lo_t, hi_t = t(m - s), t(m + s)
            lo_l, hi_l = lx(m - s), lx(m + s)
            expanded = form == "quadratic" and difficulty == 2
        if form == "abs":
            tree = ["add", scaled(c, ["abs", affine_tree(1, -m)]), json_number(k)]
            f_t = combo([(c, f"|{shift_text('x', m)}|"), (F(k), "")])
            f_l = combo([(c, f"|{shift_text('x', m, True)}|"), (F(k), "")], True)
        elif expanded:
            tree = _poly1_tree(coeffs)
            f_t, f_l = _poly1(coeffs, False), _poly1(coeffs, True)
        else:
            tree = ["add", scaled(c, ["pow", affine_tree(1, -m), 2]), json_number(k)]
            f_t = combo([(c, parenthesised(shift_text("x", m)) + "²"), (F(k), "")])
            f_l = combo([(c, parenthesised(shift_text("x", m, True)) + "^2"), (F(k), "")], True)
        expected = f"{lo_t}, {hi_t}"
        wrong: list[Misconception] = []
        if form == "root":
            if m != 0:
                wrong.append(
                    Misconception(
                        "misconception:sign-of-vertex",
                        f"{t(-m)} - sqrt({r}), {t(-m)} + sqrt({r})",
                        f"Completing the square, x² + bx = (x + b/2)² − b²/4: the centre is "
                        f"−b/2 = {t(m)}, not {t(-m)}.",
                    )
                )
            if k != 0 and alpha > 0:
                wrong.append(
                    Misconception(
                        "misconception:forgot-offset",
                        f"{t(m)} - sqrt({t(alpha)}), {t(m)} + sqrt({t(alpha)})",
                        f"(x − m)² + k ≤ α means (x − m)² ≤ α − k: subtract the constant {t(k)} "
                        "left over from completing the square.",
                    )
                )
        if half is not None and m != 0:
            wrong.append(
                Misconception(
                    "misconception:sign-of-vertex",
                    f"{t(-m - half)}, {t(-m + half)}",
                    f"The centre is where the inside vanishes: {shift_text('x', m)} = 0 at "
                    f"x = {t(m)}, not {t(-m)}.",
                )
            )
        if half is not None and c != 1:
            unscaled = (alpha - k) if form == "abs" else None
            if form == "abs":
                wrong.append(
                    Misconception(
                        "misconception:forgot-scale",
                        f"{t(m - unscaled)}, {t(m + unscaled)}",
                        f"Divide by the factor {t(c)} before reading off the half-width: |x "
                        f"− m| ≤ (α − k)/{t(c)}.",
                    )
                )
            else:
                root = _sqrt_text(F(alpha - k))
                if root is not None:
                    wrong.append(
                        Misconception(
                            "misconception:forgot-scale",
                            f"{t(m - F(root[0]))}, {t(m + F(root[0]))}",
                            f"Divide by the factor {t(c)} before taking the square root: (x "
                            f"− m)² ≤ (α − k)/{t(c)}.",
                        )
                    )
        steps = []
        if expanded:
            steps.append(
                "Complete the square: $f(x) = "
                + combo([(c, parenthesised(shift_text("x", m, True)) + "^2"), (F(k), "")], True)
                + "$."
            )
        width_l = lx(half) if half is not None else f"\\sqrt{{{alpha - k}}}"
        if form == "abs":
            steps.append(
                f"$f(x) \\le {lx(alpha)}$ means $|x - ({m})| \\le ({lx(alpha)} - ({k}))/{lx(c)} "
                f"= {width_l}$."
            )
        else:
            steps.append(
                f"$f(x) \\le {lx(alpha)}$ means "
                f"$(x - ({m}))^2 \\le ({lx(alpha)} - ({k}))/{lx(c)}$, "
                f"i.e. $|x - ({m})| \\le {width_l}$."
            )
        steps.append(
            f"So the sublevel set is the interval $[{lo_l}, {hi_l}]$ (convex, as every sublevel "
            "set of a convex function is)."
        )
        return Draft(
            prompt=(
                f"Find the sublevel set $\\{{x \\in \\mathbb{{R}} : f(x) \\le {lx(alpha)}\\}}$ "
                f"of $f(x) = {f_l}$. It is an interval $[a, b]$: answer `a, b`."
            ),
            text=(
                f"Find the sublevel set {{x ∈ ℝ : f(x) ≤ {t(alpha)}}} of f(x) = {f_t}. It "
                "is an interval [a, b]: answer a, b."
            ),
            kind="sequence",
            expected=expected,
            data={"form": form, "tree": tree, "alpha": json_number(alpha)},
            hints=[
                "Solve f(x) = α for the two endpoints; between them f ≤ α because f is convex.",
                "Isolate the square (or the absolute value) first: subtract the constant, "
                "divide by the factor.",
            ],
            solution="\n\n".join(steps),
            misconceptions=dedupe(expected, wrong, key=lambda s: s.replace(" ", "")),
        )

    def _max(self, rng) -> Draft:
        a1, a2 = -draw_int(rng, 1, 3), draw_int(rng, 1, 3)
        b1, b2 = draw_int(rng, -3, 3), draw_int(rng, -3, 3)
        cross = F(b2 - b1, a1 - a2)
        floor = a1 * cross + b1
        alpha = (
            int(floor) + draw_int(rng, 1, 4)
            if floor == int(floor)
            else int(floor) + draw_int(rng, 1, 4) + 1
        )
        lo, hi = F(alpha - b1, a1), F(alpha - b2, a2)
        p1_t, p2_t = affine_text(a1, b1), affine_text(a2, b2)
        p1_l, p2_l = affine_text(a1, b1, "x", True), affine_text(a2, b2, "x", True)
        expected = f"{t(lo)}, {t(hi)}"
        return Draft(
            prompt=(
                f"Find the sublevel set $\\{{x \\in \\mathbb{{R}} : f(x) \\le {alpha}\\}}$ "
                f"of $f(x) = \\max({p1_l}, {p2_l})$. It is an interval $[a, b]$: answer `a, "
                "b`."
            ),
            text=(
                f"Find the sublevel set {{x ∈ ℝ : f(x) ≤ {alpha}}} of f(x) = max({p1_t}, {p2_t}). "
                "It is an interval [a, b]: answer a, b."
            ),
            kind="sequence",
            expected=expected,
            data={
                "form": "max",
                "tree": ["max", affine_tree(a1, b1), affine_tree(a2, b2)],
                "alpha": alpha,
            },
            hints=[
                "max(u, v) ≤ α exactly when u ≤ α and v ≤ α.",
                "Dividing an inequality by a negative number flips it.",
            ],
            solution="\n\n".join(
                [
                    f"$\\max(\\cdot) \\le {alpha}$ means both pieces are $\\le {alpha}$.",
                    f"${p1_l} \\le {alpha}$: dividing by ${a1} < 0$ flips the inequality, "
                    f"$x \\ge {lx(lo)}$.",
                    f"${p2_l} \\le {alpha}$: $x \\le {lx(hi)}$.",
                    f"The sublevel set is $[{lx(lo)}, {lx(hi)}]$, an interval, as for every "
                    "convex function.",
                ]
            ),
            misconceptions=dedupe(
                expected,
                [
                    Misconception(
                        "misconception:no-flip",
                        f"{t(hi)}, {t(lo)}" if hi != lo else "0, 0",
                        "Dividing by the negative slope flips the inequality: the first piece "
                        "gives a lower bound on x.",
                    )
                ],
                key=lambda s: s.replace(" ", ""),
            ),
        )

    def _level(self, rng) -> Draft:
        entry = pick(rng, catalogue()["level1"])
        alpha = F(pick(rng, entry["levels"]))
        convex = entry["quasiconvex"]
        expected = "convex" if convex else "not convex"
        wrong = [
            Misconception(
                "misconception:needs-convex-function",
                "not convex",
                "The function is not convex, but its sublevel sets can still be intervals: "
                "it is quasi-convex (it decreases, then increases, or is monotone).",
            )
            if convex
            else Misconception(
                "misconception:sublevel-always-convex",
                "convex",
                "Only sublevel sets of convex or quasi-convex functions are guaranteed convex; "
                "this function has two wells, and the set falls into two pieces.",
            )
        ]
        return Draft(
            prompt=(
                f"Let $f(x) = {entry['latex']}$ on $\\mathbb{{R}}$. Is the sublevel set $\\{{x "
                f": f(x) \\le {lx(alpha)}\\}}$ convex? Answer convex or not convex."
            ),
            text=(
                f"Let f(x) = {entry['text']} on ℝ. Is the sublevel set {{x : f(x) ≤ {t(alpha)}}} "
                "convex? Answer convex or not convex."
            ),
            kind="choice",
            expected=expected,
            data={"form": "level", "tree": entry["tree"], "alpha": json_number(alpha)},
            hints=[
                "A subset of ℝ is convex exactly when it is an interval.",
                "Sketch f: where is it below the level α? One piece or several?",
            ],
            solution=entry["why"].replace("\\alpha", lx(alpha))
            + f"\n\nSo the set is **{expected}**.",
            misconceptions=wrong,
            choices=list(SET_CHOICES),
        )
