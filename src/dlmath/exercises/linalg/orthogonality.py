"""linalg.orthogonality: coordinates in an orthogonal basis by dot products (difficulty
1), one Gram–Schmidt step (difficulty 2) and two (difficulty 3).

The Gram–Schmidt inputs are built backwards from an orthogonal integer basis u₁, u₂, u₃:
v₁ = u₁, v₂ = u₂ + a u₁, v₃ = u₃ + b u₁ + c u₂, so the orthogonalised vectors are the
integer u₂ and u₃, while the usual slips (projecting onto the original v₂, stopping after
one projection, keeping the projection) give different vectors.
"""

from __future__ import annotations

from fractions import Fraction
from typing import TYPE_CHECKING

from dlmath.exercises.base import Draft, Generator, Misconception
from dlmath.exercises.kit import (
    dot,
    draw_int,
    json_vector,
    latex_column,
    latex_factor,
    nonzero_int,
    permutation,
    pick,
)
from dlmath.exercises.registry import register
from dlmath.expr.literals import format_number, latex_number, vector_text

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np

#: Orthogonal (not normalised) integer bases of R³.
BASES = [
    [(1, 2, 2), (2, 1, -2), (2, -2, 1)],
    [(1, 1, 1), (1, -1, 0), (1, 1, -2)],
    [(1, 1, 0), (1, -1, 2), (1, -1, -1)],
    [(2, 1, 0), (1, -2, 1), (1, -2, -5)],
]

Vector = list[Fraction]


def _combine(*terms: tuple[Fraction | int, Vector]) -> Vector:
    n = len(terms[0][1])
    return [sum((Fraction(c) * v[i] for c, v in terms), Fraction(0)) for i in range(n)]


def _projection_coefficient(v: Vector, onto: Vector) -> Fraction:
    return Fraction(dot(v, onto)) / dot(onto, onto)


def _orthogonal_basis(rng: np.random.Generator) -> list[Vector]:
    """One of BASES, its vectors in a random order, coordinates permuted with signs."""
    base = pick(rng, BASES)
    order = permutation(rng, 3)
    coords = permutation(rng, 3)
    signs = [pick(rng, [1, -1]) for _ in range(3)]
    return [[Fraction(signs[i] * base[k][coords[i]]) for i in range(3)] for k in order]


def _columns(named: list[tuple[str, Vector]]) -> str:
    return ", ".join(f"${name} = {latex_column(v)}$" for name, v in named)


@register
class Orthogonality(Generator):
    """Coordinates in an orthogonal basis; one or two steps of Gram–Schmidt."""

    skill = "linalg.orthogonality"
    version = 1

    def generate(self, rng: np.random.Generator, difficulty: int) -> Draft:
        if difficulty == 1:
            return self._coordinates(rng)
        return self._gram_schmidt(rng, 2 if difficulty == 2 else 3)

    def _coordinates(self, rng: np.random.Generator) -> Draft:
        while True:
            a, b = nonzero_int(rng, -3, 3), draw_int(rng, -3, 3)
            t = nonzero_int(rng, -2, 2)
            q1 = [Fraction(a), Fraction(b)]
            q2 = [Fraction(-b * t), Fraction(a * t)]
            w = [Fraction(draw_int(rng, -6, 6)) for _ in range(2)]
            c = [_projection_coefficient(w, q) for q in (q1, q2)]
            raw = [Fraction(dot(w, q)) for q in (q1, q2)]
            if any(w) and raw != c and w != c:  # the division by qᵢ·qᵢ matters
                break
        expected = vector_text(c)
        wrong = [
            Misconception(
                "misconception:unnormalised-coordinates",
                vector_text(raw),
                "The dot products w·qᵢ are the coordinates only for unit vectors; here divide "
                "each by qᵢ·qᵢ.",
            ),
            Misconception(
                "misconception:standard-coordinates",
                vector_text(w),
                "Those are the entries of w (its coordinates in the standard basis), not its "
                "coordinates in q₁, q₂.",
            ),
        ]
        latex = _columns([("q_1", q1), ("q_2", q2), ("w", w)])
        lines = [
            f"$c_{i + 1} = \\dfrac{{w \\cdot q_{i + 1}}}{{q_{i + 1} \\cdot q_{i + 1}}} = "
            f"\\dfrac{{{format_number(raw[i])}}}{{{format_number(dot(q, q))}}} = "
            f"{latex_number(c[i])}$"
            for i, q in enumerate((q1, q2))
        ]
        return Draft(
            prompt="The vectors $q_1$ and $q_2$ are orthogonal. Find the coordinates "
            "$[c_1, c_2]$ of $w$ in the basis $q_1, q_2$ (so $w = c_1 q_1 + c_2 q_2$), using "
            f"dot products.\n\n{latex}",
            kind="matrix",
            expected=expected,
            data={
                "ask": "coordinates",
                "q1": json_vector(q1),
                "q2": json_vector(q2),
                "w": json_vector(w),
            },
            hints=[
                "Dot both sides of w = c₁q₁ + c₂q₂ with q₁: the q₂ term vanishes.",
                "cᵢ = (w·qᵢ)/(qᵢ·qᵢ).",
            ],
            solution="\n\n".join(
                [
                    "Since $q_1 \\cdot q_2 = 0$, dotting $w = c_1 q_1 + c_2 q_2$ with $q_i$ "
                    "leaves $w \\cdot q_i = c_i\\, q_i \\cdot q_i$:",
                    *lines,
                ]
            ),
            misconceptions=wrong,
        )

    def _gram_schmidt(self, rng: np.random.Generator, count: int) -> Draft:
        u1, u2, u3 = _orthogonal_basis(rng)
        a, b, c = nonzero_int(rng, -2, 2), draw_int(rng, -2, 2), nonzero_int(rng, -2, 2)
        v1, v2 = u1, _combine((1, u2), (a, u1))
        v3 = _combine((1, u3), (b, u1), (c, u2))
        vectors = [("v_1", v1), ("v_2", v2)] + ([("v_3", v3)] if count == 3 else [])
        target = u2 if count == 2 else u3
        expected = vector_text(target)
        if count == 2:
            wrong = [
                Misconception(
                    "misconception:kept-projection",
                    vector_text(_combine((a, u1))),
                    "That is the projection of v₂ onto u₁; Gram–Schmidt keeps what is left, "
                    "u₂ = v₂ − proj_{u₁} v₂.",
                ),
                Misconception(
                    "misconception:projection-added",
                    vector_text(_combine((1, v2), (a, u1))),
                    "Subtract the projection onto u₁, do not add it: u₂ = v₂ − proj_{u₁} v₂.",
                ),
            ]
        else:
            p1 = _projection_coefficient(v3, v1)
            p2 = _projection_coefficient(v3, v2)
            wrong = [
                Misconception(
                    "misconception:projected-on-originals",
                    vector_text(_combine((1, v3), (-p1, v1), (-p2, v2))),
                    "Project onto the orthogonalised u₁, u₂, not onto the original v₁, v₂: v₁ "
                    "and v₂ are not orthogonal, so their projections overlap.",
                ),
                Misconception(
                    "misconception:one-projection",
                    vector_text(_combine((1, u3), (c, u2))),
                    "Subtract the projections onto both u₁ and u₂; after removing only the u₁ "
                    "part the vector still has a component along u₂.",
                ),
            ]
        steps = [
            "Gram–Schmidt: $u_1 = v_1$, and each next vector minus its projections onto the "
            "earlier $u$'s, $\\operatorname{proj}_u v = \\dfrac{v \\cdot u}{u \\cdot u}\\, u$.",
            f"$u_1 = v_1 = {latex_column(u1)}$, $u_1 \\cdot u_1 = {format_number(dot(u1, u1))}$.",
            f"$u_2 = v_2 - \\dfrac{{{format_number(dot(v2, u1))}}}{{{format_number(dot(u1, u1))}}}"
            f"\\, u_1 = v_2 - {latex_factor(a)}\\, u_1 = {latex_column(u2)}$.",
        ]
        if count == 3:
            steps.append(
                f"$u_3 = v_3 - \\dfrac{{{format_number(dot(v3, u1))}}}"
                f"{{{format_number(dot(u1, u1))}}}\\, u_1 - "
                f"\\dfrac{{{format_number(dot(v3, u2))}}}{{{format_number(dot(u2, u2))}}}\\, u_2 "
                f"= v_3 - {latex_factor(b)}\\, u_1 - {latex_factor(c)}\\, u_2 = "
                f"{latex_column(u3)}$."
            )
        check = "u_1 \\cdot u_2 = 0" if count == 2 else "u_3 \\cdot u_1 = u_3 \\cdot u_2 = 0"
        steps.append(f"Check: ${check}$.")
        latex = _columns(vectors)
        names_latex = ", ".join(f"${n}$" for n, _ in vectors)
        ask_latex = (
            f"Apply Gram–Schmidt (without normalising) to {names_latex} in this order: "
            f"$u_1 = v_1$, and so on. Find $u_{count}$."
        )
        data = {"ask": f"gram-schmidt-{count}"}
        data.update({n.replace("_", ""): json_vector(v) for n, v in vectors})
        return Draft(
            prompt=f"{ask_latex}\n\n{latex}",
            kind="matrix",
            expected=expected,
            data=data,
            hints=[
                "u₁ = v₁; then subtract from each vᵢ its projections onto the u's found so far.",
                "proj_u v = ((v·u)/(u·u)) u. Use the orthogonalised u's, not the original v's.",
            ],
            solution="\n\n".join(steps),
            misconceptions=wrong,
        )
