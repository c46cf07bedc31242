"""calculus.vjp-modes: Jacobian-vector products (forward mode) against vector-Jacobian
products (reverse mode), and what each costs for a network's shape.

Difficulty 1: how many forward or reverse passes give the whole Jacobian of f: Rⁿ → Rᵐ
(n JVPs, m VJPs). Difficulty 2: the multiplications either mode spends on the whole
Jacobian of a chain of dense layers (passes × Σ dₖdₖ₋₁). Difficulty 3: compute a VJP Jᵀu or a
JVP Jv by hand for f(x) = W₂ relu(W₁x), never forming J.
"""

from __future__ import annotations

from fractions import Fraction
from typing import TYPE_CHECKING

from dlmath.exercises.base import Draft, Generator, Misconception
from dlmath.exercises.kit import (
    draw_int,
    integer_matrix,
    json_matrix,
    latex_named,
    mat_mul,
    pick,
    transpose,
)
from dlmath.exercises.layout import named_grids
from dlmath.exercises.registry import register
from dlmath.expr.literals import latex_matrix, matrix_text

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np

WIDTHS = (1, 2, 3, 5, 8, 10, 16, 20, 32, 50, 64, 100, 128, 256, 500, 784, 1000)


@register
class AutodiffModes(Generator):
    """Passes and costs of forward and reverse mode; JVPs and VJPs by hand."""

    skill = "calculus.vjp-modes"
    version = 1

    def generate(self, rng: np.random.Generator, difficulty: int) -> Draft:
        if difficulty == 1:
            return self._passes(rng)
        if difficulty == 2:
            return self._cost(rng)
        return self._by_hand(rng)

    def _passes(self, rng: np.random.Generator) -> Draft:
        while True:
            n, m = pick(rng, WIDTHS), pick(rng, WIDTHS)
            if n != m and n * m > 1:
                break
        mode = pick(rng, ["forward", "reverse"])
        value = n if mode == "forward" else m
        other = m if mode == "forward" else n
        wrong = [
            Misconception(
                "misconception:modes-swapped",
                str(other),
                "One forward pass (a JVP Jv) gives one column of J, so forward mode needs n "
                "passes; one reverse pass (a VJP uᵀJ) gives one row, so reverse mode needs m.",
            ),
            Misconception(
                "misconception:one-pass-per-entry",
                str(n * m),
                "A pass gives a whole column (forward) or row (reverse) of J, not one entry.",
            ),
            Misconception(
                "misconception:one-pass-suffices",
                "1",
                "One pass gives one column (forward) or one row (reverse); a single pass gives "
                "the whole Jacobian only when it has one column or one row.",
            ),
        ]
        expected = str(value)
        what = "column" if mode == "forward" else "row"
        steps = [
            "A forward-mode pass pushes one tangent $v$ through the network and returns "
            "$Jv$; with $v = e_j$ that is column $j$ of $J$. A reverse-mode pass pulls one "
            "cotangent $u$ back and returns $u^T J$; with $u = e_i$ that is row $i$.",
            f"$J$ is ${m} \\times {n}$, so {mode} mode needs one pass per {what}: "
            f"${value}$ passes.",
            "That is why training (a scalar loss, $m = 1$, of many parameters) uses reverse mode.",
        ]
        return Draft(
            prompt=f"A network computes $f: \\mathbb{{R}}^{{{n}}} \\to \\mathbb{{R}}^{{{m}}}$. "
            "How many "
            f"{mode}-mode passes (each a "
            f"{'Jacobian-vector' if mode == 'forward' else 'vector-Jacobian'}"
            " product) does it take to obtain the whole Jacobian $\\partial f / \\partial x$?",
            text=f"A network computes f: R^{n} → R^{m}. How many {mode}-mode passes (each a "
            f"{'Jacobian-vector' if mode == 'forward' else 'vector-Jacobian'} product) does it "
            "take "
            "to obtain the whole Jacobian ∂f/∂x?",
            kind="number",
            expected=expected,
            data={"ask": "passes", "mode": mode, "n": n, "m": m},
            hints=[
                f"What does one {mode}-mode pass return: a row or a column of J?",
                "Jv with v = eⱼ is column j; uᵀJ with u = eᵢ is row i. J is m × n.",
            ],
            solution="\n\n".join(steps),
            misconceptions=wrong,
        )

    def _cost(self, rng: np.random.Generator) -> Draft:
        layers = pick(rng, [2, 3, 3])
        while True:
            dims = [pick(rng, WIDTHS[1:12]) for _ in range(layers + 1)]
            if dims[0] != dims[-1]:
                break
        mode = pick(rng, ["forward", "reverse"])
        per_pass = sum(dims[k] * dims[k + 1] for k in range(layers))
        forward, reverse = dims[0] * per_pass, dims[-1] * per_pass
        value = forward if mode == "forward" else reverse
        expected = str(value)
        wrong = [
            Misconception(
                "misconception:modes-swapped",
                str(reverse if mode == "forward" else forward),
                f"Forward mode needs one pass per input ({dims[0]}), reverse mode one per "
                f"output ({dims[-1]}); each pass costs Σ dₖdₖ₋₁ = {per_pass} multiplications.",
            ),
            Misconception(
                "misconception:one-pass-cost",
                str(per_pass),
                "That is the cost of one pass; the whole Jacobian takes one pass per column "
                "(forward) or per row (reverse).",
            ),
            Misconception(
                "misconception:product-of-widths",
                str(_product(dims)),
                "The cost of a matrix-vector product with a dₖ × dₖ₋₁ matrix is dₖdₖ₋₁: the "
                "costs of the layers add up, they do not multiply.",
            ),
        ]
        shape = " \\to ".join(str(d) for d in dims)
        shape_text = " → ".join(str(d) for d in dims)
        passes = dims[0] if mode == "forward" else dims[-1]
        steps = [
            "A pass in either mode multiplies one vector by every weight matrix (or its "
            "transpose): $\\sum_k d_k d_{k-1} = "
            + " + ".join(f"{dims[k]} \\cdot {dims[k + 1]}" for k in range(layers))
            + f" = {per_pass}$ multiplications.",
            f"Forward mode needs one pass per input ($d_0 = {dims[0]}$), reverse mode one per "
            f"output ($d_{layers} = {dims[-1]}$).",
            f"{mode.capitalize()} mode: ${passes} \\cdot {per_pass} = {value}$ (forward "
            f"{forward}, reverse {reverse}).",
        ]
        return Draft(
            prompt=f"A network of {layers} dense layers has widths ${shape}$ (input first; "
            "elementwise activations between layers). Counting only the multiplications in "
            "matrix-vector products, how many does "
            f"{mode} mode spend to compute the whole Jacobian of the output with respect to "
            "the input, one basis vector per pass?",
            text=f"A network of {layers} dense layers has widths {shape_text} (input first; "
            "elementwise activations between layers). Counting only the multiplications in "
            f"matrix-vector products, how many does {mode} mode spend to compute the whole "
            "Jacobian of the output with respect to the input, one basis vector per pass?",
            kind="number",
            expected=expected,
            data={"ask": "cost", "mode": mode, "dims": dims},
            hints=[
                "One pass costs one matrix-vector product per layer: Σ dₖdₖ₋₁.",
                "Forward mode: one pass per input dimension; reverse: one per output dimension.",
            ],
            solution="\n\n".join(steps),
            misconceptions=wrong,
        )

    def _by_hand(self, rng: np.random.Generator) -> Draft:
        n, h, m = pick(rng, [(3, 3, 2), (2, 3, 2), (3, 2, 2), (2, 3, 3), (2, 3, 2)])
        while True:
            w1 = integer_matrix(rng, h, n, -3, 3)
            w2 = integer_matrix(rng, m, h, -3, 3)
            x = [draw_int(rng, -2, 2) for _ in range(n)]
            pre = [sum(w1[i][j] * x[j] for j in range(n)) for i in range(h)]
            mask = [1 if v > 0 else 0 for v in pre]
            if 0 in pre or sum(mask) in (0, h):
                continue
            mode = pick(rng, ["vjp", "jvp"])
            size = m if mode == "vjp" else n
            u = [draw_int(rng, -3, 3) for _ in range(size)]
            jac = mat_mul(w2, [[mask[i] * w1[i][j] for j in range(n)] for i in range(h)])
            if any(u) and any(any(r) for r in jac):
                break
        vec = [[Fraction(v)] for v in u]
        full = mat_mul(w2, w1)
        if mode == "vjp":
            answer = mat_mul(transpose(jac), vec)
            unmasked = mat_mul(transpose(full), vec)
            other = mat_mul(jac, vec) if m == n else None
            name, what = "J^T u", "Jᵀu"
        else:
            answer = mat_mul(jac, vec)
            unmasked = mat_mul(full, vec)
            other = mat_mul(transpose(jac), vec) if m == n else None
            name, what = "J v", "Jv"
        expected = matrix_text(answer)
        wrong = [
            Misconception(
                "misconception:relu-mask-dropped",
                matrix_text(unmasked),
                "The ReLU passes a derivative only where its input is positive: "
                "J = W₂ diag(1[W₁x > 0]) W₁, not W₂W₁.",
            ),
        ]
        if other is not None:
            wrong.append(
                Misconception(
                    "misconception:jvp-vjp-swapped",
                    matrix_text(other),
                    "A JVP multiplies J on the right (Jv, output-sized); a VJP multiplies it on "
                    "the left (uᵀJ = (Jᵀu)ᵀ, input-sized) and runs through the layers backwards.",
                )
            )
        vname = "u" if mode == "vjp" else "v"
        dl = latex_matrix([[Fraction(v)] for v in mask])
        steps = [
            f"At $x$: $W_1 x = {latex_matrix([[Fraction(v)] for v in pre])}$, so the ReLU "
            f"derivative is $d = {dl}$ and $J = W_2 \\operatorname{{diag}}(d) W_1$.",
        ]
        if mode == "vjp":
            back = mat_mul(transpose(w2), vec)
            steps.append(
                f"Reverse order: $W_2^T u = {latex_matrix(back)}$, times $d$ entrywise, then "
                f"$W_1^T$: $$J^T u = {latex_matrix(answer)}$$"
            )
        else:
            fwd = mat_mul(w1, vec)
            steps.append(
                f"Forward order: $W_1 v = {latex_matrix(fwd)}$, times $d$ entrywise, then "
                f"$W_2$: $$J v = {latex_matrix(answer)}$$"
            )
        steps.append("Neither product needs $J$ itself: that is what makes AD cheap.")
        named = [("W_1", w1), ("W_2", w2), ("x", [[v] for v in x]), (vname, vec)]
        return Draft(
            prompt=f"Let $f(x) = W_2\\, \\mathrm{{relu}}(W_1 x)$ and $J = \\partial f / "
            "\\partial x$ "
            f"at the point $x$ below. Compute ${name}$ (a column) without forming $J$ first.\n\n"
            + latex_named(named),
            text="Let f(x) = W₂ relu(W₁x) and J = ∂f/∂x at the point x below. Compute "
            f"{what} (a column) without forming J first.\n\n"
            + named_grids([("W₁", w1), ("W₂", w2), *named[2:]]),
            kind="matrix",
            expected=expected,
            data={
                "ask": mode,
                "W1": json_matrix(w1),
                "W2": json_matrix(w2),
                "x": x,
                vname: u,
            },
            hints=[
                "J = W₂ diag(relu′(W₁x)) W₁; relu′ is 1 where the input is positive, else 0.",
                "A VJP goes backwards: W₂ᵀu, mask, W₁ᵀ. A JVP goes forwards: W₁v, mask, W₂.",
            ],
            solution="\n\n".join(steps),
            misconceptions=wrong,
        )


def _product(values: list[int]) -> int:
    out = 1
    for v in values:
        out *= v
    return out
