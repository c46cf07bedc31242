"""Second-order Taylor approximations.

Difficulty 1 expands exp, sin, cos, log(1 + kx) or 1/(1 + kx) about 0; difficulty 2
expands about a point a != 0, where the polynomial is in powers of (x - a); difficulty 3
approximates a function of two variables with its gradient and Hessian.
"""

from __future__ import annotations

from fractions import Fraction
from typing import TYPE_CHECKING

from dlmath.exercises.base import Draft, Generator, Misconception
from dlmath.exercises.calculus.formulas import (
    distinct_misconceptions,
    draw_multivariable,
    nonzero,
    pick,
    polynomial,
)
from dlmath.exercises.calculus.term_calculus import derivative, exact_value
from dlmath.exercises.calculus.term_text import to_latex, to_text, to_tree, to_unicode
from dlmath.exercises.calculus.terms import (
    ONE,
    FormulaTree,
    Var,
    add,
    call,
    mul,
    num,
    power,
    quotient,
)
from dlmath.exercises.registry import register
from dlmath.expr.literals import format_number, latex_number

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np

X = Var("x")
SCALAR = "1"


def _taylor_one(rng: np.random.Generator, difficulty: int) -> tuple[FormulaTree, Fraction]:
    """f(x) and the centre a, with f, f', f'' rational at a."""
    if difficulty == 1:
        a = Fraction(0)
        k = nonzero(rng, -3, 3)
        shape = int(rng.integers(5))
        if shape == 0:
            return call("exp", mul(num(k), X)), a
        if shape == 1:
            return call("sin", mul(num(k), X)), a
        if shape == 2:
            return call("cos", mul(num(k), X)), a
        if shape == 3:
            return call("log", add(ONE, mul(num(k), X))), a
        return quotient(ONE, add(ONE, mul(num(k), X))), a
    a = Fraction(nonzero(rng, -2, 2))
    shift = add(X, num(-a))  # x - a
    shape = int(rng.integers(3))
    if shape == 0:
        return polynomial(rng, ["x"], 3, 4), a
    func = pick(rng, ("exp", "sin", "cos", "sigmoid"))
    left = mul(num(nonzero(rng, -3, 3)), power(X, int(rng.integers(1, 3))))
    if shape == 1:
        return mul(left, call(func, shift)), a
    return add(left, call("log", add(shift, ONE))), a


def _taylor_terms(f: FormulaTree, a: Fraction) -> tuple[Fraction, Fraction, Fraction]:
    at = {"x": a}
    d1 = derivative(f, "x")
    d2 = derivative(d1, "x")
    values = [exact_value(t, at) for t in (f, d1, d2)]
    assert all(v is not None for v in values)
    return values[0], values[1], values[2]  # type: ignore[return-value]


def _polynomial_in(c: tuple[Fraction, ...], base: FormulaTree) -> FormulaTree:
    return add(*[mul(num(ck), power(base, k)) for k, ck in enumerate(c)])


@register
class Taylor(Generator):
    """Second-order Taylor approximations: coefficients, polynomial, value nearby."""

    skill = "calculus.taylor"
    version = 1

    def generate(self, rng: np.random.Generator, difficulty: int) -> Draft:
        if difficulty == 3:
            return self._two_variables(rng)
        for _ in range(20):  # a zero second derivative would make the exercise trivial
            f, a = _taylor_one(rng, difficulty)
            f0, f1, f2 = _taylor_terms(f, a)
            if f2 != 0:
                break
        coefficients = (f0, f1, f2 / 2)
        shift = X if a == 0 else add(X, num(-a))
        t2 = _polynomial_in(coefficients, shift)
        no_factorial = _polynomial_in((f0, f1, f2), shift)
        shift_uni = f"({to_unicode(shift)})"
        a_text = format_number(a)
        about = f"about $x = {a_text}$"
        fx_tex = to_latex(f)
        solution = [
            f"$T_2(x) = f(a) + f'(a)(x - a) + \\frac{{f''(a)}}{{2}}(x - a)^2$ with $a = {a_text}$.",
            f"- $f({a_text}) = {latex_number(f0)}$",
            f"- $f'(x) = {to_latex(derivative(f, 'x'))}$, so $f'({a_text}) = {latex_number(f1)}$",
            f"- $f''({a_text}) = {latex_number(f2)}$, so the coefficient of $(x - a)^2$ is "
            f"${latex_number(f2 / 2)}$",
            f"\nSo $T_2(x) = {to_latex(t2)}$.",
        ]
        mode = int(rng.integers(2))
        data = {
            "function": to_text(f),
            "tree": to_tree(f),
            "center": a_text,
        }
        mistakes: list[Misconception] = []
        factorial_feedback = "The second-order term is f''(a)/2!·(x - a)²: you left out the 1/2."
        if mode == 0:
            kind = "expression"
            expected = to_text(t2)
            ask = f"the second-order Taylor polynomial $T_2(x)$ of $f(x) = {fx_tex}$ {about}"
            if f2 != 0:
                mistakes.append(
                    Misconception(
                        "misconception:missing-factorial", to_text(no_factorial), factorial_feedback
                    )
                )
            if a != 0 and (f1 != 0 or f2 != 0):
                mistakes.append(
                    Misconception(
                        "misconception:powers-of-x",
                        to_text(_polynomial_in(coefficients, X)),
                        f"About x = {a_text} the polynomial is in powers of {shift_uni}, not x.",
                    )
                )
            data["ask"] = "polynomial"
        elif difficulty == 1:
            x1 = pick(rng, (Fraction(1, 10), Fraction(-1, 10), Fraction(1, 5), Fraction(1, 2)))
            kind = "number"
            at = exact_value(t2, {"x": x1})
            assert at is not None
            expected = format_number(at)
            ask = (
                f"the value at $x = {latex_number(x1)}$ of the second-order Taylor "
                f"approximation of $f(x) = {fx_tex}$ {about}"
            )
            wrong = exact_value(no_factorial, {"x": x1})
            if wrong != at:
                mistakes.append(
                    Misconception(
                        "misconception:missing-factorial", format_number(wrong), factorial_feedback
                    )
                )
            solution.append(f"At $x = {latex_number(x1)}$: $T_2 = {latex_number(at)}$.")
            data["ask"] = "value"
            data["at"] = format_number(x1)
        else:
            kind = "number"
            expected = format_number(f2 / 2)
            ask = (
                f"the coefficient $c_2$ of $\\left({to_latex(shift)}\\right)^2$ "
                "in the Taylor expansion "
                f"of $f(x) = {fx_tex}$ {about}"
            )
            if f2 != 0:
                mistakes.append(
                    Misconception(
                        "misconception:missing-factorial", format_number(f2), factorial_feedback
                    )
                )
            data["ask"] = "coefficient"
        return Draft(
            prompt=f"Find {ask}."
            + ("\n\nAnswer with an expression in $x$." if kind == "expression" else ""),
            kind=kind,
            expected=expected,
            data=data,
            hints=[
                "T₂(x) = f(a) + f'(a)(x - a) + f''(a)/2·(x - a)².",
                f"f({a_text}) = {format_number(f0)} and f'({a_text}) = {format_number(f1)}.",
            ],
            solution="\n".join(solution),
            misconceptions=distinct_misconceptions(mistakes, expected),
            shapes={"x": SCALAR} if kind == "expression" else {},
        )

    def _two_variables(self, rng: np.random.Generator) -> Draft:
        names = ["x", "y"]
        point = {n: Fraction(nonzero(rng, -2, 2)) for n in names}
        f, _ = draw_multivariable(rng, names, 3, point)
        h = [
            pick(rng, (Fraction(1, 10), Fraction(-1, 10), Fraction(1, 5), Fraction(-1, 5)))
            for _ in names
        ]
        f0 = exact_value(f, point)
        grad = [exact_value(derivative(f, n), point) for n in names]
        hess = [[exact_value(derivative(derivative(f, a), b), point) for b in names] for a in names]
        assert f0 is not None and None not in grad and all(None not in row for row in hess)
        linear = sum((g * d for g, d in zip(grad, h, strict=True)), Fraction(0))
        diag = sum((hess[i][i] * h[i] * h[i] for i in range(2)), Fraction(0))
        cross = 2 * hess[0][1] * h[0] * h[1]
        expected_value = f0 + linear + (diag + cross) / 2
        new = [point[n] + d for n, d in zip(names, h, strict=True)]
        a_text = ", ".join(format_number(point[n]) for n in names)
        h_text = ", ".join(format_number(d) for d in h)
        new_text = ", ".join(format_number(v) for v in new)
        f_tex = to_latex(f)
        mistakes = []
        for code, wrong, feedback in (
            (
                "misconception:missing-factorial",
                f0 + linear + diag + cross,
                "The quadratic term is ½·hᵀHh: you left out the 1/2.",
            ),
            (
                "misconception:missing-cross-term",
                f0 + linear + diag / 2,
                "hᵀHh includes the mixed term 2·f_xy·h₁h₂; you used only the diagonal of the "
                "Hessian.",
            ),
        ):
            if wrong != expected_value:
                mistakes.append(Misconception(code, format_number(wrong), feedback))
        grid = "[[" + "], [".join(", ".join(format_number(v) for v in row) for row in hess) + "]]"
        solution = "\n".join(
            [
                r"$f(\mathbf{a} + \mathbf{h}) \approx f(\mathbf{a})"
                r" + \nabla f(\mathbf{a})^T \mathbf{h}"
                r" + \tfrac12 \mathbf{h}^T H(\mathbf{a}) \mathbf{h}$"
                f" with $\\mathbf{{a}} = ({a_text})$, $\\mathbf{{h}} = ({h_text})$.",
                f"- $f(\\mathbf{{a}}) = {latex_number(f0)}$",
                f"- $\\nabla f(\\mathbf{{a}}) = ({', '.join(latex_number(g) for g in grad)})$, "
                f"so $\\nabla f^T \\mathbf{{h}} = {latex_number(linear)}$",
                f"- $H(\\mathbf{{a}}) = {grid}$, so $\\tfrac12 \\mathbf{{h}}^T H \\mathbf{{h}} = "
                f"{latex_number((diag + cross) / 2)}$",
                f"\nSo the approximation is ${latex_number(expected_value)}$.",
            ]
        )
        return Draft(
            prompt=(
                f"Let $f(x, y) = {f_tex}$. Use the second-order Taylor approximation about "
                f"$(x, y) = ({a_text})$ to estimate $f({new_text})$ (exact number)."
            ),
            kind="number",
            expected=format_number(expected_value),
            data={
                "function": to_text(f),
                "tree": to_tree(f),
                "variables": names,
                "center": [format_number(point[n]) for n in names],
                "at": [format_number(v) for v in new],
                "ask": "value2",
            },
            hints=[
                "f(a + h) ≈ f(a) + ∇f(a)ᵀh + ½ hᵀ H(a) h.",
                f"f({a_text}) = {format_number(f0)}; ∇f({a_text}) = "
                f"({', '.join(format_number(g) for g in grad)}).",
            ],
            solution=solution,
            misconceptions=distinct_misconceptions(mistakes, format_number(expected_value)),
        )
