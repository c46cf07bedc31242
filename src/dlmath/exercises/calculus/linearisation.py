"""calculus.linear-approximation: f(p + h) ≈ f(p) + ∇f(p)ᵀh and the tangent plane.

Difficulty 1: estimate a polynomial f(x, y) at a nearby point. Difficulty 2: the tangent
plane z = L(x, y) of a function with a transcendental part, as an expression in x and y.
Difficulty 3: estimate a vector function F: R² → R² at a nearby point with its Jacobian,
F(p + h) ≈ F(p) + J h.
"""

from __future__ import annotations

from fractions import Fraction
from typing import TYPE_CHECKING

from dlmath.exercises.base import Draft, Generator, Misconception
from dlmath.exercises.calculus.formulas import draw_multivariable, pick
from dlmath.exercises.calculus.terms import (
    Term,
    derivative,
    exact_value,
    to_latex,
    to_text,
    to_tree,
    to_unicode,
)
from dlmath.exercises.registry import register
from dlmath.expr.literals import format_number, latex_matrix, vector_text

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np

NAMES = ["x", "y"]
STEPS = [Fraction(1, 10), Fraction(-1, 10), Fraction(1, 5), Fraction(-1, 5), Fraction(1, 20)]


def _exact(t: Term, point: dict[str, Fraction]) -> Fraction:
    v = exact_value(t, point)
    if v is None:  # centred functions keep values at the point rational
        raise AssertionError(f"{to_text(t)} is not rational at {point}")
    return v


def _linear_text(const: Fraction, coeffs: list[Fraction]) -> str:
    """``3*x - 2*y + 5`` in the input language (terms with a zero coefficient left out)."""
    terms = [
        (c, name if abs(c) == 1 else f"{format_number(abs(c))}*{name}")
        for c, name in zip(coeffs, NAMES, strict=True)
        if c != 0
    ]
    if const or not terms:
        terms.append((const, format_number(abs(const))))
    first_sign, first = terms[0]
    out = ("-" if first_sign < 0 else "") + first
    for c, body in terms[1:]:
        out += (" - " if c < 0 else " + ") + body
    return out


def _draw_point(rng: np.random.Generator) -> dict[str, Fraction]:
    return {n: Fraction(pick(rng, [-2, -1, 1, 2])) for n in NAMES}


def _decimal(value: Fraction) -> str:
    """A step or a nearby coordinate as a person writes it: 0.1, -1.95."""
    return f"{float(value):g}"


@register
class LinearApproximation(Generator):
    """Estimates by the tangent plane (scalar and vector functions) and the plane itself."""

    skill = "calculus.linear-approximation"
    version = 1

    def generate(self, rng: np.random.Generator, difficulty: int) -> Draft:
        if difficulty == 1:
            return self._estimate(rng)
        if difficulty == 2:
            return self._tangent_plane(rng)
        return self._vector_estimate(rng)

    def _estimate(self, rng: np.random.Generator) -> Draft:
        point = _draw_point(rng)
        f, _ = draw_multivariable(rng, NAMES, 1, point)
        h = [pick(rng, STEPS) for _ in NAMES]
        partials = [derivative(f, n) for n in NAMES]
        grad = [_exact(p, point) for p in partials]
        f0 = _exact(f, point)
        change = sum((g * s for g, s in zip(grad, h, strict=True)), Fraction(0))
        value = f0 + change
        near = {n: point[n] + s for n, s in zip(NAMES, h, strict=True)}
        expected = format_number(value)
        wrong = [
            Misconception(
                "misconception:value-at-base",
                format_number(f0),
                "That is f at the base point; the linear approximation adds the first-order "
                "change ∇f · h.",
            ),
            Misconception(
                "misconception:change-only",
                format_number(change),
                "∇f · h is only the change; add it to f at the base point.",
            ),
            Misconception(
                "misconception:exact-value",
                format_number(_exact(f, near)),
                "That is the exact value f(p + h). The linear approximation f(p) + ∇f·h drops "
                "the second-order terms; give the estimate.",
            ),
        ]
        at = f"({format_number(point['x'])}, {format_number(point['y'])})"
        target = f"({_decimal(near['x'])}, {_decimal(near['y'])})"
        steps = [
            f"Linearise at $p = {at}$ with $h = ({_decimal(h[0])}, {_decimal(h[1])})$: "
            "$f(p + h) \\approx f(p) + \\nabla f(p) \\cdot h$.",
            f"- $f{at} = {format_number(f0)}$",
            *[
                f"- $\\frac{{\\partial f}}{{\\partial {n}}} = {to_latex(p)} = {format_number(g)}$"
                for n, p, g in zip(NAMES, partials, grad, strict=True)
            ],
            f"\nSo $f{target} \\approx {format_number(f0)} + ({format_number(grad[0])})"
            f"({_decimal(h[0])}) + ({format_number(grad[1])})({_decimal(h[1])}) = "
            f"{format_number(value)}$ (as a decimal, {float(value):g}).",
        ]
        return Draft(
            prompt=f"Let $f(x, y) = {to_latex(f)}$. Use the linear approximation of $f$ at "
            f"${at}$ to estimate $f{target}$.",
            text=f"Let f(x, y) = {to_unicode(f)}. Use the linear approximation of f at {at} to "
            f"estimate f{target}.",
            kind="number",
            expected=expected,
            data={
                "ask": "estimate",
                "function": to_text(f),
                "tree": to_tree(f),
                "variables": NAMES,
                "point": [format_number(point[n]) for n in NAMES],
                "step": [format_number(s) for s in h],
            },
            hints=[
                "f(p + h) ≈ f(p) + ∇f(p) · h.",
                f"Here h = ({_decimal(h[0])}, {_decimal(h[1])}).",
            ],
            solution="\n".join(steps),
            misconceptions=wrong,
        )

    def _tangent_plane(self, rng: np.random.Generator) -> Draft:
        point = _draw_point(rng)
        f, _ = draw_multivariable(rng, NAMES, 2, point)
        partials = [derivative(f, n) for n in NAMES]
        grad = [_exact(p, point) for p in partials]
        f0 = _exact(f, point)
        const = f0 - grad[0] * point["x"] - grad[1] * point["y"]
        expected = _linear_text(const, grad)
        wrong = [
            Misconception(
                "misconception:missing-base-value",
                _linear_text(const - f0, grad),
                f"The plane must pass through (p, f(p)): add f(p) = {format_number(f0)}.",
            ),
            Misconception(
                "misconception:partials-swapped",
                _linear_text(f0 - grad[1] * point["x"] - grad[0] * point["y"], grad[::-1]),
                "∂f/∂x multiplies (x − a) and ∂f/∂y multiplies (y − b); you swapped them.",
            ),
            Misconception(
                "misconception:not-shifted",
                _linear_text(f0, grad),
                "The slopes multiply the displacements (x − a) and (y − b) from the point, not "
                "x and y themselves.",
            ),
        ]
        at = f"({format_number(point['x'])}, {format_number(point['y'])})"
        steps = [
            "The tangent plane at $(a, b)$ is $z = f(a, b) + f_x(a, b)(x - a) + f_y(a, b)(y - b)$.",
            f"- $f{at} = {format_number(f0)}$",
            *[
                f"- $f_{n} = {to_latex(p)} = {format_number(g)}$ at ${at}$"
                for n, p, g in zip(NAMES, partials, grad, strict=True)
            ],
            f"\nSo $z = {format_number(f0)} + ({format_number(grad[0])})(x - "
            f"({format_number(point['x'])})) + ({format_number(grad[1])})(y - "
            f"({format_number(point['y'])}))$, that is $z = "
            f"{_linear_text(const, grad).replace('*', ' ')}$.",
        ]
        return Draft(
            prompt=f"Let $f(x, y) = {to_latex(f)}$. Find the tangent plane $z = L(x, y)$ of the "
            f"graph of $f$ at ${at}$: give $L(x, y)$ as an expression in $x$ and $y$.",
            text=f"Let f(x, y) = {to_unicode(f)}. Find the tangent plane z = L(x, y) of the "
            f"graph of f at {at}: give L(x, y) as an expression in x and y.",
            kind="expression",
            expected=expected,
            data={
                "ask": "tangent-plane",
                "function": to_text(f),
                "tree": to_tree(f),
                "variables": NAMES,
                "point": [format_number(point[n]) for n in NAMES],
            },
            hints=[
                "z = f(a, b) + f_x(a, b)(x − a) + f_y(a, b)(y − b).",
                f"At {at}: f = {format_number(f0)}, f_x = {format_number(grad[0])}.",
            ],
            solution="\n".join(steps),
            misconceptions=wrong,
            shapes={"x": "1", "y": "1"},
        )

    def _vector_estimate(self, rng: np.random.Generator) -> Draft:
        point = _draw_point(rng)
        comps = [draw_multivariable(rng, NAMES, pick(rng, [1, 2]), point)[0] for _ in range(2)]
        h = [pick(rng, STEPS) for _ in NAMES]
        jac = [[_exact(derivative(c, n), point) for n in NAMES] for c in comps]
        f0 = [_exact(c, point) for c in comps]
        jh = [sum((row[j] * h[j] for j in range(2)), Fraction(0)) for row in jac]
        jth = [sum((jac[j][i] * h[j] for j in range(2)), Fraction(0)) for i in range(2)]
        value = [a + b for a, b in zip(f0, jh, strict=True)]
        expected = vector_text(value)
        wrong = [
            Misconception(
                "misconception:transposed-jacobian",
                vector_text([a + b for a, b in zip(f0, jth, strict=True)]),
                "Row i of the Jacobian holds the partial derivatives of Fᵢ; you multiplied h by "
                "its transpose.",
            ),
            Misconception(
                "misconception:change-only",
                vector_text(jh),
                "J h is only the change; add F(p).",
            ),
        ]
        at = f"({format_number(point['x'])}, {format_number(point['y'])})"
        target = f"({_decimal(point['x'] + h[0])}, {_decimal(point['y'] + h[1])})"
        steps = [
            "$F(p + h) \\approx F(p) + J_F(p)\\, h$, with row $i$ of $J_F$ the partial "
            "derivatives of $F_i$.",
            f"$$F{at} = {latex_matrix([[v] for v in f0])}, \\quad J_F{at} = "
            f"{latex_matrix(jac)}, \\quad h = {latex_matrix([[s] for s in h])}$$",
            f"$$F{target} \\approx {latex_matrix([[v] for v in f0])} + "
            f"{latex_matrix([[v] for v in jh])} = {latex_matrix([[v] for v in value])}$$",
        ]
        return Draft(
            prompt=f"Let $F(x, y) = \\begin{{bmatrix}} {to_latex(comps[0])} \\\\ "
            f"{to_latex(comps[1])} \\end{{bmatrix}}$. Use the linear approximation of $F$ at "
            f"${at}$ to estimate $F{target}$ (a column vector).",
            text=f"Let F(x, y) = (F₁, F₂) with\n  F₁ = {to_unicode(comps[0])}\n  F₂ = "
            f"{to_unicode(comps[1])}\nUse the linear approximation of F at {at} to estimate "
            f"F{target} (a column vector).",
            kind="matrix",
            expected=expected,
            data={
                "ask": "vector-estimate",
                "function": [to_text(c) for c in comps],
                "tree": [to_tree(c) for c in comps],
                "variables": NAMES,
                "point": [format_number(point[n]) for n in NAMES],
                "step": [format_number(s) for s in h],
            },
            hints=[
                "F(p + h) ≈ F(p) + J h, J the 2×2 Jacobian at p.",
                "Row i of J is (∂Fᵢ/∂x, ∂Fᵢ/∂y).",
            ],
            solution="\n".join(steps),
            misconceptions=wrong,
        )
