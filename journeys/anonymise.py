"""Taking the names out of a case study.

A case study is published to everyone on the staff, and to commissioners in reports, as holding no
names. A coordinator writing one late in the day may type the client's name without noticing, so
the service takes out every name and place Alongside knows for the people involved (the client,
the coach, family members named in the record, the areas they live in) and keeps a list of what it
took out, for the coordinator who reviews it before it is published."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .models import Relationship

CLIENT, COACH, FAMILY, AREA = "the client", "the coach", "a family member", "their area"

# "her son Jayden", "my partner, Leon", "a daughter called Mia", "the kids Tom and Lily"
FAMILY_WORDS = (
    "son|sons|daughter|daughters|child|children|kids?|partner|husband|wife|ex|mum|mother|dad|father|"
    "brother|sister|grandson|granddaughter|grandchild|grandchildren|nan|nana|gran|grandma|grandmother|"
    "grandad|grandfather|aunt|auntie|uncle|niece|nephew|cousin|boyfriend|girlfriend|fiancée?|stepson|"
    "stepdaughter|carer"
)
NAME = r"[A-Z][a-z]+(?:-[A-Z][a-z]+)?"
FAMILY_NAMED = re.compile(
    rf"\b(?:{FAMILY_WORDS})\b,?\s+(?:(?:is\s+)?(?:called|named)\s+)?({NAME})(?:,?\s+and\s+({NAME}))?"
)
# Capitalised words that follow a family word without being a name ("her son The day ...").
NOT_NAMES = frozenset(
    [
        "The",
        "A",
        "An",
        "And",
        "But",
        "Or",
        "So",
        "He",
        "She",
        "They",
        "We",
        "I",
        "It",
        "His",
        "Her",
        "Their",
        "Our",
        "My",
        "Who",
        "When",
        "Then",
        "Now",
        "Is",
        "Was",
        "Has",
        "Had",
        "Lives",
        "Came",
        "Moved",
        "Said",
        "Will",
        "Would",
        "Could",
        "Should",
        "Also",
    ]
)


@dataclass(frozen=True)
class Known:
    name: str
    as_: str


def record_texts(relationship: Relationship) -> list[str]:
    """The free text in the record where family members' names turn up."""
    client = relationship.client
    texts = [client.circumstances, client.hopes, client.interests, client.staff_notes]
    for goal in relationship.goals.all():
        texts += [goal.title, goal.starting_point, goal.target]
    for check_in in relationship.check_ins.all():
        texts += [check_in.went_well, check_in.got_in_the_way, check_in.next_steps, check_in.coach_feedback]
        texts.append(check_in.coach_notes)
    for ending in relationship.endings.all():
        texts += [ending.what_changed, ending.client_reflection, ending.coach_reflection]
    return [t for t in texts if t]


def family_names(texts: list[str]) -> set[str]:
    found = set()
    for text in texts:
        for match in FAMILY_NAMED.finditer(text):
            found |= {name for name in match.groups() if name and name not in NOT_NAMES}
    return found


def known_names(relationship: Relationship, *, extra_texts: tuple[str, ...] = ()) -> list[Known]:
    """Longest first, so "Sarah Okafor" goes as one before "Sarah" is looked for on its own."""
    client, coach = relationship.client, relationship.coach
    known: dict[str, str] = {}

    def add(name: str, as_: str) -> None:
        name = (name or "").strip()
        if len(name) >= 2 and name.lower() not in {k.lower() for k in known}:
            known[name] = as_

    for person, as_ in ((client, CLIENT), (coach, COACH)):
        add(f"{person.first_name} {person.last_name}", as_)
    for person, as_ in ((client, CLIENT), (coach, COACH)):
        add(person.first_name, as_)
        add(person.last_name, as_)
    for name in sorted(family_names(record_texts(relationship) + list(extra_texts))):
        add(name, FAMILY)
    for person in (client, coach):
        for area in re.split(r"[,/]", person.area or ""):
            add(area, AREA)
    return sorted((Known(name, as_) for name, as_ in known.items()), key=lambda k: -len(k.name))


def _starts_sentence(text: str, at: int) -> bool:
    before = text[:at].rstrip(" \t")
    return not before or before.endswith((".", "!", "?", "\n", '"'))


def anonymise(text: str, relationship: Relationship) -> tuple[str, list[dict[str, str]]]:
    """The text with every known name and place replaced by who or what it was, and the list of
    what was taken out ({"found", "as"}, once each)."""
    removed: list[dict[str, str]] = []
    for known in known_names(relationship, extra_texts=(text,)):
        pattern = re.compile(rf"(?<![\w-]){re.escape(known.name)}(?![\w-])", re.IGNORECASE)
        if not pattern.search(text):
            continue
        if known.as_ == FAMILY:
            # "her son Jayden" reads best as "her son": the family word already says who it was.
            text = re.sub(
                rf"\b({FAMILY_WORDS})\b,?\s+(?:(?:is\s+)?(?:called|named)\s+)?{re.escape(known.name)}(?![\w-])",
                r"\1",
                text,
                flags=re.IGNORECASE,
            )
        pieces, last = [], 0
        for match in pattern.finditer(text):
            pieces.append(text[last : match.start()])
            pieces.append(known.as_.capitalize() if _starts_sentence(text, match.start()) else known.as_)
            last = match.end()
        text = "".join(pieces) + text[last:]
        removed.append({"found": known.name, "as": known.as_})
    return text, removed
