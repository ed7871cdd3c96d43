"""What stops a person or programme being archived, and what an archive leaves in place.

People and programmes are archived, never deleted by an ordinary action. The archive services
live low down (people, organisations), but the reasons to refuse live higher up: an open
safeguarding concern or an unresolved safety alert (meetings), an open relationship (journeys).
Rather than people importing those apps, each registers here when it loads, as matching does
with core.pairing: a guard returns the reasons the record cannot be archived now (plain words,
empty when it can), and a `kept` function counts what stays attached to it, for the audit entry.
Both are keyed by the model's label, e.g. "people.client".
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError

Guard = Callable[[Any], list[str]]
Kept = Callable[[Any], dict[str, int]]

_GUARDS: dict[str, list[Guard]] = {}
_KEPT: dict[str, list[Kept]] = {}


def register(label: str, *, guard: Guard | None = None, kept: Kept | None = None) -> None:
    for table, function in ((_GUARDS, guard), (_KEPT, kept)):
        if function is not None and function not in table.setdefault(label, []):
            table[label].append(function)


def reasons(obj) -> list[str]:
    """Every registered reason `obj` cannot be archived now; empty when it can."""
    return [reason for guard in _GUARDS.get(obj._meta.label_lower, []) for reason in guard(obj)]


def check(obj) -> None:
    """Raise ValidationError listing every reason, so the person sees all of them at once."""
    found = reasons(obj)
    if found:
        raise ValidationError(found)


def kept(obj) -> dict[str, int]:
    """What stays attached to `obj` through its archive: a count for each kind of record kept."""
    counts: dict[str, int] = {}
    for each in _KEPT.get(obj._meta.label_lower, []):
        counts.update(each(obj))
    return counts
