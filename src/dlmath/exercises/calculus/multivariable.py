"""Gradients, Jacobians, Hessians and the multivariable chain rule, at a point.

Answers are concrete matrices with exact entries: transcendental parts are centred at
the point (see formulas.centred). Layout follows DESIGN.md: the gradient of a scalar has
the shape of the variable (a column); a Jacobian of f: Rⁿ -> Rᵐ is m×n (numerator layout).
"""

from __future__ import annotations

from fractions import Fraction
from typing import TYPE_CHECKING

from dlmath.exercises.base import Draft, Generator, Misconception
from dlmath.exercises.calculus.formulas import (
    apply_centred,
    draw_multivariable,
    nonzero,
    pick,
    polynomial,
)
from dlmath.exercises.calculus.term_calculus import derivative, exact_value
from dlmath.exercises.calculus.term_text import to_latex, to_text, to_tree, to_unicode
from dlmath.exercises.calculus.terms import (
    FormulaTree,
    Var,
    add,
    mul,
    num,
    substitute,
    variable_names,
)
from dlmath.exercises.registry import register
from dlmath.expr.literals import (
    format_number,
    latex_matrix,
    matrix_text,
    vector_text,
)

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np

Matrix = list[list[Fraction]]


def _exact(t: FormulaTree, point: dict[str, Fraction]) -> Fraction:
    v = exact_value(t, point)
    if v is None:  # the drawing guarantees rational values at the point
        raise AssertionError(f"{to_text(t)} is not rational at {point}")
    return v


def _jacobian_terms(components: list[FormulaTree], names: list[str]) -> list[list[FormulaTree]]:
    return [[derivative(f, n) for n in names] for f in components]


def _at(rows: list[list[FormulaTree]], point: dict[str, Fraction]) -> Matrix:
    return [[_exact(t, point) for t in row] for row in rows]


def _transposed(m: Matrix) -> Matrix:
    return [list(col) for col in zip(*m, strict=True)]


def _matmul(a: Matrix, b: Matrix) -> Matrix:
    return [
        [sum((a[i][k] * b[k][j] for k in range(len(b))), Fraction(0)) for j in range(len(b[0]))]
        for i in range(len(a))
    ]


def _draw_point(rng: np.random.Generator, names: list[str]) -> dict[str, Fraction]:
    return {n: Fraction(nonzero(rng, -2, 2)) for n in names}


def _point_text(names: list[str], point: dict[str, Fraction]) -> tuple[str, str]:
    """("(x, y)", "(1, -2)")."""
    return f"({', '.join(names)})", f"({', '.join(format_number(point[n]) for n in names)})"


def _column_latex(terms: list[FormulaTree]) -> str:
    return r"\begin{bmatrix} " + r" \\ ".join(to_latex(t) for t in terms) + r" \end{bmatrix}"


@register
class Gradient(Generator):
    """∇f of a scalar function of two or three variables, at a point."""

    skill = "calculus.gradient"
    version = 1

    def generate(self, rng: np.random.Generator, difficulty: int) -> Draft:
        names = ["x", "y", "z"] if difficulty == 3 else ["x", "y"]
        point = _draw_point(rng, names)
        f, _ = draw_multivariable(rng, names, difficulty, point)
        partials = [derivative(f, n) for n in names]
        grad = [_exact(p, point) for p in partials]
        args, at = _point_text(names, point)
        expected = vector_text(grad)
        solution = [
            f"$\\nabla f = \\left(\\frac{{\\partial f}}{{\\partial {names[0]}}}, "
            "\\dots\\right)^T$, "
            "a column vector with one partial derivative per variable:",
            *[
                f"- $\\frac{{\\partial f}}{{\\partial {n}}} = {to_latex(p)}$, "
                f"which is ${format_number(g)}$ at ${at}$"
                for n, p, g in zip(names, partials, grad, strict=True)
            ],
            f"\nSo $\\nabla f{at} = {latex_matrix([[g] for g in grad])}$.",
        ]
        mistakes = [
            Misconception(
                "transpose",
                matrix_text([grad]),
                "The gradient of a scalar function of a column vector is a column, shaped "
                "like the variable; you wrote it as a row.",
            )
        ]
        if grad[::-1] != grad:
            mistakes.append(
                Misconception(
                    "misconception:component-order",
                    vector_text(grad[::-1]),
                    f"The components are in the order of the variables {args}: "
                    f"∂f/∂{names[0]} first.",
                )
            )
        return Draft(
            prompt=(
                f"Let $f{args} = {to_latex(f)}$. Find the gradient $\\nabla f$ at "
                f"${args} = {at}$.\n\nAnswer with a column vector, e.g. `[1, 2]`."
            ),
            kind="matrix",
            expected=expected,
            data={
                "function": to_text(f),
                "tree": to_tree(f),
                "variables": names,
                "point": [format_number(point[n]) for n in names],
            },
            hints=[
                "∇f is the column of partial derivatives, one per variable.",
                f"∂f/∂{names[0]} = {to_unicode(partials[0])}.",
            ],
            solution="\n".join(solution),
            misconceptions=mistakes,
        )


def _component(
    rng: np.random.Generator, names: list[str], rich: bool, point: dict[str, Fraction]
) -> FormulaTree:
    """One component of a vector function: a polynomial, maybe with a centred function."""
    while True:
        f = polynomial(rng, names, 2, 2, coef=4)
        if rich:
            pair = [names[i] for i in sorted(rng.choice(len(names), size=2, replace=False))]
            inner = mul(num(nonzero(rng, -2, 2)), Var(pair[0]), Var(pair[1]))
            func = pick(rng, ("exp", "sin", "cos", "tanh", "sigmoid", "log"))
            f = add(f, mul(num(nonzero(rng, -2, 2)), apply_centred(func, inner, point)))
        if len(variable_names(f)) >= min(2, len(names)):
            return f


@register
class Jacobian(Generator):
    """The m×n Jacobian of f: Rⁿ -> Rᵐ at a point (numerator layout)."""

    skill = "calculus.jacobian"
    version = 1

    def generate(self, rng: np.random.Generator, difficulty: int) -> Draft:
        if difficulty == 1:
            m, n = 2, 2
        elif difficulty == 2:
            m, n = pick(rng, ((2, 3), (3, 2)))
        else:
            m, n = pick(rng, ((3, 3), (2, 3), (3, 2)))
        names = ["x", "y", "z"][:n]
        point = _draw_point(rng, names)
        rich = [difficulty == 3 or (difficulty == 2 and i == 0) for i in range(m)]
        components = [_component(rng, names, rich[i], point) for i in range(m)]
        rows = _jacobian_terms(components, names)
        jac = _at(rows, point)
        args, at = _point_text(names, point)
        expected = matrix_text(jac)
        mistakes = []
        if _transposed(jac) != jac:
            mistakes.append(
                Misconception(
                    "transpose",
                    matrix_text(_transposed(jac)),
                    f"In numerator layout the Jacobian of f: R{_sup(n)} → R{_sup(m)} is "
                    f"{m}×{n}: row i is the gradient of fᵢ as a row (∂fᵢ/∂xⱼ in column j). "
                    "You wrote its transpose.",
                )
            )
        solution = [
            f"Row $i$ of $J$ holds the partial derivatives of $f_i$; column $j$ is the "
            f"variable ${'$, $'.join(names)}$ in that order. The Jacobian is {m}×{n}.",
        ]
        for i, row in enumerate(rows):
            parts = ", ".join(
                f"$\\partial f_{i + 1}/\\partial {v} = {to_latex(t)}$"
                for v, t in zip(names, row, strict=True)
            )
            solution.append(f"- {parts}")
        solution.append(f"\nAt ${args} = {at}$: $J = {latex_matrix(jac)}$.")
        return Draft(
            prompt=(
                f"Let $f{args} = {_column_latex(components)}$. Find the Jacobian "
                f"$J_f$ at ${args} = {at}$ (numerator layout: one row per component).\n\n"
                "Answer with a matrix, e.g. `[[1, 2], [3, 4]]`."
            ),
            kind="matrix",
            expected=expected,
            data={
                "function": [to_text(c) for c in components],
                "tree": [to_tree(c) for c in components],
                "variables": names,
                "point": [format_number(point[v]) for v in names],
            },
            hints=[
                f"J is {m}×{n}: entry (i, j) is ∂fᵢ/∂{names[0]}… with j running over {args}.",
                f"Row 1 is (∂f₁/∂{names[0]}, …) = ({', '.join(to_unicode(t) for t in rows[0])}).",
            ],
            solution="\n".join(solution),
            misconceptions=mistakes,
        )


def _factor(v: Fraction) -> str:
    """A number as a factor in a product: negative ones in brackets."""
    text = format_number(v)
    return f"({text})" if v < 0 else text


def _sup(k: int) -> str:
    return "⁰¹²³⁴⁵⁶⁷⁸⁹"[k]


@register
class Hessian(Generator):
    """The Hessian matrix of second partial derivatives at a point."""

    skill = "calculus.hessian"
    version = 1

    def generate(self, rng: np.random.Generator, difficulty: int) -> Draft:
        names = ["x", "y", "z"] if difficulty == 3 else ["x", "y"]
        point = _draw_point(rng, names)
        for _ in range(20):  # a Hessian of zeros off the diagonal teaches little
            f, _ = draw_multivariable(rng, names, difficulty, point)
            partials = [derivative(f, n) for n in names]
            rows = [[derivative(p, n) for n in names] for p in partials]
            hess = _at(rows, point)
            if any(hess[i][j] != 0 for i in range(len(names)) for j in range(len(names)) if i != j):
                break
        grad = [_exact(p, point) for p in partials]
        args, at = _point_text(names, point)
        k = len(names)
        mistakes = [
            Misconception(
                "misconception:diagonal-only",
                matrix_text([[hess[i][j] if i == j else 0 for j in range(k)] for i in range(k)]),
                "The Hessian also holds the mixed partials ∂²f/∂xᵢ∂xⱼ off the diagonal.",
            ),
            Misconception(
                "misconception:gradient-not-hessian",
                vector_text(grad),
                "That is the gradient (first derivatives); the Hessian is the "
                f"{k}×{k} matrix of second derivatives.",
            ),
        ]
        solution = [
            "First derivatives: "
            + ", ".join(
                f"$f_{{{n}}} = {to_latex(p)}$" for n, p in zip(names, partials, strict=True)
            )
            + ".",
            "Second derivatives (the matrix is symmetric: $f_{xy} = f_{yx}$):",
        ]
        for i in range(k):
            for j in range(i, k):
                solution.append(
                    f"- $f_{{{names[i]}{names[j]}}} = {to_latex(rows[i][j])}$, "
                    f"${format_number(hess[i][j])}$ at ${at}$"
                )
        solution.append(f"\nSo $H{at} = {latex_matrix(hess)}$.")
        return Draft(
            prompt=(
                f"Let $f{args} = {to_latex(f)}$. Find the Hessian $H$ at ${args} = {at}$.\n\n"
                "Answer with a matrix, e.g. `[[1, 2], [2, 3]]`."
            ),
            kind="matrix",
            expected=matrix_text(hess),
            data={
                "function": to_text(f),
                "tree": to_tree(f),
                "variables": names,
                "point": [format_number(point[n]) for n in names],
            },
            hints=[
                f"H is {k}×{k} with entry (i, j) = ∂²f/∂xᵢ∂xⱼ; it is symmetric.",
                f"Start from the first derivatives: f_{names[0]} = {to_unicode(partials[0])}.",
            ],
            solution="\n".join(solution),
            misconceptions=[m for m in mistakes if m.answer != matrix_text(hess)],
        )


# -- chain rule -------------------------------------------------------------------------

T = Var("t")


def _path(rng: np.random.Generator, t0: Fraction, rich: bool) -> FormulaTree:
    """x(t): a line, a parabola, or (rich) a function centred at t0."""
    a, b = nonzero(rng, -3, 3), int(rng.integers(-3, 4))
    shape = int(rng.integers(3 if rich else 2))
    if shape == 0:
        return add(mul(num(a), T), num(b))
    if shape == 1:
        return add(mul(num(a), T, T), num(b))
    func = pick(rng, ("exp", "sin", "cos"))
    return add(num(b), apply_centred(func, mul(num(a), T), {"t": t0}))


@register
class ChainRule(Generator):
    """dz/dt through x(t), y(t); and Jacobians of compositions, J_{f∘g} = J_f(g) J_g."""

    skill = "calculus.chain-rule"
    version = 1

    def generate(self, rng: np.random.Generator, difficulty: int) -> Draft:
        if difficulty == 3:
            return self._composition(rng)
        t0 = Fraction(nonzero(rng, -2, 2))
        for _ in range(100):  # small x(t0), y(t0) keep the numbers humane
            paths = {n: _path(rng, t0, difficulty == 2) for n in ("x", "y")}
            at = {n: _exact(p, {"t": t0}) for n, p in paths.items()}
            if all(abs(v) <= 3 for v in at.values()):
                break
        z, _ = draw_multivariable(rng, ["x", "y"], difficulty, at)
        zx, zy = derivative(z, "x"), derivative(z, "y")
        dx, dy = derivative(paths["x"], "t"), derivative(paths["y"], "t")
        vx, vy = _exact(zx, at), _exact(zy, at)
        wx, wy = _exact(dx, {"t": t0}), _exact(dy, {"t": t0})
        answer = vx * wx + vy * wy
        composed = substitute(z, paths)
        t_text = format_number(t0)
        xy_text = f"({format_number(at['x'])}, {format_number(at['y'])})"
        mistakes = []
        for code, wrong, feedback in (
            (
                "misconception:missing-path",
                vx * wx,
                "z depends on t through x and through y: add ∂z/∂y·dy/dt as well.",
            ),
            (
                "misconception:missing-path",
                vy * wy,
                "z depends on t through x and through y: add ∂z/∂x·dx/dt as well.",
            ),
            (
                "misconception:partials-only",
                vx + vy,
                "Each partial derivative must be multiplied by the rate of its variable: "
                "dz/dt = ∂z/∂x·dx/dt + ∂z/∂y·dy/dt.",
            ),
        ):
            if wrong != answer and all(m.answer != format_number(wrong) for m in mistakes):
                mistakes.append(Misconception(code, format_number(wrong), feedback))
        solution = "\n".join(
            [
                r"$\frac{dz}{dt} = \frac{\partial z}{\partial x}\frac{dx}{dt} + "
                r"\frac{\partial z}{\partial y}\frac{dy}{dt}$, with the partials taken at "
                f"$(x, y) = (x({t_text}), y({t_text})) = {xy_text}$.",
                f"- $\\frac{{\\partial z}}{{\\partial x}} = {to_latex(zx)} = "
                f"{format_number(vx)}$ there, $\\frac{{dx}}{{dt}} = {to_latex(dx)} = "
                f"{format_number(wx)}$",
                f"- $\\frac{{\\partial z}}{{\\partial y}} = {to_latex(zy)} = "
                f"{format_number(vy)}$ there, $\\frac{{dy}}{{dt}} = {to_latex(dy)} = "
                f"{format_number(wy)}$",
                f"\nSo $\\frac{{dz}}{{dt}} = {_factor(vx)} \\cdot {_factor(wx)} + "
                f"{_factor(vy)} \\cdot {_factor(wy)} = {format_number(answer)}$.",
            ]
        )
        return Draft(
            prompt=(
                f"Let $z = {to_latex(z)}$ with $x = {to_latex(paths['x'])}$ and "
                f"$y = {to_latex(paths['y'])}$. Find $\\frac{{dz}}{{dt}}$ at $t = {t_text}$."
            ),
            kind="number",
            expected=format_number(answer),
            data={
                "function": to_text(composed),
                "outer": to_text(z),
                "outer_tree": to_tree(z),
                "inner": {n: to_text(p) for n, p in paths.items()},
                "inner_tree": {n: to_tree(p) for n, p in paths.items()},
                "variables": ["t"],
                "point": [t_text],
            },
            hints=[
                "dz/dt = ∂z/∂x·dx/dt + ∂z/∂y·dy/dt.",
                f"At t = {t_text} the point is (x, y) = {xy_text}.",
            ],
            solution=solution,
            misconceptions=mistakes,
        )

    def _composition(self, rng: np.random.Generator) -> Draft:
        inputs = ["u", "v"]
        k = int(pick(rng, (2, 3)))
        middle = ["x", "y", "w"][:k]
        point = _draw_point(rng, inputs)
        inner = [_component(rng, inputs, i == 0, point) for i in range(k)]
        g_at = {n: _exact(t, point) for n, t in zip(middle, inner, strict=True)}
        outer = [_component(rng, middle, False, g_at) for _ in range(2)]
        jf_terms = _jacobian_terms(outer, middle)
        jg_terms = _jacobian_terms(inner, inputs)
        jf = _at(jf_terms, g_at)
        jg = _at(jg_terms, point)
        jh = _matmul(jf, jg)
        composed = [substitute(f, dict(zip(middle, inner, strict=True))) for f in outer]
        mistakes = []
        reversed_product = _matmul(jg, jf)
        if reversed_product != jh:
            mistakes.append(
                Misconception(
                    "misconception:reversed-chain",
                    matrix_text(reversed_product),
                    "The chain rule multiplies the outer Jacobian on the left: "
                    "J_{f∘g} = J_f(g(p))·J_g(p), not J_g·J_f.",
                )
            )
        if k == 2:
            jf_at_p = _at(jf_terms, dict(zip(middle, (point["u"], point["v"]), strict=True)))
            wrong = _matmul(jf_at_p, jg)
            if wrong != jh:
                mistakes.append(
                    Misconception(
                        "misconception:outer-at-input",
                        matrix_text(wrong),
                        "J_f must be evaluated at g(p), the point where f is applied, not at p.",
                    )
                )
        _, p_text = _point_text(inputs, point)
        g_text = f"({', '.join(format_number(g_at[n]) for n in middle)})"
        mid = f"({', '.join(middle)})"
        solution = "\n".join(
            [
                r"$J_{f \circ g}(p) = J_f(g(p))\, J_g(p)$: a "
                f"2×{k} times a {k}×2 matrix, so the answer is 2×2.",
                f"- $g{p_text} = {g_text}$",
                f"- $J_g{p_text} = {latex_matrix(jg)}$",
                f"- $J_f{g_text} = {latex_matrix(jf)}$",
                f"\nSo $J_{{f \\circ g}}{p_text} = {latex_matrix(jh)}$.",
            ]
        )
        return Draft(
            prompt=(
                f"Let $g(u, v) = {_column_latex(inner)}$ and $f{mid} = "
                f"{_column_latex(outer)}$. Find the Jacobian of $h = f \\circ g$ at "
                f"$(u, v) = {p_text}$.\n\nAnswer with a matrix, e.g. `[[1, 2], [3, 4]]`."
            ),
            kind="matrix",
            expected=matrix_text(jh),
            data={
                "function": [to_text(c) for c in composed],
                "outer": [to_text(c) for c in outer],
                "outer_tree": [to_tree(c) for c in outer],
                "inner": [to_text(c) for c in inner],
                "inner_tree": [to_tree(c) for c in inner],
                "middle": middle,
                "variables": inputs,
                "point": [format_number(point[n]) for n in inputs],
            },
            hints=[
                "J_{f∘g}(p) = J_f(g(p))·J_g(p) (outer Jacobian on the left).",
                f"g{p_text} = {g_text}; evaluate J_f there.",
            ],
            solution=solution,
            misconceptions=mistakes,
        )
