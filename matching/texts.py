"""The words matching compares by meaning, item by item: each of a client's interests against a
coach's interests, and what a client hopes for against what the coach has lived through (their
line about their experience).

Run together into one sentence each, unrelated profiles drift towards the same average meaning
("sparring at the gym, walking my puppy, fixing up furniture" came out closer to "choir, hair and
beauty, swimming" than to "boxing, dogs and DIY"); compared item by item, each pair stands on its
own and the pairs themselves are the reasons."""

from __future__ import annotations

import re

from . import keywords

# Commas between digits belong to a number (£8,000), not a list.
_SPLIT = re.compile(r"[\n;:!?•]+|(?<!\d)\.(?!\d)|,(?!\d)|\s+(?:and also|as well as|plus|&)\s+", re.IGNORECASE)
_AND = re.compile(r"\s+and\s+", re.IGNORECASE)
MAX_ITEMS = 12  # a long paragraph is still a handful of things; the rest adds little
MAX_CHARS = 160


def items(text: str, *, everyday: bool = False) -> list[str]:
    """The separate things in a list or a few sentences: "boxing, dogs and DIY" gives three.
    An interest made only of everyday words ("work", "my family") says nothing about a person and
    is left out, so it can neither score nor be shown as a reason. Hopes and experience keep them
    (`everyday`): "get back into work" is the whole point of a hope."""
    keep = keywords.said_anything if everyday else keywords.meaningful
    found: list[str] = []
    for piece in _SPLIT.split(text or ""):
        parts = [piece]
        # "dogs and DIY" is two things; "I cleared my debts and found work" is one experience.
        words = piece.split()
        if 0 < len(words) <= 6:
            parts = _AND.split(piece)
        for part in parts:
            part = " ".join(part.strip(" \t-–—\"'()").split())[:MAX_CHARS]
            if part and keep(part) and part.casefold() not in (f.casefold() for f in found):
                found.append(part)
    return found[:MAX_ITEMS]


def client_items(client) -> tuple[list[str], list[str]]:
    """(interests, hopes) of a client record."""
    return items(client.interests), items(getattr(client, "hopes", "") or "", everyday=True)


def coach_items(coach) -> tuple[list[str], list[str]]:
    """(interests, lived experience) of a coach record."""
    intro = getattr(getattr(coach, "match_profile", None), "intro", "") or ""
    return items(coach.interests), items(intro, everyday=True)


def item_key(first: list[str], second: list[str]) -> str:
    """What a profile's stored item vectors were made from (the model named inside)."""
    from . import embeddings

    return embeddings.text_key("\x1f".join([*first, "\x1e", *second]))


def stored_items(profile, first: list[str], second: list[str]):
    """The two lists of items with their stored vectors, as meaning.Items (None where a list is
    empty), or (None, None) if the profile's vectors were made from other words or not yet."""
    from . import embeddings
    from .meaning import Items

    if profile is None or not profile.item_vectors or profile.item_key != item_key(first, second):
        return None, None
    flat = embeddings.from_bytes(profile.item_vectors)
    if flat is None or flat.size != (len(first) + len(second)) * embeddings.DIMENSIONS:
        return None, None
    rows = flat.reshape(-1, embeddings.DIMENSIONS)
    split = len(first)
    return (
        Items(tuple(first), rows[:split]) if first else None,
        Items(tuple(second), rows[split:]) if second else None,
    )


def client_meaning(client):
    """(interest_items, hope_items, up_to_date) for a client record with its match_profile."""
    first, second = client_items(client)
    interests, hopes = stored_items(getattr(client, "match_profile", None), first, second)
    return interests, hopes, bool(interests or hopes) or not (first or second)


def coach_meaning(coach):
    """(interest_items, experience_items, up_to_date) for a coach record with its match_profile."""
    first, second = coach_items(coach)
    interests, experience = stored_items(getattr(coach, "match_profile", None), first, second)
    return interests, experience, bool(interests or experience) or not (first or second)
