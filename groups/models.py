"""Facilitated group peer coaching (action learning sets): three to eight peers of similar seniority
from different teams, led by a facilitator. Each session one member presents an issue and ends by
committing to "x, y, z by the next session"; the next session opens with their feedback on each
commitment. A series has members + 1 sessions, two or three weeks apart."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from core.models import OrganisationOwned, Versioned

MIN_MEMBERS, MAX_MEMBERS = 3, 8
MAX_COMMITMENTS = 3

GROUND_RULES = (
    "What is said in the group stays in the group: we do not repeat anyone's issue outside it.\n"
    "One person presents each session; the rest of us ask open questions rather than give advice.\n"
    "We come to every session we can, and send apologies to the facilitator when we cannot.\n"
    "We each end our turn by saying what we will do by the next session, and start the next one by "
    "saying how it went."
)


class Group(OrganisationOwned, Versioned):
    class Purpose(models.TextChoices):
        STANDALONE = "standalone", "A group in its own right"
        AFTER_TRAINING = "after_training", "Keeping momentum after a training course"
        PROJECT = "project", "Moving a project along (for example, champions)"

    class Channel(models.TextChoices):
        FACE_TO_FACE = "face_to_face", "Face to face"
        ONLINE = "online", "Online"

    class Status(models.TextChoices):
        FORMING = "forming", "Being formed"
        RUNNING = "running", "Sessions under way"
        ENDED = "ended", "Series finished"

    class IssueSharing(models.TextChoices):
        GROUP = "group", "Members can read each other's issues here"
        OWN = "own", "Members read only their own issue here; the group hears the others in the room"

    class Weekday(models.IntegerChoices):
        MONDAY = 0, "Monday"
        TUESDAY = 1, "Tuesday"
        WEDNESDAY = 2, "Wednesday"
        THURSDAY = 3, "Thursday"
        FRIDAY = 4, "Friday"
        SATURDAY = 5, "Saturday"
        SUNDAY = 6, "Sunday"

    class Gap(models.IntegerChoices):
        TWO_WEEKS = 14, "Every two weeks"
        THREE_WEEKS = 21, "Every three weeks"

    programme = models.ForeignKey("organisations.Programme", on_delete=models.PROTECT, related_name="+")
    name = models.CharField(max_length=120)
    # A member of staff or an external coach with a sign-in (role: group facilitator).
    facilitator = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    purpose = models.CharField(max_length=20, choices=Purpose.choices, default=Purpose.STANDALONE)
    channel = models.CharField("How the group meets", max_length=20, choices=Channel.choices)
    place = models.CharField("Where (for face to face)", max_length=200, blank=True)
    link = models.URLField("Joining link (for online)", max_length=300, blank=True)
    weekday = models.PositiveSmallIntegerField("Usual day", choices=Weekday.choices)
    start_time = models.TimeField("Usual time")
    gap_days = models.PositiveSmallIntegerField("How often", choices=Gap.choices, default=Gap.TWO_WEEKS)
    issue_sharing = models.CharField(
        "What the group agreed about members' issues", max_length=10, choices=IssueSharing.choices, default="own"
    )
    ground_rules = models.TextField("Ground rules and confidentiality", max_length=4000, default=GROUND_RULES)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.FORMING)
    # Why a series does not have members + 1 sessions, when the facilitator chose otherwise.
    schedule_note = models.CharField("Why the series has a different number of sessions", max_length=300, blank=True)
    ended_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="group_name_unique_in_organisation"),
            models.CheckConstraint(
                name="group_face_to_face_has_a_place", condition=~Q(channel="face_to_face") | ~Q(place="")
            ),
            models.CheckConstraint(name="group_online_has_a_link", condition=~Q(channel="online") | ~Q(link="")),
        ]

    def __str__(self) -> str:
        return self.name


class GroupMember(OrganisationOwned):
    class Seniority(models.IntegerChoices):
        NEW = 1, "New in post"
        PRACTITIONER = 2, "Practitioner"
        SENIOR = 3, "Senior practitioner"
        MANAGER = 4, "Team manager"
        SENIOR_MANAGER = 5, "Service or senior manager"

    group = models.ForeignKey(Group, on_delete=models.PROTECT, related_name="members")
    # Members are peers: people on the organisation's books as peer coaches, with a sign-in.
    coach = models.ForeignKey("people.Coach", on_delete=models.PROTECT, related_name="group_places")
    team = models.CharField("Team", max_length=120)
    seniority = models.PositiveSmallIntegerField(choices=Seniority.choices)
    # The order members present in: member 1 presents at session 1, and so on.
    turn = models.PositiveSmallIntegerField()
    # Dates they already know they cannot make (ISO dates), so the schedule can avoid them.
    cannot_make = models.JSONField("Dates they cannot make", default=list, blank=True)
    rules_accepted_at = models.DateTimeField(null=True, blank=True)
    # At the end of the series.
    what_changed = models.TextField("What changed for you", blank=True, max_length=2000)
    will_keep_using = models.TextField("What you will keep using", blank=True, max_length=2000)
    ready_to_facilitate = models.BooleanField("Ready to facilitate a group of their own", default=False)

    class Meta:
        ordering = ["turn"]
        constraints = [
            models.UniqueConstraint(fields=["group", "coach"], name="group_member_once"),
            models.UniqueConstraint(fields=["group", "turn"], name="group_member_turn_once"),
        ]

    def __str__(self) -> str:
        return str(self.coach)


class GroupSession(OrganisationOwned):
    group = models.ForeignKey(Group, on_delete=models.PROTECT, related_name="sessions")
    number = models.PositiveSmallIntegerField()
    # The meeting holds the date, place, participants and calendar entry (meetings' owner kind "group").
    meeting = models.OneToOneField("meetings.Meeting", on_delete=models.PROTECT, related_name="group_session")
    # Who presents this time; none at the last session, which hears the last presenter's feedback.
    presenter = models.ForeignKey(
        GroupMember, null=True, blank=True, on_delete=models.PROTECT, related_name="presenting"
    )
    issue = models.TextField("The issue they brought", blank=True, max_length=3000)
    notes = models.TextField("Facilitator's notes", blank=True, max_length=3000)
    held_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["group", "number"]
        constraints = [models.UniqueConstraint(fields=["group", "number"], name="group_session_number_once")]

    def __str__(self) -> str:
        return f"Session {self.number}"


class Attendance(OrganisationOwned):
    class Status(models.TextChoices):
        PRESENT = "present", "Came"
        APOLOGIES = "apologies", "Sent apologies"
        ABSENT = "absent", "Did not come"

    session = models.ForeignKey(GroupSession, on_delete=models.CASCADE, related_name="attendance")
    member = models.ForeignKey(GroupMember, on_delete=models.PROTECT, related_name="attendance")
    status = models.CharField(max_length=10, choices=Status.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["session", "member"], name="attendance_once_per_session")]


class Commitment(OrganisationOwned):
    class Outcome(models.TextChoices):
        DONE = "done", "Done"
        PARTLY = "partly", "Partly done"
        NOT_YET = "not_yet", "Not yet"

    member = models.ForeignKey(GroupMember, on_delete=models.PROTECT, related_name="commitments")
    made_in = models.ForeignKey(GroupSession, on_delete=models.PROTECT, related_name="commitments_made")
    text = models.CharField("I will ... by the next session", max_length=300)
    outcome = models.CharField(max_length=10, choices=Outcome.choices, blank=True)
    reflection = models.TextField("What they reflected on", blank=True, max_length=2000)
    reviewed_in = models.ForeignKey(
        GroupSession, null=True, blank=True, on_delete=models.PROTECT, related_name="commitments_reviewed"
    )

    class Meta:
        ordering = ["made_in__number", "pk"]

    def __str__(self) -> str:
        return self.text


class JoinRequest(OrganisationOwned):
    """Someone asking to join a facilitated-group programme: the pool groups are formed from.
    Waiting until a coordinator places them in a group (or they withdraw)."""

    class Status(models.TextChoices):
        WAITING = "waiting", "Waiting for a group"
        PLACED = "placed", "Placed in a group"
        WITHDRAWN = "withdrawn", "Withdrawn"

    programme = models.ForeignKey("organisations.Programme", on_delete=models.PROTECT, related_name="+")
    coach = models.ForeignKey("people.Coach", on_delete=models.PROTECT, related_name="group_requests")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    team = models.CharField("Your team", max_length=120)
    role = models.CharField("Your role", max_length=120)
    seniority = models.PositiveSmallIntegerField(choices=GroupMember.Seniority.choices)
    location = models.CharField("Where you are based", max_length=120, blank=True)
    work_on = models.TextField("What you want to work on", max_length=1000, blank=True)
    cannot_make = models.JSONField("Dates you cannot make", default=list, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.WAITING)
    group = models.ForeignKey(Group, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "coach"], condition=Q(status="waiting"), name="join_request_waiting_once"
            )
        ]

    def __str__(self) -> str:
        return str(self.coach)
