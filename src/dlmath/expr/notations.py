"""Notations read as what they mean: ``4!``, ``binom(8, 3)`` and ``C(8, 3)``,
``log_2(x)``/``log₂ x``/``log(x, 2)``, and the activations' derivatives ``σ'(z)``,
``tanh'(z)``, ``relu'(z)`` written out."""

from __future__ import annotations

import math
from fractions import Fraction

from dlmath.expr.lexer import Token
from dlmath.expr.limits import MAX_BINOMIAL, MAX_FACTORIAL
from dlmath.expr.nodes import Add, Const, Div, Expr, Func, Hadamard, Neg, Num
from dlmath.expr.token_reader import TokenReader

#: ``log_2``, ``log₂``, ``lg``: logarithms by their base.
LOG_BASES = {"log_2": "log2", "log_10": "log10", "log_e": "log", "ln": "log"}
#: ``σ'(z)``: the derivatives of the activation functions, written out.
PRIMED = {"sigma", "sigmoid", "σ", "tanh", "relu"}


class Notations(TokenReader):
    def factorial(self, e: Expr, tok: Token) -> int:
        n = whole_number(e)
        if n is None or not 0 <= n <= MAX_FACTORIAL:
            self.error(
                f"factorials need a whole number from 0 to {MAX_FACTORIAL}, like 4!", tok.pos
            )
        return math.factorial(n)

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
        n, k = whole_number(args[0]), whole_number(args[1])
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


def whole_number(e: Expr) -> int | None:
    if isinstance(e, Num) and e.value.denominator == 1 and not e.decimals:
        return int(e.value)
    return None
