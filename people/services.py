"""Every write to a person's record. Each runs in one transaction and is audited."""

from __future__ import annotations

import datetime
from typing import Any

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from core import archiving, audit, registry
from core.request_context import current_user
from core.services import create_audited, update_versioned
from organisations.models import Organisation, Programme, Role, User

from .models import (
    AgencyMeeting,
    Client,
    Coach,
    CoachBreak,
    Consent,
    Professional,
    RiskAssessment,
    SelfReferral,
    StaffMember,
)

# What stops a coach being set to "Left" or "Taking a break": callables (coach, status) -> reasons
# in plain words, registered by the apps that know (journeys: clients still working with them).
# The leaving and break page (journeys) settles each one first, so nothing is left pointing at a
# coach who has gone.
COACH_AWAY_GUARDS = "people.coach.away_guards"
# Called with coach_break= once a break has ended and the coach is active again (early or on the
# return date): journeys starts again the relationships it paused for that break.
COACH_BACK = "people.coach.back"

CLIENT_FIELDS = [
    "first_name",
    "last_name",
    "email",
    "phone",
    "area",
    "programme",
    "referral_source",
    "referral_date",
    "consent_given_on",
    "date_of_birth",
    "debt_kinds",
    "debt_amount",
    "circumstances",
    "hopes",
    "interests",
    "preferred_channels",
    "language",
    "availability",
    "staff_notes",
]

COACH_FIELDS = [
    "first_name",
    "last_name",
    "email",
    "phone",
    "area",
    "employment",
    "role_title",
    "lived_experience",
    "interests",
    "languages",
    "availability",
    "agreed_weekly_hours",
    "date_of_birth",
    "status",
    "started_on",
]

STAFF_FIELDS = ["first_name", "last_name", "email", "phone", "area", "job_title"]


def client_create(*, organisation: Organisation, **fields: Any) -> Client:
    """Create a client. Refuses a client from another organisation's programme."""
    if fields.get("programme") is not None and fields["programme"].organisation_id != organisation.pk:
        raise ValidationError({"programme": "Choose one of your own programmes."})
    client = Client(organisation=organisation, **fields)
    return create_audited(instance=client, action="people.client.created", audit_fields=CLIENT_FIELDS)


def client_update(*, client: Client, expected_version: int, **changes: Any) -> Client:
    update_versioned(
        instance=client, changes=changes, expected_version=expected_version, action="people.client.changed"
    )
    return client


def client_status_set(*, client: Client, status: str, programme: Programme | None = None) -> Client:
    """The one way a client's status (waiting, matched, ended, withdrawn) changes.

    Journeys calls it as relationships start, end and are put back, so the status always follows
    the relationships. It bumps the version and audits, so an edit form opened before the change
    is refused as stale instead of quietly putting the old status back.
    """
    with transaction.atomic():
        stored = Client.with_archived.select_for_update().get(pk=client.pk)
        changes: dict[str, Any] = {"status": status}
        if programme is not None and programme.pk != stored.programme_id:
            changes["programme"] = programme
        if stored.status == status and "programme" not in changes:
            return client
        update_versioned(
            instance=client, changes=changes, expected_version=stored.version, action="people.client.status_changed"
        )
    return client


def client_withdraw(*, client: Client, expected_version: int) -> Client:
    """Take a client off the waiting list because they no longer want a coach. Refused while
    they work with one: ending that relationship records why, and sets their status itself."""
    if client.status == Client.Status.MATCHED:
        raise ValidationError(f"{client} is working with a coach. End the relationship instead.")
    update_versioned(
        instance=client,
        changes={"status": Client.Status.WITHDRAWN},
        expected_version=expected_version,
        action="people.client.status_changed",
    )
    return client


def client_rejoin_waiting_list(*, client: Client, expected_version: int) -> Client:
    """Put a client who withdrew or finished back on the waiting list for a coach."""
    if client.status not in (Client.Status.WITHDRAWN, Client.Status.ENDED):
        raise ValidationError(f"{client} is already waiting or working with a coach.")
    update_versioned(
        instance=client,
        changes={"status": Client.Status.WAITING},
        expected_version=expected_version,
        action="people.client.status_changed",
    )
    return client


def client_archive(*, client: Client) -> Client:
    """Archive a client: hidden from lists, matching and counts, everything about them kept.

    Refused, with every reason, while a registered guard objects (an open safeguarding concern, an
    unresolved safety alert, a relationship still open). Their sign-in stops working. Only the
    erasure and retention process ever deletes a person.
    """
    return _archive(client, action="people.client.archived")


def client_restore(*, client: Client) -> Client:
    return _restore(client, action="people.client.restored")


def client_viewed(*, client: Client) -> None:
    audit.record(action="people.client.viewed", organisation=client.organisation, obj=client)


def clients_listed(*, user: User, filters: dict[str, Any], rows: int, total: int) -> None:
    """A page of the client list was read: one entry with the filter and the rows, as for the API's list."""
    audit.listed(
        action="people.client.listed", organisation_id=user.organisation_id, filters=filters, rows=rows, total=total
    )


def coach_viewed(*, coach: Coach) -> None:
    audit.record(action="people.coach.viewed", organisation=coach.organisation, obj=coach)


def coach_create(*, organisation: Organisation, **fields: Any) -> Coach:
    coach = Coach(organisation=organisation, **fields)
    return create_audited(instance=coach, action="people.coach.created", audit_fields=COACH_FIELDS)


def coach_away_reasons(coach: Coach, status: str) -> list[str]:
    """Why `coach` cannot be given `status` now (empty when they can): only going away is guarded."""
    if status not in (Coach.Status.LEFT, Coach.Status.PAUSED):
        return []
    return [reason for guard in registry.contributions(COACH_AWAY_GUARDS) for reason in guard(coach, status)]


def _check_away(coach: Coach, status: str, *, field: str | None = None) -> None:
    stored = Coach.with_archived.filter(pk=coach.pk).values_list("status", flat=True).first()
    if stored == status:
        return
    reasons = coach_away_reasons(coach, status)
    if reasons:
        raise ValidationError({field: reasons} if field else reasons)


def coach_update(*, coach: Coach, expected_version: int, **changes: Any) -> Coach:
    """Change a coach's record. Refused, with every reason, when it would set them to "Left" or
    "Taking a break" while clients still work with them."""
    with transaction.atomic():
        if "status" in changes:
            _check_away(coach, changes["status"], field="status")
        update_versioned(
            instance=coach, changes=changes, expected_version=expected_version, action="people.coach.changed"
        )
    return coach


def coach_status_set(*, coach: Coach, status: str) -> Coach:
    """Change a coach's status for another app (recruitment moving them to paused or left):
    versioned and audited, so an edit form opened before the change is refused as stale. Refused
    like `coach_update` while clients still work with them."""
    with transaction.atomic():
        stored = Coach.with_archived.select_for_update().get(pk=coach.pk)
        if stored.status != status:
            _check_away(coach, status)
            update_versioned(
                instance=coach,
                changes={"status": status},
                expected_version=stored.version,
                action="people.coach.status_changed",
            )
    return coach


def coach_break_start(*, coach: Coach, starts_on, returns_on, reason: str) -> CoachBreak:
    """Record a coach's break and set them to "Taking a break". The break ends by itself on its
    return date (coach_breaks_finish). Refused while a client still works with them unpaused: the
    leaving and break page pauses, hands over or ends each relationship in the same transaction."""
    today = timezone.localdate()
    if starts_on > today:
        raise ValidationError({"starts_on": "Record a break on the day it starts, or after it has started."})
    if returns_on <= max(starts_on, today - datetime.timedelta(days=1)):
        raise ValidationError({"returns_on": "The return date must be after the start and not in the past."})
    with transaction.atomic():
        if CoachBreak.objects.filter(coach=coach, ended_on__isnull=True).exists():
            raise ValidationError(f"{coach} is already on a break.")
        coach_break = CoachBreak(
            organisation=coach.organisation,
            coach=coach,
            starts_on=starts_on,
            returns_on=returns_on,
            reason=reason,
            by=current_user(),
        )
        create_audited(
            instance=coach_break,
            action="people.coach_break.created",
            audit_fields=["coach_id", "starts_on", "returns_on", "reason"],
        )
        coach_status_set(coach=coach, status=Coach.Status.PAUSED)
    return coach_break


def coach_leave(*, coach: Coach) -> Coach:
    """Set a coach to "Left". Refused while any relationship with them is open (even paused); a
    break they were on ends today."""
    with transaction.atomic():
        coach_status_set(coach=coach, status=Coach.Status.LEFT)
        for coach_break in CoachBreak.objects.filter(coach=coach, ended_on__isnull=True):
            _break_end(coach_break, on=max(timezone.localdate(), coach_break.starts_on))
    return coach


def _break_end(coach_break: CoachBreak, *, on) -> None:
    if CoachBreak.objects.filter(pk=coach_break.pk, ended_on__isnull=True).update(
        ended_on=on, updated_at=timezone.now()
    ):
        coach_break.ended_on = on
        audit.record(
            action="people.coach_break.ended",
            organisation=coach_break.organisation,
            obj=coach_break,
            changes={"ended_on": [None, on]},
        )


def coach_break_end(*, coach_break: CoachBreak) -> CoachBreak:
    """End a break early (the coach is back): they are active again from today."""
    with transaction.atomic():
        _break_end(coach_break, on=max(timezone.localdate(), coach_break.starts_on))
        coach = Coach.objects.get(pk=coach_break.coach_id)
        if coach.status == Coach.Status.PAUSED:
            coach_status_set(coach=coach, status=Coach.Status.ACTIVE)
            _coach_back(coach_break)
    return coach_break


def _coach_back(coach_break: CoachBreak) -> None:
    for listener in registry.contributions(COACH_BACK):
        listener(coach_break=coach_break)


def coach_breaks_finish(*, today=None) -> int:
    """The daily step: every break whose return date has come ends, its coach is active again and
    the relationships paused for it start again (COACH_BACK).
    Finds its work from the dates, so a day it did not run loses nothing. Runs in one organisation's
    scope (people.tasks)."""
    today = today or timezone.localdate()
    finished = 0
    for coach_break in CoachBreak.objects.filter(ended_on__isnull=True, returns_on__lte=today).select_related("coach"):
        with transaction.atomic():
            _break_end(coach_break, on=coach_break.returns_on)
            if coach_break.coach.status == Coach.Status.PAUSED:
                coach_status_set(coach=coach_break.coach, status=Coach.Status.ACTIVE)
                _coach_back(coach_break)
        finished += 1
    return finished


def coach_archive(*, coach: Coach) -> Coach:
    """Archive a coach: out of lists, matching pools and pairing choices, their history kept.
    Refused while they have open relationships or unresolved safety alerts."""
    return _archive(coach, action="people.coach.archived")


def coach_restore(*, coach: Coach) -> Coach:
    return _restore(coach, action="people.coach.restored")


def staff_create(*, organisation: Organisation, username: str, role: str, **fields: Any) -> StaffMember:
    """Create a member of staff and their sign-in; they set a password through the reset email."""
    if role not in {Role.ORG_ADMIN, Role.COORDINATOR, Role.SUPERVISOR, Role.FACILITATOR}:
        raise ValidationError({"role": f"{role} is not a staff role."})
    try:
        with transaction.atomic():
            user = User(
                username=username,
                organisation=organisation,
                role=role,
                email=fields.get("email", ""),
                first_name=fields.get("first_name", ""),
                last_name=fields.get("last_name", ""),
            )
            user.set_unusable_password()
            user.full_clean()
            user.save()
            staff = StaffMember(organisation=organisation, user=user, **fields)
            create_audited(instance=staff, action="people.staff.created", audit_fields=[*STAFF_FIELDS])
            audit.record(
                action="organisations.user.created", organisation=organisation, obj=user, changes={"role": [None, role]}
            )
    except IntegrityError as error:
        raise ValidationError({"username": "That username is taken."}) from error
    from core.emails import send_password_setup

    send_password_setup(user=user)
    return staff


def staff_update(*, staff: StaffMember, expected_version: int, role: str | None = None, **changes: Any) -> StaffMember:
    with transaction.atomic():
        update_versioned(
            instance=staff, changes=changes, expected_version=expected_version, action="people.staff.changed"
        )
        user = staff.user
        user_changes = {k: changes[k] for k in ("first_name", "last_name", "email") if k in changes}
        if role and role != user.role:
            audit.record(
                action="organisations.user.role_changed",
                organisation=staff.organisation,
                obj=user,
                changes={"role": [user.role, role]},
            )
            user_changes["role"] = role
        if user_changes:
            User.objects.filter(pk=user.pk).update(**user_changes)
            for key, value in user_changes.items():
                setattr(user, key, value)
    return staff


def staff_archive(*, staff: StaffMember) -> StaffMember:
    """Archive a member of staff: their sign-in is turned off and their record kept. Nobody can
    archive themselves, so an organisation is never left with no admin by a slip."""
    actor = current_user()
    if actor is not None and actor.pk == staff.user_id:
        raise ValidationError("You cannot archive yourself. Ask another admin.")
    return _archive(staff, action="people.staff.archived")


def staff_restore(*, staff: StaffMember) -> StaffMember:
    return _restore(staff, action="people.staff.restored")


# --- archive and restore, shared by clients, coaches and staff ----------------------------------


def _archive(person, *, action: str):
    model = type(person)
    with transaction.atomic():
        # Lock the row so a concern raised at this moment waits for us, or we see it.
        model.with_archived.select_for_update().filter(pk=person.pk).first()
        if person.archived or model.with_archived.filter(pk=person.pk, archived_at__isnull=False).exists():
            raise ValidationError(f"{person}'s record is already archived.")
        archiving.check(person)
        now = timezone.now()
        changes: dict[str, Any] = {"archived_at": [None, now], "kept": archiving.kept(person)}
        model.with_archived.filter(pk=person.pk).update(archived_at=now, version=F("version") + 1, updated_at=now)
        if person.user_id and User.objects.filter(pk=person.user_id, is_active=True).update(is_active=False):
            changes["sign_in"] = ["enabled", "disabled"]
        audit.record(action=action, organisation=person.organisation, obj=person, changes=changes)
    person.archived_at, person.version = now, person.version + 1
    return person


def _restore(person, *, action: str):
    """Bring an archived record back as it was; a sign-in the archive turned off works again."""
    model = type(person)
    with transaction.atomic():
        now = timezone.now()
        if not model.with_archived.filter(pk=person.pk, archived_at__isnull=False).update(
            archived_at=None, version=F("version") + 1, updated_at=now
        ):
            raise ValidationError(f"{person}'s record is not archived.")
        changes: dict[str, Any] = {"archived_at": [person.archived_at, None]}
        if person.user_id and User.objects.filter(pk=person.user_id, is_active=False).update(is_active=True):
            changes["sign_in"] = ["disabled", "enabled"]
        audit.record(action=action, organisation=person.organisation, obj=person, changes=changes)
    person.archived_at, person.version = None, person.version + 1
    return person


def person_give_sign_in(*, person: Coach | Client, username: str) -> User:
    """Give a coach or client their own sign-in, linked to their record, and email them a link
    to choose a password. Nobody else ever knows their password."""
    from core.emails import send_password_setup

    role = Role.COACH if isinstance(person, Coach) else Role.CLIENT
    if person.user_id:
        raise ValidationError(f"{person} can already sign in.")
    if not person.email:
        raise ValidationError(f"{person} has no email address, so we cannot send them a link.")
    try:
        with transaction.atomic():
            user = User(
                username=username,
                organisation=person.organisation,
                role=role,
                email=person.email,
                first_name=person.first_name,
                last_name=person.last_name,
            )
            user.set_unusable_password()
            user.full_clean()
            user.save()
            type(person).objects.filter(pk=person.pk).update(user=user)
            person.user = user
            audit.record(
                action=f"people.{role}.sign_in_given",
                organisation=person.organisation,
                obj=person,
                changes={"username": [None, username]},
            )
    except IntegrityError as error:
        raise ValidationError({"username": "That username is taken."}) from error
    send_password_setup(user=user)
    return user


# --- a client's home-visit risk assessment ---------------------------------------------------

RISK_FIELDS = [
    "assessed_on",
    "review_by",
    "level",
    "others_present",
    "animals",
    "access",
    "substance_use",
    "history",
    "what_to_do",
]


def risk_assessment_record(*, client: Client, **fields: Any) -> RiskAssessment:
    """Record a client's risk assessment, or its review (a new dated row, so the history stays).
    Without a review date it is due `RiskAssessment.REVIEW_MONTHS` after the assessment."""
    if fields.get("assessed_on") and fields["assessed_on"] > timezone.localdate():
        raise ValidationError({"assessed_on": "The date of the assessment cannot be in the future."})
    if not fields.get("review_by") and fields.get("assessed_on"):
        fields["review_by"] = fields["assessed_on"] + relativedelta(months=RiskAssessment.REVIEW_MONTHS)
    assessment = RiskAssessment(organisation=client.organisation, client=client, by=current_user(), **fields)
    return create_audited(instance=assessment, action="people.risk_assessment.created", audit_fields=RISK_FIELDS)


def risk_assessment_viewed(*, assessment: RiskAssessment) -> None:
    audit.record(action="people.risk_assessment.viewed", organisation=assessment.organisation, obj=assessment)


# --- self-referrals and consent ---------------------------------------------------------------


def self_referral_submit(
    *, programme: Programme, source_hash: str = "", form_token: str, **fields: Any
) -> SelfReferral:
    """Someone asks for a coach on a programme's public form. It waits on the coordinator's list.
    One opening of the form (its token, unique) sends one referral."""
    if Consent.Purpose.STORE not in fields.get("consents", []):
        raise ValidationError("We can only find you a coach if you agree we can keep your details.")
    referral = SelfReferral(
        organisation=programme.organisation,
        programme=programme,
        source_hash=source_hash,
        form_token=form_token,
        **fields,
    )
    try:
        with transaction.atomic():
            referral.full_clean()
            referral.save()
            audit.record(
                action="people.self_referral.created",
                organisation=programme.organisation,
                obj=referral,
                changes={"programme": [None, programme.pk], "consents": [None, referral.consents]},
                actor=None,
            )
    except (IntegrityError, ValidationError) as error:
        if SelfReferral.objects.filter(form_token=form_token).exists():
            raise ValidationError("This form has already been sent. Thank you.") from error
        raise
    return referral


def self_referral_accept(*, referral: SelfReferral) -> Client:
    """Accept a self-referral: the client's record is made from it, on the waiting list of its
    programme, with what they agreed on the form recorded as consents (dated, "on the form")."""
    with transaction.atomic():
        if not SelfReferral.objects.filter(pk=referral.pk, status=SelfReferral.Status.WAITING).update(
            status=SelfReferral.Status.ACCEPTED, decided_at=timezone.now(), decided_by=current_user()
        ):
            raise ValidationError("This self-referral has already been dealt with.")
        sent_on = timezone.localdate(referral.created_at)
        circumstances = referral.circumstances
        client = client_create(
            organisation=referral.organisation,
            first_name=referral.first_name,
            last_name=referral.last_name,
            email=referral.email,
            phone=referral.phone,
            area=referral.area,
            programme=referral.programme,
            referral_source=Client.ReferralSource.SELF,
            referral_date=sent_on,
            consent_given_on=sent_on,
            debt_kinds=referral.debt_kinds,
            debt_amount=referral.debt_amount,
            circumstances=circumstances,
            hopes=referral.hopes,
            availability=referral.availability,
        )
        for purpose in referral.consents:
            consent_record(
                client=client,
                purpose=purpose,
                detail=referral.share_with if purpose == Consent.Purpose.SHARE else "",
                given_on=sent_on,
                how=Consent.How.ONLINE_FORM,
            )
        SelfReferral.objects.filter(pk=referral.pk).update(client=client)
        referral.client, referral.status = client, SelfReferral.Status.ACCEPTED
        audit.record(
            action="people.self_referral.accepted",
            organisation=referral.organisation,
            obj=referral,
            changes={
                "status": [SelfReferral.Status.WAITING, SelfReferral.Status.ACCEPTED],
                "client": [None, client.pk],
            },
        )
    return client


def self_referral_decline(*, referral: SelfReferral) -> SelfReferral:
    with transaction.atomic():
        if not SelfReferral.objects.filter(pk=referral.pk, status=SelfReferral.Status.WAITING).update(
            status=SelfReferral.Status.DECLINED, decided_at=timezone.now(), decided_by=current_user()
        ):
            raise ValidationError("This self-referral has already been dealt with.")
        referral.status = SelfReferral.Status.DECLINED
        audit.record(
            action="people.self_referral.declined",
            organisation=referral.organisation,
            obj=referral,
            changes={"status": [SelfReferral.Status.WAITING, SelfReferral.Status.DECLINED]},
        )
    return referral


def self_referral_viewed(*, referral: SelfReferral) -> None:
    audit.record(action="people.self_referral.viewed", organisation=referral.organisation, obj=referral)


def consent_record(*, client: Client, purpose: str, given_on, how: str, detail: str = "") -> Consent:
    """Record what a client agreed to, when and how."""
    consent = Consent(
        organisation=client.organisation,
        client=client,
        purpose=purpose,
        detail=detail,
        given_on=given_on,
        how=how,
        by=current_user(),
    )
    return create_audited(
        instance=consent, action="people.consent.created", audit_fields=["purpose", "detail", "given_on", "how"]
    )


def consent_withdraw(*, consent: Consent, withdrawn_on, withdrawn_how: str) -> Consent:
    """A client takes back what they agreed. The consent is kept, dated, so the record shows what
    was agreed at any time."""
    if withdrawn_on < consent.given_on:
        raise ValidationError({"withdrawn_on": "It cannot be withdrawn before it was given."})
    with transaction.atomic():
        if not Consent.objects.filter(pk=consent.pk, withdrawn_on__isnull=True).update(
            withdrawn_on=withdrawn_on, withdrawn_how=withdrawn_how, updated_at=timezone.now()
        ):
            raise ValidationError("This consent has already been withdrawn.")
        consent.withdrawn_on, consent.withdrawn_how = withdrawn_on, withdrawn_how
        audit.record(
            action="people.consent.withdrawn",
            organisation=consent.organisation,
            obj=consent,
            changes={"withdrawn_on": [None, withdrawn_on], "withdrawn_how": ["", withdrawn_how]},
        )
    return consent


# --- the professionals around a client -------------------------------------------------------

PROFESSIONAL_FIELDS = Professional.EDITABLE


def professional_add(*, client: Client, **fields: Any) -> Professional:
    professional = Professional(organisation=client.organisation, client=client, **fields)
    return create_audited(instance=professional, action="people.professional.created", audit_fields=PROFESSIONAL_FIELDS)


def professional_update(*, professional: Professional, expected_version: int, **changes: Any) -> Professional:
    update_versioned(
        instance=professional,
        changes=changes,
        expected_version=expected_version,
        action="people.professional.changed",
    )
    return professional


def agency_meeting_record(
    *, client: Client, held_on, summary: str, professionals_present=(), others_present: str = ""
) -> AgencyMeeting:
    """Record a multi-agency meeting about a client and which of the professionals came."""
    if held_on > timezone.localdate():
        raise ValidationError({"held_on": "Record a meeting once it has happened."})
    present = list(professionals_present)
    if any(p.client_id != client.pk for p in present):
        raise ValidationError({"professionals_present": "Choose professionals involved with this client."})
    with transaction.atomic():
        meeting = AgencyMeeting(
            organisation=client.organisation,
            client=client,
            held_on=held_on,
            summary=summary,
            others_present=others_present,
            by=current_user(),
        )
        meeting.full_clean()
        meeting.save()
        meeting.professionals_present.set(present)
        audit.record(
            action="people.agency_meeting.created",
            organisation=client.organisation,
            obj=meeting,
            changes={
                "held_on": [None, held_on],
                "professionals_present": [None, sorted(p.pk for p in present)],
                "others_present": [None, others_present],
            },
        )
    return meeting
