"""The parser of the input language: text -> ``Expr``, by recursive descent.

Hand-written so that every error can say exactly what is wrong and where, and so that
nothing a learner types ever reaches ``eval``. Precedence, lowest first: lists (``,``),
sums, products (juxtaposition, ``*``, ``·``, ``@``, ``⊙``, ``.*``, ``⊗``, ``/``), unary
minus, powers and postfix transposes/inverses, atoms.
"""

from __future__ import annotations

import math
from fractions import Fraction
from functools import lru_cache

from dlmath.expr.errors import InputError, LimitError
from dlmath.expr.lexer import Token, tokenize
from dlmath.expr.limits import (
    MAX_BINOMIAL,
    MAX_DEPTH,
    MAX_EXPONENT,
    MAX_FACTORIAL,
    MAX_NODES,
)
from dlmath.expr.nodes import (
    FUNCTION_ALIASES,
    FUNCTIONS,
    GREEK,
    GREEK_BY_LETTER,
    Add,
    Bool,
    Const,
    Div,
    Expr,
    Func,
    Hadamard,
    IdentityMatrix,
    Inverse,
    Kron,
    ListOf,
    Matrix,
    Mul,
    Neg,
    Norm,
    Num,
    Pow,
    Sym,
    Transpose,
    Undefined,
)

_STARTS_OPERAND_OPS = {"(", "[", "{", "|", "||", "√"}
_PRODUCT_OPS = {"*", "@", "·"}
_HADAMARD_OPS = {"⊙", ".*"}
#: ``log_2``, ``log₂``, ``lg``: logarithms by their base.
_LOG_BASES = {"log_2": "log2", "log_10": "log10", "log_e": "log", "ln": "log"}
#: ``σ'(z)``: the derivatives of the activation functions, written out.
_PRIMED = {"sigma", "sigmoid", "σ", "tanh", "relu"}
_NORM_SUBSCRIPTS = {"1": "1", "2": "2", "F": "F", "fro": "F", "inf": "inf", "infinity": "inf"}


def canonical_name(name: str) -> str:
    """``δ`` and ``delta`` are one name; so are ``x_{1}`` and ``x_1``."""
    if name and name[0] in GREEK_BY_LETTER:
        name = GREEK_BY_LETTER[name[0]] + name[1:]
    return name.replace("{", "").replace("}", "")


def parse(text: str, shapes: dict[str, object] | None = None) -> Expr:
    """Parse ``text`` into an ``Expr``. ``shapes`` (or any collection of names) lists the
    declared names, used to read ``AXB`` as ``A X B``. Raises ``InputError``."""
    if not isinstance(text, str):
        raise InputError("expected text")
    return _parse(text, frozenset(canonical_name(n) for n in (shapes or ())))


@lru_cache(maxsize=4096)
def _parse(text: str, declared: frozenset[str]) -> Expr:
    # Trees are immutable, so a cached parse is safe to share (expected answers and
    # misconceptions are parsed again on every check).
    if "\x00" in text:
        raise InputError("the input contains a NUL character", text, text.index("\x00"))
    tokens = tokenize(text, declared)
    parser = _Parser(text, tokens, declared)
    if tokens[0].kind == "end":
        raise InputError("the answer is empty", text, 0)
    expr = parser.parse_list()
    tok = parser.peek()
    if tok.kind != "end":
        parser.unexpected(tok)
    return expr


class _Parser:
    def __init__(self, text: str, tokens: list[Token], declared: frozenset[str]):
        self.text = text
        self.tokens = tokens
        self.last = len(tokens) - 1  # the "end" token
        self.i = 0
        self.declared = declared
        self.nodes = 0
        self.depth = 0
        self.abs_depth = 0
        self.norm_depth = 0
        self.space_separates = False  # inside "[1 2; 3 4]": whitespace separates entries

    # ---- token access ---------------------------------------------------------------

    def peek(self, k: int = 0) -> Token:
        j = self.i + k
        return self.tokens[j] if j < self.last else self.tokens[self.last]

    def next(self) -> Token:
        tok = self.tokens[self.i]
        if self.i < self.last:
            self.i += 1
        return tok

    def at(self, value: str) -> bool:
        tok = self.peek()
        return tok.kind == "op" and tok.value == value

    def expect(self, value: str, opened: Token | None = None) -> Token:
        tok = self.peek()
        if tok.kind == "op" and tok.value == value:
            return self.next()
        if opened is not None:
            where = "the end" if tok.kind == "end" else repr(tok.value)
            self.error(
                f"expected {value!r} to close the {opened.value!r} opened at position "
                f"{opened.pos + 1}, found {where}",
                tok.pos,
            )
        self.unexpected(tok, f"expected {value!r}")

    def error(self, message: str, pos: int) -> None:
        raise InputError(message, self.text, pos)

    def unexpected(self, tok: Token, hint: str = "") -> None:
        if tok.kind == "end":
            self.error("the expression ends too early" + (f": {hint}" if hint else ""), tok.pos)
        messages = {
            "=": "write an expression, not an equation (leave out '= ...')",
            ";": "';' separates matrix rows and belongs inside [ ]",
            "_": "'_' starts a subscript and must follow a name, like x_1",
        }
        message = messages.get(
            tok.value, f"unexpected {tok.value!r}" + (f" ({hint})" if hint else "")
        )
        self.error(message, tok.pos)

    def node(self, cls: type, *args: object, pos: int, end: int | None = None) -> Expr:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise LimitError(
                f"the expression has more than {MAX_NODES} parts; the limit is {MAX_NODES}",
                self.text,
                pos,
            )
        if end is None:
            end = self.tokens[self.i - 1].end if self.i > 0 else pos
        return cls(*args, pos=pos, end=end)

    def enter(self, pos: int) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise LimitError(f"the expression nests deeper than {MAX_DEPTH} levels", self.text, pos)

    # ---- grammar -----------------------------------------------------------------

    def parse_list(self) -> Expr:
        first = self.peek()
        items = [self.parse_sum()]
        while self.at(","):
            self.next()
            items.append(self.parse_sum())
        if len(items) == 1:
            return items[0]
        return self.node(ListOf, tuple(items), pos=first.pos)

    def parse_sum(self) -> Expr:
        start = self.peek()
        terms = [self.parse_product()]
        while self.peek().kind == "op" and self.peek().value in ("+", "-"):
            tok = self.peek()
            if self.space_separates and tok.space_before and not self.peek(1).space_before:
                break  # "[1 -2]": a new entry, not a subtraction
            self.next()
            term = self.parse_product()
            if tok.value == "-":
                term = self.node(Neg, term, pos=tok.pos)
            terms.append(term)
        if len(terms) == 1:
            return terms[0]
        return self.node(Add, tuple(terms), pos=start.pos)

    def starts_operand(self, tok: Token) -> bool:
        if tok.kind in ("num", "word"):
            return True
        if tok.kind != "op" or tok.value not in _STARTS_OPERAND_OPS:
            return False
        if tok.value == "|" and self.abs_depth:
            return False
        return not (tok.value == "||" and self.norm_depth)

    def parse_product(self) -> Expr:
        """Elementwise products bind looser than matrix products, as in deep-learning
        papers: ``σ'(z) ⊙ Wᵀ δ`` is ``σ'(z) ⊙ (Wᵀ δ)``."""
        start = self.peek()
        left = self.parse_matrix_product()
        while self.peek().kind == "op" and self.peek().value in _HADAMARD_OPS:
            self.next()
            right = self.parse_matrix_product()
            left = self.node(Hadamard, left, right, pos=start.pos)
        return left

    def parse_matrix_product(self) -> Expr:
        start = self.peek()
        left = self.parse_unary()
        factors = [left]

        def flush() -> Expr:
            if len(factors) == 1:
                return factors[0]
            return self.node(Mul, tuple(factors), pos=start.pos)

        while True:
            tok = self.peek()
            if tok.kind == "op" and tok.value in _PRODUCT_OPS:
                self.next()
                factors.append(self.parse_unary())
            elif tok.kind == "op" and tok.value in ("⊗", "/"):
                self.next()
                right = self.parse_unary()
                cls = Kron if tok.value == "⊗" else Div
                factors = [self.node(cls, flush(), right, pos=start.pos)]
            elif self.starts_operand(tok) and not (self.space_separates and tok.space_before):
                prev = self.tokens[self.i - 1]
                if tok.kind == "num" and prev.kind == "num":
                    self.error(
                        "two numbers side by side: write '*' for a product or ',' for a list",
                        tok.pos,
                    )
                factors.append(self.parse_unary())
            else:
                return flush()

    def parse_unary(self) -> Expr:
        tok = self.peek()
        self.enter(tok.pos)
        try:
            if tok.kind == "op" and tok.value == "-":
                self.next()
                return self.node(Neg, self.parse_unary(), pos=tok.pos)
            if tok.kind == "op" and tok.value == "+":
                self.next()
                return self.parse_unary()
            return self.parse_postfix()
        finally:
            self.depth -= 1

    def parse_postfix(self) -> Expr:
        start = self.peek()
        expr = self.parse_atom()
        while True:
            tok = self.peek()
            if tok.kind == "sup":
                self.next()
                expr = self.node(
                    Pow, expr, self.node(Num, Fraction(tok.sup), pos=tok.pos), pos=start.pos
                )
            elif tok.kind == "op" and tok.value in ("'", ".T", "ᵀ"):
                self.next()
                expr = self.node(Transpose, expr, pos=start.pos)
            elif tok.kind == "op" and tok.value == "⁻¹":
                self.next()
                expr = self.node(Inverse, expr, pos=start.pos)
            elif tok.kind == "op" and tok.value == "⁻ᵀ":
                self.next()
                expr = self.node(Transpose, self.node(Inverse, expr, pos=start.pos), pos=start.pos)
            elif tok.kind == "op" and tok.value == "^":
                self.next()
                expr = self.parse_exponent(expr, start)
            elif tok.kind == "op" and tok.value == "!":
                self.next()
                expr = self.node(Num, Fraction(self.factorial(expr, tok)), pos=start.pos)
            elif tok.kind == "op" and tok.value == "⁺":
                self.next()
                expr = self.node(Func, "pinv", (expr,), pos=start.pos)
            else:
                return expr

    def factorial(self, e: Expr, tok: Token) -> int:
        n = _whole_number(e)
        if n is None or not 0 <= n <= MAX_FACTORIAL:
            self.error(
                f"factorials need a whole number from 0 to {MAX_FACTORIAL}, like 4!", tok.pos
            )
        return math.factorial(n)

    def parse_exponent(self, base: Expr, start: Token) -> Expr:
        """After ``^``: ``T``, ``-1``, ``-T``, ``{...}``, ``(...)`` or a power-level term."""
        tok = self.peek()
        braced = tok.kind == "op" and tok.value == "{"
        if braced:
            self.next()
        tok = self.peek()
        if tok.kind == "word" and tok.value == "T":
            self.next()
            result = self.node(Transpose, base, pos=start.pos)
        elif (
            tok.kind == "op"
            and tok.value == "-"
            and self.peek(1).kind == "word"
            and self.peek(1).value == "T"
        ):
            self.next()
            self.next()
            result = self.node(Transpose, self.node(Inverse, base, pos=start.pos), pos=start.pos)
        else:
            exponent = self.parse_sum() if braced else self.parse_unary()
            if isinstance(exponent, Neg) and _is_one(exponent.arg):
                result = self.node(Inverse, base, pos=start.pos)
            else:
                _check_exponent(exponent, self.text)
                result = self.node(Pow, base, exponent, pos=start.pos)
        if braced:
            self.expect("}")
        return result

    def parse_atom(self) -> Expr:
        tok = self.peek()
        if tok.kind == "num":
            self.next()
            digits, decimals, exponent = tok.number  # type: ignore[misc]
            if decimals or exponent:
                value = (
                    Fraction(int(digits + decimals), 10 ** len(decimals)) * Fraction(10) ** exponent
                )
            else:
                value = Fraction(int(digits))
            return self.node(Num, value, len(decimals), pos=tok.pos)
        if tok.kind == "word":
            return self.parse_word()
        if tok.kind == "op":
            if tok.value in ("(", "{"):
                return self.parse_group()
            if tok.value == "[":
                return self.parse_matrix()
            if tok.value == "|":
                return self.parse_abs()
            if tok.value == "||":
                return self.parse_norm()
            if tok.value == "√":
                self.next()
                arg = self.parse_postfix()
                return self.node(Func, "sqrt", (arg,), pos=tok.pos)
        self.unexpected(tok)

    def parse_group(self) -> Expr:
        opened = self.next()
        closing = ")" if opened.value == "(" else "}"
        saved = self.space_separates, self.abs_depth, self.norm_depth
        self.space_separates, self.abs_depth, self.norm_depth = False, 0, 0
        if self.at(closing):
            self.error("empty parentheses", self.peek().pos)
        inner = self.parse_sum()
        self.expect(closing, opened)
        self.space_separates, self.abs_depth, self.norm_depth = saved
        return inner

    def parse_word(self) -> Expr:
        tok = self.next()
        name = tok.value
        lower = name.lower()
        if name in self.declared:  # a declared σ is a name even before "(": σ(z) is σ·z
            return self.node(Sym, name, pos=tok.pos)
        if lower in ("undefined", "dne", "none"):
            return self.node(Undefined, pos=tok.pos)
        if lower in ("true", "false"):
            return self.node(Bool, lower == "true", pos=tok.pos)
        if lower in ("inf", "infinity"):
            self.error("∞ is not a number here", tok.pos)
        if name == "pi" or name == "e":
            return self.node(Const, name, pos=tok.pos)
        if name == "I":
            return self.node(IdentityMatrix, pos=tok.pos)
        if name == "T":
            self.error("T means transpose here: write A^T (or A', A.T, Aᵀ)", tok.pos)
        if name in _PRIMED and self.at("'") and self.peek(1).value == "(":
            self.next()
            return self.parse_derivative(tok, name)
        if name == "binom" or (name == "C" and self.binomial_ahead()):
            return self.parse_binomial(tok)
        fname = FUNCTION_ALIASES.get(name, name)
        fname = _LOG_BASES.get(name, fname)
        if name == "sigma" and self.at("("):
            fname = "sigmoid"
        if name.startswith("log_") and fname == name:
            return self.parse_log_base(tok, name[4:])
        if fname in FUNCTIONS or fname in ("inv", "transpose", "norm"):
            return self.parse_call(tok, fname)
        if name in GREEK:
            return self.node(Sym, name, pos=tok.pos)
        letters = name.split("_")[0].rstrip("0123456789")
        if len(letters) > 1 and self.at("(") and not self.peek().space_before:
            self.error(f"unknown function {name!r}", tok.pos)
        return self.node(Sym, canonical_name(name), pos=tok.pos)

    def binomial_ahead(self) -> bool:
        """``C(8, 3)``: C is the binomial coefficient only when two whole numbers follow."""
        kinds = [self.peek(k) for k in range(5)]
        return [(t.kind, t.value if t.kind == "op" else "") for t in kinds] == [
            ("op", "("),
            ("num", ""),
            ("op", ","),
            ("num", ""),
            ("op", ")"),
        ] and not kinds[0].space_before

    def parse_binomial(self, tok: Token) -> Expr:
        args = self.call_arguments(tok)
        self._arity(tok, args, 2)
        n, k = _whole_number(args[0]), _whole_number(args[1])
        if n is None or k is None or not 0 <= n <= MAX_BINOMIAL or k < 0:
            self.error(
                f"{tok.value}(n, k) takes whole numbers n from 0 to {MAX_BINOMIAL} and k ≥ 0",
                tok.pos,
            )
        return self.node(Num, Fraction(math.comb(n, k)), pos=tok.pos)

    def parse_log_base(self, tok: Token, base_text: str) -> Expr:
        """``log_3(9)`` is log(9)/log(3); a base that is not a number is an error."""
        if not base_text.isdigit() or int(base_text) < 2:
            self.error(f"a logarithm's base is a whole number ≥ 2, got {base_text!r}", tok.pos)
        arg = self.call_arguments(tok)
        self._arity(tok, arg, 1)
        base = self.node(Num, Fraction(int(base_text)), pos=tok.pos)
        return self.change_of_base(arg[0], base, tok)

    def change_of_base(self, arg: Expr, base: Expr, tok: Token) -> Expr:
        if isinstance(base, Num) and base.value in (2, 10):
            return self.node(Func, f"log{base.value}", (arg,), pos=tok.pos)
        if isinstance(base, Const) and base.name == "e":
            return self.node(Func, "log", (arg,), pos=tok.pos)
        top = self.node(Func, "log", (arg,), pos=tok.pos)
        return self.node(Div, top, self.node(Func, "log", (base,), pos=tok.pos), pos=tok.pos)

    def parse_derivative(self, tok: Token, name: str) -> Expr:
        """``σ'(z)``, ``tanh'(z)``, ``relu'(z)``, written out as the functions they are."""
        args = self.call_arguments(tok)
        self._arity(tok, args, 1)
        u, at = args[0], tok.pos
        if name == "relu":
            return self.node(Func, "step", (u,), pos=at)
        one = self.node(Num, Fraction(1), pos=at)
        if name == "tanh":
            t = self.node(Func, "tanh", (u,), pos=at)
            square = self.node(Hadamard, t, t, pos=at)
            return self.node(Add, (one, self.node(Neg, square, pos=at)), pos=at)
        s = self.node(Func, "sigmoid", (u,), pos=at)
        rest = self.node(Add, (one, self.node(Neg, s, pos=at)), pos=at)
        return self.node(Hadamard, s, rest, pos=at)

    def call_arguments(self, tok: Token) -> list[Expr]:
        if not self.at("("):
            if not self.starts_operand(self.peek()):
                self.error(f"{tok.value} needs an argument, like {tok.value}(x)", tok.end)
            return [self.parse_postfix()]
        opened = self.next()
        saved = self.space_separates, self.abs_depth, self.norm_depth
        self.space_separates, self.abs_depth, self.norm_depth = False, 0, 0
        if self.at(")"):
            self.error(f"{tok.value}() needs an argument", self.peek().pos)
        args = [self.parse_sum()]
        while self.at(","):
            self.next()
            args.append(self.parse_sum())
        self.expect(")", opened)
        self.space_separates, self.abs_depth, self.norm_depth = saved
        return args

    def parse_call(self, tok: Token, fname: str) -> Expr:
        args = self.call_arguments(tok)
        if fname == "log" and len(args) == 2:
            return self.change_of_base(args[0], args[1], tok)
        return self.build_call(tok, fname, args)

    def build_call(self, tok: Token, fname: str, args: list[Expr]) -> Expr:
        if fname == "inv":
            self._arity(tok, args, 1)
            return self.node(Inverse, args[0], pos=tok.pos)
        if fname == "transpose":
            self._arity(tok, args, 1)
            return self.node(Transpose, args[0], pos=tok.pos)
        if fname == "norm":
            if len(args) == 1:
                return self.node(Norm, args[0], "2", pos=tok.pos)
            self._arity(tok, args, 2)
            p = _norm_order(args[1])
            if p is None:
                self.error("norm(x, p) takes p = 1, 2 or inf", args[1].pos)
            return self.node(Norm, args[0], p, pos=tok.pos)
        if fname == "dot":
            self._arity(tok, args, 2)
            return self.node(
                Mul, (self.node(Transpose, args[0], pos=tok.pos), args[1]), pos=tok.pos
            )
        low, high = FUNCTIONS[fname]
        if not low <= len(args) <= high:
            self._arity(tok, args, low if len(args) < low else high)
        return self.node(Func, fname, tuple(args), pos=tok.pos)

    def _arity(self, tok: Token, args: list[Expr], n: int) -> None:
        if len(args) != n:
            plural = "argument" if n == 1 else "arguments"
            self.error(f"{tok.value} takes {n} {plural}, got {len(args)}", tok.pos)

    def parse_abs(self) -> Expr:
        opened = self.next()
        saved = self.space_separates, self.abs_depth
        self.space_separates = False
        self.abs_depth += 1
        inner = self.parse_sum()
        self.expect("|", opened)
        self.space_separates, self.abs_depth = saved
        return self.node(Func, "abs", (inner,), pos=opened.pos)

    def parse_norm(self) -> Expr:
        opened = self.next()
        saved = self.space_separates, self.norm_depth
        self.space_separates = False
        self.norm_depth += 1
        inner = self.parse_sum()
        self.expect("||", opened)
        self.space_separates, self.norm_depth = saved
        p = "2"
        if self.at("_"):
            self.next()
            sub = self.next()
            braced = sub.kind == "op" and sub.value == "{"
            if braced:
                sub = self.next()
            if sub.value not in _NORM_SUBSCRIPTS:
                self.error("a norm's subscript is 1, 2, F or inf", sub.pos)
            p = _NORM_SUBSCRIPTS[sub.value]
            if braced:
                self.expect("}")
        return self.node(Norm, inner, p, pos=opened.pos)

    def parse_matrix(self) -> Expr:
        """``[[1, 2], [3, 4]]``, ``[1 2; 3 4]``, the column ``[1, 2, 3]`` or the row ``[1 2 3]``."""
        opened = self.next()
        if self.at("]"):
            self.error("an empty matrix", opened.pos)
        saved = self.space_separates, self.abs_depth, self.norm_depth
        self.abs_depth = self.norm_depth = 0
        if self.at("["):
            rows = self.parse_nested_rows(opened)
        else:
            has_comma, has_semicolon = self.scan_bracket()
            self.space_separates = not has_comma
            rows = [self.parse_row()]
            while self.at(";"):
                self.next()
                if self.at("]"):
                    break  # a trailing ';'
                rows.append(self.parse_row())
            if not has_semicolon and has_comma:
                rows = [[entry] for entry in rows[0]]  # [1, 2, 3] is a column
            # without commas, MATLAB's reading: [1 2 3] is a row, [1; 2; 3] a column
        self.expect("]", opened)
        self.space_separates, self.abs_depth, self.norm_depth = saved
        width = len(rows[0])
        for k, row in enumerate(rows[1:], start=2):
            if len(row) != width:
                entries = "entry" if len(row) == 1 else "entries"
                self.error(
                    f"ragged matrix: row {k} has {len(row)} {entries} but row 1 has {width}",
                    row[0].pos if row else opened.pos,
                )
        return self.node(Matrix, tuple(tuple(r) for r in rows), pos=opened.pos)

    def parse_nested_rows(self, opened: Token) -> list[list[Expr]]:
        rows = []
        while True:
            row_open = self.peek()
            if not self.at("["):
                self.unexpected(row_open, "each row of [[...], [...]] is written in brackets")
            self.next()
            has_comma, has_semicolon = self.scan_bracket()
            if has_semicolon:
                self.error("a row cannot contain ';'", row_open.pos)
            if self.at("]"):
                self.error("an empty row", row_open.pos)
            self.space_separates = not has_comma
            row = self.parse_row()
            self.space_separates = False
            self.expect("]", row_open)
            rows.append(row)
            if not self.at(","):
                return rows
            self.next()

    def parse_row(self) -> list[Expr]:
        entries = [self.parse_entry()]
        while True:
            if self.at(","):
                self.next()
                entries.append(self.parse_entry())
            elif self.space_separates and self.starts_operand_or_sign(self.peek()):
                entries.append(self.parse_entry())
            else:
                return entries

    def parse_entry(self) -> Expr:
        """One matrix entry. A plain (signed) number, by far the most common entry, is
        read directly instead of through the whole precedence climb."""
        k = 1 if self.at("-") else 0
        tok, after = self.peek(k), self.peek(k + 1)
        if (
            tok.kind == "num"
            and after.kind == "op"
            and after.value in (",", "]", ";")
            and (k == 0 or not tok.space_before)
        ):
            sign = self.peek() if k else None
            self.i += k
            number = self.parse_atom()
            if sign is None:
                return number
            return self.node(Neg, number, pos=sign.pos)
        return self.parse_sum()

    def starts_operand_or_sign(self, tok: Token) -> bool:
        if tok.kind == "op" and tok.value in ("-", "+"):
            return True
        return self.starts_operand(tok)

    def scan_bracket(self) -> tuple[bool, bool]:
        """Whether the bracket opened just before has a top-level ',' and ';'."""
        depth, comma, semicolon = 0, False, False
        for tok in self.tokens[self.i :]:
            if tok.kind != "op":
                continue
            if tok.value in ("(", "[", "{"):
                depth += 1
            elif tok.value in (")", "]", "}"):
                if depth == 0:
                    break
                depth -= 1
            elif depth == 0 and tok.value == ",":
                comma = True
            elif depth == 0 and tok.value == ";":
                semicolon = True
        return comma, semicolon


def _whole_number(e: Expr) -> int | None:
    if isinstance(e, Num) and e.value.denominator == 1 and not e.decimals:
        return int(e.value)
    return None


def _is_one(e: Expr) -> bool:
    return isinstance(e, Num) and e.value == 1


def _norm_order(e: Expr) -> str | None:
    if isinstance(e, Num) and e.value in (1, 2):
        return str(e.value)
    return None


def _check_exponent(exponent: Expr, text: str) -> None:
    value = None
    if isinstance(exponent, Num):
        value = exponent.value
    elif isinstance(exponent, Neg) and isinstance(exponent.arg, Num):
        value = -exponent.arg.value
    if value is not None and value.denominator == 1 and abs(value) > MAX_EXPONENT:
        raise LimitError(
            f"the exponent {value} is past the limit of {MAX_EXPONENT}", text, exponent.pos
        )
