"""Text people send us, without the characters nobody can see.

Control characters (Unicode category Cc: ESC, BEL, CR, NUL...) and format characters (Cf: the
bidirectional overrides U+202A-U+202E and isolates U+2066-U+2069, zero-width spaces, the byte order
mark...) are invisible or invisible-ish, yet they change what a reader sees: U+202E turns
"Sam Turner" around so one person's name can pass for another's in a list or the audit trail, and
an ESC sequence in a name recolours or rewrites the console a log line is printed on. So every
form (core.forms) and every API body (core.api.Input) passes its text through here before it is
validated, and the audit trail and console logs through here again before they are written.

Two characters of category Cf are kept: the zero-width joiner U+200D and non-joiner U+200C. They
join emoji into one picture (a family, a skin tone with a job) and are part of correct spelling in
Persian, Hindi, Malayalam and other scripts, so a person's name can need them; alone they cannot
reorder or disguise text. Lone surrogates (category Cs) go too: they cannot be stored as UTF-8.
"""

from __future__ import annotations

import unicodedata

_KEPT = frozenset("\u200c\u200d")
_HIDDEN_CATEGORIES = frozenset({"Cc", "Cf", "Cs"})
# Line and paragraph breaks, including the Unicode ones (U+2028, U+2029, NEL U+0085).
_BREAKS = frozenset("\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")


def _hidden(character: str) -> bool:
    return unicodedata.category(character) in _HIDDEN_CATEGORIES and character not in _KEPT


def one_line(value: str) -> str:
    """A name, title, phone number or other single line: breaks and tabs become spaces, every
    other control or format character goes."""
    if value.isprintable():  # the usual case, checked in C: nothing hidden, no breaks
        return value
    return "".join(
        " " if character in _BREAKS or character == "\t" else character
        for character in value
        if character == "\t" or character in _BREAKS or not _hidden(character)
    )


def multi_line(value: str) -> str:
    """Notes, descriptions and other paragraphs: newlines and tabs stay (every kind of line break
    becomes a plain newline), every other control or format character goes."""
    if value.isprintable():
        return value
    value = value.replace("\r\n", "\n")
    return "".join(
        "\n" if character in _BREAKS else character
        for character in value
        if character == "\t" or character in _BREAKS or not _hidden(character)
    )


def for_log(value: str) -> str:
    """A line safe to print on a console: hidden characters are shown escaped (\\x1b, \\u202e),
    not dropped, so what was attempted stays readable without being acted on."""
    if value.isprintable():
        return value
    return "".join(
        character.encode("unicode_escape").decode("ascii") if _hidden(character) or character in _BREAKS else character
        for character in value
    )
