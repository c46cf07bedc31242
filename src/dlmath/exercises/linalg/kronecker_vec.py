"""linalg.kronecker-vec: the Kronecker product A ⊗ B (the block matrix [aᵢⱼB]) and vec
(the columns stacked), the language of matrix derivatives and of linear layers written as
matrix-vector products.

Difficulty 1: vec of a small matrix, or the Kronecker product of a column and a row.
Difficulty 2: A ⊗ B for 2×2 factors (or a 2×2 and a vector). Difficulty 3: the matrix M
with vec(AXB) = M vec(X), which is Bᵀ ⊗ A, or det(A ⊗ B) = det(A)ⁿ det(B)ᵐ.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from dlmath.exercises.base import Draft, Generator, Misconception
from dlmath.exercises.kit import (
    IntMatrix,
    determinant,
    integer_matrix,
    json_matrix,
    latex_named,
    pick,
    transpose,
)
from dlmath.exercises.registry import register
from dlmath.expr.literals import latex_matrix, matrix_text, vector_text

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np


def _kron(a: IntMatrix, b: IntMatrix) -> IntMatrix:
    """The block matrix whose block (i, j) is a[i][j]·b."""
    p, q = len(b), len(b[0])
    return [
        [a[i // p][j // q] * b[i % p][j % q] for j in range(len(a[0]) * q)]
        for i in range(len(a) * p)
    ]


def _stacked(a: IntMatrix) -> list[int]:
    """The columns of a stacked into one vector."""
    return [x for col in transpose(a) for x in col]


def _interesting(rng: np.random.Generator, rows: int, cols: int, lo: int, hi: int) -> IntMatrix:
    """No zero row or column, and at least two distinct nonzero entries."""
    while True:
        m = integer_matrix(rng, rows, cols, lo, hi)
        nonzero = {x for row in m for x in row if x}
        if all(any(r) for r in m) and all(any(c) for c in transpose(m)) and len(nonzero) > 1:
            return m


@register
class KroneckerVec(Generator):
    """vec, Kronecker products, vec(AXB) = (Bᵀ ⊗ A) vec(X) and det(A ⊗ B)."""

    skill = "linalg.kronecker-vec"
    version = 1

    def generate(self, rng: np.random.Generator, difficulty: int) -> Draft:
        if difficulty == 1:
            if rng.random() < 0.5:
                return self._vectorise(rng)
            columns = rng.random() < 0.5  # two columns or two rows: the order matters
            a = _interesting(rng, 2, 1, -4, 4) if columns else _interesting(rng, 1, 2, -4, 4)
            size = pick(rng, [2, 3])
            b = _interesting(rng, size, 1, -4, 4) if columns else _interesting(rng, 1, size, -4, 4)
            return self._product(a, b)
        if difficulty == 2:
            a = _interesting(rng, 2, 2, -3, 3)
            b = _interesting(rng, *pick(rng, [(2, 2), (2, 2), (2, 1), (1, 2)]), -3, 3)
            return self._product(a, b)
        if rng.random() < 0.5:
            return self._vec_identity(rng)
        return self._determinant(rng)

    def _vectorise(self, rng: np.random.Generator) -> Draft:
        m, n = pick(rng, [(2, 3), (3, 2), (2, 2)])
        a = _interesting(rng, m, n, -6, 6)
        expected = vector_text(_stacked(a))
        wrong = [
            Misconception(
                "misconception:rows-stacked",
                vector_text([x for row in a for x in row]),
                "vec stacks the columns, first column on top; you stacked the rows (that is "
                "vec(Aᵀ)).",
            )
        ]
        return Draft(
            prompt="Find $\\operatorname{vec}(A)$, the vector of the entries of $A$ stacked "
            f"column by column.\n\n$$A = {latex_matrix(a)}$$",
            kind="matrix",
            expected=expected,
            data={"ask": "vec", "A": json_matrix(a)},
            hints=["Read A down its first column, then down its second, …"],
            solution=f"Stack the columns: $\\operatorname{{vec}}(A) = "
            f"{latex_matrix([[x] for x in _stacked(a)])}$.",
            misconceptions=wrong,
        )

    def _product(self, a: IntMatrix, b: IntMatrix) -> Draft:
        result = _kron(a, b)
        expected = matrix_text(result)
        wrong = [
            Misconception(
                "misconception:factors-swapped",
                matrix_text(_kron(b, a)),
                "That is B ⊗ A. In A ⊗ B each entry aᵢⱼ of the left factor scales a whole copy "
                "of B.",
            ),
        ]
        if len(a[0]) == len(b[0]) == 1:
            wrong.append(
                Misconception(
                    "misconception:outer-product",
                    matrix_text([[x[0] * y[0] for y in b] for x in a]),
                    "That is the outer product abᵀ, a matrix. The Kronecker product of two "
                    "columns is one long column: a₁b stacked on a₂b.",
                )
            )
        if len(a) == len(a[0]) > 1:
            wrong.append(
                Misconception(
                    "misconception:blocks-transposed",
                    matrix_text(_kron(transpose(a), b)),
                    "The blocks sit where the entries of A sit: block (i, j) is aᵢⱼB, so the "
                    "block layout follows A, not Aᵀ.",
                )
            )
        p, q = len(b), len(b[0])
        blocks = " \\\\ ".join(
            " & ".join(f"{a[i][j]}B" if a[i][j] != 1 else "B" for j in range(len(a[0])))
            for i in range(len(a))
        )
        shape = f"{len(a) * p} \\times {len(a[0]) * q}"
        return Draft(
            prompt="Find the Kronecker product $A \\otimes B$.\n\n"
            + latex_named([("A", a), ("B", b)]),
            kind="matrix",
            expected=expected,
            data={"ask": "kron", "A": json_matrix(a), "B": json_matrix(b)},
            hints=[
                "A ⊗ B is a block matrix: block (i, j) is aᵢⱼ·B.",
                f"An m×n A and a p×q B give an (mp)×(nq) matrix, here "
                f"{len(a) * p}×{len(a[0]) * q}.",
            ],
            solution="\n\n".join(
                [
                    "Replace each entry $a_{ij}$ of $A$ by the block $a_{ij} B$:",
                    f"$$A \\otimes B = \\begin{{bmatrix}} {blocks} \\end{{bmatrix}} = "
                    f"{latex_matrix(result)}$$",
                    f"The result is ${shape}$.",
                ]
            ),
            misconceptions=wrong,
        )

    def _vec_identity(self, rng: np.random.Generator) -> Draft:
        a = _interesting(rng, 2, 2, -3, 3)
        b = _interesting(rng, 2, 2, -3, 3)
        while b == transpose(b):
            b = _interesting(rng, 2, 2, -3, 3)
        m = _kron(transpose(b), a)
        expected = matrix_text(m)
        wrong = [
            Misconception(
                "misconception:untransposed-b",
                matrix_text(_kron(b, a)),
                "B acts on the rows of X from the right, which transposes it: the columns of "
                "AXB are combinations with the entries of Bᵀ, so M = Bᵀ ⊗ A.",
            ),
            Misconception(
                "misconception:factors-swapped",
                matrix_text(_kron(a, transpose(b))),
                "With vec stacking columns, the left factor A acts inside each column block: "
                "M = Bᵀ ⊗ A, not A ⊗ Bᵀ (that is the row-stacking convention).",
            ),
            Misconception(
                "misconception:plain-kronecker",
                matrix_text(_kron(a, b)),
                "A ⊗ B does not represent X ↦ AXB; column j of AXB is Σₖ bₖⱼ A xₖ, which gives "
                "the blocks bₖⱼA of Bᵀ ⊗ A.",
            ),
        ]
        bt = transpose(b)
        return Draft(
            prompt="$X$ is an unknown $2 \\times 2$ matrix. Find the $4 \\times 4$ matrix $M$ "
            "with $\\operatorname{vec}(AXB) = M \\operatorname{vec}(X)$ for every $X$ "
            f"($\\operatorname{{vec}}$ stacks columns).\n\n{latex_named([('A', a), ('B', b)])}",
            kind="matrix",
            expected=expected,
            data={"ask": "vec-identity", "A": json_matrix(a), "B": json_matrix(b)},
            hints=[
                "Column j of AXB is A (X bⱼ) = Σₖ bₖⱼ A xₖ, with xₖ the columns of X.",
                "So block (j, k) of M is bₖⱼ A: M = Bᵀ ⊗ A.",
            ],
            solution="\n\n".join(
                [
                    "Column $j$ of $AXB$ is $\\sum_k b_{kj}\\, A x_k$, where $x_k$ is column $k$ "
                    "of $X$. Stacking the columns, block $(j, k)$ of $M$ is $b_{kj} A$, so "
                    "$M = B^T \\otimes A$ (The Matrix Cookbook, eq. 520).",
                    f"$$B^T = {latex_matrix(bt)}, \\quad B^T \\otimes A = {latex_matrix(m)}$$",
                ]
            ),
            misconceptions=wrong,
        )

    def _determinant(self, rng: np.random.Generator) -> Draft:
        n = pick(rng, [2, 3])
        while True:
            a = integer_matrix(rng, 2, 2, -3, 3)
            b = integer_matrix(rng, n, n, -2, 2)
            da, db = determinant(a), determinant(b)
            distinct = da and db and abs(da) != abs(db)
            if distinct and abs(da) ** n * abs(db) ** 2 <= 10**5:
                break
        value = da**n * db**2
        expected = str(value)
        wrong = [
            Misconception(
                "misconception:product-of-determinants",
                str(da * db),
                f"det(A ⊗ B) is not det A · det B: A ⊗ B = (A ⊗ I)(I ⊗ B), and det(I_2 ⊗ B) = "
                f"(det B)², det(A ⊗ I_{n}) = (det A)^{n}.",
            ),
            Misconception(
                "misconception:swapped-exponents",
                str(da**2 * db**n),
                f"The exponent of det A is the size of B ({n}) and the exponent of det B is the "
                "size of A (2), not the other way round.",
            ),
        ]
        return Draft(
            prompt=f"Find $\\det(A \\otimes B)$ (a ${2 * n} \\times {2 * n}$ matrix) without "
            f"writing it out.\n\n{latex_named([('A', a), ('B', b)])}",
            kind="number",
            expected=expected,
            data={"ask": "det", "A": json_matrix(a), "B": json_matrix(b)},
            hints=[
                "A ⊗ B = (A ⊗ I)(I ⊗ B), and I ⊗ B is block diagonal with copies of B.",
                "For A of size m and B of size n: det(A ⊗ B) = (det A)ⁿ (det B)ᵐ.",
            ],
            solution="\n\n".join(
                [
                    f"For $A$ of size $m = 2$ and $B$ of size $n = {n}$: $\\det(A \\otimes B) = "
                    "(\\det A)^n (\\det B)^m$ (the eigenvalues of $A \\otimes B$ are the "
                    "products $\\lambda_i \\mu_j$).",
                    f"$\\det A = {da}$, $\\det B = {db}$, so $\\det(A \\otimes B) = "
                    f"({da})^{n} \\cdot ({db})^2 = {value}$.",
                ]
            ),
            misconceptions=wrong,
        )
