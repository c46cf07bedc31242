"""Tokens of the input language.

The lexer normalises the many ways of writing one thing (``−`` and ``-``, ``ᵀ`` and
``^T``, ``‖`` and ``||``) and splits runs of letters into declared names, so that
``AXB`` reads as ``A X B`` when A, X and B are declared.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from dlmath.expr.errors import InputError, LimitError
from dlmath.expr.limits import MAX_CHARS, MAX_EXPONENT, MAX_INTEGER_DIGITS
from dlmath.expr.nodes import FUNCTION_ALIASES, FUNCTIONS, GREEK, GREEK_BY_LETTER

KEYWORDS = {"undefined", "dne", "none", "true", "false", "inf", "infinity", "inv", "transpose"}
KEYWORDS |= {"norm", "pi", "e", "I", "binom"}
KNOWN_WORDS = set(FUNCTIONS) | set(FUNCTION_ALIASES) | set(GREEK) | KEYWORDS

# Characters rewritten to their ASCII spelling before tokenising.
SYNONYMS = {
    "−": "-",  # minus sign
    "–": "-",
    "×": "*",
    "∗": "*",
    "⋅": "·",
    "∙": "·",
    "∘": "⊙",
    "′": "'",
    "‖": "||",
    "∞": "inf",
    "⊤": "T",
    "π": "pi",
}
DIGITS = frozenset("0123456789")
SUPERSCRIPT_DIGITS = {
    "⁰": 0,
    "¹": 1,
    "²": 2,
    "³": 3,
    "⁴": 4,
    "⁵": 5,
    "⁶": 6,
    "⁷": 7,
    "⁸": 8,
    "⁹": 9,
}

#: ``x₁`` is ``x_1`` and ``log₂`` is ``log_2``: subscript digits after a name.
SUBSCRIPT_DIGITS = str.maketrans("₀₁₂₃₄₅₆₇₈₉", "0123456789")
_SUBSCRIPTS = re.compile("[₀₁₂₃₄₅₆₇₈₉]+")

NUMBER = re.compile(r"(\d+)(?:\.(\d*))?(?:[eE]([+-]?\d+))?|\.(\d+)(?:[eE]([+-]?\d+))?")
WORD = re.compile(r"[A-Za-z]+\d*(?:_(?:\{[A-Za-z0-9]+\}|[A-Za-z0-9]+))?")
GREEK_SUFFIX = re.compile(r"(\d*)(_(?:\{[A-Za-z0-9]+\}|[A-Za-z0-9]+))?")
OPERATORS: tuple[str, ...] = (
    "||",
    ".*",
    "*",
    "/",
    "@",
    "·",
    "⊙",
    "⊗",
    "+",
    "-",
    "^",
    "'",
    "(",
    ")",
    "[",
    "]",
)
OPERATORS += ("{", "}", "|", ",", ";", "_", "!", "=", "√", "ᵀ", "⁺")
_TWO_CHAR_OPS = frozenset(o for o in OPERATORS if len(o) == 2)
# White space, and the ASCII operators that need no further look (not "." or Unicode).
_PLAIN_OPERATOR = re.compile(r"(?P<space>\s+)|\|\||\.\*|[*/@+\-^'()\[\]{}|,;_!=]")
_ONE_CHAR_OPS = frozenset(OPERATORS)


@dataclass(slots=True)  # not frozen: frozen dataclasses are slow to build, and lexing is hot
class Token:
    kind: str  # "num", "word", "op", "sup" (superscript integer), "end"
    value: str
    pos: int
    end: int
    space_before: bool = False
    number: tuple[str, str, int] | None = None  # (digits, decimals, exponent) for "num"
    sup: int = 0  # value of a superscript integer


def tokenize(text: str, declared: frozenset[str] = frozenset()) -> list[Token]:
    """Split ``text`` into tokens; raises ``InputError`` with the position of a bad character."""
    if len(text) > MAX_CHARS:
        raise LimitError(
            f"the input is {len(text)} characters long; the limit is {MAX_CHARS}", text, MAX_CHARS
        )
    tokens: list[Token] = []
    i, n = 0, len(text)
    space = False
    while i < n:
        plain = _PLAIN_OPERATOR.match(text, i)
        if plain:  # the commonest tokens, without the character-by-character tests below
            if plain.lastgroup == "space":
                space = True
            else:
                tokens.append(Token("op", plain.group(), i, plain.end(), space))
                space = False
            i = plain.end()
            continue
        ch = text[i]
        start = i
        ch = SYNONYMS.get(ch, ch)
        if ch in ("inf", "pi", "T"):  # single characters standing for words
            tokens.append(Token("word", ch, start, i + 1, space))
            i += 1
        elif ch in DIGITS or (ch == "." and i + 1 < n and text[i + 1] in DIGITS):
            m = NUMBER.match(text, i)
            assert m is not None
            digits = m.group(1) or "0"
            decimals = m.group(2) if m.group(1) else m.group(4)
            exponent = m.group(3) if m.group(1) else m.group(5)
            significant = (digits + (decimals or "")).lstrip("0")
            if len(significant) > MAX_INTEGER_DIGITS:
                raise LimitError(
                    f"a number has {len(significant)} digits; the limit is {MAX_INTEGER_DIGITS}",
                    text,
                    start,
                )
            exp_value = int(exponent) if exponent else 0
            if abs(exp_value) > MAX_EXPONENT:
                raise LimitError(
                    f"the exponent e{exp_value} is past the limit of ±{MAX_EXPONENT}", text, start
                )
            tokens.append(
                Token("num", m.group(0), start, m.end(), space, (digits, decimals or "", exp_value))
            )
            i = m.end()
        elif ch.isascii() and ch.isalpha():
            m = WORD.match(text, i)
            assert m is not None
            word, end = m.group(0), m.end()
            sub = _SUBSCRIPTS.match(text, end) if "_" not in word else None
            if sub:
                word += "_" + sub.group().translate(SUBSCRIPT_DIGITS)
                end = sub.end()
            before_paren = text[end : end + 1] == "("
            tokens.extend(_split_word(word, start, space, declared, before_paren))
            i = end
        elif ch in GREEK_BY_LETTER:
            name = GREEK_BY_LETTER[ch]
            sub = GREEK_SUFFIX.match(text, i + 1)
            assert sub is not None  # the suffix may be empty, never absent
            name += sub.group(1) + _clean_subscript(sub.group(2) or "")
            j = sub.end()
            tokens.append(Token("word", name, start, j, space))
            i = j
        elif text.startswith("⁻¹", i):
            tokens.append(Token("op", "⁻¹", start, i + 2, space))
            i += 2
        elif text.startswith("⁻ᵀ", i):
            tokens.append(Token("op", "⁻ᵀ", start, i + 2, space))
            i += 2
        elif ch in SUPERSCRIPT_DIGITS:
            j = i
            while j < n and text[j] in SUPERSCRIPT_DIGITS:
                j += 1
            power = int("".join(str(SUPERSCRIPT_DIGITS[c]) for c in text[i:j]))
            if power > MAX_EXPONENT:
                raise LimitError(
                    f"the exponent {power} is past the limit of {MAX_EXPONENT}", text, i
                )
            tokens.append(Token("sup", text[i:j], start, j, space, sup=power))
            i = j
        elif ch == "." and text.startswith(".T", i) and not text[i + 2 : i + 3].isalnum():
            tokens.append(Token("op", ".T", start, i + 2, space))
            i += 2
        else:
            pair = text[i : i + 2]
            if pair in _TWO_CHAR_OPS:
                op, width = pair, 2
            elif ch in _ONE_CHAR_OPS:
                op, width = ch, 1  # ch may be a synonym: '‖' became '||'
            else:
                shown = repr(ch) if ch.isprintable() else f"U+{ord(ch):04X}"
                raise InputError(f"unexpected character {shown}", text, start)
            tokens.append(Token("op", op, start, i + width, space))
            i += width
        space = False
    tokens.append(Token("end", "", n, n, space))
    return tokens


def _clean_subscript(sub: str) -> str:
    return "_" + sub[1:].strip("{}") if sub.startswith("_") else sub


_WORD_PARTS = re.compile(r"([A-Za-z]+)(\d*)(_.*)?$")
_KEYWORDS_NOT_E = KEYWORDS - {"e"}


def _split_word(
    word: str, pos: int, space: bool, declared: frozenset[str], before_paren: bool = False
) -> list[Token]:
    """``AXB`` -> ``A``, ``X``, ``B`` when those are declared; known words stay whole.

    An unknown word right before ``(`` stays whole too, so that ``foo(x)`` is reported
    as an unknown function rather than read as f·o·o·x."""
    if word in declared or word in KNOWN_WORDS:  # the common case: nothing to split
        return [Token("word", word, pos, pos + len(word), space)]
    m = _WORD_PARTS.match(word)
    assert m is not None
    letters, digits, sub = m.group(1), m.group(2), m.group(3) or ""
    name = letters + digits + _clean_subscript(sub)
    if name in declared or letters.lower() in _KEYWORDS_NOT_E:
        return [Token("word", name, pos, pos + len(word), space)]
    # Greedy longest match of declared names and known words, left to right.
    pieces: list[str] = []
    i = 0
    allowed = declared | KNOWN_WORDS | {"T"}
    while i < len(letters):
        for j in range(len(letters), i, -1):
            if letters[i:j] in allowed:
                pieces.append(letters[i:j])
                i = j
                break
        else:
            pieces.append(letters[i])
            i += 1
    if (declared or before_paren) and any(p not in allowed for p in pieces):
        # Not a product of declared names: keep it whole so feedback names it.
        return [Token("word", name, pos, pos + len(word), space)]
    pieces[-1] += digits + _clean_subscript(sub)
    tokens = []
    offset = pos
    for k, piece in enumerate(pieces):
        width = len(piece) if k < len(pieces) - 1 else len(word) - (offset - pos)
        tokens.append(Token("word", piece, offset, offset + width, space if k == 0 else False))
        offset += width
    return tokens
