"""linalg.svd: singular values, norms and rank of A = U Σ Vᵀ with integer-friendly
orthogonal U and V (signed permutations, 3-4-5 rotations, 45° rotations on both sides),
so A is integer and its singular values are integers."""

from __future__ import annotations

from fractions import Fraction
from math import isqrt
from typing import TYPE_CHECKING

from dlmath.exercises.base import Draft, Generator, Misconception
from dlmath.exercises.kit import (
    FractionMatrix,
    char_poly,
    draw_int,
    factored_latex,
    json_matrix,
    list_text,
    mat_mul,
    max_abs,
    permutation,
    pick,
    polynomial_latex,
    transpose,
)
from dlmath.exercises.layout import named_grids
from dlmath.exercises.registry import register
from dlmath.expr.literals import format_number, latex_matrix

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np


#: Orthogonal 2×2 blocks whose entries are p/q or ±1/√2: rotations and reflections.
PYTHAGOREAN = [(3, 4, 5), (4, 3, 5)]


def _signed_permutation(rng: np.random.Generator, n: int) -> list[list[float]]:
    order = permutation(rng, n)
    return [
        [float(pick(rng, [1, -1])) if j == order[i] else 0.0 for j in range(n)] for i in range(n)
    ]


def _plane_factor(
    rng: np.random.Generator, n: int, plane: tuple[int, int], block: str
) -> list[list[float]]:
    """An n×n orthogonal matrix: a 2×2 rotation or reflection in coordinates ``plane``
    (``block`` is "345" for entries 3/5, 4/5, or "45" for ±1/√2), rows then shuffled
    with signs."""
    import numpy as np

    if block == "345":
        p, q, h = pick(rng, PYTHAGOREAN)
        c, s = p / h, q / h
    else:
        c = s = 1 / np.sqrt(2)
    rot = [[c, -s], [s, c]] if rng.random() < 0.5 else [[c, s], [s, -c]]
    m = np.eye(n)
    i, j = plane
    m[np.ix_([i, j], [i, j])] = rot
    return (np.array(_signed_permutation(rng, n)) @ m).tolist()


def _sqrt_text(value: int) -> str:
    """``sqrt(value)``, or its integer root; not simplified (``sqrt(12)``, where
    ``vectors.sqrt_text`` writes ``2*sqrt(3)``): the SVD answers are written this way."""
    root = isqrt(value)
    return str(root) if root * root == value else f"sqrt({value})"


def _sqrt_latex(value: int) -> str:
    root = isqrt(value)
    return str(root) if root * root == value else f"\\sqrt{{{value}}}"


@register
class SingularValues(Generator):
    """Singular values, norms and rank of A = U Σ Vᵀ with integer-friendly orthogonal U, V
    (signed permutations, 3-4-5 rotations, 45° rotations on both sides), so A is integer
    and the singular values are integers."""

    skill = "linalg.svd"
    version = 1

    def generate(self, rng: np.random.Generator, difficulty: int) -> Draft:
        import numpy as np

        if difficulty == 1:
            m, n = pick(rng, [(2, 2), (2, 3), (3, 2)])
            pattern, ask = "perm", "values"
        elif difficulty == 2:
            m, n = 2, 2
            pattern = pick(rng, ["45", "345U", "345V"])
            ask = pick(rng, ["values", "values", "values", "norm-2", "norm-fro"])
        else:
            m, n = pick(rng, [(3, 3), (3, 2), (2, 3), (3, 3)])
            ask = pick(rng, ["values", "norm-2", "norm-fro", "rank"])
            patterns = ["45", "345U", "345V"] + ([] if ask == "rank" else ["perm"])
            pattern = pick(rng, patterns)
        k = min(m, n)
        while True:
            plane = tuple(sorted(int(v) for v in rng.choice(k, size=2, replace=False)))
            sigma = self._draw_sigma(
                rng,
                k,
                pattern,
                plane,
                zero=ask == "rank" or (difficulty == 3 and rng.random() < 0.3),
            )
            u = _signed_permutation(rng, m) if pattern in ("perm", "345V") else None
            v = _signed_permutation(rng, n) if pattern in ("perm", "345U") else None
            if pattern == "45":
                u, v = _plane_factor(rng, m, plane, "45"), _plane_factor(rng, n, plane, "45")
            elif pattern == "345U":
                u = _plane_factor(rng, m, plane, "345")
            elif pattern == "345V":
                v = _plane_factor(rng, n, plane, "345")
            s = np.zeros((m, n))
            s[range(k), range(k)] = sigma
            product = np.array(u) @ s @ np.array(v).T
            rounded = np.rint(product)
            if np.abs(product - rounded).max() > 1e-9 or np.abs(rounded).max() > 15:
                continue
            break
        a = [[Fraction(int(x)) for x in row] for row in rounded.tolist()]
        values = sorted(sigma, reverse=True)
        return self._draft(a, values, ask, pattern, difficulty)

    def _draw_sigma(
        self, rng: np.random.Generator, k: int, pattern: str, plane: tuple[int, ...], zero: bool
    ) -> list[int]:
        while True:
            sigma = [draw_int(rng, 1, 7) for _ in range(k)]
            if pattern.startswith("345"):
                for i in plane:
                    sigma[i] = 5 * draw_int(rng, 1, 3)
            if zero:
                sigma[draw_int(rng, 0, k - 1)] = 0
            if pattern == "45" and (sigma[plane[0]] - sigma[plane[1]]) % 2:
                continue
            if len(set(sigma)) == k:
                return sigma

    def _draft(
        self, a: FractionMatrix, values: list[int], ask: str, pattern: str, difficulty: int
    ) -> Draft:
        import numpy as np

        m, n = len(a), len(a[0])
        k = min(m, n)
        at = transpose(a)
        gram, gram_name = (mat_mul(at, a), "A^T A") if n <= m else (mat_mul(a, at), "A A^T")
        squares = [v * v for v in values]
        fro_sq = sum(squares)
        rank = sum(1 for v in values if v)
        if ask == "values":
            kind, expected = "sequence", list_text(values)
            question = (
                f"Find the singular values of A, all {k} of them (including any zeros), "
                "in decreasing order, separated by commas."
            )
            wrong = []
            entries = sorted((x for row in a for x in row if x), reverse=True)
            if pattern == "perm" and any(x < 0 for x in entries):
                wrong.append(
                    Misconception(
                        "misconception:kept-signs",
                        list_text(entries),
                        "Singular values are never negative: they are the lengths |σ| the matrix "
                        "stretches by; the signs belong to U and V.",
                    )
                )
            wrong.append(
                Misconception(
                    "misconception:increasing-order",
                    list_text(list(reversed(values))),
                    "Singular values are listed in decreasing order, σ₁ ≥ σ₂ ≥ … ≥ 0.",
                )
            )
            wrong.append(
                Misconception(
                    "misconception:squared-singular-values",
                    list_text(squares),
                    f"Those are the eigenvalues of {gram_name.replace('^T', 'ᵀ')}, i.e. σ²; take "
                    "square roots.",
                )
            )
            if m == n:
                eig = np.linalg.eigvals(np.array(a, dtype=float))
                if np.all(np.abs(eig.imag) < 1e-9) and np.all(
                    np.abs(eig.real - np.rint(eig.real)) < 1e-9
                ):
                    wrong.append(
                        Misconception(
                            "misconception:eigenvalues-for-singular-values",
                            list_text(sorted((int(x) for x in np.rint(eig.real)), reverse=True)),
                            "Those are the eigenvalues of A. Singular values are the square roots "
                            "of the "
                            f"eigenvalues of {gram_name.replace('^T', 'ᵀ')}; they agree only for "
                            "symmetric "
                            "positive semidefinite A.",
                        )
                    )
            answer_latex = ", ".join(str(v) for v in values)
        elif ask == "norm-2":
            kind, expected = "number", str(values[0])
            question = (
                "Find the spectral norm ‖A‖₂ (the largest factor by which A stretches a vector)."
            )
            wrong = [
                Misconception(
                    "misconception:largest-entry",
                    format_number(max_abs(a)),
                    "‖A‖₂ is the largest singular value σ₁, not the largest entry.",
                ),
                Misconception(
                    "misconception:frobenius-for-spectral",
                    _sqrt_text(fro_sq),
                    "That is the Frobenius norm √(Σσᵢ²); the spectral norm is σ₁ alone.",
                ),
                Misconception(
                    "misconception:squared-norm",
                    str(squares[0]),
                    f"That is σ₁², the largest eigenvalue of {gram_name.replace('^T', 'ᵀ')}; take "
                    "its square root.",
                ),
            ]
            answer_latex = f"\\lVert A \\rVert_2 = \\sigma_1 = {values[0]}"
        elif ask == "norm-fro":
            kind, expected = "number", _sqrt_text(fro_sq)
            question = "Find the Frobenius norm ‖A‖_F."
            wrong = [
                Misconception(
                    "misconception:nuclear-for-frobenius",
                    str(sum(values)),
                    "That is the sum of the singular values (the nuclear norm); ‖A‖_F = √(Σσᵢ²).",
                ),
                Misconception(
                    "misconception:missing-root",
                    str(fro_sq),
                    "That is ‖A‖_F², the sum of the squares; take the square root.",
                ),
                Misconception(
                    "misconception:spectral-for-frobenius",
                    str(values[0]),
                    "That is the spectral norm σ₁; the Frobenius norm uses all singular values.",
                ),
            ]
            terms = " + ".join(str(v) for v in squares)
            answer_latex = f"\\lVert A \\rVert_F = \\sqrt{{{terms}}} = {_sqrt_latex(fro_sq)}"
        else:
            kind, expected = "number", str(rank)
            question = "Find the rank of A from its singular values."
            wrong = [
                Misconception(
                    "misconception:full-rank-assumed",
                    str(k),
                    "The rank counts the nonzero singular values; a zero one lowers it.",
                )
            ]
            answer_latex = f"\\operatorname{{rank}} A = {rank}"
        coeffs = char_poly(gram)
        size = len(gram)
        gram_values = sorted(squares + [0] * (size - k), reverse=True)
        solution = [
            "The singular values are the square roots of the eigenvalues of the smaller Gram "
            "matrix "
            f"$G = {gram_name} = {latex_matrix(gram)}$.",
            f"Its characteristic polynomial is ${polynomial_latex(coeffs)} = "
            f"{factored_latex(gram_values)}$, so "
            f"its eigenvalues are ${', '.join(str(g) for g in gram_values)}$ "
            f"(check: their sum is $\\operatorname{{tr}} G = {fro_sq}$).",
            f"Hence $\\sigma = {', '.join(str(v) for v in values)}$.",
            f"$${answer_latex}$$",
        ]
        if ask == "norm-fro":
            solution.append(f"(Directly: the sum of the squared entries of $A$ is also {fro_sq}.)")
        hints = [
            "The singular values are the square roots of the eigenvalues of "
            f"{gram_name.replace('^T', 'ᵀ')}.",
            {
                "values": "List them from largest to smallest; they are never negative.",
                "norm-2": "‖A‖₂ is the largest singular value σ₁.",
                "norm-fro": "‖A‖_F² = Σ aᵢⱼ² = Σ σᵢ².",
                "rank": "The rank is the number of nonzero singular values.",
            }[ask],
        ]
        if difficulty == 1:
            hints.insert(
                0,
                "Each row and column of A has at most one nonzero entry: A is a signed "
                "permutation times a diagonal.",
            )
        return Draft(
            prompt=f"{question}\n\n$$A = {latex_matrix(a)}$$",
            text=f"{question}\n\n{named_grids([('A', a)])}",
            kind=kind,
            expected=expected,
            data={"A": json_matrix(a), "ask": ask},
            hints=hints[:3],
            solution="\n\n".join(solution),
            misconceptions=wrong,
            tolerance=1e-4 if "sqrt" in expected else None,
        )
