from __future__ import annotations

from typing import Any

from core.services import create_audited, update_versioned

from .models import Organisation, Programme

PROGRAMME_FIELDS = [
    "name",
    "kind",
    "description",
    "min_months",
    "max_months",
    "contact_every_days",
    "coach_capacity",
    "status",
]


def programme_create(*, organisation: Organisation, **fields: Any) -> Programme:
    """Create a programme; refuses lengths out of order, zero capacity and duplicate names."""
    programme = Programme(organisation=organisation, **fields)
    return create_audited(instance=programme, action="organisations.programme.created", audit_fields=PROGRAMME_FIELDS)


def programme_update(*, programme: Programme, expected_version: int, **changes: Any) -> Programme:
    update_versioned(
        instance=programme,
        changes=changes,
        expected_version=expected_version,
        action="organisations.programme.changed",
    )
    return programme
