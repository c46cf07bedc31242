"""calculus.backprop-conv1d: back-propagation through a 1-D convolution layer,
yᵢ = Σₖ wₖ x_{si+k} (the cross-correlation deep-learning libraries call convolution, no
padding, stride s).

Difficulty 1: the kernel gradient ∂L/∂wₖ = Σᵢ gᵢ x_{i+k} (stride 1). Difficulty 2: the input
gradient ∂L/∂xⱼ = Σᵢ gᵢ w_{j−i}, a full convolution of g with the flipped kernel (stride 1).
Difficulty 3: the input gradient of a stride-2 layer, where each output touches the
input two steps further on.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from dlmath.exercises.base import Draft, Generator, Misconception
from dlmath.exercises.kit import draw_int, nonzero_int, pick
from dlmath.exercises.registry import register
from dlmath.expr.literals import vector_text

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np


def forward_length(n: int, k: int, stride: int) -> int:
    return (n - k) // stride + 1


def input_gradient(g: list[int], w: list[int], n: int, stride: int) -> list[int]:
    """∂L/∂x: output i sends gᵢwₖ back to input s·i + k."""
    dx = [0] * n
    for i, gi in enumerate(g):
        for k, wk in enumerate(w):
            dx[stride * i + k] += gi * wk
    return dx


def kernel_gradient(g: list[int], x: list[int], k: int, stride: int) -> list[int]:
    return [sum(gi * x[stride * i + j] for i, gi in enumerate(g)) for j in range(k)]


def row(values: list[int]) -> str:
    return "(" + ", ".join(str(v) for v in values) + ")"


@register
class Conv1dBackprop(Generator):
    """Kernel and input gradients of a 1-D convolution, stride 1 and 2."""

    skill = "calculus.backprop-conv1d"
    version = 1

    def generate(self, rng: np.random.Generator, difficulty: int) -> Draft:
        stride = 2 if difficulty == 3 else 1
        k = pick(rng, [2, 3]) if difficulty < 3 else pick(rng, [2, 3, 3])
        n = draw_int(rng, 5, 7) if difficulty < 3 else (8 if k == 2 else 7)
        m = forward_length(n, k, stride)
        while True:
            x = [draw_int(rng, -3, 3) for _ in range(n)]
            w = [nonzero_int(rng, -3, 3) for _ in range(k)]
            g = [draw_int(rng, -2, 2) for _ in range(m)]
            if w != w[::-1] and sum(v != 0 for v in g) >= 2 and any(x):
                break
        if difficulty == 1:
            return self._kernel(x, w, g)
        return self._input(x, w, g, stride)

    def _setting(self, x, w, g, stride) -> tuple[str, str]:
        k, m = len(w), len(g)
        latex = (
            f"A 1-D convolution layer (no padding, stride {stride}) maps $x \\in "
            f"\\mathbb{{R}}^{{{len(x)}}}$ "
            f"to $y \\in \\mathbb{{R}}^{{{m}}}$ with $y_i = \\sum_{{k=1}}^{{{k}}} w_k\\, "
            f"x_{{{stride if stride > 1 else ''}"
            f"{'(i-1)' if stride > 1 else 'i-1'}+k}}$ (indices from 1). Here "
            f"$x = {row(x)}$, $w = {row(w)}$ and the loss has gradient "
            f"$g = \\partial L / \\partial y = {row(g)}$."
        )
        plain = (
            f"A 1-D convolution layer (no padding, stride {stride}) maps x ∈ R^{len(x)} to y ∈ "
            f"R^{m} "
            f"with yᵢ = Σₖ wₖ x_({'2(i−1)' if stride > 1 else 'i−1'}+k), k = 1..{k} (indices "
            "from 1). Here "
            f"x = {row(x)}, w = {row(w)} and the loss has gradient g = ∂L/∂y = {row(g)}."
        )
        return latex, plain

    def _kernel(self, x, w, g) -> Draft:
        k = len(w)
        dw = kernel_gradient(g, x, k, 1)
        expected = vector_text(dw)
        wrong = [
            Misconception(
                "misconception:flipped-kernel-gradient",
                vector_text(dw[::-1]),
                "The layer correlates (no flip), so ∂L/∂wₖ = Σᵢ gᵢ x_{i+k−1}: weight k meets "
                "the inputs at offset k, in the same order.",
            ),
            Misconception(
                "misconception:one-position-only",
                vector_text([g[0] * x[j] for j in range(k)]),
                "The same kernel is used at every position, so its gradient sums over all "
                "outputs: ∂L/∂wₖ = Σᵢ gᵢ x_{i+k−1}.",
            ),
        ]
        steps = [
            "Weight $w_k$ is shared by every output: $\\partial y_i / \\partial w_k = x_{i+k-1}$, "
            "so $\\dfrac{\\partial L}{\\partial w_k} = \\sum_i g_i\\, x_{i+k-1}$, the correlation "
            "of $x$ with $g$.",
        ]
        for j in range(k):
            terms = " + ".join(f"({g[i]})({x[i + j]})" for i in range(len(g)))
            steps.append(f"$\\partial L/\\partial w_{j + 1} = {terms} = {dw[j]}$")
        head, plain = self._setting(x, w, g, 1)
        return Draft(
            prompt=head + " Find $\\partial L / \\partial w$.",
            text=plain + " Find ∂L/∂w.",
            kind="matrix",
            expected=expected,
            data={"ask": "kernel", "x": x, "w": w, "g": g, "stride": 1},
            hints=[
                "Each weight is used at every output position: sum their contributions.",
                "∂L/∂wₖ = Σᵢ gᵢ x_{i+k−1}: slide g along x.",
            ],
            solution="\n\n".join(steps),
            misconceptions=wrong,
        )

    def _input(self, x, w, g, stride) -> Draft:
        n = len(x)
        dx = input_gradient(g, w, n, stride)
        expected = vector_text(dx)
        wrong = [
            Misconception(
                "misconception:kernel-not-flipped",
                vector_text(input_gradient(g, w[::-1], n, stride)),
                "Sliding w over the padded g unflipped puts each weight on the wrong side: "
                "output i sends gᵢwₖ back to the input it read with wₖ, so ∂L/∂x is a "
                "correlation of the padded g with the flipped kernel (a true convolution).",
            ),
        ]
        if stride > 1:
            ones = input_gradient(g, w, n + len(g), 1)[:n]
            wrong.append(
                Misconception(
                    "misconception:stride-ignored",
                    vector_text(ones),
                    "With stride 2, output i starts at input 2(i−1)+1, not i: its gradient "
                    "goes back to x₂₍ᵢ₋₁₎₊₁, …, x₂₍ᵢ₋₁₎₊ₖ.",
                )
            )
        else:
            wrong.append(
                Misconception(
                    "misconception:kernel-gradient-instead",
                    vector_text(kernel_gradient(g, x, len(w), 1)),
                    "That is ∂L/∂w (a correlation of x with g). The question asks for ∂L/∂x, "
                    "as long as x.",
                )
            )
        step = "2(i-1)" if stride > 1 else "i-1"
        steps = [
            f"Input $x_j$ is read by output $i$ with weight $w_k$ whenever $j = {step} + k$; so "
            f"$\\dfrac{{\\partial L}}{{\\partial x_j}} = \\sum_{{i,k:\\ {step}+k = j}} g_i w_k$: "
            "scatter $g_i w$ back onto the inputs output $i$ read.",
        ]
        for i, gi in enumerate(g):
            start = stride * i + 1
            steps.append(
                f"Output {i + 1} (read $x_{{{start}}}..x_{{{start + len(w) - 1}}}$) adds "
                f"${gi} \\cdot w = {row([gi * v for v in w])}$ there."
            )
        steps.append(f"Sum: $\\partial L/\\partial x = {row(dx)}$.")
        head, plain = self._setting(x, w, g, stride)
        return Draft(
            prompt=head + " Find $\\partial L / \\partial x$.",
            text=plain + " Find ∂L/∂x.",
            kind="matrix",
            expected=expected,
            data={"ask": "input", "x": x, "w": w, "g": g, "stride": stride},
            hints=[
                "Which outputs read input xⱼ, and with which weight?",
                "Scatter: output i adds gᵢ·w onto the inputs it read ("
                + ("starting at 2(i−1)+1)." if stride > 1 else "starting at i)."),
            ],
            solution="\n\n".join(steps),
            misconceptions=wrong,
        )
