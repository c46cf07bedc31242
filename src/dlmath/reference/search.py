"""Searching the reference by words, by symbols (tr, det, inv, ⊗, softmax) or by source
("eq. 101", "Cookbook"), with a simple additive score.

Every query term must match somewhere; an identity's score is the sum over terms of the
best place each one matched (its id, a tag, the title, a symbol, the source, the
conditions). Ties keep the order of the data file.
"""

from __future__ import annotations

import re

from dlmath.expr import InputError, parse
from dlmath.reference.identity import Identity

#: Query words that name a symbol another way.
SYMBOL_ALIASES = {
    "trace": "tr",
    "determinant": "det",
    "inverse": "inv",
    "^-1": "inv",
    "⁻¹": "inv",
    "kron": "⊗",
    "kronecker": "⊗",
    "hadamard": "⊙",
    "elementwise": "⊙",
    ".*": "⊙",
    "transpose": "T",
    "^t": "T",
    "ᵀ": "T",
    "ln": "log",
    "sigma": "sigmoid",
    "σ": "sigmoid",
    "norm": "||",
    "frobenius": "||_F",
}

#: The word a symbol is usually tagged with, so "tr" also finds identities tagged "trace".
SYMBOL_WORDS = {"tr": "trace", "det": "determinant", "inv": "inverse", "⊗": "kronecker",
                "⊙": "hadamard", "T": "transpose", "||": "norm"}  # fmt: skip

_SECTION = re.compile(r"^\d+(?:\.\d+)+$")
_EQUATION = re.compile(r"\beqs?\.?\s*\(?(\d+)\)?|\((\d+)\)|^(\d+)$", re.IGNORECASE)
_WORD = re.compile(r"[\w⊗⊙|^⁻¹ᵀ.*+-]+")


def search(query: str, identities: tuple[Identity, ...] | None = None) -> list[Identity]:
    """Identities matching ``query``, best first; an empty query gives all of them."""
    if identities is None:
        from dlmath.reference.identity_file import load_identities

        identities = load_identities()
    query = (query or "").strip()
    if not query:
        return list(identities)
    equations = _equation_numbers(query)
    rest = _EQUATION.sub(" ", query) if equations else query
    terms = [_normalize(t) for t in _WORD.findall(rest)]
    terms = [t for t in terms if t and t not in {"eq", "eqs", "eq.", "and", "of", "the", "a"}]
    expression = _as_expression(query)
    scored = []
    for order, identity in enumerate(identities):
        score = _score(identity, terms, equations, expression)
        if score > 0:
            scored.append((-score, order, identity))
    scored.sort(key=lambda item: (item[0], item[1]))
    return [identity for _, _, identity in scored]


def _equation_numbers(query: str) -> set[int]:
    numbers = set()
    for m in _EQUATION.finditer(query.strip()):
        value = next(g for g in m.groups() if g)
        numbers.add(int(value))
    return numbers


def _cited_equations(source: str) -> set[int]:
    """Equation numbers a source cites: "eq. 101", "eqs. 20 and 21", "eq. 119 with ..."."""
    cited: set[int] = set()
    for m in re.finditer(r"\beqs?\.\s*([\d\s,and]+)", source):
        cited |= {int(n) for n in re.findall(r"\d+", m.group(1))}
    return cited


def _normalize(term: str) -> str:
    term = term.lower().strip(".,;:!?")
    return SYMBOL_ALIASES.get(term, term)


def _as_expression(query: str) -> str | None:
    """The query re-rendered as an expression, when it reads as one (``tr(A X B)``)."""
    if not re.search(r"[()^⊗⊙|/*+]", query):
        return None
    try:
        from dlmath.expr.render import to_text

        return to_text(parse(query))
    except InputError:
        return None


def _stem(word: str) -> str:
    for suffix in ("ies", "es", "s"):
        if word.endswith(suffix) and len(word) > len(suffix) + 2:
            return word[: -len(suffix)] + ("y" if suffix == "ies" else "")
    return word


def _words(text: str) -> set[str]:
    return {_stem(w) for w in re.findall(r"[a-z0-9]+(?:-[a-z0-9]+)*", text.lower())}


def _score(
    identity: Identity, terms: list[str], equations: set[int], expression: str | None
) -> int:
    total = 0
    if equations:
        if not equations & _cited_equations(identity.source):
            return 0
        total += 20
    if expression is not None:
        from dlmath.expr.render import to_text

        sides = (to_text(identity.lhs_expr), to_text(identity.verified_rhs_expr))
        if expression in sides:
            return total + 50
        if any(expression in side for side in sides):
            return total + 25
    tags = {t.lower() for t in identity.tags}
    tag_words = set().union(*(_words(t) for t in tags)) if tags else set()
    title_words = _words(identity.title)
    id_words = set(identity.id.split("-"))
    source_words = _words(identity.source)
    condition_words = _words(identity.conditions + " " + identity.note)
    symbols = {s.lower() for s in identity.symbols}
    for term in terms:
        stem = _stem(term)
        word = SYMBOL_WORDS.get(term, term)
        best = 0
        if term == identity.id:
            best = 30
        if term in tags or word in tags:
            best = max(best, 8)
        if term.lower() in symbols:
            best = max(best, 6)
        if _SECTION.match(term) and re.search(rf"\b{re.escape(term)}\b", identity.source):
            best = max(best, 6)
        if best and (term in id_words or word in id_words):
            best += 3  # the identity is about this, not merely using it
        if stem in tag_words or stem in title_words or term in id_words:
            best = max(best, 5)
        if stem in source_words:
            best = max(best, 3)
        if stem in condition_words:
            best = max(best, 1)
        if (
            not best
            and len(term) >= 4
            and any(w.startswith(term) for w in tag_words | title_words | id_words)
        ):
            best = 2
        if not best:
            return 0
        total += best
    return total
