"""Write helpers every app's services share."""

from __future__ import annotations

from typing import Any

from django.db import models, transaction
from django.utils import timezone

from . import audit
from .exceptions import StaleEditError


def update_versioned(
    *,
    instance: models.Model,
    changes: dict[str, Any],
    expected_version: int,
    action: str,
    audit_values: bool = True,
) -> dict[str, list[Any]]:
    """Apply `changes` only if nobody has saved `instance` since `expected_version`.

    The check and the write are one conditional UPDATE, so two people saving at the same moment
    cannot both win. Validates the result (field rules and database constraints) before writing,
    audits what changed, and returns that diff. Raises StaleEditError or ValidationError; on
    either, nothing is written. `audit_values=False`: the audit entry names the fields changed and
    not their values, for records the audit trail's readers may not read (a conduct concern).
    """
    model = type(instance)
    # Read "before" from the database: a bound ModelForm has already written its values onto
    # `instance`, so the instance itself no longer knows what it was.
    stored = model._base_manager.get(pk=instance.pk)
    before = {name: getattr(stored, name) for name in changes}
    with transaction.atomic():
        for name, value in changes.items():
            setattr(instance, name, value)
        instance.full_clean()
        # The base manager: the row is already known by id, and a default manager that hides some
        # rows (archived people) must not turn a status change on one into a "stale edit".
        updated = model._base_manager.filter(pk=instance.pk, version=expected_version).update(
            **changes, version=models.F("version") + 1, updated_at=timezone.now()
        )
        if updated != 1:
            for name, value in before.items():
                setattr(instance, name, value)
            raise StaleEditError()
        instance.version = expected_version + 1
        changed = audit.diff(before, changes)
        if changed:
            recorded = changed if audit_values else {"fields": sorted(changed)}
            audit.record(action=action, organisation=instance.organisation, obj=instance, changes=recorded)
    return changed


def create_audited(*, instance: models.Model, action: str, audit_fields: list[str]) -> models.Model:
    """Validate, save and audit a new organisation-owned record in one transaction."""
    with transaction.atomic():
        instance.full_clean()
        instance.save()
        audit.record(
            action=action,
            organisation=instance.organisation,
            obj=instance,
            changes={name: [None, getattr(instance, name)] for name in audit_fields},
        )
    return instance


def organisation_settings_save(
    *, model: type[models.Model], organisation, values: dict[str, Any], action: str
) -> models.Model:
    """Save an area's one settings row for an organisation (made on first save), validated, under
    the row's lock, with what changed audited. Hours' and reports' settings pages both save this way."""
    with transaction.atomic():
        current = model.objects.select_for_update().filter(organisation=organisation).first()
        current = current or model(organisation=organisation)
        before = {name: getattr(current, name) for name in values}
        for name, value in values.items():
            setattr(current, name, value)
        current.full_clean(validate_unique=False)
        current.save()
        changed = audit.diff(before, values)
        if changed:
            audit.record(action=action, organisation=organisation, obj=current, changes=changed)
    return current


def heartbeat(name: str) -> None:
    """Say that a background process (the scheduler, the worker) is alive now; /health/ reads it."""
    from .models import Heartbeat

    Heartbeat.objects.update_or_create(name=name, defaults={"at": timezone.now()})
