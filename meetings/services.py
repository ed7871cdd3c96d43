"""Meetings and lone-working safety. The sweep is the heart: it finds overdue check-outs and due
escalation steps from the meetings themselves and raises each step once (a unique constraint),
however many workers run and however late the worker starts; anything raised well after it fell
due is marked late, never skipped. Delivering each step is meetings/delivery.py's job: a task per
step, in the alert's own organisation, retried until every channel is sent."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django_scopes import get_scope, scopes_disabled

from core import audit
from core.emails import absolute, enqueue_email
from core.request_context import current_user
from core.services import create_audited, update_versioned
from journeys.models import Relationship
from journeys.services import relationship_met_face_to_face
from organisations.models import User
from people.models import Client, Coach

from . import delivery
from .models import (
    DEFAULT_ACKNOWLEDGE_WITHIN,
    DEFAULT_GRACE,
    DEFAULT_INTERVENTIONS,
    LATE_AFTER,
    Alert,
    Debrief,
    EscalationContact,
    FollowUp,
    HomeAddress,
    Intervention,
    LoneWorkingRule,
    Meeting,
    MeetingParticipant,
    OnCallShift,
    attended_from_outcome,
    coach_part,
    count_engagement,
)


def _rule(programme_id: int | None) -> tuple[datetime.timedelta, datetime.timedelta]:
    rule = LoneWorkingRule.objects.filter(programme_id=programme_id).first() if programme_id else None
    if rule is None:
        return DEFAULT_GRACE, DEFAULT_ACKNOWLEDGE_WITHIN
    return datetime.timedelta(minutes=rule.grace_minutes), datetime.timedelta(minutes=rule.acknowledge_minutes)


def _checkout_due(meeting: Meeting) -> datetime.datetime | None:
    if not meeting.lone_working or meeting.left_at:
        return None
    resolved = Alert.objects.filter(meeting_id=meeting.pk, kind=Alert.Kind.OVERDUE, resolved_at__isnull=False)
    if meeting.pk and resolved.exists():
        # Staff resolved its overdue alert: it waits for no check-out (alert_resolve).
        return None
    grace, _ = _rule(meeting.programme_id)
    return meeting.ends_at + grace


def _check_dates(relationship: Relationship, starts_at: datetime.datetime) -> None:
    day = timezone.localtime(starts_at).date()
    last = relationship.ended_on or relationship.planned_end_on
    if day < relationship.started_on or day > last:
        raise ValidationError(
            {
                "starts_at": f"Choose a date while they work together: {relationship.started_on:%-d %b %Y} "
                f"to {last:%-d %b %Y}."
            }
        )


def ensure_interventions(organisation) -> None:
    """Give the organisation the starting list of things done in meetings, once. Called from
    planning a meeting (a write), so the page that records one only ever reads the list."""
    if not Intervention.objects.filter(organisation=organisation).exists():
        Intervention.objects.bulk_create(
            Intervention(organisation=organisation, name=name) for name in DEFAULT_INTERVENTIONS
        )


def on_call_at(when: datetime.datetime) -> OnCallShift | None:
    """The on-call shift covering a moment (in the current organisation's scope)."""
    return OnCallShift.objects.filter(starts_at__lte=when, ends_at__gt=when).select_related("staff").first()


def meeting_schedule(*, relationship: Relationship, interventions=None, **fields: Any) -> Meeting:
    """Plan a meeting of a relationship, within its dates while it is open. Its participants are
    the relationship's coach (the lone worker if they meet face to face) and client."""
    if not relationship.is_open:
        raise ValidationError("This relationship has ended, so no meetings can be planned.")
    _check_dates(relationship, fields["starts_at"])
    with transaction.atomic():
        ensure_interventions(relationship.organisation)
        meeting = Meeting(
            organisation_id=relationship.organisation_id,
            owner_kind=Meeting.OwnerKind.RELATIONSHIP,
            relationship=relationship,
            programme_id=relationship.programme_id,
            **fields,
        )
        meeting.checkout_due_at = _checkout_due(meeting)
        # Meeting.save() adds the relationship's two people.
        create_audited(instance=meeting, action="meetings.meeting.created", audit_fields=["starts_at", "channel"])
        if interventions:
            meeting.interventions.set(interventions)
        _tell_journeys_if_they_met(meeting)
    return meeting


@dataclass(frozen=True)
class Taking:
    """One person to put in a meeting: a Coach, a Client or a staff User, and as what."""

    person: Any
    part: str = MeetingParticipant.Part.ATTENDEE


def _participant(meeting: Meeting, taking: Taking) -> MeetingParticipant:
    person = taking.person
    if isinstance(person, Coach):
        who = {"coach": person}
    elif isinstance(person, Client):
        who = {"client": person}
    elif isinstance(person, User):
        who = {"user": person}
    else:
        raise TypeError(f"A meeting's participant is a coach, a client or a member of staff, not {person!r}")
    if person.organisation_id != meeting.organisation_id:
        raise ValidationError("Everyone in a meeting must belong to its organisation.")
    return MeetingParticipant(organisation_id=meeting.organisation_id, meeting=meeting, part=taking.part, **who)


def meeting_schedule_for(
    *,
    organisation,
    owner_kind: str,
    participants: list[Taking],
    programme=None,
    interventions=None,
    **fields: Any,
) -> Meeting:
    """Plan a meeting owned by something other than a relationship (a group, a supervision, a
    reciprocal pair, an induction visit), for the areas that own those. Whoever is a lone worker
    is kept safe exactly as a coach in a relationship meeting is: a face-to-face meeting gets a
    check-out time from its programme's rule, and the sweep alerts if nobody checks out.

    The owning area keeps its own link to the meeting returned, and says which staff may see its
    meetings by registering the kind in meetings.owners."""
    if owner_kind == Meeting.OwnerKind.RELATIONSHIP:
        raise ValidationError("Plan a relationship's meetings with meeting_schedule(relationship=...).")
    if not participants:
        raise ValidationError("A meeting needs at least one person in it.")
    with transaction.atomic():
        ensure_interventions(organisation)
        meeting = Meeting(
            organisation_id=organisation.pk,
            owner_kind=owner_kind,
            programme_id=programme.pk if programme else None,
            **fields,
        )
        meeting.checkout_due_at = _checkout_due(meeting)
        create_audited(instance=meeting, action="meetings.meeting.created", audit_fields=["starts_at", "channel"])
        MeetingParticipant.objects.bulk_create([_participant(meeting, taking) for taking in participants])
        if interventions:
            meeting.interventions.set(interventions)
    return meeting


def _sync_relationship_people(meeting: Meeting, changes: dict) -> None:
    """Keep a relationship meeting's two rows true to it when its channel or outcome changes."""
    if meeting.relationship_id is None or not ({"channel", "outcome"} & changes.keys()):
        return
    rows = MeetingParticipant.objects.filter(meeting=meeting)
    rows.filter(coach_id=meeting.relationship.coach_id).update(
        part=coach_part(meeting), attended=attended_from_outcome(meeting.outcome, client=False)
    )
    rows.filter(client_id=meeting.relationship.client_id).update(
        attended=attended_from_outcome(meeting.outcome, client=True)
    )


def _tell_journeys_if_they_met(meeting: Meeting) -> None:
    """A face-to-face meeting that happened clears the programme's "meet in person early on" flag."""
    happened = meeting.outcome in (Meeting.Outcome.ATTENDED, Meeting.Outcome.LATE) or meeting.arrived_at
    if meeting.relationship_id and meeting.channel == Meeting.Channel.FACE_TO_FACE and happened:
        on = timezone.localdate(meeting.arrived_at or meeting.starts_at)
        relationship_met_face_to_face(relationship=meeting.relationship, on=on)


def meeting_update(*, meeting: Meeting, expected_version: int, interventions=None, **changes: Any) -> Meeting:
    if "starts_at" in changes:
        if meeting.relationship_id:
            _check_dates(meeting.relationship, changes["starts_at"])
        if changes["starts_at"] != meeting.starts_at:
            # A moved meeting gets its own reminder for the new time.
            changes["reminded_at"] = None
    with transaction.atomic():
        for name, value in changes.items():
            setattr(meeting, name, value)
        changes["checkout_due_at"] = _checkout_due(meeting)
        update_versioned(
            instance=meeting, changes=changes, expected_version=expected_version, action="meetings.meeting.changed"
        )
        _sync_relationship_people(meeting, changes)
        _tell_journeys_if_they_met(meeting)
        if meeting.relationship_id and {"outcome", "starts_at"} & changes.keys():
            count_engagement(meeting.relationship_id)
        if interventions is not None:
            meeting.interventions.set(interventions)
    return meeting


def meeting_cant_make_it(*, meeting: Meeting, client: Client) -> Meeting:
    """The client says they cannot make a meeting still to come: it is cancelled by the client
    with notice given (versioned and audited as any change is), the trail says who said so, and
    the coach is told by email once this commits and on their home page, to rebook."""
    if meeting.outcome != Meeting.Outcome.SCHEDULED or meeting.starts_at <= timezone.now():
        raise ValidationError("This meeting is no longer planned, so there is nothing to cancel.")
    with transaction.atomic():
        meeting_update(
            meeting=meeting,
            expected_version=meeting.version,
            outcome=Meeting.Outcome.CANCELLED_BY_CLIENT,
            notice_given=True,
        )
        audit.record(action="meetings.meeting.client_cannot_make_it", organisation=meeting.organisation, obj=meeting)
        _tell_coaches_cannot_make_it(meeting, client)
    return meeting


def _tell_coaches_cannot_make_it(meeting: Meeting, client: Client) -> None:
    when = timezone.localtime(meeting.starts_at)
    rebook = (
        reverse("meetings:meeting_create", args=[meeting.relationship_id])
        if meeting.relationship_id
        else reverse("meetings:meeting_detail", args=[meeting.pk])
    )
    for participant in meeting.people():
        coach = participant.coach
        email = coach and (coach.email or (coach.user.email if coach.user_id else ""))
        if not email:
            continue
        enqueue_email(
            subject=f"{client.first_name} can't make your meeting on {when:%a %-d %b}",
            body=(
                f"Hello {coach.first_name},\n\n{client.first_name} has told us they can't make your meeting on "
                f"{when:%A %-d %B at %H:%M}. It is cancelled, so you do not need to go.\n\n"
                f"Book another time with them: {absolute(rebook)}\n"
            ),
            to=[email],
        )


def meeting_arrived(*, meeting: Meeting, at: datetime.datetime | None = None) -> Meeting:
    at = at or timezone.now()
    Meeting.objects.filter(pk=meeting.pk, arrived_at__isnull=True).update(arrived_at=at)
    meeting.refresh_from_db()
    _tell_journeys_if_they_met(meeting)
    audit.record(action="meetings.meeting.arrived", organisation=meeting.organisation, obj=meeting)
    return meeting


def meeting_left(*, meeting: Meeting, at: datetime.datetime | None = None) -> Meeting:
    """ "I've left, I'm safe": stops any escalation still to come."""
    at = at or timezone.now()
    Meeting.objects.filter(pk=meeting.pk, left_at__isnull=True).update(left_at=at, checkout_due_at=None)
    meeting.refresh_from_db()
    audit.record(action="meetings.meeting.left", organisation=meeting.organisation, obj=meeting)
    return meeting


def help_now(*, meeting: Meeting, location: str = "", now: datetime.datetime | None = None) -> Alert:
    """The coach needs help now: raise the alert to the on-call contact and queue its delivery.

    Only the alert is made here (in the coach's request and organisation); the worker sends it
    once this commits, and the sweep sends it if that queued task is ever lost. A second tap
    raises nothing new."""
    now = now or timezone.now()
    shift = on_call_at(now)
    recipient = shift.staff if shift else _escalation_contact(meeting.organisation_id, 0)
    with transaction.atomic():
        Alert.objects.bulk_create(
            [
                Alert(
                    organisation_id=meeting.organisation_id,
                    meeting=meeting,
                    kind=Alert.Kind.HELP,
                    level=0,
                    recipient=recipient,
                    location=location[:200],
                    raised_at=now,
                    due_at=now,
                    # The task queued below delivers it; the sweep steps in only if that is lost.
                    delivery_due_at=now + delivery.CLAIM_TIMEOUT,
                )
            ],
            ignore_conflicts=True,
        )
        alert = Alert.objects.get(meeting=meeting, kind=Alert.Kind.HELP, level=0)
        delivery.queue_delivery(alert.pk, organisation_id=meeting.organisation_id)
    return alert


def alert_acknowledge(*, alert: Alert, by) -> Alert:
    Alert.objects.filter(pk=alert.pk, acknowledged_at__isnull=True).update(
        acknowledged_at=timezone.now(), acknowledged_by=by
    )
    alert.refresh_from_db()
    audit.record(action="meetings.alert.acknowledged", organisation=alert.organisation, obj=alert.meeting)
    return alert


def alert_resolve(*, alert: Alert, by, resolution: str) -> Alert:
    """Resolving closes every step of the same escalation."""
    now = timezone.now()
    with transaction.atomic():
        Alert.objects.filter(meeting=alert.meeting, kind=alert.kind, resolved_at__isnull=True).update(
            resolved_at=now, resolved_by=by, resolution=resolution
        )
        Alert.objects.filter(meeting=alert.meeting, kind=alert.kind, acknowledged_at__isnull=True).update(
            acknowledged_at=now, acknowledged_by=by
        )
        if alert.kind == Alert.Kind.OVERDUE:
            # Staff know the coach is safe: the meeting waits for no check-out, so it leaves the
            # sweep's index (meeting_checkout_open) instead of being read again every minute.
            Meeting.objects.filter(pk=alert.meeting_id, left_at__isnull=True).update(checkout_due_at=None)
        audit.record(
            action="meetings.alert.resolved",
            organisation=alert.organisation,
            obj=alert.meeting,
            changes={"resolution": [None, resolution]},
        )
    alert.refresh_from_db()
    return alert


# --- the sweep -------------------------------------------------------------------------------


def _escalation_contact(organisation_id: int, index: int):
    contact = (
        EscalationContact.objects.filter(organisation_id=organisation_id).select_related("staff").order_by("position")
    )[index : index + 1]
    contact = list(contact)
    return contact[0].staff if contact else None


def sweep(*, now: datetime.datetime | None = None) -> dict[str, int]:
    """Find, across every organisation, which ones have an alert step due (an overdue check-out
    not yet alerted, or a step whose window has passed unacknowledged), in one query over the
    few rows still in play; hand each of those organisations to its own task, which raises the
    steps inside its scope; then queue again every step whose delivery is still owed.

    The finding reads only ids; nothing of an organisation is read or written outside its own
    scope. Runs in the worker only, never in a web request. Returns how many organisations were
    handed work, and how many steps were raised and deliveries queued by the tasks that have
    finished when it returns (all of them where tasks run at once, as in the tests and the demo;
    with a worker queue they run moments later) plus the deliveries this sweep queued again."""
    from django_tasks import TaskResultStatus

    from .tasks import raise_alerts

    now = now or timezone.now()
    with scopes_disabled():
        organisations = organisations_with_steps_due(now)
    raised = queued = 0
    for organisation_id in organisations:
        result = raise_alerts.enqueue(organisation_id=organisation_id, now=now.isoformat())
        if result.status == TaskResultStatus.SUCCESSFUL:
            raised += result.return_value["raised"]
            queued += result.return_value["queued"]
    queued += delivery.queue_due(now=now)
    return {"organisations": len(organisations), "raised": raised, "queued": queued}


def _overdue_unalerted(now: datetime.datetime):
    """Meetings whose check-out is overdue and that have no first alert yet. The partial index
    meeting_checkout_open holds only meetings still waiting for a check-out (left and resolved
    ones drop out of it), so this reads the same few rows however much history there is."""
    already = Alert.objects.filter(meeting=OuterRef("pk"), kind=Alert.Kind.OVERDUE, level=0)
    return (
        Meeting.objects.filter(checkout_due_at__lte=now, left_at__isnull=True)
        .exclude(outcome__in=Meeting.CANCELLED)
        .filter(~Exists(already))
    )


def _waiting_for_next_step(now: datetime.datetime | None = None):
    """Steps nobody has acknowledged and no next step follows yet (the partial index
    alert_awaiting_acknowledgement: acknowledged and resolved steps are not in it). With `now`,
    only those older than the shortest acknowledgement window any programme has."""
    next_step = Alert.objects.filter(meeting=OuterRef("meeting"), kind=OuterRef("kind"), level=OuterRef("level") + 1)
    waiting = Alert.objects.filter(acknowledged_at__isnull=True, resolved_at__isnull=True).filter(~Exists(next_step))
    if now is not None:
        windows = LoneWorkingRule.objects.values_list("acknowledge_minutes", flat=True)
        shortest = min([DEFAULT_ACKNOWLEDGE_WITHIN] + [datetime.timedelta(minutes=m) for m in windows])
        waiting = waiting.filter(raised_at__lte=now - shortest)
    return waiting


def organisations_with_steps_due(now: datetime.datetime) -> list[int]:
    """The organisations with an overdue check-out to alert or a step that may be due to escalate:
    one query (a union of two index reads). A step whose programme allows longer is found too and
    its organisation's task finds it is not due yet; a found organisation costs one small task."""
    overdue = _overdue_unalerted(now).order_by().values_list("organisation_id")
    escalating = _waiting_for_next_step(now).order_by().values_list("organisation_id")
    return sorted({organisation_id for (organisation_id,) in overdue.union(escalating)})


def alerts_raise(*, now: datetime.datetime) -> dict[str, int]:
    """Raise every step due in the current organisation's scope (the raise_alerts task enters
    it) and queue the delivery of each, in this organisation, once the inserts commit.

    Idempotent and safe to run concurrently: each step is an insert that the unique constraint on
    (meeting, kind, level) lets only one run make, and each delivery is claimed by its task."""
    chain = _escalation_list()
    with transaction.atomic():
        raised = _raise_overdue(now, chain) + _escalate(now, chain)
    queued = delivery.queue_due(now=now, organisation_id=get_scope()["organisation"])
    return {"raised": raised, "queued": queued}


def _on_call_staff(now: datetime.datetime):
    shift = OnCallShift.objects.filter(starts_at__lte=now, ends_at__gt=now).select_related("staff").first()
    return shift.staff if shift else None


def _escalation_list() -> list:
    return [contact.staff for contact in EscalationContact.objects.select_related("staff").order_by("position")]


def _raise_overdue(now: datetime.datetime, chain: list) -> int:
    due = list(_overdue_unalerted(now).values_list("pk", "organisation_id", "checkout_due_at"))
    if not due:
        return 0
    recipient = _on_call_staff(now) or (chain[0] if chain else None)
    alerts = [
        Alert(
            organisation_id=organisation_id,
            meeting_id=meeting_id,
            kind=Alert.Kind.OVERDUE,
            level=0,
            recipient=recipient,
            raised_at=now,
            due_at=due_at,
            raised_late=now - due_at > LATE_AFTER,
            delivery_due_at=now,
        )
        for meeting_id, organisation_id, due_at in due
    ]
    Alert.objects.bulk_create(alerts, ignore_conflicts=True, batch_size=500)
    return len(alerts)


def _escalate(now: datetime.datetime, chain: list) -> int:
    """Each unacknowledged step older than its programme's window raises the next step, to the
    first person on the organisation's escalation list not yet alerted in this escalation (the
    on-call contact may well be on the list too), until the list runs out."""
    # Only steps older than the shortest window: one just raised has nothing to escalate yet.
    waiting = list(_waiting_for_next_step(now).select_related("meeting"))
    if not waiting:
        return 0
    rules = {rule.programme_id: rule for rule in LoneWorkingRule.objects.all()}
    alerted: dict[tuple[int, str], set[int]] = {}
    # Read from the meetings (by primary key), then their alerts by meeting: asked of the alerts
    # in a scope, the planner would walk every alert the organisation ever had.
    steps = Meeting.objects.filter(pk__in={alert.meeting_id for alert in waiting}, alerts__isnull=False)
    for meeting_id, kind, recipient_id in steps.order_by().values_list("pk", "alerts__kind", "alerts__recipient_id"):
        alerted.setdefault((meeting_id, kind), set()).add(recipient_id)
    new = []
    for alert in waiting:
        meeting = alert.meeting
        if alert.kind == Alert.Kind.OVERDUE and meeting.left_at is not None:
            continue
        rule = rules.get(meeting.programme_id)
        window = datetime.timedelta(minutes=rule.acknowledge_minutes) if rule else DEFAULT_ACKNOWLEDGE_WITHIN
        due_at = alert.raised_at + window
        if due_at > now:
            continue
        already = alerted.get((alert.meeting_id, alert.kind), set())
        recipient = next((person for person in chain if person.pk not in already), None)
        if recipient is None:
            continue
        new.append(
            Alert(
                organisation_id=alert.organisation_id,
                meeting_id=alert.meeting_id,
                kind=alert.kind,
                level=alert.level + 1,
                recipient=recipient,
                location=alert.location,
                raised_at=now,
                due_at=due_at,
                raised_late=now - due_at > LATE_AFTER,
                delivery_due_at=now,
            )
        )
    Alert.objects.bulk_create(new, ignore_conflicts=True, batch_size=500)
    return len(new)


# --- rota ------------------------------------------------------------------------------------


def shift_add(*, organisation, staff, starts_at, ends_at, phone: str) -> OnCallShift:
    if ends_at <= starts_at:
        raise ValidationError({"ends_at": "The shift must end after it starts."})
    return create_audited(
        instance=OnCallShift(organisation=organisation, staff=staff, starts_at=starts_at, ends_at=ends_at, phone=phone),
        action="meetings.on_call.added",
        audit_fields=["staff", "starts_at", "ends_at"],
    )


def escalation_add(*, organisation, staff, phone: str) -> EscalationContact:
    if EscalationContact.objects.filter(staff=staff).exists():
        raise ValidationError({"staff": f"{staff.display_name()} is already on the list."})
    last = EscalationContact.objects.order_by("-position").values_list("position", flat=True).first()
    return create_audited(
        instance=EscalationContact(
            organisation=organisation, staff=staff, phone=phone, position=0 if last is None else last + 1
        ),
        action="meetings.escalation.added",
        audit_fields=["staff", "position"],
    )


# --- debriefs --------------------------------------------------------------------------------


def debrief_record(*, meeting: Meeting, feeling: str, worries: str = "", call_me: bool = False) -> Debrief:
    """Record the coach's debrief; "call me" creates a follow-up for the supervisors."""
    if Debrief.objects.filter(meeting=meeting).exists():
        raise ValidationError("You have already done the debrief for this meeting. Thank you.")
    with transaction.atomic():
        debrief = create_audited(
            instance=Debrief(
                organisation_id=meeting.organisation_id,
                meeting=meeting,
                feeling=feeling,
                worries=worries,
                call_me=call_me,
            ),
            action="meetings.debrief.recorded",
            audit_fields=["feeling", "call_me"],
        )
        coach = _debriefing_coach(meeting)
        if call_me and coach is not None:
            FollowUp.objects.create(organisation_id=meeting.organisation_id, debrief=debrief, coach=coach)
    return debrief


def _debriefing_coach(meeting: Meeting):
    """The coach who asked for the call: the one doing the debrief if they are in the meeting,
    else its first lone worker who is a coach (the debrief is the lone worker's)."""
    actor = current_user()
    coaches = [p.coach for p in meeting.workers() if p.coach_id]
    coaches = coaches or [p.coach for p in meeting.people() if p.coach_id]
    mine = [coach for coach in coaches if actor is not None and coach.user_id == actor.pk]
    return (mine or coaches or [None])[0]


def follow_up_done(*, follow_up: FollowUp, by, note: str = "") -> FollowUp:
    FollowUp.objects.filter(pk=follow_up.pk, done_at__isnull=True).update(done_at=timezone.now(), done_by=by, note=note)
    follow_up.refresh_from_db()
    audit.record(action="meetings.follow_up.done", organisation=follow_up.organisation, obj=follow_up.coach)
    return follow_up


def home_address_set(*, client: Client, address: str) -> HomeAddress:
    """Keep (or change, or clear with an empty address) the address held for a client's home
    visits. The trail says it changed, never what it says."""
    with transaction.atomic():
        if not address.strip():
            HomeAddress.objects.filter(client=client).delete()
            held = HomeAddress(organisation_id=client.organisation_id, client=client, address="")
        else:
            held, _ = HomeAddress.objects.update_or_create(
                client=client, defaults={"organisation_id": client.organisation_id, "address": address.strip()}
            )
        audit.record(action="meetings.home_address.changed", organisation=client.organisation, obj=client)
    return held


def reminders_set(*, person, wanted: bool):
    """A coach or client turns their day-before reminders on or off (audited on their record)."""
    kind = type(person).__name__.lower()
    update_versioned(
        instance=person,
        changes={"meeting_reminders": wanted},
        expected_version=person.version,
        action=f"people.{kind}.changed",
    )
    return person
