"""optimization.first-order-condition: the tangent-line inequality of convex functions."""

from __future__ import annotations

from fractions import Fraction
from typing import TYPE_CHECKING

from dlmath.exercises.base import Draft, Generator, Misconception
from dlmath.exercises.kit import draw_int, json_value, pick, tex_number, text_number
from dlmath.exercises.optimization.convex_terms import (
    affine_text,
    combo,
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
from dlmath.exercises.optimization.exp_log_values import (
    constant_value,
    exp_value,
    log_value,
    value_latex,
    value_mistakes,
    value_scaled,
    value_sum,
    value_text,
)
from dlmath.exercises.optimization.polynomials import (
    poly1_derivative,
    poly1_text,
    poly1_tree,
    poly1_value,
)
from dlmath.exercises.registry import register
from dlmath.expr.literals import latex_matrix

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np

F = Fraction


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
    version = 2

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
            d = poly1_derivative(coeffs)

            def f(v):
                return constant_value(poly1_value(coeffs, F(v)))

            def df(v):
                return constant_value(poly1_value(d, F(v)))

            tree, latex = poly1_tree(coeffs), poly1_text(coeffs, True)
            dlatex = poly_text({(i,): c for i, c in enumerate(d)}, ["x"], True)
        elif form == "exp":
            while True:
                x0, y0 = draw_int(rng, -2, 2), draw_int(rng, -2, 2)
                if x0 != y0:
                    break

            def f(v):
                return exp_value(v)

            df = f
            tree, latex, dlatex = ["exp", var(0)], "e^x", "e^x"
        else:  # −log x
            while True:
                x0, y0 = draw_int(rng, 1, 6), draw_int(rng, 1, 6)
                if x0 != y0:
                    break

            def f(v):
                return log_value(v, -1)

            def df(v):
                return constant_value(F(-1, v))

            tree, latex, dlatex = ["mul", -1, ["log", var(0)]], "-\\log x", "-1/x"
        step = y0 - x0
        gap = value_sum(f(y0), value_scaled(f(x0), -1), value_scaled(df(x0), -step))
        wrong = value_mistakes(
            [
                (
                    "misconception:no-slope-term",
                    value_sum(f(y0), value_scaled(f(x0), -1)),
                    GAP_FEEDBACK["no-slope-term"],
                ),
                (
                    "misconception:tangent-at-y",
                    value_sum(f(x0), value_scaled(f(y0), -1), value_scaled(df(y0), step)),
                    GAP_FEEDBACK["tangent-at-y"],
                ),
                (
                    "misconception:slope-sign",
                    value_sum(f(y0), value_scaled(f(x0), -1), value_scaled(df(x0), step)),
                    GAP_FEEDBACK["slope-sign"],
                ),
            ]
        )
        tangent = value_sum(f(x0), value_scaled(df(x0), step))
        lask = (
            f"For $f(x) = {latex}$, compute the first-order gap $f(y) - \\big(f(x) + f'(x)(y "
            "- x)\\big)$ "
            f"at $x = {x0}$, $y = {y0}$. Give the exact value."
        )
        solution = [
            f"$f'(x) = {dlatex}$, so $f({x0}) = {value_latex(f(x0))}$ and "
            f"$f'({x0}) = {value_latex(df(x0))}$.",
            f"The tangent at ${x0}$ predicts "
            f"$f({x0}) + f'({x0})({y0} - ({x0})) = {value_latex(tangent)}$ at $y = {y0}$.",
            f"$f({y0}) = {value_latex(f(y0))}$, so the gap is ${value_latex(gap)}$"
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
            kind="number",
            expected=value_text(gap),
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
        coeffs = quadratic_form_coeffs(a) | {(1, 0): b[0], (0, 1): b[1]}

        def f(p):
            return form_value(a, p) + b[0] * p[0] + b[1] * p[1]

        grad = [2 * (a[i][0] * x0[0] + a[i][1] * x0[1]) + b[i] for i in range(2)]
        step = [y0[i] - x0[i] for i in range(2)]
        slope = grad[0] * step[0] + grad[1] * step[1]
        gap = f(y0) - f(x0) - slope
        latex = poly_text(coeffs, names_of(2, True), True)
        wrong = value_mistakes(
            [
                (
                    "misconception:no-slope-term",
                    constant_value(f(y0) - f(x0)),
                    GAP_FEEDBACK["no-slope-term"],
                ),
                (
                    "misconception:slope-sign",
                    constant_value(f(y0) - f(x0) + slope),
                    GAP_FEEDBACK["slope-sign"],
                ),
            ]
        )
        return Draft(
            prompt=(
                f"For $f(x) = {latex}$ on $\\mathbb{{R}}^2$, compute "
                f"$f(y) - \\big(f(x) + \\nabla f(x)^T (y - x)\\big)$ at $x = {point_latex(x0)}$, "
                f"$y = {point_latex(y0)}$."
            ),
            kind="number",
            expected=text_number(gap),
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
                    f"$\\nabla f{point_latex(x0)} = {point_latex(grad)}$.",
                    f"$f(x) = {tex_number(f(x0))}$, $f(y) = {tex_number(f(y0))}$, $y - x = "
                    f"{point_latex(step)}$ "
                    "and "
                    f"$\\nabla f(x)^T (y - x) = {tex_number(slope)}$.",
                    f"Gap: ${tex_number(f(y0))} - ({combo([(f(x0), ''), (slope, '')], True)}) "
                    f"= {tex_number(gap)}$, which equals "
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
        d = poly1_derivative(coeffs)
        fx, slope = poly1_value(coeffs, F(x0)), poly1_value(d, F(x0))
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
        f_latex, l_latex = poly1_text(coeffs, True), affine_text(m, k, "x", True)
        steps = [
            f"$f'(x) = {poly_text({(i,): c for i, c in enumerate(d)}, ['x'], True)}$; at $x "
            f"= {x0}$: $f({x0}) = {tex_number(fx)}$, $f'({x0}) = {tex_number(slope)}$."
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
                f"$\\ell(x) = f({x0}) + f'({x0}){parenthesised(shift_text('x', x0, True), '')}$ is "
                f"the tangent at ${x0}$, and "
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
                f"$\\ell({x0}) = {tex_number(fx + shift)} > f({x0})$: the line is above $f$ at $x "
                f"= {x0}$. **false**."
            )
        else:
            steps.append(
                f"$\\ell$ passes through $({x0}, f({x0}))$ with slope ${tex_number(m)} \\ne "
                f"f'({x0})$, so "
                f"$f - \\ell$ is $0$ at ${x0}$ with nonzero derivative ${tex_number(slope - m)}$: "
                "it is "
                "negative on one side. Only the tangent slope works. **false**."
            )
        return Draft(
            prompt=(
                f"Is $\\ell(x) = {l_latex}$ a global under-estimator of $f(x) = {f_latex}$, that "
                "is, $\\ell(x) \\le f(x)$ for every real $x$? Answer true or false."
            ),
            kind="boolean",
            expected="true" if truth else "false",
            data={
                "form": "under",
                "tree": poly1_tree(coeffs),
                "line": [json_value(m), json_value(k)],
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
