"""Writes for the services directory and referrals. Each is validated, audited and atomic."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError

from core.request_context import current_user
from core.services import create_audited, update_versioned
from people.models import Client

from .models import Referral, Service


def service_create(*, organisation, **fields: Any) -> Service:
    service = Service(organisation=organisation, **fields)
    return create_audited(instance=service, action="referrals.service.created", audit_fields=["name", "kind"])


def service_update(*, service: Service, expected_version: int, **changes: Any) -> Service:
    update_versioned(
        instance=service, changes=changes, expected_version=expected_version, action="referrals.service.changed"
    )
    return service


def referral_make(*, client: Client, service: Service, **fields: Any) -> Referral:
    if service.organisation_id != client.organisation_id:
        raise ValidationError({"service": "Choose a service from your organisation's directory."})
    if not service.active:
        raise ValidationError({"service": f"{service.name} is not taking referrals at the moment."})
    referral = Referral(
        organisation_id=client.organisation_id, client=client, service=service, made_by=current_user(), **fields
    )
    return create_audited(
        instance=referral, action="referrals.referral.made", audit_fields=["service_id", "kind", "made_on"]
    )


def referral_outcome(*, referral: Referral, expected_version: int, **changes: Any) -> Referral:
    outcome = changes.get("outcome", referral.outcome)
    if outcome == Referral.Outcome.OPEN:
        # Back to "waiting to hear": an outcome date would say something had been heard.
        changes["outcome_on"] = None
    elif not changes.get("outcome_on", referral.outcome_on):
        raise ValidationError({"outcome_on": "Give the date you heard what happened."})
    outcome_on = changes.get("outcome_on")
    if outcome_on and outcome_on < referral.made_on:
        raise ValidationError(
            {"outcome_on": f"The outcome cannot be before the referral was made ({referral.made_on:%-d %b %Y})."}
        )
    update_versioned(
        instance=referral, changes=changes, expected_version=expected_version, action="referrals.referral.outcome"
    )
    return referral
