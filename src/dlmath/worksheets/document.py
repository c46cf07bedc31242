"""The Typst documents: the worksheet a learner fills in, and its answer key.

Both share one page style: a title block, a section per skill with its instruction,
problems numbered across the sheet in two columns, and a footer with the seed and the
command that prints the sheet again. All text is escaped (``markup``/``string``) and all
math comes from ``layouts``/``typeset``, so no exercise can inject Typst code.
"""

from __future__ import annotations

from dlmath.worksheets.layouts import Typeset, skill_sheet
from dlmath.worksheets.markup import markup, string
from dlmath.worksheets.sheet import Problem, Section, Worksheet

_PAGE = """\
#set document(title: {title}, date: none)
#set page(
  paper: "a4",
  margin: (x: 1.7cm, top: 1.6cm, bottom: 2.1cm),
  footer: context {{
    set text(7.5pt, fill: luma(80))
    line(length: 100%, stroke: 0.4pt + luma(160))
    v(-0.4em)
    [Seed {seed} · to print this sheet again: #raw({command}) #h(1fr)
     Page #counter(page).display("1 of 1", both: true)]
  }},
)
#set text(size: 11pt, lang: "en")
#set par(leading: 0.55em)
#show heading.where(level: 2): it => block(above: 1.3em, below: 0.5em, text(13pt, it.body))
"""


def _title_block(ws: Worksheet, kind: str) -> str:
    names = [s.name for s in ws.sections]
    title = names[0] if len(names) == 1 else "Mixed practice"
    subtitle = f"{kind} · {len(ws.problems)} problems · difficulty {ws.difficulty}" + (
        "" if len(names) == 1 else " · " + ", ".join(names)
    )
    right = (
        "[Name #box(width: 4.4cm, stroke: (bottom: 0.5pt), height: 0.9em) #h(1em) "
        "Date #box(width: 2.4cm, stroke: (bottom: 0.5pt), height: 0.9em)]"
        if kind == "Worksheet"
        else "[#text(fill: luma(80))[For the teacher]]"
    )
    return (
        "#grid(columns: (1fr, auto), align: (left + bottom, right + bottom),\n"
        f'  [#text(19pt, weight: "bold")[{markup(title)}] \\\n'
        f"   #text(9.5pt, fill: luma(60))[{markup(subtitle)}]],\n"
        f"  {right},\n"
        ")\n"
        "#v(-0.3em)\n#line(length: 100%, stroke: 0.8pt)\n"
    )


def _section_heading(section: Section) -> str:
    instructions = skill_sheet(section.skill).instructions
    first, last = section.problems[0].number, section.problems[-1].number
    numbers = f"problems {first}–{last}" if last > first else f"problem {first}"
    return (
        f"== {markup(section.name)} #h(0.6em) "
        f"#text(8.5pt, fill: luma(110), raw({string(section.skill)}))\n"
        f'#text(style: "italic")[{markup(instructions)}] #h(1fr) '
        f"#text(9pt, fill: luma(90))[{markup(numbers)}]\n"
    )


def _grid(cells: list[str]) -> str:
    body = ",\n".join(cells)
    return (
        "#grid(columns: (1fr, 1fr), column-gutter: 1.6em, inset: (y: 0.55em),\n"
        "  stroke: (bottom: 0.3pt + luma(190)),\n"
        f"{body},\n)\n"
    )


def _problem_cell(problem: Problem, shown: Typeset) -> str:
    return (
        "  block(width: 100%, breakable: false)[\n"
        f"    #strong[{problem.number}.] #h(0.4em) #text(12pt)[{shown.statement}]\n"
        f"    #v({shown.space:.2f}em)\n  ]"
    )


def _answer_cell(problem: Problem, shown: Typeset) -> str:
    notes = " \\\n      ".join(shown.notes)
    id_text = string(problem.exercise.id)
    return (
        "  block(width: 100%, breakable: false)[\n"
        f"    #strong[{problem.number}.] #h(0.4em) {shown.answer}\n"
        + (f"    #block(above: 0.5em)[#text(8.5pt)[{notes}]]\n" if notes else "")
        + f"    #align(right, text(6.5pt, fill: luma(140), raw({id_text})))\n  ]"
    )


def _typeset(problem: Problem) -> Typeset:
    return skill_sheet(problem.exercise.skill).layout.typeset(problem.exercise)


def _preface(note: str) -> str:
    """A skill's lesson idea (plain text, its math already in Unicode) as a shaded box."""
    paragraphs = []
    for paragraph in note.strip().split("\n\n"):
        lines: list[str] = []  # lines rejoined into one, except where a list item starts
        for line in paragraph.strip().splitlines():
            if lines and not line.lstrip().startswith("- "):
                lines[-1] += " " + line.strip()
            else:
                lines.append(line.strip())
        if lines:
            paragraphs.append(markup("\n".join(lines)))
    body = "\n\n".join(paragraphs)
    return (
        "#block(width: 100%, fill: luma(245), inset: 0.7em, radius: 3pt, breakable: true)[\n"
        f"#set text(9.5pt)\n{body}\n]\n"
    )


def _document(
    ws: Worksheet, command: str, kind: str, cell, notes: dict[str, str] | None = None
) -> str:
    title = f"{kind}: " + ", ".join(s.name for s in ws.sections)
    parts = [
        _PAGE.format(title=string(title), seed=ws.seed, command=string(command)),
        _title_block(ws, kind),
    ]
    for section in ws.sections:
        parts.append(_section_heading(section))
        if notes and notes.get(section.skill):
            parts.append(_preface(notes[section.skill]))
        parts.append(_grid([cell(p, _typeset(p)) for p in section.problems]))
    return "\n".join(parts)


def sheet_source(ws: Worksheet, command: str, notes: dict[str, str] | None = None) -> str:
    """The Typst source of the worksheet; ``command`` is printed in the footer. ``notes``
    (skill -> plain text) adds a short preface to each skill's section."""
    return _document(ws, command, "Worksheet", _problem_cell, notes)


def key_source(ws: Worksheet, command: str) -> str:
    """The Typst source of the answer key, numbered like the sheet."""
    return _document(ws, command, "Answer key", _answer_cell)
