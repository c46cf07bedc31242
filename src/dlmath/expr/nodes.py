"""The ``Expr`` tree: one typed representation for every piece of math in dlmath.

Nodes are frozen dataclasses compared by value (positions excluded), so two parses of
the same text are equal and trees can be used as dictionary keys. ``pos``/``end`` are
the character span in the source text, for error messages; built trees have -1.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, fields
from fractions import Fraction
from typing import Any


@dataclass(frozen=True, slots=True)
class Expr:
    pos: int = field(default=-1, compare=False, repr=False, kw_only=True)
    end: int = field(default=-1, compare=False, repr=False, kw_only=True)

    def children(self) -> tuple[Expr, ...]:
        direct = _CHILDREN.get(type(self))
        if direct is not None:  # the node types of this module, read field by field
            return direct(self)
        out: list[Expr] = []
        for name in _child_fields(type(self)):
            value = getattr(self, name)
            if isinstance(value, Expr):
                out.append(value)
            elif isinstance(value, tuple):
                for item in value:
                    if isinstance(item, Expr):
                        out.append(item)
                    elif isinstance(item, tuple):
                        out.extend(x for x in item if isinstance(x, Expr))
        return tuple(out)

    def map_children(self, fn: Callable[[Expr], Expr]) -> Expr:
        """A copy with ``fn`` applied to every direct child (for tree rewrites)."""
        changes: dict[str, Any] = {}
        for name in _child_fields(type(self)):
            value = getattr(self, name)
            if isinstance(value, Expr):
                changes[name] = fn(value)
            elif isinstance(value, tuple) and value and isinstance(value[0], tuple):
                changes[name] = tuple(tuple(fn(x) for x in row) for row in value)
            elif isinstance(value, tuple) and value and isinstance(value[0], Expr):
                changes[name] = tuple(fn(x) for x in value)
        if not changes:
            return self
        cls = type(self)  # what ``dataclasses.replace`` does, without its checks (hot)
        values = {name: getattr(self, name) for name in _child_fields(cls)} | changes
        return cls(**values, pos=self.pos, end=self.end)

    def walk(self) -> Iterator[Expr]:
        """Every node, parents before children."""
        stack: list[Expr] = [self]
        while stack:
            node = stack.pop()
            yield node
            if type(node) not in _LEAVES:  # leaves are most nodes: skip asking them
                stack.extend(reversed(node.children()))

    def names(self) -> set[str]:
        """The variable names used (not constants, not functions)."""
        found: set[str] = set()
        stack: list[Expr] = [self]
        while stack:
            node = stack.pop()
            kind = type(node)
            if kind is Sym:
                found.add(node.name)  # type: ignore[attr-defined]
            elif kind not in _LEAVES:
                stack.extend(node.children())
        return found

    def size(self) -> int:
        return sum(1 for _ in self.walk())

    def __str__(self) -> str:
        # The text renderer registers itself (``render`` imports ``nodes``, not the reverse).
        return _TEXT_RENDERER[0](self) if _TEXT_RENDERER else repr(self)


#: Set by ``dlmath.expr.render`` when it is imported: how ``str(expr)`` is written.
_TEXT_RENDERER: list[Callable[[Expr], str]] = []


def register_text_renderer(render: Callable[[Expr], str]) -> None:
    """Called once by ``dlmath.expr.render``; keeps ``nodes`` free of an import cycle."""
    _TEXT_RENDERER[:] = [render]


_FIELDS: dict[type, tuple[str, ...]] = {}


def _child_fields(cls: type) -> tuple[str, ...]:
    """The names of a node class's fields other than its span (cached: walks are hot)."""
    names = _FIELDS.get(cls)
    if names is None:
        names = tuple(f.name for f in fields(cls) if f.name not in ("pos", "end"))
        _FIELDS[cls] = names
    return names


# ---- atoms -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Num(Expr):
    """An exact rational literal (``3``, ``0.75``, ``1e-3``, ``3/4`` after folding)."""

    value: Fraction = Fraction(0)
    decimals: int = field(default=0, compare=False, repr=False)  # digits typed after '.'


#: The values of the commonest literals, made once (a Fraction is immutable: shared safely).
_SMALL_WHOLE = tuple(Fraction(k) for k in range(100))


def whole_value(n: int) -> Fraction:
    """``Fraction(n)`` for a whole number ``n >= 0`` (a literal's value)."""
    return _SMALL_WHOLE[n] if n < 100 else Fraction(n)


@dataclass(frozen=True, slots=True)
class Const(Expr):
    """``pi`` or ``e``."""

    name: str = "pi"


@dataclass(frozen=True, slots=True)
class Sym(Expr):
    """A variable: scalar, vector or matrix, by the shape declared for it."""

    name: str = "x"


@dataclass(frozen=True, slots=True)
class Matrix(Expr):
    """A literal matrix; ``[1, 2, 3]`` is a 3×1 column."""

    rows: tuple[tuple[Expr, ...], ...] = ()


@dataclass(frozen=True, slots=True)
class IdentityMatrix(Expr):
    """``I``: square, its size inferred from context."""


@dataclass(frozen=True, slots=True)
class Undefined(Expr):
    """The answer ``undefined`` (also ``DNE``, ``none``)."""


@dataclass(frozen=True, slots=True)
class Bool(Expr):
    value: bool = True


@dataclass(frozen=True, slots=True)
class ListOf(Expr):
    """A comma-separated answer list (eigenvalues, a set of outcomes)."""

    items: tuple[Expr, ...] = ()


#: Node types without children.
_LEAVES: frozenset[type] = frozenset()  # filled in below, once the classes exist


# ---- operations --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Add(Expr):
    terms: tuple[Expr, ...] = ()


@dataclass(frozen=True, slots=True)
class Neg(Expr):
    arg: Expr = field(default_factory=Num)


@dataclass(frozen=True, slots=True)
class Mul(Expr):
    """The matrix (or scalar) product: juxtaposition, ``*``, ``·``, ``@``."""

    factors: tuple[Expr, ...] = ()


@dataclass(frozen=True, slots=True)
class Hadamard(Expr):
    """The elementwise product ``⊙`` / ``.*``."""

    left: Expr = field(default_factory=Num)
    right: Expr = field(default_factory=Num)


@dataclass(frozen=True, slots=True)
class Kron(Expr):
    """The Kronecker product ``⊗``."""

    left: Expr = field(default_factory=Num)
    right: Expr = field(default_factory=Num)


@dataclass(frozen=True, slots=True)
class Div(Expr):
    """Division by a scalar (elementwise when both sides have the same shape)."""

    num: Expr = field(default_factory=Num)
    den: Expr = field(default_factory=Num)


@dataclass(frozen=True, slots=True)
class Pow(Expr):
    """A power: of a scalar (any exponent), elementwise, or of a square matrix (integer)."""

    base: Expr = field(default_factory=Num)
    exponent: Expr = field(default_factory=Num)


@dataclass(frozen=True, slots=True)
class Transpose(Expr):
    arg: Expr = field(default_factory=Num)


@dataclass(frozen=True, slots=True)
class Inverse(Expr):
    arg: Expr = field(default_factory=Num)


@dataclass(frozen=True, slots=True)
class Func(Expr):
    """A named function: tr, det, diag, sum, exp, log, sigmoid, softmax, ..."""

    name: str = "exp"
    args: tuple[Expr, ...] = ()


@dataclass(frozen=True, slots=True)
class Norm(Expr):
    """``||x||`` (p = "2"), ``||x||_1``, ``||X||_F``, ``||x||_inf``."""

    arg: Expr = field(default_factory=Num)
    p: str = "2"


_LEAVES = frozenset({Num, Const, Sym, IdentityMatrix, Undefined, Bool})


def _no_children(node: Any) -> tuple[Expr, ...]:
    return ()


def _arg(node: Any) -> tuple[Expr, ...]:
    return (node.arg,)


def _left_right(node: Any) -> tuple[Expr, ...]:
    return (node.left, node.right)


#: How each node type gives its children (walks are hot; the generic way asks every field).
_CHILDREN: dict[type, Callable[[Any], tuple[Expr, ...]]] = {
    **{leaf: _no_children for leaf in _LEAVES},
    Neg: _arg,
    Transpose: _arg,
    Inverse: _arg,
    Norm: _arg,
    Hadamard: _left_right,
    Kron: _left_right,
    Div: lambda node: (node.num, node.den),
    Pow: lambda node: (node.base, node.exponent),
    Add: lambda node: node.terms,
    Mul: lambda node: node.factors,
    ListOf: lambda node: node.items,
    Func: lambda node: node.args,
    Matrix: lambda node: tuple(x for row in node.rows for x in row),
}


# ---- vocabulary ----------------------------------------------------------------------

#: name -> (min args, max args). Scalar functions apply elementwise.
FUNCTIONS: dict[str, tuple[int, int]] = {
    "tr": (1, 1),
    "det": (1, 1),
    "logdet": (1, 1),
    "diag": (1, 1),
    "sum": (1, 1),
    "mean": (1, 1),
    "vec": (1, 1),
    "dot": (2, 2),
    "exp": (1, 1),
    "log": (1, 1),
    "log2": (1, 1),
    "log10": (1, 1),
    "sqrt": (1, 1),
    "abs": (1, 1),
    "sin": (1, 1),
    "cos": (1, 1),
    "tan": (1, 1),
    "tanh": (1, 1),
    "cosh": (1, 1),
    "sinh": (1, 1),
    "sech": (1, 1),
    "pinv": (1, 1),
    "sigmoid": (1, 1),
    "softmax": (1, 1),
    "logsumexp": (1, 1),
    "relu": (1, 1),
    "step": (1, 1),
    "sign": (1, 1),
    "max": (1, 2),
    "min": (1, 2),
    # information measures (bits unless a base is given) and the normal distribution
    "entropy": (1, 2),
    "cross_entropy": (2, 3),
    "kl": (2, 3),
    "mutual_information": (1, 2),
    "conditional_entropy": (1, 2),
    "normal_pdf": (1, 3),
    "normal_cdf": (1, 3),
}

#: name -> the number of distributions it takes (the optional base follows them).
INFORMATION_FUNCTIONS = {
    "entropy": 1,
    "cross_entropy": 2,
    "kl": 2,
    "mutual_information": 1,
    "conditional_entropy": 1,
}
NORMAL_FUNCTIONS = frozenset({"normal_pdf", "normal_cdf"})

#: Elementwise scalar functions (same shape in, same shape out).
ELEMENTWISE = frozenset(
    {"exp", "log", "log2", "log10", "sqrt", "abs", "sin", "cos", "tan", "tanh", "sigmoid", "relu"}
    | {"cosh", "sinh", "sech"}
    | {"step", "sign"}  # step(x) = 1 for x > 0, else 0: the derivative of relu
)

#: Spellings that mean the same function.
FUNCTION_ALIASES = {"trace": "tr", "ln": "log", "σ": "sigmoid", "lg": "log2"}

GREEK = {
    "alpha": "α",
    "beta": "β",
    "gamma": "γ",
    "delta": "δ",
    "epsilon": "ε",
    "zeta": "ζ",
    "eta": "η",
    "theta": "θ",
    "iota": "ι",
    "kappa": "κ",
    "lambda": "λ",
    "mu": "μ",
    "nu": "ν",
    "xi": "ξ",
    "rho": "ρ",
    "sigma": "σ",
    "tau": "τ",
    "upsilon": "υ",
    "phi": "φ",
    "chi": "χ",
    "psi": "ψ",
    "omega": "ω",
    "Gamma": "Γ",
    "Delta": "Δ",
    "Theta": "Θ",
    "Lambda": "Λ",
    "Xi": "Ξ",
    "Sigma": "Σ",
    "Phi": "Φ",
    "Psi": "Ψ",
    "Omega": "Ω",
}
GREEK_BY_LETTER = {v: k for k, v in GREEK.items()} | {"ϵ": "epsilon", "ϕ": "phi", "ς": "sigma"}


def num(value: int | Fraction | str) -> Num:
    return Num(Fraction(value))


def is_number(e: Expr, value: int | Fraction | None = None) -> bool:
    return isinstance(e, Num) and (value is None or e.value == value)
