"""Reading "Tuesday mornings, weekends" into times, to find when two people are both free."""

from __future__ import annotations

import re

DAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
PARTS = ["morning", "afternoon", "evening"]
_SHORT = {d[:3]: d for d in DAYS} | {"tues": "tuesday", "weds": "wednesday", "thur": "thursday", "thurs": "thursday"}


def slots(text: str) -> set[tuple[str, str]]:
    """Each (day, part of day) the text says; "any time" or nothing readable gives nothing."""
    text = text.lower()
    found: set[tuple[str, str]] = set()
    for clause in re.split(r"[,;/]|\band\b|\bor\b|\.", text):
        words = re.findall(r"[a-z]+", clause)
        days: set[str] = set()
        parts: set[str] = set()
        for word in words:
            stem = word.rstrip("s")
            if stem in DAYS:
                days.add(stem)
            elif stem in _SHORT:
                days.add(_SHORT[stem])
            elif stem in ("weekday",):
                days.update(DAYS[:5])
            elif stem in ("weekend",):
                days.update(DAYS[5:])
            elif stem in PARTS:
                parts.add(stem)
            elif stem in ("night", "evening"):
                parts.add("evening")
            elif stem == "daytime":
                parts.update(("morning", "afternoon"))
        if days or parts:
            for day in days or set(DAYS):
                for part in parts or set(PARTS):
                    found.add((day, part))
    return found


def describe(common: set[tuple[str, str]]) -> str:
    """'Tuesday mornings' or 'Tuesday mornings and Friday afternoons' (at most two, in week order)."""
    ordered = sorted(common, key=lambda s: (DAYS.index(s[0]), PARTS.index(s[1])))
    return " and ".join(f"{day.title()} {part}s" for day, part in ordered[:2])
