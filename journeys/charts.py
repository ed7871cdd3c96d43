"""Progress charts drawn on the server as SVG: no JavaScript, nothing for the CSP to allow, and
each chart comes with the same numbers as a table for people who would rather read them."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from .models import SCALE_LABELS, Goal, Relationship

# Narrow on purpose: on a 360 px phone the labels stay readable (about 11 px).
WIDTH, HEIGHT = 440, 240
LEFT, RIGHT, TOP, BOTTOM = 118, 12, 22, 34
# Colours that keep 3:1 contrast against white (WCAG 1.4.11), and each line has its own dash
# pattern and marker so the chart does not depend on telling colours apart.
STYLES = [
    ("#1d70b8", "", "circle"),
    ("#d4351c", "8 4", "square"),
    ("#00703c", "2 3", "diamond"),
    ("#4c2c92", "12 4 2 4", "circle"),
    ("#6f4e00", "4 4", "square"),
    ("#0b0c0c", "1 2", "diamond"),
]


def _months_between(start: datetime.date, end: datetime.date) -> list[datetime.date]:
    months, current = [], start.replace(day=1)
    while current <= end:
        if current >= start:
            months.append(current)
        current = (current.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    return months


def progress_chart(
    relationship: Relationship, progress: list[tuple[Goal, list[tuple[datetime.date, int]]]]
) -> dict[str, Any] | None:
    """Each goal's score from its starting point to now, across the relationship's plan."""
    if not progress:
        return None
    start = relationship.started_on
    last_point = max((p[0] for _, points in progress for p in points), default=start)
    end = max(relationship.planned_end_on, last_point, start + datetime.timedelta(days=1))
    span = (end - start).days
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(day: datetime.date) -> float:
        return round(LEFT + plot_w * max(0, (day - start).days) / span, 1)

    def y(score: int) -> float:
        return round(TOP + plot_h * (5 - score) / 4, 1)

    series = []
    for index, (goal, points) in enumerate(progress):
        colour, dash, marker = STYLES[index % len(STYLES)]
        coords = [(x(day), y(score)) for day, score in points]
        series.append(
            {
                "goal": goal,
                "colour": colour,
                "dash": dash,
                "marker": marker,
                "path": " ".join(f"{px},{py}" for px, py in coords),
                "markers": coords,
                "rows": [(day, score, SCALE_LABELS[score]) for day, score in points],
                "latest": SCALE_LABELS[points[-1][1]],
            }
        )
    months = _months_between(start, end)
    step = max(1, -(-len(months) // 4))
    today = timezone.localdate()
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "left": LEFT,
        "right": WIDTH - RIGHT,
        "top": TOP,
        "bottom": HEIGHT - BOTTOM,
        "y_ticks": [(y(score), label) for score, label in SCALE_LABELS.items()],
        "x_ticks": [(x(month), f"{month:%b %y}") for month in months[::step]],
        "today_x": x(today) if start <= today <= end else None,
        "series": series,
        "summary": "; ".join(f"{s['goal']}: now {s['latest'].lower()}" for s in series),
    }


def case_study_draft(relationship: Relationship) -> str:
    """A first draft with no names in it, for the coordinator to edit, so that the anonymising
    starts from something safe rather than from the client's record."""
    goals = list(relationship.goals.all())
    months = max(1, round((timezone.localdate() - relationship.started_on).days / 30))
    lines = [
        f"A client on the {relationship.programme} programme worked with a peer coach for about "
        f"{months} month{'s' if months != 1 else ''}."
    ]
    if goals:
        lines.append(
            "Together they agreed these goals: " + "; ".join(g.get_category_display().lower() for g in goals) + "."
        )
    lines.append("What changed: ")
    return "\n\n".join(lines)
