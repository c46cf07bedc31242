"""Bracketed parts of the input language: matrices (``[[1, 2], [3, 4]]``, ``[1 2; 3 4]``),
absolute values ``|x|`` and norms ``||x||_p``. Inside brackets whitespace separates
entries, as in MATLAB."""

from __future__ import annotations

from dlmath.expr.lexer import Token
from dlmath.expr.nodes import Expr, Func, Matrix, Neg, Norm
from dlmath.expr.token_reader import TokenReader

NORM_SUBSCRIPTS = {"1": "1", "2": "2", "F": "F", "fro": "F", "inf": "inf", "infinity": "inf"}


class Brackets(TokenReader):
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
            if sub.value not in NORM_SUBSCRIPTS:
                self.error("a norm's subscript is 1, 2, F or inf", sub.pos)
            p = NORM_SUBSCRIPTS[sub.value]
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
        sign = self.tokens[self.i]
        k = 1 if sign.kind == "op" and sign.value == "-" else 0
        tok, after = self.peek(k), self.peek(k + 1)
        if (
            tok.kind == "num"
            and after.kind == "op"
            and after.value in (",", "]", ";")
            and (k == 0 or not tok.space_before)
        ):
            self.i += k + 1
            number = self.number(tok)
            return self.node(Neg, number, pos=sign.pos) if k else number
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
