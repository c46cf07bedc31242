"""SVG charts written by the app: a bar chart, a line chart, an activity calendar.

Plain strings, every text escaped; colours come from classes in the stylesheet (the
Content-Security-Policy allows no inline style). About a tenth of a millisecond a chart,
and no plotting library on the request path.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from html import escape

SERIES_CLASSES = ("s0", "s1", "s2", "s3", "s4", "s5")


def _svg(width: int, height: int, title: str, body: str, css: str = "chart") -> str:
    label = escape(title)
    return (
        f'<svg class="{css}" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'role="img" aria-label="{label}" xmlns="http://www.w3.org/2000/svg">'
        f"<title>{label}</title>{body}</svg>"
    )


def bar_chart(bars: Sequence[tuple[str, int]], title: str) -> str:
    """Vertical bars with their counts above and their labels below."""
    width, height, bottom, top = 36 + 40 * len(bars), 150, 24, 18
    peak = max([n for _, n in bars] + [1])
    body = [f'<line class="axis" x1="20" y1="{height - bottom}" x2="{width - 10}" '
            f'y2="{height - bottom}"/>']  # fmt: skip
    for k, (label, n) in enumerate(bars):
        h = (height - bottom - top) * n / peak
        x = 26 + 40 * k
        y = height - bottom - h
        body.append(
            f'<rect class="bar" x="{x}" y="{y:.1f}" width="28" height="{h:.1f}">'
            f"<title>{escape(label)}: {n}</title></rect>"
            f'<text class="value" x="{x + 14}" y="{y - 4:.1f}" text-anchor="middle">{n}</text>'
            f'<text class="tick" x="{x + 14}" y="{height - 8}" text-anchor="middle">'
            f"{escape(label)}</text>"
        )
    return _svg(width, height, title, "".join(body))


def line_chart(
    series: dict[str, list[float]], labels: Sequence[str], title: str, percent: bool = True
) -> str:
    """Lines over the same x positions (``labels``), y from 0 to 1."""
    width, left, right, top, bottom = 560, 40, 16, 12, 28
    legend_rows = (len(series) + 1) // 2
    height = 200 + 16 * legend_rows
    n = max(len(labels), 2)
    plot_w, plot_h = width - left - right, 200 - top - bottom

    def x(i: int) -> float:
        return left + plot_w * i / (n - 1)

    def y(v: float) -> float:
        return top + plot_h * (1 - max(0.0, min(1.0, v)))

    body = []
    for tick in (0, 0.25, 0.5, 0.75, 1):
        text = f"{tick * 100:.0f}%" if percent else f"{tick:g}"
        body.append(
            f'<line class="grid" x1="{left}" x2="{left + plot_w}" y1="{y(tick):.1f}" '
            f'y2="{y(tick):.1f}"/><text class="tick" x="{left - 4}" y="{y(tick) + 4:.1f}" '
            f'text-anchor="end">{text}</text>'
        )
    if labels:
        for i in sorted({0, len(labels) - 1}):
            body.append(
                f'<text class="tick" x="{x(i):.1f}" y="{200 - 8}" text-anchor="middle">'
                f"{escape(labels[i])}</text>"
            )
    for k, (name, values) in enumerate(series.items()):
        css = SERIES_CLASSES[k % len(SERIES_CLASSES)]
        points = " ".join(f"{x(i):.1f},{y(v):.1f}" for i, v in enumerate(values))
        if len(values) == 1:
            points += f" {x(1):.1f},{y(values[0]):.1f}"
        body.append(f'<polyline class="line {css}" points="{points}"><title>{escape(name)}</title>'
                    "</polyline>")  # fmt: skip
        lx, ly = left + (k % 2) * 250, 200 + 16 * (k // 2) + 6
        body.append(
            f'<rect class="key {css}" x="{lx}" y="{ly - 8}" width="10" height="10"/>'
            f'<text class="legend" x="{lx + 14}" y="{ly + 1}">{escape(name)}</text>'
        )
    return _svg(width, height, title, "".join(body))


def calendar(days: Sequence[dict], title: str) -> str:
    """An activity calendar: one square a day, weeks as columns, darker for more."""
    if not days:
        return _svg(10, 10, title, "")
    first = date.fromisoformat(days[0]["date"])
    start = first - timedelta(days=first.weekday())  # the Monday of the first week
    cell, gap, left, top = 13, 3, 28, 16
    weeks = (date.fromisoformat(days[-1]["date"]) - start).days // 7 + 1
    body = []
    for row, name in ((0, "Mon"), (2, "Wed"), (4, "Fri")):
        body.append(
            f'<text class="tick" x="{left - 4}" y="{top + row * (cell + gap) + 10}" '
            f'text-anchor="end">{name}</text>'
        )
    for d in days:
        day = date.fromisoformat(d["date"])
        offset = (day - start).days
        col, row = offset // 7, offset % 7
        level = 0 if d["count"] == 0 else 1 if d["count"] < 3 else 2 if d["count"] < 8 else 3
        if day.day == 1 or (d is days[0] and day.day <= 20):
            body.append(
                f'<text class="tick" x="{left + col * (cell + gap)}" y="{top - 5}">'
                f"{day.strftime('%b')}</text>"
            )
        body.append(
            f'<rect class="day q{level}" x="{left + col * (cell + gap)}" '
            f'y="{top + row * (cell + gap)}" width="{cell}" height="{cell}" rx="2">'
            f"<title>{d['date']}: {d['count']} answered, {d.get('correct', 0)} right</title>"
            "</rect>"
        )
    width = left + weeks * (cell + gap) + 16
    height = top + 7 * (cell + gap) + 2
    return _svg(width, height, title, "".join(body), css="chart calendar")
