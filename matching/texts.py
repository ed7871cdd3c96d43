"""The words matching compares by meaning: a client's interests and hopes against a coach's
interests and lived experience."""

from __future__ import annotations


def client_text(client) -> str:
    return " ".join(part.strip() for part in (client.interests, client.hopes) if part and part.strip())


def coach_text(coach) -> str:
    intro = getattr(getattr(coach, "match_profile", None), "intro", "") or ""
    return " ".join(part.strip() for part in (coach.interests, intro) if part and part.strip())
