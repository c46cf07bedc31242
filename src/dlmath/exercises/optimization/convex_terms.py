"""Pieces the convexity generators share: drawing numbers, function trees, writing sums
and polynomials as text and LaTeX, and classifying small symmetric matrices exactly.

A function is stored in an exercise's ``data`` as a tree of nested lists (the format is
described at the top of ``convexity.toml``), so a test can rebuild it independently.
"""

from __future__ import annotations

import functools
import tomllib
from collections.abc import Sequence
from fractions import Fraction
from importlib import resources
from typing import TYPE_CHECKING, Any

from dlmath.exercises.kit import FractionMatrix, determinant, json_value, tex_number, text_number

if TYPE_CHECKING:  # pragma: no cover
    pass

Tree = list[Any]

CURVATURES = ["convex", "concave", "both (affine)", "neither"]


@functools.cache
def catalogue() -> dict[str, Any]:
    package = resources.files("dlmath.exercises.optimization")
    return tomllib.loads(package.joinpath("convexity.toml").read_text(encoding="utf-8"))


# ---- drawing -----------------------------------------------------------------------------


# ---- numbers ------------------------------------------------------------------------------


# ---- trees --------------------------------------------------------------------------------


def var(i: int = 0) -> Tree:
    return ["var", i]


def affine_tree(a: Fraction | int, b: Fraction | int, i: int = 0) -> Tree | int | str:
    """The tree of a x_i + b, without a factor 1 or a term 0."""
    x: Tree | int | str = var(i) if a == 1 else ["mul", json_value(a), var(i)]
    return x if b == 0 else ["add", x, json_value(b)]


def substitute(tree: Any, u: Any) -> Any:
    """The atom tree with its argument ``["u"]`` replaced by ``u``."""
    if tree == ["u"]:
        return u
    if isinstance(tree, list):
        return [tree[0], *(substitute(arg, u) for arg in tree[1:])]
    return tree


def scaled(c: Fraction | int, tree: Any) -> Any:
    return tree if c == 1 else ["mul", json_value(c), tree]


def poly_tree(coeffs: dict[tuple[int, ...], Fraction]) -> Tree:
    """A polynomial {exponents: coefficient} as a sum of monomial trees."""
    terms: list[Any] = []
    for powers, c in sorted(coeffs.items(), reverse=True):
        if c == 0:
            continue
        factors: list[Any] = [json_value(c)]
        for i, k in enumerate(powers):
            if k == 1:
                factors.append(var(i))
            elif k > 1:
                factors.append(["pow", var(i), k])
        terms.append(factors[0] if len(factors) == 1 else ["mul", *factors])
    return ["add", *terms] if terms else ["add", 0]


# ---- writing sums and polynomials -----------------------------------------------------------


def combo(terms: Sequence[tuple[Fraction | int, str]], latex: bool = False) -> str:
    """``2x² - 3·exp(x) + 1``: a linear combination of bodies ("" is the constant term)."""
    out = ""
    for c, body in terms:
        c = Fraction(c)
        if c == 0:
            continue
        mag = abs(c)
        if not body:
            piece = tex_number(mag) if latex else text_number(mag)
        elif mag == 1:
            piece = body
        elif latex:
            piece = f"{tex_number(mag)} {body}"
        else:
            joint = "·" if body.startswith(FUNCTION_STARTS) else ""
            piece = f"{text_number(mag)}{joint}{body}"
        if not out:
            out = ("-" if c < 0 else "") + piece
        else:
            out += (" - " if c < 0 else " + ") + piece
    return out or "0"


# bodies a coefficient is joined to with "·": 2·exp(x), not 2exp(x)
FUNCTION_STARTS = ("exp", "log", "sin", "max", "min", "sqrt", "√", "|", "1", "2", "3")

SUPERSCRIPTS = {2: "²", 3: "³", 4: "⁴"}


def monomial(powers: Sequence[int], names: Sequence[str], latex: bool) -> str:
    parts = []
    for name, k in zip(names, powers, strict=True):
        if k == 0:
            continue
        if k == 1:
            parts.append(name)
        elif latex:
            parts.append(f"{name}^{k}")
        else:
            parts.append(name + SUPERSCRIPTS.get(k, f"^{k}"))
    return (" " if latex else "").join(parts)


def poly_text(
    coeffs: dict[tuple[int, ...], Fraction], names: Sequence[str], latex: bool = False
) -> str:
    """A polynomial written by total degree, highest first: ``x³ - 3xy + 2y² + 1``."""
    ordered = sorted(coeffs.items(), key=lambda kv: (-sum(kv[0]), [-k for k in kv[0]]))
    return combo([(c, monomial(p, names, latex)) for p, c in ordered], latex)


def names_of(n: int, latex: bool) -> list[str]:
    if latex:
        return [f"x_{i + 1}" for i in range(n)]
    return [f"x{i + 1}" for i in range(n)]


def affine_text(a: Fraction | int, b: Fraction | int, name: str = "x", latex: bool = False) -> str:
    return combo([(a, name), (b, "")], latex)


def parenthesised(text: str, name: str = "x") -> str:
    return text if text == name else f"({text})"


def shift_text(name: str, c: Fraction | int, latex: bool = False) -> str:
    """``x1 - 2``, ``x1 + 3`` or ``x1``: a coordinate minus a centre coordinate."""
    return combo([(1, name), (-Fraction(c), "")], latex)


# ---- symmetric matrices, exactly ----------------------------------------------------------------


def principal_sums(a: FractionMatrix) -> list[Fraction]:
    """c_k = the sum of the k×k principal minors: determinant(λI − A) = Σ (−1)^k c_k λ^(n−k)."""
    from itertools import combinations

    n = len(a)
    return [
        sum(
            (
                determinant([[a[i][j] for j in idx] for i in idx])
                for idx in combinations(range(n), k)
            ),
            Fraction(0),
        )
        for k in range(1, n + 1)
    ]


def psd(a: FractionMatrix) -> bool:
    """Symmetric A is PSD iff every c_k ≥ 0 (all eigenvalues are real, so the signs of the
    characteristic polynomial's coefficients count the negative ones)."""
    return all(c >= 0 for c in principal_sums(a))


def definiteness(a: FractionMatrix) -> str:
    """positive definite / positive semidefinite / negative ... / indefinite / zero."""
    neg = [[-v for v in row] for row in a]
    p, n = psd(a), psd(neg)
    if p and n:
        return "zero"
    singular = determinant(a) == 0
    if p:
        return "positive semidefinite" if singular else "positive definite"
    if n:
        return "negative semidefinite" if singular else "negative definite"
    return "indefinite"


def mat_vec(a: FractionMatrix, x: Sequence[Fraction]) -> list[Fraction]:
    return [sum((v * w for v, w in zip(row, x, strict=True)), Fraction(0)) for row in a]


# ---- misconceptions ---------------------------------------------------------------------------


SET_CHOICES = ["convex", "not convex"]


def point_latex(p) -> str:
    return "(" + ", ".join(tex_number(v) for v in p) + ")"


def quadratic_form_coeffs(a: FractionMatrix) -> dict[tuple[int, ...], Fraction]:
    return {(2, 0): a[0][0], (1, 1): 2 * a[0][1], (0, 2): a[1][1]}


def form_value(a: FractionMatrix, x) -> Fraction:
    return a[0][0] * x[0] ** 2 + 2 * a[0][1] * x[0] * x[1] + a[1][1] * x[1] ** 2
