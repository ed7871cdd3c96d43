from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from core import archiving, audit
from core.services import create_audited, update_versioned

from .models import NATIONAL_HELP_LINES, HelpLine, Organisation, Programme

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


def programme_archive(*, programme: Programme) -> Programme:
    """Archive a programme: gone from lists and choices, its history kept. Refused, with the
    reasons, while it still has people in it (the apps that know register their guards)."""
    with transaction.atomic():
        Programme.with_archived.select_for_update().filter(pk=programme.pk).first()
        if Programme.with_archived.filter(pk=programme.pk, archived_at__isnull=False).exists():
            raise ValidationError(f"{programme} is already archived.")
        archiving.check(programme)
        now = timezone.now()
        Programme.with_archived.filter(pk=programme.pk).update(
            archived_at=now, version=F("version") + 1, updated_at=now
        )
        audit.record(
            action="organisations.programme.archived",
            organisation=programme.organisation,
            obj=programme,
            changes={"archived_at": [None, now], "kept": archiving.kept(programme)},
        )
    programme.archived_at, programme.version = now, programme.version + 1
    return programme


def programme_restore(*, programme: Programme) -> Programme:
    with transaction.atomic():
        if not Programme.with_archived.filter(pk=programme.pk, archived_at__isnull=False).update(
            archived_at=None, version=F("version") + 1, updated_at=timezone.now()
        ):
            raise ValidationError(f"{programme} is not archived.")
        audit.record(
            action="organisations.programme.restored",
            organisation=programme.organisation,
            obj=programme,
            changes={"archived_at": [programme.archived_at, None]},
        )
    programme.archived_at, programme.version = None, programme.version + 1
    return programme


# --- where to get help now ---------------------------------------------------------------------

HELP_LINE_FIELDS = ["name", "how", "when", "order"]


def help_line_create(*, organisation: Organisation, **fields: Any) -> HelpLine:
    line = HelpLine(organisation=organisation, **fields)
    return create_audited(instance=line, action="organisations.help_line.created", audit_fields=HELP_LINE_FIELDS)


def help_line_update(*, line: HelpLine, expected_version: int, **changes: Any) -> HelpLine:
    update_versioned(
        instance=line, changes=changes, expected_version=expected_version, action="organisations.help_line.changed"
    )
    return line


def help_line_remove(*, line: HelpLine) -> None:
    """A help line is a signpost, not anyone's record: removing it deletes it, with an audit entry."""
    with transaction.atomic():
        audit.record(
            action="organisations.help_line.removed",
            organisation=line.organisation,
            obj=line,
            changes={name: [getattr(line, name), None] for name in HELP_LINE_FIELDS},
        )
        line.delete()


def help_lines_start_from_national(*, organisation: Organisation) -> list[HelpLine]:
    """Copy the national lines in, so an organisation can put its own contact above them and edit them."""
    with transaction.atomic():
        if HelpLine.objects.filter(organisation=organisation).exists():
            return list(HelpLine.objects.filter(organisation=organisation))
        return [
            help_line_create(organisation=organisation, order=(index + 1) * 10, **line)
            for index, line in enumerate(NATIONAL_HELP_LINES)
        ]
