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
    scaled,
    shift_text,
    substitute,
    t,
    var,
)
from dlmath.exercises.registry import register
from dlmath.expr.literals import latex_matrix

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
