"""optimization.jensen: which side of Jensen's inequality is larger."""

from __future__ import annotations

from fractions import Fraction
from typing import TYPE_CHECKING, Any

from dlmath.exercises.base import Draft, Generator, Misconception
from dlmath.exercises.kit import draw_int, json_value, pick, tex_number, text_number
from dlmath.exercises.optimization.convex_terms import affine_text, affine_tree, parenthesised, var
from dlmath.exercises.optimization.exp_log_values import (
    ONE,
    ExpLogValue,
    constant_value,
    exp_value,
    log_value,
    value_latex,
    value_mistakes,
    value_scaled,
    value_sum,
    value_text,
)
from dlmath.exercises.registry import register

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np

F = Fraction


JENSEN_CHOICES = ["E[f(X)]", "f(E[X])", "equal"]


# id: (text, latex, curvature, strict, positive values only)
JENSEN_FUNCTIONS = {
    "square": ("x²", "x^2", "convex", True, False),
    "shifted-square": ("(x - c)²", "(x - c)^2", "convex", True, False),
    "abs": ("|x|", "|x|", "convex", False, False),
    "relu": ("max(x, 0)", "\\max(x, 0)", "convex", False, False),
    "quartic": ("x⁴", "x^4", "convex", True, False),
    "exp": ("exp(x)", "e^x", "convex", True, False),
    "neglog": ("-log(x)", "-\\log x", "convex", True, True),
    "log": ("log(x)", "\\log x", "concave", True, True),
    "sqrt": ("√x", "\\sqrt{x}", "concave", True, True),
    "affine": ("2x + 1", "2x + 1", "affine", False, False),
}


def _jensen_tree(fid: str, c: int) -> Any:
    x = var(0)
    return {
        "square": ["pow", x, 2],
        "shifted-square": ["pow", affine_tree(1, -c), 2],
        "abs": ["abs", x],
        "relu": ["max", x, 0],
        "quartic": ["pow", x, 4],
        "exp": ["exp", x],
        "neglog": ["mul", -1, ["log", x]],
        "log": ["log", x],
        "sqrt": ["sqrt", x],
        "affine": ["add", ["mul", 2, x], 1],
    }[fid]


def _jensen_value(fid: str, c: int, x: Fraction) -> ExpLogValue | None:
    """f(x) exactly, or None when it is not an exp/log/rational value (√ of a non-square)."""
    if fid == "square":
        return constant_value(x * x)
    if fid == "shifted-square":
        return constant_value((x - c) ** 2)
    if fid == "abs":
        return constant_value(abs(x))
    if fid == "relu":
        return constant_value(max(x, F(0)))
    if fid == "quartic":
        return constant_value(x**4)
    if fid == "exp":
        return exp_value(x)
    if fid == "neglog":
        return log_value(x, -1)
    if fid == "log":
        return log_value(x)
    if fid == "affine":
        return constant_value(2 * x + 1)
    return None


@register
class Jensen(Generator):
    """E[f(X)] against f(E[X]) for a small discrete X: the exact Jensen gap, or which side
    is larger (equal when f is affine on the support, a trap for |x| and max(x, 0))."""

    skill = "optimization.jensen"
    version = 2

    def generate(self, rng: np.random.Generator, difficulty: int) -> Draft:
        ask = "gap" if rng.random() < (0.7 if difficulty == 1 else 0.5) else "compare"
        if ask == "gap":
            fid = pick(
                rng,
                {
                    1: ["square", "shifted-square"],
                    2: ["abs", "relu", "exp", "square"],
                    3: ["quartic", "neglog", "exp", "relu"],
                }[difficulty],
            )
        else:
            fid = pick(
                rng,
                {
                    1: ["square", "log", "affine"],
                    2: ["exp", "sqrt", "abs", "neglog"],
                    3: ["abs", "relu", "relu", "log", "sqrt", "quartic"],
                }[difficulty],
            )
        text_f, latex_f, curvature, strict, positive = JENSEN_FUNCTIONS[fid]
        size = {1: 2, 2: 3, 3: pick(rng, [3, 4])}[difficulty]
        c = draw_int(rng, -2, 2) if fid == "shifted-square" else 0
        one_sided = (
            difficulty == 3 and ask == "compare" and fid in ("abs", "relu") and rng.random() < 0.6
        )
        while True:
            lo, hi = (1, 6) if positive else ((0, 4) if one_sided else (-3, 3))
            values = sorted({draw_int(rng, lo, hi) for _ in range(size)})
            if len(values) == size:
                break
        weights = [draw_int(rng, 1, 4) for _ in range(size)]
        total = sum(weights)
        probs = [F(w, total) for w in weights]
        mean = sum((p * v for p, v in zip(probs, values, strict=True)), F(0))
        text_f = text_f.replace("c", text_number(c)) if fid == "shifted-square" else text_f
        latex_f = latex_f.replace("c", text_number(c)) if fid == "shifted-square" else latex_f
        if fid == "shifted-square":
            text_f = parenthesised(affine_text(1, -c)) + "²"
            latex_f = parenthesised(affine_text(1, -c, "x", True)) + "^2"
        pmf_l = ", ".join(
            f"P(X = {v}) = {tex_number(p)}" for v, p in zip(values, probs, strict=True)
        )
        data = {
            "ask": ask,
            "f": fid,
            "tree": _jensen_tree(fid, c),
            "values": values,
            "probs": [json_value(p) for p in probs],
        }
        products = " + ".join(
            f"{tex_number(p)} \\cdot {f'({v})' if v < 0 else v}"
            for v, p in zip(values, probs, strict=True)
        )
        mean_step = f"$E[X] = {products} = {tex_number(mean)}$."
        if ask == "gap":
            ef = value_sum(
                *(
                    value_scaled(_jensen_value(fid, c, F(v)), p)
                    for v, p in zip(values, probs, strict=True)
                )
            )
            fe = _jensen_value(fid, c, mean)
            f_products = " + ".join(
                f"{tex_number(p)} \\cdot {value_latex(_jensen_value(fid, c, F(v)))}"
                for v, p in zip(values, probs, strict=True)
            )
            gap = value_sum(ef, value_scaled(fe, -1))
            wrong = value_mistakes(
                [
                    (
                        "misconception:jensen-reversed",
                        value_scaled(gap, -1),
                        "That is f(E[X]) − E[f(X)]: for a convex f, E[f(X)] is the larger, "
                        "so the gap E[f(X)] − f(E[X]) is nonnegative.",
                    ),
                    (
                        "misconception:expectation-only",
                        ef,
                        "That is E[f(X)] alone; the gap subtracts f(E[X]).",
                    ),
                ]
            )
            return Draft(
                prompt=(
                    f"$X$ takes the values ${pmf_l}$. For $f(x) = {latex_f}$, compute the "
                    "Jensen gap $E[f(X)] - f(E[X])$ exactly."
                ),
                kind="number",
                expected=value_text(gap),
                data=data,
                hints=[
                    "First E[X] = Σ x·P(X = x), then E[f(X)] = Σ f(x)·P(X = x).",
                    "f is convex, so the gap is at least 0 (Jensen's inequality)."
                    + (
                        " For f(x) = x² (or (x − c)²) it is Var(X)."
                        if fid in ("square", "shifted-square")
                        else ""
                    ),
                ],
                solution="\n\n".join(
                    [
                        mean_step,
                        f"$E[f(X)] = {f_products} = {value_latex(ef)}$.",
                        f"$f(E[X]) = f({tex_number(mean)}) = {value_latex(fe)}$.",
                        f"Gap: $E[f(X)] - f(E[X]) = {value_latex(gap)} \\ge 0$, as Jensen's "
                        "inequality "
                        "promises for convex $f$.",
                    ]
                ),
                misconceptions=wrong,
            )
        # compare
        if curvature == "affine":
            expected, reason = (
                "equal",
                "$f$ is affine, so $E[f(X)] = f(E[X])$ exactly (linearity of expectation).",
            )
        elif fid in ("abs", "relu"):
            ef = sum(
                (
                    p * _jensen_value(fid, c, F(v)).get(ONE, F(0))
                    for v, p in zip(values, probs, strict=True)
                ),
                F(0),
            )
            fe = _jensen_value(fid, c, mean).get(ONE, F(0))
            if ef == fe:
                expected = "equal"
                side = "x \\ge 0" if min(values) >= 0 else "x \\le 0"
                reason = (
                    f"$f$ is convex, but every value of $X$ lies where $f$ is affine (${side}$), "
                    f"so there $E[f(X)] = f(E[X]) = {tex_number(fe)}$."
                )
            else:
                expected = "E[f(X)]"
                reason = (
                    "$f$ is convex and $X$ takes values on both sides of the kink at $0$: "
                    f"$E[f(X)] = {tex_number(ef)} > f(E[X]) = {tex_number(fe)}$."
                )
        elif curvature == "convex":
            expected, reason = (
                "E[f(X)]",
                "$f$ is strictly convex and $X$ is not constant, so Jensen's inequality is "
                "strict: $E[f(X)] > f(E[X])$.",
            )
        else:
            expected, reason = (
                "f(E[X])",
                "$f$ is strictly concave and $X$ is not constant, so the inequality reverses "
                "and is strict: $f(E[X]) > E[f(X)]$.",
            )
        wrong = []
        if expected == "E[f(X)]":
            wrong.append(
                Misconception(
                    "misconception:jensen-reversed",
                    "f(E[X])",
                    "For a convex f, Jensen's inequality says f(E[X]) ≤ E[f(X)]: the expectation "
                    "of f is the larger.",
                )
            )
        elif expected == "f(E[X])":
            wrong.append(
                Misconception(
                    "misconception:jensen-reversed",
                    "E[f(X)]",
                    "f is concave here, so Jensen's inequality is reversed: E[f(X)] ≤ f(E[X]).",
                )
            )
        elif curvature != "affine":
            wrong.append(
                Misconception(
                    "misconception:always-strict",
                    "E[f(X)]",
                    "Jensen's inequality can be an equality: f is affine on the values X "
                    "takes, so both sides agree.",
                )
            )
        return Draft(
            prompt=f"$X$ takes the values ${pmf_l}$, and $f(x) = {latex_f}$"
            + (" (for $x > 0$)" if positive else "")
            + ". Which is larger: $E[f(X)]$ or $f(E[X])$? Answer E[f(X)], f(E[X]) or equal.",
            kind="choice",
            expected=expected,
            data=data,
            hints=[
                "Jensen's inequality: f(E[X]) ≤ E[f(X)] for convex f; the reverse for concave f.",
                "It is strict when f is strictly convex (or concave) on the values of X and "
                "X is not constant; equality when f is affine there.",
            ],
            solution="\n\n".join([mean_step, reason]),
            misconceptions=wrong,
            choices=list(JENSEN_CHOICES),
        )
