"""Single-variable derivatives (power, product, quotient, chain rules) and partial derivatives.

Difficulty 1 needs one rule (power, sum, a chain with a linear inside); difficulty 2 a
product, quotient or chain with a polynomial inside; difficulty 3 rules nested in each
other (a product whose factor is a composite, a function of a function).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING

from dlmath.exercises.base import Draft, Generator, Misconception
from dlmath.exercises.calculus.formulas import (
    distinct_misconceptions,
    draw_multivariable,
    nonzero,
    pick,
    same_function,
    sample_points,
)
from dlmath.exercises.calculus.term_calculus import Steps, derivative, exact_value
from dlmath.exercises.calculus.term_text import to_latex, to_text, to_tree
from dlmath.exercises.calculus.terms import (
    ONE,
    FormulaTree,
    Product,
    Quotient,
    Var,
    add,
    call,
    depends,
    mul,
    neg,
    num,
    power,
    quotient,
)
from dlmath.exercises.registry import register
from dlmath.expr.literals import format_number, latex_number

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np

X = Var("x")
SCALAR = "1"  # the shape of a scalar name in Draft.shapes


@dataclass(frozen=True)
class Formula:
    """A drawn function of x and the rule the exercise is about."""

    term: FormulaTree
    rule: str  # what the learner needs, for the first hint
    positive: bool = False  # the function needs x > 0


def _linear(rng: np.random.Generator) -> FormulaTree:
    return mul(num(nonzero(rng, -4, 4)), X)


def _poly_one(rng: np.random.Generator) -> Formula:
    degrees = sorted(rng.choice(6, size=3, replace=False).tolist(), reverse=True)
    if degrees[0] < 2:
        degrees[0] = 3
    term = add(*[mul(num(nonzero(rng, -6, 6)), power(X, int(d))) for d in degrees])
    return Formula(term, "the power rule d/dx xⁿ = n·xⁿ⁻¹ on each term")


def _linear_chain(rng: np.random.Generator) -> Formula:
    func = pick(rng, ("exp", "sin", "cos"))
    outer = mul(num(nonzero(rng, -3, 3)), call(func, _linear(rng)))
    poly = mul(num(nonzero(rng, -5, 5)), power(X, int(rng.integers(2, 5))))
    return Formula(
        add(poly, outer),
        "the power rule, and the chain rule for a linear inside: (f(ax))' = a·f'(ax)",
    )


def _product(rng: np.random.Generator) -> Formula:
    left = mul(num(nonzero(rng, -3, 3)), power(X, int(rng.integers(1, 4))))
    if rng.random() < 0.25:
        return Formula(mul(left, call("log", X)), "the product rule (uv)' = u'v + uv'", True)
    func = pick(rng, ("exp", "sin", "cos"))
    return Formula(mul(left, call(func, _linear(rng))), "the product rule (uv)' = u'v + uv'")


def _quotient(rng: np.random.Generator) -> Formula:
    rule = "the quotient rule (u/v)' = (u'v - uv')/v²"
    shape = int(rng.integers(3))
    if shape == 0:
        top = add(mul(num(nonzero(rng, -4, 4)), X), num(int(rng.integers(-4, 5))))
        bottom = add(power(X, 2), num(int(rng.integers(1, 5))))
        return Formula(quotient(top, bottom), rule)
    if shape == 1:
        top = call(pick(rng, ("exp", "sin", "cos")), _linear(rng))
        return Formula(quotient(top, X), rule, True)
    top = power(X, int(rng.integers(2, 4)))
    return Formula(quotient(top, add(X, num(int(rng.integers(1, 5))))), rule, True)


def _inner_quadratic(rng: np.random.Generator) -> FormulaTree:
    return add(mul(num(nonzero(rng, -3, 3)), power(X, 2)), mul(num(int(rng.integers(-3, 4))), X))


def _chain_poly(rng: np.random.Generator) -> Formula:
    rule = "the chain rule (f(g(x)))' = f'(g(x))·g'(x)"
    if rng.random() < 0.3:
        inner = add(mul(num(nonzero(rng, -3, 3)), X), num(nonzero(rng, -4, 4)))
        return Formula(power(inner, int(rng.integers(3, 6))), rule)
    func = pick(rng, ("exp", "sin", "cos", "tanh", "sigmoid"))
    return Formula(call(func, _inner_quadratic(rng)), rule)


def _product_chain(rng: np.random.Generator) -> Formula:
    left = mul(num(nonzero(rng, -3, 3)), power(X, int(rng.integers(1, 4))))
    func = pick(rng, ("exp", "sin", "cos", "tanh", "sigmoid"))
    return Formula(
        mul(left, call(func, _inner_quadratic(rng))),
        "the product rule, then the chain rule for the second factor",
    )


def _nested(rng: np.random.Generator) -> Formula:
    rule = "the chain rule twice: differentiate from the outside in"
    inner_func = pick(rng, ("sin", "cos", "tanh", "sigmoid", "exp"))
    inner = call(inner_func, _linear(rng))
    shape = int(rng.integers(3))
    if shape == 0 and inner_func != "exp":
        return Formula(call("exp", inner), rule)
    if shape == 1:
        return Formula(power(inner, int(rng.integers(2, 4))), rule)
    return Formula(call("log", add(ONE, call("exp", _linear(rng)))), rule)


def _quotient_chain(rng: np.random.Generator) -> Formula:
    top = call(pick(rng, ("exp", "sin", "cos", "sigmoid")), _inner_quadratic(rng))
    bottom = add(power(X, 2), num(int(rng.integers(1, 5))))
    return Formula(
        quotient(top, bottom), "the quotient rule, with the chain rule for the numerator"
    )


FAMILIES: dict[int, tuple[Callable[[np.random.Generator], Formula], ...]] = {
    1: (_poly_one, _linear_chain),
    2: (_product, _quotient, _chain_poly),
    3: (_product_chain, _nested, _quotient_chain),
}


def _varying_pair(term: FormulaTree) -> tuple[FormulaTree, FormulaTree] | None:
    """The two factors u, v of a product u*v of functions of x (coefficients kept on u)."""
    if not isinstance(term, Product):
        return None
    varying = [f for f in term.factors if depends(f, "x")]
    if len(varying) != 2:
        return None
    constant = [f for f in term.factors if not depends(f, "x")]
    return mul(*constant, varying[0]), varying[1]


def _derivative_mistakes(formula: Formula, difficulty: int) -> list[tuple[str, FormulaTree, str]]:
    """(code, wrong derivative, feedback) for the mistakes this function invites."""
    f = formula.term
    out = [
        (
            "misconception:missing-chain-factor",
            derivative(f, "x", mistake="no-chain"),
            "You differentiated the outer function but did not multiply by the derivative "
            "of its inside (chain rule: f(g(x))' = f'(g(x))·g'(x)).",
        )
    ]
    if difficulty == 1:
        out.append(
            (
                "misconception:power-rule-exponent",
                derivative(f, "x", mistake="keep-exponent"),
                "The power rule lowers the exponent by one: d/dx xⁿ = n·xⁿ⁻¹, not n·xⁿ.",
            )
        )
    pair = _varying_pair(f)
    if pair:
        u, v = pair
        out.append(
            (
                "misconception:product-of-derivatives",
                mul(derivative(u, "x"), derivative(v, "x")),
                "The derivative of a product is not the product of the derivatives: "
                "(uv)' = u'v + uv'.",
            )
        )
    if isinstance(f, Quotient) and depends(f.den, "x"):
        u, v = f.num, f.den
        du, dv = derivative(u, "x"), derivative(v, "x")
        out.append(
            (
                "misconception:quotient-rule-order",
                quotient(add(mul(u, dv), neg(mul(du, v))), power(v, 2)),
                "The numerator of the quotient rule is u'v - uv' (derivative of the top "
                "first); you have it the other way round, which flips the sign.",
            )
        )
        out.append(
            (
                "misconception:quotient-of-derivatives",
                quotient(du, dv),
                "The derivative of a quotient is not the quotient of the derivatives: "
                "(u/v)' = (u'v - uv')/v².",
            )
        )
    return out


def _exact_point(
    term: FormulaTree, derivative_term: FormulaTree, positive: bool
) -> Fraction | None:
    """A small integer x where f and f' have rational values, or None."""
    for candidate in (1, -1, 2, -2, 3, 0):
        if positive and candidate <= 0:
            continue
        at = {"x": Fraction(candidate)}
        if exact_value(term, at) is not None and exact_value(derivative_term, at) is not None:
            return Fraction(candidate)
    return None


@register
class DerivativeRules(Generator):
    """d/dx of one-variable functions: power, product, quotient and chain rules."""

    skill = "calculus.derivative-rules"
    version = 1

    def generate(self, rng: np.random.Generator, difficulty: int) -> Draft:
        formula = pick(rng, FAMILIES[difficulty])(rng)
        f = formula.term
        steps = Steps()
        df = derivative(f, "x", steps)
        want_number = rng.random() < 1 / 3
        point = _exact_point(f, df, formula.positive) if want_number else None
        assume = {"x": ["positive"]} if formula.positive else {}
        points = sample_points(["x"], {"x"} if formula.positive else set())
        fx_tex = to_latex(f)
        solution = [f"Differentiate $f(x) = {fx_tex}$:", *[f"- {line}" for line in steps.lines]]
        solution.append(f"\nSo $f'(x) = {to_latex(df)}$.")
        mistakes = []
        if point is None:
            kind, expected = "expression", to_text(df)
            prompt = (
                f"Differentiate $f(x) = {fx_tex}$ with respect to $x$.\n\n"
                "Answer with an expression in $x$, e.g. `3*x^2 + cos(x)`."
            )
            for code, wrong, feedback in _derivative_mistakes(formula, difficulty):
                if not same_function(wrong, df, points):
                    mistakes.append(Misconception(code, to_text(wrong), feedback))
        else:
            at = {"x": point}
            exact = exact_value(df, at)
            assert exact is not None
            kind, expected = "number", format_number(exact)
            x0 = format_number(point)
            prompt = f"Let $f(x) = {fx_tex}$. Find $f'({x0})$ (an exact number)."
            solution.append(f"At $x = {x0}$: $f'({x0}) = {latex_number(exact)}$.")
            value_mistake = (
                "misconception:function-value",
                f,
                f"That is f({x0}), the value of the function; the question asks for the slope "
                f"f'({x0}).",
            )
            for code, wrong, feedback in [
                *_derivative_mistakes(formula, difficulty),
                value_mistake,
            ]:
                wrong_value = exact_value(wrong, at)
                if wrong_value is not None and wrong_value != exact:
                    mistakes.append(Misconception(code, format_number(wrong_value), feedback))
        hints = [
            f"Use {formula.rule}.",
            f"The first step: {steps.plain[0]}" if steps.plain else "Differentiate term by term.",
        ]
        return Draft(
            prompt=prompt,
            kind=kind,
            expected=expected,
            data={
                "function": to_text(f),
                "tree": to_tree(f),
                "variable": "x",
                "point": None if point is None else format_number(point),
            },
            hints=hints,
            solution="\n".join(solution),
            misconceptions=distinct_misconceptions(mistakes, expected),
            shapes={"x": SCALAR} if kind == "expression" else {},
            assume=assume if kind == "expression" else {},
        )


# -- partial derivatives --------------------------------------------------------------


def _partial_symbol(name: str) -> tuple[str, str]:
    return f"\\frac{{\\partial f}}{{\\partial {name}}}", f"∂f/∂{name}"


@register
class PartialDerivatives(Generator):
    """∂f/∂x of a function of two or three variables: the others held constant."""

    skill = "calculus.partial-derivatives"
    version = 1

    def generate(self, rng: np.random.Generator, difficulty: int) -> Draft:
        names = ["x", "y", "z"] if difficulty == 3 else ["x", "y"]
        at_point = rng.random() < 1 / 3
        point = {n: Fraction(nonzero(rng, -2, 2)) for n in names} if at_point else None
        f, positive = draw_multivariable(rng, names, difficulty, point)
        wrt = pick(rng, names)
        steps = Steps()
        df = derivative(f, wrt, steps)
        others = [n for n in names if n != wrt]
        held = "a constant" if len(others) == 1 else "constants"
        args = ", ".join(names)
        tex_sym, uni_sym = _partial_symbol(wrt)
        solution = [
            f"Hold ${', '.join(others)}$ constant and differentiate $f({args}) = {to_latex(f)}$ "
            f"with respect to ${wrt}$:",
            *[f"- {line}" for line in steps.lines],
            f"\nSo ${tex_sym} = {to_latex(df)}$.",
        ]
        wrong_var = pick(rng, others)
        mistakes = [
            (
                "misconception:wrong-variable",
                derivative(f, wrong_var),
                f"That is ∂f/∂{wrong_var}; the question asks for the derivative with respect "
                f"to {wrt}.",
            ),
            (
                "misconception:total-derivative",
                add(*[derivative(f, n) for n in names]),
                f"A partial derivative holds the other variables ({', '.join(others)}) fixed; "
                "you differentiated with respect to every variable and added.",
            ),
        ]
        found: list[Misconception] = []
        if point is None:
            kind = "expression"
            expected = to_text(df)
            prompt = (
                f"Let $f({args}) = {to_latex(f)}$. Find ${tex_sym}$.\n\n"
                f"Answer with an expression in ${args}$."
            )
            points = sample_points(names, positive)
            for code, wrong, feedback in mistakes:
                if not same_function(wrong, df, points):
                    found.append(Misconception(code, to_text(wrong), feedback))
        else:
            kind = "number"
            exact = exact_value(df, point)
            assert exact is not None
            expected = format_number(exact)
            at = ", ".join(format_number(point[n]) for n in names)
            prompt = f"Let $f({args}) = {to_latex(f)}$. Find ${tex_sym}$ at $({args}) = ({at})$."
            solution.append(f"At $({args}) = ({at})$: ${tex_sym} = {latex_number(exact)}$.")
            for code, wrong, feedback in mistakes:
                wrong_value = exact_value(wrong, point)
                if wrong_value is not None and wrong_value != exact:
                    found.append(Misconception(code, format_number(wrong_value), feedback))
        return Draft(
            prompt=prompt,
            kind=kind,
            expected=expected,
            data={
                "function": to_text(f),
                "tree": to_tree(f),
                "variables": names,
                "wrt": wrt,
                "point": None if point is None else [format_number(point[n]) for n in names],
            },
            hints=[
                f"Treat {' and '.join(others)} as {held}: only factors containing {wrt} "
                "are differentiated.",
                f"The first step: {steps.plain[0]}" if steps.plain else "Go term by term.",
            ],
            solution="\n".join(solution),
            misconceptions=distinct_misconceptions(found, expected),
            shapes={n: SCALAR for n in names} if kind == "expression" else {},
            assume={n: ["positive"] for n in sorted(positive)} if kind == "expression" else {},
        )
