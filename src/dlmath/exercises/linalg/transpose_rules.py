"""linalg.transpose-inverse-rules: (AB)ᵀ = BᵀAᵀ, (AB)⁻¹ = B⁻¹A⁻¹ and (Aᵀ)⁻¹ = (A⁻¹)ᵀ,
applied to longer and nested products, with the rewriting shown one rule at a time."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from dlmath.exercises.base import Draft, Generator, Misconception
from dlmath.exercises.kit import latex_shape, pick
from dlmath.exercises.registry import register

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np


# An expression tree, JSON-ready: a name "A", ["T", node], ["inv", node] or
# ["mul", [node, ...]]. A factor of an expanded product is (name, transposed, inverted).
Tree = Any
Factor = tuple[str, bool, bool]


def expand(tree: Tree, reverse: bool = True) -> list[Factor]:
    """Push every transpose and inverse down to single matrices:
    (XY)ᵀ = Yᵀ Xᵀ and (XY)⁻¹ = Y⁻¹ X⁻¹ (with ``reverse=False``: the mistake of keeping
    the order)."""
    if isinstance(tree, str):
        return [(tree, False, False)]
    op, child = tree
    if op == "mul":
        return [f for c in child for f in expand(c, reverse)]
    factors = [
        (name, not t, i) if op == "T" else (name, t, not i) for name, t, i in expand(child, reverse)
    ]
    return factors[::-1] if reverse else factors


SUFFIX_TEXT = {(False, False): "", (True, False): "^T", (False, True): "^-1", (True, True): "^-T"}
SUFFIX_LATEX = {
    (False, False): "",
    (True, False): "^{\\top}",
    (False, True): "^{-1}",
    (True, True): "^{-\\top}",
}


def factors_text(factors: Sequence[Factor]) -> str:
    return " ".join(name + SUFFIX_TEXT[t, i] for name, t, i in factors)


def factors_latex(factors: Sequence[Factor]) -> str:
    return " ".join(name + SUFFIX_LATEX[t, i] for name, t, i in factors)


def tree_text(tree: Tree, latex: bool = False) -> str:
    if isinstance(tree, str):
        return tree
    op, child = tree
    if op == "mul":
        return " ".join(tree_text(c, latex) for c in child)
    inner = tree_text(child, latex)
    if not isinstance(child, str):
        inner = f"\\left({inner}\\right)" if latex else f"({inner})"
    if latex:
        return inner + ("^{\\top}" if op == "T" else "^{-1}")
    return inner + ("^T" if op == "T" else "^-1")


def rewrite_steps(tree: Tree) -> list[Tree]:
    """The intermediate forms of the expansion, one rule application at a time."""
    steps = [tree]
    while True:
        step = _rewrite_once(steps[-1])
        if step is None:
            return steps
        steps.append(step)


def _is_chain(tree: Tree) -> bool:
    """A single name under transposes and inverses only: already a factor."""
    return isinstance(tree, str) or (tree[0] in ("T", "inv") and _is_chain(tree[1]))


def _rewrite_once(tree: Tree) -> Tree | None:
    if _is_chain(tree):
        return None
    op, child = tree
    if op == "mul":
        for k, c in enumerate(child):
            new = _rewrite_once(c)
            if new is not None:
                flat = new[1] if not isinstance(new, str) and new[0] == "mul" else [new]
                return ["mul", child[:k] + flat + child[k + 1 :]]
        return None
    inner_op, grandchild = child
    if inner_op == "mul":
        return ["mul", [[op, c] for c in reversed(grandchild)]]
    if inner_op == op:  # (Xᵀ)ᵀ = X, (X⁻¹)⁻¹ = X
        return grandchild
    return [op, _rewrite_once(child)]


def _names(tree: Tree) -> list[str]:
    if isinstance(tree, str):
        return [tree]
    op, child = tree
    return [n for c in child for n in _names(c)] if op == "mul" else _names(child)


def _has_inverse(tree: Tree) -> bool:
    if isinstance(tree, str):
        return False
    op, child = tree
    if op == "inv":
        return True
    return any(_has_inverse(c) for c in child) if op == "mul" else _has_inverse(child)


def _is_plain_product(tree: Tree) -> bool:
    """(A B C)ᵀ with bare names inside: the only shape where rectangular factors fit."""
    return tree[0] == "T" and tree[1][0] == "mul" and all(isinstance(c, str) for c in tree[1][1])


def _step_latex(tree: Tree) -> str:
    """A rewriting step in LaTeX, each single-matrix factor in its simplest form."""
    if _is_chain(tree):
        return factors_latex(expand(tree))
    if tree[0] == "mul":
        return " ".join(_step_latex(c) for c in tree[1])
    inner = _step_latex(tree[1])
    return f"\\left({inner}\\right)" + ("^{\\top}" if tree[0] == "T" else "^{-1}")


#: IntMatrix names for symbolic exercises (no I, the identity, and no T, which reads as ^T).
MATRIX_NAMES = "ABCDGHKMNPQRSUVWXYZ"


class _Trees:
    """The expressions of each difficulty; every choice drawn from the given rng."""

    def __init__(self, rng: np.random.Generator) -> None:
        self.rng = rng

    def names(self, count: int) -> list[str]:
        """``count`` distinct names in alphabetical order: A B, or W X Y, ..."""
        start = 0
        if self.rng.random() < 0.7:
            start = int(self.rng.integers(len(MATRIX_NAMES) - count + 1))
        return list(MATRIX_NAMES[start : start + count])

    def atom(self, name: str, ops: Sequence[str | None]) -> Tree:
        op = pick(self.rng, ops)
        return name if op is None else [op, name]

    def level(self, difficulty: int) -> Tree:
        outer = pick(self.rng, ["T", "inv"])
        if difficulty == 1:
            ops = [None, None, "T" if outer == "T" else "inv"]
            return [outer, ["mul", [self.atom(n, ops) for n in self.names(2)]]]
        ops = [None, None, "T", "inv"]
        if difficulty == 2:
            count = int(self.rng.integers(2, 4))
            return [outer, ["mul", [self.atom(n, ops) for n in self.names(count)]]]
        a, b, c = self.names(3)
        group = [pick(self.rng, ["T", "inv"]), ["mul", [self.atom(a, ops), self.atom(b, ops)]]]
        third = self.atom(c, ops)
        body = ["mul", [group, third] if self.rng.random() < 0.5 else [third, group]]
        return [outer, body]


@register
class TransposeInverseRules(Generator):
    """(AB)ᵀ = BᵀAᵀ, (AB)⁻¹ = B⁻¹A⁻¹ and (Aᵀ)⁻¹ = (A⁻¹)ᵀ, applied to longer and nested
    products."""

    skill = "linalg.transpose-inverse-rules"
    version = 1

    def generate(self, rng: np.random.Generator, difficulty: int) -> Draft:
        tree = _Trees(rng).level(difficulty)
        names = sorted(set(_names(tree)))
        invertible = _has_inverse(tree)
        rectangular = not invertible and _is_plain_product(tree) and rng.random() < 0.5
        if rectangular:  # only transposes of bare names: a chain of rectangular matrices
            dims = "mnpq"
            shapes = {name: f"{dims[k]}x{dims[k + 1]}" for k, name in enumerate(names)}
        else:
            shapes = {name: "nxn" for name in names}
        assume = {name: ["invertible"] for name in names} if invertible else {}
        expected_factors = expand(tree)
        expected = factors_text(expected_factors)
        naive = expand(tree, reverse=False)
        found = []
        if not rectangular and naive != expected_factors:
            found.append(
                Misconception(
                    "misconception:order-not-reversed",
                    factors_text(naive),
                    "Transposing or inverting a product reverses the order of its factors: "
                    "(X Y)ᵀ = Yᵀ Xᵀ and (X Y)⁻¹ = Y⁻¹ X⁻¹.",
                )
            )
        size_text = ", ".join(f"{n} is {s.replace('x', '×')}" for n, s in shapes.items())
        if invertible:
            size_text += "; all are invertible"
        size_latex = ", ".join(
            f"${n}$ is ${latex_shape(*s.split('x'))}$" for n, s in shapes.items()
        )
        if invertible:
            size_latex += "; all are invertible"
        shown = [tree_text(tree, latex=True)]
        for step in rewrite_steps(tree)[1:]:
            if _step_latex(step) != shown[-1]:
                shown.append(_step_latex(step))
        solution = f"${' = '.join(shown)}$"
        if _has_inverse(tree) or difficulty > 1:
            solution += (
                "\n\nEach step applies $(XY)^{\\top} = Y^{\\top} X^{\\top}$ or "
                "$(XY)^{-1} = Y^{-1} X^{-1}$ to the outermost product, or cancels a double "
                "transpose or inverse."
            )
        return Draft(
            prompt=(
                f"Expand ${tree_text(tree, latex=True)}$ into a product in which transposes and "
                f"inverses apply only to single matrices ({size_latex})."
            ),
            text=(
                f"Expand {tree_text(tree)} into a product in which ^T and ^-1 apply only to "
                f"single matrices.\n\n{size_text}.\n\nAnswer like Y^T X^-1 (X^-T is the "
                "inverse of the transpose)."
            ),
            kind="expression",
            expected=expected,
            data={"tree": tree, "expression": tree_text(tree)},
            hints=[
                "(X Y)ᵀ = Yᵀ Xᵀ and (X Y)⁻¹ = Y⁻¹ X⁻¹: the order of the factors reverses.",
                "Work from the outside in, one rule at a time.",
                "(Xᵀ)⁻¹ = (X⁻¹)ᵀ, written X^-T; (Xᵀ)ᵀ = X and (X⁻¹)⁻¹ = X.",
            ][: 2 if difficulty == 1 else 3],
            solution=solution,
            misconceptions=found,
            shapes=shapes,
            assume=assume,
            form="expanded",  # (A B)^T typed back is not an answer
        )
