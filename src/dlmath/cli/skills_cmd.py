"""``dlmath skills``: the skill map as a tree in the terminal, or the contract's JSON."""

from __future__ import annotations

import typer

from dlmath.cli.output import emit_json, fail


def skills_command(
    area: str = typer.Option(
        None,
        "--area",
        "-a",
        help="Only this area: probability, linalg, calculus, information, optimization.",
    ),
    json: bool = typer.Option(False, "--json", help="Print one JSON object."),
) -> None:
    """The map: areas, skills, prerequisites and readings (practice skills marked)."""
    from dlmath import curriculum

    if area is not None and area not in curriculum.AREAS:
        fail(f"error: unknown area {area!r}; areas are {', '.join(curriculum.AREAS)}")
    chosen = curriculum.skills(area)
    if json:
        emit_json({"skills": [s.to_json() for s in chosen]})
        return
    _print_tree(curriculum, area)


def _print_tree(curriculum, only_area: str | None) -> None:
    from rich.console import Console
    from rich.markup import escape
    from rich.tree import Tree

    by_id = {s.id: s for s in curriculum.skills()}
    root = Tree("[bold]dlmath skill map[/]  [green]✎ practice[/] = exercises available")
    for area in curriculum.areas():
        if only_area and area.id != only_area:
            continue
        members = curriculum.topological_order(area.id)
        practising = sum(s.practice for s in members)
        branch = root.add(
            f"[bold cyan]{escape(area.name)}[/] ({area.id}) · {len(members)} skills, "
            f"{practising} with practice — [italic]{escape(area.description)}[/]"
        )
        for s in members:
            mark = " [green]✎ practice[/]" if s.practice else ""
            node = branch.add(f"[bold]{s.id}[/] {escape(s.name)}{mark}")
            node.add(f"[dim]{escape(s.description)}[/]")
            if s.prerequisites:
                needs = ", ".join(
                    p if by_id[p].area == s.area else f"{p} [dim](other area)[/]"
                    for p in s.prerequisites
                )
                node.add(f"[yellow]needs[/] {needs}")
            for reading in s.readings:
                node.add(f"[magenta]read[/] {escape(reading.describe())}")
    Console().print(root)
