"""optimization.lagrange-multipliers: optimise f(x, y) under one equality constraint."""

from __future__ import annotations

from fractions import Fraction
from typing import TYPE_CHECKING, Any

from dlmath.exercises.base import Draft, Generator
from dlmath.exercises.kit import Surd, draw_int, nonzero_int_redrawn, pick, tex_number
from dlmath.exercises.optimization.monomials import (
    Monomial,
    coefficient_latex,
    linear_terms,
    monomials_json,
    monomials_text,
)
from dlmath.exercises.optimization.written_values import answer_text, mistakes
from dlmath.exercises.registry import register

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np


@register
class LagrangeMultipliers(Generator):
    """Optimise f(x, y) under one equality constraint g(x, y) = c, with ∇f = λ∇g.

    Levels: 1, max xy on x + y = c or the point of a line nearest the origin (small
    coefficients); 2, max xy on a general line a x + b y = c or a weighted quadratic
    p x² + q y² on a line (four unknowns to track, fractions); 3, a linear function on a
    circle: two candidate points, the right one chosen by comparing f, and square-root
    answers."""

    skill = "optimization.lagrange-multipliers"
    version = 2

    def generate(self, rng: np.random.Generator, difficulty: int) -> Draft:
        family = pick(
            rng,
            {1: ["product", "distance"], 2: ["product", "weighted"], 3: ["circle"]}[difficulty],
        )
        ask = pick(rng, ["point", "multiplier", "value"])
        if family == "product":
            return self._product(rng, difficulty, ask)
        if family == "distance":
            return self._quadratic(rng, difficulty, ask, 1, 1)
        if family == "weighted":
            p, q = draw_int(rng, 1, 4), draw_int(rng, 1, 4)
            while p == q:
                q = draw_int(rng, 1, 4)
            return self._quadratic(rng, difficulty, ask, p, q)
        return self._circle(rng, ask)

    # -- max xy on a x + b y = c ------------------------------------------------------------

    def _product(self, rng: np.random.Generator, difficulty: int, ask: str) -> Draft:
        a, b = (1, 1) if difficulty == 1 else (draw_int(rng, 1, 4), draw_int(rng, 1, 4))
        if difficulty == 2:
            while a == b:
                b = draw_int(rng, 1, 4)
        c = draw_int(rng, 2, 12)
        lam = Fraction(c, 2 * a * b)
        x, y = Fraction(c, 2 * a), Fraction(c, 2 * b)
        value = x * y
        f_terms: list[Monomial] = [(Fraction(1), (1, 1))]
        g_terms = linear_terms([a, b])
        wrong: dict[str, list[tuple[Any, str, str]]] = {
            "point": [
                (
                    [y, x],
                    "swapped-coordinates",
                    "The coordinates are swapped: from y = λa and x = λb, x = c/(2a) and "
                    "y = c/(2b).",
                )
            ],
            "multiplier": [
                (
                    Fraction(c, 2),
                    "ignored-coefficients",
                    "λ = c/2 holds only for x + y = c; with a x + b y = c, y = λa and x = λb "
                    "give 2abλ = c.",
                )
            ],
            "value": [
                (
                    Fraction(c * c, 4),
                    "ignored-coefficients",
                    "c²/4 is the maximum of xy on x + y = c only; here the constraint has "
                    "coefficients, so x = c/(2a) and y = c/(2b).",
                )
            ],
        }
        steps = [
            r"$\nabla f = (y, x)$ and $\nabla g = "
            f"({a}, {b})$, so $\\nabla f = \\lambda \\nabla g$ reads "
            f"$y = {coefficient_latex(a)}\\lambda$, $x = {coefficient_latex(b)}\\lambda$.",
            f"Substitute into the constraint: ${coefficient_latex(2 * a * b)}\\lambda = {c}$, so "
            f"$\\lambda = {tex_number(lam)}$.",
            f"Then $x = {tex_number(x)}$, $y = {tex_number(y)}$ and $f = xy = "
            f"{tex_number(value)}$ (a maximum: "
            "on the line, xy is a downward parabola).",
        ]
        return self._draft(
            "max", f_terms, g_terms, c, ask, (x, y), lam, value, wrong, steps, "product"
        )

    # -- min p x^2 + q y^2 on a x + b y = c ----------------------------------------------------

    def _quadratic(self, rng: np.random.Generator, difficulty: int, ask: str, p: int, q: int):
        bound = 2 if difficulty == 1 else 4
        a, b = nonzero_int_redrawn(rng, -bound, bound), nonzero_int_redrawn(rng, -bound, bound)
        c = nonzero_int_redrawn(rng, -6, 6) if difficulty > 1 else draw_int(rng, 1, 6)
        d = a * a * q + b * b * p
        lam = Fraction(2 * c * p * q, d)
        x, y = Fraction(a * c * q, d), Fraction(b * c * p, d)
        value = Fraction(c * c * p * q, d)
        f_terms: list[Monomial] = [(Fraction(p), (2, 0)), (Fraction(q), (0, 2))]
        g_terms = linear_terms([a, b])
        plain = Fraction(c, a * a + b * b)
        wrong: dict[str, list[tuple[Any, str, str]]] = {"point": [], "multiplier": [], "value": []}
        if (p, q) != (1, 1):
            wrong["point"].append(
                (
                    [a * plain, b * plain],
                    "ignored-weights",
                    "That is the nearest point of the line to the origin, which minimises "
                    "x² + y²; the weights change the gradient to (2px, 2qy).",
                )
            )
            wrong["value"].append(
                (
                    c * plain,
                    "ignored-weights",
                    "c²/(a² + b²) is the minimum of x² + y²; with weights p x² + q y² the "
                    "stationarity equations are 2px = λa and 2qy = λb.",
                )
            )
        else:
            wrong["point"].append(
                (
                    [b * plain, a * plain],
                    "swapped-coordinates",
                    "The coordinates are swapped: 2x = λa gives x proportional to a, the "
                    "coefficient of x.",
                )
            )
            wrong["value"].append(
                (
                    Surd.over_sqrt(abs(c), a * a + b * b),
                    "distance-not-squared",
                    "That is the distance |c|/√(a² + b²) from the origin to the line; "
                    "f = x² + y² is its square.",
                )
            )
        wrong["multiplier"].append(
            (
                lam / 2,
                "dropped-factor-two",
                "The gradient of p x² is 2px, not px: the factor 2 is missing.",
            )
        )
        sp, sq = ("" if p == 1 else str(p)), ("" if q == 1 else str(q))
        steps = [
            f"$\\nabla f = ({2 * p}x, {2 * q}y)$ and $\\nabla g = ({a}, {b})$, so "
            f"$x = {coefficient_latex(Fraction(a, 2 * p))}\\lambda$ and "
            f"$y = {coefficient_latex(Fraction(b, 2 * q))}\\lambda$.",
            f"Substitute into ${monomials_text(g_terms, True)} = {c}$: "
            f"$\\lambda\\left({tex_number(Fraction(a * a, 2 * p))} + "
            f"{tex_number(Fraction(b * b, 2 * q))}"
            f"\\right) = {c}$, so $\\lambda = {tex_number(lam)}$.",
            f"Then $(x, y) = ({tex_number(x)}, {tex_number(y)})$ and "
            f"$f = {sp}x^2 + {sq}y^2 = {tex_number(value)}$, the minimum (f is convex).",
        ]
        family = "distance" if (p, q) == (1, 1) else "weighted"
        return self._draft(
            "min", f_terms, g_terms, c, ask, (x, y), lam, value, wrong, steps, family
        )

    # -- max or min p x + q y on x^2 + y^2 = r^2 ------------------------------------------------

    def _circle(self, rng: np.random.Generator, ask: str) -> Draft:
        p, q = pick(rng, [(1, 1), (1, 2), (2, 1), (1, -1), (3, 4), (2, -1), (1, 3), (-3, 4)])
        if rng.random() < 0.5:
            p, q = -p, q
        r = draw_int(rng, 1, 3)
        sense = pick(rng, ["max", "min"])
        s = p * p + q * q
        sign = 1 if sense == "max" else -1
        x = Surd.over_sqrt(sign * p * r, s)
        y = Surd.over_sqrt(sign * q * r, s)
        lam = Surd.of(Fraction(sign, 2 * r), s)  # λ = ±√s/(2r)
        value = Surd.of(sign * r, s)
        f_terms = linear_terms([p, q])
        g_terms: list[Monomial] = [(Fraction(1), (2, 0)), (Fraction(1), (0, 2))]
        other = "min" if sense == "max" else "max"
        wrong: dict[str, list[tuple[Any, str, str]]] = {
            "point": [
                (
                    [-x, -y],
                    "min-for-max",
                    f"That is the {other}imiser: the two solutions of ∇f = λ∇g are opposite "
                    f"points; compare f at both and keep the {sense}imum.",
                )
            ],
            "multiplier": [
                (
                    lam.scaled(2),
                    "dropped-factor-two",
                    "The gradient of x² + y² is (2x, 2y): the factor 2 is missing.",
                ),
                (
                    -lam,
                    "min-for-max",
                    f"That is the multiplier at the {other}imiser; at the {sense}imiser "
                    f"λ has the sign that makes f {'largest' if sense == 'max' else 'smallest'}.",
                ),
            ],
            "value": [
                (
                    -value,
                    "min-for-max",
                    f"That is the {other}imum: the two solutions of ∇f = λ∇g are opposite "
                    f"points; keep the {sense}imum.",
                ),
                (
                    Fraction(sign * r * s),
                    "norm-not-rooted",
                    "The length of (p, q) is √(p² + q²), not p² + q².",
                ),
            ],
        }
        steps = [
            f"$\\nabla f = ({p}, {q})$ and $\\nabla g = (2x, 2y)$, so $x = \\frac{{{p}}}"
            f"{{2\\lambda}}$ and $y = \\frac{{{q}}}{{2\\lambda}}$.",
            f"Substitute into $x^2 + y^2 = {r * r}$: $\\frac{{{s}}}{{4\\lambda^2}} = {r * r}$, "
            f"so $\\lambda = \\pm {Surd.of(Fraction(1, 2 * r), s).latex()}$ (two candidates).",
            f"The {sense}imum has $\\lambda = {lam.latex()}$: $(x, y) = ({x.latex()}, "
            f"{y.latex()})$ and $f = {value.latex()}$.",
        ]
        return self._draft(
            sense, f_terms, g_terms, r * r, ask, (x, y), lam, value, wrong, steps, "circle"
        )

    def _draft(
        self,
        sense: str,
        f_terms: list[Monomial],
        g_terms: list[Monomial],
        c: int,
        ask: str,
        point: tuple[Any, Any],
        lam: Any,
        value: Any,
        wrong: dict[str, list[tuple[Any, str, str]]],
        steps: list[str],
        family: str,
    ) -> Draft:
        f_tex, g_tex = monomials_text(f_terms, True), monomials_text(g_terms, True)
        word = "Maximise" if sense == "max" else "Minimise"
        problem_tex = f"{word} $f(x, y) = {f_tex}$ subject to $g(x, y) = {g_tex} = {c}$."
        question = {
            "point": "Find the optimal point $(x, y)$, answered as a vector such as $[1/2, -3]$.",
            "multiplier": r"Find the multiplier $\lambda$ at the optimum, with "
            r"$\nabla f = \lambda \nabla g$.",
            "value": f"Find the optimal value of $f$ (the {sense}imum).",
        }[ask]
        answer = {"point": list(point), "multiplier": lam, "value": value}[ask]
        hints = [
            r"Write $\nabla f = \lambda \nabla g$ as two equations and add the constraint: three "
            r"equations in $x$, $y$, $\lambda$.",
            r"Solve the two gradient equations for $x$ and $y$ in terms of $\lambda$, then "
            r"substitute into the constraint.",
        ]
        return Draft(
            prompt=f"{problem_tex} {question}",
            kind="matrix" if ask == "point" else "number",
            expected=answer_text(answer),
            data={
                "family": family,
                "sense": sense,
                "f": monomials_json(f_terms),
                "g": monomials_json(g_terms),
                "c": c,
                "ask": ask,
            },
            hints=hints,
            solution="\n\n".join(steps),
            misconceptions=mistakes(wrong[ask]),
        )
