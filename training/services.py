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
    SignedCopy,
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


def agreement_create(
    *, organisation: Organisation, kind: str, title: str, body: str, review_on: datetime.date | None = None
) -> Agreement:
    with transaction.atomic():
        agreement = create_audited(
            instance=Agreement(organisation=organisation, kind=kind, title=title, review_on=review_on),
            action="training.agreement.created",
            audit_fields=["title", "kind", "review_on"],
        )
        agreement_new_version(agreement=agreement, body=body, change_note="First version")
    return agreement


def agreement_new_version(
    *, agreement: Agreement, body: str, change_note: str = "", review_on: datetime.date | None = None
) -> AgreementVersion:
    """Publish a new version; everyone is asked to acknowledge it again. `review_on`, when given,
    is when the new text is next looked at."""
    with transaction.atomic():
        if review_on is not None:
            agreement_review_set(agreement=agreement, review_on=review_on)
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


def agreement_review_set(*, agreement: Agreement, review_on: datetime.date | None) -> Agreement:
    if agreement.review_on != review_on:
        with transaction.atomic():
            audit.record(
                action="training.agreement.review_set",
                organisation=agreement.organisation,
                obj=agreement,
                changes={"review_on": [agreement.review_on, review_on]},
            )
            Agreement.objects.filter(pk=agreement.pk).update(review_on=review_on, updated_at=timezone.now())
            agreement.review_on = review_on
    return agreement


def _signed_copy_checked(signed_copy) -> tuple[str, bytes]:
    """The upload's type, from what the file is (its first bytes), not what it says it is."""
    if signed_copy is None:
        raise ValidationError({"signed_copy": "Upload the signed copy: a scan or a photo of it."})
    if signed_copy.size > SignedCopy.MAX_BYTES:
        raise ValidationError({"signed_copy": "The file is too big: it can be up to 5 MB."})
    data = signed_copy.read()
    for magic, content_type in (
        (b"%PDF", "application/pdf"),
        (b"\xff\xd8\xff", "image/jpeg"),
        (b"\x89PNG", "image/png"),
    ):
        if data.startswith(magic):
            return content_type, data
    raise ValidationError({"signed_copy": "Upload a PDF, a JPEG or a PNG."})


def acknowledge_on_paper(
    *, coach: Coach, version: AgreementVersion, signed_on: datetime.date, signed_copy
) -> Acknowledgement:
    """Staff record that a coach (one with no sign-in, say) acknowledged a version on paper:
    who, the day they signed, which version, and the signed copy."""
    if signed_on > timezone.localdate():
        raise ValidationError({"signed_on": "The date signed cannot be in the future."})
    content_type, data = _signed_copy_checked(signed_copy)
    if Acknowledgement.objects.filter(coach=coach, version=version).exists():
        raise ValidationError(f"{coach.first_name} has already acknowledged this version.")
    with transaction.atomic():
        acknowledgement = Acknowledgement.objects.create(
            organisation_id=coach.organisation_id,
            coach=coach,
            version=version,
            by=_actor(),
            on_paper=True,
            signed_on=signed_on,
        )
        extension = SignedCopy.TYPES[content_type]
        name = signed_copy.name if signed_copy.name.lower().endswith(extension) else f"signed{extension}"
        SignedCopy.objects.create(
            organisation_id=coach.organisation_id,
            acknowledgement=acknowledgement,
            name=name[-200:],
            content_type=content_type,
            data=data,
        )
        audit.record(
            action="training.agreement.acknowledged_on_paper",
            organisation=coach.organisation,
            obj=coach,
            changes={
                "agreement": [None, f"{version.agreement.title} v{version.number}"],
                "signed_on": [None, signed_on],
            },
        )
    return acknowledgement


def signed_copy_viewed(*, acknowledgement: Acknowledgement) -> SignedCopy:
    copy = SignedCopy.objects.get(acknowledgement=acknowledgement)
    audit.record(
        action="training.agreement.signed_copy_viewed", organisation=acknowledgement.organisation, obj=acknowledgement
    )
    return copy
