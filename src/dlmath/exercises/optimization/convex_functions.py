"""optimization.convex-functions: convex, concave, both or neither."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from dlmath.exercises.base import Draft, Generator, Misconception
from dlmath.exercises.kit import draw_int, nonzero_int_redrawn, pick, tex_number, text_number
from dlmath.exercises.optimization.convex_terms import (
    CURVATURES,
    affine_text,
    affine_tree,
    catalogue,
    combo,
    parenthesised,
    scaled,
    substitute,
)
from dlmath.exercises.registry import register

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np

F = Fraction


SHOWN = {"convex": "convex", "concave": "concave", "affine": "both (affine)", "neither": "neither"}


COEFFICIENTS = [F(1), F(1), F(2), F(3), F(-1), F(-2), F(1, 2)]


def _flip(curvature: str) -> str:
    return {"convex": "concave", "concave": "convex"}.get(curvature, curvature)


def _sum_curvature(parts: list[str]) -> str | None:
    """The curvature of a sum by the rules, or None when the rules do not decide."""
    kinds = {p for p in parts if p != "affine"}
    if not kinds:
        return "affine"
    if len(kinds) == 1 and kinds <= {"convex", "concave"}:
        return kinds.pop()
    return None


@dataclass
class _Term:
    """c · atom(a x + b), written out."""

    c: Fraction
    atom: dict[str, Any]
    a: int
    b: int

    def body(self) -> str:
        """The term's function in LaTeX, its argument written in."""
        u = affine_text(self.a, self.b, "x", True)
        return self.atom["latex"].replace("@p", parenthesised(u)).replace("@u", u)

    def tree(self) -> Any:
        return scaled(self.c, substitute(self.atom["tree"], affine_tree(self.a, self.b)))

    @property
    def curvature(self) -> str:
        own = self.atom["curvature"]
        return _flip(own) if self.c < 0 else own


def _term(rng: np.random.Generator, atoms: list[dict[str, Any]], plain: bool) -> _Term:
    atom = pick(rng, atoms)
    c = pick(rng, COEFFICIENTS)
    if plain:
        return _Term(c, atom, 1, 0)
    if atom["domain"] == "positive":
        return _Term(c, atom, pick(rng, [1, 1, 2, 3]), 0)
    return _Term(c, atom, pick(rng, [1, 1, 2, -1, 3]), draw_int(rng, -2, 2))


def _terms_latex(terms: list[_Term], linear: tuple[int, int]) -> str:
    pieces = [(term.c, term.body()) for term in terms]
    pieces += [(F(linear[0]), "x"), (F(linear[1]), "")]
    return combo(pieces, True)


@register
class ConvexFunctions(Generator):
    """Convex, concave, both or neither: the common functions, nonnegative sums, maxima
    of affine functions and compositions, decided by the rules; traps (products,
    compositions, domains) from the catalogue at difficulty 3."""

    skill = "optimization.convex-functions"
    version = 1

    def generate(self, rng: np.random.Generator, difficulty: int) -> Draft:
        form = pick(
            rng,
            {
                1: ["atom", "atom", "atom", "affine", "max-affine"],
                2: ["sum", "sum", "max-affine", "min-affine", "composition", "special"],
                3: ["special", "special", "special", "sum", "composition"],
            }[difficulty],
        )
        built = getattr(self, "_" + form.replace("-", "_"))(rng, difficulty)
        latex, tree, domain, curvature, steps, wrong = built
        expected = SHOWN[curvature]
        where = " for x > 0" if form != "special" and domain == ["positive"] else ""
        lwhere = where.replace("x > 0", "$x > 0$")
        ask = "Is this function convex, concave, both (affine), or neither?"
        return Draft(
            prompt=f"{ask}\n\n$$f(x) = {latex}$$" + (f"\n\n(defined{lwhere})" if where else ""),
            kind="choice",
            expected=expected,
            data={"form": form, "tree": tree, "vars": len(domain), "domain": domain},
            hints=[
                "Convex: the chord between two points of the graph lies above the graph; for a "
                "twice-differentiable function of one variable, f'' ≥ 0 on the domain.",
                "Nonnegative sums of convex functions are convex, a negative factor swaps convex "
                "and concave, a maximum of convex functions is convex, and composing with an "
                "affine map keeps curvature.",
            ],
            solution="\n\n".join([*steps, f"So $f$ is **{expected}**."]),
            misconceptions=wrong,
            choices=list(CURVATURES),
        )

    def _atom(self, rng, difficulty):
        term = _term(rng, catalogue()["atom"], plain=True)
        domain = [term.atom["domain"]]
        steps = [
            f"{term.atom['why']}, so ${_Term(F(1), term.atom, 1, 0).body()}$ is "
            f"{term.atom['curvature']}."
        ]
        wrong = []
        if term.c < 0:
            steps.append(
                f"Multiplying by ${tex_number(term.c)} < 0$ turns convex into concave and back"
                + (" (neither stays neither)." if term.curvature == "neither" else ".")
            )
            if term.atom["curvature"] in ("convex", "concave"):
                wrong.append(
                    Misconception(
                        "misconception:ignored-sign",
                        SHOWN[term.atom["curvature"]],
                        f"The factor {text_number(term.c)} is negative: −f is concave when f is "
                        "convex, and "
                        "convex when f is concave.",
                    )
                )
        elif "misconception" in term.atom:
            m = term.atom["misconception"]
            wrong.append(Misconception(m["code"], m["answer"], m["feedback"]))
        return (
            combo([(term.c, term.body())], True),
            term.tree(),
            domain,
            term.curvature,
            steps,
            wrong,
        )

    def _affine(self, rng, difficulty):
        a, b = nonzero_int_redrawn(rng, -4, 4), draw_int(rng, -5, 5)
        return (
            affine_text(a, b, "x", True),
            affine_tree(a, b),
            ["R"],
            "affine",
            [
                "$f$ is affine: every chord lies on the graph, so $f(\\theta x + (1-\\theta)y) = "
                "\\theta f(x) + (1-\\theta) f(y)$ with equality; it is both convex and concave "
                "($f'' = 0$)."
            ],
            [
                Misconception(
                    "misconception:affine-not-concave",
                    "convex",
                    "An affine function is convex, but also concave: its chords lie on the graph, "
                    "so both inequalities hold with equality.",
                )
            ],
        )

    def _max_affine(self, rng, difficulty, kind: str = "max"):
        count = 2 if difficulty < 3 else 3
        while True:
            slopes = [draw_int(rng, -3, 3) for _ in range(count)]
            if len(set(slopes)) < count:
                continue
            pieces = [(s, draw_int(rng, -3, 3)) for s in slopes]
            crossings = [
                F(b2 - b1, a1 - a2)
                for i, (a1, b1) in enumerate(pieces)
                for a2, b2 in pieces[i + 1 :]
            ]
            if all(abs(x) <= 3 for x in crossings):  # the kinks are in view
                break
        lat = f"\\{kind}(" + ", ".join(affine_text(a, b, "x", True) for a, b in pieces) + ")"
        tree = [kind, *(affine_tree(a, b) for a, b in pieces)]
        if kind == "max":
            steps = [
                "Each piece is affine (convex), the slopes differ, and a pointwise maximum of "
                "convex functions is convex: $\\max_i f_i(\\theta x + (1-\\theta)y) \\le "
                "\\theta \\max_i f_i(x) + (1-\\theta) \\max_i f_i(y)$.",
                "The graph bends upward where the pieces cross, so it is not affine.",
            ]
            wrong = [
                Misconception(
                    "misconception:max-of-affine",
                    "both (affine)",
                    "Each piece is affine, but the maximum bends where the pieces cross: a "
                    "maximum of affine functions with different slopes is convex, not affine.",
                )
            ]
            return lat, tree, ["R"], "convex", steps, wrong
        steps = [
            "Each piece is affine, so each is concave; a pointwise minimum of concave functions "
            "is concave ($\\min_i f_i = -\\max_i (-f_i)$). The slopes differ, so it is not affine."
        ]
        wrong = [
            Misconception(
                "misconception:min-is-convex",
                "convex",
                "The maximum of affine functions is convex; the minimum is concave: "
                "min(f, g) = −max(−f, −g).",
            )
        ]
        return lat, tree, ["R"], "concave", steps, wrong

    def _min_affine(self, rng, difficulty):
        return self._max_affine(rng, difficulty, "min")

    def _sum(self, rng, difficulty):
        atoms = [a for a in catalogue()["atom"] if a["curvature"] in ("convex", "concave")]
        count = 2 if difficulty < 3 else 3
        while True:
            terms = [_term(rng, atoms, plain=False) for _ in range(count)]
            if len({term.atom["id"] for term in terms}) < count:
                continue
            curvature = _sum_curvature([term.curvature for term in terms])
            if curvature is not None:
                break
        linear = (draw_int(rng, -3, 3), draw_int(rng, -3, 3))
        positive = any(term.atom["domain"] == "positive" for term in terms)
        steps = []
        for term in terms:
            steps.append(
                f"${combo([(term.c, term.body())], True)}$: "
                f"{term.atom['why']}; composing with the affine "
                f"${affine_text(term.a, term.b, 'x', True)}$ keeps that, and the factor "
                f"${tex_number(term.c)}$ makes it **{term.curvature}**."
            )
        if any(linear):
            steps.append(
                f"${affine_text(linear[0], linear[1], 'x', True)}$ is affine and changes nothing."
            )
        steps.append(f"A sum of {curvature} functions is {curvature}.")
        tree = (
            ["add", *(term.tree() for term in terms), affine_tree(linear[0], linear[1])]
            if any(linear)
            else ["add", *(term.tree() for term in terms)]
        )
        return (
            _terms_latex(terms, linear),
            tree,
            ["positive" if positive else "R"],
            curvature,
            steps,
            [],
        )

    def _composition(self, rng, difficulty):
        atoms = [
            a for a in catalogue()["atom"] if a["curvature"] == "convex" and a["domain"] == "R"
        ]
        while True:
            term = _term(rng, atoms, plain=False)
            if term.c > 0 and term.atom["id"] in ("square", "abs", "softplus"):
                break
        inner_l = combo([(term.c, term.body())], True)
        steps = [
            f"The inner function $g(x) = {inner_l}$ is convex: {term.atom['why']}, with an affine "
            "argument and a positive factor.",
            "The outer function $e^u$ is convex and nondecreasing, so $e^{g(x)}$ is convex: "
            "$e^{g(\\theta x + (1-\\theta)y)} \\le e^{\\theta g(x) + (1-\\theta) g(y)} \\le "
            "\\theta e^{g(x)} + (1-\\theta) e^{g(y)}$.",
        ]
        wrong = [
            Misconception(
                "misconception:composition-neither",
                "neither",
                "Composition rule: a convex nondecreasing function (eᵘ) of a convex function is "
                "convex.",
            )
        ]
        return (
            f"e^{{{inner_l}}}",
            ["exp", term.tree()],
            ["R"],
            "convex",
            steps,
            wrong,
        )

    def _special(self, rng, difficulty):
        entries = [e for e in catalogue()["special"] if e["difficulty"] == difficulty] or [
            e for e in catalogue()["special"] if e["difficulty"] == 3
        ]
        entry = pick(rng, entries)
        wrong = []
        if "misconception" in entry:
            m = entry["misconception"]
            wrong.append(Misconception(m["code"], m["answer"], m["feedback"]))
        return (
            entry["latex"],
            entry["tree"],
            entry["domain"],
            entry["curvature"],
            [entry["why"]],
            wrong,
        )
