"""Single-variable and partial derivatives, and Taylor polynomials.

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
    draw_multivariable,
    nonzero,
    pick,
    polynomial,
    same_function,
    sample_points,
)
from dlmath.exercises.calculus.terms import (
    ONE,
    Product,
    Quotient,
    Steps,
    Term,
    Var,
    add,
    call,
    depends,
    derivative,
    exact_value,
    mul,
    neg,
    num,
    power,
    quotient,
    to_latex,
    to_text,
    to_tree,
    to_unicode,
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

    term: Term
    rule: str  # what the learner needs, for the first hint
    positive: bool = False  # the function needs x > 0


def _linear(rng: np.random.Generator) -> Term:
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


def _inner_quadratic(rng: np.random.Generator) -> Term:
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


def _varying_pair(term: Term) -> tuple[Term, Term] | None:
    """The two factors u, v of a product u*v of functions of x (coefficients kept on u)."""
    if not isinstance(term, Product):
        return None
    varying = [f for f in term.factors if depends(f, "x")]
    if len(varying) != 2:
        return None
    constant = [f for f in term.factors if not depends(f, "x")]
    return mul(*constant, varying[0]), varying[1]


def _derivative_mistakes(formula: Formula, difficulty: int) -> list[tuple[str, Term, str]]:
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


def _exact_point(term: Term, derivative_term: Term, positive: bool) -> Fraction | None:
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
        fx_tex, fx_uni = to_latex(f), to_unicode(f)
        solution = [f"Differentiate $f(x) = {fx_tex}$:", *[f"- {line}" for line in steps.lines]]
        solution.append(f"\nSo $f'(x) = {to_latex(df)}$.")
        mistakes = []
        if point is None:
            kind, expected = "expression", to_text(df)
            prompt = (
                f"Differentiate $f(x) = {fx_tex}$ with respect to $x$.\n\n"
                "Answer with an expression in $x$, e.g. `3*x^2 + cos(x)`."
            )
            text = (
                f"Differentiate f(x) = {fx_uni} with respect to x.\n"
                "Answer with an expression in x, e.g. 3*x^2 + cos(x)."
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
            text = f"Let f(x) = {fx_uni}. Find f'({x0}) (an exact number)."
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
            text=text,
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
            misconceptions=_unique(mistakes, expected),
            shapes={"x": SCALAR} if kind == "expression" else {},
            assume=assume if kind == "expression" else {},
        )


def _unique(mistakes: list[Misconception], expected: str) -> list[Misconception]:
    """One misconception per wrong answer, none equal to the expected text."""
    seen = {expected}
    out = []
    for m in mistakes:
        if m.answer not in seen:
            seen.add(m.answer)
            out.append(m)
    return out


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
            text = (
                f"Let f({args}) = {to_unicode(f)}. Find {uni_sym}.\n"
                f"Answer with an expression in {args}."
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
            text = f"Let f({args}) = {to_unicode(f)}. Find {uni_sym} at ({args}) = ({at})."
            solution.append(f"At $({args}) = ({at})$: ${tex_sym} = {latex_number(exact)}$.")
            for code, wrong, feedback in mistakes:
                wrong_value = exact_value(wrong, point)
                if wrong_value is not None and wrong_value != exact:
                    found.append(Misconception(code, format_number(wrong_value), feedback))
        return Draft(
            prompt=prompt,
            text=text,
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
            misconceptions=_unique(found, expected),
            shapes={n: SCALAR for n in names} if kind == "expression" else {},
            assume={n: ["positive"] for n in sorted(positive)} if kind == "expression" else {},
        )


# -- Taylor polynomials -----------------------------------------------------------------


def _taylor_one(rng: np.random.Generator, difficulty: int) -> tuple[Term, Fraction]:
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


def _taylor_terms(f: Term, a: Fraction) -> tuple[Fraction, Fraction, Fraction]:
    at = {"x": a}
    d1 = derivative(f, "x")
    d2 = derivative(d1, "x")
    values = [exact_value(t, at) for t in (f, d1, d2)]
    assert all(v is not None for v in values)
    return values[0], values[1], values[2]  # type: ignore[return-value]


def _polynomial_in(c: tuple[Fraction, ...], base: Term) -> Term:
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
        fx_tex, fx_uni = to_latex(f), to_unicode(f)
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
            ask_text = (
                f"the second-order Taylor polynomial T₂(x) of f(x) = {fx_uni} about x = {a_text}"
            )
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
            ask_text = (
                f"the value at x = {format_number(x1)} of the second-order Taylor approximation "
                f"of f(x) = {fx_uni} about x = {a_text}"
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
            ask_text = (
                f"the coefficient c₂ of {shift_uni}² in the Taylor expansion of "
                f"f(x) = {fx_uni} about x = {a_text}"
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
            text=f"Find {ask_text}."
            + ("\nAnswer with an expression in x." if kind == "expression" else ""),
            kind=kind,
            expected=expected,
            data=data,
            hints=[
                "T₂(x) = f(a) + f'(a)(x - a) + f''(a)/2·(x - a)².",
                f"f({a_text}) = {format_number(f0)} and f'({a_text}) = {format_number(f1)}.",
            ],
            solution="\n".join(solution),
            misconceptions=_unique(mistakes, expected),
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
        f_tex, f_uni = to_latex(f), to_unicode(f)
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
            text=(
                f"Let f(x, y) = {f_uni}. Use the second-order Taylor approximation about "
                f"(x, y) = ({a_text}) to estimate f({new_text}) (exact number)."
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
            misconceptions=_unique(mistakes, format_number(expected_value)),
        )
