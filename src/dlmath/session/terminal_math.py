"""Inline LaTeX of hints and worked solutions, made readable in a terminal.

Generators write hints and solutions as Markdown with ``$...$`` LaTeX, for the web and
worksheets. A terminal shows plain text, so the math between dollars becomes Unicode:
``$A^\\top B$`` reads ``Aᵀ B``, ``$\\frac{1}{n}$`` reads ``1/n``. Best effort, for display
only: nothing here is ever parsed as an answer.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from functools import cache
from importlib import resources

SUPERSCRIPT = str.maketrans("0123456789+-=()n", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿ")
SUBSCRIPT = str.maketrans("0123456789+-=()", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎")
KEEP_CONTENT = (
    "mathbf",
    "mathrm",
    "mathit",
    "boldsymbol",
    "operatorname",
    "text",
    "textrm",
    "mathsf",
    "bm",
)
MATH = re.compile(r"\$\$(.+?)\$\$|\$(.+?)\$", re.DOTALL)
MATRIX = re.compile(r"\\begin\{[bpv]?matrix\}(.*?)\\end\{[bpv]?matrix\}", re.DOTALL)
FRAC = re.compile(r"\\[dt]?frac\{([^{}]*)\}\{([^{}]*)\}")
SHORT_FRAC = re.compile(r"\\[dt]?frac(\d)(\d)")  # \tfrac12
SQRT = re.compile(r"\\sqrt\{([^{}]*)\}")
WRAPPER = re.compile(r"\\(" + "|".join(KEEP_CONTENT) + r")\{([^{}]*)\}")
BLACKBOARD = re.compile(r"\\mathbb\{([A-Z])\}")
SCRIPT = re.compile(r"([\^_])(\{([^{}]*)\}|\\[A-Za-z]+|.)")
COMMAND = re.compile(r"\\([A-Za-z]+|[,;!{}|\\])")
HAT = re.compile(r"\\(hat|bar|tilde)\{([^{}]*)\}")
ACCENT = {"hat": "\u0302", "bar": "\u0304", "tilde": "\u0303"}
BLACKBOARD_LETTERS = {"R": "ℝ", "N": "ℕ", "Z": "ℤ", "Q": "ℚ", "C": "ℂ", "E": "𝔼", "P": "ℙ"}


@cache
def _symbols() -> dict[str, str]:
    text = resources.files("dlmath.session").joinpath("latex_symbols.toml").read_text()
    return tomllib.loads(text)["symbols"]


def terminal_text(markdown: str) -> str:
    """``markdown`` with each ``$...$`` replaced by plain Unicode math."""
    return MATH.sub(lambda m: _math(m.group(1) or m.group(2)), markdown)


def _math(tex: str) -> str:
    tex = MATRIX.sub(lambda m: _matrix(m.group(1)), tex)
    tex = re.sub(r"\\(left|right|big|Big|bigg|Bigg)(?![A-Za-z])", "", tex)
    for _ in range(3):  # nested \frac{\sqrt{..}}{..}
        tex = WRAPPER.sub(lambda m: m.group(2), tex)
        tex = HAT.sub(lambda m: unicodedata.normalize("NFC", m.group(2) + ACCENT[m.group(1)]), tex)
        tex = BLACKBOARD.sub(lambda m: BLACKBOARD_LETTERS.get(m.group(1), m.group(1)), tex)
        tex = SQRT.sub(lambda m: "√" + _group(m.group(1)), tex)
        tex = SHORT_FRAC.sub(lambda m: f"{m.group(1)}/{m.group(2)}", tex)
        tex = FRAC.sub(_fraction, tex)
    tex = SCRIPT.sub(_script, tex)
    symbols = _symbols()
    tex = COMMAND.sub(lambda m: symbols.get(m.group(1), m.group(1)), tex)
    return tex.replace("{", "").replace("}", "")


def _fraction(match: re.Match) -> str:
    text = f"{_group(match.group(1))}/{_group(match.group(2))}"
    following = match.string[match.end() : match.end() + 1]
    return text + " " if following.isalnum() or following == "\\" else text


def _group(part: str) -> str:
    part = part.strip()
    return part if re.fullmatch(r"[\w.′ᵀ⁻¹√]+", part) else f"({part})"


def _matrix(body: str) -> str:
    rows = [r.strip() for r in body.split(r"\\") if r.strip()]
    return "[" + "; ".join(" ".join(c.strip() for c in r.split("&")) for r in rows) + "]"


def _script(match: re.Match) -> str:
    kind, whole, inner = match.group(1), match.group(2), match.group(3)
    content = inner if inner is not None else whole
    if kind == "^" and content.strip() in (r"\top", "T", r"\intercal", r"\mathsf{T}"):
        return "ᵀ"
    table = SUPERSCRIPT if kind == "^" else SUBSCRIPT
    allowed = "0123456789+-=()" + ("n" if kind == "^" else "")
    stripped = content.strip()
    if stripped and all(ch in allowed for ch in stripped):
        return stripped.translate(table)
    if kind == "_":
        return "_" + (stripped if len(stripped) == 1 else f"({stripped})")
    return "^" + (stripped if len(stripped) == 1 else f"({stripped})")
