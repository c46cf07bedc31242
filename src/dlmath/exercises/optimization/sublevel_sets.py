"""optimization.sublevel-sets: sublevel sets of functions of one and two variables."""

from __future__ import annotations

from fractions import Fraction
from typing import TYPE_CHECKING

from dlmath.exercises.base import Draft, Generator, Misconception
from dlmath.exercises.kit import draw_int, json_value, pick, rational_sqrt, tex_number, text_number
from dlmath.exercises.optimization.convex_terms import (
    SET_CHOICES,
    affine_text,
    affine_tree,
    catalogue,
    combo,
    parenthesised,
    scaled,
    shift_text,
)
from dlmath.exercises.optimization.polynomials import poly1_text, poly1_tree
from dlmath.exercises.registry import register

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np

F = Fraction


@register
class SublevelSets(Generator):
    """The α-sublevel set of a one-variable convex function as an interval [a, b]
    (quadratics, absolute values, maxima of affine functions; irrational endpoints at
    difficulty 3), and whether a sublevel set of a non-convex function is convex."""

    skill = "optimization.sublevel-sets"
    version = 2

    def generate(self, rng: np.random.Generator, difficulty: int) -> Draft:
        form = pick(
            rng,
            {
                1: ["quadratic", "abs"],
                2: ["quadratic", "abs", "max"],
                3: ["root", "root", "level", "level"],
            }[difficulty],
        )
        if form == "level":
            return self._level(rng)
        if form == "max":
            return self._max(rng)
        return self._interval(rng, form, difficulty)

    def _interval(self, rng, form: str, difficulty: int) -> Draft:
        m = draw_int(rng, -3, 3)
        k = draw_int(rng, -3, 3)
        c = F(1) if difficulty == 1 or form == "root" else F(pick(rng, [2, 3, 4, 2]))
        if form == "root":
            r = pick(rng, [2, 3, 5, 6, 7, 8, 10])
            alpha = k + r
            lo_t, hi_t = f"{text_number(m)} - sqrt({r})", f"{text_number(m)} + sqrt({r})"
            if m == 0:
                lo_t, hi_t = f"-sqrt({r})", f"sqrt({r})"
            lo_l, hi_l = f"-\\sqrt{{{r}}}", f"\\sqrt{{{r}}}"
            if m:
                lo_l, hi_l = f"{tex_number(m)} - \\sqrt{{{r}}}", f"{tex_number(m)} + \\sqrt{{{r}}}"
            coeffs = [F(m * m + k), F(-2 * m), F(1)]
            expanded = True
            half = None
        else:
            s = (
                F(draw_int(rng, 1, 3))
                if difficulty == 1
                else F(pick(rng, [1, 2, 3, F(1, 2), F(3, 2)]))
            )
            half = s
            if form == "quadratic":
                alpha = k + c * s * s
                coeffs = [c * m * m + k, -2 * c * m, c]
            else:
                alpha = k + c * s
                coeffs = []
            lo_t, hi_t = text_number(m - s), text_number(m + s)
            lo_l, hi_l = tex_number(m - s), tex_number(m + s)
            expanded = form == "quadratic" and difficulty == 2
        if form == "abs":
            tree = ["add", scaled(c, ["abs", affine_tree(1, -m)]), json_value(k)]
            f_l = combo([(c, f"|{shift_text('x', m, True)}|"), (F(k), "")], True)
        elif expanded:
            tree = poly1_tree(coeffs)
            f_l = poly1_text(coeffs, True)
        else:
            tree = ["add", scaled(c, ["pow", affine_tree(1, -m), 2]), json_value(k)]
            f_l = combo([(c, parenthesised(shift_text("x", m, True)) + "^2"), (F(k), "")], True)
        expected = f"{lo_t}, {hi_t}"
        wrong: list[Misconception] = []
        if form == "root":
            if m != 0:
                wrong.append(
                    Misconception(
                        "misconception:sign-of-vertex",
                        f"{text_number(-m)} - sqrt({r}), {text_number(-m)} + sqrt({r})",
                        f"Completing the square, x² + bx = (x + b/2)² − b²/4: the centre is "
                        f"−b/2 = {text_number(m)}, not {text_number(-m)}.",
                    )
                )
            if k != 0 and alpha > 0:
                wrong.append(
                    Misconception(
                        "misconception:forgot-offset",
                        f"{text_number(m)} - sqrt({text_number(alpha)}), {text_number(m)} + "
                        f"sqrt({text_number(alpha)})",
                        f"(x − m)² + k ≤ α means (x − m)² ≤ α − k: subtract the constant "
                        f"{text_number(k)} "
                        "left over from completing the square.",
                    )
                )
        if half is not None and m != 0:
            wrong.append(
                Misconception(
                    "misconception:sign-of-vertex",
                    f"{text_number(-m - half)}, {text_number(-m + half)}",
                    f"The centre is where the inside vanishes: {shift_text('x', m)} = 0 at "
                    f"x = {text_number(m)}, not {text_number(-m)}.",
                )
            )
        if half is not None and c != 1:
            unscaled = (alpha - k) if form == "abs" else None
            if form == "abs":
                wrong.append(
                    Misconception(
                        "misconception:forgot-scale",
                        f"{text_number(m - unscaled)}, {text_number(m + unscaled)}",
                        f"Divide by the factor {text_number(c)} before reading off the "
                        "half-width: |x "
                        f"− m| ≤ (α − k)/{text_number(c)}.",
                    )
                )
            else:
                root = rational_sqrt(alpha - k)
                if root is not None:
                    wrong.append(
                        Misconception(
                            "misconception:forgot-scale",
                            f"{text_number(m - root)}, {text_number(m + root)}",
                            f"Divide by the factor {text_number(c)} before taking the square "
                            "root: (x "
                            f"− m)² ≤ (α − k)/{text_number(c)}.",
                        )
                    )
        steps = []
        shift_l = shift_text("x", m, True)
        if expanded and m != 0:
            steps.append(
                "Complete the square: $f(x) = "
                + combo([(c, parenthesised(shift_l) + "^2"), (F(k), "")], True)
                + "$."
            )
        moves = [f"subtract ${k}$" if k > 0 else f"add ${-k}$"] if k else []
        if c != 1:
            moves.append(f"divide by ${tex_number(c)}$")
        how = f" ({' and '.join(moves)})" if moves else ""
        bound = tex_number(F(alpha - k) / c)
        width_l = tex_number(half) if half is not None else f"\\sqrt{{{alpha - k}}}"
        if form == "abs":
            steps.append(f"$f(x) \\le {tex_number(alpha)}$ means $|{shift_l}| \\le {bound}${how}.")
        else:
            steps.append(
                f"$f(x) \\le {tex_number(alpha)}$ means ${parenthesised(shift_l)}^2 \\le "
                f"{bound}${how}, "
                f"i.e. $|{shift_l}| \\le {width_l}$."
            )
        steps.append(
            f"So the sublevel set is the interval $[{lo_l}, {hi_l}]$ (convex, as every sublevel "
            "set of a convex function is)."
        )
        return Draft(
            prompt=(
                f"Find the sublevel set "
                f"$\\{{x \\in \\mathbb{{R}} : f(x) \\le {tex_number(alpha)}\\}}$ "
                f"of $f(x) = {f_l}$. It is an interval $[a, b]$: answer `a, b`."
            ),
            kind="sequence",
            expected=expected,
            data={"form": form, "tree": tree, "alpha": json_value(alpha)},
            hints=[
                "Solve f(x) = α for the two endpoints; between them f ≤ α because f is convex.",
                "Isolate the square (or the absolute value) first: subtract the constant, "
                "divide by the factor.",
            ],
            solution="\n\n".join(steps),
            misconceptions=wrong,
        )

    def _max(self, rng) -> Draft:
        a1, a2 = -draw_int(rng, 1, 3), draw_int(rng, 1, 3)
        b1, b2 = draw_int(rng, -3, 3), draw_int(rng, -3, 3)
        cross = F(b2 - b1, a1 - a2)
        floor = a1 * cross + b1
        alpha = (
            int(floor) + draw_int(rng, 1, 4)
            if floor == int(floor)
            else int(floor) + draw_int(rng, 1, 4) + 1
        )
        lo, hi = F(alpha - b1, a1), F(alpha - b2, a2)
        p1_l, p2_l = affine_text(a1, b1, "x", True), affine_text(a2, b2, "x", True)
        expected = f"{text_number(lo)}, {text_number(hi)}"
        return Draft(
            prompt=(
                f"Find the sublevel set $\\{{x \\in \\mathbb{{R}} : f(x) \\le {alpha}\\}}$ "
                f"of $f(x) = \\max({p1_l}, {p2_l})$. It is an interval $[a, b]$: answer `a, "
                "b`."
            ),
            kind="sequence",
            expected=expected,
            data={
                "form": "max",
                "tree": ["max", affine_tree(a1, b1), affine_tree(a2, b2)],
                "alpha": alpha,
            },
            hints=[
                "max(u, v) ≤ α exactly when u ≤ α and v ≤ α.",
                "Dividing an inequality by a negative number flips it.",
            ],
            solution="\n\n".join(
                [
                    f"$\\max(\\cdot) \\le {alpha}$ means both pieces are $\\le {alpha}$.",
                    f"${p1_l} \\le {alpha}$: dividing by ${a1} < 0$ flips the inequality, "
                    f"$x \\ge {tex_number(lo)}$.",
                    f"${p2_l} \\le {alpha}$: $x \\le {tex_number(hi)}$.",
                    f"The sublevel set is $[{tex_number(lo)}, {tex_number(hi)}]$, an interval, as "
                    "for every "
                    "convex function.",
                ]
            ),
            misconceptions=[
                Misconception(
                    "misconception:no-flip",
                    f"{text_number(hi)}, {text_number(lo)}" if hi != lo else "0, 0",
                    "Dividing by the negative slope flips the inequality: the first piece "
                    "gives a lower bound on x.",
                )
            ],
        )

    def _level(self, rng) -> Draft:
        entry = pick(rng, catalogue()["level1"])
        alpha = F(pick(rng, entry["levels"]))
        convex = entry["quasiconvex"]
        expected = "convex" if convex else "not convex"
        wrong = [
            Misconception(
                "misconception:needs-convex-function",
                "not convex",
                "The function is not convex, but its sublevel sets can still be intervals: "
                "it is quasi-convex (it decreases, then increases, or is monotone).",
            )
            if convex
            else Misconception(
                "misconception:sublevel-always-convex",
                "convex",
                "Only sublevel sets of convex or quasi-convex functions are guaranteed convex; "
                f"{entry['split']}, and the set falls into two pieces.",
            )
        ]
        return Draft(
            prompt=(
                f"Let $f(x) = {entry['latex']}$ on $\\mathbb{{R}}$. Is the sublevel set $\\{{x "
                f": f(x) \\le {tex_number(alpha)}\\}}$ convex? Answer convex or not convex."
            ),
            kind="choice",
            expected=expected,
            data={"form": "level", "tree": entry["tree"], "alpha": json_value(alpha)},
            hints=[
                "A subset of ℝ is convex exactly when it is an interval.",
                "Sketch f: where is it below the level α? One piece or several?",
            ],
            solution=entry["why"].replace("\\alpha", tex_number(alpha))
            + f"\n\nSo the set is **{expected}**.",
            misconceptions=wrong,
            choices=list(SET_CHOICES),
        )
