"""Inline LaTeX of hints and solutions as terminal text."""

from __future__ import annotations

import pytest

from dlmath.exercises.terminal_math import terminal_text


@pytest.mark.parametrize(
    ("markdown", "plain"),
    [
        (r"$A$ is $1 \times 2$", "A is 1 × 2"),
        (r"so $\nabla_x f = 2 A^\top (A x - b)$.", "so ∇_x f = 2 Aᵀ (A x - b)."),
        (r"$W^{-1}$ and $x^2$ and $A^{T}$", "W⁻¹ and x² and Aᵀ"),
        (r"$\frac{1}{n}\sum_{i=1}^{n} x_i$", "1/n Σ_(i=1)ⁿ x_i"),
        (r"$\frac{\partial L}{\partial z}$", "(∂ L)/(∂ z)"),
        (r"$\sqrt{2}$, $\tfrac{\sqrt{3}}{2}$", "√2, √3/2"),
        (r"$\begin{bmatrix} 1 & 2 \\ 3 & 4 \end{bmatrix}$", "[1 2; 3 4]"),
        (r"$\operatorname{tr}(A) = \lVert x \rVert_2^2$", "tr(A) = ‖ x ‖₂²"),
        (r"$\left( \hat{y} - y \right)$", "( ŷ - y )"),
        ("no math here, 2 * 3", "no math here, 2 * 3"),
    ],
)
def test_terminal_text(markdown, plain):
    assert terminal_text(markdown) == plain


def test_unknown_commands_lose_only_their_backslash():
    assert terminal_text(r"$\max_j z_j$") == "max_j z_j"


def test_short_fractions_and_ell():
    from dlmath.exercises.terminal_math import terminal_text

    assert terminal_text(r"$\tfrac12 \ell$") == "1/2 ℓ"


@pytest.mark.parametrize(
    ("markdown", "plain"),
    [
        (r"**Step 1.** $x^* = 2$", "Step 1. x* = 2"),
        (r"$S = \{x : x \ge 0\}$", "S = {x : x ≥ 0}"),
        (r"$\hat\lambda = \frac{e^{x}}{\sqrt{\frac{1}{2}}}$", "λ̂ = (e^x)/(√(1/2))"),
        (r"$\operatorname{Var}(X) = \binom{4}{2}$", "Var(X) = C(4, 2)"),
        (r"$\bar x$ and $\mathbb{R}^n$", "x̄ and ℝⁿ"),
    ],
)
def test_constructs_the_generators_use(markdown, plain):
    assert terminal_text(markdown) == plain


def test_named_matrices_become_grids_below_their_paragraph():
    text = terminal_text(
        r"Compute $AB$ for $A = \begin{bmatrix} 1 & -2 \\ 3 & 4 \end{bmatrix}$, "
        r"$B = \begin{bmatrix} 5 \\ 6 \end{bmatrix}$."
    )
    assert text.split("\n")[0] == "Compute AB for A, B."
    assert "A = ⎡ 1  -2 ⎤     B = ⎡ 5 ⎤" in text and "⎣ 3   4 ⎦" in text


def test_aligned_and_arrays_with_rules():
    system = terminal_text(r"$$\begin{aligned} x + y &= 1 \\ 2x &= 3 \end{aligned}$$")
    assert system == "    x + y = 1\n    2x = 3"
    table = terminal_text(
        r"$$\begin{array}{c|cc} x & 1 & 2 \\ \hline "
        r"P(X = x) & \frac{1}{3} & \frac{2}{3} \end{array}$$"
    )
    assert table.split("\n") == [
        "       x  │    1    2",
        "──────────┼──────────",
        "P(X = x)  │  1/3  2/3",
    ]
    augmented = terminal_text(
        r"$$\left[\begin{array}{cc|c} 1 & 2 & 3 \\ 4 & 5 & 6 \end{array}\right]$$"
    )
    assert augmented.split("\n") == ["⎡ 1  2  │  3 ⎤", "⎣ 4  5  │  6 ⎦"]


def test_unknown_commands_keep_their_backslash_for_the_sweep():
    assert terminal_text(r"$\foo x$") == r"\foo x"


def test_latex_problems_finds_unbalanced_strings():
    from dlmath.exercises.terminal_math import latex_problems

    assert latex_problems(r"$T = \{{(x, y) : x \ge 0\}$")  # a missing f prefix doubles braces
    assert latex_problems(r"$\left( x$")
    assert latex_problems(r"$\begin{bmatrix} 1 \end{pmatrix}$")
    assert latex_problems("costs $5")
    assert not latex_problems(r"$\left\{ x \right\}$ and $\begin{bmatrix} 1 \end{bmatrix}$")
