"""Reading tokens: the parser's cursor, node building with limits, and errors with a
position. The grammar (``parser.py``) and its mixins (``brackets.py``, ``notations.py``)
build on it."""

from __future__ import annotations

from typing import NoReturn

from dlmath.expr.errors import InputError, LimitError
from dlmath.expr.lexer import Token
from dlmath.expr.limits import MAX_DEPTH, MAX_NODES
from dlmath.expr.nodes import Expr

STARTS_OPERAND_OPS = {"(", "[", "{", "|", "||", "√"}


class TokenReader:
    """The state of one parse and the operations every part of the grammar uses."""

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
        if not k:
            return self.tokens[self.i]  # the cursor never passes the "end" token
        j = self.i + k
        return self.tokens[j] if j < self.last else self.tokens[self.last]

    def next(self) -> Token:
        tok = self.tokens[self.i]
        if self.i < self.last:
            self.i += 1
        return tok

    def at(self, value: str) -> bool:
        tok = self.tokens[self.i]
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

    def error(self, message: str, pos: int) -> NoReturn:
        raise InputError(message, self.text, pos)

    def unexpected(self, tok: Token, hint: str = "") -> NoReturn:
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

    # ---- the grammar's entry points, defined by the parser --------------------------

    def parse_sum(self) -> Expr:
        raise NotImplementedError

    def parse_postfix(self) -> Expr:
        raise NotImplementedError

    def parse_atom(self) -> Expr:
        raise NotImplementedError

    def number(self, tok: Token) -> Expr:
        raise NotImplementedError

    def starts_operand(self, tok: Token) -> bool:
        raise NotImplementedError

    def _arity(self, tok: Token, args: list[Expr], n: int) -> None:
        if len(args) != n:
            plural = "argument" if n == 1 else "arguments"
            self.error(f"{tok.value} takes {n} {plural}, got {len(args)}", tok.pos)
