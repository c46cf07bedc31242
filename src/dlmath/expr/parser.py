"""The parser of the input language: text -> ``Expr``, by recursive descent.

Hand-written so that every error can say exactly what is wrong and where, and so that
nothing a learner types ever reaches ``eval``. Precedence, lowest first: lists (``,``),
sums, products (juxtaposition, ``*``, ``·``, ``@``, ``⊙``, ``.*``, ``⊗``, ``/``), unary
minus, powers and postfix transposes/inverses, atoms.
"""

from __future__ import annotations

import string
from collections.abc import Iterable
from fractions import Fraction
from functools import lru_cache

from dlmath.expr.brackets import Brackets
from dlmath.expr.errors import InputError, LimitError
from dlmath.expr.lexer import Token, tokenize
from dlmath.expr.limits import MAX_DEPTH, MAX_EXPONENT
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
    Mul,
    Neg,
    Norm,
    Num,
    Pow,
    Sym,
    Transpose,
    Undefined,
    whole_value,
)
from dlmath.expr.notations import LOG_BASES, PRIMED, Notations
from dlmath.expr.plain_matrix import plain_matrix
from dlmath.expr.token_reader import STARTS_OPERAND_OPS

_PRODUCT_OPS = {"*", "@", "·"}
#: Single letters that are always a name (not e, I, T, C or a function).
_PLAIN_LETTERS = frozenset(string.ascii_letters) - {"e", "I", "T", "C"} - set(FUNCTIONS)
#: Operators after which no factor can follow in a product (neither starts an operand).
_ENDS_PRODUCT = frozenset({")", "]", "}", ",", ";", "+", "-", "=", "⊙", ".*"})
#: ... and after which nothing continues a product at all (not even an elementwise one).
_ENDS_TERM = _ENDS_PRODUCT - {"⊙", ".*"}
_POSTFIX_OPS = frozenset({"'", ".T", "ᵀ", "⁻¹", "⁻ᵀ", "^", "!", "⁺"})
_HADAMARD_OPS = {"⊙", ".*"}


def canonical_name(name: str) -> str:
    """``δ`` and ``delta`` are one name; so are ``x_{1}`` and ``x_1``."""
    if name.isascii() and name.isalnum():  # A, x1, delta: already canonical
        return name
    if name and name[0] in GREEK_BY_LETTER:
        name = GREEK_BY_LETTER[name[0]] + name[1:]
    return name.replace("{", "").replace("}", "")


def parse(text: str, shapes: Iterable[str] | None = None) -> Expr:
    """Parse ``text`` into an ``Expr``. ``shapes`` (or any collection of names) lists the
    declared names, used to read ``AXB`` as ``A X B``. Raises ``InputError``."""
    if not isinstance(text, str):
        raise InputError("expected text")
    return _parse(text, _declared(tuple(shapes or ())))


@lru_cache(maxsize=256)
def _declared(names: tuple[str, ...]) -> frozenset[str]:
    """The declared names, canonical (an exercise declares the same ones every check)."""
    return frozenset(canonical_name(n) for n in names)


@lru_cache(maxsize=4096)
def _parse(text: str, declared: frozenset[str]) -> Expr:
    # Trees are immutable, so a cached parse is safe to share (expected answers and
    # misconceptions are parsed again on every check).
    if "\x00" in text:
        raise InputError("the input contains a NUL character", text, text.index("\x00"))
    literal = plain_matrix(text)  # the commonest answer, without tokens
    if literal is not None:
        return literal
    tokens = tokenize(text, declared)
    parser = _Parser(text, tokens, declared)
    if tokens[0].kind == "end":
        raise InputError("the answer is empty", text, 0)
    expr = parser.parse_list()
    tok = parser.peek()
    if tok.kind != "end":
        parser.unexpected(tok)
    return expr


class _Parser(Notations, Brackets):
    """The grammar: lists, sums, elementwise and matrix products, unary minus, powers and
    postfix operators, atoms, words and calls (brackets and notations in the mixins)."""

    # ---- grammar -----------------------------------------------------------------
    # The hot rules read the current token as ``self.tokens[self.i]`` (what ``peek()``
    # returns): a parse asks for it dozens of times.

    def parse_list(self) -> Expr:
        first = self.tokens[self.i]
        items = [self.parse_sum()]
        while self.at(","):
            self.next()
            items.append(self.parse_sum())
        if len(items) == 1:
            return items[0]
        return self.node(ListOf, tuple(items), pos=first.pos)

    def parse_sum(self) -> Expr:
        start = self.tokens[self.i]
        terms = [self.parse_product()]
        while (tok := self.tokens[self.i]).kind == "op" and tok.value in ("+", "-"):
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
        if tok.kind != "op" or tok.value not in STARTS_OPERAND_OPS:
            return False
        if tok.value == "|" and self.abs_depth:
            return False
        return not (tok.value == "||" and self.norm_depth)

    def parse_product(self) -> Expr:
        """Elementwise products bind looser than matrix products, as in deep-learning
        papers: ``σ'(z) ⊙ Wᵀ δ`` is ``σ'(z) ⊙ (Wᵀ δ)``."""
        start = self.tokens[self.i]
        if self.lone_operand(start):  # ``x`` in ``x + 1``: the atom is the whole product
            return self.parse_atom()
        left = self.parse_matrix_product()
        while (tok := self.tokens[self.i]).kind == "op" and tok.value in _HADAMARD_OPS:
            self.next()
            right = self.parse_matrix_product()
            left = self.node(Hadamard, left, right, pos=start.pos)
        return left

    def lone_operand(self, tok: Token) -> bool:
        """Whether ``tok`` is a number or a plain name followed by what ends a product
        (``+``, ``)``, the end...): then every rule from products down to atoms would just
        pass the atom up, and reading it directly gives the same tree."""
        if tok.kind == "num" or (
            tok.kind == "word" and (tok.value in _PLAIN_LETTERS or tok.value in self.declared)
        ):
            after = self.tokens[self.i + 1]
            return self.depth < MAX_DEPTH and (
                after.kind == "end" or (after.kind == "op" and after.value in _ENDS_TERM)
            )
        return False

    def parse_matrix_product(self) -> Expr:
        start = self.tokens[self.i]
        factors = [self.parse_unary()]
        while True:
            tok = self.tokens[self.i]
            if tok.kind == "op" and tok.value in _PRODUCT_OPS:
                self.next()
                factors.append(self.parse_unary())
            elif tok.kind == "op" and tok.value in ("⊗", "/"):
                self.next()
                right = self.parse_unary()
                cls = Kron if tok.value == "⊗" else Div
                factors = [self.node(cls, self.product(factors, start), right, pos=start.pos)]
            elif tok.kind == "end" or (tok.kind == "op" and tok.value in _ENDS_PRODUCT):
                return self.product(factors, start)  # the commonest ends, without more tests
            elif self.starts_operand(tok) and not (self.space_separates and tok.space_before):
                prev = self.tokens[self.i - 1]
                if tok.kind == "num" and prev.kind == "num":
                    self.error(
                        "two numbers side by side: write '*' for a product or ',' for a list",
                        tok.pos,
                    )
                factors.append(self.parse_unary())
            else:
                return self.product(factors, start)

    def product(self, factors: list[Expr], start: Token) -> Expr:
        if len(factors) == 1:
            return factors[0]
        return self.node(Mul, tuple(factors), pos=start.pos)

    def parse_unary(self) -> Expr:
        tok = self.tokens[self.i]
        self.depth += 1  # ``enter``, written out: every operand passes here
        if self.depth > MAX_DEPTH:
            self.depth -= 1
            self.enter(tok.pos)  # raises the limit's error
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
        start = self.tokens[self.i]
        expr = self.parse_atom()
        while True:
            tok = self.tokens[self.i]
            if tok.kind != "sup" and (tok.kind != "op" or tok.value not in _POSTFIX_OPS):
                return expr  # the common case: an operator, a bracket, an operand, the end
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
        tok = self.tokens[self.i]
        if tok.kind == "num":
            self.next()
            return self.number(tok)
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

    def number(self, tok: Token) -> Expr:
        """The number of a "num" token just read: exact, with the decimals typed."""
        digits, decimals, exponent = tok.number  # type: ignore[misc]
        if decimals or exponent:
            value = Fraction(int(digits + decimals), 10 ** len(decimals)) * Fraction(10) ** exponent
        else:
            value = whole_value(int(digits))
        return self.node(Num, value, len(decimals), pos=tok.pos)

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
        if name in _PLAIN_LETTERS:  # x, y, A: a name whatever follows
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
        if name in PRIMED and self.at("'") and self.peek(1).value == "(":
            self.next()
            return self.parse_derivative(tok, name)
        if name == "binom" or (name == "C" and self.binomial_ahead()):
            return self.parse_binomial(tok)
        fname = FUNCTION_ALIASES.get(name, name)
        fname = LOG_BASES.get(name, fname)
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


def _is_one(e: Expr) -> bool:
    return isinstance(e, Num) and e.value == 1


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


def _norm_order(e: Expr) -> str | None:
    if isinstance(e, Num) and e.value in (1, 2):
        return str(e.value)
    return None
