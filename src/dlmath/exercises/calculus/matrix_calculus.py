"""Gradients of trace, quadratic and norm forms, answered as matrix expressions.

The forms live in ``matrix_forms.toml``. Difficulty 1 asks for the one-step forms
(aᵀx, ‖x‖², xᵀAx with A symmetric, tr(AX)) at concrete sizes; difficulty 2 for forms
where layout and symmetry are the trap (xᵀAx in general, tr(AXB), ‖Ax - b‖²), still at
concrete sizes; difficulty 3 for forms with two appearances of the variable or two
terms, and any of these with symbolic sizes m, n, p.
"""

from __future__ import annotations

import functools
import tomllib
from importlib import resources
from typing import TYPE_CHECKING, Any

from dlmath.exercises.base import Draft, Generator, Misconception
from dlmath.exercises.calculus.formulas import pick
from dlmath.exercises.registry import register

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np

SYMBOLS = ("m", "n", "p")
GREEK = {"lambda": ("\\lambda", "λ")}
SUPERSCRIPT = str.maketrans("0123456789mnp×", "⁰¹²³⁴⁵⁶⁷⁸⁹ᵐⁿᵖˣ")


@functools.cache
def matrix_forms() -> tuple[dict[str, Any], ...]:
    """The forms of matrix_forms.toml, read once."""
    text = (
        resources.files("dlmath.exercises.calculus")
        .joinpath("matrix_forms.toml")
        .read_text(encoding="utf-8")
    )
    return tuple(tomllib.loads(text)["form"])


def concrete_shapes(shapes: dict[str, str], sizes: dict[str, int]) -> dict[str, str]:
    """Replace the symbols m, n, p by the drawn sizes: {"A": "mxn"} -> {"A": "3x4"}."""
    out = {}
    for name, shape in shapes.items():
        dims = [str(sizes.get(d, d)) for d in shape.split("x")]
        out[name] = "x".join(dims)
    return out


def _declaration(name: str, shape: str) -> tuple[str, str]:
    """How a name's shape is stated: LaTeX and Unicode."""
    tex_name, uni_name = GREEK.get(name, (name, name))
    dims = shape.split("x")
    if shape == "1":
        return f"${tex_name}$ is a scalar", f"{uni_name} is a scalar"
    if len(dims) == 1:
        return (
            f"${tex_name} \\in \\mathbb{{R}}^{{{dims[0]}}}$ (a column)",
            f"{uni_name} ∈ ℝ{dims[0].translate(SUPERSCRIPT)} (a column)",
        )
    return (
        f"${tex_name} \\in \\mathbb{{R}}^{{{dims[0]} \\times {dims[1]}}}$",
        f"{uni_name} ∈ ℝ{(dims[0] + '×' + dims[1]).translate(SUPERSCRIPT)}",
    )


@register
class MatrixCalculus(Generator):
    """∇ of a scalar form with respect to a vector or matrix (denominator layout)."""

    skill = "calculus.matrix-calculus"
    version = 1

    def generate(self, rng: np.random.Generator, difficulty: int) -> Draft:
        forms = matrix_forms()
        if difficulty == 3:
            pool = [f for f in forms if f["difficulty"] >= 2]
        else:
            pool = [f for f in forms if f["difficulty"] == difficulty]
        form = pick(rng, pool)
        used = sorted({d for s in form["shapes"].values() for d in s.split("x")} & set(SYMBOLS))
        if difficulty == 3:
            sizes: dict[str, int] = {}
            shapes = dict(form["shapes"])
        else:
            drawn = rng.choice(range(2, 6), size=len(used), replace=False)
            sizes = {d: int(v) for d, v in zip(used, drawn, strict=True)}
            shapes = concrete_shapes(form["shapes"], sizes)
        assume = {k: list(v) for k, v in form.get("assume", {}).items()}
        wrt = form["wrt"]
        declared = [_declaration(name, shapes[name]) for name in shapes]
        facts = "; ".join(d[0] for d in declared)
        facts_text = "; ".join(d[1] for d in declared)
        for name, props in assume.items():
            facts += f"; ${name}$ is {' and '.join(props)}"
            facts_text += f"; {name} is {' and '.join(props)}"
        names = ", ".join(f"`{n}`" for n in shapes)
        names_text = ", ".join(GREEK.get(n, (n, n))[1] if n in GREEK else n for n in shapes)
        gradient = f"\\nabla_{{{wrt}}} f"
        prompt = (
            f"Let {facts}. Find ${gradient}$ for $f = {form['latex']}$.\n\n"
            f"The gradient has the shape of ${wrt}$ (denominator layout). Answer with a "
            f"matrix expression in {names}: products by juxtaposition or `*`, the transpose as "
            "`^T`, e.g. `3 M^T v`."
        )
        text = (
            f"Let {facts_text}.\nFind ∇_{wrt} f for f = {form['unicode']}.\n"
            f"The gradient has the shape of {wrt} (denominator layout). Answer with a matrix "
            f"expression in {names_text}: products by juxtaposition or *, the transpose as ^T, "
            "e.g. 3 M^T v."
        )
        expected_tex = form["expected"].replace("lambda", "\\lambda")
        steps = [f"{i + 1}. {s}" for i, s in enumerate(form["steps"])]
        solution = "\n".join(
            [*steps, f"\nAnswer: ${gradient} = {expected_tex}$ ({form['source']})."]
        )
        return Draft(
            prompt=prompt,
            text=text,
            kind="expression",
            expected=form["expected"],
            data={
                "form": form["id"],
                "function": form["function"],
                "wrt": wrt,
                "sizes": sizes,
            },
            hints=list(form["hints"])[:3],
            solution=solution,
            misconceptions=[
                Misconception(m["code"], m["answer"], m["feedback"])
                for m in form.get("misconception", [])
            ],
            shapes=shapes,
            assume=assume,
        )
