"""optimization.lagrangian: the generalized Lagrangian of a small problem."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from dlmath.exercises.base import Draft, Generator
from dlmath.exercises.kit import draw_int, nonzero_int_redrawn, pick, tex_number
from dlmath.exercises.optimization.monomials import (
    VARIABLES,
    Monomial,
    collect_terms,
    linear_terms,
    monomials_json,
    monomials_text,
    monomials_value,
    partial_derivative,
)
from dlmath.exercises.optimization.written_values import (
    SCALAR,
    answer_text,
    column_latex,
    column_latex_of,
    mistakes,
    multipliers_latex,
    text_mistakes,
    tuple_latex,
)
from dlmath.exercises.registry import register

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np


RELATION_TEX = {"<=": r"\le", ">=": r"\ge", "=": "="}


@dataclass(frozen=True)
class Constraint:
    """``coefs · x  relation  rhs`` with integer data, as the problem states it."""

    coefs: tuple[int, ...]
    relation: str
    rhs: int

    def standard(self, as_written: bool = False, keep_rhs: bool = True) -> list[Monomial]:
        """g(x) of ``g ≤ 0`` (or h of ``h = 0``); ``as_written`` keeps lhs − rhs for ≥."""
        flip = self.relation == ">=" and not as_written
        sign = -1 if flip else 1
        return linear_terms([sign * c for c in self.coefs], -sign * self.rhs if keep_rhs else 0)

    def latex(self) -> str:
        lhs = monomials_text(linear_terms(self.coefs), True)
        return f"{lhs} {RELATION_TEX[self.relation]} {self.rhs}"

    def to_json(self) -> dict[str, Any]:
        return {"coefs": list(self.coefs), "relation": self.relation, "rhs": self.rhs}


def _draw_constraint(rng: np.random.Generator, n: int, relation: str) -> Constraint:
    while True:
        coefs = tuple(draw_int(rng, -3, 3) for _ in range(n))
        if sum(1 for c in coefs if c) >= min(2, n):
            return Constraint(coefs, relation, draw_int(rng, -5, 5))


def _quadratic_objective(rng: np.random.Generator, n: int, cross: bool) -> list[Monomial]:
    terms: list[Monomial] = []
    for k in range(n):
        terms.append((Fraction(draw_int(rng, 1, 3)), tuple(2 * (i == k) for i in range(n))))
    if cross:
        terms.append((Fraction(nonzero_int_redrawn(rng, -2, 2)), (1, 1) + (0,) * (n - 2)))
    for k in range(n):
        terms.append((Fraction(draw_int(rng, -4, 4)), tuple(int(i == k) for i in range(n))))
    return collect_terms(terms)


@register
class Lagrangian(Generator):
    """The generalized Lagrangian of a small problem, its value at a point or its gradient
    in x. The trap: a ≥ constraint must be flipped to g(x) ≤ 0 before it enters L."""

    skill = "optimization.lagrangian"
    version = 2

    def generate(self, rng: np.random.Generator, difficulty: int) -> Draft:
        n = 3 if difficulty == 3 else 2
        if difficulty == 1:
            relations, ask = ["<="], "value"
        elif difficulty == 2:
            relations, ask = [">=", "="], pick(rng, ["value", "gradient"])
        else:
            relations = [">=", "<=", "="]
            ask = pick(rng, ["value", "gradient", "gradient-at"])
        f_terms = _quadratic_objective(rng, n, cross=difficulty >= 2)
        constraints: list[Constraint] = []
        for relation in relations:
            drawn = _draw_constraint(rng, n, relation)
            while any(c.coefs == drawn.coefs for c in constraints):
                drawn = _draw_constraint(rng, n, relation)
            constraints.append(drawn)
        inequalities = [c for c in constraints if c.relation != "="]
        equalities = [c for c in constraints if c.relation == "="]
        lam = [draw_int(rng, 1, 4) for _ in inequalities]
        nu = [nonzero_int_redrawn(rng, -3, 3) for _ in equalities]
        point = [draw_int(rng, -3, 3) for _ in range(n)]

        def lagrangian(
            sign: int = 1,
            as_written: bool = False,
            keep_rhs: bool = True,
            constraints_too: bool = True,
        ) -> list[Monomial]:
            terms = list(f_terms)
            if constraints_too:
                for m, c in zip(lam, inequalities, strict=True):
                    terms += [(sign * m * k, e) for k, e in c.standard(as_written, keep_rhs)]
                for m, c in zip(nu, equalities, strict=True):
                    terms += [(sign * m * k, e) for k, e in c.standard(as_written, keep_rhs)]
            return collect_terms(terms)

        def answer(terms: list[Monomial]) -> Any:
            if ask == "value":
                return monomials_value(terms, point)
            grads = [partial_derivative(terms, k) for k in range(n)]
            if ask == "gradient-at":
                return [monomials_value(g, point) for g in grads]
            return "[" + ", ".join(monomials_text(g) for g in grads) + "]"

        right = answer(lagrangian())
        wrong: list[tuple[Any, str, str]] = []
        if any(c.relation == ">=" for c in inequalities):
            wrong.append(
                (
                    answer(lagrangian(as_written=True)),
                    "constraint-orientation",
                    "A constraint a·x ≥ b enters the Lagrangian as g(x) = b − a·x ≤ 0; "
                    "using a·x − b flips the sign of its term.",
                )
            )
        wrong.append(
            (
                answer(lagrangian(sign=-1)),
                "subtracted-multipliers",
                "In the notes' convention the multiplier terms are added: "
                "L = f + Σ λᵢ gᵢ + Σ νⱼ hⱼ.",
            )
        )
        if ask == "value":
            wrong.append(
                (
                    answer(lagrangian(keep_rhs=False)),
                    "dropped-right-side",
                    "Each constraint function includes its right-hand side: a·x ≤ b "
                    "becomes g(x) = a·x − b.",
                )
            )
        wrong.append(
            (
                answer(lagrangian(constraints_too=False)),
                "objective-only",
                "That is f alone: the Lagrangian adds the multiplier terms of every constraint.",
            )
        )
        names = VARIABLES[:n]
        f_tex = monomials_text(f_terms, True)
        lines_tex = [c.latex() for c in constraints]
        problem_tex = (
            f"Minimise $f({', '.join(names)}) = {f_tex}$ subject to "
            + ", ".join(f"${c}$" for c in lines_tex)
            + "."
        )
        lam_tex = r"\lambda = " + multipliers_latex(lam)
        nu_tex = (r", \nu = " + multipliers_latex(nu)) if nu else ""
        equality_rule = bool(equalities)
        convention = (
            r"Put the constraints in the standard form $g_i(x) \le 0$"
            + (r", $h_j(x) = 0$" if equality_rule else "")
            + " (in the order listed"
            + (
                r"; for an equality, $h_j$ is its left side minus its right side"
                if equality_rule
                else ""
            )
            + r") and use $L(x, \lambda"
            + (r", \nu" if equality_rule else "")
            + r") = f(x) + \sum_i \lambda_i g_i(x)"
            + (r" + \sum_j \nu_j h_j(x)" if equality_rule else "")
            + "$."
        )
        point_tex = f"({', '.join(names)}) = {tuple_latex(point)}"
        if ask == "value":
            q_tex = f"Evaluate $L$ at ${point_tex}$ with ${lam_tex}{nu_tex}$."
        elif ask == "gradient-at":
            q_tex = f"Find $\\nabla_x L$ at ${point_tex}$ with ${lam_tex}{nu_tex}$, as a vector."
        else:
            q_tex = (
                f"With ${lam_tex}{nu_tex}$, find $\\nabla_x L$ as a vector of expressions in "
                f"${', '.join(names)}$."
            )
        standard = []
        for c in constraints:
            g = monomials_text(collect_terms(c.standard()), True)
            standard.append(f"${c.latex()}$ becomes ${'h' if c.relation == '=' else 'g'} = {g}$")
        full = monomials_text(lagrangian(), True)
        steps = [
            "Standard form: " + "; ".join(standard) + ".",
            f"With the multipliers, $L = {full}$ (like terms collected).",
        ]
        if ask == "value":
            steps.append(f"At ${point_tex}$: $L = {tex_number(right)}$.")
        else:
            grads = [monomials_text(partial_derivative(lagrangian(), k), True) for k in range(n)]
            steps.append(
                "Differentiate in each variable: $\\nabla_x L = "
                + column_latex_of(grads)
                + "$"
                + (
                    f", which at ${point_tex}$ is ${column_latex(right)}$."
                    if ask == "gradient-at"
                    else "."
                )
            )
        expression = ask == "gradient"
        misconceptions = text_mistakes(wrong) if expression else mistakes(wrong)
        return Draft(
            prompt=f"{problem_tex} {convention} {q_tex}",
            kind={"value": "number", "gradient-at": "matrix", "gradient": "expression"}[ask],
            expected=right if expression else answer_text(right),
            data={
                "n": n,
                "f": monomials_json(f_terms),
                "constraints": [c.to_json() for c in constraints],
                "lambda": lam,
                "nu": nu,
                "point": point,
                "ask": ask,
            },
            hints=[
                "First rewrite each constraint as g(x) ≤ 0 or h(x) = 0: move everything to one "
                "side, flipping a ≥ constraint.",
                "Then add λᵢ gᵢ for each inequality and νⱼ hⱼ for each equality to f.",
            ],
            solution="\n\n".join(steps),
            misconceptions=misconceptions,
            shapes={name: SCALAR for name in names} if expression else {},
        )
