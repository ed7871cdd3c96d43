"""Comparing interests by shared words: the fallback when the embedding model is not installed,
and the source of reasons people can read ("both into cycling and allotments")."""

from __future__ import annotations

import re

_STOP_TEXT = """
    a about after again all also am an and any are as at back be because been being bit but by can
    could did do does doing enjoy feel for from get getting go going got had has have having he
    help her here him his how i if in into is it its just keep like lot lots love make me more most
    my myself no not of on one or other our out own really she so some something such than that the
    their them then there these they thing things this those to too up very want wants was we were
    what when where which while who will with would you your yours
"""
STOP = frozenset(_STOP_TEXT.split())


def _stem(word: str) -> str:
    for suffix in ("ing", "es", "s"):
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word


def words(text: str) -> dict[str, str]:
    """Meaningful words of a text, stem -> the word as written first."""
    found: dict[str, str] = {}
    for word in re.findall(r"[a-zA-Z][a-zA-Z'-]+", text.lower()):
        word = word.strip("'-")
        if len(word) > 2 and word not in STOP:
            found.setdefault(_stem(word), word)
    return found


def overlap(a: dict[str, str], b: dict[str, str]) -> tuple[float, list[str]]:
    """How much two word sets share (0 to 1) and the shared words, as the client wrote them."""
    if not a or not b:
        return 0.0, []
    shared = [a[stem] for stem in a if stem in b]
    # Two or three shared interests is already a strong match; don't punish long descriptions.
    return min(1.0, len(shared) / 2.0), shared
