"""Server-drawn SVG bar charts for the dashboard and the PDF (WeasyPrint draws inline SVG, so both
show the same picture). No charting library: a chart is a few rectangles and labels computed here
and written by a template (reports/components/chart.html), which needs no script, passes the
Content Security Policy, and works the same in a browser and in WeasyPrint. As the absence chart on a
coach's page does (hours), every chart sits beside a table of the same figures, and colours have 3:1
contrast against white with the legend naming each series, so colour is never the only cue.

Only what may be shown is drawn: a hidden count has no bar, just its "<5" label."""

from __future__ import annotations

from .suppression import ShownTable

COLOURS = ["#1d70b8", "#00703c", "#6f3d99", "#8a5a00", "#b0003a"]
WIDTH = 360
LABEL_HEIGHT = 18
BAR_HEIGHT = 14
GAP = 10
VALUE_ROOM = 80


def bar_chart(table: ShownTable) -> dict | None:
    """Horizontal bars, one group per row (the total row left out), one bar per numeric column."""
    if table.chart == "none" or not table.body:
        return None
    columns = [
        i
        for i in range(1, len(table.columns))
        if any(len(r) > i and r[i].kind in ("count", "amount") for r in table.body)
    ]
    if not columns:
        return None
    values = [r[i].value for r in table.body for i in columns if len(r) > i and isinstance(r[i].value, int | float)]
    if not any(v > 0 for v in values):
        return None  # nothing visible to draw: the table says it
    peak = max(values)
    scale = (WIDTH - VALUE_ROOM) / peak
    y = 0
    groups = []
    for row in table.body:
        group = {"label": row[0].text, "y": y + LABEL_HEIGHT - 5, "bars": []}
        y += LABEL_HEIGHT
        for n, i in enumerate(columns):
            cell = row[i] if len(row) > i else None
            value = cell.value if cell is not None and isinstance(cell.value, int | float) else 0
            width = round(value * scale, 1)
            group["bars"].append(
                {
                    "y": y,
                    "width": width,
                    "text": cell.text if cell else "",
                    "text_x": width + 6,
                    "text_y": y + BAR_HEIGHT - 3,
                    "colour": COLOURS[n % len(COLOURS)],
                    "series": table.columns[i],
                }
            )
            y += BAR_HEIGHT + 2
        groups.append(group)
        y += GAP
    return {
        "width": WIDTH,
        "height": y,
        "groups": groups,
        "bar_height": BAR_HEIGHT,
        "series": [(table.columns[i], COLOURS[n % len(COLOURS)]) for n, i in enumerate(columns)],
        "summary": f"{table.title}, as bars; the table gives the same figures.",
    }
