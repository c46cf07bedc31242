"""linalg.vectors: dot products, then norms and distances, then cosine similarity, with
exact answers (simplified square roots) where they exist."""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from dlmath.exercises.base import Draft, Generator, Misconception
from dlmath.exercises.kit import (
    column,
    dot,
    latex_factor,
    latex_named,
    pick,
    signed_sum,
)
from dlmath.exercises.layout import named_grids
from dlmath.exercises.registry import register
from dlmath.expr.literals import format_number, latex_matrix, latex_number

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np


#: Relative tolerance of irrational answers, enough for 4 significant digits.
ROUNDED_TOLERANCE = 1e-3


def sqrt_text(n: int) -> str:
    """``sqrt(n)`` simplified: 12 -> ``2*sqrt(3)``, 16 -> ``4``."""
    square, free = _split_square(n)
    if free == 1:
        return str(square)
    return f"sqrt({free})" if square == 1 else f"{square}*sqrt({free})"


def sqrt_latex(n: int) -> str:
    square, free = _split_square(n)
    if free == 1:
        return str(square)
    return f"\\sqrt{{{free}}}" if square == 1 else f"{square}\\sqrt{{{free}}}"


def _split_square(n: int) -> tuple[int, int]:
    """n = s² m with m square-free: (s, m)."""
    s = 1
    for k in range(2, int(n**0.5) + 1):
        while n % (k * k) == 0:
            n //= k * k
            s *= k
    return s, n


def quotient_by_sqrt(numerator: int, radicand: int) -> str:
    """``numerator / sqrt(radicand)`` as input-language text, simplified."""
    square, free = _split_square(radicand)
    ratio = Fraction(numerator, square)
    if free == 1 or numerator == 0:
        return format_number(ratio)
    p, q = ratio.numerator, ratio.denominator
    return f"{p}/sqrt({free})" if q == 1 else f"{p}/({q}*sqrt({free}))"


def _vector_draw(rng: np.random.Generator, n: int, lo: int = -5, hi: int = 5) -> list[int]:
    while True:
        v = [int(x) for x in rng.integers(lo, hi + 1, size=n)]
        if any(v):
            return v


def _dot_latex(u: Sequence[int], v: Sequence[int]) -> str:
    terms = " + ".join(
        f"{latex_factor(x)} \\cdot {latex_factor(y)}" for x, y in zip(u, v, strict=True)
    )
    return f"{terms} = {signed_sum([x * y for x, y in zip(u, v, strict=True)])} = {dot(u, v)}"


@register
class Vectors(Generator):
    """Dot products, then norms and distances, then cosine similarity."""

    skill = "linalg.vectors"
    version = 1

    MODES = {1: ("dot",), 2: ("norm", "l1-norm", "distance"), 3: ("cosine",)}

    def generate(self, rng: np.random.Generator, difficulty: int) -> Draft:
        mode = pick(rng, self.MODES[difficulty])
        n = int(rng.integers(2, 4)) if difficulty == 1 else int(rng.integers(3, 5))
        u = _vector_draw(rng, n)
        v = _vector_draw(rng, n)
        if mode == "cosine" and rng.random() < 0.25:
            v = self._orthogonal(rng, u)
        if mode == "dot":
            return self._dot(u, v)
        if mode in ("norm", "l1-norm"):
            return self._norm(u, mode)
        if mode == "distance":
            return self._distance(u, v)
        return self._cosine(u, v)

    @staticmethod
    def _orthogonal(rng: np.random.Generator, u: list[int]) -> list[int]:
        """A nonzero integer vector orthogonal to u, with small entries."""
        while True:
            i, j = (int(k) for k in rng.choice(len(u), size=2, replace=False))
            v = [0] * len(u)
            v[i], v[j] = u[j], -u[i]
            for k in range(len(u)):
                if k not in (i, j) and u[k] == 0:
                    v[k] = int(rng.integers(-3, 4))
            if any(v):
                return v

    @staticmethod
    def _draft(
        asked: str, asked_text: str, named: list[tuple[str, list[int]]], **fields: Any
    ) -> Draft:
        columns = [(name, column(vec)) for name, vec in named]
        return Draft(
            prompt=f"Compute ${asked}$ for {latex_named(columns)}.",
            text=f"Compute {asked_text}.\n\n{named_grids(columns)}\n\n" + fields.pop("answer_as"),
            **fields,
        )

    def _dot(self, u: list[int], v: list[int]) -> Draft:
        value = dot(u, v)
        found = [
            Misconception(
                "misconception:product-of-sums",
                str(sum(u) * sum(v)),
                "The dot product multiplies matching entries first, then adds: Σ uᵢ vᵢ, not "
                "(Σ uᵢ)(Σ vᵢ).",
            ),
            Misconception(
                "misconception:added-entries",
                str(sum(u) + sum(v)),
                "The dot product multiplies matching entries (u₁v₁ + u₂v₂ + …); it does not "
                "add the vectors' entries.",
            ),
        ]
        return self._draft(
            "u \\cdot v",
            "the dot product u · v",
            [("u", u), ("v", v)],
            answer_as="Answer with a number.",
            kind="number",
            expected=str(value),
            data={"mode": "dot", "u": u, "v": v},
            hints=["u · v = u₁v₁ + u₂v₂ + …: multiply matching entries and add."],
            solution=f"$u \\cdot v = {_dot_latex(u, v)}$",
            misconceptions=found,
        )

    def _norm(self, u: list[int], mode: str) -> Draft:
        squares = sum(x * x for x in u)
        l1 = sum(abs(x) for x in u)
        answer_as = "Answer exactly (e.g. sqrt(14) or 3*sqrt(2)) or to 4 significant digits."
        if mode == "l1-norm":
            expected = str(l1)
            found = [
                Misconception(
                    "misconception:l1-without-abs",
                    str(sum(u)),
                    "The 1-norm adds absolute values: |u₁| + |u₂| + …; negative entries count "
                    "positively.",
                ),
                Misconception(
                    "misconception:l2-for-l1",
                    sqrt_text(squares),
                    "That is the Euclidean (2-)norm; ‖u‖₁ is the sum of absolute values.",
                ),
            ]
            abs_terms = " + ".join(f"|{latex_number(x)}|" for x in u)
            return self._draft(
                "\\|u\\|_1",
                "the 1-norm ‖u‖₁",
                [("u", u)],
                answer_as="Answer with a number.",
                kind="number",
                expected=expected,
                data={"mode": mode, "u": u},
                hints=["‖u‖₁ = |u₁| + |u₂| + … (the sum of absolute values)."],
                solution=f"$\\|u\\|_1 = {abs_terms} = {l1}$",
                misconceptions=found,
            )
        expected = sqrt_text(squares)
        found = [
            Misconception(
                "misconception:squared-norm",
                str(squares),
                f"That is ‖u‖² = {squares}; the norm is its square root.",
            ),
            Misconception(
                "misconception:l1-for-l2",
                str(l1),
                "That is the 1-norm (sum of absolute values); the Euclidean norm is the "
                "square root of the sum of squares.",
            ),
        ]
        square_terms = " + ".join(f"{latex_factor(x)}^2" for x in u)
        return self._draft(
            "\\|u\\|_2",
            "the Euclidean norm ‖u‖",
            [("u", u)],
            answer_as=answer_as,
            kind="number",
            expected=expected,
            data={"mode": mode, "u": u},
            hints=["‖u‖ = sqrt(u₁² + u₂² + …).", "Simplify the square root if you can."],
            solution=(
                f"$\\|u\\|_2 = \\sqrt{{{square_terms}}} = \\sqrt{{{squares}}}"
                + (
                    ""
                    if sqrt_latex(squares) == f"\\sqrt{{{squares}}}"
                    else f" = {sqrt_latex(squares)}"
                )
                + "$"
            ),
            misconceptions=found,
            tolerance=None if _split_square(squares)[1] == 1 else ROUNDED_TOLERANCE,
        )

    def _distance(self, u: list[int], v: list[int]) -> Draft:
        diff = [x - y for x, y in zip(u, v, strict=True)]
        squares = sum(d * d for d in diff)
        expected = sqrt_text(squares)
        nu, nv = sum(x * x for x in u), sum(y * y for y in v)
        found = [
            Misconception(
                "misconception:difference-of-norms",
                f"{sqrt_text(nu)} - {sqrt_text(nv)}",
                "The distance is the norm of the difference, ‖u − v‖, not the difference of "
                "the norms ‖u‖ − ‖v‖.",
            ),
            Misconception(
                "misconception:squared-norm",
                str(squares),
                f"That is ‖u − v‖² = {squares}; the distance is its square root.",
            ),
        ]
        return self._draft(
            "\\|u - v\\|_2",
            "the distance ‖u − v‖",
            [("u", u), ("v", v)],
            answer_as="Answer exactly (e.g. sqrt(14) or 3*sqrt(2)) or to 4 significant digits.",
            kind="number",
            expected=expected,
            data={"mode": "distance", "u": u, "v": v},
            hints=["First compute u − v entry by entry.", "Then take its Euclidean norm."],
            solution=(
                f"$u - v = {latex_matrix(column(diff))}$, so $\\|u - v\\|_2 = "
                f"\\sqrt{{{' + '.join(f'{latex_factor(d)}^2' for d in diff)}}} = "
                f"\\sqrt{{{squares}}} = {sqrt_latex(squares)}$"
            ),
            misconceptions=found,
            tolerance=None if _split_square(squares)[1] == 1 else ROUNDED_TOLERANCE,
        )

    def _cosine(self, u: list[int], v: list[int]) -> Draft:
        uv = dot(u, v)
        nu, nv = sum(x * x for x in u), sum(y * y for y in v)
        expected = quotient_by_sqrt(uv, nu * nv)
        found = [
            Misconception(
                "misconception:unnormalised",
                str(uv),
                "That is the dot product u · v; the cosine divides it by ‖u‖ ‖v‖.",
            ),
            Misconception(
                "misconception:squared-norms",
                format_number(Fraction(uv, nu * nv)),
                "Divide by the norms ‖u‖ ‖v‖, not by their squares.",
            ),
        ]
        exact = _split_square(nu * nv)[1] == 1
        return self._draft(
            "\\cos\\theta = \\frac{u \\cdot v}{\\|u\\| \\|v\\|}",
            "the cosine similarity cos θ = (u · v) / (‖u‖ ‖v‖)",
            [("u", u), ("v", v)],
            answer_as="Answer exactly (e.g. 3/sqrt(70)) or to 4 significant digits.",
            kind="number",
            expected=expected,
            data={"mode": "cosine", "u": u, "v": v},
            hints=[
                "Compute u · v, ‖u‖ and ‖v‖ separately.",
                "If u · v = 0 the vectors are orthogonal and the cosine is 0.",
            ],
            solution=(
                f"$u \\cdot v = {_dot_latex(u, v)}$, $\\|u\\| = \\sqrt{{{nu}}}$, "
                f"$\\|v\\| = \\sqrt{{{nv}}}$, so $\\cos\\theta = \\frac{{{uv}}}"
                f"{{\\sqrt{{{nu}}}\\sqrt{{{nv}}}}} = \\frac{{{uv}}}{{\\sqrt{{{nu * nv}}}}}$"
                + ("" if exact else f" $\\approx {float(uv) / (nu * nv) ** 0.5:.4f}$")
            ),
            misconceptions=found,
            tolerance=None if exact else ROUNDED_TOLERANCE,
        )
