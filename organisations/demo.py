"""Demo: Riverside's own help line above the national ones, as a client sees them on every page."""

from __future__ import annotations

from core.demo import Demo

from .models import NATIONAL_HELP_LINES, HelpLine

OWN_LINE = {
    "name": "Riverside duty coordinator",
    "how": "Call 0161 496 0000",
    "when": "Monday to Friday, 9am to 5pm",
}


def step(demo: Demo) -> None:
    if HelpLine.objects.filter(organisation=demo.organisation).exists():
        return
    for order, line in enumerate([OWN_LINE, *NATIONAL_HELP_LINES], start=1):
        HelpLine.objects.create(organisation=demo.organisation, order=order * 10, **line)
