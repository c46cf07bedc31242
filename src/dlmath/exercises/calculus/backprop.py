"""Back-propagation: a drawn graph of scalars (as in micrograd), and layer gradients.

backprop-graph: difficulty 1 is two operations on three inputs; difficulty 2 reuses an
input, so its gradient is a sum over two paths; difficulty 3 reuses an intermediate node
and passes through a ReLU. backprop-layers: one linear layer at difficulty 1, an
activation or loss composed with it at 2, two layers or a batch with symbolic sizes at 3.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from dlmath.exercises.base import Draft, Generator, Misconception
from dlmath.exercises.calculus.formulas import nonzero, pick
from dlmath.exercises.calculus.matrix_calculus import (
    WRITING,
    answer_names,
    draw_shapes,
    facts,
    form_draft,
    load_forms,
)
from dlmath.exercises.registry import register
from dlmath.expr.literals import format_number, latex_matrix, vector_text

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np

OPS = {  # name -> (arity, text symbol, LaTeX symbol)
    "add": (2, "+", "+"),
    "sub": (2, "-", "-"),
    "mul": (2, "×", r"\times"),
    "square": (1, "²", "^2"),
    "relu": (1, "relu", r"\operatorname{relu}"),
}


def _factor(v: int) -> str:
    return f"({v})" if v < 0 else str(v)


@dataclass(frozen=True)
class Node:
    name: str
    op: str
    args: tuple[str, ...]


def apply_op(op: str, a: list[int]) -> int:
    if op == "add":
        return a[0] + a[1]
    if op == "sub":
        return a[0] - a[1]
    if op == "mul":
        return a[0] * a[1]
    if op == "square":
        return a[0] * a[0]
    return max(a[0], 0)


def forward(inputs: dict[str, int], nodes: list[Node]) -> dict[str, int]:
    values = dict(inputs)
    for n in nodes:
        values[n.name] = apply_op(n.op, [values[x] for x in n.args])
    return values


def local_gradients(n: Node, values: dict[str, int], mistake: str | None) -> list[int]:
    """∂n/∂arg for each argument (a wrong rule when ``mistake`` names one)."""
    a = [values[x] for x in n.args]
    if n.op == "add":
        return [1, 1]
    if n.op == "sub":
        return [1, -1]
    if n.op == "mul":
        return [a[0], a[1]] if mistake == "own-value" else [a[1], a[0]]
    if n.op == "square":
        return [2 * a[0]]
    return [1 if (a[0] > 0 or mistake == "relu-passes") else 0]


def backward(
    inputs: dict[str, int], nodes: list[Node], mistake: str | None = None
) -> dict[str, int]:
    """Reverse mode: gradients of the last node; ``mistake="overwrite"`` assigns instead of
    adding (the classic bug for a value used twice)."""
    values = forward(inputs, nodes)
    grads = {name: 0 for name in values}
    grads[nodes[-1].name] = 1
    for n in reversed(nodes):
        for arg, local in zip(n.args, local_gradients(n, values, mistake), strict=True):
            contribution = grads[n.name] * local
            if mistake == "overwrite":
                grads[arg] = contribution
            else:
                grads[arg] += contribution
    return grads


def draw_graph(rng: np.random.Generator, difficulty: int) -> tuple[dict[str, int], list[Node]]:
    """Inputs and nodes in evaluation order; the last node is the output L."""
    if difficulty == 1:
        names = ["a", "b", "c"]
        first, second = pick(rng, (("mul", "add"), ("add", "mul"), ("mul", "mul"), ("mul", "sub")))
        nodes = [Node("u", first, ("a", "b")), Node("L", second, ("u", "c"))]
    elif difficulty == 2:  # one input feeds two nodes: its gradient sums two paths
        names = ["a", "b", "c"]
        reused = pick(rng, names)
        u = Node("u", pick(rng, ("add", "sub", "mul")), ("a", "b"))
        if rng.random() < 0.5:
            nodes = [
                u,
                Node("v", pick(rng, ("mul", "add")), ("u", "c")),
                Node("L", "mul", ("v", reused)),
            ]
        else:
            nodes = [
                u,
                Node("v", "square", ("u",)),
                Node("w", "add", ("v", reused)),
                Node("L", "mul", ("w", "c")),
            ]
    else:
        names = ["a", "b", "c", "d"]
        nodes = [
            Node("u", pick(rng, ("mul", "add", "sub")), ("a", "b")),
            Node("v", pick(rng, ("add", "sub", "mul")), ("u", "c")),
            Node("w", "relu", ("v",)),
            Node("z", pick(rng, ("mul", "add")), ("u", "d")),
            Node("L", pick(rng, ("mul", "add", "sub")), ("w", "z")),
        ]
    for _ in range(100):
        inputs = {n: nonzero(rng, -4, 4) for n in names}
        values = forward(inputs, nodes)
        relu_ok = all(values[n.args[0]] != 0 for n in nodes if n.op == "relu")
        if relu_ok and abs(values["L"]) <= 500:
            break
    return inputs, nodes


def expression_of(name: str, nodes: dict[str, Node]) -> tuple[str, int]:
    """The output as one input-language expression of the inputs (with precedence)."""
    node = nodes.get(name)
    if node is None:
        return name, 4
    parts = [expression_of(a, nodes) for a in node.args]
    if node.op == "relu":
        return f"relu({parts[0][0]})", 4
    if node.op == "square":
        inner, level = parts[0]
        return (f"({inner})^2" if level < 4 else f"{inner}^2"), 3
    (left, lp), (right, rp) = parts
    if node.op == "mul":
        left = f"({left})" if lp < 2 else left
        right = f"({right})" if rp < 2 else right
        return f"{left}*{right}", 2
    right = f"({right})" if node.op == "sub" and rp < 2 else right
    return f"{left} {'+' if node.op == 'add' else '-'} {right}", 1


def _equation(n: Node, style: str) -> str:
    _, sym, tex = OPS[n.op]
    if n.op == "square":
        return f"{n.name} = {n.args[0]}²" if style == "text" else f"{n.name} = {n.args[0]}^2"
    if n.op == "relu":
        return (
            f"{n.name} = relu({n.args[0]})" if style == "text" else f"{n.name} = {tex}({n.args[0]})"
        )
    return f"{n.name} = {n.args[0]} {sym if style == 'text' else tex} {n.args[1]}"


def draw_tree(nodes: list[Node], inputs: dict[str, int]) -> str:
    """The graph drawn from the output down, like the ``tree`` command; a node used twice
    is drawn once and then referred to."""
    by_name = {n.name: n for n in nodes}
    lines: list[str] = []
    shown: set[str] = set()

    def walk(name: str, prefix: str, last: bool, root: bool) -> None:
        branch = "" if root else ("└── " if last else "├── ")
        node = by_name.get(name)
        if node is None:
            lines.append(f"{prefix}{branch}{name} = {inputs[name]}")
            return
        if name in shown:
            lines.append(f"{prefix}{branch}{name} (drawn above)")
            return
        shown.add(name)
        lines.append(f"{prefix}{branch}{_equation(node, 'text')}")
        child_prefix = prefix + ("" if root else ("    " if last else "│   "))
        for i, arg in enumerate(node.args):
            walk(arg, child_prefix, i == len(node.args) - 1, False)

    walk(nodes[-1].name, "", True, True)
    return "\n".join(lines)


@register
class BackpropGraph(Generator):
    """Forward value and input gradients of a small computational graph of scalars."""

    skill = "calculus.backprop-graph"
    version = 1

    def generate(self, rng: np.random.Generator, difficulty: int) -> Draft:
        inputs, nodes = draw_graph(rng, difficulty)
        values = forward(inputs, nodes)
        grads = backward(inputs, nodes)
        order = sorted(inputs)
        answer = [values["L"], *[grads[n] for n in order]]
        expected = ", ".join(format_number(v) for v in answer)
        asked_tex = ", ".join(f"\\partial L / \\partial {n}" for n in order)
        given = ", ".join(f"{n} = {v}" for n, v in inputs.items())
        tree = draw_tree(nodes, inputs)
        mistakes = []
        for code, mistake, feedback in (
            (
                "misconception:gradient-overwrite",
                "overwrite",
                "A value used in two places gets gradient from both: add the contributions "
                "(grad += ...), do not overwrite them.",
            ),
            (
                "misconception:product-own-value",
                "own-value",
                "For u = p × q, ∂u/∂p is the other factor q, not p itself.",
            ),
            (
                "misconception:relu-passes-gradient",
                "relu-passes",
                "relu passes the gradient only where its input is positive; here the input is "
                "negative, so the local gradient is 0.",
            ),
        ):
            wrong = backward(inputs, nodes, mistake)
            wrong_answer = [values["L"], *[wrong[n] for n in order]]
            text_answer = ", ".join(format_number(v) for v in wrong_answer)
            if wrong_answer != answer and all(m.answer != text_answer for m in mistakes):
                mistakes.append(Misconception(code, text_answer, feedback))
        solution = ["Forward pass:"]
        for n in nodes:
            solution.append(f"- ${_equation(n, 'latex')} = {values[n.name]}$")
        solution.append(
            "\nBackward pass, from $\\partial L / \\partial L = 1$; each node passes its "
            "gradient times the local derivative to its inputs, and a value used twice adds "
            "up both contributions:"
        )
        for n in reversed(nodes):
            locals_ = local_gradients(n, values, None)
            for arg, local in zip(n.args, locals_, strict=True):
                solution.append(
                    f"- via ${n.name}$: $\\partial L/\\partial {arg}$ += "
                    f"${_factor(grads[n.name])} \\cdot {_factor(local)} = "
                    f"{grads[n.name] * local}$"
                )
        solution.append(
            f"\nAnswer: $L = {values['L']}$, "
            + ", ".join(f"$\\partial L / \\partial {n} = {grads[n]}$" for n in order)
            + "."
        )
        equations = "\n".join(f"- ${_equation(n, 'latex')}$" for n in nodes)
        return Draft(
            prompt=(
                f"A computational graph with inputs ${given}$:\n\n{equations}\n\n"
                f"```text\n{tree}\n```\n\n"
                f"Compute the output $L$ and the gradients ${asked_tex}$. Answer with the "
                f"numbers in that order, separated by commas."
            ),
            kind="sequence",
            expected=expected,
            data={
                "inputs": inputs,
                "nodes": [[n.name, n.op, *n.args] for n in nodes],
                "output": "L",
                "order": ["L", *order],
                "function": expression_of("L", {n.name: n for n in nodes})[0],
            },
            hints=[
                "Do the forward pass first: compute every node's value.",
                "Go backwards from ∂L/∂L = 1: for u = p × q, ∂u/∂p = q; for u = p + q, "
                "both get the gradient unchanged. A value used twice sums its gradients.",
            ],
            solution="\n".join(solution),
            misconceptions=mistakes,
        )


def _relu_exercise(rng: np.random.Generator) -> Draft:
    """ReLU backward with numbers: the gradient passes where the input is positive."""
    n = int(rng.integers(3, 6))
    while True:
        z = [nonzero(rng, -5, 5) for _ in range(n)]
        if any(v > 0 for v in z) and any(v < 0 for v in z):
            break
    delta = [nonzero(rng, -4, 4) for _ in range(n)]
    grad = [d if v > 0 else 0 for v, d in zip(z, delta, strict=True)]
    column = lambda v: [[x] for x in v]  # noqa: E731
    mistakes = [
        Misconception(
            "misconception:relu-passes-gradient",
            vector_text(delta),
            "relu'(z) is 0 where z < 0: those entries of the gradient are 0.",
        ),
        Misconception(
            "misconception:relu-of-upstream",
            vector_text([max(d, 0) for d in delta]),
            "The gate is decided by the sign of the input z, not by the sign of the upstream "
            "gradient δ.",
        ),
        Misconception(
            "misconception:relu-forward-value",
            vector_text([max(v, 0) * d for v, d in zip(z, delta, strict=True)]),
            "relu'(z) is 1 for z > 0 (not z itself): multiply δ by 0 or 1.",
        ),
    ]
    return Draft(
        prompt=(
            f"A ReLU layer $a = \\operatorname{{relu}}(z)$ receives the upstream gradient "
            f"$\\delta = \\partial L / \\partial a$. With $z = {latex_matrix(column(z))}$ and "
            f"$\\delta = {latex_matrix(column(delta))}$, find $\\partial L / \\partial z$.\n\n"
            "Answer with a column vector, e.g. `[1, 0, 2]`."
        ),
        kind="matrix",
        expected=vector_text(grad),
        data={"form": "relu", "z": z, "delta": delta, "function": "delta^T relu(z)", "wrt": "z"},
        hints=[
            "relu'(t) is 1 for t > 0 and 0 for t < 0.",
            "∂L/∂z = δ ⊙ relu'(z): keep δᵢ where zᵢ > 0, else 0.",
        ],
        solution=(
            "$\\partial L / \\partial z_i = \\delta_i \\cdot \\operatorname{relu}'(z_i)$, and "
            "$\\operatorname{relu}'(z_i) = 1$ if $z_i > 0$, else $0$.\n\n"
            f"So $\\partial L / \\partial z = {latex_matrix(column(grad))}$."
        ),
        misconceptions=[m for m in mistakes if m.answer != vector_text(grad)],
    )


@register
class BackpropLayers(Generator):
    """∂L/∂(weights, bias, input) through linear layers, activations and losses."""

    skill = "calculus.backprop-layers"
    version = 1

    def generate(self, rng: np.random.Generator, difficulty: int) -> Draft:
        if difficulty == 1 and rng.random() < 0.25:
            return _relu_exercise(rng)
        forms = [f for f in load_forms("layer_forms.toml") if f["difficulty"] == difficulty]
        form = pick(rng, forms)
        sizes, shapes = draw_shapes(rng, form, symbolic=difficulty == 3)
        given_tex = facts(shapes, form.get("assume", {}))
        names_tex = answer_names(shapes)
        wrt = form["wrt"]
        wrt_tex = f"{wrt[0]}_{wrt[1:]}" if len(wrt) > 1 else wrt
        delta_tex = "; `delta` for $\\delta$" if "delta" in shapes else ""
        prompt = (
            f"${form['setting_latex']}$, where {given_tex}.\n\n"
            f"Find $\\partial L / \\partial {wrt_tex}$ (it has the shape of ${wrt_tex}$: "
            f"denominator layout). Answer with an expression in {names_tex} "
            f"({WRITING}{delta_tex})."
        )
        result = f"\\partial L / \\partial {wrt_tex} = {form['expected_latex']}"
        return form_draft(form, sizes, shapes, prompt, result)
