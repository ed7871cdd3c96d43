"""Writes about vetting: checks on peer coaches. Each is one transaction and audited."""

from __future__ import annotations

import hashlib
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify

from core import audit
from core.emails import enqueue_email
from core.request_context import current_user as _actor
from core.services import create_audited, update_versioned
from organisations.models import Programme
from people.models import Circumstance, Coach
from people.services import coach_create, coach_status_set
from training.readiness import Requirements, with_readiness_data

from .models import (
    DEFAULT_EXCLUSION_QUESTIONS,
    DEFAULT_QUESTIONS,
    FORM_TOKEN_MAX_AGE,
    Answer,
    Application,
    Check,
    Conversation,
    MatchingExclusion,
    OrganisationCircumstance,
    SpentFormToken,
    StageChange,
    SuitabilityQuestion,
)
from .selectors import circumstance_choices

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


# --- applications ----------------------------------------------------------------------------


ALREADY_SENT_MESSAGE = (
    "We already have the application sent from this form, thank you. "
    "To send another, open the form again and fill it in."
)


def _spend_form_token(form_token: str) -> None:
    """Mark the form's time token used, or refuse it if it already sent an application."""
    SpentFormToken.objects.filter(spent_at__lt=timezone.now() - 2 * FORM_TOKEN_MAX_AGE).delete()
    token_hash = hashlib.sha256(form_token.encode()).hexdigest()
    try:
        # A savepoint: two submissions racing with one token meet the unique constraint, not a 500.
        with transaction.atomic():
            SpentFormToken.objects.create(token_hash=token_hash)
    except IntegrityError:
        raise ValidationError({"started": ALREADY_SENT_MESSAGE}) from None


def application_submit(*, organisation, source_hash: str = "", form_token: str = "", **fields: Any) -> Application:
    """A public application. Only the fields the form asks for reach here, and one form token
    (one opening of the form) sends one application."""
    with transaction.atomic():
        if form_token:
            _spend_form_token(form_token)
        application = Application(organisation=organisation, source_hash=source_hash, **fields)
        application.full_clean()
        application.save()
        StageChange.objects.create(
            organisation=organisation,
            application=application,
            to_stage=Application.Stage.APPLIED,
            note="Applied online",
        )
        audit.record(
            action="recruitment.application.created",
            organisation=organisation,
            obj=application,
            changes={"stage": [None, application.stage]},
            actor=None,
        )
        _tell_applicant(application, Application.Stage.APPLIED, "")
    return application


def _coach_for(application: Application) -> Coach:
    """The coach record an applicant gets once checks start, made from what they told us."""
    return coach_create(
        organisation=application.organisation,
        first_name=application.first_name,
        last_name=application.last_name,
        email=application.email,
        phone=application.phone,
        area=application.area,
        lived_experience=application.lived_experience,
        availability=application.availability,
        role_title="Peer Coach (in training)",
        status=Coach.Status.JOINING,
    )


_COACH_STATUS = {
    Application.Stage.PAUSED: Coach.Status.PAUSED,
    Application.Stage.LEFT: Coach.Status.LEFT,
    Application.Stage.ACTIVE: Coach.Status.ACTIVE,
}

GOING_BACK_MESSAGE = "Say why they are going back to an earlier stage."


def _stage_before_pause(application: Application) -> str:
    """Where someone paused or left was on the pipeline (the last stage on it they reached)."""
    reached = application.stage_changes.filter(to_stage__in=Application.PIPELINE).values_list("to_stage", flat=True)
    return reached.first() or Application.Stage.APPLIED


def _going_back(application: Application, to_stage: str) -> bool:
    """Paused and left are open from anywhere; otherwise a move is along the pipeline, and one to
    an earlier stage than they had reached is going back."""
    if to_stage not in Application.PIPELINE:
        return False
    at = application.stage
    if at not in Application.PIPELINE:
        at = _stage_before_pause(application)
    return Application.PIPELINE.index(to_stage) < Application.PIPELINE.index(at)


def _still_needed(coach: Coach) -> list[str]:
    """What a coach still needs for the programme nearest to ready (the fewest things missing)."""
    judged = with_readiness_data(Coach.objects.filter(pk=coach.pk)).get()
    results = [Requirements(p).judge(judged) for p in Programme.objects.filter(status=Programme.Status.OPEN)]
    missing = [[m.detail for m in r.missing if m.kind != "status"] for r in results]
    return min(missing, key=len) if missing else []


def _tell_applicant(application: Application, to_stage: str, note: str) -> None:
    """The applicant hears at each step that concerns them; a step with nothing for them to do
    (the conversation held, induction) sends nothing. No email address, no email."""
    if not application.email or to_stage not in APPLICANT_EMAILS:
        return
    subject, template = APPLICANT_EMAILS[to_stage]
    context = {"application": application, "organisation": application.organisation, "note": note}
    if to_stage == Application.Stage.CHECKS and application.coach_id:
        context["needed"] = _still_needed(application.coach)
    enqueue_email(
        subject=subject.format(organisation=application.organisation.name),
        body=render_to_string(f"recruitment/emails/{template}.txt", context),
        to=[application.email],
    )


APPLICANT_EMAILS = {
    Application.Stage.APPLIED: ("{organisation}: we have received your application", "received"),
    Application.Stage.CONVERSATION_BOOKED: ("{organisation}: your conversation with us is booked", "booked"),
    Application.Stage.CHECKS: ("{organisation}: what we still need from you", "still_needed"),
    Application.Stage.ACTIVE: ("Welcome to {organisation}", "welcome"),
}


def application_move(*, application: Application, to_stage: str, note: str, expected_version: int) -> Application:
    """Move someone through the pipeline, recording who and when. Stages go forward, or to paused
    or left; going back needs a reason. From "checks in progress" on they have a coach record;
    "ready" is refused until they are ready for at least one programme."""
    before = application.stage
    if to_stage == before:
        raise ValidationError({"to_stage": "They are already at this stage."})
    if not note.strip() and _going_back(application, to_stage):
        raise ValidationError({"note": GOING_BACK_MESSAGE})
    with transaction.atomic():
        changes: dict[str, Any] = {"stage": to_stage, "stage_changed_on": timezone.localdate()}
        if to_stage in Application.COACH_STAGES and application.coach_id is None:
            changes["coach"] = _coach_for(application)
            _sync_exclusions(application, changes["coach"])
        coach = changes.get("coach") or application.coach
        if to_stage == Application.Stage.READY:
            judged = with_readiness_data(Coach.objects.filter(pk=coach.pk)).get()
            results = [Requirements(p).judge(judged) for p in Programme.objects.filter(status=Programme.Status.OPEN)]
            if not any(r.ready for r in results):
                missing = sorted({m.detail for r in results for m in r.missing})
                raise ValidationError(
                    {"to_stage": f"{application.first_name} is not ready for any programme yet: " + " ".join(missing)}
                )
        update_versioned(
            instance=application,
            changes=changes,
            expected_version=expected_version,
            action="recruitment.application.moved",
        )
        if coach and to_stage in _COACH_STATUS and coach.status != _COACH_STATUS[to_stage]:
            coach_status_set(coach=coach, status=_COACH_STATUS[to_stage])
        StageChange.objects.create(
            organisation_id=application.organisation_id,
            application=application,
            from_stage=before,
            to_stage=to_stage,
            note=note,
            by=_actor(),
        )
        _tell_applicant(application, to_stage, note)
    return application


def ensure_default_questions(organisation) -> None:
    """An organisation starts with the questions the Housing First guidance suggests. Saved with
    its first question or first conversation (pages show them unsaved until then)."""
    if not SuitabilityQuestion.objects.filter(organisation=organisation).exists():
        SuitabilityQuestion.objects.bulk_create(
            SuitabilityQuestion(
                organisation=organisation,
                text=text,
                position=n,
                asks_about_exclusions=text in DEFAULT_EXCLUSION_QUESTIONS,
            )
            for n, text in enumerate(DEFAULT_QUESTIONS)
        )


def question_add(*, organisation, text: str, asks_about_exclusions: bool = False) -> SuitabilityQuestion:
    """Add a question after the others; the first one added keeps the suggested ones before it."""
    with transaction.atomic():
        ensure_default_questions(organisation)
        last = SuitabilityQuestion.objects.order_by("-position").values_list("position", flat=True).first() or 0
        return create_audited(
            instance=SuitabilityQuestion(
                organisation=organisation, text=text, position=last + 1, asks_about_exclusions=asks_about_exclusions
            ),
            action="recruitment.question.created",
            audit_fields=["text", "asks_about_exclusions"],
        )


def conversation_save(
    *, application: Application, answers: list[tuple[str, str, str]], expected_version: int | None = None, **fields: Any
) -> Conversation:
    """Record the suitability conversation. Answers marked as exclusions become the coach's
    matching exclusions (now, or when the coach record is made)."""
    with transaction.atomic():
        # The questions it was asked from are kept from the first conversation on.
        ensure_default_questions(application.organisation)
        conversation = Conversation.objects.filter(application=application).first()
        if conversation is None:
            conversation = create_audited(
                instance=Conversation(organisation_id=application.organisation_id, application=application, **fields),
                action="recruitment.conversation.created",
                audit_fields=["held_on"],
            )
        else:
            update_versioned(
                instance=conversation,
                changes=fields,
                expected_version=expected_version or conversation.version,
                action="recruitment.conversation.changed",
            )
        # The old answers' exclusions go with them; the new answers make their own below.
        MatchingExclusion.objects.filter(source__conversation=conversation).delete()
        conversation.answers.all().delete()
        Answer.objects.bulk_create(
            Answer(
                organisation_id=application.organisation_id,
                conversation=conversation,
                question=question,
                answer=answer,
                exclusion=exclusion,
            )
            for question, answer, exclusion in answers
        )
        if application.coach_id:
            _sync_exclusions(application, application.coach)
        # Recording the conversation is the conversation held: the stage follows, never back.
        if application.stage in (Application.Stage.APPLIED, Application.Stage.CONVERSATION_BOOKED):
            application_move(
                application=application,
                to_stage=Application.Stage.CONVERSATION_HELD,
                note="Conversation recorded",
                expected_version=application.version,
            )
    return conversation


def _sync_exclusions(application: Application, coach: Coach) -> None:
    conversation = Conversation.objects.filter(application=application).first()
    if conversation is None:
        return
    MatchingExclusion.objects.filter(coach=coach, source__conversation=conversation).delete()
    MatchingExclusion.objects.bulk_create(
        MatchingExclusion(organisation_id=coach.organisation_id, coach=coach, description=a.exclusion, source=a)
        for a in conversation.answers.all()
        if a.exclusion
    )


# --- the organisation's circumstances and exclusions ----------------------------------------


def _ensure_usual_circumstances(organisation) -> None:
    if not OrganisationCircumstance.objects.filter(organisation=organisation).exists():
        OrganisationCircumstance.objects.bulk_create(
            OrganisationCircumstance(organisation=organisation, key=key, label=label, position=n)
            for n, (key, label) in enumerate(Circumstance.choices)
        )


def circumstance_add(*, organisation, label: str) -> OrganisationCircumstance:
    """Add a circumstance after the others; the first one added keeps the usual ones before it."""
    label = label.strip()
    with transaction.atomic():
        _ensure_usual_circumstances(organisation)
        existing = OrganisationCircumstance.objects.filter(organisation=organisation)
        if existing.filter(label__iexact=label).exists():
            raise ValidationError({"label": f"“{label}” is already on the list."})
        if existing.count() >= OrganisationCircumstance.MOST:
            raise ValidationError({"label": f"The list can hold up to {OrganisationCircumstance.MOST} circumstances."})
        base = slugify(label).replace("-", "_")[:32] or "circumstance"
        key, n = base, 1
        while existing.filter(key=key).exists():
            n += 1
            key = f"{base}_{n}"
        last = existing.order_by("-position").values_list("position", flat=True).first() or 0
        return create_audited(
            instance=OrganisationCircumstance(organisation=organisation, key=key, label=label, position=last + 1),
            action="recruitment.circumstance.created",
            audit_fields=["label"],
        )


def exclusion_add(*, coach: Coach, description: str, circumstance: str = "") -> MatchingExclusion:
    """An exclusion for any coach, with or without an application behind them."""
    if circumstance and circumstance not in dict(circumstance_choices()):
        raise ValidationError({"circumstance": "Choose one of the organisation's circumstances."})
    with transaction.atomic():
        exclusion = MatchingExclusion.objects.create(
            organisation_id=coach.organisation_id, coach=coach, description=description, circumstance=circumstance
        )
        audit.record(
            action="recruitment.exclusion.created",
            organisation=coach.organisation,
            obj=coach,
            changes={"exclusion": [None, description], "circumstance": [None, circumstance]},
        )
    return exclusion
