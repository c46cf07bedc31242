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
_SUBSCRIPT_CHARS = frozenset("₀₁₂₃₄₅₆₇₈₉")

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
#: The commonest tokens in one match, after any white space (group 1): an ASCII operator
#: (2), a whole number (3: digits and no point or exponent after them), any other number
#: starting with a digit or a point and a digit (4; its parts 5-9), or an ASCII word (10).
#: Anything else goes character by character (``_other_token``).
_TOKEN = re.compile(
    r"(\s*)(?:"
    r"(\|\||\.\*|[*/@+\-^'()\[\]{}|,;_!=])"
    r"|(?=[0-9])(\d+)(?![.\d]|[eE][+-]?\d)"
    r"|(?=[0-9]|\.[0-9])((\d+)(?:\.(\d*))?(?:[eE]([+-]?\d+))?|\.(\d+)(?:[eE]([+-]?\d+))?)"
    r"|([A-Za-z]+\d*(?:_(?:\{[A-Za-z0-9]+\}|[A-Za-z0-9]+))?)"
    r")"
)


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
        m = _TOKEN.match(text, i)
        if m is not None:  # an ASCII operator, number or word, after any white space
            kind = m.lastindex
            start, end = m.span(kind)  # type: ignore[arg-type]  # the token group ends the match
            before = space or start > i
            if kind == 2:
                tokens.append(Token("op", text[start:end], start, end, before))
            elif kind == 3:
                digits = text[start:end]
                if len(digits) > MAX_INTEGER_DIGITS:
                    _check_digits(digits, text, start)
                tokens.append(Token("num", digits, start, end, before, (digits, "", 0)))
            elif kind == 4:
                tokens.append(_number(m, text, start, before))
            else:
                end = _word(text, text[start:end], start, end, before, declared, tokens)
            i, space = end, False
            continue
        if text[i].isspace():
            space = True
            i = _PLAIN_OPERATOR.match(text, i).end()  # type: ignore[union-attr]
            continue
        i = _other_token(text, i, space, tokens)
        space = False
    tokens.append(Token("end", "", n, n, space))
    return tokens


def _number(m: re.Match[str], text: str, start: int, space: bool) -> Token:
    """A number token of a ``_TOKEN`` match, within the limits on digits and exponent."""
    whole, point, exp, point_only, exp_after_point = m.group(5, 6, 7, 8, 9)
    digits = whole or "0"
    decimals = point if whole else point_only
    exponent = exp if whole else exp_after_point
    _check_digits(digits + (decimals or ""), text, start)
    exp_value = int(exponent) if exponent else 0
    if abs(exp_value) > MAX_EXPONENT:
        raise LimitError(
            f"the exponent e{exp_value} is past the limit of ±{MAX_EXPONENT}", text, start
        )
    return Token("num", m.group(4), start, m.end(), space, (digits, decimals or "", exp_value))


def _check_digits(digits: str, text: str, start: int) -> None:
    """A number's significant digits within ``MAX_INTEGER_DIGITS``."""
    significant = digits.lstrip("0")
    if len(significant) > MAX_INTEGER_DIGITS:
        raise LimitError(
            f"a number has {len(significant)} digits; the limit is {MAX_INTEGER_DIGITS}",
            text,
            start,
        )


def _word(
    text: str,
    word: str,
    start: int,
    end: int,
    space: bool,
    declared: frozenset[str],
    tokens: list[Token],
) -> int:
    """Add the tokens of an ASCII word (with any subscript digits after it); returns where
    the word ends."""
    subscript = text[end : end + 1] in _SUBSCRIPT_CHARS and "_" not in word
    sub = _SUBSCRIPTS.match(text, end) if subscript else None
    if sub:
        word += "_" + sub.group().translate(SUBSCRIPT_DIGITS)
        end = sub.end()
    if len(word) == 1 or word in declared or word in KNOWN_WORDS:  # nothing to split
        tokens.append(Token("word", word, start, start + len(word), space))
    else:
        before_paren = text[end : end + 1] == "("
        tokens.extend(_split_word(word, start, space, declared, before_paren))
    return end


def _other_token(text: str, i: int, space: bool, tokens: list[Token]) -> int:
    """Add the token at ``i`` that is not an ASCII operator, number or word (a Unicode
    symbol, superscript, Greek letter, ``.T``); returns where it ends."""
    n = len(text)
    start = i
    ch = SYNONYMS.get(text[i], text[i])
    if ch in ("inf", "pi", "T"):  # single characters standing for words
        tokens.append(Token("word", ch, start, i + 1, space))
        return i + 1
    if ch in GREEK_BY_LETTER:
        name = GREEK_BY_LETTER[ch]
        sub = GREEK_SUFFIX.match(text, i + 1)
        assert sub is not None  # the suffix may be empty, never absent
        name += sub.group(1) + _clean_subscript(sub.group(2) or "")
        tokens.append(Token("word", name, start, sub.end(), space))
        return sub.end()
    if text.startswith("⁻¹", i) or text.startswith("⁻ᵀ", i):
        tokens.append(Token("op", text[i : i + 2], start, i + 2, space))
        return i + 2
    if ch in SUPERSCRIPT_DIGITS:
        j = i
        while j < n and text[j] in SUPERSCRIPT_DIGITS:
            j += 1
        power = int("".join(str(SUPERSCRIPT_DIGITS[c]) for c in text[i:j]))
        if power > MAX_EXPONENT:
            raise LimitError(f"the exponent {power} is past the limit of {MAX_EXPONENT}", text, i)
        tokens.append(Token("sup", text[i:j], start, j, space, sup=power))
        return j
    if ch == "." and text.startswith(".T", i) and not text[i + 2 : i + 3].isalnum():
        tokens.append(Token("op", ".T", start, i + 2, space))
        return i + 2
    pair = text[i : i + 2]
    if pair in _TWO_CHAR_OPS:
        op, width = pair, 2
    elif ch in _ONE_CHAR_OPS:
        op, width = ch, 1  # ch may be a synonym: '‖' became '||'
    else:
        shown = repr(ch) if ch.isprintable() else f"U+{ord(ch):04X}"
        raise InputError(f"unexpected character {shown}", text, start)
    tokens.append(Token("op", op, start, i + width, space))
    return i + width


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

    def allowed(piece: str) -> bool:
        return piece in declared or piece in KNOWN_WORDS or piece == "T"

    while i < len(letters):
        for j in range(len(letters), i, -1):
            if allowed(letters[i:j]):
                pieces.append(letters[i:j])
                i = j
                break
        else:
            pieces.append(letters[i])
            i += 1
    if (declared or before_paren) and not all(allowed(p) for p in pieces):
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
