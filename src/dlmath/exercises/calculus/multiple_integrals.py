"""calculus.multiple-integrals: double integrals of polynomials over rectangles and the
two simple triangles, exact by Fubini."""

from __future__ import annotations

import math
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from dlmath.exercises.base import Draft, Generator, Misconception
from dlmath.exercises.calculus.term_text import to_latex
from dlmath.exercises.calculus.terms import FormulaTree, Var, add, mul, num, power
from dlmath.exercises.kit import draw_int, nonzero_int, pick, tex_number, text_number
from dlmath.exercises.registry import register

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np

X, Y = Var("x"), Var("y")


def _monomial_integral(m: int, lo: Fraction | int, hi: Fraction | int) -> Fraction:
    return (Fraction(hi) ** (m + 1) - Fraction(lo) ** (m + 1)) / (m + 1)


@register
class MultipleIntegrals(Generator):
    """Double integrals: a monomial over a rectangle, which separates (difficulty 1); a
    polynomial over a rectangle, where a term without y still integrates over y (2); a
    polynomial over a triangle, with the inner limits depending on x (3)."""

    skill = "calculus.multiple-integrals"
    version = 1

    def generate(self, rng: np.random.Generator, difficulty: int) -> Draft:
        while True:
            draft = self._draw(rng, difficulty)
            if draft.expected != "0":
                return draft

    def _draw(self, rng: np.random.Generator, difficulty: int) -> Draft:
        if difficulty < 3:
            a, c = draw_int(rng, -1, 1), draw_int(rng, 0, 1)
            b, d = a + draw_int(rng, 1, 2), c + draw_int(rng, 1, 3)
            region = {"kind": "rectangle", "x": [a, b], "y": [c, d]}
            if difficulty == 1:
                terms = [(nonzero_int(rng, -4, 4), draw_int(rng, 0, 2), draw_int(rng, 1, 2))]
            else:
                terms = [
                    (nonzero_int(rng, -3, 3), draw_int(rng, 1, 2), draw_int(rng, 1, 2)),
                    (nonzero_int(rng, -4, 4), draw_int(rng, 1, 2), 0),
                    (nonzero_int(rng, -5, 5), 0, 0),
                ][: draw_int(rng, 2, 3)]
            answer = sum(
                (
                    k * _monomial_integral(m, a, b) * _monomial_integral(n, c, d)
                    for k, m, n in terms
                ),
                Fraction(0),
            )
            where_l = f"$R = [{a}, {b}] \\times [{c}, {d}]$"
            region_l = "R"
        else:
            top = draw_int(rng, 1, 3)
            shape = pick(rng, ["below-diagonal", "simplex"])
            region = {"kind": shape, "size": top}
            terms = [
                (nonzero_int(rng, -3, 4), draw_int(rng, 0, 2), draw_int(rng, 0, 1))
                for _ in range(2)
            ]
            answer = sum((k * _triangle(shape, top, m, n) for k, m, n in terms), Fraction(0))
            if shape == "below-diagonal":
                where_l = f"the triangle $T = \\{{(x, y) : 0 \\le y \\le x \\le {top}\\}}$"
            else:
                where_l = (
                    f"the triangle $T = \\{{(x, y) : x \\ge 0,\\ y \\ge 0,\\ x + y \\le {top}\\}}$"
                )
            region_l = "T"
        f = add(*[mul(num(k), power(X, m), power(Y, n)) for k, m, n in terms])
        wrongs = self._mistakes(region, terms, answer)
        return Draft(
            prompt=(
                f"Compute $\\displaystyle\\iint_{{{region_l}}} "
                f"\\left({to_latex(f)}\\right)\\,dA$ "
                f"over {where_l}. Give an exact fraction."
            ),
            kind="number",
            expected=text_number(answer),
            data={"region": region, "terms": [list(t) for t in terms]},
            hints=self._hints(region),
            solution="\n\n".join(self._solution(region, f, answer)),
            misconceptions=wrongs,
        )

    @staticmethod
    def _hints(region: dict[str, Any]) -> list[str]:
        if region["kind"] == "rectangle":
            return [
                "Integrate in y first with x held fixed, then in x (Fubini's theorem).",
                "A term without y still integrates over y: it picks up the factor d − c.",
            ]
        inner = "0 to x" if region["kind"] == "below-diagonal" else f"0 to {region['size']} − x"
        return [
            "Sketch the triangle: for each x, y runs over an interval whose ends depend on x.",
            f"Here y runs from {inner}; integrate in y first, then x from 0 to {region['size']}.",
        ]

    @staticmethod
    def _solution(region: dict[str, Any], f: FormulaTree, answer: Fraction) -> list[str]:
        if region["kind"] == "rectangle":
            (a, b), (c, d) = region["x"], region["y"]
            return [
                f"By Fubini, $\\int_{{{a}}}^{{{b}}} \\int_{{{c}}}^{{{d}}} "
                f"\\left({to_latex(f)}\\right)"
                "\\,dy\\,dx$.",
                "Integrate each term $k x^m y^n$ as $k \\cdot \\frac{b^{m+1} - a^{m+1}}{m+1} "
                "\\cdot \\frac{{d^{{n+1}} - c^{{n+1}}}}{{n+1}}$ and add: the total is "
                f"${tex_number(answer)}$.",
            ]
        top = region["size"]
        upper = "x" if region["kind"] == "below-diagonal" else f"{top} - x"
        return [
            f"Describe the triangle as $0 \\le x \\le {top}$, $0 \\le y \\le {upper}$.",
            f"$\\int_0^{{{top}}} \\int_0^{{{upper}}} \\left({to_latex(f)}\\right)\\,dy\\,dx = "
            f"{tex_number(answer)}$: "
            "the inner integral is a polynomial in x, integrated from 0 to "
            f"{top}.",
        ]

    @staticmethod
    def _mistakes(region: dict[str, Any], terms, answer: Fraction) -> list[Misconception]:
        if region["kind"] != "rectangle":
            top = region["size"]
            square = sum(
                (
                    k * _monomial_integral(m, 0, top) * _monomial_integral(n, 0, top)
                    for k, m, n in terms
                ),
                Fraction(0),
            )
            return [
                Misconception(
                    "misconception:rectangle-for-triangle",
                    text_number(square),
                    f"That integrates over the whole square [0, {top}]²; on the triangle the "
                    "inner limit of y depends on x.",
                )
            ]
        (a, b), (c, d) = region["x"], region["y"]
        no_divisor = sum(
            (
                k
                * (Fraction(b) ** (m + 1) - Fraction(a) ** (m + 1))
                * (Fraction(d) ** (n + 1) - Fraction(c) ** (n + 1))
                for k, m, n in terms
            ),
            Fraction(0),
        )
        forgot_length = sum(
            (
                k * _monomial_integral(m, a, b) * (_monomial_integral(n, c, d) if n else 1)
                for k, m, n in terms
            ),
            Fraction(0),
        )
        return [
            Misconception(
                "misconception:missing-length-factor",
                text_number(forgot_length),
                f"A term without y still integrates over y from {c} to {d}: it is multiplied "
                f"by the length {d - c}.",
            ),
            Misconception(
                "misconception:power-rule-divisor",
                text_number(no_divisor),
                "The antiderivative of xᵐ is xᵐ⁺¹/(m + 1): divide by the new exponent in each "
                "variable.",
            ),
        ]


def _triangle(shape: str, top: int, m: int, n: int) -> Fraction:
    """∬ xᵐ yⁿ over 0 ≤ y ≤ x ≤ top, or over x, y ≥ 0 with x + y ≤ top (a Beta integral)."""
    if shape == "below-diagonal":
        return Fraction(top ** (m + n + 2), (n + 1) * (m + n + 2))
    return Fraction(
        top ** (m + n + 2) * math.factorial(m) * math.factorial(n), math.factorial(m + n + 2)
    )
