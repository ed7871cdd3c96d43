"""Writes about vetting: checks on peer coaches. Each is one transaction and audited."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from core import audit
from core.services import create_audited, update_versioned
from people.models import Coach

from .models import Check

# The certificate number never goes into the audit trail's "changes": only that it changed.
ENCRYPTED_FIELD = "certificate_number"


def _validate(fields: dict[str, Any]) -> None:
    if fields.get("cleared_on") and fields.get("requested_on") and fields["cleared_on"] < fields["requested_on"]:
        raise ValidationError({"cleared_on": "The date cleared cannot be before the date requested."})
    if fields.get("renewal_due_on") and fields.get("cleared_on") and fields["renewal_due_on"] <= fields["cleared_on"]:
        raise ValidationError({"renewal_due_on": "The renewal date must be after the date cleared."})
    if fields.get("kind") == Check.Kind.DBS and not fields.get("level"):
        raise ValidationError({"level": "Choose the level of the DBS check."})


def check_create(*, coach: Coach, **fields: Any) -> Check:
    _validate(fields)
    # create_audited records only the fields named, so the certificate number stays out of the trail.
    check = create_audited(
        instance=Check(organisation_id=coach.organisation_id, coach=coach, **fields),
        action="recruitment.check.created",
        audit_fields=["kind", "level", "requested_on", "cleared_on"],
    )
    return check


def check_update(*, check: Check, expected_version: int, **changes: Any) -> Check:
    fields = ("kind", "level", "requested_on", "cleared_on", "renewal_due_on")
    _validate({name: changes.get(name, getattr(check, name)) for name in fields})
    secret = changes.pop(ENCRYPTED_FIELD, None)
    stored = Check.objects.get(pk=check.pk).certificate_number
    with transaction.atomic():
        update_versioned(
            instance=check, changes=changes, expected_version=expected_version, action="recruitment.check.changed"
        )
        # The number itself never goes into the audit trail, only that it changed.
        if secret is not None and (secret or None) != stored:
            Check.objects.filter(pk=check.pk).update(certificate_number=secret or None)
            check.certificate_number = secret or None
            audit.record(action="recruitment.check.certificate_changed", organisation=check.organisation, obj=check)
    return check


def certificate_viewed(*, check: Check) -> str:
    """Reveal a certificate number, recording who looked."""
    audit.record(action="recruitment.check.certificate_viewed", organisation=check.organisation, obj=check)
    return check.certificate_number or ""
