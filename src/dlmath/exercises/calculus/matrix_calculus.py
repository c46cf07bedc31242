"""Gradients of trace, quadratic and norm forms, answered as matrix expressions.

The forms live in ``matrix_forms.toml``. Difficulty 1 asks for the one-step forms
(aᵀx, ‖x‖², xᵀAx with A symmetric, tr(AX)) at concrete sizes; difficulty 2 for forms
where layout and symmetry are the trap (xᵀAx in general, tr(AXB), ‖Ax - b‖²), still at
concrete sizes; difficulty 3 for forms with two appearances of the variable or two
terms, and any of these with symbolic sizes m, n, p.
"""

from __future__ import annotations

import functools
import re
import tomllib
from importlib import resources
from typing import TYPE_CHECKING, Any

from dlmath.exercises.base import Draft, Generator, Misconception
from dlmath.exercises.calculus.formulas import pick
from dlmath.exercises.registry import register

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np

SYMBOLS = ("m", "n", "p", "k")
GREEK = {"lambda": ("\\lambda", "λ"), "delta": ("\\delta", "δ")}
SUPERSCRIPT = str.maketrans("0123456789mnpk×", "⁰¹²³⁴⁵⁶⁷⁸⁹ᵐⁿᵖᵏˣ")


@functools.cache
def load_forms(filename: str) -> tuple[dict[str, Any], ...]:
    """The ``[[form]]`` tables of a data file next to this module, read once."""
    package = resources.files("dlmath.exercises.calculus")
    return tuple(tomllib.loads(package.joinpath(filename).read_text(encoding="utf-8"))["form"])


def concrete_shapes(shapes: dict[str, str], sizes: dict[str, int]) -> dict[str, str]:
    """Replace the symbols m, n, p by the drawn sizes: {"A": "mxn"} -> {"A": "3x4"}."""
    out = {}
    for name, shape in shapes.items():
        dims = [str(sizes.get(d, d)) for d in shape.split("x")]
        out[name] = "x".join(dims)
    return out


def _declaration(name: str, shape: str) -> tuple[str, str]:
    """How a name's shape is stated: LaTeX and Unicode."""
    tex_name, uni_name = GREEK.get(name, (re.sub(r"^([A-Za-z])(\d+)$", r"\1_\2", name), name))
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


def draw_shapes(
    rng: np.random.Generator, form: dict[str, Any], symbolic: bool
) -> tuple[dict[str, int], dict[str, str]]:
    """Sizes for the symbols of a form (none when symbolic) and the names' shapes."""
    used = sorted({d for s in form["shapes"].values() for d in s.split("x")} & set(SYMBOLS))
    if symbolic:
        return {}, dict(form["shapes"])
    drawn = rng.choice(range(2, 6), size=len(used), replace=False)
    sizes = {d: int(v) for d, v in zip(used, drawn, strict=True)}
    return sizes, concrete_shapes(form["shapes"], sizes)


def facts(shapes: dict[str, str], assume: dict[str, list[str]]) -> str:
    """ "Let A ∈ ℝ³ˣ⁴; x ∈ ℝ⁴ (a column); A is symmetric", in LaTeX."""
    tex = "; ".join(_declaration(name, shapes[name])[0] for name in shapes)
    for name, props in assume.items():
        tex += f"; ${name}$ is {' and '.join(props)}"
    return tex


def form_draft(
    form: dict[str, Any],
    sizes: dict[str, int],
    shapes: dict[str, str],
    prompt: str,
    result_tex: str,
) -> Draft:
    """The Draft of a form: the prompt as given, the rest from the form's table."""
    steps = [f"{i + 1}. {s}" for i, s in enumerate(form["steps"])]
    answer = f"\nAnswer: ${result_tex}$" + (f" ({form['source']})." if "source" in form else ".")
    return Draft(
        prompt=prompt,
        kind="expression",
        expected=form["expected"],
        data={"form": form["id"], "function": form["function"], "wrt": form["wrt"], "sizes": sizes},
        hints=list(form["hints"])[:3],
        solution="\n".join([*steps, answer]),
        misconceptions=[
            Misconception(m["code"], m["answer"], m["feedback"])
            for m in form.get("misconception", [])
        ],
        shapes=shapes,
        assume={k: list(v) for k, v in form.get("assume", {}).items()},
    )


def answer_names(shapes: dict[str, str]) -> str:
    return ", ".join(f"`{n}`" for n in shapes)


WRITING = "products by juxtaposition or `*`, the transpose as `^T`, elementwise `⊙` or `.*`"


@register
class MatrixCalculus(Generator):
    """∇ of a scalar form with respect to a vector or matrix (denominator layout)."""

    skill = "calculus.matrix-calculus"
    version = 2

    def generate(self, rng: np.random.Generator, difficulty: int) -> Draft:
        # 1: one rule on a vector (a linear or squared form); 2: two rules or a transpose
        # to place (a general quadratic, least squares, a trace sandwich); 3: the variable
        # twice, or a matrix variable, or a sum of forms, with symbolic sizes
        forms = load_forms("matrix_forms.toml")
        pool = [f for f in forms if f["difficulty"] == difficulty]
        form = pick(rng, pool)
        sizes, shapes = draw_shapes(rng, form, symbolic=difficulty == 3)
        wrt = form["wrt"]
        given_tex = facts(shapes, form.get("assume", {}))
        names_tex = answer_names(shapes)
        gradient = f"\\nabla_{{{wrt}}} f"
        prompt = (
            f"Let {given_tex}. Find ${gradient}$ for $f = {form['latex']}$.\n\n"
            f"The gradient has the shape of ${wrt}$ (denominator layout). Answer with a "
            f"matrix expression in {names_tex} ({WRITING}), e.g. `3 M^T v`."
        )
        result = f"{gradient} = " + form["expected"].replace("lambda", "\\lambda ")
        return form_draft(form, sizes, shapes, prompt, result)
