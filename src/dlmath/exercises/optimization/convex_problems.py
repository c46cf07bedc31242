"""optimization.convex-problems: is a problem convex, and optimal values of tiny convex
problems.
"""

from __future__ import annotations

from fractions import Fraction
from math import isqrt
from typing import TYPE_CHECKING

from dlmath.exercises.base import Draft, Generator, Misconception
from dlmath.exercises.kit import (
    draw_int,
    latex_factor,
    nonzero_int_redrawn,
    pick,
    tex_number,
    text_number,
)
from dlmath.exercises.optimization.convex_terms import (
    catalogue,
    combo,
)
from dlmath.exercises.registry import register

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np

F = Fraction


def _ratio_to_root(num: int, square: int) -> str:
    """num/√square as input text, exact when the root is an integer."""
    root = isqrt(square)
    return text_number(F(num, root)) if root * root == square else f"{num}/sqrt({square})"


PROBLEM_CHOICES = ["convex", "not convex"]


# Functions whose curvature on x1, x2 > 0 differs from that on ℝ² (|x1| + |x2| is affine
# there): never mixed with functions defined only on the positive orthant.
CHANGE_ON_ORTHANT = {"l1-norm", "root-sum", "root-l1"}


RELATIONS = {"<=": "\\le", ">=": "\\ge", "=": "="}


def _objective_ok(sense: str, curvature: str) -> bool:
    good = ("convex", "affine") if sense == "minimize" else ("concave", "affine")
    return curvature in good


def _constraint_ok(sense: str, curvature: str) -> bool:
    if sense == "<=":
        return curvature in ("convex", "affine")
    if sense == ">=":
        return curvature in ("concave", "affine")
    return curvature == "affine"


def _problem_latex(objective, sense, constraints) -> str:
    """The problem as an aligned display: objective, then one constraint a line."""
    body = " \\\\ ".join(
        f"& {entry['latex']} {RELATIONS[rel]} {rhs}" for entry, rel, rhs in constraints
    )
    return (
        f"$$\\begin{{aligned}} \\text{{{sense}}} \\quad & {objective['latex']} \\\\ "
        f"\\text{{subject to}} \\quad {body} \\end{{aligned}}$$"
    )


@register
class ConvexProblems(Generator):
    """Is an optimisation problem convex (convex objective minimised or concave maximised,
    convex ≤ constraints, concave ≥ constraints, affine equalities), and the exact optimal
    value of tiny convex problems: clipping, projection onto a halfplane or a box, the
    minimum-norm point of a line."""

    skill = "optimization.convex-problems"
    version = 2

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
            need = {"<=": "a convex", ">=": "a concave", "=": "an affine"}[rel]
            steps.append(
                f"${entry['latex']} {RELATIONS[rel]} {rhs}$: {entry['curvature']}; a "
                f"${RELATIONS[rel]}$ constraint needs {need} left side"
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
        domain_l = "\n\n(over $x_1, x_2 > 0$)" if positive else ""
        ask = "Is this optimisation problem convex? Answer convex or not convex."
        return Draft(
            prompt=f"{ask}\n\n{_problem_latex(objective, sense, constraints)}{domain_l}",
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

    def _number_draft(self, ask_l, value, data, hints, steps, wrong) -> Draft:
        expected = text_number(value)
        return Draft(
            prompt=ask_l,
            kind="number",
            expected=expected,
            data=data,
            hints=hints,
            solution="\n\n".join(steps),
            misconceptions=wrong,
        )

    def _interval(self, rng) -> Draft:
        c, m, k = draw_int(rng, 1, 3), draw_int(rng, -5, 5), draw_int(rng, -3, 3)
        lo = draw_int(rng, -4, 2)
        hi = lo + draw_int(rng, 1, 3)
        x = min(max(F(m), F(lo)), F(hi))
        value = c * (x - m) ** 2 + k
        f_l = combo([(c, f"({combo([(1, 'x'), (-m, '')], True)})^2"), (k, "")], True)
        if m == 0:
            f_l = combo([(c, "x^2"), (k, "")], True)
        steps = [
            f"Without the constraint the minimum is at $x = {m}$.",
            (
                f"${m}$ lies in $[{lo}, {hi}]$, so it is also the constrained minimiser."
                if lo <= m <= hi
                else f"${m}$ lies outside $[{lo}, {hi}]$; $f$ is convex, so on the interval it "
                f"is smallest at the nearest endpoint, $x^* = {tex_number(x)}$."
            ),
            f"Optimal value: $f({tex_number(x)}) = {tex_number(value)}$.",
        ]
        wrong = [
            Misconception(
                "misconception:point-not-value",
                text_number(x),
                "That is the minimiser x*; the question asks for the optimal value f(x*).",
            ),
            Misconception(
                "misconception:ignored-constraint",
                text_number(k),
                "That is the unconstrained minimum; the constraint keeps x out of reach of it.",
            ),
        ]
        return self._number_draft(
            f"Find the optimal value of: minimise $f(x) = {f_l}$ subject to ${lo} \\le x \\le "
            f"{hi}$.",
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
        f_l = (
            f"({combo([(1, 'x_1'), (-a, '')], True)})^2 + ({combo([(1, 'x_2'), (-b, '')], True)})^2"
        )
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
                f"\\frac{{{latex_factor(excess)}^2}}{{{norm2}}} = {tex_number(value)}$.",
            ]
        wrong = [
            Misconception(
                "misconception:ignored-constraint",
                "0",
                "0 is the unconstrained minimum, but the point is not feasible: the constraint "
                "is active.",
            ),
        ]
        if excess > 0 and excess * excess != norm2:
            wrong.append(
                Misconception(
                    "misconception:distance-not-squared",
                    _ratio_to_root(excess, norm2),
                    "That is the distance; the objective is the squared distance.",
                )
            )
        return self._number_draft(
            f"Find the optimal value of: minimise ${f_l}$ subject to ${line_l} \\le {s}$.",
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
        wrong = [
            Misconception(
                "misconception:ignored-constraint",
                "0",
                "0 is the unconstrained minimum, but some coordinates lie outside the box.",
            ),
            Misconception(
                "misconception:not-squared",
                text_number(sum(abs(c - v) for c, v in zip(clipped, a, strict=True))),
                "That adds the distances |xᵢ − aᵢ| coordinate by coordinate; the objective adds "
                "their squares.",
            ),
        ]
        return self._number_draft(
            f"Find the optimal value of: minimise ${f_l}$ subject to ${lo} \\le x_i \\le {hi}$ "
            "for $i = 1, 2, 3$.",
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
                + f" = {tex_number(value)}$.",
            ],
            wrong if value else [],
        )

    def _min_norm(self, rng) -> Draft:
        while True:
            p, q = draw_int(rng, -3, 3), draw_int(rng, -3, 3)
            if p and q:
                break
        s = nonzero_int_redrawn(rng, -5, 5)
        norm2 = p * p + q * q
        value = F(s * s, norm2)
        point = (F(p * s, norm2), F(q * s, norm2))
        line_l = combo([(p, "x_1"), (q, "x_2")], True)
        return self._number_draft(
            f"Find the optimal value of: minimise $x_1^2 + x_2^2$ subject to ${line_l} = {s}$.",
            value,
            {"form": "min-norm", "normal": [p, q], "s": s},
            [
                "The point of a line nearest the origin lies along the line's normal vector.",
                "x* = s·p/‖p‖² for the line pᵀx = s.",
            ],
            [
                f"The minimiser is the multiple of the normal $({p}, {q})$ on the line: "
                f"$x^* = \\frac{{{s}}}{{{norm2}}}({p}, {q}) = ({tex_number(point[0])}, "
                f"{tex_number(point[1])})$.",
                f"Optimal value: $\\|x^*\\|^2 = \\frac{{{latex_factor(s)}^2}}{{{norm2}}} = "
                f"{tex_number(value)}$.",
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
