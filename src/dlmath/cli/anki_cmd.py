"""``dlmath anki identities -o deck.apkg``: the verified identity reference as an Anki deck
(LaTeX for Anki's MathJax); ``--skills`` adds a card per mastered skill with a fresh
exercise. genanki is imported inside the command only."""

from __future__ import annotations

import zlib
from html import escape
from pathlib import Path
from typing import Any

import typer

from dlmath.cli.output import emit_json, fail

anki_app = typer.Typer(help="Anki decks for review outside dlmath.", no_args_is_help=True)

#: Fixed ids so that re-importing a new deck updates the notes instead of duplicating them.
DECK_ID = zlib.crc32(b"dlmath identities") | 1 << 30
MODEL_ID = zlib.crc32(b"dlmath card") | 1 << 30
CSS = ".card { font-family: sans-serif; font-size: 20px; text-align: center; }"


def identity_card(identity: Any) -> tuple[str, str]:
    """Front and back of one identity's card, with MathJax \\( \\) LaTeX."""
    from dlmath.expr.render import to_latex

    lhs, rhs = to_latex(identity.lhs_expr), to_latex(identity.verified_rhs_expr)
    front = f"<b>{escape(identity.title)}</b><br>\\({lhs} = \\;?\\)"
    back = [f"\\({lhs} = {rhs}\\)"]
    if identity.conditions:
        back.append(f"<i>when</i> {escape(identity.conditions)}")
    back.append(f"<small>source: {escape(identity.source)}</small>")
    return front, "<br>".join(back)


def skill_card(skill: Any, exercise: Any) -> tuple[str, str]:
    import markdown_it

    render = markdown_it.MarkdownIt("commonmark", {"html": False}).render

    def mathjax(text: str) -> str:
        # $...$ of the prompt and solution become MathJax \( \) once rendered
        parts = text.split("$")
        return "".join(p if i % 2 == 0 else f"\\\\({p}\\\\)" for i, p in enumerate(parts))

    front = f"<b>{escape(skill.name)}</b>"
    back = (
        render(mathjax(exercise.prompt))
        + f"<p>answer: <code>{escape(exercise.expected)}</code></p>"
    )
    return front, back + render(mathjax(exercise.solution))


@anki_app.command("identities")
def identities_command(
    output: Path = typer.Option(..., "-o", "--output", help="The .apkg file to write."),
    skills: bool = typer.Option(False, "--skills", help="Add a card per mastered skill."),
    user: str | None = typer.Option(None, "--user", help="Whose mastered skills (--skills)."),
    as_json: bool = typer.Option(False, "--json", help="One JSON object on stdout."),
) -> None:
    """Write the verified identities (and, with --skills, your mastered skills) as a deck."""
    import genanki

    from dlmath.reference import load_identities

    if output.suffix != ".apkg":
        fail("error: the deck's file name ends in .apkg")
    model = genanki.Model(
        MODEL_ID,
        "dlmath card",
        fields=[{"name": "Front"}, {"name": "Back"}],
        templates=[{"name": "Card", "qfmt": "{{Front}}",
                    "afmt": "{{FrontSide}}<hr id=answer>{{Back}}"}],
        css=CSS,
    )  # fmt: skip
    deck = genanki.Deck(DECK_ID, "dlmath identities")
    identities = load_identities()
    for identity in identities:
        front, back = identity_card(identity)
        guid = genanki.guid_for("identity", identity.id)
        deck.add_note(genanki.Note(model=model, fields=[front, back], guid=guid))
    mastered = _mastered_skills(user) if skills else []
    for skill, exercise in mastered:
        front, back = skill_card(skill, exercise)
        guid = genanki.guid_for("skill", skill.id, exercise.id)
        deck.add_note(genanki.Note(model=model, fields=[front, back], guid=guid))
    try:
        genanki.Package(deck).write_to_file(str(output))
    except OSError as error:
        fail(f"error: cannot write {output}: {error.strerror}")
    summary = {"file": str(output), "identities": len(identities), "skills": len(mastered)}
    if as_json:
        emit_json(summary)
    else:
        typer.echo(f"wrote {output}: {len(identities)} identities, {len(mastered)} skills")


def _mastered_skills(user: str | None) -> list[tuple[Any, Any]]:
    import random

    from dlmath import curriculum
    from dlmath.exercises import exercise
    from dlmath.learner.mastery import is_mastered
    from dlmath.learner.record import default_user
    from dlmath.store import StoreError, open_store

    try:
        with open_store() as store:
            states = store.skill_states((user or default_user()).strip())
    except StoreError as error:
        fail(f"error: {error}")
    by_id = {s.id: s for s in curriculum.skills()}
    out = []
    for skill_id, state in sorted(states.items()):
        skill = by_id.get(skill_id)
        if skill is None or not skill.practice or not is_mastered(state.mastery):
            continue
        seed = random.SystemRandom().randrange(1_000_000)  # a fresh exercise each time
        out.append((skill, exercise(skill_id, difficulty=3, seed=seed)))
    return out
