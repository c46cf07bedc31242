"""optimization.projected-gradient: x⁺ = Π_C(x − α∇f(x)), the Euclidean projection keeping
iterates feasible (weight clipping, norm constraints, nonnegativity).

Difficulty 1: the projection of a point onto a box [l, u] (clip each coordinate).
Difficulty 2: one projected-gradient step for a quadratic on the nonnegative orthant or a
box. Difficulty 3: one step whose projection is onto a Euclidean ball ‖x‖ ≤ r (rescale)
or a half-space aᵀx ≤ c (move back along a by (aᵀz − c)/‖a‖²).
"""

from __future__ import annotations

from fractions import Fraction
from typing import TYPE_CHECKING

from dlmath.exercises.base import Draft, Generator, Misconception
from dlmath.exercises.kit import draw_int, linear_form, pick
from dlmath.exercises.registry import register
from dlmath.expr.literals import format_number, latex_number, vector_text

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np

PYTHAGOREAN = [(3, 4), (4, 3), (5, 12), (12, 5), (6, 8), (8, 6), (0, 5), (5, 0)]
NORMALS = [(3, 4), (4, 3), (3, -4), (0, 1), (1, 0), (0, 2), (4, -3)]


def clip(y, lo, hi):
    return [min(max(v, a), b) for v, a, b in zip(y, lo, hi, strict=True)]


def tup(values) -> str:
    return "(" + ", ".join(format_number(Fraction(v)) for v in values) + ")"


def tup_latex(values) -> str:
    return "(" + ", ".join(latex_number(Fraction(v)) for v in values) + ")"


@register
class ProjectedGradient(Generator):
    """Projections onto boxes, balls and half-spaces, and projected-gradient steps."""

    skill = "optimization.projected-gradient"
    version = 1

    def generate(self, rng: np.random.Generator, difficulty: int) -> Draft:
        if difficulty == 1:
            return self._box(rng)
        if difficulty == 2:
            return self._box_step(rng)
        return self._ball_or_halfspace(rng)

    def _box(self, rng: np.random.Generator) -> Draft:
        n = pick(rng, [3, 4])
        while True:
            lo = [draw_int(rng, -4, -1) for _ in range(n)]
            hi = [draw_int(rng, 1, 4) for _ in range(n)]
            y = [draw_int(rng, -7, 7) for _ in range(n)]
            p = clip(y, lo, hi)
            moved = sum(a != b for a, b in zip(p, y, strict=True))
            if 0 < moved < n:
                break
        expected = vector_text(p)
        t = min(
            Fraction(h if v > 0 else -lo_, abs(v)) if v else Fraction(1)
            for v, lo_, h in zip(y, lo, hi, strict=True)
        )
        wrong = [
            Misconception(
                "misconception:rescaled-not-clipped",
                vector_text([t * v for v in y]),
                "Shrinking y towards 0 until it fits is not the nearest point of a box: the "
                "box constraints are separate, so clip each coordinate to [lᵢ, uᵢ].",
            ),
            Misconception(
                "misconception:only-upper-bounds",
                vector_text([min(v, h) for v, h in zip(y, hi, strict=True)]),
                "Both bounds apply: a coordinate below lᵢ is raised to lᵢ.",
            ),
            Misconception(
                "misconception:only-lower-bounds",
                vector_text([max(v, a) for v, a in zip(y, lo, strict=True)]),
                "Both bounds apply: a coordinate above uᵢ is lowered to uᵢ.",
            ),
        ]
        box = " \\times ".join(f"[{a}, {b}]" for a, b in zip(lo, hi, strict=True))
        box_text = " × ".join(f"[{a}, {b}]" for a, b in zip(lo, hi, strict=True))
        steps = [
            "The squared distance $\\sum_i (x_i - y_i)^2$ splits over coordinates and so does "
            "the box: minimise each term on $[l_i, u_i]$ separately, i.e. clip "
            "$x_i = \\min(\\max(y_i, l_i), u_i)$.",
            f"$$\\Pi(y) = {tup_latex(p)}$$",
        ]
        return Draft(
            prompt=f"Find the Euclidean projection of $y = {tup_latex(y)}$ onto the box "
            f"$C = {box}$ (the nearest point of $C$ to $y$).",
            text=f"Find the Euclidean projection of y = {tup(y)} onto the box C = {box_text} "
            "(the nearest point of C to y).",
            kind="matrix",
            expected=expected,
            data={"ask": "box", "y": y, "lo": lo, "hi": hi},
            hints=[
                "The distance and the box both split into coordinates.",
                "Clip each coordinate: min(max(yᵢ, lᵢ), uᵢ).",
            ],
            solution="\n\n".join(steps),
            misconceptions=wrong,
        )

    def _box_step(self, rng: np.random.Generator) -> Draft:
        orthant = rng.random() < 0.5
        while True:
            d = [draw_int(rng, 1, 4) for _ in range(2)]
            b = [draw_int(rng, -6, 6) for _ in range(2)]
            lo = [0, 0] if orthant else [draw_int(rng, -3, 0) for _ in range(2)]
            hi = [None, None] if orthant else [draw_int(rng, 1, 3) for _ in range(2)]
            x0 = [draw_int(rng, lo[i], 3 if hi[i] is None else hi[i]) for i in range(2)]
            alpha = Fraction(1, pick(rng, [1, 2, 4]))
            grad = [d[i] * x0[i] - b[i] for i in range(2)]
            z = [x0[i] - alpha * grad[i] for i in range(2)]
            top = [Fraction(10**6) if h is None else h for h in hi]
            x1 = clip(z, lo, top)
            if x1 != z and any(grad):
                break
        expected = vector_text(x1)
        wrong = [
            Misconception(
                "misconception:projection-skipped",
                vector_text(z),
                "x₀ − α∇f(x₀) leaves the feasible set; projected gradient maps it back: "
                "x₁ = Π_C(x₀ − α∇f(x₀)).",
            ),
            Misconception(
                "misconception:ascent-step",
                vector_text(clip([x0[i] + alpha * grad[i] for i in range(2)], lo, top)),
                "The step goes against the gradient, x₀ − α∇f(x₀), before projecting.",
            ),
            Misconception(
                "misconception:zero-for-infeasible",
                vector_text(
                    [v if l_ <= v <= t else 0 for v, l_, t in zip(z, lo, top, strict=True)]
                ),
                "An infeasible coordinate goes to the nearest bound, not to 0 (unless 0 is "
                "that bound).",
            ),
        ]
        if orthant:
            cset, cset_text = "C = \\{x : x \\ge 0\\}", "C = {x : x ≥ 0}"
        else:
            cset = "C = " + " \\times ".join(f"[{a}, {h}]" for a, h in zip(lo, hi, strict=True))
            cset_text = "C = " + " × ".join(f"[{a}, {h}]" for a, h in zip(lo, hi, strict=True))
        lin = linear_form([-b[0], -b[1]], ["x_1", "x_2"])
        lin_text = linear_form([-b[0], -b[1]], ["x₁", "x₂"])
        tail = "" if lin == "0" else (f" - {lin[1:]}" if lin.startswith("-") else f" + {lin}")
        tail_text = (
            ""
            if lin_text == "0"
            else (f" − {lin_text[1:]}" if lin_text.startswith("-") else f" + {lin_text}")
        )
        f_latex = f"f(x) = \\tfrac{{1}}{{2}}({d[0]}x_1^2 + {d[1]}x_2^2){tail}"
        f_text = f"f(x) = ½({d[0]}x₁² + {d[1]}x₂²){tail_text}"
        steps = [
            f"$\\nabla f(x) = ({d[0]}x_1 - "
            f"{latex_number(b[0]) if b[0] >= 0 else '(' + str(b[0]) + ')'},\\ "
            f"{d[1]}x_2 - {latex_number(b[1]) if b[1] >= 0 else '(' + str(b[1]) + ')'})$, so "
            f"$\\nabla f(x_0) = {tup_latex(grad)}$.",
            f"Gradient step: $z = x_0 - \\alpha \\nabla f(x_0) = {tup_latex(z)}$.",
            f"Project onto $C$ (clip each coordinate): $x_1 = {tup_latex(x1)}$.",
        ]
        return Draft(
            prompt=f"Projected gradient descent minimises ${f_latex}$ over ${cset}$ with step "
            f"$\\alpha = {latex_number(alpha)}$. From $x_0 = {tup_latex(x0)}$, find the next "
            "iterate $x^+$.",
            text=f"Projected gradient descent minimises {f_text} over {cset_text} with step "
            f"α = {alpha}. From x₀ = {tup(x0)}, find the next iterate x⁺.",
            kind="matrix",
            expected=expected,
            data={
                "ask": "box-step",
                "d": d,
                "b": b,
                "lo": lo,
                "hi": hi,
                "x0": x0,
                "alpha": str(alpha),
            },
            hints=[
                "First the ordinary gradient step z = x₀ − α∇f(x₀), then the projection.",
                "Projecting onto a box or the orthant clips each coordinate.",
            ],
            solution="\n\n".join(steps),
            misconceptions=wrong,
        )

    def _ball_or_halfspace(self, rng: np.random.Generator) -> Draft:
        ball = rng.random() < 0.5
        alpha = Fraction(1, 2)
        if ball:
            base = pick(rng, PYTHAGOREAN)
            signs = [pick(rng, [-1, 1]) for _ in range(2)]
            z = [s * v for s, v in zip(signs, base, strict=True)]
            norm = (base[0] ** 2 + base[1] ** 2) ** 0.5
            norm = Fraction(int(round(norm)))
            r = draw_int(rng, 1, int(norm) - 1)
            while True:
                x0 = [draw_int(rng, -r, r) for _ in range(2)]
                if x0[0] ** 2 + x0[1] ** 2 <= r * r:
                    break
            p = [Fraction(r) * v / norm for v in z]
            wrong = [
                Misconception(
                    "misconception:box-for-ball",
                    vector_text(clip(z, [-r, -r], [r, r])),
                    "Clipping each coordinate projects onto the box [−r, r]²; the nearest point "
                    "of the ball lies on the ray to z: r·z/‖z‖.",
                ),
                Misconception(
                    "misconception:unit-normalised",
                    vector_text([v / norm for v in z]),
                    f"z/‖z‖ has norm 1; the ball has radius {r}: Π(z) = r·z/‖z‖.",
                ),
                Misconception(
                    "misconception:projection-skipped",
                    vector_text(z),
                    "The step leaves the ball; project it back: Π(z) = r·z/‖z‖ when ‖z‖ > r.",
                ),
            ]
            cset, cset_text = f"C = \\{{x : \\|x\\| \\le {r}\\}}", f"C = {{x : ‖x‖ ≤ {r}}}"
            project = f"$\\|z\\| = {norm} > {r}$, so $\\Pi_C(z) = r\\, z/\\|z\\| = {tup_latex(p)}$."
            data = {"ask": "ball", "r": r}
        else:
            a = pick(rng, NORMALS)
            aa = a[0] ** 2 + a[1] ** 2
            while True:  # z outside the half-space, x0 inside it
                z = [draw_int(rng, -6, 6) for _ in range(2)]
                c = draw_int(rng, -5, 5)
                x0 = [draw_int(rng, -4, 4) for _ in range(2)]
                excess = a[0] * z[0] + a[1] * z[1] - c
                if excess > 0 and a[0] * x0[0] + a[1] * x0[1] <= c:
                    break
            p = [v - Fraction(excess, aa) * ai for v, ai in zip(z, a, strict=True)]
            na = Fraction(int(round(aa**0.5))) if round(aa**0.5) ** 2 == aa else None
            wrong = [
                Misconception(
                    "misconception:projection-skipped",
                    vector_text(z),
                    "The step leaves the half-space; project it back along a.",
                ),
                Misconception(
                    "misconception:moved-wrong-way",
                    vector_text(
                        [v + Fraction(excess, aa) * ai for v, ai in zip(z, a, strict=True)]
                    ),
                    "aᵀz > c, so the projection moves against a: z − ((aᵀz − c)/‖a‖²) a.",
                ),
            ]
            if na is not None and na != aa:
                wrong.append(
                    Misconception(
                        "misconception:norm-not-squared",
                        vector_text(
                            [v - Fraction(excess) / na * ai for v, ai in zip(z, a, strict=True)]
                        ),
                        "The step along a is (aᵀz − c)/‖a‖² times a: a is not a unit vector, "
                        "so divide by ‖a‖ twice.",
                    )
                )
            cset = f"C = \\{{x : {linear_form(list(a), ['x_1', 'x_2'])} \\le {c}\\}}"
            cset_text = f"C = {{x : {linear_form(list(a), ['x₁', 'x₂'])} ≤ {c}}}"
            project = (
                f"$a^T z - c = {excess} > 0$ and $\\|a\\|^2 = {aa}$, so "
                f"$\\Pi_C(z) = z - \\tfrac{{{excess}}}{{{aa}}} a = {tup_latex(p)}$."
            )
            data = {"ask": "halfspace", "a": list(a), "c": c}
        # f(x) = ½‖x − t‖² with t chosen so that z = x₀ − α(x₀ − t) is the drawn point
        t = [2 * zi - xi for zi, xi in zip(z, x0, strict=True)]
        expected = vector_text(p)
        steps = [
            f"$\\nabla f(x) = x - t$; $z = x_0 - \\tfrac{{1}}{{2}} (x_0 - t) = "
            f"\\tfrac{{1}}{{2}}(x_0 + t) = "
            f"{tup_latex(z)}$.",
            project,
        ]
        return Draft(
            prompt="Projected gradient descent minimises $f(x) = \\tfrac{1}{2} \\|x - t\\|^2$ with "
            f"$t = {tup_latex(t)}$ over ${cset}$, step $\\alpha = \\tfrac{{1}}{{2}}$. From "
            f"$x_0 = {tup_latex(x0)}$, find $x_1$.",
            text=f"Projected gradient descent minimises f(x) = ½‖x − t‖² with t = {tup(t)} over "
            f"{cset_text}, step α = 1/2. From x₀ = {tup(x0)}, find the next iterate x⁺.",
            kind="matrix",
            expected=expected,
            data=data | {"t": t, "x0": x0, "alpha": str(alpha)},
            hints=[
                "Take the gradient step z = x₀ − α∇f(x₀) first.",
                "Ball: Π(z) = r z/‖z‖ if ‖z‖ > r. Half-space: Π(z) = z − max(0, aᵀz − c) a/‖a‖².",
            ],
            solution="\n\n".join(steps),
            misconceptions=wrong,
        )
