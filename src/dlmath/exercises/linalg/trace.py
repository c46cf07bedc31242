"""linalg.trace: traces of products, tr(AᵀB) as a sum of elementwise products, and the
cyclic property."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from dlmath.exercises.base import Draft, Generator, Misconception
from dlmath.exercises.kit import (
    IntMatrix,
    elementwise,
    integer_matrix,
    latex_named,
    mat_mul,
    product_entry_line,
    shape_of,
    signed_sum,
    transpose,
)
from dlmath.exercises.layout import named_grids
from dlmath.exercises.registry import register
from dlmath.expr.literals import latex_matrix

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np


FACTOR_NAMES = "ABCD"


def _trace(a: Sequence[Sequence[Any]]) -> Any:
    return sum(a[i][i] for i in range(len(a)))


@register
class Trace(Generator):
    """Traces of products: tr(AB), tr(AᵀB) as a sum of elementwise products, the cyclic
    property."""

    skill = "linalg.trace"
    version = 1

    def generate(self, rng: np.random.Generator, difficulty: int) -> Draft:
        if difficulty == 1:
            n = int(rng.integers(2, 4))
            a, b = integer_matrix(rng, n, n, -5, 5), integer_matrix(rng, n, n, -5, 5)
            return self._product(a, b, transposed=False)
        if difficulty == 2:
            m, n = int(rng.integers(2, 4)), int(rng.integers(2, 5))
            if rng.random() < 0.5:
                a, b = integer_matrix(rng, m, n, -4, 4), integer_matrix(rng, m, n, -4, 4)
                return self._product(a, b, transposed=True)
            if m == n:
                n += 1
            a, b = integer_matrix(rng, m, n, -4, 4), integer_matrix(rng, n, m, -4, 4)
            return self._product(a, b, transposed=False)
        if rng.random() < 0.5:
            return self._cyclic(rng)
        return self._quadratic(integer_matrix(rng, 3, 3, -3, 3), integer_matrix(rng, 3, 1, -3, 3))

    @staticmethod
    def _product(a: IntMatrix, b: IntMatrix, transposed: bool) -> Draft:
        left = transpose(a) if transposed else a
        terms = [
            (left[i][k], b[k][i]) for i in range(len(left)) for k in range(len(b))
        ]  # tr(LB) = Σ_i Σ_k L_ik B_ki
        value = sum(x * y for x, y in terms)
        asked = "\\operatorname{tr}(A^{\\top}B)" if transposed else "\\operatorname{tr}(AB)"
        asked_text = "tr(Aᵀ B)" if transposed else "tr(A B)"
        (m, n) = shape_of(a)
        hints = (
            [
                "tr(Aᵀ B) = Σᵢⱼ aᵢⱼ bᵢⱼ: multiply matching entries and add them all.",
                "You do not need the whole product Aᵀ B, only its diagonal.",
            ]
            if transposed
            else [
                "The trace is the sum of the diagonal entries; you only need the diagonal of A B.",
                "(A B)ᵢᵢ = row i of A times column i of B.",
            ]
        )
        if transposed:
            explanation = (
                "$\\operatorname{tr}(A^{\\top}B) = \\sum_{i,j} a_{ij} b_{ij}$, the sum "
                "of the products of matching entries:"
            )
            products = [v for row in elementwise(a, b) for v in row]
            solution = f"{explanation}\n\n${signed_sum(products)} = {value}$"
        else:
            lines = [
                "Only the diagonal of $AB$ is needed; entry $(AB)_{ii}$ is row $i$ of $A$ "
                "times column $i$ of $B$:",
                "",
            ]
            lines += [product_entry_line(a, b, i, i) for i in range(len(a))]
            diagonal = [row[i] for i, row in enumerate(mat_mul(a, b))]
            lines += ["", f"$\\operatorname{{tr}}(AB) = {signed_sum(diagonal)} = {value}$"]
            solution = "\n".join(lines)
        found = [
            Misconception(
                "misconception:diagonal-only",
                str(sum(a[i][i] * b[i][i] for i in range(min(m, n)))),
                "Each diagonal entry of the product is a whole row times a whole column, "
                "not just the product of two diagonal entries.",
            )
        ]
        if not transposed and m == n:
            found.append(
                Misconception(
                    "misconception:trace-of-product-as-product",
                    str(_trace(a) * _trace(b)),
                    "tr(A B) is not tr(A)·tr(B); the trace is additive, not multiplicative.",
                )
            )
            found.append(
                Misconception(
                    "misconception:elementwise-sum",
                    str(sum(v for row in elementwise(a, b) for v in row)),
                    "Summing the products of matching entries gives tr(Aᵀ B), not tr(A B): in "
                    "A B row i of A meets column i of B.",
                )
            )
        return Draft(
            prompt=f"Compute ${asked}$ for {latex_named([('A', a), ('B', b)])}.",
            text=(
                f"Compute {asked_text}.\n\n{named_grids([('A', a), ('B', b)])}\n\n"
                "Answer with a number."
            ),
            kind="number",
            expected=str(value),
            data={"mode": "transpose-product" if transposed else "product", "A": a, "B": b},
            hints=hints,
            solution=solution,
            misconceptions=found,
        )

    @staticmethod
    def _quadratic(a: IntMatrix, x: IntMatrix) -> Draft:
        xs = [row[0] for row in x]
        ax = mat_mul(a, x)
        value = sum(xi * row[0] for xi, row in zip(xs, ax, strict=True))
        found = [
            Misconception(
                "misconception:trace-of-product-as-product",
                str(_trace(a) * sum(v * v for v in xs)),
                "tr(A x xᵀ) is not tr(A)·tr(x xᵀ); move xᵀ to the front instead: "
                "tr(A x xᵀ) = xᵀ A x.",
            ),
            Misconception(
                "misconception:diagonal-only",
                str(sum(a[i][i] * xs[i] ** 2 for i in range(len(xs)))),
                "xᵀ A x = Σᵢⱼ aᵢⱼ xᵢ xⱼ includes the cross terms i ≠ j, not only aᵢᵢ xᵢ².",
            ),
        ]
        solution = (
            "By the cyclic property, $\\operatorname{tr}(A x x^{\\top}) = "
            "\\operatorname{tr}(x^{\\top} A x) = x^{\\top} A x$, a scalar.\n\n"
            f"$A x = {latex_matrix(ax)}$, so $x^{{\\top}} A x = "
            + signed_sum([xi * row[0] for xi, row in zip(xs, ax, strict=True)])
            + f" = {value}$."
        )
        return Draft(
            prompt=(
                "Compute $\\operatorname{tr}(A x x^{\\top})$ for "
                f"{latex_named([('A', a), ('x', x)])}."
            ),
            text=(
                f"Compute tr(A x xᵀ).\n\n{named_grids([('A', a), ('x', x)])}\n\n"
                "Answer with a number."
            ),
            kind="number",
            expected=str(value),
            data={"mode": "quadratic", "A": a, "x": xs},
            hints=[
                "The trace is cyclic: tr(X Y Z) = tr(Z X Y).",
                "tr(A x xᵀ) = tr(xᵀ A x), and xᵀ A x is already a number.",
            ],
            solution=solution,
            misconceptions=found,
        )

    @staticmethod
    def _cyclic(rng: np.random.Generator) -> Draft:
        k = int(rng.integers(3, 5))
        transposed = [bool(rng.random() < 0.3) for _ in range(k)]
        factors = [FACTOR_NAMES[i] + ("^T" if t else "") for i, t in enumerate(transposed)]
        start = int(rng.integers(1, k))
        lead, rest = factors[start], factors[start + 1 :] + factors[:start]
        expected = " ".join(rest)
        wrong = " ".join(reversed(rest))

        def latex(factor: str) -> str:
            return factor.replace("^T", "^{\\top}")

        product = "".join(latex(f) for f in factors)
        names = FACTOR_NAMES[:k]
        return Draft(
            prompt=(
                f"The matrices ${', '.join(names)}$ are $n \\times n$. Find the matrix $X$ with "
                f"$\\operatorname{{tr}}({product}) = \\operatorname{{tr}}({latex(lead)} X)$ for "
                "all such matrices."
            ),
            text=(
                f"The matrices {', '.join(names)} are n×n. Find the matrix X with\n\n"
                f"    tr({' '.join(factors)}) = tr({lead} X)\n\nfor all such matrices. "
                "Answer with a matrix expression."
            ),
            kind="expression",
            expected=expected,
            data={"mode": "cyclic", "factors": factors, "lead": lead},
            hints=[
                "The trace is invariant under cyclic shifts: tr(X Y Z) = tr(Z X Y) = tr(Y Z X).",
                f"Rotate the product until {lead} is in front; keep the cyclic order of the rest.",
            ],
            solution=(
                f"Moving factors from the front to the back keeps the trace: "
                f"$\\operatorname{{tr}}({product}) = "
                f"\\operatorname{{tr}}({latex(lead)}{''.join(latex(f) for f in rest)})$, "
                f"so $X = {''.join(latex(f) for f in rest)}$. (Reversing the order is not "
                "allowed: the trace is cyclic, not symmetric under reversal.)"
            ),
            misconceptions=[
                Misconception(
                    "misconception:reversal-not-cyclic",
                    wrong,
                    "The trace allows cyclic shifts (move a factor from one end to the "
                    "other), not reversing the order of the factors.",
                )
            ],
            shapes={name: "nxn" for name in names},
        )
