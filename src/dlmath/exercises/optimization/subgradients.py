"""optimization.subgradients: the subdifferential of convex functions with kinks, as in
|x| (L1 penalties), the hinge loss and ReLU/max units.

Difficulty 1: ∂f(x₀) = [l, u] for f(x) = Σ cᵢ|x − aᵢ|, at a kink or between kinks.
Difficulty 2: the gradient of the regularised hinge loss Σ max(0, 1 − yᵢwᵀxᵢ) + (λ/2)‖w‖² at
a w where no margin equals 1 (only the examples inside the margin count).
Difficulty 3: ∂f(x₀) for f(x) = max of three affine functions (a ReLU is max(0, x)): the
interval between the smallest and largest slopes of the active pieces.
"""

from __future__ import annotations

from fractions import Fraction
from typing import TYPE_CHECKING

from dlmath.exercises.base import Draft, Generator, Misconception
from dlmath.exercises.kit import draw_int, linear_form, list_text, pick
from dlmath.exercises.registry import register
from dlmath.expr.literals import latex_matrix, latex_number, matrix_text

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np

INTERVAL = (
    "Give the subdifferential $\\partial f(x_0) = [l, u]$ as $l, u$ (with $l = u$ where "
    "$f$ is differentiable)."
)
INTERVAL_TEXT = (
    "Give the subdifferential ∂f(x₀) = [l, u] as l, u (with l = u where f is differentiable)."
)


def sign(v: int) -> int:
    return (v > 0) - (v < 0)


def _affine(slope: int, shift: int) -> str:
    if slope == 0:
        return str(shift)
    body = linear_form([slope], ["x"])
    if shift:
        body += f" {'-' if shift < 0 else '+'} {abs(shift)}"
    return body


@register
class Subgradients(Generator):
    """Subdifferentials of sums of absolute values and of maxima; hinge-loss gradients."""

    skill = "optimization.subgradients"
    version = 1

    def generate(self, rng: np.random.Generator, difficulty: int) -> Draft:
        if difficulty == 1:
            return self._absolute(rng)
        if difficulty == 2:
            return self._hinge(rng)
        return self._max_affine(rng)

    def _absolute(self, rng: np.random.Generator) -> Draft:
        terms = pick(rng, [2, 3])
        while True:
            kinks = [draw_int(rng, -4, 4) for _ in range(terms)]
            if len(set(kinks)) == terms:
                break
        weights = [draw_int(rng, 1, 4) for _ in range(terms)]
        x0 = pick(rng, kinks) if rng.random() < 0.6 else draw_int(rng, -5, 5)
        smooth = sum(c * sign(x0 - a) for c, a in zip(weights, kinks, strict=True))
        width = sum(c for c, a in zip(weights, kinks, strict=True) if a == x0)
        lo, hi = smooth - width, smooth + width
        expected = list_text([lo, hi])
        at_kink = width > 0
        wrong = [
            Misconception(
                "misconception:signs-flipped",
                list_text([-hi, -lo]),
                "d|x − a|/dx = sign(x − a): +1 to the right of the kink, −1 to the left.",
            ),
        ]
        kink_wrong = [
            Misconception(
                "misconception:kink-derivative-zero",
                list_text([smooth, smooth]),
                "At a kink f has no derivative, and 0 is not its only subgradient: "
                "∂|x|(0) = [−1, 1], so the term c|x − a| contributes [−c, c] there.",
            ),
            Misconception(
                "misconception:weight-dropped-at-kink",
                list_text([smooth - 1, smooth + 1]),
                "The kink term c|x − a| has subdifferential c·[−1, 1] = [−c, c] at x = a: "
                "scale by its weight.",
            ),
            Misconception(
                "misconception:one-sided-only",
                list_text([hi, hi]),
                "That is only the right derivative; the subdifferential of a convex function "
                "of one variable runs from the left derivative to the right one.",
            ),
        ]
        if at_kink:
            wrong += kink_wrong
        body = " + ".join(
            f"{'' if c == 1 else c}|x {'-' if a >= 0 else '+'} {abs(a)}|"
            if a
            else f"{'' if c == 1 else c}|x|"
            for c, a in zip(weights, kinks, strict=True)
        )
        steps = [
            "$\\partial |x - a| = \\{\\operatorname{sign}(x - a)\\}$ for $x \\ne a$ and "
            "$[-1, 1]$ at $x = a$; subdifferentials of a sum add (as intervals).",
        ]
        for c, a in zip(weights, kinks, strict=True):
            part = f"[{-c}, {c}]" if a == x0 else f"\\{{{c * sign(x0 - a)}\\}}"
            steps.append(f"${c}|x - ({a})|$ at $x_0 = {x0}$: ${part}$.")
        steps.append(
            f"Sum: $\\partial f({x0}) = [{lo}, {hi}]$"
            + (" (a kink: every slope in between supports $f$ there)." if at_kink else ".")
        )
        return Draft(
            prompt=f"Let $f(x) = {body}$ and $x_0 = {x0}$. {INTERVAL}",
            text=f"Let f(x) = {body} and x₀ = {x0}. {INTERVAL_TEXT}",
            kind="sequence",
            expected=expected,
            data={"ask": "absolute", "weights": weights, "kinks": kinks, "x0": x0},
            hints=[
                "∂|x| = {sign x} away from 0 and [−1, 1] at 0; add the terms' subdifferentials.",
                "l is the left derivative of f at x₀, u the right derivative.",
            ],
            solution="\n\n".join(steps),
            misconceptions=wrong,
        )

    def _hinge(self, rng: np.random.Generator) -> Draft:
        while True:
            w = [draw_int(rng, -2, 2) for _ in range(2)]
            xs = [[draw_int(rng, -3, 3) for _ in range(2)] for _ in range(3)]
            ys = [pick(rng, [-1, 1]) for _ in range(3)]
            margins = [y * (x[0] * w[0] + x[1] * w[1]) for x, y in zip(xs, ys, strict=True)]
            inside = [m < 1 for m in margins]
            if 1 not in margins and 0 < sum(inside) < 3 and any(w):
                break
        lam = Fraction(pick(rng, [1, 1, 2, 1]), pick(rng, [1, 2, 10]))
        loss_grad = [
            sum(-y * x[k] for x, y, ins in zip(xs, ys, inside, strict=True) if ins)
            for k in range(2)
        ]
        grad = [lam * w[k] + loss_grad[k] for k in range(2)]
        expected = matrix_text([[v] for v in grad])
        every = [lam * w[k] + sum(-y * x[k] for x, y in zip(xs, ys, strict=True)) for k in range(2)]
        wrong = [
            Misconception(
                "misconception:hinge-all-examples",
                matrix_text([[v] for v in every]),
                "An example with margin yᵢwᵀxᵢ > 1 sits on the flat part of the hinge and "
                "contributes 0; only those with margin below 1 contribute −yᵢxᵢ.",
            ),
            Misconception(
                "misconception:hinge-sign",
                matrix_text([[lam * w[k] - loss_grad[k]] for k in range(2)])
                if any(loss_grad)
                else "[[0], [0]]",
                "d/dw max(0, 1 − y wᵀx) = −y x inside the margin: the minus sign of −y wᵀx stays.",
            ),
            Misconception(
                "misconception:regulariser-dropped",
                matrix_text([[v] for v in loss_grad]),
                "(λ/2)‖w‖² adds λw to the gradient.",
            ),
        ]
        rows = [
            f"$x_{i + 1} = ({x[0]}, {x[1]}),\\ y_{i + 1} = {y}$: margin ${m}$"
            + (" < 1, contributes $-y_i x_i$" if m < 1 else " > 1, contributes 0")
            for i, (x, y, m) in enumerate(zip(xs, ys, margins, strict=True))
        ]
        steps = [
            "$\\max(0, 1 - y\\, w^T x)$ has gradient $-y\\,x$ where the margin $y\\,w^T x < 1$ "
            "and $0$ where it is $> 1$ (at exactly 1 it has a kink; none here).",
            *rows,
            f"$$\\nabla L = \\lambda w + \\sum_{{\\text{{margin}} < 1}} (-y_i x_i) = "
            f"{latex_matrix([[v] for v in grad])}$$",
        ]
        data_lines = "; ".join(
            f"x{i + 1} = ({x[0]}, {x[1]}), y{i + 1} = {y}"
            for i, (x, y) in enumerate(zip(xs, ys, strict=True))
        )
        data_latex = ",\\quad ".join(
            f"x_{i + 1} = ({x[0]}, {x[1]}),\\ y_{i + 1} = {y}"
            for i, (x, y) in enumerate(zip(xs, ys, strict=True))
        )
        return Draft(
            prompt="A linear SVM is trained on the loss $L(w) = \\sum_i \\max(0, 1 - y_i w^T x_i) "
            f"+ \\tfrac{{\\lambda}}{{2}}\\|w\\|^2$ with $\\lambda = {latex_number(lam)}$ and the "
            f"examples $${data_latex}$$ Find $\\nabla L$ at $w = ({w[0]}, {w[1]})$ (a column).",
            text="A linear SVM is trained on the loss L(w) = Σᵢ max(0, 1 − yᵢwᵀxᵢ) + (λ/2)‖w‖² "
            f"with λ = {lam} and the examples\n\n{data_lines}\n\n"
            f"Find ∇L at w = ({w[0]}, {w[1]}) (a column).",
            kind="matrix",
            expected=expected,
            data={"ask": "hinge", "w": w, "x": xs, "y": ys, "lambda": str(lam)},
            hints=[
                "Compute each margin yᵢwᵀxᵢ: which examples are on the sloped part of the hinge?",
                "∇L = λw − Σ yᵢxᵢ over the examples with margin below 1.",
            ],
            solution="\n\n".join(steps),
            misconceptions=wrong,
        )

    def _max_affine(self, rng: np.random.Generator) -> Draft:
        while True:
            slopes = [draw_int(rng, -4, 4) for _ in range(3)]
            if len(set(slopes)) == 3:
                break
        x0 = draw_int(rng, -3, 3)
        top = draw_int(rng, -3, 3)
        kink = rng.random() < 0.65
        gaps = [0, 0 if kink else draw_int(rng, 1, 3), draw_int(rng, 1, 3)]
        order = [int(i) for i in rng.permutation(3)]
        slopes = [slopes[i] for i in order]
        gaps = [gaps[i] for i in order]
        shifts = [top - g - s * x0 for s, g in zip(slopes, gaps, strict=True)]
        vals = [s * x0 + b for s, b in zip(slopes, shifts, strict=True)]
        active = [s for s, g in zip(slopes, gaps, strict=True) if g == 0]
        lo, hi = min(active), max(active)
        expected = list_text([lo, hi])
        mean = Fraction(sum(active), len(active))
        wrong = [
            Misconception(
                "misconception:average-of-active-slopes",
                list_text([mean, mean]),
                "At a point where several pieces are active, every slope between the smallest "
                "and the largest active one is a subgradient, not just their average.",
            ),
            Misconception(
                "misconception:inactive-pieces-included",
                list_text([min(slopes), max(slopes)]),
                "Only the pieces that attain the maximum at x₀ count; the others lie below f "
                "near x₀.",
            ),
            Misconception(
                "misconception:kink-derivative-zero",
                "0, 0",
                "0 is a subgradient only if it lies between the active slopes; the "
                "subdifferential is the interval they span.",
            ),
        ]
        pieces = [_affine(s, b) for s, b in zip(slopes, shifts, strict=True)]
        steps = [
            f"At $x_0 = {x0}$ the pieces are "
            + ", ".join(f"${p} = {v}$" for p, v in zip(pieces, vals, strict=True))
            + f"; the maximum ${top}$ is attained by the pieces with slopes "
            + ", ".join(f"${s}$" for s in active)
            + ".",
            "The subdifferential of a maximum of differentiable convex functions is the convex "
            "hull of the active gradients (so the ReLU $\\max(0, x)$ has "
            "$\\partial f(0) = [0, 1]$).",
            f"$\\partial f({x0}) = [{lo}, {hi}]$.",
        ]
        body = ", ".join(pieces)
        return Draft(
            prompt=f"Let $f(x) = \\max({body})$ and $x_0 = {x0}$. {INTERVAL}",
            text=f"Let f(x) = max({body}) and x₀ = {x0}. {INTERVAL_TEXT}",
            kind="sequence",
            expected=expected,
            data={"ask": "max-affine", "slopes": slopes, "shifts": shifts, "x0": x0},
            hints=[
                "Which pieces attain the maximum at x₀?",
                "∂f(x₀) = [smallest active slope, largest active slope].",
            ],
            solution="\n\n".join(steps),
            misconceptions=wrong,
        )
