"""A small optimisation problem typed in the input language: an objective and
constraints ``lhs <= rhs``, ``lhs >= rhs``, ``lhs = rhs``, each side read by ``dlmath.expr``
(the comparison is found in the text; nothing else is read any other way).

Constraints are kept as g(x) ≤ 0 and h(x) = 0, so the Lagrangian is f + λᵀg + νᵀh."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from dlmath.calculators.refusal import CalculatorError
from dlmath.expr.errors import InputError
from dlmath.expr.nodes import Expr
from dlmath.expr.parser import parse
from dlmath.expr.shapes import Shape, infer_shape

MAX_CONSTRAINTS = 50
MAX_VARIABLES = 50
_COMPARISON = re.compile(r"<=|>=|≤|≥|==|=|<|>")


@dataclass(frozen=True)
class Constraint:
    text: str
    kind: str  # "ineq" (g ≤ 0) or "eq" (h = 0)
    g: Expr  # lhs − rhs, or rhs − lhs for >=
    lhs: Expr
    rhs: Expr


@dataclass(frozen=True)
class Program:
    objective: Expr
    constraints: list[Constraint]
    sizes: dict[str, int]  # variable -> number of entries (1 for a scalar)

    @property
    def dimension(self) -> int:
        return sum(self.sizes.values())

    def env(self, z: Any) -> dict[str, Any]:
        """The variables' values from the flat vector z."""
        out, at = {}, 0
        for name, n in self.sizes.items():
            out[name] = z[at : at + n].reshape(n, 1)
            at += n
        return out

    def unflatten(self, z: Any) -> dict[str, Any]:
        return {
            k: (float(v[0, 0]) if v.size == 1 else [float(x) for x in v.ravel()])
            for k, v in self.env(z).items()
        }


def read_program(objective: str, constraints: list[str], sizes: dict[str, int]) -> Program:
    if len(constraints) > MAX_CONSTRAINTS:
        raise CalculatorError(f"at most {MAX_CONSTRAINTS} constraints")
    shapes = {name: Shape(n, 1) for name, n in sizes.items()}
    f = _parse(objective, "--minimize", shapes)
    read = [_constraint(text, shapes) for text in constraints]
    names = set(f.names())
    for c in read:
        names |= c.lhs.names() | c.rhs.names()
    unknown = sorted(set(sizes) - names)
    if unknown:
        raise CalculatorError(f"--var {unknown[0]} is not used in the problem")
    all_sizes = {name: sizes.get(name, 1) for name in sorted(names)}
    if not all_sizes:
        raise CalculatorError("the problem has no variables")
    if sum(all_sizes.values()) > MAX_VARIABLES:
        raise CalculatorError(f"at most {MAX_VARIABLES} variables (entries)")
    shapes = {name: Shape(n, 1) for name, n in all_sizes.items()}
    _scalar(f, objective, "--minimize", shapes)
    for c in read:
        _scalar(c.g, c.text, "--subject-to", shapes)
    return Program(f, read, all_sizes)


def _parse(text: str, option: str, shapes: dict[str, Shape]) -> Expr:
    try:
        return parse(text, shapes)
    except InputError as error:
        error.text = error.text or text
        raise CalculatorError(f"{option}: {error.describe()}") from None


def _scalar(e: Expr, text: str, option: str, shapes: dict[str, Shape]) -> None:
    try:
        shape = infer_shape(e, shapes, text)
    except InputError as error:
        raise CalculatorError(f"{option}: {error.message} in {text!r}") from None
    if not shape.is_scalar:
        raise CalculatorError(f"{option}: {text!r} is {shape}, not a number")


def _constraint(text: str, shapes: dict[str, Shape]) -> Constraint:
    found = list(_COMPARISON.finditer(text))
    if len(found) != 1:
        raise CalculatorError(
            f"--subject-to: {text!r} needs exactly one of <=, >=, = (like x1 + x2 <= 4)"
        )
    op = found[0].group()
    if op in ("<", ">"):
        raise CalculatorError(
            f"--subject-to: {text!r}: write {op}= (a strict inequality has no minimum in general)"
        )
    left, right = text[: found[0].start()], text[found[0].end() :]
    lhs = _parse(left, "--subject-to", shapes)
    rhs = _parse(right, "--subject-to", shapes)
    from dlmath.expr.nodes import Add, Neg

    if op in ("<=", "≤"):
        return Constraint(text, "ineq", Add((lhs, Neg(rhs))), lhs, rhs)
    if op in (">=", "≥"):
        return Constraint(text, "ineq", Add((rhs, Neg(lhs))), lhs, rhs)
    return Constraint(text, "eq", Add((lhs, Neg(rhs))), lhs, rhs)
