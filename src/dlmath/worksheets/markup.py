"""Plain text made safe for Typst markup and strings.

Exercise text, skill names and file names end up inside a Typst document; every
character Typst would read as syntax is escaped, so no text can inject Typst code.
"""

from __future__ import annotations

# Characters with a meaning in Typst markup (code, math, emphasis, labels, references,
# raw text, comments, escapes, lists, headings, smart quotes, non-breaking space).
_MARKUP_SPECIAL = frozenset("\\#$*_`<>@[]~/-+=\"'.,:;(){}")


def markup(text: str) -> str:
    """``text`` as Typst markup that shows exactly those characters.

    Newlines become line breaks (``\\`` at the end of a line); every other special
    character is backslash-escaped, which Typst reads as the literal character.
    """
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return " \\\n".join(_escape_line(line) for line in lines)


def _escape_line(line: str) -> str:
    out = []
    for ch in line:
        if ch in _MARKUP_SPECIAL:
            out.append("\\" + ch)
        elif ch == "\t":
            out.append(" ")
        elif ord(ch) < 32 or ord(ch) == 127:
            continue  # control characters have no place on paper
        else:
            out.append(ch)
    return "".join(out)


def string(text: str) -> str:
    """``text`` as a Typst string literal (for code arguments and for text in math)."""
    out = ['"']
    for ch in text:
        if ch == "\\":
            out.append("\\\\")
        elif ch == '"':
            out.append('\\"')
        elif ch == "\n":
            out.append("\\n")
        elif ord(ch) < 32 or ord(ch) == 127:
            out.append(f"\\u{{{ord(ch):x}}}")
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)
