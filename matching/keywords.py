"""Comparing interests by shared words: the fallback when the embedding model is not installed.
Everyday words ("work", "family", "people") are shared by almost everyone, so sharing one is
never a match and never a reason."""

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
# Words nearly every profile has: meaningful to the person, but no sign that two people share
# anything. "Getting back to work" and "I work nights" have nothing in common but a word.
_COMMON_TEXT = """
    able around away better big day days done enough every everything family find friend friends
    good great happy home job jobs kids life little long look looking made money much need new
    nice now off people person place right see start started still stuff sure take time times
    try trying used way week weeks well work worked working works year years
"""
STOP = frozenset(_STOP_TEXT.split())
COMMON = frozenset(_COMMON_TEXT.split())


def _stem(word: str) -> str:
    for suffix in ("ing", "es", "s"):
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word


def _tokens(text: str):
    for word in re.findall(r"[a-zA-Z][a-zA-Z'-]+", text.lower()):
        word = word.strip("'-")
        if len(word) > 2 and word not in STOP:
            yield word


def words(text: str) -> dict[str, str]:
    """Words of a text that can show two people share something, stem -> the word as written
    first. Everyday words are left out."""
    found: dict[str, str] = {}
    for word in _tokens(text):
        if word not in COMMON:
            found.setdefault(_stem(word), word)
    return found


def meaningful(text: str) -> bool:
    """Whether a text says anything beyond stop words and everyday words."""
    return bool(words(text))


def said_anything(text: str) -> bool:
    """Whether a text has any word beyond the stop words."""
    return next(_tokens(text), None) is not None


def overlap(a: dict[str, str], b: dict[str, str]) -> tuple[float, list[str]]:
    """How much two word sets share (0 to 1) and the shared words, as the client wrote them."""
    if not a or not b:
        return 0.0, []
    shared = [a[stem] for stem in a if stem in b]
    # Two or three shared interests is already a strong match; don't punish long descriptions.
    return min(1.0, len(shared) / 2.0), shared
