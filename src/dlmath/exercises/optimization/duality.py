"""optimization.duality: dual functions and dual optima of tiny problems."""

from __future__ import annotations

from fractions import Fraction
from typing import TYPE_CHECKING, Any

from dlmath.exercises.base import Draft, Generator
from dlmath.exercises.kit import (
    determinant,
    dot,
    draw_int,
    inverse,
    json_value,
    json_vector,
    nonzero_int_redrawn,
    pick,
    tex_number,
    text_number,
)
from dlmath.exercises.optimization.monomials import (
    Monomial,
    linear_terms,
    monomials_text,
)
from dlmath.exercises.optimization.written_values import (
    SCALAR,
    answer_text,
    column_latex,
    mistakes,
    text_mistakes,
)
from dlmath.exercises.registry import register
from dlmath.expr.literals import latex_matrix

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np


MAXIMISE_OVER_NONNEGATIVE = (
    r"Maximise the concave $G$ over $\lambda \ge 0$, not over all $\lambda$."
)


@register
class Duality(Generator):
    """Dual functions and dual optima of tiny problems.

    min a x² + p x s.t. x ≥ b (Do's simple example, one variable): the dual function
    g(λ) = λb − (λ − p)²/(4a), its maximiser λ* = max(0, p + 2ab) (the trap: a negative
    unconstrained maximiser when the constraint is slack), duality gaps and certificates.
    min ½‖x‖² s.t. Ax = b (difficulty 3): ν* = −(AAᵀ)⁻¹b and d* = ½ bᵀ(AAᵀ)⁻¹b."""

    skill = "optimization.duality"
    version = 1

    def generate(self, rng: np.random.Generator, difficulty: int) -> Draft:
        if difficulty == 1:
            a, p, b = 1, 0, draw_int(rng, 1, 4)
            ask = pick(rng, ["dual-at", "multiplier", "dual-optimum"])
        elif difficulty == 2:
            a, p, b = draw_int(rng, 1, 3), nonzero_int_redrawn(rng, -6, 6), draw_int(rng, -3, 3)
            ask = pick(
                rng,
                ["dual-at", "dual-function", "multiplier", "dual-optimum", "gap", "certificate"],
            )
        else:
            if rng.random() < 0.7:
                return self._equality(rng)
            a, p, b = draw_int(rng, 1, 3), nonzero_int_redrawn(rng, -6, 6), draw_int(rng, -3, 3)
            ask = pick(rng, ["lower-bound", "certificate", "dual-function"])
        return self._scalar(rng, a, p, b, ask)

    # -- min a x^2 + p x  s.t.  x >= b ------------------------------------------------------------

    def _scalar(self, rng: np.random.Generator, a: int, p: int, b: int, ask: str) -> Draft:
        def f(x: Fraction) -> Fraction:
            return a * x * x + p * x

        def dual(lam: Fraction, oriented: int = 1) -> Fraction:
            # oriented = -1: the constraint entered as λ(x − b), the wrong way round
            return oriented * lam * b - (lam - oriented * p) ** 2 / (4 * a)

        free = Fraction(-p, 2 * a)  # the unconstrained minimiser of f
        lam_free = Fraction(p + 2 * a * b)  # the unconstrained maximiser of g
        lam_star = max(Fraction(0), lam_free)
        x_star = max(Fraction(b), free)
        p_star = f(x_star)
        f_tex = monomials_text([(Fraction(a), (2,)), (Fraction(p), (1,))], True)
        problem_tex = f"Minimise $f(x) = {f_tex}$ subject to $x \\ge {b}$."
        convention_tex = (
            f"Write the constraint as $g(x) = {monomials_text(linear_terms([-1], b), True)} \\le "
            "0$, so "
            r"$L(x, \lambda) = f(x) + \lambda g(x)$ and the dual function is "
            r"$G(\lambda) = \min_x L(x, \lambda)$."
        )
        g_tex = _dual_function(a, p, b, True)
        derivative = monomials_text([(Fraction(2 * a), (1,)), (Fraction(p), (0,))], True)
        lam_minus_p = monomials_text(
            [(Fraction(1), (1,)), (Fraction(-p), (0,))], True, (r"\lambda",)
        )
        minimiser = (
            f"$\\partial L/\\partial x = {derivative}"
            r" - \lambda = 0$ gives "
            f"$x = \\frac{{{lam_minus_p}}}{{{2 * a}}}$, so "
            f"$G(\\lambda) = {g_tex}$ (a concave parabola in $\\lambda$)."
        )
        maximiser = (
            f"$G'(\\lambda) = {b} - \\frac{{{lam_minus_p}}}{{{2 * a}}} = 0$ at "
            f"$\\lambda = {tex_number(lam_free)}$"
            + (
                f", which is allowed ($\\lambda \\ge 0$), so $\\lambda^* = {tex_number(lam_star)}$."
                if lam_free >= 0
                else "; that is negative, and on $\\lambda \\ge 0$ the concave "
                "$G$ is largest at $\\lambda^* = 0$ (the constraint is slack)."
            )
        )
        optimum = (
            f"$d^* = G({tex_number(lam_star)}) = {tex_number(dual(lam_star))}$, equal to "
            f"$p^* = f({tex_number(x_star)}) = {tex_number(p_star)}$: strong duality (a convex "
            "problem "
            "with a strictly feasible point)."
        )
        steps = [minimiser]
        data: dict[str, Any] = {"family": "scalar", "a": a, "p": p, "b": b, "ask": ask}
        kind, hints = (
            "number",
            [
                r"Minimise $L(x, \lambda)$ over $x$ for fixed $\lambda$: set "
                r"$\partial L / \partial x = 0$.",
            ],
        )
        wrong: list[tuple[Any, str, str]] = []
        if ask == "dual-at":
            lam0 = Fraction(draw_int(rng, 0, 6))
            data["lambda0"] = json_value(lam0)
            right: Any = dual(lam0)
            q_tex = f"Find $G({tex_number(lam0)})$."
            steps.append(f"At $\\lambda = {tex_number(lam0)}$: $G = {tex_number(right)}$.")
            wrong = [
                (
                    f(Fraction(b)),
                    "not-minimised",
                    "That is L at the feasible point x = b; the dual function is the minimum "
                    "of L over all x.",
                ),
                (
                    dual(lam0, -1),
                    "constraint-orientation",
                    "x ≥ b enters as g(x) = b − x ≤ 0; with x − b the multiplier term has the "
                    "wrong sign.",
                ),
            ]
        elif ask == "dual-function":
            kind, right = "expression", _dual_function(a, p, b, False)
            q_tex = r"Find $G(\lambda)$ as an expression in $\lambda$ (write `lambda`)."
            wrong = [
                (
                    _dual_function(a, -p, -b, False),
                    "constraint-orientation",
                    "x ≥ b enters as g(x) = b − x ≤ 0; with x − b the multiplier term has the "
                    "wrong sign.",
                )
            ]
        elif ask == "multiplier":
            right = lam_star
            q_tex = (
                r"Find the dual optimal "
                r"$\lambda^* = \arg\max_{\lambda \ge 0} G(\lambda)$."
            )
            steps.append(maximiser)
            hints.append(MAXIMISE_OVER_NONNEGATIVE)
            wrong = [
                (
                    lam_free,
                    "negative-multiplier",
                    "The dual variable of an inequality must be λ ≥ 0; when the stationary point "
                    "is negative, the maximum over λ ≥ 0 is at λ = 0.",
                )
            ]
        elif ask == "dual-optimum":
            right = dual(lam_star)
            q_tex = r"Find the dual optimum $d^* = \max_{\lambda \ge 0} G(\lambda)$."
            steps += [maximiser, optimum]
            hints.append(MAXIMISE_OVER_NONNEGATIVE)
            wrong = [
                (
                    dual(lam_free),
                    "negative-multiplier",
                    "That maximises G over every λ, including λ < 0; the dual problem allows "
                    "only λ ≥ 0.",
                ),
                (
                    f(free),
                    "ignored-constraint",
                    "That is the unconstrained minimum of f, the dual function at λ = 0, not its "
                    "maximum over λ ≥ 0.",
                ),
            ]
        elif ask == "gap":
            x0 = Fraction(b + draw_int(rng, 0, 3))
            lam0 = Fraction(draw_int(rng, 0, 5))
            data |= {"x0": json_value(x0), "lambda0": json_value(lam0)}
            right = f(x0) - dual(lam0)
            q_tex = (
                f"The point $x_0 = {tex_number(x0)}$ is feasible. Find the duality gap "
                f"$f(x_0) - G({tex_number(lam0)})$ of the pair $(x_0, \\lambda_0 = "
                f"{tex_number(lam0)})$."
            )
            steps.append(
                f"$f({tex_number(x0)}) = {tex_number(f(x0))}$ and $G({tex_number(lam0)}) = "
                f"{tex_number(dual(lam0))}$, so the gap is ${tex_number(right)}$ (never negative: "
                "weak "
                "duality)."
            )
            wrong = [
                (
                    lam0 * (x0 - b),
                    "not-minimised",
                    "That uses L(x0, λ0) for the dual value; the dual function is the minimum "
                    "of L over all x, not its value at x0.",
                )
            ]
        elif ask == "certificate":
            kind = "boolean"
            variant = pick(rng, ["optimal", "lambda-off", "x-off"])
            x0 = x_star if variant != "x-off" else x_star + draw_int(rng, 1, 2)
            lam0 = lam_star if variant != "lambda-off" else lam_star + draw_int(rng, 1, 3)
            data |= {"x0": json_value(x0), "lambda0": json_value(lam0)}
            holds = f(x0) == dual(lam0)
            right = "true" if holds else "false"
            q_tex = (
                f"The point $x_0 = {tex_number(x0)}$ is feasible and $\\lambda_0 = "
                f"{tex_number(lam0)} \\ge 0$. "
                r"Is $f(x_0) = G(\lambda_0)$, which would prove both optimal?"
            )
            steps.append(
                f"$f({tex_number(x0)}) = {tex_number(f(x0))}$ and $G({tex_number(lam0)}) = "
                f"{tex_number(dual(lam0))}$: "
                + (
                    "equal, so the gap is zero and both are optimal."
                    if holds
                    else "the gap is positive, so this pair proves nothing."
                )
            )
        else:  # lower-bound
            kind = "boolean"
            value = p_star + pick(rng, [-2, -1, 0, 0, 1, 2])
            data["value"] = json_value(value)
            right = "true" if value <= p_star else "false"
            q_tex = (
                f"Is there a $\\lambda \\ge 0$ with $G(\\lambda) \\ge {tex_number(value)}$ "
                f"(a certificate that $p^* \\ge {tex_number(value)}$)?"
            )
            steps += [maximiser, optimum]
            steps.append(
                f"The best bound any $\\lambda \\ge 0$ gives is $d^* = {tex_number(p_star)}$, so "
                "the "
                f"answer is {right}."
            )
        if kind == "number":
            misconceptions = mistakes(wrong)
            expected = text_number(right)
        elif kind == "expression":
            misconceptions = text_mistakes(wrong)
            expected = right
        else:
            misconceptions, expected = [], right
        return Draft(
            prompt=f"{problem_tex} {convention_tex} {q_tex}",
            kind=kind,
            expected=expected,
            data=data,
            hints=hints,
            solution="\n\n".join(steps),
            misconceptions=misconceptions,
            shapes={"lambda": SCALAR} if kind == "expression" else {},
        )

    # -- min 1/2 ||x||^2  s.t.  A x = b ----------------------------------------------------

    def _equality(self, rng: np.random.Generator) -> Draft:
        m, n = pick(rng, [(1, 2), (1, 3), (2, 2), (2, 3)])
        while True:
            a = [[Fraction(draw_int(rng, -2, 2)) for _ in range(n)] for _ in range(m)]
            gram = [[dot(r1, r2) for r2 in a] for r1 in a]
            if determinant(gram) != 0 and all(sum(1 for v in row if v) >= 2 for row in a):
                break
        b = [Fraction(nonzero_int_redrawn(rng, -4, 4)) for _ in range(m)]
        inv = inverse(gram)
        solved = [dot(row, b) for row in inv]  # (AAᵀ)⁻¹ b
        nu = [-v for v in solved]
        x = [dot([a[i][k] for i in range(m)], solved) for k in range(n)]
        d_star = dot(b, solved) / 2
        ask = pick(rng, ["dual-optimum", "nu", "x"])
        right: Any = {"dual-optimum": d_star, "nu": nu, "x": x}[ask]
        wrong: list[tuple[Any, str, str]] = {
            "dual-optimum": [
                (
                    2 * d_star,
                    "dropped-half",
                    "The objective is ½‖x‖², so d* = ½ bᵀ(AAᵀ)⁻¹b: the factor ½ is missing.",
                )
            ],
            "nu": [
                (
                    solved,
                    "multiplier-sign",
                    "With L = ½‖x‖² + νᵀ(Ax − b), stationarity gives x = −Aᵀν, so "
                    "ν* = −(AAᵀ)⁻¹b: the sign is lost.",
                )
            ],
            "x": [
                (
                    [dot([a[i][k] for i in range(m)], b) for k in range(n)],
                    "dropped-gram-inverse",
                    "x = Aᵀν needs ν from the constraint: Ax = b gives (AAᵀ)⁻¹b, not b itself.",
                )
            ],
        }[ask]
        question = {
            "dual-optimum": r"Find the dual optimum $d^*$.",
            "nu": r"Find the dual optimal $\nu^*$, as a vector.",
            "x": r"Find the primal optimum $x^*$, as a vector.",
        }[ask]
        a_tex, b_tex = latex_matrix(a), column_latex(b)
        prompt = (
            f"Minimise $\\tfrac12 \\|x\\|^2$ over $x \\in \\mathbb{{R}}^{n}$ subject to $Ax = b$, "
            f"with $A = {a_tex}$ and $b = {b_tex}$. Use "
            r"$L(x, \nu) = \tfrac12 \|x\|^2 + \nu^T (Ax - b)$. " + question
        )
        steps = [
            r"$\nabla_x L = x + A^T\nu = 0$ gives $x = -A^T\nu$, so the dual function is "
            r"$G(\nu) = -\tfrac12 \nu^T A A^T \nu - b^T \nu$.",
            f"$AA^T = {latex_matrix(gram)}$; maximising $G$: $AA^T\\nu = -b$, so "
            f"$\\nu^* = {column_latex(nu)}$.",
            f"$x^* = -A^T\\nu^* = {column_latex(x)}$ and $d^* = \\tfrac12 b^T (AA^T)^{{-1}} b = "
            f"{tex_number(d_star)} = \\tfrac12\\|x^*\\|^2 = p^*$.",
        ]
        return Draft(
            prompt=prompt,
            kind="number" if ask == "dual-optimum" else "matrix",
            expected=answer_text(right),
            data={
                "family": "equality",
                "A": [json_vector(row) for row in a],
                "b": json_vector(b),
                "ask": ask,
            },
            hints=[
                r"Minimise $L$ over $x$ first: $\nabla_x L = x + A^T \nu = 0$.",
                r"The dual function is a concave quadratic in $\nu$; set its gradient "
                r"$-AA^T\nu - b$ to zero.",
            ],
            solution="\n\n".join(steps),
            misconceptions=mistakes(wrong),
        )


def _dual_function(a: int, p: int, b: int, latex: bool) -> str:
    """λb − (λ − p)²/(4a) expanded: −λ²/(4a) + (b + p/(2a)) λ − p²/(4a)."""
    terms: list[Monomial] = [
        (Fraction(-1, 4 * a), (2,)),
        (Fraction(b) + Fraction(p, 2 * a), (1,)),
        (Fraction(-p * p, 4 * a), (0,)),
    ]
    return monomials_text(terms, latex, (r"\lambda",) if latex else ("lambda",))
