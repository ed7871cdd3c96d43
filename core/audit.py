"""The audit trail: who did what to which record, when, and from where.

Action names are dotted (`people.client.viewed`, `people.coach.changed`) so an admin can filter by
area or by verb.
"""

from __future__ import annotations

import datetime
import decimal
from typing import Any

from django.db import models

from . import request_context
from .models import AuditEntry
from .text import multi_line, one_line


def _plain(value: Any) -> Any:
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, models.Model):
        return one_line(str(value))
    if isinstance(value, str):
        # Input is cleaned on the way in; this also covers records stored before it was.
        return multi_line(value)
    if isinstance(value, (list, tuple, set)):
        return [_plain(v) for v in value]
    return value


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """The fields whose value changed, as {field: [old, new]}."""
    return {
        key: [_plain(before.get(key)), _plain(after.get(key))]
        for key in after
        if _plain(before.get(key)) != _plain(after.get(key))
    }


def _label(obj: models.Model | None) -> str:
    """The record's name as people know it; one with no name of its own by its kind."""
    if obj is None:
        return ""
    if type(obj).__str__ is models.Model.__str__:
        return str(obj._meta.verbose_name).capitalize()
    return one_line(str(obj))[:200]


def record(
    *,
    action: str,
    organisation: Any,
    obj: models.Model | None = None,
    changes: dict[str, Any] | None = None,
    actor: Any = None,
) -> AuditEntry:
    ctx = request_context.current()
    if actor is None and ctx is not None and getattr(ctx.user, "is_authenticated", False):
        actor = ctx.user
    entry = AuditEntry(
        # An organisation or its id: list reads pass the id, so auditing them costs no extra query.
        organisation_id=getattr(organisation, "pk", organisation),
        actor=actor if getattr(actor, "pk", None) else None,
        actor_label=(one_line(actor.get_username()) if getattr(actor, "pk", None) else "system"),
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        object_label=_label(obj),
        changes={k: _plain(v) for k, v in (changes or {}).items()},
        ip_address=ctx.ip_address if ctx else None,
        user_agent=(one_line(ctx.user_agent)[:300] if ctx else ""),
    )
    entry.save()
    return entry


def viewed(*, action: str, obj: models.Model) -> AuditEntry:
    """Someone looked at one record about a person (`meetings.meeting.viewed`).

    Called once the access helper has let them in, so a refused look is not recorded as a view."""
    return record(action=action, organisation=obj.organisation, obj=obj)


def listed(
    *, action: str, organisation_id: int, filters: dict[str, Any], rows: int, total: int | None = None
) -> AuditEntry:
    """Someone read many people's records at once (`people.client.listed`): one entry, not one per
    row, saying which filter they used and how many rows they got (and how many matched in all)."""
    changes: dict[str, Any] = {"filter": {k: v for k, v in filters.items() if v not in ("", None)}, "rows": rows}
    if total is not None:
        changes["total"] = total
    return record(action=action, organisation=organisation_id, changes=changes)
