from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from encrypted_fields.fields import EncryptedCharField

from core.models import OrganisationOwned, Versioned

DEFAULT_GRACE = datetime.timedelta(minutes=30)
DEFAULT_ACKNOWLEDGE_WITHIN = datetime.timedelta(minutes=15)


class Intervention(OrganisationOwned):
    """Something done in a meeting, from the organisation's list, so the service learns what works."""

    name = models.CharField(max_length=100)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["organisation", "name"], name="intervention_name_unique")]

    def __str__(self) -> str:
        return self.name


DEFAULT_INTERVENTIONS = [
    "Appointment support",
    "Prison or hospital visit",
    "Advocacy",
    "Bank account",
    "Benefits",
    "Housing search",
    "Budgeting",
    "Creditor contact",
    "Training or learning",
    "Social activity",
]


class LoneWorkingRule(OrganisationOwned):
    """How long after a face-to-face meeting's expected end Alongside waits for "I've left"
    before it alerts the on-call contact, and how long each contact has to acknowledge."""

    programme = models.OneToOneField("organisations.Programme", on_delete=models.CASCADE, related_name="lone_working")
    grace_minutes = models.PositiveSmallIntegerField("Minutes to wait after the expected end", default=30)
    acknowledge_minutes = models.PositiveSmallIntegerField("Minutes each contact has to acknowledge", default=15)


class Meeting(OrganisationOwned, Versioned):
    class Channel(models.TextChoices):
        FACE_TO_FACE = "face_to_face", "Face to face"
        PHONE = "phone", "Phone"
        VIDEO = "video", "Video"
        MESSAGE = "message", "Message"

    class Place(models.TextChoices):
        PUBLIC = "public", "Public place (café, library)"
        HOME = "home", "Client's home"
        OFFICE = "office", "Office"
        OTHER = "other", "Somewhere else"

    class Outcome(models.TextChoices):
        SCHEDULED = "scheduled", "Planned"
        ATTENDED = "attended", "Happened"
        LATE = "late", "Happened, started late"
        CANCELLED_BY_CLIENT = "cancelled_client", "Cancelled by the client"
        CANCELLED_BY_COACH = "cancelled_coach", "Cancelled by the coach"
        DID_NOT_ATTEND = "did_not_attend", "Client did not come"
        CANCELLED_ENDED = "cancelled_ended", "Cancelled: they stopped working together"

    CANCELLED = (Outcome.CANCELLED_BY_CLIENT, Outcome.CANCELLED_BY_COACH, Outcome.CANCELLED_ENDED)
    # What the staff home's "clients who have stopped coming" counts (count_engagement).
    HAPPENED = (Outcome.ATTENDED, Outcome.LATE)
    MISSED = (Outcome.DID_NOT_ATTEND, Outcome.CANCELLED_BY_CLIENT)

    class OwnerKind(models.TextChoices):
        """What a meeting belongs to. Only `relationship` is in use today. The others are declared
        now so the next areas need no change here to use them. Groups, supervision and reciprocal
        pairs sit above meetings in the layer order, so their apps keep the link themselves (say,
        `GroupSession.meeting`, a OneToOneField to Meeting) and call `owners.register(kind, ...)`
        from their AppConfig.ready() to say which staff may see those meetings. A kind nobody has
        registered is seen only by its participants. Adding a kind adds it here: a choices-only
        migration."""

        RELATIONSHIP = "relationship", "A one-to-one relationship"
        GROUP = "group", "A group session"
        SUPERVISION = "supervision", "A supervision session"
        RECIPROCAL_PAIR = "reciprocal_pair", "A reciprocal peer session"
        INDUCTION = "induction", "An induction visit"

    owner_kind = models.CharField(max_length=20, choices=OwnerKind.choices, default=OwnerKind.RELATIONSHIP)
    # PROTECT: a meeting holds lone-working history (alerts, who was told); only erasure deletes it.
    # Set exactly when the owner is a relationship (a check constraint).
    relationship = models.ForeignKey(
        "journeys.Relationship", null=True, blank=True, on_delete=models.PROTECT, related_name="meetings"
    )
    # The programme it is part of: its lone-working rule and its reports. A relationship meeting
    # takes its relationship's; empty only for a meeting outside every programme. No reverse name:
    # organisations sits below meetings and must not walk up into it.
    programme = models.ForeignKey(
        "organisations.Programme", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    starts_at = models.DateTimeField("Date and time")
    expected_minutes = models.PositiveSmallIntegerField("Expected length (minutes)", default=60)
    channel = models.CharField(max_length=20, choices=Channel.choices, default=Channel.FACE_TO_FACE)
    place_kind = models.CharField("Where", max_length=20, choices=Place.choices, blank=True)
    place = models.CharField("Place (name or address)", max_length=200, blank=True)
    with_staff = models.BooleanField("A staff worker came too", default=False)
    outcome = models.CharField(max_length=20, choices=Outcome.choices, default=Outcome.SCHEDULED)
    notice_given = models.BooleanField("Notice was given", default=False)
    notes = models.TextField(blank=True, max_length=5000)
    interventions = models.ManyToManyField(Intervention, blank=True, related_name="meetings")
    # Lone working: the coach's taps, and when an overdue check-out becomes an alert.
    arrived_at = models.DateTimeField(null=True, blank=True)
    left_at = models.DateTimeField(null=True, blank=True)
    # Cleared by "I've left" and by staff resolving the overdue alert, so only meetings still
    # waiting for a check-out carry one (and sit in the sweep's partial index).
    checkout_due_at = models.DateTimeField(null=True, blank=True)
    # When the day-before reminder was claimed and sent; cleared when the meeting moves.
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-starts_at"]
        indexes = [
            # The sweep's overdue query and the coach's "not checked out" reads: only meetings still
            # waiting for a check-out, however many past meetings there are.
            models.Index(
                fields=["checkout_due_at"],
                condition=Q(left_at__isnull=True, checkout_due_at__isnull=False),
                name="meeting_checkout_open",
            ),
            # The same inside one organisation's scope (its task, the coach's home): led by the
            # organisation, or the planner takes the plain organisation index and reads all history.
            models.Index(
                fields=["organisation", "checkout_due_at"],
                condition=Q(left_at__isnull=True, checkout_due_at__isnull=False),
                name="meeting_checkout_open_org",
            ),
        ]
        constraints = [
            models.CheckConstraint(name="meeting_has_a_length", condition=Q(expected_minutes__gte=5)),
            models.CheckConstraint(
                name="meeting_face_to_face_has_a_place", condition=~Q(channel="face_to_face") | ~Q(place_kind="")
            ),
            models.CheckConstraint(
                name="meeting_relationship_iff_owned_by_one",
                condition=Q(owner_kind="relationship", relationship__isnull=False)
                | (~Q(owner_kind="relationship") & Q(relationship__isnull=True)),
            ),
        ]

    def __str__(self) -> str:
        return f"Meeting on {self.starts_at:%d %b %Y %H:%M}"

    def save(self, *args, **kwargs) -> None:
        # However a relationship meeting is made (the planning service, the demo, an import, a
        # test), it gets its programme and its two people, so nothing keyed on participants
        # (safety alerts, reminders, calendars, access) ever misses one.
        adding = self._state.adding
        if self.relationship_id and self.programme_id is None:
            self.programme_id = self.relationship.programme_id
        with transaction.atomic():
            super().save(*args, **kwargs)
            if adding and self.relationship_id:
                MeetingParticipant.objects.bulk_create(relationship_participants(self))
            if self.relationship_id:
                count_engagement(self.relationship_id)

    def delete(self, *args, **kwargs):
        with transaction.atomic():
            deleted = super().delete(*args, **kwargs)
            if self.relationship_id:
                count_engagement(self.relationship_id)
        return deleted

    @property
    def lone_working(self) -> bool:
        return self.channel == self.Channel.FACE_TO_FACE and self.outcome not in self.CANCELLED

    def people(self) -> list[MeetingParticipant]:
        """Everyone in the meeting, lone workers first (uses the prefetched participants)."""
        return sorted(self.participants.all(), key=lambda p: (p.part != MeetingParticipant.Part.LONE_WORKER, p.pk))

    def workers(self) -> list[MeetingParticipant]:
        """Who staff must make sure is safe: the lone workers or, in a meeting that is not face
        to face (where "help now" can still be asked for), the coaches and staff in it."""
        people = self.people()
        lone = [p for p in people if p.part == MeetingParticipant.Part.LONE_WORKER]
        return lone or [p for p in people if p.client_id is None]

    def others(self) -> list[MeetingParticipant]:
        """Everyone the workers were meeting."""
        workers = {p.pk for p in self.workers()}
        return [p for p in self.people() if p.pk not in workers]

    def worker_names(self) -> str:
        return _and([p.name for p in self.workers()]) or "someone"

    def other_first_names(self) -> str:
        return _and([p.first_name for p in self.others()]) or "nobody else"

    @property
    def ends_at(self) -> datetime.datetime:
        return self.starts_at + datetime.timedelta(minutes=self.expected_minutes)

    @property
    def in_progress(self) -> bool:
        return self.arrived_at is not None and self.left_at is None


def _and(names: list[str]) -> str:
    """ "Sam", "Sam and Jade", "Sam, Jade and Ali"."""
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1] if names else ""


class MeetingParticipant(OrganisationOwned):
    """One person in a meeting: a coach, a client or a member of staff (exactly one is set), what
    they were there as, and whether they came. Safety alerts, reminders, calendar feeds and who may
    see a meeting all key on these rows, not on what owns the meeting."""

    class Part(models.TextChoices):
        LONE_WORKER = "lone_worker", "Lone worker"
        ATTENDEE = "attendee", "Attendee"
        FACILITATOR = "facilitator", "Facilitator"

    class Attended(models.TextChoices):
        YES = "yes", "Came"
        NO = "no", "Did not come"
        UNKNOWN = "unknown", "Not recorded"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="participants")
    # PROTECT: who was at a meeting is lone-working history; archive people, never delete them.
    coach = models.ForeignKey(
        "people.Coach", null=True, blank=True, on_delete=models.PROTECT, related_name="meeting_places"
    )
    client = models.ForeignKey(
        "people.Client", null=True, blank=True, on_delete=models.PROTECT, related_name="meeting_places"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="meeting_places"
    )
    # What they were there as ("part", not "role": a role is what a user may do in Alongside).
    part = models.CharField(max_length=20, choices=Part.choices, default=Part.ATTENDEE)
    attended = models.CharField(max_length=10, choices=Attended.choices, default=Attended.UNKNOWN)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                name="participant_is_one_person",
                condition=Q(coach__isnull=False, client__isnull=True, user__isnull=True)
                | Q(coach__isnull=True, client__isnull=False, user__isnull=True)
                | Q(coach__isnull=True, client__isnull=True, user__isnull=False),
            ),
            models.UniqueConstraint(fields=["meeting", "coach"], name="participant_coach_once"),
            models.UniqueConstraint(fields=["meeting", "client"], name="participant_client_once"),
            models.UniqueConstraint(fields=["meeting", "user"], name="participant_user_once"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def person(self):
        """The Coach, the Client or the staff User."""
        return self.coach or self.client or self.user

    @property
    def name(self) -> str:
        return self.user.display_name() if self.user_id else str(self.person)

    @property
    def first_name(self) -> str:
        if self.user_id:
            return self.user.first_name or self.user.display_name()
        return self.person.first_name

    @property
    def phone(self) -> str:
        if self.user_id:
            staff = getattr(self.user, "staff_profile", None)
            return staff.phone if staff else ""
        return self.person.phone

    @property
    def sign_in_id(self) -> int | None:
        """The user account of this person, if they have one."""
        return self.user_id or self.person.user_id


def attended_from_outcome(outcome: str, *, client: bool) -> str:
    """What a relationship meeting's recorded outcome says about whether each side came."""
    if outcome in (Meeting.Outcome.ATTENDED, Meeting.Outcome.LATE):
        return MeetingParticipant.Attended.YES
    if outcome in Meeting.CANCELLED:
        return MeetingParticipant.Attended.NO
    if outcome == Meeting.Outcome.DID_NOT_ATTEND:
        return MeetingParticipant.Attended.NO if client else MeetingParticipant.Attended.YES
    return MeetingParticipant.Attended.UNKNOWN


def count_engagement(relationship_id: int) -> None:
    """Count again when the relationship's last meeting that happened began and how many the
    client has missed or cancelled since, and store both on the relationship (journeys keeps
    them; see Relationship.last_met_at). Called whenever a relationship meeting is saved, by
    Meeting.save() and by the services' conditional updates."""
    from journeys.services import relationship_engagement_counted

    meetings = Meeting._base_manager.filter(relationship_id=relationship_id)
    last = meetings.aggregate(last=models.Max("starts_at", filter=Q(outcome__in=Meeting.HAPPENED)))["last"]
    missed = meetings.filter(outcome__in=Meeting.MISSED)
    if last is not None:
        missed = missed.filter(starts_at__gt=last)
    relationship_engagement_counted(relationship_id=relationship_id, last_met_at=last, missed_in_a_row=missed.count())


def coach_part(meeting: Meeting) -> str:
    """A relationship meeting's coach is its lone worker when they meet face to face."""
    face_to_face = meeting.channel == Meeting.Channel.FACE_TO_FACE
    return MeetingParticipant.Part.LONE_WORKER if face_to_face else MeetingParticipant.Part.ATTENDEE


def relationship_participants(meeting: Meeting) -> list[MeetingParticipant]:
    relationship = meeting.relationship
    common = {"organisation_id": meeting.organisation_id, "meeting": meeting}
    return [
        MeetingParticipant(
            **common,
            coach_id=relationship.coach_id,
            part=coach_part(meeting),
            attended=attended_from_outcome(meeting.outcome, client=False),
        ),
        MeetingParticipant(
            **common,
            client_id=relationship.client_id,
            part=MeetingParticipant.Part.ATTENDEE,
            attended=attended_from_outcome(meeting.outcome, client=True),
        ),
    ]


class OnCallShift(OrganisationOwned):
    """Who staff can reach during meetings in this time. Out-of-hours shifts are shifts too."""

    staff = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="on_call_shifts")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    phone = models.CharField("Phone to call during the shift", max_length=30)

    class Meta:
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(name="shift_ends_after_it_starts", condition=Q(ends_at__gt=models.F("starts_at")))
        ]

    def __str__(self) -> str:
        return f"{self.staff} on call {self.starts_at:%d %b %H:%M}–{self.ends_at:%H:%M}"


class EscalationContact(OrganisationOwned):
    """The people, in order, who are alerted when the on-call contact has not acknowledged."""

    staff = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    position = models.PositiveSmallIntegerField()
    phone = models.CharField(max_length=30)

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "position"], name="escalation_position_unique"),
            models.UniqueConstraint(fields=["organisation", "staff"], name="escalation_person_once"),
        ]


# An alert raised this long after it fell due is marked "raised late" (the sweep runs every minute,
# so only a worker or scheduler that was down makes it later than this).
LATE_AFTER = datetime.timedelta(minutes=5)


class Alert(OrganisationOwned):
    """One step of an escalation, sent to one person, and shown once in the product. The unique
    (meeting, kind, level) means however many sweeps run at once, only one creates a step.

    Delivering it is separate (meetings/delivery.py): a task claims the step, sends each channel
    and records each channel in an AlertDelivery; until `delivered_at` is set, the sweep queues
    the step again whenever `delivery_due_at` passes, so a step is delivered at least once."""

    class Kind(models.TextChoices):
        OVERDUE = "overdue", "No check-out after the meeting"
        HELP = "help", "Asked for help now"

    # PROTECT: an alert is safeguarding history; deleting its meeting must not erase it.
    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="alerts")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    level = models.PositiveSmallIntegerField(help_text="0 is the on-call contact, then the escalation list in order")
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    location = models.CharField("Location the coach chose to share", max_length=200, blank=True)
    # When the sweep raised it (the sweep's clock, so escalation windows are measured from here).
    raised_at = models.DateTimeField(default=timezone.now)
    # When it fell due (the check-out time, or the end of the previous step's window); a step
    # raised more than LATE_AFTER after that is marked late, so staff know it waited.
    due_at = models.DateTimeField(null=True, blank=True)
    raised_late = models.BooleanField(default=False)
    # Delivery: every channel sent (or none to send on). Until then the step is still owed.
    delivered_at = models.DateTimeField(null=True, blank=True)
    # When the sweep should queue delivery again if it has not happened by then: raising sets it
    # to now, a claim to a minute on, a failure to a capped backoff.
    delivery_due_at = models.DateTimeField(null=True, blank=True, default=timezone.now)
    # The worker delivering it now (a conditional update): one sender at a time; a claim older
    # than a minute is a worker that died, and another may take the step over.
    claim = models.CharField(max_length=36, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    delivery_attempts = models.PositiveSmallIntegerField(default=0)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    resolution = models.TextField(blank=True, max_length=2000)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "kind", "level"], name="alert_step_sent_once"),
        ]
        indexes = [
            # The sweep's two due queries, each over the few rows still in play.
            models.Index(
                fields=["delivery_due_at"], condition=Q(delivered_at__isnull=True), name="alert_delivery_owed"
            ),
            models.Index(
                fields=["raised_at"],
                condition=Q(acknowledged_at__isnull=True, resolved_at__isnull=True),
                name="alert_awaiting_acknowledgement",
            ),
            # The same two inside one organisation's scope (its raise_alerts task), led by the
            # organisation so the planner never prefers the plain organisation index over them.
            models.Index(
                fields=["organisation", "delivery_due_at"],
                condition=Q(delivered_at__isnull=True),
                name="alert_delivery_owed_org",
            ),
            models.Index(
                fields=["organisation", "raised_at"],
                condition=Q(acknowledged_at__isnull=True, resolved_at__isnull=True),
                name="alert_awaiting_ack_org",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.meeting})"


class AlertDelivery(OrganisationOwned):
    """One channel of one alert step (its email, or its text message): whether it reached the
    person and, if not, why. A retried step never sends again a channel already sent."""

    class Channel(models.TextChoices):
        EMAIL = "email", "Email"
        SMS = "sms", "Text message"

    class Status(models.TextChoices):
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"
        FAILED = "failed", "Not sent yet, trying again"

    alert = models.ForeignKey(Alert, on_delete=models.CASCADE, related_name="deliveries")
    channel = models.CharField(max_length=10, choices=Channel.choices)
    address = models.CharField(max_length=254)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=500, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["channel"]
        constraints = [models.UniqueConstraint(fields=["alert", "channel"], name="alert_delivery_per_channel")]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} for {self.alert}"


class Debrief(OrganisationOwned):
    """The coach's short debrief after a meeting."""

    class Feeling(models.TextChoices):
        GOOD = "good", "Good"
        OK = "ok", "OK"
        LOW = "low", "Low"
        SHAKEN = "shaken", "Shaken up"

    meeting = models.OneToOneField(Meeting, on_delete=models.CASCADE, related_name="debrief")
    feeling = models.CharField("How are you feeling?", max_length=10, choices=Feeling.choices)
    worries = models.TextField("Did anything worry you?", blank=True, max_length=2000)
    call_me = models.BooleanField("I would like a call from staff", default=False)

    def __str__(self) -> str:
        return f"Debrief after {self.meeting}"


class FollowUp(OrganisationOwned):
    """A call a coach asked for in a debrief. Shows on supervisors' home pages until done."""

    debrief = models.OneToOneField(Debrief, on_delete=models.CASCADE, related_name="follow_up")
    coach = models.ForeignKey("people.Coach", on_delete=models.CASCADE, related_name="follow_ups")
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["created_at"]


class SafeguardingLead(OrganisationOwned):
    staff = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organisation", "staff"], name="safeguarding_lead_once")]


class Concern(OrganisationOwned):
    """A safeguarding concern. Only the safeguarding leads and coordinators see what it says."""

    class Severity(models.TextChoices):
        LOW = "low", "Low: keep an eye on it"
        MEDIUM = "medium", "Medium: act this week"
        HIGH = "high", "High: act today"
        URGENT = "urgent", "Urgent: someone may be in danger now"

    # PROTECT: deleting a client must never erase a safeguarding record; archive them instead.
    client = models.ForeignKey("people.Client", on_delete=models.PROTECT, related_name="concerns")
    meeting = models.ForeignKey(Meeting, null=True, blank=True, on_delete=models.PROTECT, related_name="concerns")
    severity = models.CharField(max_length=10, choices=Severity.choices)
    description = models.TextField("What happened or what worries you", max_length=5000)
    raised_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    closure = models.TextField("How it was closed", blank=True, max_length=3000)

    class Meta:
        ordering = ["closed_at", "-created_at"]

    def __str__(self) -> str:
        return f"Safeguarding concern about {self.client}"


class ConcernAction(OrganisationOwned):
    concern = models.ForeignKey(Concern, on_delete=models.PROTECT, related_name="actions")
    text = models.TextField("Action taken", max_length=3000)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["created_at"]


class HomeAddress(OrganisationOwned):
    """The address the organisation holds for a client, for home visits: it goes only into the
    safety alerts staff receive about a home visit (a "help now" or an overdue check-out), so
    whoever is on call knows where to send help. Kept encrypted; never shown to coaches here."""

    # PROTECT: archive people, never delete them (only the erasure process removes this).
    client = models.OneToOneField("people.Client", on_delete=models.PROTECT, related_name="+")
    address = EncryptedCharField("Home address", max_length=300)

    def __str__(self) -> str:
        return f"Home address of {self.client}"


class CalendarFeed(OrganisationOwned):
    """A person's secret calendar address. The token is looked up by its hash and kept encrypted
    so the person can copy the address again later; revoking it stops the old address at once."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feeds")
    token_hash = models.CharField(max_length=64, unique=True)
    token = EncryptedCharField(max_length=64)
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user"], condition=Q(revoked_at__isnull=True), name="one_live_calendar_feed_per_person"
            )
        ]
