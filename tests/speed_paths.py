"""What ``test_speed_paths.py`` pins: tricky texts for the lexer and the parser, pairs for
the checker, and how their results are written down to compare with a snapshot.

The snapshot (``speed_paths.json``) was written by the lexer, parser and checker as they
were before the work on the checker's speed (fast paths in the lexer and the parser, the
expected side remembered, points judged a batch at a time), so every fast path is held to
the result of the slow one it replaces. (Two verdicts were rewritten since, on purpose:
their "read as" text of a number times a power of ten became ``1.5 · 10⁶`` instead of
``1.5 10⁶``, which did not parse back.)
"""

from __future__ import annotations

import hashlib
import json
import tomllib
from fractions import Fraction
from pathlib import Path
from typing import Any

from dlmath.expr.errors import InputError
from dlmath.expr.lexer import Token
from dlmath.expr.nodes import Expr
from dlmath.expr.parser import canonical_name

#: Names declared, in turn, for every text.
DECLARED: list[list[str]] = [[], ["A", "B", "X", "b", "x", "y", "sigma"]]

TEXTS: list[str] = [
    # numbers: whole, decimal, exponent, and what is not part of them
    *("1", "1.", "1.5", ".5", "1e3", "1E-3", "1.5e+2", "15e", "15ex", "2ex", "2e+x"),
    *("1.T", "1.*2", "12.", "007", "0.000", "1e101", "1e-101", "3.25e1x"),
    *("1234567890123456789012345678901", "0000000001234567890123456789012345678901"),
    *("١٢", "1٣", "x²", "x²³", "x¹⁰¹", "2³x"),
    # postfix and superscripts
    *("x⁻¹", "Aᵀ", "A⁻ᵀ", "A'", "A.T", "A.Tx", "A^T", "A^-1", "A^{-1}", "A^-T", "A^(2)"),
    *("A^T^T", "A'^-1", "x^2^3", "x^-2", "4!", "3!!", "x⁺", "A^{T}", "e^x"),
    # names, subscripts, Greek letters
    *("x₁", "x_1", "x_{12}", "α_1", "δ", "Δx", "ϵ", "x_i", "x1", "x12y", "A1B2", "Ax", "AXB"),
    *("abc", "foo(x)", "f(x)", "C(8, 3)", "C(8,3)", "C", "e", "I", "2I", "T", "xT"),
    *("sigma", "sigma(x)", "σ(z)", "σ'(z)", "tanh'(x)", "relu'(x)", "sigmoid(x)", "ln(x)"),
    # functions and notations
    *("sin x", "sinx", "sin(x)^2", "log_2(8)", "log₂ 8", "log(8, 2)", "exp(x)", "binom(8, 3)"),
    *("max(x, y)", "inv(A)", "transpose(A)", "norm(x, 1)", "dot(x, y)", "tr(A B)", "√x"),
    *("√(x+1)", "‖x‖", "||x||_2", "||x||_F", "||x||_inf", "|x|", "|x - |y||", "∞", "π r²"),
    *("2π", "true", "false", "undefined", "DNE", "none", "inf"),
    # operators and spellings
    *("a − b", "a × b", "a ∘ b", "a ⊗ b", "a·b", "a ⋅ b", "x ⊙ y", "x .* y", "x @ y", "@"),
    *("a*-b", "a * - b", "-x", "--x", "+x", "x - -y", "2 x y", "2 3", "x y z", "x(y)"),
    *("x =", "x = 1", "", " ", "x +", "(x", "x)", "()", "x;", "x_", "x\x00", "x\ty"),
    *("x\u00a0y", "x\u2003y", "x\ny", "$x", "x#", "x ? y"),
    # matrices and lists
    *("[1 2; 3 4]", "[1, 2, 3]", "[1 -2]", "[1 - 2]", "[1 -2 x]", "[[1, 2], [3, 4]]"),
    *("[[1 2], [3 4]]", "[1,2;3,4]", "[1; 2; 3]", "[1 2 3]", "[[1, 2], [3]]", "[]", "[[]]"),
    *("[1, 2;]", "[[1, 2], 3]", "[[-15, -4, -13], [-17, -12, -11], [29, 2, 7]]", "[x, 2 y]"),
    *("[-1, -x]", "[1.50, 2e3]", "[[1, 2]; [3, 4]]", "1, 2, 3", "1, [2, 3]"),
    *(" [ [1 , 2] , [3,4] ] ", "[[-0, 007]]", "[5]", "[[5]]", "[-1, -0]", "[[1,2],[3,4]]x"),
    *("[[1, - 2]]", "[[1, 2],]", "[[1234567890123456789012345678901]]", "[\t1,\n2 ]"),
    *("[" + ", ".join(["-1"] * 149) + "]", "[" + ", ".join(["-1"] * 150) + "]"),
    # whole expressions
    *("(x + 3)(x + 4)", "x^2 + -1 x + -12", "A^T A x - A^T b", "||A x - b||^2"),
    *("x^T A^T A x - 2 b^T A x + b^T b", "(A B)^T", "B^T A^T", "σ'(z) ⊙ W^T δ"),
    *("1/(1/x + 1/y)", "x y/(x + y)", "e^(2 log(3))", "sigmoid(z)(1 - sigmoid(z))"),
    *("2 sqrt(2)", "log2(8)", "(" * 60 + "x" + ")" * 60, "x" + "+x" * 200),
]


def digest(value: Any) -> str:
    """A short fingerprint of a JSON-able value."""
    text = json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:12]


def read_row(text: str, declared: list[str]) -> list[str]:
    """Fingerprints of the tokens and of the tree (with every span) read from ``text``,
    or of the error raised."""
    from dlmath.expr.lexer import tokenize
    from dlmath.expr.parser import _parse

    names = canonical(declared)
    tokens = reading(lambda: dump_tokens(tokenize(text, names)))
    tree = reading(lambda: dump_tree(_parse.__wrapped__(text, names)))
    return [digest(tokens), digest(tree)]


def dump_tokens(tokens: list[Token]) -> list[list[Any]]:
    return [
        [t.kind, t.value, t.pos, t.end, t.space_before, list(t.number or ()), t.sup] for t in tokens
    ]


def dump_tree(e: Any) -> Any:
    """A tree with every node's span, in plain JSON."""
    if isinstance(e, Expr):
        fields = [
            [name, dump_tree(getattr(e, name))]
            for name in e.__dataclass_fields__
            if name not in ("pos", "end")
        ]
        return [type(e).__name__, e.pos, e.end, fields]
    if isinstance(e, tuple):
        return [dump_tree(x) for x in e]
    if isinstance(e, Fraction):
        return str(e)
    return e


def reading(read: Any) -> Any:
    """What ``read()`` gives, or the error it raises (kind, message, position)."""
    try:
        return read()
    except InputError as error:
        return ["error", type(error).__name__, error.message, error.position]


def PAIRS() -> list[tuple[str, str, dict | None, dict | None, float | None]]:  # noqa: N802
    """(answer, expected, shapes, assume, tolerance) for the checker: the benchmark's
    hand-labelled pairs both ways round, and the lists below."""
    corpus = tomllib.loads((ROOT / "benchmarks" / "check_corpus.toml").read_text())["pair"]
    pairs: list[tuple[str, str, dict | None, dict | None, float | None]] = []
    for p in corpus:
        pairs.append((p["answer"], p["expected"], p.get("shapes"), p.get("assume"), None))
        pairs.append((p["expected"], p["answer"], p.get("shapes"), p.get("assume"), None))
    for a, e in SCALAR_PAIRS + GENERATED_LIKE:
        pairs += [(a, e, None, None, None), (a, e, None, None, 0.01)]
    for a, e, s in MATRIX_PAIRS + HOSTILE:
        pairs += [(a, e, s, None, None), (a, e, s, {"A": "spd", "Q": "orthogonal"}, None)]
    return pairs


ROOT = Path(__file__).resolve().parent.parent
#: Like the benchmark's generated pairs: fractions, integer matrix products, (x + a)(x + b).
GENERATED_LIKE = [
    *[
        ("7/12", "1/3 + 1/4"),
        ("2/7", "1/3 + 1/4"),
        ("3/11", "3/11 + 3/11"),
        ("15/13", "9/10 + 6/3"),
    ],
    *[("5/3", "5/3 + 5/3"), ("4/1", "3/2 + 5/2"), ("11/18", "3/8 + 8/10"), ("1/2", "1/4 + 1/4")],
    ("[[3, 15], [-17, -28]]", "[[-3, -2, -2], [4, 3, 5]] [[5, -5], [-4, 4], [-5, -4]]"),
    ("[[3, 15], [-17, -27]]", "[[-3, -2, -2], [4, 3, 5]] [[5, -5], [-4, 4], [-5, -4]]"),
    ("[[-6, -4], [-5, -7]]", "[[0, -2], [-1, -2]] [[-1, 3], [3, 2]]"),
    ("[[-6, -4], [-5, -6]]", "[[0, -2], [-1, -2]] [[-1, 3], [3, 2]]"),
    ("[[1, 2, 3], [4, 5, 6]]", "[[1, 0], [0, 1]] [[1, 2, 3], [4, 5, 6]]"),
    ("[[1, 4], [2, 5], [3, 6]]", "[[1, 0], [0, 1]] [[1, 2, 3], [4, 5, 6]]"),
    ("[[-1, -2, -3], [-4, -5, -6]]", "[[1, 0], [0, 1]] [[1, 2, 3], [4, 5, 6]]"),
    *[("(x + 3)(x + 4)", "x^2 + 7 x + 12"), ("(x + 3)(x + 4)", "x^2 + 8 x + 12")],
    *[("(x + -7)(x + -7)", "x^2 + -14 x + 49"), ("(x + 1)(x + -9)", "x^2 + -7 x + -9")],
]
#: Hostile inputs of the benchmark (the limits' edges).
HOSTILE = [
    ("[1e99 0; 0 1]^100", "1", None),
    ("inv([[10^13, 0], [0, 1]])", "[[1/10000000000000, 0], [0, 1]]", None),
    ("det([[1.5*10^6, 3*10^6], [11*10^6, 22*10^6]])", "0", None),
    ("9^9^9", "x", None),
    ("1000000!", "x", None),
    ("binom(1000, 500)", "1", None),
    ("x x^T", "x", {"x": "50"}),
    ("inv(X) X", "I", {"X": "50x50"}),
    ("A ⊗ A", "A", {"A": "1000x1000"}),
]
SCALAR_PAIRS = [
    *[("0.333", "1/3"), ("0.33", "1/3"), ("1/3", "0.333"), ("2/3", "1/3"), ("-1/3", "1/3")],
    *[("3/4", "0.75"), ("[1 2; 3 4]", "[1 3; 2 4]"), ("[1 2; 3 4]", "[2 4; 6 8]")],
    *[("[1, 2]", "[1; 2]"), ("1, 2", "[1; 2]"), ("x^2", "x*x"), ("sqrt(4)", "2")],
    *[("exp(0)", "1"), ("log(1)", "0"), ("2^(1/2)", "sqrt(2)"), ("4^(1/2)", "2"), ("1/0", "1")],
    *[("x/0", "x"), ("det([1 2; 3 4])", "-2"), ("inv([1 2; 3 4])", "[-2 1; 3/2 -1/2]")],
    *[("[1 2; 3 4]^-1", "[-2 1; 1.5 -0.5]"), ("1.5", "3/2"), ("1.50", "3/2"), ("1e3", "1000")],
    *[("2 x", "x"), ("-x", "x"), ("1.01 x", "x"), ("x + 1", "x"), ("I", "[1 0; 0 1]")],
    *[("2 I", "[2 0; 0 2]"), ("[1 0; 0 1]", "I"), ("0.5", "1/2"), ("pi", "3.14159")],
    *[("3.14", "pi"), ("3.1416", "pi"), ("e", "exp(1)"), ("relu(-2)", "0"), ("max(1, 2)", "2")],
    *[("sigmoid(0)", "1/2"), ("10!", "3628800"), ("binom(5, 2)", "10"), ("[1 2 3]", "[1 2 3]")],
    *[("[1; 2; 3]", "[1 2 3]"), ("undefined", "1/0"), ("undefined", "1"), ("1", "undefined")],
    *[("(1/2)^3", "1/8"), ("2^-3", "0.125"), ("1/3 + 1/6", "0.5"), ("7/12", "1/3+1/4")],
    *[("2/7", "1/3+1/4"), ("x", "y"), ("abc", "x"), ("1+", "1"), ("0 x", "0"), ("-0", "0")],
    *[("2.0", "2"), ("0.5 x", "x/2"), ("x y", "y x"), ("2 (x + 1)", "2 x + 1")],
]
MATRIX_PAIRS = [
    ("A B", "B A", {"A": "2x2", "B": "2x2"}),
    ("A ⊙ B", "A B", {"A": "2x2", "B": "2x2"}),
    ("A B", "A ⊙ B", {"A": "2x2", "B": "2x2"}),
    ("A^T", "A", {"A": "3x3"}),
    ("A^T", "A", {"A": "2x3"}),
    ("x^T A x", "x^T A^T x", {"A": "nxn", "x": "n"}),
    ("A B", "B^T A^T", {"A": "mxn", "B": "nxp"}),
    ("inv(A)", "A^-1", {"A": "nxn"}),
    ("2 A", "A", {"A": "2x2"}),
    ("-A", "A", {"A": "2x2"}),
    ("A x", "x A", {"A": "2x2", "x": "2"}),
    ("x x^T", "x^T x", {"x": "3"}),
    ("Q^T Q", "I", {"Q": "3x3"}),
    ("A + A^T", "2 A", {"A": "3x3"}),
    ("log(det(A))", "logdet(A)", {"A": "3x3"}),
    ("A + B", "B + A", {"A": "mxn", "B": "mxn"}),
    ("A x + b", "b + A x", {"A": "mxn", "x": "n", "b": "m"}),
]


def verdict_row(
    answer: str,
    expected: str,
    shapes: dict | None,
    assume: dict | None,
    tolerance: float | None,
) -> list[Any]:
    """The checker's verdict on a pair: whether equal, the diagnosis, and a fingerprint of
    the whole verdict (its feedback, how it was read, its details) or of the error."""
    from dlmath.checker import equivalent

    found = reading(lambda: equivalent(answer, expected, shapes, assume, tolerance).to_json())
    if isinstance(found, list):  # the expected side has no value
        return ["error", found[1], digest(found)]
    return [found["equivalent"], found["diagnosis"], digest(found)]


def canonical(names: list[str]) -> frozenset[str]:
    return frozenset(canonical_name(n) for n in names)
