"""Writes about training, agreements and a coach's own learning. One transaction each, audited."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from core import audit
from core.request_context import current_user as _actor
from core.services import create_audited, update_versioned
from organisations.models import Organisation, Programme
from people.models import Coach

from .models import (
    Acknowledgement,
    Agreement,
    AgreementVersion,
    Aspiration,
    Completion,
    InductionItem,
    Module,
    ProgrammeChecks,
)


def module_create(*, organisation: Organisation, required_for: list[Programme] | None = None, **fields: Any) -> Module:
    with transaction.atomic():
        module = create_audited(
            instance=Module(organisation=organisation, **fields),
            action="training.module.created",
            audit_fields=["name", "refresh_every_months", "accredited"],
        )
        module.required_for.set(required_for or [])
    return module


def module_update(
    *, module: Module, expected_version: int, required_for: list[Programme] | None = None, **changes: Any
) -> Module:
    with transaction.atomic():
        update_versioned(
            instance=module, changes=changes, expected_version=expected_version, action="training.module.changed"
        )
        if required_for is not None:
            before = sorted(str(p) for p in module.required_for.all())
            module.required_for.set(required_for)
            after = sorted(str(p) for p in required_for)
            if before != after:
                audit.record(
                    action="training.module.changed",
                    organisation=module.organisation,
                    obj=module,
                    changes={"required_for": [before, after]},
                )
    return module


def programme_checks_set(
    *, programme: Programme, dbs_required: bool, references_required: int, recovery_guideline: str = ""
) -> ProgrammeChecks:
    with transaction.atomic():
        checks, _ = ProgrammeChecks.objects.get_or_create(
            programme=programme, defaults={"organisation_id": programme.organisation_id}
        )
        after = {
            "dbs_required": dbs_required,
            "references_required": references_required,
            "recovery_guideline": recovery_guideline,
        }
        before = {name: getattr(checks, name) for name in after}
        for name, value in after.items():
            setattr(checks, name, value)
        checks.full_clean()
        checks.save()
        changed = audit.diff(before, after)
        if changed:
            audit.record(
                action="training.programme_checks.changed",
                organisation=programme.organisation,
                obj=programme,
                changes=changed,
            )
    return checks


def programme_requirements_set(
    *,
    programme: Programme,
    dbs_required: bool,
    references_required: int,
    recovery_guideline: str = "",
    modules: Iterable[Module],
) -> Programme:
    """What a programme asks of its coaches, saved as one change: the checks and the modules it
    requires. If any part is refused (someone else changed a module meanwhile), nothing is saved."""
    with transaction.atomic():
        programme_checks_set(
            programme=programme,
            dbs_required=dbs_required,
            references_required=references_required,
            recovery_guideline=recovery_guideline,
        )
        before = set(programme.required_modules.all())
        wanted = set(modules)
        for module in before - wanted:
            module_update(
                module=module,
                expected_version=module.version,
                required_for=[p for p in module.required_for.all() if p != programme],
            )
        for module in wanted - before:
            module_update(
                module=module, expected_version=module.version, required_for=[*module.required_for.all(), programme]
            )
    return programme


def induction_plan(*, coach: Coach, module: Module, planned_for: datetime.date) -> InductionItem:
    try:
        with transaction.atomic():
            return create_audited(
                instance=InductionItem(
                    organisation_id=coach.organisation_id, coach=coach, module=module, planned_for=planned_for
                ),
                action="training.induction.planned",
                audit_fields=["module", "planned_for"],
            )
    except (IntegrityError, ValidationError) as error:
        raise ValidationError({"module": f"{module} is already in {coach.first_name}'s plan."}) from error


def completion_record(*, coach: Coach, module: Module, completed_on: datetime.date, notes: str = "") -> Completion:
    """Record a completed module; its expiry follows from the module's refresh period."""
    if completed_on > timezone.localdate():
        raise ValidationError({"completed_on": "The completion date cannot be in the future."})
    return create_audited(
        instance=Completion(
            organisation_id=coach.organisation_id,
            coach=coach,
            module=module,
            completed_on=completed_on,
            expires_on=Completion.expiry_for(module, completed_on),
            notes=notes,
        ),
        action="training.completion.recorded",
        audit_fields=["module", "completed_on", "expires_on"],
    )


def aspiration_add(*, coach: Coach, text: str) -> Aspiration:
    return create_audited(
        instance=Aspiration(organisation_id=coach.organisation_id, coach=coach, text=text),
        action="training.aspiration.added",
        audit_fields=["text"],
    )


def agreement_create(*, organisation: Organisation, kind: str, title: str, body: str) -> Agreement:
    with transaction.atomic():
        agreement = create_audited(
            instance=Agreement(organisation=organisation, kind=kind, title=title),
            action="training.agreement.created",
            audit_fields=["title", "kind"],
        )
        agreement_new_version(agreement=agreement, body=body, change_note="First version")
    return agreement


def agreement_new_version(*, agreement: Agreement, body: str, change_note: str = "") -> AgreementVersion:
    """Publish a new version; everyone is asked to acknowledge it again."""
    with transaction.atomic():
        # Lock the agreement so two editors publishing at once get numbers 3 and 4, not 3 twice.
        Agreement.objects.select_for_update().filter(pk=agreement.pk).first()
        latest = agreement.versions.order_by("-number").values_list("number", flat=True).first() or 0
        version = AgreementVersion(
            organisation_id=agreement.organisation_id,
            agreement=agreement,
            number=latest + 1,
            body=body,
            change_note=change_note,
            by=_actor(),
        )
        version.full_clean(exclude=["agreement"])
        version.save()
        audit.record(
            action="training.agreement.version_published",
            organisation=agreement.organisation,
            obj=agreement,
            changes={"version": [latest or None, version.number]},
        )
    return version


def acknowledge(*, coach: Coach, version: AgreementVersion) -> Acknowledgement:
    """A coach acknowledges a version (who, when, which version). Doing it twice is harmless."""
    existing = Acknowledgement.objects.filter(coach=coach, version=version).first()
    if existing:
        return existing
    with transaction.atomic():
        acknowledgement = Acknowledgement.objects.create(
            organisation_id=coach.organisation_id, coach=coach, version=version, by=_actor()
        )
        audit.record(
            action="training.agreement.acknowledged",
            organisation=coach.organisation,
            obj=coach,
            changes={"agreement": [None, f"{version.agreement.title} v{version.number}"]},
        )
    return acknowledgement
