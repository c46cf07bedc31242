"""Lagrange duality: multipliers, the Lagrangian, dual functions, complementary slackness,
the KKT conditions and the linear SVM with its dual.

Every problem is built backwards from its answer (an integer optimum, integer or even
multipliers, support vectors placed at functional margin 1), so the answers are exact
fractions or square-root forms. The conventions are Do's notes: constraints are put in the
standard form gᵢ(x) ≤ 0, hⱼ(x) = 0 and L = f + Σ λᵢ gᵢ + Σ νⱼ hⱼ; for one equality
constraint (Stewart's Lagrange multipliers) the condition is ∇f = λ ∇g. All randomness
comes from the ``rng``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from math import sqrt
from typing import TYPE_CHECKING, Any

from dlmath.exercises.base import Draft, Generator, Misconception
from dlmath.exercises.layout import named_grids
from dlmath.exercises.registry import register
from dlmath.expr.literals import format_number, latex_matrix, latex_number

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np

SCALAR = "1"  # the shape of a scalar name in Draft.shapes
VARIABLES = ("x", "y", "z")

# ---------------------------------------------------------------------------------------
# Drawing and writing values
# ---------------------------------------------------------------------------------------


def _int(rng: np.random.Generator, lo: int, hi: int) -> int:
    return int(rng.integers(lo, hi, endpoint=True))


def _nonzero(rng: np.random.Generator, lo: int, hi: int) -> int:
    while True:
        value = _int(rng, lo, hi)
        if value:
            return value


def _pick(rng: np.random.Generator, options: Sequence[Any]) -> Any:
    return options[int(rng.integers(len(options)))]


def _json_number(v: Fraction | int) -> int | str:
    f = Fraction(v)
    return f.numerator if f.denominator == 1 else f"{f.numerator}/{f.denominator}"


def _json_vec(values: Sequence[Fraction | int]) -> list[int | str]:
    return [_json_number(v) for v in values]


def _num(v: Fraction | int) -> str:
    return format_number(Fraction(v))


def _tex(v: Fraction | int) -> str:
    return latex_number(Fraction(v))


def _vec_text(values: Sequence[Any]) -> str:
    return "[" + ", ".join(v.text() if isinstance(v, Surd) else _num(v) for v in values) + "]"


def _vec_tex(values: Sequence[Any]) -> str:
    cells = [v.latex() if isinstance(v, Surd) else _tex(v) for v in values]
    return r"\begin{bmatrix} " + r" \\ ".join(cells) + r" \end{bmatrix}"


def _tuple_text(values: Sequence[Fraction | int]) -> str:
    return "(" + ", ".join(_num(v) for v in values) + ")"


def _tuple_tex(values: Sequence[Fraction | int]) -> str:
    return "(" + ", ".join(_tex(v) for v in values) + ")"


def _dot(u: Sequence[Fraction | int], v: Sequence[Fraction | int]) -> Fraction:
    return sum((Fraction(a) * b for a, b in zip(u, v, strict=True)), Fraction(0))


@dataclass(frozen=True)
class Surd:
    """``coef · √radicand`` with a square-free radicand: exact answers like 2√5/5."""

    coef: Fraction
    radicand: int = 1

    @staticmethod
    def of(coef: Fraction | int, radicand: int = 1) -> Surd:
        root = 1
        rest = radicand
        k = 2
        while k * k <= rest:
            while rest % (k * k) == 0:
                rest //= k * k
                root *= k
            k += 1
        if coef == 0:
            rest = 1
        return Surd(Fraction(coef) * root, rest)

    def __float__(self) -> float:
        return float(self.coef) * sqrt(self.radicand)

    def __neg__(self) -> Surd:
        return Surd(-self.coef, self.radicand)

    def scaled(self, factor: Fraction | int) -> Surd:
        return Surd.of(self.coef * factor, self.radicand)

    def text(self) -> str:
        if self.radicand == 1:
            return _num(self.coef)
        p, q = self.coef.numerator, self.coef.denominator
        sign = "-" if p < 0 else ""
        head = f"sqrt({self.radicand})" if abs(p) == 1 else f"{abs(p)}*sqrt({self.radicand})"
        return f"{sign}{head}" + (f"/{q}" if q != 1 else "")

    def latex(self) -> str:
        if self.radicand == 1:
            return _tex(self.coef)
        p, q = self.coef.numerator, self.coef.denominator
        sign = "-" if p < 0 else ""
        head = ("" if abs(p) == 1 else str(abs(p))) + f"\\sqrt{{{self.radicand}}}"
        return f"{sign}\\frac{{{head}}}{{{q}}}" if q != 1 else f"{sign}{head}"


def _inverse_sqrt(numerator: Fraction | int, square: Fraction | int) -> Surd:
    """numerator / √square, rationalised: 2/√5 = 2√5/5."""
    square = Fraction(square)
    # √(p/q) = √(p q)/q
    return Surd.of(Fraction(numerator) / square.numerator, square.numerator * square.denominator)


def _value_key(value: Any) -> tuple[float, ...]:
    if isinstance(value, list | tuple):
        return tuple(round(float(v), 9) for v in value)
    return (round(float(value), 9),)


def _answer_text(value: Any) -> str:
    if isinstance(value, list | tuple):
        return _vec_text(value)
    return value.text() if isinstance(value, Surd) else _num(value)


def _catalogue(expected: Any, wrong: Sequence[tuple[Any, str, str]]) -> list[Misconception]:
    """Misconceptions from (value, code, feedback), dropping any whose value is the right
    one or repeats an earlier one, so every catalogued answer has exactly one code."""
    seen = {_value_key(expected)}
    kept = []
    for value, code, feedback in wrong:
        key = _value_key(value)
        if key in seen:
            continue
        seen.add(key)
        kept.append(Misconception(f"misconception:{code}", _answer_text(value), feedback))
    return kept


def _list_catalogue(expected: Sequence[int], wrong: Sequence[tuple[Sequence[int], str, str]]):
    """Like ``_catalogue`` for order-free lists of indices (none of them empty)."""
    seen = {tuple(sorted(expected))}
    kept = []
    for items, code, feedback in wrong:
        key = tuple(sorted(items))
        if not key or key in seen:
            continue
        seen.add(key)
        kept.append(Misconception(f"misconception:{code}", ", ".join(map(str, key)), feedback))
    return kept


# ---- polynomials in x, y, z: monomials (coefficient, exponents) -------------------------

Monomial = tuple[Fraction, tuple[int, ...]]


def _monomial_body(exps: Sequence[int], latex: bool, names: Sequence[str] = VARIABLES) -> str:
    parts = []
    for name, power in zip(names, exps, strict=False):
        if power == 1:
            parts.append(name)
        elif power > 1:
            parts.append(f"{name}^{power}")
    return ("" if latex else "*").join(parts)


def _poly(terms: Sequence[Monomial], latex: bool = False, names: Sequence[str] = VARIABLES) -> str:
    """``2x^2 - 3xy + 1`` (LaTeX) or ``2*x^2 - 3*x*y + 1`` (input language)."""
    out = []
    for coef, exps in terms:
        coef = Fraction(coef)
        if coef == 0:
            continue
        body = _monomial_body(exps, latex, names)
        magnitude = abs(coef)
        if not body:
            shown = _tex(magnitude) if latex else _num(magnitude)
        elif magnitude == 1:
            shown = body
        else:
            shown = (_tex(magnitude) if latex else _num(magnitude) + "*") + body
        sign = "-" if coef < 0 else "+"
        out.append((sign, shown))
    if not out:
        return "0"
    first_sign, first = out[0]
    text = ("-" if first_sign == "-" else "") + first
    for sign, shown in out[1:]:
        text += f" {sign} {shown}"
    return text


def _linear_terms(coefs: Sequence[Fraction | int], const: Fraction | int = 0) -> list[Monomial]:
    n = len(coefs)
    terms: list[Monomial] = [
        (Fraction(c), tuple(int(i == k) for i in range(n))) for k, c in enumerate(coefs)
    ]
    terms.append((Fraction(const), (0,) * n))
    return terms


def _poly_value(terms: Sequence[Monomial], point: Sequence[Fraction | int]) -> Fraction:
    total = Fraction(0)
    for coef, exps in terms:
        term = Fraction(coef)
        for v, p in zip(point, exps, strict=False):
            term *= Fraction(v) ** p
        total += term
    return total


def _poly_json(terms: Sequence[Monomial]) -> list[list[int | str]]:
    return [[_json_number(c), *exps] for c, exps in terms if c != 0]


def _plain(latex: str) -> str:
    """A LaTeX-free rendering of a short formula for the terminal prompt."""
    return (
        latex.replace("^2", "²")
        .replace("^3", "³")
        .replace(r"\lambda", "λ")
        .replace(r"\nu", "ν")
        .replace(r"\le", "≤")
        .replace(r"\ge", "≥")
        .replace(r"\|", "‖")
        .replace(r"\,", " ")
        .replace("{", "")
        .replace("}", "")
    )


def _coef_tex(v: Fraction | int) -> str:
    """A coefficient written before a symbol: ``""`` for 1, ``-`` for -1."""
    v = Fraction(v)
    return "" if v == 1 else "-" if v == -1 else _tex(v)


def _merge(terms: Sequence[Monomial]) -> list[Monomial]:
    """Like terms collected, highest degree first, in variable order."""
    sums: dict[tuple[int, ...], Fraction] = {}
    for coef, exps in terms:
        sums[exps] = sums.get(exps, Fraction(0)) + Fraction(coef)
    order = sorted(sums, key=lambda e: (-sum(e), [-p for p in e]))
    return [(sums[e], e) for e in order if sums[e] != 0]


def _partial(terms: Sequence[Monomial], k: int) -> list[Monomial]:
    out: list[Monomial] = []
    for coef, exps in terms:
        if exps[k]:
            lowered = tuple(p - (i == k) for i, p in enumerate(exps))
            out.append((Fraction(coef) * exps[k], lowered))
    return _merge(out)


# ---------------------------------------------------------------------------------------
# optimization.lagrange-multipliers
# ---------------------------------------------------------------------------------------


@register
class LagrangeMultipliers(Generator):
    """Optimise f(x, y) under one equality constraint g(x, y) = c, with ∇f = λ∇g.

    Families: max xy on a line; the point of a line nearest the origin; a weighted
    quadratic on a line (difficulty 3); a linear function on a circle (difficulty 3,
    square-root answers)."""

    skill = "optimization.lagrange-multipliers"
    version = 1

    def generate(self, rng: np.random.Generator, difficulty: int) -> Draft:
        family = _pick(
            rng,
            {1: ["product", "distance"], 2: ["product", "distance"], 3: ["weighted", "circle"]}[
                difficulty
            ],
        )
        ask = _pick(rng, ["point", "multiplier", "value"])
        if family == "product":
            return self._product(rng, difficulty, ask)
        if family == "distance":
            return self._quadratic(rng, difficulty, ask, 1, 1)
        if family == "weighted":
            p, q = _int(rng, 1, 4), _int(rng, 1, 4)
            while p == q:
                q = _int(rng, 1, 4)
            return self._quadratic(rng, difficulty, ask, p, q)
        return self._circle(rng, ask)

    # -- max xy on a x + b y = c ------------------------------------------------------------

    def _product(self, rng: np.random.Generator, difficulty: int, ask: str) -> Draft:
        a, b = (1, 1) if difficulty == 1 else (_int(rng, 1, 4), _int(rng, 1, 4))
        if difficulty == 2:
            while a == b:
                b = _int(rng, 1, 4)
        c = _int(rng, 2, 12)
        lam = Fraction(c, 2 * a * b)
        x, y = Fraction(c, 2 * a), Fraction(c, 2 * b)
        value = x * y
        f_terms: list[Monomial] = [(Fraction(1), (1, 1))]
        g_terms = _linear_terms([a, b])
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
            f"({a}, {b})$, so $\\nabla f = \\lambda \\nabla g$ reads $y = {a}\\lambda$, "
            f"$x = {b}\\lambda$.",
            f"Substitute into the constraint: ${_tex(a * b)}\\lambda + {_tex(a * b)}\\lambda = "
            f"{c}$, so $\\lambda = {_tex(lam)}$.",
            f"Then $x = {_tex(x)}$, $y = {_tex(y)}$ and $f = xy = {_tex(value)}$ (a maximum: "
            "on the line, xy is a downward parabola).",
        ]
        return self._draft(
            "max", f_terms, g_terms, c, ask, (x, y), lam, value, wrong, steps, "product"
        )

    # -- min p x^2 + q y^2 on a x + b y = c ----------------------------------------------------

    def _quadratic(self, rng: np.random.Generator, difficulty: int, ask: str, p: int, q: int):
        bound = 2 if difficulty == 1 else 4
        a, b = _nonzero(rng, -bound, bound), _nonzero(rng, -bound, bound)
        c = _nonzero(rng, -6, 6) if difficulty > 1 else _int(rng, 1, 6)
        d = a * a * q + b * b * p
        lam = Fraction(2 * c * p * q, d)
        x, y = Fraction(a * c * q, d), Fraction(b * c * p, d)
        value = Fraction(c * c * p * q, d)
        f_terms: list[Monomial] = [(Fraction(p), (2, 0)), (Fraction(q), (0, 2))]
        g_terms = _linear_terms([a, b])
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
                    _inverse_sqrt(abs(c), a * a + b * b),
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
            f"$x = {_coef_tex(Fraction(a, 2 * p))}\\lambda$ and "
            f"$y = {_coef_tex(Fraction(b, 2 * q))}\\lambda$.",
            f"Substitute into ${_poly(g_terms, True)} = {c}$: "
            f"$\\lambda\\left({_tex(Fraction(a * a, 2 * p))} + {_tex(Fraction(b * b, 2 * q))}"
            f"\\right) = {c}$, so $\\lambda = {_tex(lam)}$.",
            f"Then $(x, y) = ({_tex(x)}, {_tex(y)})$ and "
            f"$f = {sp}x^2 + {sq}y^2 = {_tex(value)}$, the minimum (f is convex).",
        ]
        family = "distance" if (p, q) == (1, 1) else "weighted"
        return self._draft(
            "min", f_terms, g_terms, c, ask, (x, y), lam, value, wrong, steps, family
        )

    # -- max or min p x + q y on x^2 + y^2 = r^2 ------------------------------------------------

    def _circle(self, rng: np.random.Generator, ask: str) -> Draft:
        p, q = _pick(rng, [(1, 1), (1, 2), (2, 1), (1, -1), (3, 4), (2, -1), (1, 3), (-3, 4)])
        if rng.random() < 0.5:
            p, q = -p, q
        r = _int(rng, 1, 3)
        sense = _pick(rng, ["max", "min"])
        s = p * p + q * q
        sign = 1 if sense == "max" else -1
        x = _inverse_sqrt(sign * p * r, s)
        y = _inverse_sqrt(sign * q * r, s)
        lam = Surd.of(Fraction(sign, 2 * r), s)  # λ = ±√s/(2r)
        value = Surd.of(sign * r, s)
        f_terms = _linear_terms([p, q])
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
        f_tex, g_tex = _poly(f_terms, True), _poly(g_terms, True)
        word = "Maximise" if sense == "max" else "Minimise"
        problem_tex = f"{word} $f(x, y) = {f_tex}$ subject to $g(x, y) = {g_tex} = {c}$."
        problem_text = (
            f"{word} f(x, y) = {_plain(f_tex)} subject to g(x, y) = {_plain(g_tex)} = {c}."
        )
        question = {
            "point": (
                "Find the optimal point $(x, y)$, answered as a vector such as $[1/2, -3]$.",
                "Find the optimal point (x, y), answered as a vector such as [1/2, -3].",
            ),
            "multiplier": (
                r"Find the multiplier $\lambda$ at the optimum, with "
                r"$\nabla f = \lambda \nabla g$.",
                "Find the multiplier λ at the optimum, with ∇f = λ ∇g.",
            ),
            "value": (
                f"Find the optimal value of $f$ (the {sense}imum).",
                f"Find the optimal value of f (the {sense}imum).",
            ),
        }[ask]
        answer = {"point": list(point), "multiplier": lam, "value": value}[ask]
        hints = [
            r"Write $\nabla f = \lambda \nabla g$ as two equations and add the constraint: three "
            r"equations in $x$, $y$, $\lambda$.",
            r"Solve the two gradient equations for $x$ and $y$ in terms of $\lambda$, then "
            r"substitute into the constraint.",
        ]
        return Draft(
            prompt=f"{problem_tex} {question[0]}",
            text=f"{problem_text} {question[1]}",
            kind="matrix" if ask == "point" else "number",
            expected=_answer_text(answer),
            data={
                "family": family,
                "sense": sense,
                "f": _poly_json(f_terms),
                "g": _poly_json(g_terms),
                "c": c,
                "ask": ask,
            },
            hints=hints,
            solution="\n\n".join(steps),
            misconceptions=_catalogue(answer, wrong[ask]),
        )


# ---------------------------------------------------------------------------------------
# optimization.lagrangian
# ---------------------------------------------------------------------------------------

RELATION_TEX = {"<=": r"\le", ">=": r"\ge", "=": "="}
RELATION_TEXT = {"<=": "≤", ">=": "≥", "=": "="}


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
        return _linear_terms([sign * c for c in self.coefs], -sign * self.rhs if keep_rhs else 0)

    def latex(self) -> str:
        return f"{_poly(_linear_terms(self.coefs), True)} {RELATION_TEX[self.relation]} {self.rhs}"

    def text(self) -> str:
        lhs = _plain(_poly(_linear_terms(self.coefs), True))
        return f"{lhs} {RELATION_TEXT[self.relation]} {self.rhs}"

    def to_json(self) -> dict[str, Any]:
        return {"coefs": list(self.coefs), "relation": self.relation, "rhs": self.rhs}


def _draw_constraint(rng: np.random.Generator, n: int, relation: str) -> Constraint:
    while True:
        coefs = tuple(_int(rng, -3, 3) for _ in range(n))
        if sum(1 for c in coefs if c) >= min(2, n):
            return Constraint(coefs, relation, _int(rng, -5, 5))


def _quadratic_objective(rng: np.random.Generator, n: int, cross: bool) -> list[Monomial]:
    terms: list[Monomial] = []
    for k in range(n):
        terms.append((Fraction(_int(rng, 1, 3)), tuple(2 * (i == k) for i in range(n))))
    if cross:
        terms.append((Fraction(_nonzero(rng, -2, 2)), (1, 1) + (0,) * (n - 2)))
    for k in range(n):
        terms.append((Fraction(_int(rng, -4, 4)), tuple(int(i == k) for i in range(n))))
    return _merge(terms)


@register
class Lagrangian(Generator):
    """The generalized Lagrangian of a small problem, its value at a point or its gradient
    in x. The trap: a ≥ constraint must be flipped to g(x) ≤ 0 before it enters L."""

    skill = "optimization.lagrangian"
    version = 1

    def generate(self, rng: np.random.Generator, difficulty: int) -> Draft:
        n = 3 if difficulty == 3 else 2
        if difficulty == 1:
            relations, ask = ["<="], "value"
        elif difficulty == 2:
            relations, ask = [">=", "="], _pick(rng, ["value", "gradient"])
        else:
            relations = [">=", "<=", "="]
            ask = _pick(rng, ["value", "gradient", "gradient-at"])
        f_terms = _quadratic_objective(rng, n, cross=difficulty >= 2)
        constraints: list[Constraint] = []
        for relation in relations:
            drawn = _draw_constraint(rng, n, relation)
            while any(c.coefs == drawn.coefs for c in constraints):
                drawn = _draw_constraint(rng, n, relation)
            constraints.append(drawn)
        inequalities = [c for c in constraints if c.relation != "="]
        equalities = [c for c in constraints if c.relation == "="]
        lam = [_int(rng, 1, 4) for _ in inequalities]
        nu = [_nonzero(rng, -3, 3) for _ in equalities]
        point = [_int(rng, -3, 3) for _ in range(n)]

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
            return _merge(terms)

        def answer(terms: list[Monomial]) -> Any:
            if ask == "value":
                return _poly_value(terms, point)
            grads = [_partial(terms, k) for k in range(n)]
            if ask == "gradient-at":
                return [_poly_value(g, point) for g in grads]
            return "[" + ", ".join(_poly(g) for g in grads) + "]"

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
        f_tex = _poly(f_terms, True)
        lines_tex = [c.latex() for c in constraints]
        problem_tex = (
            f"Minimise $f({', '.join(names)}) = {f_tex}$ subject to "
            + ", ".join(f"${c}$" for c in lines_tex)
            + "."
        )
        problem_text = (
            f"Minimise f({', '.join(names)}) = {_plain(f_tex)} subject to "
            + ", ".join(c.text() for c in constraints)
            + "."
        )
        lam_tex = r"\lambda = " + _multipliers_tex(lam)
        nu_tex = (r", \nu = " + _multipliers_tex(nu)) if nu else ""
        lam_text = "λ = " + _multipliers_text(lam)
        lam_text += (", ν = " + _multipliers_text(nu)) if nu else ""
        convention = (
            r"Put the constraints in the standard form $g_i \le 0$, $h_j = 0$ (in the order "
            r"listed) and use $L(x, \lambda, \nu) = f(x) + \sum_i \lambda_i g_i(x) + "
            r"\sum_j \nu_j h_j(x)$."
        )
        convention_text = (
            "Put the constraints in the standard form gᵢ ≤ 0, hⱼ = 0 (in the order listed) "
            "and use L(x, λ, ν) = f(x) + Σ λᵢ gᵢ(x) + Σ νⱼ hⱼ(x)."
        )
        point_tex = f"({', '.join(names)}) = {_tuple_tex(point)}"
        point_text = f"({', '.join(names)}) = {_tuple_text(point)}"
        if ask == "value":
            q_tex = f"Evaluate $L$ at ${point_tex}$ with ${lam_tex}{nu_tex}$."
            q_text = f"Evaluate L at {point_text} with {lam_text}."
        elif ask == "gradient-at":
            q_tex = f"Find $\\nabla_x L$ at ${point_tex}$ with ${lam_tex}{nu_tex}$, as a vector."
            q_text = f"Find ∇ₓL at {point_text} with {lam_text}, as a vector."
        else:
            q_tex = (
                f"With ${lam_tex}{nu_tex}$, find $\\nabla_x L$ as a vector of expressions in "
                f"${', '.join(names)}$."
            )
            q_text = f"With {lam_text}, find ∇ₓL as a vector of expressions in {', '.join(names)}."
        standard = []
        for c in constraints:
            g = _poly(_merge(c.standard()), True)
            standard.append(f"${c.latex()}$ becomes ${'h' if c.relation == '=' else 'g'} = {g}$")
        full = _poly(lagrangian(), True)
        steps = [
            "Standard form: " + "; ".join(standard) + ".",
            f"With the multipliers, $L = {full}$ (like terms collected).",
        ]
        if ask == "value":
            steps.append(f"At ${point_tex}$: $L = {_tex(right)}$.")
        else:
            grads = [_poly(_partial(lagrangian(), k), True) for k in range(n)]
            steps.append(
                "Differentiate in each variable: $\\nabla_x L = "
                + _vec_tex_raw(grads)
                + "$"
                + (
                    f", which at ${point_tex}$ is ${_vec_tex(right)}$."
                    if ask == "gradient-at"
                    else "."
                )
            )
        expression = ask == "gradient"
        misconceptions = _text_catalogue(right, wrong) if expression else _catalogue(right, wrong)
        return Draft(
            prompt=f"{problem_tex} {convention} {q_tex}",
            text=f"{problem_text}\n{convention_text}\n{q_text}",
            kind={"value": "number", "gradient-at": "matrix", "gradient": "expression"}[ask],
            expected=right if expression else _answer_text(right),
            data={
                "n": n,
                "f": _poly_json(f_terms),
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


def _multipliers_tex(values: Sequence[int]) -> str:
    return _tex(values[0]) if len(values) == 1 else _tuple_tex(values)


def _multipliers_text(values: Sequence[int]) -> str:
    return _num(values[0]) if len(values) == 1 else _tuple_text(values)


def _vec_tex_raw(cells: Sequence[str]) -> str:
    return r"\begin{bmatrix} " + r" \\ ".join(cells) + r" \end{bmatrix}"


def _text_catalogue(expected: str, wrong: Sequence[tuple[str, str, str]]) -> list[Misconception]:
    """Catalogue of expression answers, distinct as text (each linear in the variables, so
    equal text is the only way two of them coincide)."""
    seen = {expected.replace(" ", "")}
    kept = []
    for text, code, feedback in wrong:
        key = text.replace(" ", "")
        if key not in seen:
            seen.add(key)
            kept.append(Misconception(f"misconception:{code}", text, feedback))
    return kept


# ---------------------------------------------------------------------------------------
# optimization.duality
# ---------------------------------------------------------------------------------------


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
            a, p, b = 1, 0, _int(rng, 1, 4)
            ask = _pick(rng, ["dual-at", "multiplier", "dual-optimum"])
        elif difficulty == 2:
            a, p, b = _int(rng, 1, 3), _nonzero(rng, -6, 6), _int(rng, -3, 3)
            ask = _pick(
                rng,
                ["dual-at", "dual-function", "multiplier", "dual-optimum", "gap", "certificate"],
            )
        else:
            if rng.random() < 0.7:
                return self._equality(rng)
            a, p, b = _int(rng, 1, 3), _nonzero(rng, -6, 6), _int(rng, -3, 3)
            ask = _pick(rng, ["lower-bound", "certificate", "dual-function"])
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
        f_tex = _poly([(Fraction(a), (2,)), (Fraction(p), (1,))], True)
        problem_tex = f"Minimise $f(x) = {f_tex}$ subject to $x \\ge {b}$."
        problem_text = f"Minimise f(x) = {_plain(f_tex)} subject to x ≥ {b}."
        convention_tex = (
            f"Write the constraint as $g(x) = {_poly(_linear_terms([-1], b), True)} \\le 0$, so "
            r"$L(x, \lambda) = f(x) + \lambda g(x)$ and the dual function is "
            r"$G(\lambda) = \min_x L(x, \lambda)$."
        )
        convention_text = (
            f"Write the constraint as g(x) = {_plain(_poly(_linear_terms([-1], b), True))} ≤ 0, "
            "so L(x, λ) = f(x) + λ g(x) and the dual function is G(λ) = min over x of L(x, λ)."
        )
        g_tex = _dual_function(a, p, b, True)
        derivative = _poly([(Fraction(2 * a), (1,)), (Fraction(p), (0,))], True)
        lam_minus_p = _poly([(Fraction(1), (1,)), (Fraction(-p), (0,))], True, (r"\lambda",))
        minimiser = (
            f"$\\partial L/\\partial x = {derivative}"
            r" - \lambda = 0$ gives "
            f"$x = \\frac{{{lam_minus_p}}}{{{2 * a}}}$, so "
            f"$G(\\lambda) = {g_tex}$ (a concave parabola in $\\lambda$)."
        )
        maximiser = (
            f"$G'(\\lambda) = {b} - \\frac{{{lam_minus_p}}}{{{2 * a}}} = 0$ at "
            f"$\\lambda = {_tex(lam_free)}$"
            + (
                f", which is allowed ($\\lambda \\ge 0$), so $\\lambda^* = {_tex(lam_star)}$."
                if lam_free >= 0
                else "; that is negative, and on $\\lambda \\ge 0$ the concave "
                "$G$ is largest at $\\lambda^* = 0$ (the constraint is slack)."
            )
        )
        optimum = (
            f"$d^* = G({_tex(lam_star)}) = {_tex(dual(lam_star))}$, equal to "
            f"$p^* = f({_tex(x_star)}) = {_tex(p_star)}$: strong duality (a convex problem "
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
            lam0 = Fraction(_int(rng, 0, 6))
            data["lambda0"] = _json_number(lam0)
            right: Any = dual(lam0)
            q_tex = f"Find $G({_tex(lam0)})$."
            q_text = f"Find G({_num(lam0)})."
            steps.append(f"At $\\lambda = {_tex(lam0)}$: $G = {_tex(right)}$.")
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
            q_text = "Find G(λ) as an expression in λ (write lambda)."
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
            q_text = "Find the dual optimal λ* (the maximiser of G over λ ≥ 0)."
            steps.append(maximiser)
            hints.append(r"Maximise the concave $G$ over $\lambda \ge 0$, not over all $\lambda$.")
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
            q_text = "Find the dual optimum d* = max over λ ≥ 0 of G(λ)."
            steps += [maximiser, optimum]
            hints.append(r"Maximise the concave $G$ over $\lambda \ge 0$, not over all $\lambda$.")
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
            x0 = Fraction(b + _int(rng, 0, 3))
            lam0 = Fraction(_int(rng, 0, 5))
            data |= {"x0": _json_number(x0), "lambda0": _json_number(lam0)}
            right = f(x0) - dual(lam0)
            q_tex = (
                f"The point $x_0 = {_tex(x0)}$ is feasible. Find the duality gap "
                f"$f(x_0) - G({_tex(lam0)})$ of the pair $(x_0, \\lambda_0 = "
                f"{_tex(lam0)})$."
            )
            q_text = (
                f"The point x0 = {_num(x0)} is feasible. Find the duality gap "
                f"f(x0) − G({_num(lam0)}) of the pair (x0, λ0 = {_num(lam0)})."
            )
            steps.append(
                f"$f({_tex(x0)}) = {_tex(f(x0))}$ and $G({_tex(lam0)}) = "
                f"{_tex(dual(lam0))}$, so the gap is ${_tex(right)}$ (never negative: weak "
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
            variant = _pick(rng, ["optimal", "lambda-off", "x-off"])
            x0 = x_star if variant != "x-off" else x_star + _int(rng, 1, 2)
            lam0 = lam_star if variant != "lambda-off" else lam_star + _int(rng, 1, 3)
            data |= {"x0": _json_number(x0), "lambda0": _json_number(lam0)}
            holds = f(x0) == dual(lam0)
            right = "true" if holds else "false"
            q_tex = (
                f"The point $x_0 = {_tex(x0)}$ is feasible and $\\lambda_0 = {_tex(lam0)} \\ge 0$. "
                r"Is $f(x_0) = G(\lambda_0)$, which would prove both optimal?"
            )
            q_text = (
                f"The point x0 = {_num(x0)} is feasible and λ0 = {_num(lam0)} ≥ 0. "
                "Is f(x0) = G(λ0), which would prove both optimal?"
            )
            steps.append(
                f"$f({_tex(x0)}) = {_tex(f(x0))}$ and $G({_tex(lam0)}) = "
                f"{_tex(dual(lam0))}$: "
                + (
                    "equal, so the gap is zero and both are optimal."
                    if holds
                    else "the gap is positive, so this pair proves nothing."
                )
            )
        else:  # lower-bound
            kind = "boolean"
            value = p_star + _pick(rng, [-2, -1, 0, 0, 1, 2])
            data["value"] = _json_number(value)
            right = "true" if value <= p_star else "false"
            q_tex = (
                f"Is there a $\\lambda \\ge 0$ with $G(\\lambda) \\ge {_tex(value)}$ "
                f"(a certificate that $p^* \\ge {_tex(value)}$)?"
            )
            q_text = (
                f"Is there a λ ≥ 0 with G(λ) ≥ {_num(value)} (a certificate that "
                f"p* ≥ {_num(value)})?"
            )
            steps += [maximiser, optimum]
            steps.append(
                f"The best bound any $\\lambda \\ge 0$ gives is $d^* = {_tex(p_star)}$, so the "
                f"answer is {right}."
            )
        if kind == "number":
            misconceptions = _catalogue(right, wrong)
            expected = _num(right)
        elif kind == "expression":
            misconceptions = _text_catalogue(right, wrong)
            expected = right
        else:
            misconceptions, expected = [], right
        return Draft(
            prompt=f"{problem_tex} {convention_tex} {q_tex}",
            text=f"{problem_text}\n{convention_text}\n{q_text}",
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
        m, n = _pick(rng, [(1, 2), (1, 3), (2, 2), (2, 3)])
        while True:
            a = [[Fraction(_int(rng, -2, 2)) for _ in range(n)] for _ in range(m)]
            gram = [[_dot(r1, r2) for r2 in a] for r1 in a]
            det = gram[0][0] if m == 1 else gram[0][0] * gram[1][1] - gram[0][1] * gram[1][0]
            if det != 0 and all(sum(1 for v in row if v) >= 2 for row in a):
                break
        b = [Fraction(_nonzero(rng, -4, 4)) for _ in range(m)]
        if m == 1:
            inv = [[1 / gram[0][0]]]
        else:
            inv = [
                [gram[1][1] / det, -gram[0][1] / det],
                [-gram[1][0] / det, gram[0][0] / det],
            ]
        solved = [_dot(row, b) for row in inv]  # (AAᵀ)⁻¹ b
        nu = [-v for v in solved]
        x = [_dot([a[i][k] for i in range(m)], solved) for k in range(n)]
        d_star = _dot(b, solved) / 2
        ask = _pick(rng, ["dual-optimum", "nu", "x"])
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
                    [_dot([a[i][k] for i in range(m)], b) for k in range(n)],
                    "dropped-gram-inverse",
                    "x = Aᵀν needs ν from the constraint: Ax = b gives (AAᵀ)⁻¹b, not b itself.",
                )
            ],
        }[ask]
        question = {
            "dual-optimum": (r"Find the dual optimum $d^*$.", "Find the dual optimum d*."),
            "nu": (
                r"Find the dual optimal $\nu^*$, as a vector.",
                "Find the dual optimal ν*, as a vector.",
            ),
            "x": (
                r"Find the primal optimum $x^*$, as a vector.",
                "Find the primal optimum x*, as a vector.",
            ),
        }[ask]
        a_tex, b_tex = latex_matrix(a), _vec_tex(b)
        prompt = (
            f"Minimise $\\tfrac12 \\|x\\|^2$ over $x \\in \\mathbb{{R}}^{n}$ subject to $Ax = b$, "
            f"with $A = {a_tex}$ and $b = {b_tex}$. Use "
            r"$L(x, \nu) = \tfrac12 \|x\|^2 + \nu^T (Ax - b)$. " + question[0]
        )
        text = (
            f"Minimise ½‖x‖² over x in R^{n} subject to A x = b, with\n\n"
            f"{named_grids([('A', a), ('b', [[v] for v in b])])}\n\n"
            f"Use L(x, ν) = ½‖x‖² + νᵀ(A x − b). {question[1]}"
        )
        steps = [
            r"$\nabla_x L = x + A^T\nu = 0$ gives $x = -A^T\nu$, so the dual function is "
            r"$G(\nu) = -\tfrac12 \nu^T A A^T \nu - b^T \nu$.",
            f"$AA^T = {latex_matrix(gram)}$; maximising $G$: $AA^T\\nu = -b$, so "
            f"$\\nu^* = {_vec_tex(nu)}$.",
            f"$x^* = -A^T\\nu^* = {_vec_tex(x)}$ and $d^* = \\tfrac12 b^T (AA^T)^{{-1}} b = "
            f"{_tex(d_star)} = \\tfrac12\\|x^*\\|^2 = p^*$.",
        ]
        return Draft(
            prompt=prompt,
            text=text,
            kind="number" if ask == "dual-optimum" else "matrix",
            expected=_answer_text(right),
            data={
                "family": "equality",
                "A": [_json_vec(row) for row in a],
                "b": _json_vec(b),
                "ask": ask,
            },
            hints=[
                r"Minimise $L$ over $x$ first: $\nabla_x L = x + A^T \nu = 0$.",
                r"The dual function is a concave quadratic in $\nu$; set its gradient "
                r"$-AA^T\nu - b$ to zero.",
            ],
            solution="\n\n".join(steps),
            misconceptions=_catalogue(right, wrong),
        )


def _dual_function(a: int, p: int, b: int, latex: bool) -> str:
    """λb − (λ − p)²/(4a) expanded: −λ²/(4a) + (b + p/(2a)) λ − p²/(4a)."""
    terms: list[Monomial] = [
        (Fraction(-1, 4 * a), (2,)),
        (Fraction(b) + Fraction(p, 2 * a), (1,)),
        (Fraction(-p * p, 4 * a), (0,)),
    ]
    return _poly(terms, latex, (r"\lambda",) if latex else ("lambda",))


# ---------------------------------------------------------------------------------------
# Small QPs: min Σ wₖ (xₖ − cₖ)² subject to aᵢ·x ≤ bᵢ, built from a chosen KKT point
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SmallQP:
    weights: tuple[int, ...]
    center: tuple[Fraction, ...]
    normals: tuple[tuple[int, ...], ...]
    bounds: tuple[Fraction, ...]

    def objective(self, latex: bool) -> str:
        parts = []
        for w, name, c in zip(self.weights, VARIABLES, self.center, strict=False):
            inner = _poly([(Fraction(1), (1,)), (-c, (0,))], latex, (name,))
            square = f"({inner})^2" if latex else f"({inner})²"
            if c == 0:
                square = f"{name}^2" if latex else f"{name}²"
            parts.append(("" if w == 1 else str(w)) + square)
        return " + ".join(parts)

    def constraint(self, i: int, latex: bool) -> str:
        lhs = _poly(_linear_terms(self.normals[i]), True)
        b = self.bounds[i]
        return f"{lhs} \\le {_tex(b)}" if latex else f"{_plain(lhs)} ≤ {_num(b)}"

    def slack(self, i: int, x: Sequence[Fraction]) -> Fraction:
        """gᵢ(x) = aᵢ·x − bᵢ (≤ 0 when feasible)."""
        return _dot(self.normals[i], x) - self.bounds[i]

    def gradient(self, x: Sequence[Fraction]) -> list[Fraction]:
        return [2 * w * (v - c) for w, v, c in zip(self.weights, x, self.center, strict=True)]

    def stationarity(self, x: Sequence[Fraction], lam: Sequence[Fraction]) -> list[Fraction]:
        grad = self.gradient(x)
        for li, a in zip(lam, self.normals, strict=True):
            grad = [g + li * ak for g, ak in zip(grad, a, strict=True)]
        return grad

    def listing(self) -> tuple[str, str]:
        tex = ", ".join(
            f"$({i + 1})\\; {self.constraint(i, True)}$" for i in range(len(self.bounds))
        )
        text = "\n".join(
            f"  ({i + 1}) {self.constraint(i, False)}" for i in range(len(self.bounds))
        )
        return tex, text

    def to_json(self) -> dict[str, Any]:
        return {
            "weights": list(self.weights),
            "center": _json_vec(self.center),
            "constraints": [
                {"a": list(a), "b": _json_number(b)}
                for a, b in zip(self.normals, self.bounds, strict=True)
            ],
        }


def _normal(rng: np.random.Generator, others: Sequence[tuple[int, ...]]) -> tuple[int, ...]:
    """An integer normal with both entries in -3..3, not parallel to any of ``others``."""
    while True:
        a = (_int(rng, -3, 3), _int(rng, -3, 3))
        if a == (0, 0):
            continue
        if all(a[0] * o[1] - a[1] * o[0] != 0 for o in others):
            return a


def _build_qp(
    rng: np.random.Generator,
    point: Sequence[int],
    multipliers: Sequence[int],
    slacks: Sequence[int],
    weights: Sequence[int],
) -> SmallQP:
    """The QP whose stationarity at ``point`` holds with ``multipliers``; constraint i has
    gᵢ(point) = aᵢ·point − bᵢ = slacksᵢ (0 for active, negative for slack)."""
    normals: list[tuple[int, ...]] = []
    for _ in multipliers:
        normals.append(_normal(rng, normals))
    bounds = tuple(Fraction(_dot(a, point) - s) for a, s in zip(normals, slacks, strict=True))
    # 2 wₖ (xₖ − cₖ) + Σ λᵢ aᵢₖ = 0
    center = tuple(
        Fraction(point[k])
        + Fraction(sum(m * a[k] for m, a in zip(multipliers, normals, strict=True)), 2 * weights[k])
        for k in range(2)
    )
    return SmallQP(tuple(weights), center, tuple(normals), bounds)


# ---------------------------------------------------------------------------------------
# optimization.complementary-slackness
# ---------------------------------------------------------------------------------------


@register
class ComplementarySlackness(Generator):
    """Read λᵢ gᵢ(x*) = 0 off a known optimum: which constraints are active, which
    multipliers vanish, the multipliers from stationarity on the active set."""

    skill = "optimization.complementary-slackness"
    version = 1

    def generate(self, rng: np.random.Generator, difficulty: int) -> Draft:
        m = 3 if difficulty == 3 else 2
        n_active = _pick(rng, [1, 2]) if difficulty == 3 else 1
        active = sorted(int(i) for i in rng.choice(m, size=n_active, replace=False))
        ask = _pick(
            rng,
            {
                1: ["active", "zero-multipliers"],
                2: ["multiplier", "zero-multipliers", "holds"],
                3: ["multipliers", "multiplier", "holds"],
            }[difficulty],
        )
        point = [_int(rng, -3, 3), _int(rng, -3, 3)]
        values = [2, 4, 6] if difficulty < 3 else [1, 2, 3, 4, 5]
        lam = [_pick(rng, values) if i in active else 0 for i in range(m)]
        slacks = [0 if i in active else -_int(rng, 1, 4) for i in range(m)]
        qp = _build_qp(rng, point, lam, slacks, (1, 1))
        inactive = [i for i in range(m) if i not in active]
        cons_tex, cons_text = qp.listing()
        x_tex = _tuple_tex(point)
        intro_tex = (
            f"The point $x^* = {x_tex}$ minimises $f(x, y) = {qp.objective(True)}$ subject to "
            f"{cons_tex}. With $g_i(x) = a_i^T x - b_i \\le 0$ and "
            r"$L = f + \sum_i \lambda_i g_i$, "
        )
        intro_text = (
            f"The point x* = {_tuple_text(point)} minimises f(x, y) = {qp.objective(False)} "
            f"subject to\n{cons_text}\nWith gᵢ(x) = aᵢᵀx − bᵢ ≤ 0 and L = f + Σ λᵢ gᵢ, "
        )
        slack_steps = ", ".join(f"$g_{i + 1}(x^*) = {_tex(qp.slack(i, point))}$" for i in range(m))
        steps = [f"At $x^*$: {slack_steps}."]
        one_based = [i + 1 for i in active]
        zero_based_inactive = [i + 1 for i in inactive]
        grad = qp.gradient(point)
        stationarity_tex = (
            f"$\\nabla f(x^*) = {_vec_tex(grad)}$, and stationarity "
            r"$\nabla f(x^*) + \sum_i \lambda_i a_i = 0$ with $\lambda_i = 0$ off the active set "
            f"gives $\\lambda = {_tuple_tex(lam)}$."
        )
        kind = "list"
        wrong: list[Misconception] = []
        if ask == "active":
            q_tex = "which constraints are active at $x^*$? List their numbers."
            q_text = "which constraints are active at x*? List their numbers."
            expected = ", ".join(map(str, one_based))
            wrong = _list_catalogue(
                one_based,
                [
                    (
                        zero_based_inactive,
                        "inactive-for-active",
                        "Those are the slack constraints (gᵢ(x*) < 0); the active ones hold "
                        "with equality.",
                    ),
                    (
                        list(range(1, m + 1)),
                        "all-active",
                        "Not every constraint is tight at x*: compute gᵢ(x*) and keep those "
                        "equal to 0.",
                    ),
                ],
            )
            steps.append(f"The active constraints are those with $g_i(x^*) = 0$: {expected}.")
        elif ask == "zero-multipliers":
            q_tex = (
                "which multipliers $\\lambda_i$ must be $0$ by complementary slackness? "
                "List the constraint numbers."
            )
            q_text = (
                "which multipliers λᵢ must be 0 by complementary slackness? "
                "List the constraint numbers."
            )
            expected = ", ".join(map(str, zero_based_inactive))
            wrong = _list_catalogue(
                zero_based_inactive,
                [
                    (
                        one_based,
                        "active-for-inactive",
                        "λᵢ gᵢ(x*) = 0 forces λᵢ = 0 where gᵢ(x*) < 0, the slack constraints; "
                        "the active ones may carry a positive multiplier.",
                    )
                ],
            )
            steps.append(
                f"$\\lambda_i g_i(x^*) = 0$ forces $\\lambda_i = 0$ where $g_i(x^*) \\ne 0$: "
                f"constraint(s) {expected}."
            )
        elif ask in ("multiplier", "multipliers"):
            kind = "number" if ask == "multiplier" else "sequence"
            if kind == "number":
                k = _pick(rng, active)
                q_tex = f"find $\\lambda_{k + 1}$."
                q_text = f"find λ{_subscript(k + 1)}."
                expected = _num(lam[k])
                wrong = _catalogue(
                    Fraction(lam[k]),
                    [
                        (
                            Fraction(-lam[k]),
                            "negative-multiplier",
                            "Multipliers of inequality constraints are never negative: "
                            "stationarity is ∇f + Σ λᵢ∇gᵢ = 0, so λ points against ∇f.",
                        ),
                        (
                            Fraction(lam[k], 2),
                            "dropped-factor-two",
                            "The gradient of (x − c)² is 2(x − c): the factor 2 is missing.",
                        ),
                    ],
                )
            else:
                q_tex = r"find all the multipliers $\lambda_1, \dots, \lambda_" + f"{m}$ in order."
                q_text = f"find all the multipliers λ₁, …, λ{_subscript(m)} in order."
                expected = ", ".join(_num(v) for v in lam)
                halved = [Fraction(v, 2) for v in lam]
                wrong = [
                    Misconception(
                        "misconception:dropped-factor-two",
                        ", ".join(_num(v) for v in halved),
                        "The gradient of (x − c)² is 2(x − c): the factor 2 is missing.",
                    ),
                    Misconception(
                        "misconception:negative-multiplier",
                        ", ".join(_num(-v) for v in lam),
                        "Multipliers of inequality constraints are never negative: "
                        "stationarity is ∇f + Σ λᵢ∇gᵢ = 0.",
                    ),
                ]
            steps.append(stationarity_tex)
        else:  # holds
            kind = "boolean"
            variant = _pick(rng, ["true", "inactive-weight", "active-dropped"])
            shown = list(lam)
            if variant == "inactive-weight":
                shown[_pick(rng, inactive)] = _int(rng, 1, 3)
            elif variant == "active-dropped":
                shown[_pick(rng, active)] = 0
            holds = all(v * qp.slack(i, point) == 0 for i, v in enumerate(shown))
            expected = "true" if holds else "false"
            q_tex = (
                f"does complementary slackness hold for $x^*$ with $\\lambda = "
                f"{_tuple_tex(shown)}$ (only that condition, not the others)?"
            )
            q_text = (
                f"does complementary slackness hold for x* with λ = {_tuple_text(shown)} "
                "(only that condition, not the others)?"
            )
            products = ", ".join(
                f"$\\lambda_{i + 1} g_{i + 1} = {_tex(v * qp.slack(i, point))}$"
                for i, v in enumerate(shown)
            )
            steps.append(f"{products}: " + ("all zero, so it holds." if holds else "not all zero."))
            if variant == "active-dropped":
                steps.append(
                    "It holds, yet this λ is not the right one: stationarity fails with a "
                    "zero multiplier on an active constraint."
                )
        data = qp.to_json() | {
            "point": point,
            "multipliers": lam,
            "ask": ask,
        }
        if ask == "holds":
            data["shown"] = shown
        if ask == "multiplier":
            data["index"] = k + 1
        return Draft(
            prompt=intro_tex + q_tex,
            text=intro_text + q_text,
            kind=kind,
            expected=expected,
            data=data,
            hints=[
                "Evaluate each gᵢ(x*) = aᵢᵀx* − bᵢ: zero means active, negative means slack.",
                "Complementary slackness: λᵢ gᵢ(x*) = 0, so a slack constraint has λᵢ = 0; "
                "the active multipliers come from ∇f(x*) + Σ λᵢ aᵢ = 0.",
            ],
            solution="\n\n".join(steps),
            misconceptions=wrong,
        )


def _subscript(k: int) -> str:
    return str(k).translate(str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉"))


# ---------------------------------------------------------------------------------------
# optimization.kkt
# ---------------------------------------------------------------------------------------

KKT_CONDITIONS = [
    "none",
    "stationarity",
    "primal feasibility",
    "dual feasibility",
    "complementary slackness",
]


def _solve2(rows: Sequence[Sequence[Fraction]], rhs: Sequence[Fraction]) -> list[Fraction]:
    (a, b), (c, d) = rows
    det = a * d - b * c
    return [(rhs[0] * d - b * rhs[1]) / det, (a * rhs[1] - c * rhs[0]) / det]


@register
class KKT(Generator):
    """The KKT conditions on min Σ wₖ(xₖ − cₖ)² s.t. aᵢ·x ≤ bᵢ: name the condition a
    candidate (x̂, λ̂) breaks, or solve a QP whose unconstrained minimiser is cut off by
    one constraint (difficulty 3: a second constraint it also violates stays slack)."""

    skill = "optimization.kkt"
    version = 1

    def generate(self, rng: np.random.Generator, difficulty: int) -> Draft:
        ask = _pick(
            rng,
            {
                1: ["which-fails", "which-fails", "solve-x"],
                2: ["which-fails", "solve-x", "solve-lambda"],
                3: ["which-fails", "solve-x", "solve-lambda"],
            }[difficulty],
        )
        m = 1 if difficulty == 1 or (difficulty == 2 and ask != "which-fails") else 2
        weights = (1, 1) if difficulty < 3 else (_int(rng, 1, 3), _int(rng, 1, 3))
        if ask == "which-fails":
            return self._which_fails(rng, difficulty, m, weights)
        return self._solve(rng, difficulty, m, weights, ask)

    def _which_fails(
        self, rng: np.random.Generator, difficulty: int, m: int, weights: tuple[int, int]
    ) -> Draft:
        target = _pick(rng, KKT_CONDITIONS)
        point = [_int(rng, -3, 3), _int(rng, -3, 3)]
        k = _pick(rng, [1, 2, 3]) * (2 if difficulty < 3 else 1)
        rest = [0] * (m - 1)
        slack_rest = [-_int(rng, 1, 3) for _ in rest]
        if target in ("none", "stationarity"):
            qp = _build_qp(rng, point, [k, *rest], [0, *slack_rest], weights)
            shown = [Fraction(k + (_int(rng, 1, 3) if target == "stationarity" else 0)), *rest]
            x_hat = [Fraction(v) for v in point]
        elif target == "dual feasibility":
            qp = _build_qp(rng, point, [-k, *rest], [0, *slack_rest], weights)
            shown, x_hat = [Fraction(-k), *rest], [Fraction(v) for v in point]
        elif target == "complementary slackness":
            qp = _build_qp(rng, point, [k, *rest], [-_int(rng, 1, 3), *slack_rest], weights)
            shown, x_hat = [Fraction(k), *rest], [Fraction(v) for v in point]
        else:  # primal feasibility: the unconstrained minimiser, cut off by constraint 1
            qp = _build_qp(rng, point, [0] * m, [_int(rng, 1, 3), *slack_rest], weights)
            shown, x_hat = [Fraction(0)] * m, [Fraction(v) for v in point]
        shown = [Fraction(v) for v in shown]
        station = qp.stationarity(x_hat, shown)
        slacks = [qp.slack(i, x_hat) for i in range(m)]
        checks = [
            (
                "stationarity",
                f"$\\nabla f(\\hat x) + \\sum_i \\hat\\lambda_i a_i = {_vec_tex(station)}$",
                all(v == 0 for v in station),
            ),
            (
                "primal feasibility",
                "$g(\\hat x) = " + _tuple_tex(slacks) + r"$ (each must be $\le 0$)",
                all(v <= 0 for v in slacks),
            ),
            (
                "dual feasibility",
                r"$\hat\lambda = " + _tuple_tex(shown) + r"$ (each must be $\ge 0$)",
                all(v >= 0 for v in shown),
            ),
            (
                "complementary slackness",
                r"$\hat\lambda_i g_i(\hat x) = "
                + _tuple_tex([v * g for v, g in zip(shown, slacks, strict=True)])
                + "$ (each must be $0$)",
                all(v * g == 0 for v, g in zip(shown, slacks, strict=True)),
            ),
        ]
        failing = [name for name, _, ok in checks if not ok]
        assert failing == ([] if target == "none" else [target]), (target, failing)
        cons_tex, cons_text = qp.listing()
        x_tex, lam_tex = _tuple_tex(x_hat), _multipliers_tex(shown)
        prompt = (
            f"Minimise $f(x, y) = {qp.objective(True)}$ subject to {cons_tex}, with "
            r"$g_i(x) = a_i^T x - b_i \le 0$ and $L = f + \sum_i \lambda_i g_i$. "
            f"At the candidate $\\hat x = {x_tex}$, $\\hat\\lambda = {lam_tex}$, which KKT "
            "condition fails? Answer one of: " + ", ".join(KKT_CONDITIONS) + " (if all hold)."
        )
        text = (
            f"Minimise f(x, y) = {qp.objective(False)} subject to\n{cons_text}\nwith "
            "gᵢ(x) = aᵢᵀx − bᵢ ≤ 0 and L = f + Σ λᵢ gᵢ. At the candidate "
            f"x̂ = {_tuple_text(x_hat)}, λ̂ = {_multipliers_text(shown)}, which KKT condition "
            "fails? Answer one of: " + ", ".join(KKT_CONDITIONS) + " (if all hold)."
        )
        wrong = []
        if target == "dual feasibility":
            wrong.append(
                Misconception(
                    "misconception:negative-multiplier",
                    "none",
                    "λ̂ has a negative entry: multipliers of inequality constraints must be "
                    "≥ 0 (dual feasibility), even when ∇L = 0.",
                )
            )
        if target == "complementary slackness":
            wrong.append(
                Misconception(
                    "misconception:inactive-multiplier",
                    "none",
                    "A constraint that is slack at x̂ (gᵢ < 0) must have λᵢ = 0: "
                    "λᵢ gᵢ(x̂) = 0 fails here.",
                )
            )
        steps = [
            f"$\\nabla f(\\hat x) = {_vec_tex(qp.gradient(x_hat))}$.",
            *[
                f"{name.capitalize()}: {shown_tex} — {'holds' if ok else '**fails**'}."
                for name, shown_tex, ok in checks
            ],
        ]
        if target == "none":
            steps.append("All four hold, so for this convex problem $\\hat x$ is the minimiser.")
        return Draft(
            prompt=prompt,
            text=text,
            kind="choice",
            expected=target,
            data=qp.to_json()
            | {"ask": "which-fails", "point": _json_vec(x_hat), "multipliers": _json_vec(shown)},
            hints=[
                "Check the four conditions in turn: ∇f(x̂) + Σ λ̂ᵢ aᵢ = 0; gᵢ(x̂) ≤ 0; "
                "λ̂ᵢ ≥ 0; λ̂ᵢ gᵢ(x̂) = 0.",
                "A candidate can satisfy ∇L = 0 and still fail: look at the signs of λ̂ and at "
                "which constraints are tight.",
            ],
            solution="\n\n".join(steps),
            misconceptions=wrong,
            choices=list(KKT_CONDITIONS),
        )

    def _solve(
        self,
        rng: np.random.Generator,
        difficulty: int,
        m: int,
        weights: tuple[int, int],
        ask: str,
    ) -> Draft:
        values = [2, 4, 6] if weights == (1, 1) else [1, 2, 3, 4]
        for _ in range(60):
            point = [_int(rng, -3, 3), _int(rng, -3, 3)]
            lam1 = _pick(rng, values)
            rest = [0] * (m - 1)
            qp = _build_qp(
                rng, point, [lam1, *rest], [0, *[-_int(rng, 1, 3) for _ in rest]], weights
            )
            # the trap: the second constraint also cuts off the unconstrained minimiser
            if m == 1 or qp.slack(1, qp.center) > 0:
                break
        x_star = [Fraction(v) for v in point]
        lam = Fraction(lam1)
        wrong_x: list[tuple[Any, str, str]] = [
            (
                list(qp.center),
                "ignored-constraint",
                "That is the unconstrained minimiser; it violates constraint (1), so the "
                "constraint is active at the optimum and its multiplier is positive.",
            )
        ]
        wrong_lam: list[tuple[Any, str, str]] = [
            (
                -lam,
                "negative-multiplier",
                "A multiplier of an inequality g(x) ≤ 0 is never negative: with "
                "L = f + λg, stationarity is ∇f + λ∇g = 0.",
            )
        ]
        if m == 2:
            corner = _solve2([[Fraction(v) for v in a] for a in qp.normals], list(qp.bounds))
            grad = qp.gradient(corner)
            both = _solve2(
                [
                    [Fraction(qp.normals[0][0]), Fraction(qp.normals[1][0])],
                    [Fraction(qp.normals[0][1]), Fraction(qp.normals[1][1])],
                ],
                [-grad[0], -grad[1]],
            )
            wrong_x.append(
                (
                    corner,
                    "inactive-multiplier",
                    "Treating both constraints as active gives the corner, but there the "
                    "KKT system needs a negative multiplier or fails: constraint (2) is slack "
                    "at the optimum and its λ is 0.",
                )
            )
            wrong_lam.append(
                (
                    both[0],
                    "inactive-multiplier",
                    "That treats both constraints as active; at the optimum constraint (2) is "
                    "slack, so λ₂ = 0 and only constraint (1) enters stationarity.",
                )
            )
        cons_tex, cons_text = qp.listing()
        a = qp.normals[0]
        q = {
            "solve-x": (
                "Find the minimiser $x^*$, answered as a vector such as $[1/2, -3]$.",
                "Find the minimiser x*, answered as a vector such as [1/2, -3].",
            ),
            "solve-lambda": (
                r"Find the multiplier $\lambda_1^*$ of constraint (1).",
                "Find the multiplier λ₁* of constraint (1).",
            ),
        }[ask]
        prompt = (
            f"Minimise $f(x, y) = {qp.objective(True)}$ subject to {cons_tex}, with "
            r"$g_i(x) = a_i^T x - b_i \le 0$ and $L = f + \sum_i \lambda_i g_i$. " + q[0]
        )
        text = (
            f"Minimise f(x, y) = {qp.objective(False)} subject to\n{cons_text}\nwith "
            f"gᵢ(x) = aᵢᵀx − bᵢ ≤ 0 and L = f + Σ λᵢ gᵢ. {q[1]}"
        )
        c = qp.center
        w1, w2 = weights
        lam_name = (r"\lambda",)
        eq_x = _poly(
            [(Fraction(2 * w1), (1, 0)), (Fraction(a[0]), (0, 1)), (-2 * w1 * c[0], (0, 0))],
            True,
            ("x", *lam_name),
        )
        eq_y = _poly(
            [(Fraction(2 * w2), (1, 0)), (Fraction(a[1]), (0, 1)), (-2 * w2 * c[1], (0, 0))],
            True,
            ("y", *lam_name),
        )
        x_of = _poly([(c[0], (0,)), (Fraction(-a[0], 2 * w1), (1,))], True, lam_name)
        y_of = _poly([(c[1], (0,)), (Fraction(-a[1], 2 * w2), (1,))], True, lam_name)
        steps = [
            f"The unconstrained minimiser $c = {_tuple_tex(c)}$ has "
            f"$g_1(c) = {_tex(qp.slack(0, c))} > 0$: it is infeasible, so try constraint (1) "
            "active.",
            f"Stationarity: ${eq_x} = 0$ and ${eq_y} = 0$, so $x = {x_of}$, $y = {y_of}$.",
            f"Put into ${_poly(_linear_terms(a), True)} = {_tex(qp.bounds[0])}$: "
            f"$\\lambda_1^* = {_tex(lam)} \\ge 0$ and $x^* = {_tuple_tex(x_star)}$.",
        ]
        if m == 2:
            steps.append(
                f"Constraint (2) at $x^*$: $g_2 = {_tex(qp.slack(1, x_star))} < 0$, slack, so "
                "$\\lambda_2^* = 0$ and every KKT condition holds."
            )
        right: Any = x_star if ask == "solve-x" else lam
        return Draft(
            prompt=prompt,
            text=text,
            kind="matrix" if ask == "solve-x" else "number",
            expected=_answer_text(right),
            data=qp.to_json() | {"ask": ask},
            hints=[
                "Start from the unconstrained minimiser: which constraint does it violate?",
                "Make that constraint active (equality), solve stationarity ∇f + λ∇g = 0 with "
                "it, and check λ ≥ 0 and the other constraint.",
            ],
            solution="\n\n".join(steps),
            misconceptions=_catalogue(right, wrong_x if ask == "solve-x" else wrong_lam),
        )


# ---------------------------------------------------------------------------------------
# Tiny 2-D data sets for the SVM
# ---------------------------------------------------------------------------------------


def _points_tex(points: Sequence[Sequence[Fraction | int]], labels: Sequence[int]) -> str:
    return ", ".join(
        f"$x_{i + 1} = {_tuple_tex(p)}, y_{i + 1} = {'+1' if y > 0 else '-1'}$"
        for i, (p, y) in enumerate(zip(points, labels, strict=True))
    )


def _points_text(points: Sequence[Sequence[Fraction | int]], labels: Sequence[int]) -> str:
    return "\n".join(
        f"  {i + 1}: x = {_tuple_text(p)}, y = {'+1' if y > 0 else '-1'}"
        for i, (p, y) in enumerate(zip(points, labels, strict=True))
    )


def _score(w: Sequence[Fraction], b: Fraction, x: Sequence[Fraction | int]) -> Fraction:
    return _dot(w, x) + b


def _draw_data(
    rng: np.random.Generator,
    w: Sequence[Fraction],
    b: Fraction,
    n: int,
    soft: bool,
) -> tuple[list[list[int]], list[int]]:
    """n distinct integer points and labels for the hyperplane (w, b): every point at
    functional margin ≥ 1 with both classes on the margin (hard), or (soft) some points
    inside the margin and one on the wrong side."""
    while True:
        points: list[list[int]] = []
        labels: list[int] = []
        tries = 0
        while len(points) < n and tries < 400:
            tries += 1
            p = [_int(rng, -4, 4), _int(rng, -4, 4)]
            s = _score(w, b, p)
            if p in points or s == 0 or (not soft and abs(s) > 3):
                continue
            y = 1 if s > 0 else -1
            if soft and abs(s) < 1:
                y = _pick(rng, [1, -1])
            points.append(p)
            labels.append(y)
        if len(points) < n:
            continue
        margins = [y * _score(w, b, p) for p, y in zip(points, labels, strict=True)]
        if soft:
            flip = _pick(rng, [i for i, m in enumerate(margins) if m >= 1] or [0])
            labels[flip] = -labels[flip]
            margins = [y * _score(w, b, p) for p, y in zip(points, labels, strict=True)]
            inside = any(0 < m < 1 for m in margins)
            if inside and any(m < 0 for m in margins) and len(set(labels)) == 2:
                return points, labels
        else:
            on_margin = {y for y, m in zip(labels, margins, strict=True) if m == 1}
            if on_margin == {1, -1} and all(m >= 1 for m in margins):
                return points, labels


# ---------------------------------------------------------------------------------------
# optimization.linear-svm
# ---------------------------------------------------------------------------------------


@register
class LinearSVM(Generator):
    """Facts of a given hyperplane wᵀx + b = 0 on a tiny data set: the margin 2/‖w‖, the
    support vectors (functional margin exactly 1), the soft-margin primal objective
    ½‖w‖² + C Σ ξᵢ with hinge slacks, and which points have positive slack."""

    skill = "optimization.linear-svm"
    version = 1

    def generate(self, rng: np.random.Generator, difficulty: int) -> Draft:
        if difficulty == 1:
            ask = _pick(rng, ["margin", "support-vectors"])
            w = [Fraction(v) for v in _pick(rng, [(1, 0), (0, 1), (1, 1), (1, -1)])]
        elif difficulty == 2:
            ask = _pick(rng, ["margin", "support-vectors", "objective"])
            w = [Fraction(v) for v in _pick(rng, [(2, 1), (1, 2), (2, -1), (1, -2), (1, 1)])]
        else:
            ask = _pick(rng, ["objective", "slack-points"])
            w = [Fraction(v, 2) for v in _pick(rng, [(1, 1), (1, 2), (2, 1), (1, -1), (2, -1)])]
        soft = ask in ("objective", "slack-points")
        if difficulty == 3:
            b = Fraction(_int(rng, -2, 2), 2)
        elif soft:  # integer w: a half-integer b puts points inside the margin
            b = Fraction(2 * _int(rng, -2, 1) + 1, 2)
        else:
            b = Fraction(_int(rng, -2, 2))
        n = {1: 4, 2: 5, 3: 6}[difficulty]
        points, labels = _draw_data(rng, w, b, n, soft)
        norm_sq = _dot(w, w)
        margins = [y * _score(w, b, p) for p, y in zip(points, labels, strict=True)]
        slacks = [max(Fraction(0), 1 - m) for m in margins]
        w_tex, b_tex = _vec_tex(w), _tex(b)
        intro_tex = (
            f"The data set {_points_tex(points, labels)} and the hyperplane "
            f"$w^T x + b = 0$ with $w = {w_tex}$, $b = {b_tex}$. "
        )
        intro_text = (
            f"The data set\n{_points_text(points, labels)}\nand the hyperplane wᵀx + b = 0 "
            f"with w = {_vec_text(w)}, b = {_num(b)}. "
        )
        scores = ", ".join(
            f"$y_{i + 1}(w^T x_{i + 1} + b) = {_tex(m)}$" for i, m in enumerate(margins)
        )
        steps = [f"Functional margins: {scores}."]
        data: dict[str, Any] = {
            "points": points,
            "labels": labels,
            "w": _json_vec(w),
            "b": _json_number(b),
            "ask": ask,
        }
        kind = "number"
        misconceptions: list[Misconception]
        if ask == "margin":
            right: Any = _inverse_sqrt(2, norm_sq)
            steps = [
                f"$\\|w\\|^2 = {_tex(norm_sq)}$, so the margin (the width between "
                f"$w^T x + b = \\pm 1$) is $2/\\|w\\| = {right.latex()}$."
            ]
            q_tex = "What is the width of the margin between the planes $w^T x + b = \\pm 1$?"
            q_text = "What is the width of the margin between the planes wᵀx + b = ±1?"
            misconceptions = _catalogue(
                right,
                [
                    (
                        _inverse_sqrt(1, norm_sq),
                        "half-margin",
                        "1/‖w‖ is the distance from the hyperplane to one margin plane; the "
                        "margin spans both sides, 2/‖w‖.",
                    ),
                    (
                        Fraction(2) / norm_sq,
                        "squared-norm",
                        "The distance divides by ‖w‖, not by ‖w‖²: take the square root.",
                    ),
                ],
            )
            expected = right.text()
        elif ask == "support-vectors":
            kind = "list"
            support = [i + 1 for i, m in enumerate(margins) if m == 1]
            positive = [i + 1 for i, m in enumerate(margins) if m == 1 and labels[i] > 0]
            expected = ", ".join(map(str, support))
            q_tex = (
                "The data is separated with every $y_i(w^T x_i + b) \\ge 1$. Which points are "
                "support vectors (on the margin)? List their numbers."
            )
            q_text = (
                "The data is separated with every yᵢ(wᵀxᵢ + b) ≥ 1. Which points are support "
                "vectors (on the margin)? List their numbers."
            )
            steps.append(f"Support vectors have functional margin exactly 1: points {expected}.")
            misconceptions = _list_catalogue(
                support,
                [
                    (
                        positive,
                        "one-side-only",
                        "Support vectors lie on both margin planes, wᵀx + b = +1 and "
                        "wᵀx + b = −1: include the negative class.",
                    )
                ],
            )
        elif ask == "objective":
            c = _pick(rng, [Fraction(1), Fraction(2), Fraction(1, 2)])
            data["C"] = _json_number(c)
            right = norm_sq / 2 + c * sum(slacks)
            expected = _num(right)
            q_tex = (
                f"Find the soft-margin objective $\\tfrac12\\|w\\|^2 + C\\sum_i \\xi_i$ with "
                f"$C = {_tex(c)}$ and hinge slacks $\\xi_i = \\max(0, 1 - y_i(w^T x_i + b))$."
            )
            q_text = (
                f"Find the soft-margin objective ½‖w‖² + C Σ ξᵢ with C = {_num(c)} and hinge "
                "slacks ξᵢ = max(0, 1 − yᵢ(wᵀxᵢ + b))."
            )
            steps.append(
                f"Slacks $\\xi = {_tuple_tex(slacks)}$, sum ${_tex(sum(slacks))}$; "
                f"$\\tfrac12\\|w\\|^2 = {_tex(norm_sq / 2)}$, so the objective is "
                f"${_tex(norm_sq / 2)} + {_tex(c)} \\cdot {_tex(sum(slacks))} = {_tex(right)}$."
            )
            misconceptions = _catalogue(
                right,
                [
                    (
                        norm_sq / 2 + c * sum(1 - m for m in margins),
                        "negative-slack",
                        "A slack is max(0, 1 − yᵢ(wᵀxᵢ + b)): points beyond the margin "
                        "contribute 0, not a negative amount.",
                    ),
                    (
                        norm_sq + c * sum(slacks),
                        "dropped-half",
                        "The regulariser is ½‖w‖², not ‖w‖².",
                    ),
                ],
            )
        else:
            kind = "list"
            positive_slack = [i + 1 for i, s in enumerate(slacks) if s > 0]
            wrong_side = [i + 1 for i, m in enumerate(margins) if m < 0]
            expected = ", ".join(map(str, positive_slack))
            q_tex = (
                "Which points have positive hinge slack "
                "$\\xi_i = \\max(0, 1 - y_i(w^T x_i + b)) > 0$? List their numbers."
            )
            q_text = (
                "Which points have positive hinge slack ξᵢ = max(0, 1 − yᵢ(wᵀxᵢ + b)) > 0? "
                "List their numbers."
            )
            steps.append(
                f"$\\xi_i > 0$ exactly when the functional margin is below 1: points {expected}."
            )
            misconceptions = _list_catalogue(
                positive_slack,
                [
                    (
                        wrong_side,
                        "misclassified-only",
                        "Correctly classified points inside the margin (0 < yᵢ(wᵀxᵢ + b) < 1) "
                        "have positive slack too.",
                    )
                ],
            )
        return Draft(
            prompt=intro_tex + q_tex,
            text=intro_text + q_text,
            kind=kind,
            expected=expected,
            data=data,
            hints=[
                "Compute the functional margin yᵢ(wᵀxᵢ + b) of every point first.",
                "The margin planes are wᵀx + b = ±1, at distance 1/‖w‖ on each side of the "
                "hyperplane.",
            ],
            solution="\n\n".join(steps),
            misconceptions=misconceptions,
        )


# ---------------------------------------------------------------------------------------
# optimization.svm-dual
# ---------------------------------------------------------------------------------------


def _dual_objective(
    alpha: Sequence[Fraction],
    points: Sequence[Sequence[int]],
    labels: Sequence[int],
    with_labels: bool = True,
    half: Fraction = Fraction(1, 2),
) -> Fraction:
    total = sum(alpha, Fraction(0))
    n = len(alpha)
    quad = Fraction(0)
    for i in range(n):
        for j in range(n):
            sign = labels[i] * labels[j] if with_labels else 1
            quad += alpha[i] * alpha[j] * sign * _dot(points[i], points[j])
    return total - half * quad


@register
class SVMDual(Generator):
    """The hard/soft-margin SVM dual on 2-4 points: its objective at a given α, w = Σ αᵢ yᵢ xᵢ,
    dual feasibility (Σ αᵢ yᵢ = 0, 0 ≤ αᵢ ≤ C), and exact solutions when one pair of opposite
    points decides the margin (α = 2/‖x₊ − x₋‖² on that pair, 0 elsewhere)."""

    skill = "optimization.svm-dual"
    version = 1

    def generate(self, rng: np.random.Generator, difficulty: int) -> Draft:
        ask = _pick(
            rng,
            {
                1: ["dual-objective", "w-from-alpha"],
                2: ["dual-objective", "w-from-alpha", "feasible", "solve-alpha", "solve-w"],
                3: ["solve-alpha", "solve-w", "solve-b", "dual-objective"],
            }[difficulty],
        )
        if ask.startswith("solve"):
            return self._solve(rng, difficulty, ask)
        n = 3 if difficulty == 1 else 4
        points: list[list[int]] = []
        while len(points) < n:
            p = [_int(rng, -3, 3), _int(rng, -3, 3)]
            if p not in points:
                points.append(p)
        labels = [1, -1] + [_pick(rng, [1, -1]) for _ in range(n - 2)]
        order = [int(i) for i in rng.permutation(n)]
        labels = [labels[i] for i in order]
        alpha = self._alpha(rng, labels)
        data: dict[str, Any] = {
            "points": points,
            "labels": labels,
            "alpha": _json_vec(alpha),
            "ask": ask,
        }
        intro_tex = (
            f"The data set {_points_tex(points, labels)} and dual variables "
            f"$\\alpha = {_tuple_tex(alpha)}$. "
        )
        intro_text = (
            f"The data set\n{_points_text(points, labels)}\nand dual variables "
            f"α = {_tuple_text(alpha)}. "
        )
        kind = "number"
        wrong: list[tuple[Any, str, str]] = []
        if ask == "dual-objective":
            right: Any = _dual_objective(alpha, points, labels)
            q_tex = (
                r"Evaluate the dual objective $W(\alpha) = \sum_i \alpha_i - \tfrac12 \sum_{i,j} "
                r"\alpha_i \alpha_j y_i y_j x_i^T x_j$."
            )
            q_text = "Evaluate the dual objective W(α) = Σ αᵢ − ½ Σᵢⱼ αᵢ αⱼ yᵢ yⱼ xᵢᵀxⱼ."
            v = [
                sum((alpha[i] * labels[i] * points[i][k] for i in range(n)), Fraction(0))
                for k in range(2)
            ]
            steps = [
                r"The double sum is $\|\sum_i \alpha_i y_i x_i\|^2$: "
                f"$\\sum_i \\alpha_i y_i x_i = {_vec_tex(v)}$, with squared norm "
                f"${_tex(_dot(v, v))}$.",
                f"$W = {_tex(sum(alpha))} - \\tfrac12 \\cdot {_tex(_dot(v, v))} = {_tex(right)}$.",
            ]
            wrong = [
                (
                    _dual_objective(alpha, points, labels, with_labels=False),
                    "dropped-labels",
                    "Each term carries yᵢ yⱼ: pairs of opposite labels enter with a minus sign.",
                ),
                (
                    _dual_objective(alpha, points, labels, half=Fraction(1)),
                    "dropped-half",
                    "The quadratic term has the factor ½.",
                ),
            ]
        elif ask == "w-from-alpha":
            kind = "matrix"
            right = [
                sum((alpha[i] * labels[i] * points[i][k] for i in range(n)), Fraction(0))
                for k in range(2)
            ]
            q_tex = r"Find $w = \sum_i \alpha_i y_i x_i$ as a vector."
            q_text = "Find w = Σ αᵢ yᵢ xᵢ as a vector."
            terms = " + ".join(
                f"{_tex(alpha[i] * labels[i])}{_tuple_tex(points[i])}" for i in range(n) if alpha[i]
            )
            steps = [f"$w = {terms} = {_tuple_tex(right)}$."]
            wrong = [
                (
                    [
                        sum((alpha[i] * points[i][k] for i in range(n)), Fraction(0))
                        for k in range(2)
                    ],
                    "dropped-labels",
                    "Each point enters with its label: w = Σ αᵢ yᵢ xᵢ, so negative points are "
                    "subtracted.",
                )
            ]
        else:  # feasible
            kind = "boolean"
            c = Fraction(_int(rng, 1, 3))
            variant = _pick(rng, ["feasible", "balance", "above-c", "negative"])
            shown = list(alpha)
            if variant == "balance":
                shown[0] += Fraction(1, 2)
            elif variant == "above-c":
                i = next(i for i in range(n) if labels[i] == 1)
                j = next(j for j in range(n) if labels[j] == -1)
                shown[i] += c
                shown[j] += c
            elif variant == "negative":
                # two points of one class: moving ½ + αᵢ from one to the other keeps the
                # balance and leaves a single negative entry
                y = 1 if labels.count(1) >= 2 else -1
                i, k = [i for i in range(n) if labels[i] == y][:2]
                moved = shown[i] + Fraction(1, 2)
                shown[i] -= moved
                shown[k] += moved
            ok_balance = sum(a * y for a, y in zip(shown, labels, strict=True)) == 0
            ok_box = all(0 <= a <= c for a in shown)
            right = "true" if ok_balance and ok_box else "false"
            data |= {"alpha": _json_vec(shown), "C": _json_number(c)}
            intro_tex = (
                f"The data set {_points_tex(points, labels)} and dual variables "
                f"$\\alpha = {_tuple_tex(shown)}$. "
            )
            intro_text = (
                f"The data set\n{_points_text(points, labels)}\nand dual variables "
                f"α = {_tuple_text(shown)}. "
            )
            q_tex = (
                f"Is $\\alpha$ feasible for the soft-margin dual with $C = {_tex(c)}$, i.e. "
                r"$\sum_i \alpha_i y_i = 0$ and $0 \le \alpha_i \le C$?"
            )
            q_text = (
                f"Is α feasible for the soft-margin dual with C = {_num(c)}, i.e. "
                "Σ αᵢ yᵢ = 0 and 0 ≤ αᵢ ≤ C?"
            )
            balance = sum(a * y for a, y in zip(shown, labels, strict=True))
            steps = [
                f"$\\sum_i \\alpha_i y_i = {_tex(balance)}$"
                + (" (good)" if ok_balance else r" $\ne 0$")
                + "; the box $0 \\le \\alpha_i \\le "
                + f"{_tex(c)}$ "
                + ("holds." if ok_box else "fails."),
                f"So the answer is {right}.",
            ]
        if kind == "boolean":
            misconceptions, expected = [], right
        else:
            misconceptions, expected = _catalogue(right, wrong), _answer_text(right)
        return Draft(
            prompt=intro_tex + q_tex,
            text=intro_text + q_text,
            kind=kind,
            expected=expected,
            data=data,
            hints=[
                r"Work with $v = \sum_i \alpha_i y_i x_i$: the double sum of the dual is "
                r"$\|v\|^2$.",
            ],
            solution="\n\n".join(steps),
            misconceptions=misconceptions,
        )

    def _alpha(self, rng: np.random.Generator, labels: Sequence[int]) -> list[Fraction]:
        """Nonnegative α with Σ αᵢ yᵢ = 0 (halves), not all zero."""
        while True:
            alpha = [Fraction(_int(rng, 0, 4), 2) for _ in labels]
            balance = sum(a * y for a, y in zip(alpha, labels, strict=True))
            # put the imbalance on one point of the class that is short
            fix = next(i for i, y in enumerate(labels) if y * balance < 0 or balance == 0)
            alpha[fix] += abs(balance)
            if sum(a * y for a, y in zip(alpha, labels, strict=True)) == 0 and any(alpha):
                return alpha

    def _solve(self, rng: np.random.Generator, difficulty: int, ask: str) -> Draft:
        while True:
            x_pos = [_int(rng, -3, 3), _int(rng, -3, 3)]
            x_neg = [_int(rng, -3, 3), _int(rng, -3, 3)]
            if x_pos != x_neg:
                break
        d = [Fraction(p - q) for p, q in zip(x_pos, x_neg, strict=True)]
        dd = _dot(d, d)
        alpha_sv = 2 / dd
        w = [alpha_sv * v for v in d]
        b = -_dot(w, [Fraction(p + q, 2) for p, q in zip(x_pos, x_neg, strict=True)])
        points, labels = [x_pos, x_neg], [1, -1]
        if difficulty == 3:
            extra = _int(rng, 1, 2)
            tries = 0
            while len(points) < 2 + extra and tries < 500:
                tries += 1
                p = [_int(rng, -4, 4), _int(rng, -4, 4)]
                s = _score(w, b, p)
                if p not in points and abs(s) >= Fraction(3, 2):
                    points.append(p)
                    labels.append(1 if s > 0 else -1)
        order = [int(i) for i in rng.permutation(len(points))]
        points = [points[i] for i in order]
        labels = [labels[i] for i in order]
        alpha = [alpha_sv if order[k] < 2 else Fraction(0) for k in range(len(points))]
        i_pos, i_neg = order.index(0), order.index(1)
        n = len(points)
        data = {"points": points, "labels": labels, "ask": ask}
        intro_tex = (
            f"The hard-margin SVM on the data set {_points_tex(points, labels)}: maximise "
            r"$W(\alpha) = \sum_i \alpha_i - \tfrac12 \sum_{i,j} \alpha_i \alpha_j y_i y_j "
            r"x_i^T x_j$ subject to $\alpha_i \ge 0$, $\sum_i \alpha_i y_i = 0$; then "
            r"$w = \sum_i \alpha_i y_i x_i$. "
        )
        intro_text = (
            f"The hard-margin SVM on the data set\n{_points_text(points, labels)}\nMaximise "
            "W(α) = Σ αᵢ − ½ Σᵢⱼ αᵢ αⱼ yᵢ yⱼ xᵢᵀxⱼ subject to αᵢ ≥ 0, Σ αᵢ yᵢ = 0; then "
            "w = Σ αᵢ yᵢ xᵢ. "
        )
        kind = "number"
        wrong: list[tuple[Any, str, str]] = []
        if ask == "solve-alpha" and n == 2:
            right: Any = alpha_sv
            q_tex, q_text = (
                r"Find the optimal $\alpha_1$ ($= \alpha_2$).",
                "Find the optimal α₁ (= α₂).",
            )
            wrong = [
                (
                    alpha_sv / 2,
                    "dropped-factor-two",
                    "With α₁ = α₂ = a, W = 2a − ½a²‖x₁ − x₂‖²; its maximiser is a = 2/‖x₁ − x₂‖².",
                )
            ]
            expected = _num(right)
        elif ask == "solve-alpha":
            kind = "sequence"
            right = alpha
            q_tex = r"Find the optimal $\alpha_1, \dots, \alpha_" + f"{n}$ in order."
            q_text = f"Find the optimal α₁, …, α{_subscript(n)} in order."
            expected = ", ".join(_num(a) for a in alpha)
        elif ask == "solve-w":
            kind = "matrix"
            right = w
            q_tex, q_text = r"Find the optimal $w$ as a vector.", "Find the optimal w as a vector."
            wrong = [
                (
                    d,
                    "unscaled-direction",
                    "w points along x₊ − x₋, but its length is fixed by the margin: "
                    "w = 2(x₊ − x₋)/‖x₊ − x₋‖².",
                )
            ]
            expected = _answer_text(right)
        else:
            right = b
            q_tex, q_text = r"Find the optimal offset $b$.", "Find the optimal offset b."
            wrong = [
                (
                    1 - _dot(w, x_neg),
                    "wrong-label",
                    "b comes from yₛ(wᵀxₛ + b) = 1 with the support vector's own label: for the "
                    "negative one, wᵀxₛ + b = −1.",
                )
            ]
            expected = _num(right)
        steps = [
            f"The closest opposite pair is $x_{i_pos + 1}$ and $x_{i_neg + 1}$; their "
            f"difference is ${_tuple_tex(d)}$ with squared length ${_tex(dd)}$.",
            f"With only those two active, $\\alpha_{i_pos + 1} = \\alpha_{i_neg + 1} = a$ and "
            f"$W = 2a - \\tfrac12 a^2 \\cdot {_tex(dd)}$, maximised at $a = {_tex(alpha_sv)}$.",
            f"$w = a(x_{i_pos + 1} - x_{i_neg + 1}) = {_tuple_tex(w)}$ and from "
            f"$w^T x_{i_pos + 1} + b = 1$: $b = {_tex(b)}$.",
        ]
        if n > 2:
            others = ", ".join(
                f"$y_{k + 1}(w^T x_{k + 1} + b) = {_tex(labels[k] * _score(w, b, points[k]))}$"
                for k in range(n)
                if k not in (i_pos, i_neg)
            )
            steps.append(
                f"The other points lie beyond the margin ({others} > 1), so their "
                r"$\alpha$ is 0 and the KKT conditions hold."
            )
        return Draft(
            prompt=intro_tex + q_tex,
            text=intro_text + q_text,
            kind=kind,
            expected=expected,
            data=data,
            hints=[
                "Only points on the margin get αᵢ > 0; here one positive and one negative "
                "point decide it.",
                "With two support vectors, Σ αᵢ yᵢ = 0 makes their α equal; maximise W in that "
                "single value.",
            ],
            solution="\n\n".join(steps),
            misconceptions=_catalogue(right, wrong) if kind != "sequence" else [],
        )
