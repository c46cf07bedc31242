"""linalg.determinant: determinants of integer matrices, 2×2 and 3×3, then 4×4 (or a
scaled 3×3) with a structure to exploit."""

from __future__ import annotations

from math import prod
from typing import TYPE_CHECKING, Any

from dlmath.exercises.base import Draft, Generator, Misconception
from dlmath.exercises.kit import (
    IntMatrix,
    determinant,
    expansion_lines,
    expansion_row,
    integer_matrix,
    is_triangular,
    latex_factor,
    minor,
    nonzero_int,
    pick,
)
from dlmath.exercises.layout import named_grids
from dlmath.exercises.registry import register
from dlmath.expr.literals import latex_matrix, latex_number

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np


#: The structured 4×4 (or scaled 3×3) matrices of difficulty 3.
DETERMINANT_STRUCTURES = ("triangular", "row-swap", "block", "scaled", "sparse")


def _triangular(rng: np.random.Generator, n: int, upper: bool, zero_diagonal: bool) -> IntMatrix:
    a = integer_matrix(rng, n, n, -5, 5)
    for i in range(n):
        for j in range(n):
            if (j < i) if upper else (j > i):
                a[i][j] = 0
        a[i][i] = int(rng.integers(-3, 4)) if zero_diagonal else nonzero_int(rng, -3, 3)
    return a


def _swap_fixes(a: IntMatrix, i: int, j: int) -> bool:
    """Swapping rows i and j makes A triangular."""
    fixed = [row[:] for row in a]
    fixed[i], fixed[j] = fixed[j], fixed[i]
    return is_triangular(fixed)


@register
class Determinant(Generator):
    """Determinants of integer matrices: 2×2, 3×3, then 4×4 with structure to exploit."""

    skill = "linalg.determinant"
    version = 1

    def generate(self, rng: np.random.Generator, difficulty: int) -> Draft:
        scale = 1
        if difficulty == 1:
            structure, a = "general", integer_matrix(rng, 2, 2, -5, 5)
        elif difficulty == 2:
            structure, a = "general", integer_matrix(rng, 3, 3, -3, 3)
        else:
            structure = pick(rng, DETERMINANT_STRUCTURES)
            a, scale = self._structured(rng, structure)
        n = len(a)
        value = scale**n * determinant(a)
        expected = str(value)
        asked = f"\\det({scale}A)" if scale != 1 else "\\det A"
        asked_text = f"det({scale}A)" if scale != 1 else "det A"
        data: dict[str, Any] = {"A": a, "structure": structure}
        if scale != 1:
            data["scale"] = scale
        hints = self._hints(structure, n)
        return Draft(
            prompt=f"Compute ${asked}$ for $A = {latex_matrix(a)}$.",
            text=f"Compute {asked_text}.\n\n{named_grids([('A', a)])}\n\nAnswer with a number.",
            kind="number",
            expected=expected,
            data=data,
            hints=hints,
            solution=self._solution(a, structure, scale),
            misconceptions=self._misconceptions(a, structure, scale),
        )

    @staticmethod
    def _structured(rng: np.random.Generator, structure: str) -> tuple[IntMatrix, int]:
        upper = bool(rng.integers(2))
        if structure == "triangular":
            return _triangular(rng, 4, upper, zero_diagonal=False), 1
        if structure == "row-swap":
            a = _triangular(rng, 4, upper, zero_diagonal=False)
            i, j = sorted(int(v) for v in rng.choice(4, size=2, replace=False))
            a[i], a[j] = a[j], a[i]
            return a, 1
        if structure == "block":
            p, q, r = (integer_matrix(rng, 2, 2, -4, 4) for _ in range(3))
            zero = [[0, 0], [0, 0]]
            top, bottom = (p, q), (zero, r)
            if not upper:
                top, bottom = (p, zero), (q, r)
            return [x + y for x, y in zip(*top, strict=True)] + [
                x + y for x, y in zip(*bottom, strict=True)
            ], 1
        if structure == "scaled":
            scales = (2, 3, -2)
            while True:
                a = integer_matrix(rng, 3, 3, -3, 3)
                if determinant(a) != 0:
                    return a, pick(rng, scales)
        # sparse: a 4×4 with many zeros, to be expanded along its emptiest row
        a = integer_matrix(rng, 4, 4, -3, 3)
        mask = rng.random((4, 4)) < 0.45
        return [[0 if mask[i][j] else a[i][j] for j in range(4)] for i in range(4)], 1

    @staticmethod
    def _hints(structure: str, n: int) -> list[str]:
        if n == 2:
            return ["For a 2×2 matrix [[a, b], [c, d]], det = a d − b c."]
        return {
            "general": [
                "Expand along a row: det A = Σ_j (−1)^(i+j) a_ij M_ij, where M_ij is the "
                "determinant of A without row i and column j.",
                "The signs alternate + − + along the first row.",
            ],
            "sparse": [
                "Expand along the row (or column) with the most zeros.",
                "The cofactor signs follow a checkerboard: (−1)^(i+j).",
            ],
            "triangular": [
                "The determinant of a triangular matrix is the product of its diagonal."
            ],
            "row-swap": [
                "Two rows of a triangular matrix have been swapped.",
                "Swapping two rows changes the sign of the determinant.",
            ],
            "block": [
                "A is block triangular, with 2×2 blocks.",
                "det [[P, Q], [0, R]] = det P · det R.",
            ],
            "scaled": [
                "Multiplying an n×n matrix by c multiplies each of its n rows by c.",
                "det(cA) = cⁿ det A.",
            ],
        }[structure]

    @staticmethod
    def _solution(a: IntMatrix, structure: str, scale: int) -> str:
        n = len(a)
        if n == 2:
            (p, q), (r, s) = a
            return (
                f"$\\det A = ad - bc = {latex_factor(p)} \\cdot {latex_factor(s)} - "
                f"{latex_factor(q)} \\cdot {latex_factor(r)} = {latex_number(p * s)} - "
                f"{latex_factor(q * r)} = {determinant(a)}$"
            )
        diagonal = [a[i][i] for i in range(n)]
        if structure == "triangular":
            product = " \\cdot ".join(latex_factor(v) for v in diagonal)
            return (
                "$A$ is triangular, so its determinant is the product of its diagonal: "
                f"$\\det A = {product} = {prod(diagonal)}$."
            )
        if structure == "row-swap":
            i, j = next((i, j) for i in range(n) for j in range(i + 1, n) if _swap_fixes(a, i, j))
            fixed = [row[:] for row in a]
            fixed[i], fixed[j] = fixed[j], fixed[i]
            fixed_diagonal = [fixed[k][k] for k in range(n)]
            product = " \\cdot ".join(latex_factor(v) for v in fixed_diagonal)
            return (
                f"Swapping rows {i + 1} and {j + 1} gives the triangular matrix "
                f"${latex_matrix(fixed)}$, whose determinant is the product of its diagonal, "
                f"${product} = {prod(fixed_diagonal)}$. One row swap changes the sign: "
                f"$\\det A = {-prod(fixed_diagonal)}$."
            )
        if structure == "block":
            p = [row[:2] for row in a[:2]]
            r = [row[2:] for row in a[2:]]
            return (
                "$A$ is block triangular with diagonal blocks "
                f"$P = {latex_matrix(p)}$ and $R = {latex_matrix(r)}$, so "
                f"$\\det A = \\det P \\cdot \\det R = {latex_factor(determinant(p))} \\cdot "
                f"{latex_factor(determinant(r))} = {determinant(a)}$."
            )
        lines = expansion_lines(a)
        if structure == "scaled":
            lines += [
                "",
                f"Every one of the {n} rows of ${scale}A$ is scaled by ${scale}$, so "
                f"$\\det({scale}A) = {latex_factor(scale)}^{n} \\det A = {scale**n} \\cdot "
                f"{latex_factor(determinant(a))} = {scale**n * determinant(a)}$.",
            ]
        return "\n".join(lines)

    @staticmethod
    def _misconceptions(a: IntMatrix, structure: str, scale: int) -> list[Misconception]:
        n = len(a)
        found = []
        diagonal = prod(a[i][i] for i in range(n))
        if n == 2:
            (p, q), (r, s) = a
            found.append(
                Misconception(
                    "misconception:plus-instead-of-minus",
                    str(p * s + q * r),
                    "For a 2×2 matrix the determinant is a d − b c: subtract the product of "
                    "the other diagonal.",
                )
            )
        if structure == "scaled":
            found.append(
                Misconception(
                    "misconception:scalar-not-powered",
                    str(scale * determinant(a)),
                    f"det(cA) = cⁿ det A: each of the {n} rows is multiplied by c, so the "
                    f"factor is {scale}^{n}, not {scale}.",
                )
            )
        if structure == "row-swap":
            found.append(
                Misconception(
                    "misconception:row-swap-sign",
                    str(determinant(a) * -1),
                    "Swapping two rows changes the sign of the determinant; undoing the swap "
                    "to reach the triangular matrix costs a factor of −1.",
                )
            )
        if not is_triangular(a):
            found.append(
                Misconception(
                    "misconception:diagonal-product",
                    str(scale**n * diagonal),
                    "The product of the diagonal is the determinant only of a triangular (or "
                    "diagonal) matrix; this one has nonzero entries on both sides of the "
                    "diagonal.",
                )
            )
        if n >= 3 and structure in ("general", "sparse", "scaled"):
            i = expansion_row(a)
            unsigned = sum(a[i][j] * determinant(minor(a, i, j)) for j in range(n))
            found.append(
                Misconception(
                    "misconception:cofactor-sign",
                    str(scale**n * unsigned),
                    "In a cofactor expansion the terms carry the checkerboard signs "
                    "(−1)^(i+j): + − + along the first row.",
                )
            )
            anti = prod(a[k][n - 1 - k] for k in range(n))
            found.append(
                Misconception(
                    "misconception:two-by-two-rule",
                    str(scale**n * (diagonal - anti)),
                    "The rule 'diagonal minus anti-diagonal' works only for 2×2 matrices; "
                    "for larger ones expand along a row.",
                )
            )
        return found
