"""Pieces of worked solutions and prompts several skills share: named matrices, shapes,
columns and augmented matrices in LaTeX, an entry of a product, a cofactor expansion, a
row reduction, a linear combination, a polynomial.

Values are ints or Fractions; a cell may also be a symbol such as ``k`` or ``3 - 2t``.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import Any

from dlmath.exercises.kit.matrices import RowReduction, determinant, minor
from dlmath.exercises.kit.values import latex_factor, signed_sum
from dlmath.expr.literals import format_number, latex_matrix, latex_number

Cell = Fraction | int | str

# -- numbers, shapes and matrices ---------------------------------------------------------


def latex_named(named: Sequence[tuple[str, Sequence[Sequence[Any]]]]) -> str:
    """``$A = \\begin{bmatrix}..\\end{bmatrix}$, $B = ...$`` for a Markdown prompt."""
    return ", ".join(f"${name} = {latex_matrix(rows)}$" for name, rows in named)


def latex_shape(rows: int, cols: int) -> str:
    return f"{rows} \\times {cols}"


def latex_cell(v: Cell) -> str:
    return v if isinstance(v, str) else latex_number(v)


def latex_column(values: Sequence[Cell]) -> str:
    """A column vector in LaTeX; its cells may be symbols."""
    return r"\begin{bmatrix} " + r" \\ ".join(latex_cell(v) for v in values) + r" \end{bmatrix}"


def latex_augmented(a: Sequence[Sequence[Cell]], coefficient_cols: int) -> str:
    """``[A | b]`` with a bar after the first ``coefficient_cols`` columns."""
    spec = "c" * coefficient_cols + "|" + "c" * (len(a[0]) - coefficient_cols)
    body = r" \\ ".join(" & ".join(latex_cell(v) for v in row) for row in a)
    return r"\left[\begin{array}{" + spec + "} " + body + r" \end{array}\right]"


def product_entry_line(
    a: Sequence[Sequence[Any]], b: Sequence[Sequence[Any]], i: int, j: int
) -> str:
    """The Markdown line computing entry (i, j) of A B as row i of A times column j of B."""
    row, col = a[i], [r[j] for r in b]
    terms = " + ".join(
        f"{latex_factor(x)} \\cdot {latex_factor(y)}" for x, y in zip(row, col, strict=True)
    )
    value = sum(x * y for x, y in zip(row, col, strict=True))
    products = signed_sum([x * y for x, y in zip(row, col, strict=True)])
    steps = f"{terms} = {products} = {value}" if len(row) > 1 else f"{terms} = {value}"
    name = f"c_{{{i + 1}{j + 1}}}"
    factors = f"\\text{{row}}_{i + 1}(A) \\cdot \\text{{col}}_{j + 1}(B)"
    return f"- ${name} = {factors} = {steps}$"


def expansion_row(a: Sequence[Sequence[Any]]) -> int:
    """The row with the most zeros: the cheapest one to expand along."""
    return max(range(len(a)), key=lambda i: (sum(v == 0 for v in a[i]), -i))


def expansion_lines(a: Sequence[Sequence[Any]]) -> list[str]:
    """Cofactor expansion of det A along the row with most zeros, each minor stated."""
    i = expansion_row(a)
    n = len(a)
    lines = [f"Expand along row {i + 1} (it has the most zeros), with signs $(-1)^{{i+j}}$:", ""]
    terms = []
    for j in range(n):
        sign = "+" if (i + j) % 2 == 0 else "-"
        if a[i][j] == 0:
            lines.append(f"- $a_{{{i + 1}{j + 1}}} = 0$: no contribution")
            continue
        m = determinant(minor(a, i, j))
        lines.append(
            f"- ${sign}\\,a_{{{i + 1}{j + 1}}} M_{{{i + 1}{j + 1}}} = "
            f"{sign}\\,{latex_factor(a[i][j])} \\cdot \\det {latex_matrix(minor(a, i, j))} = "
            f"{sign}\\,{latex_factor(a[i][j])} \\cdot {latex_factor(m)} = "
            f"{latex_number((-1) ** (i + j) * a[i][j] * m)}$"
        )
        terms.append((-1) ** (i + j) * a[i][j] * m)
    total = f"{signed_sum(terms)} = " if len(terms) > 1 else ""
    lines += ["", f"$\\det A = {total}{determinant(a)}$"]
    return lines


def reduction_markdown(red: RowReduction, coefficient_cols: int | None = None) -> list[str]:
    """One display line per step of a row reduction: the operations, then the matrix
    (augmented after ``coefficient_cols`` columns when given)."""
    lines = []
    for ops, m in red.steps:
        shown = (
            latex_matrix(m) if coefficient_cols is None else latex_augmented(m, coefficient_cols)
        )
        lines.append(f"$${ops}: \\quad {shown}$$")
    return lines


def linear_form(coeffs: Sequence[Cell], names: Sequence[str]) -> str:
    """``2x - y + kz``: a linear combination written as a person would."""
    out = ""
    for c, name in zip(coeffs, names, strict=True):
        if isinstance(c, str):
            out += (" + " if out else "") + f"{c}{name}"
            continue
        c = Fraction(c)
        if c == 0:
            continue
        mag = abs(c)
        body = name if mag == 1 else f"{format_number(mag)}{name}"
        if not out:
            out = ("-" if c < 0 else "") + body
        else:
            out += (" - " if c < 0 else " + ") + body
    return out or "0"


def polynomial_latex(coeffs: Sequence[Fraction], var: str = "\\lambda") -> str:
    """``\\lambda^2 - 5\\lambda + 6`` from coefficients, highest power first."""
    n = len(coeffs) - 1
    out = ""
    for i, c in enumerate(coeffs):
        power = n - i
        if c == 0:
            continue
        mono = "" if power == 0 else (var if power == 1 else f"{var}^{power}")
        mag = abs(c)
        body = latex_number(mag) if (mag != 1 or power == 0) else ""
        term = body + mono
        if not out:
            out = ("-" if c < 0 else "") + term
        else:
            out += (" - " if c < 0 else " + ") + term
    return out or "0"


def factored_latex(roots: Sequence[int]) -> str:
    """``(\\lambda + 1)(\\lambda - 3)``: the monic polynomial with these roots, factored."""
    parts = []
    for r in sorted(roots):
        parts.append("\\lambda" if r == 0 else f"(\\lambda {'-' if r > 0 else '+'} {abs(r)})")
    return "".join(parts)
