"""linalg.shapes: result shapes of matrix products in mathematics, then of NumPy/PyTorch
broadcasting and batched ``matmul``, including the products that raise an error."""

from __future__ import annotations

from collections.abc import Sequence
from math import prod
from typing import TYPE_CHECKING, Any

from dlmath.exercises.base import Draft, Generator, Misconception
from dlmath.exercises.kit import latex_shape, pick
from dlmath.exercises.registry import register
from dlmath.expr.literals import shape_text

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np


def broadcast_shape(*shapes: Sequence[int]) -> tuple[int, ...] | None:
    """NumPy's broadcasting rule (aligned from the right), or None when incompatible."""
    width = max(len(s) for s in shapes)
    padded = [(1,) * (width - len(s)) + tuple(s) for s in shapes]
    result = []
    for sizes in zip(*padded, strict=True):
        distinct = {d for d in sizes if d != 1}
        if len(distinct) > 1:
            return None
        result.append(distinct.pop() if distinct else 1)
    return tuple(result)


def matmul_shape(left: Sequence[int], right: Sequence[int]) -> tuple[int, ...] | None:
    """The shape of ``torch.matmul(a, b)`` / ``a @ b``, or None when it raises."""
    lm = [1, *left] if len(left) == 1 else list(left)
    rm = [*right, 1] if len(right) == 1 else list(right)
    if lm[-1] != rm[-2]:
        return None
    batch = broadcast_shape(lm[:-2], rm[:-2])
    if batch is None:
        return None
    result = [*batch, lm[-2], rm[-1]]
    if len(right) == 1:
        del result[-1]
    if len(left) == 1:
        del result[-2 if len(right) != 1 else -1]
    return tuple(result)


def tuple_text(shape: Sequence[int] | None) -> str:
    """``(8, 3, 5)``, ``(3,)``; None is ``undefined``."""
    if shape is None:
        return "undefined"
    return f"({shape[0]},)" if len(shape) == 1 else "(" + ", ".join(map(str, shape)) + ")"


def _chain_shape(factors: Sequence[dict[str, Any]], honour_transpose: bool = True):
    """Shape of the product of math factors, or None when an inner size does not match."""
    shapes = [
        tuple(reversed(f["shape"])) if f["transpose"] and honour_transpose else tuple(f["shape"])
        for f in factors
    ]
    rows, cols = shapes[0]
    for r, c in shapes[1:]:
        if r != cols:
            return None
        cols = c
    return rows, cols


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _factor_text(factor: dict[str, Any]) -> str:
    return factor["name"] + ("^T" if factor["transpose"] else "")


def _factor_latex(factor: dict[str, Any]) -> str:
    return factor["name"] + ("^{\\top}" if factor["transpose"] else "")


def _alignment_solution(
    named: Sequence[tuple[str, Sequence[int]]], result: Sequence[int] | None, lead: str
) -> str:
    """The shapes written one under the other, aligned on the right, and the verdict."""
    width = max(len(s) for _, s in named)
    cell = max(len(str(d)) for _, s in named for d in s)
    label_width = max(len(label) for label, _ in named) + 3

    def row(label: str, sizes: Sequence[Any]) -> str:
        cells = [" " * cell] * (width - len(sizes)) + [str(d).rjust(cell) for d in sizes]
        return label.ljust(label_width) + "  ".join(cells)

    table = [row(f"{label}:", s) for label, s in named]
    if result is None:
        padded = [[1] * (width - len(s)) + list(s) for _, s in named]
        j = next(j for j in range(width) if len({col[j] for col in padded} - {1}) > 1)
        sizes = sorted({col[j] for col in padded})
        verdict = (
            f"In position {width - j} from the right the sizes are "
            f"{' and '.join(map(str, sizes))}: different and neither is 1, so broadcasting "
            "fails: undefined."
        )
    else:
        table.append(row("result:", result))
        verdict = f"The shape is `{tuple_text(result)}`."
    return lead + "\n\n```\n" + "\n".join(table) + "\n```\n\n" + verdict


def _matmul_solution(left: list[int], right: list[int], shape: tuple[int, ...] | None) -> str:
    lines = []
    lm = [1, *left] if len(left) == 1 else left
    rm = [*right, 1] if len(right) == 1 else right
    if len(left) == 1:
        lines.append(f"`a` is 1-D, so it acts as a row: `{tuple_text(lm)}`.")
    if len(right) == 1:
        lines.append(f"`b` is 1-D, so it acts as a column: `{tuple_text(rm)}`.")
    matrices = f"${latex_shape(*lm[-2:])}$ times ${latex_shape(*rm[-2:])}$"
    if lm[-1] != rm[-2]:
        lines.append(
            f"The matrix parts are {matrices}: the columns of a ({lm[-1]}) must equal the rows "
            f"of b ({rm[-2]}), so `a @ b` raises an error: undefined."
        )
        return "\n\n".join(lines)
    lines.append(f"The matrix parts are {matrices}, giving ${latex_shape(lm[-2], rm[-1])}$.")
    lb, rb = lm[:-2], rm[:-2]
    if bool(lb) != bool(rb):
        owner = "a" if lb else "b"
        lines.append(
            f"Only `{owner}` has batch dimensions, `{tuple_text(lb or rb)}`; they carry over."
        )
    elif lb:
        batch = broadcast_shape(lb, rb)
        lines.append(
            _alignment_solution(
                [("a batch", lb), ("b batch", rb)],
                batch,
                "The batch dimensions broadcast, aligned on the right:",
            )
        )
        if batch is None:
            return "\n\n".join(lines)
    if len(left) == 1 or len(right) == 1:
        lines.append("The dimension added for the 1-D operand is removed again.")
    lines.append(f"Result: `{tuple_text(shape)}`.")
    return "\n\n".join(lines)


UNDEFINED_SHARE = 1 / 4  # products that raise an error: a real share, not a safe guess


@register
class Shapes(Generator):
    """Result shapes: matrix products in mathematics, then NumPy/PyTorch broadcasting and
    batched ``matmul``, including the products that raise an error."""

    skill = "linalg.shapes"
    version = 2

    MODES = {1: ("math",), 2: ("math", "broadcast", "matmul"), 3: ("broadcast", "matmul")}

    def generate(self, rng: np.random.Generator, difficulty: int) -> Draft:
        mode = pick(rng, self.MODES[difficulty])
        defined = rng.random() >= UNDEFINED_SHARE
        if mode == "math":
            return self._math(rng, difficulty, defined)
        if mode == "broadcast":
            return self._broadcast(rng, difficulty, defined)
        return self._matmul(rng, difficulty, defined)

    # mathematics: A^T B x -------------------------------------------------------------

    @staticmethod
    def _math(rng: np.random.Generator, difficulty: int, defined: bool) -> Draft:
        count = 2 if difficulty == 1 else 3
        vectors = difficulty > 1 and rng.random() < 0.6
        sizes = [int(v) for v in rng.integers(1, 7, size=count + 1)]
        names, factors = iter("ABC"), []
        for i in range(count):
            row_vector = vectors and i == 0 and rng.random() < 0.4
            column_vector = vectors and i == count - 1 and not row_vector
            if row_vector:
                sizes[0] = 1
                factors.append({"name": "x", "shape": [sizes[1], 1], "transpose": True})
            elif column_vector:
                sizes[-1] = 1
                factors.append({"name": "y", "shape": [sizes[-2], 1], "transpose": False})
            else:
                transposed = bool(rng.random() < 0.4)
                r, c = sizes[i], sizes[i + 1]
                factors.append(
                    {
                        "name": next(names),
                        "shape": [c, r] if transposed else [r, c],
                        "transpose": transposed,
                    }
                )
        if not defined:
            i = int(rng.integers(1, count))  # this factor's rows stop matching
            factor = factors[i]
            wrong = int(rng.choice([s for s in range(1, 7) if s != sizes[i]]))
            factor["shape"][1 if factor["transpose"] else 0] = wrong
        result = _chain_shape(factors)
        expected = f"{result[0]}x{result[1]}" if result else "undefined"
        expression = " ".join(_factor_text(f) for f in factors)
        latex = " ".join(_factor_latex(f) for f in factors)

        def size_text(f: dict[str, Any], latex: bool) -> str:
            (r, c), name = f["shape"], f["name"]
            shown = f"${name}$" if latex else name
            if c == 1 and name in "xy":
                return f"{shown} is a vector of length {r}"
            return f"{shown} is ${latex_shape(r, c)}$" if latex else f"{name} is {shape_text(r, c)}"

        given = ", ".join(size_text(f, latex=False) for f in factors)
        given_latex = ", ".join(size_text(f, latex=True) for f in factors)
        effective = [
            (tuple(reversed(f["shape"])) if f["transpose"] else tuple(f["shape"])) for f in factors
        ]
        pairs = list(zip(factors, effective, strict=True))
        steps = ", ".join(f"${_factor_latex(f)}$ is ${latex_shape(*e)}$" for f, e in pairs)
        if result:
            conclusion = (
                "each inner pair of sizes matches, and the product keeps the outer sizes: "
                f"${latex_shape(*result)}$."
            )
        else:
            k = next(i for i in range(1, count) if effective[i][0] != effective[i - 1][1])
            conclusion = (
                f"${_factor_latex(factors[k - 1])}$ has {_count(effective[k - 1][1], 'column')} "
                f"but ${_factor_latex(factors[k])}$ has {_count(effective[k][0], 'row')}, so the "
                "product is undefined."
            )
        found = []
        ignored = _chain_shape(factors, honour_transpose=False)
        if result and any(f["transpose"] for f in factors):
            found.append(
                Misconception(
                    "misconception:ignored-transpose" if ignored else "defined-vs-undefined",
                    f"{ignored[0]}x{ignored[1]}" if ignored else "undefined",
                    "A transpose swaps the sizes: if A is m×n then Aᵀ is n×m.",
                )
            )
        if result:
            found.append(
                Misconception(
                    "defined-vs-undefined",
                    "undefined",
                    "Each inner pair of sizes matches, so the product exists. "
                    "Vectors are columns: x is n×1 and xᵀ is 1×n.",
                )
            )
        else:
            first, last = effective[0], effective[-1]
            found.append(
                Misconception(
                    "defined-vs-undefined",
                    f"{first[0]}x{last[1]}",
                    "Check every inner pair of sizes before taking the outer ones: "
                    + conclusion.replace("$", "").replace("^{\\top}", "ᵀ"),
                )
            )
        return Draft(
            prompt=(
                f"Vectors are columns. Given that {given_latex}: what is the shape "
                f"of ${latex}$? Answer like `3x4`, or `undefined`."
            ),
            text=(
                f"Vectors are columns. Given: {given}.\n\nWhat is the shape of {expression}?\n\n"
                "Answer like 3x4, or undefined."
            ),
            kind="shape",
            expected=expected,
            data={"mode": "math", "factors": factors, "expression": expression},
            hints=[
                "The product of an m×n and an n×p matrix is m×p; the inner sizes must match.",
                "A transpose swaps the sizes; a vector of length n is n×1, and xᵀ is 1×n.",
            ],
            solution=f"{steps}: {conclusion}",
            misconceptions=found,
        )

    # NumPy/PyTorch elementwise broadcasting: a + b ---------------------------------------

    @staticmethod
    def _broadcast(rng: np.random.Generator, difficulty: int, defined: bool) -> Draft:
        width = 2 if difficulty == 2 else int(rng.integers(3, 5))
        while True:
            result = [int(v) for v in rng.integers(2, 7, size=width)]
            left = [1 if rng.random() < 0.3 else d for d in result]
            k = int(rng.integers(1, width + 1))
            right = [1 if rng.random() < 0.35 else d for d in result[width - k :]]
            if not defined:
                if rng.random() < 0.4 and result[0] != result[-1]:
                    # the classic trap: sizes that match when aligned on the left
                    left, right = list(result), result[: width - 1]
                else:
                    j = int(rng.integers(1, k + 1))
                    left[-j] = result[-j]
                    right[-j] = int(rng.choice([d for d in range(2, 7) if d != result[-j]]))
            if rng.random() < 0.5:
                left, right = right, left
            if left != right and (broadcast_shape(left, right) is not None) == defined:
                break
        op = "+" if rng.random() < 0.5 else "*"
        shape = broadcast_shape(left, right)
        expected = tuple_text(shape)
        wide = max(len(left), len(right))
        pad_right = broadcast_shape(
            left + [1] * (wide - len(left)), right + [1] * (wide - len(right))
        )
        found = []
        if pad_right != shape:
            found.append(
                Misconception(
                    "misconception:left-aligned" if shape and pad_right else "defined-vs-undefined",
                    tuple_text(pad_right),
                    "Broadcasting aligns shapes on the right (the trailing dimensions): the "
                    "shorter shape gets 1s added on the left.",
                )
            )
        if shape:
            larger = max((left, right), key=lambda s: (len(s), prod(s)))
            found.append(
                Misconception(
                    "misconception:no-stretch",
                    tuple_text(larger),
                    "A size of 1 stretches to match the other array: the result takes the "
                    "larger size in every dimension.",
                )
            )
            found.append(
                Misconception(
                    "defined-vs-undefined",
                    "undefined",
                    "These shapes broadcast: aligned on the right, each pair of sizes is equal "
                    "or contains a 1.",
                )
            )
        else:
            padded = [[1] * (wide - len(s)) + s for s in (left, right)]
            found.append(
                Misconception(
                    "defined-vs-undefined",
                    tuple_text([max(x, y) for x, y in zip(*padded, strict=True)]),
                    "Two sizes can differ only when one of them is 1; here a pair of sizes "
                    "differs and neither is 1, so NumPy and PyTorch raise an error.",
                )
            )
        return Draft(
            prompt=(
                f"The NumPy arrays (or PyTorch tensors) `a` and `b` have shapes "
                f"`{tuple_text(left)}` and `{tuple_text(right)}`. What is the shape of "
                f"`a {op} b`? Answer like `(2, 3, 4)`, or `undefined` if it raises an error."
            ),
            text=(
                f"The NumPy arrays (or PyTorch tensors) a and b have shapes\n\n"
                f"    a: {tuple_text(left)}\n    b: {tuple_text(right)}\n\n"
                f"What is the shape of a {op} b? Answer like (2, 3, 4), or undefined if it "
                "raises an error."
            ),
            kind="shape",
            expected=expected,
            data={"mode": "broadcast", "left": left, "right": right, "op": op},
            hints=[
                "Line the shapes up on the right; a missing dimension counts as 1.",
                "In each position the sizes must be equal, or one of them 1 (it stretches).",
            ],
            solution=_alignment_solution(
                [("a", left), ("b", right)],
                shape,
                "Aligned on the right, each pair of sizes must be equal or contain a 1, "
                "which stretches:",
            ),
            misconceptions=found,
        )

    # torch.matmul / @ with batches and 1-D operands ------------------------------------------

    @staticmethod
    def _matmul(rng: np.random.Generator, difficulty: int, defined: bool) -> Draft:
        while True:
            m, n, p = (int(v) for v in rng.integers(2, 7, size=3))
            batch = [int(v) for v in rng.integers(2, 9, size=int(rng.integers(1, 3)))]
            if difficulty == 2:
                left_batch = batch[:1] if rng.random() < 0.4 else []
                right_batch: list[int] = []
            else:
                left_batch = [1 if rng.random() < 0.3 else d for d in batch]
                right_batch = [1 if rng.random() < 0.3 else d for d in batch]
                right_batch = right_batch[int(rng.integers(len(batch) + 1)) :]
            if rng.random() < 0.5:
                left_batch, right_batch = right_batch, left_batch
            left, right = [*left_batch, m, n], [*right_batch, n, p]
            vector = rng.random()
            if vector < 0.25 and not left_batch:
                left = [n]
            elif vector < 0.5 and not right_batch:
                right = [n]
            if len(left) == len(right) == 1:
                continue
            if not defined:
                batch_trap = difficulty == 3 and left_batch and right_batch and rng.random() < 0.5
                if batch_trap:
                    j = int(rng.integers(1, min(len(left_batch), len(right_batch)) + 1))
                    left[-2 - j] = int(rng.integers(2, 9))
                    right[-2 - j] = int(rng.choice([d for d in range(2, 9) if d != left[-2 - j]]))
                else:
                    inner = -2 if len(right) > 1 else -1
                    right[inner] = int(rng.choice([d for d in range(2, 7) if d != n]))
            if (matmul_shape(left, right) is not None) == defined:
                break
        shape = matmul_shape(left, right)
        expected = tuple_text(shape)
        found = []
        if shape is not None:
            matrix_part = shape[len(shape) - (1 if len(right) == 1 else 2) :]
            first_only = [*left[:-2], *matrix_part]
            if len(left) > 2 and tuple(first_only) != shape:
                found.append(
                    Misconception(
                        "misconception:batch-from-first",
                        tuple_text(first_only),
                        "The batch (leading) dimensions of both operands broadcast together, "
                        "as in elementwise operations.",
                    )
                )
            if len(left) == 1 or len(right) == 1:
                kept = matmul_shape(
                    [1, *left] if len(left) == 1 else left,
                    [*right, 1] if len(right) == 1 else right,
                )
                found.append(
                    Misconception(
                        "misconception:vector-dimension-kept",
                        tuple_text(kept),
                        "A 1-D operand is treated as a matrix (a row on the left, a column on "
                        "the right) and that added dimension is removed from the result.",
                    )
                )
            found.append(
                Misconception(
                    "defined-vs-undefined",
                    "undefined",
                    "The last dimension of a equals the first matrix dimension of b, and the "
                    "batch dimensions broadcast, so the product exists.",
                )
            )
        else:
            lm = [1, *left] if len(left) == 1 else left
            rm = [*right, 1] if len(right) == 1 else right
            wide = max(len(lm), len(rm)) - 2
            padded = [[1] * (wide - len(s) + 2) + s[:-2] for s in (lm, rm)]
            guess = [max(x, y) for x, y in zip(*padded, strict=True)] + [lm[-2], rm[-1]]
            if len(right) == 1:
                del guess[-1]
            if len(left) == 1:
                del guess[-2 if len(right) != 1 else -1]
            found.append(
                Misconception(
                    "defined-vs-undefined",
                    tuple_text(guess),
                    "The product raises an error: the last dimension of a must equal the "
                    "second-to-last of b, and the batch dimensions must broadcast.",
                )
            )
        return Draft(
            prompt=(
                f"The PyTorch tensors (or NumPy arrays) `a` and `b` have shapes "
                f"`{tuple_text(left)}` and `{tuple_text(right)}`. What is the shape of "
                "`torch.matmul(a, b)` (that is, `a @ b`)? Answer like `(2, 3, 4)`, or "
                "`undefined` if it raises an error."
            ),
            text=(
                f"The PyTorch tensors (or NumPy arrays) a and b have shapes\n\n"
                f"    a: {tuple_text(left)}\n    b: {tuple_text(right)}\n\n"
                "What is the shape of torch.matmul(a, b), that is a @ b? Answer like "
                "(2, 3, 4), or undefined if it raises an error."
            ),
            kind="shape",
            expected=expected,
            data={"mode": "matmul", "left": left, "right": right},
            hints=[
                "The last two dimensions are the matrices; the leading ones are a batch.",
                "The batch dimensions broadcast like elementwise operations (aligned on the "
                "right, 1s stretch).",
                "A 1-D operand is a row (on the left) or a column (on the right), and that "
                "dimension is dropped from the result.",
            ],
            solution=_matmul_solution(left, right, shape),
            misconceptions=found,
        )
