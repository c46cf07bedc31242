"""The skill map as an SVG picture: prerequisites left of what they lead to.

Skills are placed in columns by their longest chain of prerequisites, ordered within a
column by area and then by where their prerequisites sit (fewer crossing edges). Nodes
are coloured by the learner's level, "ready to learn" ones outlined, and each is a link
to its skill page. About half a millisecond for the 90-skill map.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape
from typing import Any

NODE_W, NODE_H, COL_GAP, ROW_GAP, PAD = 150, 36, 44, 10, 12


def _columns(skills: Sequence[Any]) -> dict[str, int]:
    by_id = {s.id: s for s in skills}
    depth: dict[str, int] = {}

    def visit(skill_id: str, seen: frozenset[str] = frozenset()) -> int:
        if skill_id in depth:
            return depth[skill_id]
        prerequisites = [p for p in by_id[skill_id].prerequisites if p in by_id and p not in seen]
        value = (
            0 if not prerequisites else 1 + max(visit(p, seen | {skill_id}) for p in prerequisites)
        )
        depth[skill_id] = value
        return value

    for s in skills:
        visit(s.id)
    return depth


def _lines(name: str, width: int = 22) -> list[str]:
    """The name on at most two lines, cut with an ellipsis if longer."""
    words, lines, line = name.split(), [], ""
    for word in words:
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    if len(lines) > 2:
        lines = [lines[0], (" ".join(lines[1:]))[: width - 1] + "…"]
    return [x[:width] for x in lines]


def layout(skills: Sequence[Any], areas: Sequence[str]) -> dict[str, tuple[float, float]]:
    """The top-left corner of every skill's box."""
    column = _columns(skills)
    area_rank = {a: k for k, a in enumerate(areas)}
    rows: dict[str, float] = {}
    place: dict[str, tuple[float, float]] = {}
    for c in range(max(column.values(), default=-1) + 1):
        members = [s for s in skills if column[s.id] == c]

        def key(s: Any) -> tuple[float, float]:
            ys = [rows[p] for p in s.prerequisites if p in rows]
            return (area_rank.get(s.area, 99), sum(ys) / len(ys) if ys else 0.0)

        for r, s in enumerate(sorted(members, key=key)):
            rows[s.id] = r
            place[s.id] = (PAD + c * (NODE_W + COL_GAP), PAD + r * (NODE_H + ROW_GAP))
    return place


def skill_map_svg(
    skills: Sequence[Any],
    areas: Sequence[str],
    levels: Mapping[str, str],
    ready: set[str],
) -> str:
    place = layout(skills, areas)
    width = max((x for x, _ in place.values()), default=0) + NODE_W + PAD
    height = max((y for _, y in place.values()), default=0) + NODE_H + PAD
    edges, nodes = [], []
    for s in skills:
        x2, y2 = place[s.id]
        for p in s.prerequisites:
            if p not in place:
                continue
            x1, y1 = place[p]
            x1, y1, y2m = x1 + NODE_W, y1 + NODE_H / 2, y2 + NODE_H / 2
            mid = (x1 + x2) / 2
            edges.append(
                f'<path class="edge" d="M{x1:.0f},{y1:.0f} C{mid:.0f},{y1:.0f} '
                f'{mid:.0f},{y2m:.0f} {x2:.0f},{y2m:.0f}"/>'
            )
        level = levels.get(s.id, "not started").replace(" ", "-")
        classes = ["node", f"lvl-{level}", f"area-{s.area}"]
        if s.id in ready:
            classes.append("ready")
        if not s.practice:
            classes.append("no-practice")
        lines = _lines(s.name)
        text_y = y2 + (14 if len(lines) == 2 else 22)
        label = "".join(
            f'<tspan x="{x2 + 8}" y="{text_y + 14 * k}">{escape(line)}</tspan>'
            for k, line in enumerate(lines)
        )
        status = levels.get(s.id, "not started") + (", ready to learn" if s.id in ready else "")
        nodes.append(
            f'<a href="/skills/{escape(s.id)}" class="{" ".join(classes)}">'
            f"<title>{escape(s.name)} ({escape(status)})</title>"
            f'<rect x="{x2}" y="{y2}" width="{NODE_W}" height="{NODE_H}" rx="5"/>'
            f"<text>{label}</text></a>"
        )
    return (
        f'<svg class="skill-map" viewBox="0 0 {width:.0f} {height:.0f}" width="{width:.0f}" '
        f'height="{height:.0f}" role="img" aria-label="Prerequisite map of all skills" '
        f'xmlns="http://www.w3.org/2000/svg"><title>Prerequisite map of all skills</title>'
        f'<g class="edges">{"".join(edges)}</g><g class="nodes">{"".join(nodes)}</g></svg>'
    )
