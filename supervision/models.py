"""Looking after peer coaches: who supervises each coach (and who covers while they are away), how
often, the sessions and the actions agreed in them, a coach's own reflective log and wellbeing
checks, and changes to a coach's role.

What a session says about a coach (wellbeing, worries...) is for their supervisor and the
coordinators; a coach sees the dates and the actions agreed. Log entries and wellbeing checks are
the coach's own: their supervisor reads one only when the coach shares it."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from core.models import OrganisationOwned, Versioned


class Arrangement(OrganisationOwned, Versioned):
    """Who supervises a coach, who covers when they are away, and how often they meet."""

    class Rhythm(models.IntegerChoices):
        FORTNIGHTLY = 14, "Every two weeks"
        MONTHLY = 30, "Every month"
        SIX_WEEKLY = 42, "Every six weeks"
        QUARTERLY = 91, "Every three months"

    coach = models.OneToOneField("people.Coach", on_delete=models.PROTECT, related_name="supervision_arrangement")
    supervisor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    deputy = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="Deputy (covers when the supervisor is away)",
    )
    rhythm_days = models.PositiveSmallIntegerField("How often", choices=Rhythm.choices, default=Rhythm.MONTHLY)
    # The first session is due one rhythm after this.
    starts_on = models.DateField("Supervision starts on")

    class Meta:
        ordering = ["coach__first_name", "coach__last_name", "pk"]
        constraints = [
            models.CheckConstraint(
                name="supervision_deputy_is_someone_else", condition=Q(deputy__isnull=True) | ~Q(deputy=F("supervisor"))
            )
        ]

    def __str__(self) -> str:
        return f"Supervision of {self.coach}"

    def due_on(self, last_held_on: datetime.date | None) -> datetime.date:
        return (last_held_on or self.starts_on) + datetime.timedelta(days=self.rhythm_days)


class Away(OrganisationOwned):
    """A supervisor away (leave, sickness): their coaches' deputies cover from the first day to the last."""

    supervisor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    starts_on = models.DateField("First day away")
    ends_on = models.DateField("Last day away")
    reason = models.CharField("Why", max_length=200, blank=True)

    class Meta:
        ordering = ["-starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                name="supervision_away_ends_after_it_starts", condition=Q(ends_on__gte=F("starts_on"))
            )
        ]

    def __str__(self) -> str:
        return f"Away {self.starts_on} to {self.ends_on}"


class Session(OrganisationOwned, Versioned):
    coach = models.ForeignKey("people.Coach", on_delete=models.PROTECT, related_name="supervision_sessions")
    # Who held it: the supervisor, or the deputy covering.
    supervisor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    held_on = models.DateField("Date of the session")
    wellbeing = models.TextField("How they are", blank=True, max_length=3000)
    caseload = models.TextField("Caseload", blank=True, max_length=3000)
    going_well = models.TextField("What is going well", blank=True, max_length=3000)
    worries = models.TextField("Worries", blank=True, max_length=3000)
    development = models.TextField("Learning and development", blank=True, max_length=3000)

    class Meta:
        ordering = ["-held_on", "-pk"]
        indexes = [models.Index(fields=["coach", "held_on"])]

    def __str__(self) -> str:
        return f"Supervision on {self.held_on:%-d %B %Y}"


class Action(OrganisationOwned):
    """Something agreed in a session. It comes back at each session until it is done."""

    coach = models.ForeignKey("people.Coach", on_delete=models.PROTECT, related_name="supervision_actions")
    agreed_in = models.ForeignKey(Session, on_delete=models.PROTECT, related_name="actions_agreed")
    text = models.CharField("Action", max_length=300)
    done_at = models.DateTimeField(null=True, blank=True)
    done_in = models.ForeignKey(Session, null=True, blank=True, on_delete=models.PROTECT, related_name="actions_done")

    class Meta:
        ordering = ["agreed_in__held_on", "pk"]
        constraints = [
            models.CheckConstraint(
                name="supervision_action_done_in_needs_done_at",
                condition=Q(done_in__isnull=True) | Q(done_at__isnull=False),
            )
        ]

    def __str__(self) -> str:
        return self.text


class Request(OrganisationOwned):
    """A coach asking for a session. Open until a session with them is recorded."""

    coach = models.ForeignKey("people.Coach", on_delete=models.PROTECT, related_name="supervision_requests")
    about = models.CharField("What would you like to talk about?", max_length=500, blank=True)
    answered_in = models.ForeignKey(Session, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["coach"], condition=Q(answered_in__isnull=True), name="supervision_one_open_request"
            )
        ]


class LogEntry(OrganisationOwned, Versioned):
    """A coach's reflective log: private unless they share it with their supervisor."""

    coach = models.ForeignKey("people.Coach", on_delete=models.PROTECT, related_name="log_entries")
    written_on = models.DateField("Date")
    did = models.TextField("What I did", max_length=3000)
    learned = models.TextField("What I learned", blank=True, max_length=3000)
    want_to_learn = models.TextField("What I want to learn next", blank=True, max_length=3000)
    shared_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-written_on", "-pk"]


WELLBEING_QUESTIONS = (
    ("mood", "How has your mood been?"),
    ("sleep", "How have you been sleeping?"),
    ("coping", "How well are you coping with the role?"),
    ("support", "How supported do you feel?"),
)


class WellbeingCheck(OrganisationOwned):
    """A short check a coach does for themself: 0 (worst) to 10 (best) on each question."""

    QUESTIONS = WELLBEING_QUESTIONS
    # At or under this on any question, or on average, the page offers a conversation and help today.
    LOW = 3

    coach = models.ForeignKey("people.Coach", on_delete=models.PROTECT, related_name="wellbeing_checks")
    mood = models.PositiveSmallIntegerField()
    sleep = models.PositiveSmallIntegerField()
    coping = models.PositiveSmallIntegerField()
    support = models.PositiveSmallIntegerField()
    note = models.TextField("Anything you want to add", blank=True, max_length=2000)
    shared = models.BooleanField("Share this check with my supervisor", default=False)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                name=f"wellbeing_{name}_0_to_10", condition=Q(**{f"{name}__gte": 0, f"{name}__lte": 10})
            )
            for name, _ in WELLBEING_QUESTIONS
        ]

    def scores(self) -> list[int]:
        return [getattr(self, name) for name, _ in self.QUESTIONS]

    @property
    def low(self) -> bool:
        scores = self.scores()
        return min(scores) <= self.LOW or sum(scores) / len(scores) <= self.LOW + 1


class RoleChange(OrganisationOwned):
    """A coach's role changed by a coordinator: the timeline on the coach's page."""

    class Role(models.TextChoices):
        CLIENT_CONTACT = "client_contact", "Working with clients"
        PROPERTY_SEARCHES = "property_searches", "Property searches"
        GROUPS = "groups", "Running or supporting groups"
        PAID_POST = "paid_post", "A paid post"
        OTHER = "other", "Something else"

    # The roles in which a coach works one to one with clients: moving out of one hands them over.
    WITH_CLIENTS = frozenset({Role.CLIENT_CONTACT, Role.PAID_POST})

    coach = models.ForeignKey("people.Coach", on_delete=models.PROTECT, related_name="role_changes")
    from_role = models.CharField(max_length=20, choices=Role.choices)
    to_role = models.CharField("New role", max_length=20, choices=Role.choices)
    reason = models.TextField("Why", max_length=2000)
    effective_on = models.DateField("From")
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    handed_over = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["-effective_on", "-pk"]
        constraints = [
            models.CheckConstraint(name="role_change_changes_something", condition=~Q(from_role=F("to_role")))
        ]

    def __str__(self) -> str:
        return f"{self.get_from_role_display()} to {self.get_to_role_display()}"


class ConductConcern(OrganisationOwned, Versioned):
    """A coordinator's concern about how a coach is working (meeting clients outside agreed hours,
    say): the conversation held, what was agreed, when to look again, and how it ended. Read only
    by coordinators and the coach's own supervisor (or the deputy covering); every look is audited
    and the audit trail names the fields changed, never what they say."""

    class Outcome(models.TextChoices):
        OPEN = "open", "Still open"
        NO_ACTION = "no_action", "Closed: nothing further needed"
        IMPROVED = "improved", "Closed: the agreed changes were made"
        ROLE_ENDED = "role_ended", "Closed: the role ended"

    coach = models.ForeignKey("people.Coach", on_delete=models.PROTECT, related_name="conduct_concerns")
    raised_on = models.DateField("Raised on")
    concern = models.TextField("What the concern is", max_length=4000)
    conversation = models.TextField("The conversation held with them", max_length=4000, blank=True)
    agreed_actions = models.TextField("What was agreed", max_length=4000, blank=True)
    review_on = models.DateField("Look at it again on", null=True, blank=True)
    outcome = models.CharField(max_length=20, choices=Outcome.choices, default=Outcome.OPEN)
    outcome_note = models.TextField("About the outcome", max_length=2000, blank=True)
    closed_on = models.DateField(null=True, blank=True)
    raised_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-raised_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                name="conduct_review_after_raised",
                condition=Q(review_on__isnull=True) | Q(review_on__gte=F("raised_on")),
            ),
            # Closed exactly when it has an outcome.
            models.CheckConstraint(
                name="conduct_closed_with_an_outcome",
                condition=(Q(outcome="open") & Q(closed_on__isnull=True))
                | (~Q(outcome="open") & Q(closed_on__isnull=False)),
            ),
        ]

    def __str__(self) -> str:
        return f"Conduct concern about {self.coach} ({self.raised_on:%d %b %Y})"

    @property
    def is_open(self) -> bool:
        return self.outcome == self.Outcome.OPEN


class ExitConversation(OrganisationOwned):
    """What a coach said when they left: why, what went well, what could be better, and whether
    they would like to hear about future roles. For coordinators and their supervisor."""

    coach = models.ForeignKey("people.Coach", on_delete=models.PROTECT, related_name="exit_conversations")
    held_on = models.DateField("Held on")
    leaving_because = models.TextField("Why they are leaving", max_length=2000)
    went_well = models.TextField("What went well", max_length=2000, blank=True)
    could_be_better = models.TextField("What could have been better", max_length=2000, blank=True)
    keep_in_touch = models.BooleanField("They would like to hear about future roles", default=False)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return f"Exit conversation with {self.coach} ({self.held_on:%d %b %Y})"
