"""Inline LaTeX of hints and solutions as terminal text."""

from __future__ import annotations

import pytest

from dlmath.session.terminal_math import terminal_text


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
    from dlmath.session.terminal_math import terminal_text

    assert terminal_text(r"$\tfrac12 \ell$") == "1/2 ℓ"
