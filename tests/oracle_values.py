"""The value of an expected answer as the tests read it: SymPy on the generator's own
output (never on a learner's text), so an oracle compares numbers without going through
dlmath's parser or evaluator."""

from __future__ import annotations

import sympy

_NAMES = {
    "e": sympy.E,
    "pi": sympy.pi,
    "log": sympy.log,
    "ln": sympy.log,
    "log2": lambda x: sympy.log(x, 2),
    "exp": sympy.exp,
    "sqrt": sympy.sqrt,
}


def value_of(text: str) -> float:
    """``1/2*log(2*pi*e*3)`` -> 1.9682...; ``3/4`` -> 0.75."""
    return float(sympy.sympify(text.replace("^", "**"), locals=_NAMES).evalf(30))
