"""The one terminal renderer: Markdown with ``$...$`` LaTeX made readable as plain text.

Generators write their prompt, hints and solution once, as Markdown with LaTeX, for the
web and worksheets; an exercise's terminal ``text`` is derived from its prompt here, and
the CLI shows hints and solutions through the same function. ``$A^\\top B$`` reads
``Aᵀ B``, ``$\\frac{1}{n}$`` reads ``1/n``; a named matrix (``$A = \\begin{bmatrix}..$``)
and display math with matrices are drawn as grids (``exercises.layout``), ``aligned``
as one equation per line and ``array`` as a table with its rules. For display only:
nothing here is ever parsed as an answer. A command the renderer does not know keeps its
backslash, so the sweep test over every generator finds it.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from functools import cache
from importlib import resources

from dlmath.exercises.layout import bracketed_grid, side_by_side, table

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
    "textbf",
    "textit",
    "mathsf",
    "mathcal",
    "bm",
    "underbrace",
    "overbrace",
)
MATH = re.compile(r"\$\$(.+?)\$\$|\$(.+?)\$", re.DOTALL)
BOLD = re.compile(r"\*\*(.+?)\*\*", re.DOTALL)
ENVIRONMENT = re.compile(
    r"(\\left\[\s*)?\\begin\{(bmatrix|pmatrix|vmatrix|matrix|array|aligned)\}(\{[^{}]*\})?"
    r"(.*?)\\end\{\2\}(\s*\\right\])?",
    re.DOTALL,
)
LABELLED_MATRIX = re.compile(r"\s*([^=]{1,40}?)\s*=\s*(\\begin\{bmatrix\}.*?\\end\{bmatrix\})\s*")
SHORT_FRAC = re.compile(r"\\[dt]?frac(\d)(\d)")  # \tfrac12
SCRIPT = re.compile(r"([\^_])(\{([^{}]*)\}|\\[A-Za-z]+|.)")
COMMAND = re.compile(r"\\([A-Za-z]+|[,;:!{}|\\ ])")
# An accent on one letter or command without braces: \hat x, \hat\lambda.
HAT = re.compile(r"\\(hat|bar|tilde|dot|vec|widehat|overline)\s*([A-Za-z0-9]|\\[A-Za-z]+)")
ACCENT = {
    "hat": "\u0302",
    "widehat": "\u0302",
    "bar": "\u0304",
    "overline": "\u0304",
    "tilde": "\u0303",
    "dot": "\u0307",
    "vec": "\u20d7",
}
STRUCTURE = re.compile(
    r"\\(dfrac|tfrac|frac|binom|sqrt|mathbb|hat|bar|tilde|dot|vec|widehat|overline|"
    + "|".join(KEEP_CONTENT)
    + r")(?![A-Za-z])"
)
ARITY = {"frac": 2, "dfrac": 2, "tfrac": 2, "binom": 2}
SIZING = re.compile(
    r"\\(left|right|big|Big|bigg|Bigg|bigl|bigr|Bigl|Bigr|displaystyle|textstyle|limits)"
    r"(?![A-Za-z])\.?"
)
BLACKBOARD_LETTERS = {"R": "ℝ", "N": "ℕ", "Z": "ℤ", "Q": "ℚ", "C": "ℂ", "E": "𝔼", "P": "ℙ"}
# Set braces survive the removal of grouping braces under these stand-ins.
OPEN_SET, CLOSE_SET = "\x01", "\x02"


@cache
def _symbols() -> dict[str, str]:
    text = resources.files("dlmath.exercises").joinpath("latex_symbols.toml").read_text()
    data = tomllib.loads(text)
    return {**{name: name for name in data["names"]["operators"]}, **data["symbols"]}


def terminal_text(markdown: str) -> str:
    """``markdown`` as terminal text: math in Unicode, named matrices as grids below
    their paragraph, display math on its own lines."""
    paragraphs = re.split(r"\n[ \t]*\n", markdown)
    return "\n\n".join(_paragraph(p) for p in paragraphs)


def _paragraph(text: str) -> str:
    text = BOLD.sub(lambda m: m.group(1), text)
    grids: list[str] = []

    def segment(match: re.Match) -> str:
        display, inline = match.group(1), match.group(2)
        if display is not None:
            return "\n" + _display(display) + "\n"
        labelled = LABELLED_MATRIX.fullmatch(inline)
        if labelled:
            label = _math(labelled.group(1))
            grids.append(_labelled(label, labelled.group(2)))
            return label
        return _math(inline)

    out = MATH.sub(segment, text)
    out = "\n".join(line.rstrip() for line in out.strip("\n").split("\n"))
    out = re.sub(r"\n{3,}", "\n\n", out)
    if grids:
        out = out + "\n\n" + side_by_side(grids)
    return out


def _labelled(label: str, tex: str) -> str:
    return side_by_side([f"{label} =", _environment(ENVIRONMENT.search(tex))], gap=1)


def _display(tex: str) -> str:
    """Display math: text pieces on the middle line, environments drawn beside them."""
    blocks: list[str] = []
    end = 0
    for match in ENVIRONMENT.finditer(tex):
        before = _math(tex[end : match.start()]).strip()
        if before:
            blocks.append(before)
        blocks.append(_environment(match))
        end = match.end()
    after = _math(tex[end:]).strip()
    if after:
        blocks.append(after)
    if len(blocks) == 1 and "\n" in blocks[0] and blocks[0].startswith("    "):
        return blocks[0]  # aligned equations stand alone
    return side_by_side(blocks, gap=1) if blocks else ""


def _cells(body: str) -> list[list[str]]:
    rows = [r for r in re.split(r"\\\\", body) if r.strip()]
    return [[_math(c).strip() for c in row.split("&")] for row in rows]


def _environment(match: re.Match) -> str:
    bracketed, name, spec, body = match.group(1), match.group(2), match.group(3), match.group(4)
    if name == "aligned":
        body = ENVIRONMENT.sub(lambda m: _inline_environment(m.group(4)), body)
        lines = [r for r in re.split(r"\\\\", body) if r.strip()]
        return "\n".join("    " + _math(line.replace("&", "")).strip() for line in lines)
    if name == "array":
        rules = _hlines(body)
        cells = _cells(re.sub(r"\\hline", "", body))
        bars = [i for i, ch in enumerate(re.sub(r"[^lcr|]", "", spec or "")) if ch == "|"]
        columns = [bar - k for k, bar in enumerate(bars)]  # bar before column index
        return table(cells, columns, rules, brackets=bool(bracketed))
    return bracketed_grid(_cells(body))


def _hlines(body: str) -> list[int]:
    """Row indices above which an ``\\hline`` stands."""
    rows = re.split(r"\\\\", body)
    found, index = [], 0
    for row in rows:
        if "\\hline" in row:
            found.append(index)
        if row.replace("\\hline", "").strip():
            index += 1
    return found


def _math(tex: str) -> str:
    """One line of math as Unicode (matrices inline as ``[1 2; 3 4]``)."""
    tex = tex.replace(r"\{", OPEN_SET).replace(r"\}", CLOSE_SET)
    tex = ENVIRONMENT.sub(lambda m: _inline_environment(m.group(4)), tex)
    tex = SIZING.sub("", tex)
    tex = _structures(tex)
    tex = HAT.sub(_accent, tex)
    tex = SHORT_FRAC.sub(lambda m: f"{m.group(1)}/{m.group(2)}", tex)
    tex = SCRIPT.sub(_script, tex)
    symbols = _symbols()
    tex = COMMAND.sub(lambda m: symbols.get(m.group(1), m.group(0)), tex)
    tex = tex.replace("{", "").replace("}", "").replace("&", "")
    return tex.replace(OPEN_SET, "{").replace(CLOSE_SET, "}")


def _structures(tex: str) -> str:
    """Commands with braced arguments (``\\frac{..}{..}``, ``\\sqrt{..}``, ``\\hat{..}``,
    ``\\text{..}``), their arguments balanced and rendered from the inside out."""
    out, i = [], 0
    while True:
        match = STRUCTURE.search(tex, i)
        if match is None:
            return "".join(out) + tex[i:]
        name = match.group(1)
        args, end = _arguments(tex, match.end(), ARITY.get(name, 1))
        if args is None:
            out.append(tex[i : match.end()])
            i = match.end()
            continue
        out.append(tex[i : match.start()])
        out.append(_structure(name, [_structures(a) for a in args], tex[end : end + 1]))
        i = end


def _arguments(tex: str, start: int, count: int) -> tuple[list[str] | None, int]:
    """``count`` balanced ``{...}`` groups from ``start`` (spaces between allowed)."""
    args, i = [], start
    for _ in range(count):
        while i < len(tex) and tex[i] == " ":
            i += 1
        if i >= len(tex) or tex[i] != "{":
            return None, start
        depth, j = 0, i
        while j < len(tex):
            depth += {"{": 1, "}": -1}.get(tex[j], 0)
            if depth == 0:
                break
            j += 1
        if depth:
            return None, start
        args.append(tex[i + 1 : j])
        i = j + 1
    return args, i


def _structure(name: str, args: list[str], following: str) -> str:
    if name in ("frac", "dfrac", "tfrac"):
        text = f"{_group(args[0])}/{_group(args[1])}"
        return text + " " if following.isalnum() or following == "\\" else text
    if name == "binom":
        return f"C({args[0].strip()}, {args[1].strip()})"
    if name == "sqrt":
        return "√" + _group(args[0])
    if name == "mathbb":
        return BLACKBOARD_LETTERS.get(args[0].strip(), args[0].strip())
    if name in ACCENT:
        base = args[0].strip()
        return unicodedata.normalize("NFC", base + ACCENT[name]) if len(base) == 1 else base
    return args[0]


def _accent(match: re.Match) -> str:
    base = match.group(2)
    if base.startswith("\\"):
        base = _symbols().get(base[1:], base)
    return unicodedata.normalize("NFC", base + ACCENT[match.group(1)])


def _inline_environment(body: str) -> str:
    rows = [r for r in re.split(r"\\\\", body.replace("\\hline", "")) if r.strip()]
    return "[" + "; ".join(" ".join(c.strip() for c in r.split("&")) for r in rows) + "]"


def _group(part: str) -> str:
    part = part.strip()
    return part if re.fullmatch(r"[\w.′ᵀ⁻¹√]+", part) else f"({part})"


def _script(match: re.Match) -> str:
    kind, whole, inner = match.group(1), match.group(2), match.group(3)
    content = inner if inner is not None else whole
    stripped = content.strip()
    if kind == "^" and stripped in (r"\top", "T", r"\intercal", r"\mathsf{T}", "\\mathsfT"):
        return "ᵀ"
    if kind == "^" and stripped in ("*", r"\ast", r"\star"):
        return "*"
    if kind == "^" and stripped in (r"\prime", "'"):
        return "′"
    table_ = SUPERSCRIPT if kind == "^" else SUBSCRIPT
    allowed = "0123456789+-=()" + ("n" if kind == "^" else "")
    if stripped and all(ch in allowed for ch in stripped):
        return stripped.translate(table_)
    if kind == "_":
        return "_" + (stripped if len(stripped) == 1 else f"({stripped})")
    return "^" + (stripped if len(stripped) == 1 else f"({stripped})")


def latex_problems(markdown: str) -> list[str]:
    """What is unbalanced in the LaTeX of ``markdown``: unpaired ``$``, braces, ``\\left``
    without ``\\right``, ``\\begin`` without its ``\\end``. Empty when all is well."""
    problems = []
    rest = MATH.sub("", markdown)
    if "$" in rest:
        problems.append("an unpaired $")
    for match in MATH.finditer(markdown):
        tex = match.group(1) or match.group(2)
        plain = tex.replace(r"\{", "").replace(r"\}", "").replace(r"\\", "")
        depth = 0
        for ch in plain:
            depth += {"{": 1, "}": -1}.get(ch, 0)
            if depth < 0:
                break
        if depth:
            problems.append(f"unbalanced braces in {tex!r}")
        lefts = len(re.findall(r"\\left(?![A-Za-z])", tex))
        rights = len(re.findall(r"\\right(?![A-Za-z])", tex))
        if lefts != rights:
            problems.append(f"{lefts} \\left but {rights} \\right in {tex!r}")
        stack: list[str] = []
        for kind, name in re.findall(r"\\(begin|end)\{([^{}]*)\}", tex):
            if kind == "begin":
                stack.append(name)
            elif not stack or stack.pop() != name:
                problems.append(f"\\end{{{name}}} without its \\begin in {tex!r}")
                break
        if stack:
            problems.append(f"\\begin{{{stack[-1]}}} without its \\end in {tex!r}")
    return problems
