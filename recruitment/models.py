from __future__ import annotations

import datetime

from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from encrypted_fields.fields import EncryptedCharField

from core.models import OrganisationOwned, Versioned

# People are lost while they wait for checks (up to 12 weeks); flag a check waiting longer than this.
LONG_WAIT = datetime.timedelta(weeks=8)
RENEWAL_WARNING = datetime.timedelta(days=42)


class Check(OrganisationOwned, Versioned):
    """A vetting check on a peer coach: a DBS (or equivalent) check or a reference."""

    class Kind(models.TextChoices):
        DBS = "dbs", "DBS check"
        REFERENCE = "reference", "Reference"

    class Level(models.TextChoices):
        BASIC = "basic", "Basic"
        STANDARD = "standard", "Standard"
        ENHANCED = "enhanced", "Enhanced"
        ENHANCED_BARRED = "enhanced_barred", "Enhanced with barred lists"

    coach = models.ForeignKey("people.Coach", on_delete=models.CASCADE, related_name="checks")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    level = models.CharField(max_length=20, choices=Level.choices, blank=True)
    referee = models.CharField("Referee's name and relationship", max_length=200, blank=True)
    requested_on = models.DateField("Date requested")
    cleared_on = models.DateField("Date cleared or received", null=True, blank=True)
    # Encrypted at rest (Fernet, key derived from SECRET_KEY); never in lists or exports, and every
    # look at it is audited.
    certificate_number = EncryptedCharField("Certificate number", max_length=40, null=True, blank=True)
    renewal_due_on = models.DateField("Renewal due", null=True, blank=True)
    notes = models.TextField(blank=True, max_length=2000)

    class Meta:
        ordering = ["kind", "-requested_on"]
        constraints = [
            models.CheckConstraint(
                name="check_cleared_not_before_requested",
                condition=Q(cleared_on__isnull=True) | Q(cleared_on__gte=F("requested_on")),
            ),
            models.CheckConstraint(name="check_dbs_has_level", condition=~Q(kind="dbs") | ~Q(level="")),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.coach}"

    @property
    def is_cleared(self) -> bool:
        return self.cleared_on is not None

    @property
    def in_date(self) -> bool:
        return self.is_cleared and (self.renewal_due_on is None or self.renewal_due_on >= timezone.localdate())

    @property
    def days_waiting(self) -> int | None:
        if self.is_cleared:
            return None
        return (timezone.localdate() - self.requested_on).days

    @property
    def waiting_too_long(self) -> bool:
        return self.days_waiting is not None and self.days_waiting > LONG_WAIT.days

    @property
    def renewal_soon(self) -> bool:
        return bool(
            self.renewal_due_on
            and self.is_cleared
            and timezone.localdate() <= self.renewal_due_on <= timezone.localdate() + RENEWAL_WARNING
        )

    @property
    def status_label(self) -> str:
        if not self.is_cleared:
            weeks = self.days_waiting // 7
            return f"Waiting {weeks} week{'s' if weeks != 1 else ''}"
        if not self.in_date:
            return "Expired"
        if self.renewal_soon:
            return f"Renew by {self.renewal_due_on:%-d %b %Y}"
        return "Cleared"


class Application(OrganisationOwned, Versioned):
    """Someone applying to become a peer coach, and where they are in the pipeline."""

    class Stage(models.TextChoices):
        APPLIED = "applied", "Applied"
        CONVERSATION_BOOKED = "conversation_booked", "Conversation booked"
        CONVERSATION_HELD = "conversation_held", "Conversation held"
        CHECKS = "checks", "Checks in progress"
        INDUCTION = "induction", "Induction"
        READY = "ready", "Ready"
        ACTIVE = "active", "Active"
        PAUSED = "paused", "Paused"
        LEFT = "left", "Left"

    # The way forward; paused and left are off it, open from anywhere.
    PIPELINE = (
        Stage.APPLIED,
        Stage.CONVERSATION_BOOKED,
        Stage.CONVERSATION_HELD,
        Stage.CHECKS,
        Stage.INDUCTION,
        Stage.READY,
        Stage.ACTIVE,
    )
    # From here on the applicant has a coach record, which checks and training attach to.
    COACH_STAGES = (Stage.CHECKS, Stage.INDUCTION, Stage.READY, Stage.ACTIVE, Stage.PAUSED)

    class Hope(models.TextChoices):
        TRAINING = "training", "Training"
        QUALIFICATION = "qualification", "A qualification"
        PAID_WORK = "paid_work", "A route into paid work"
        CONFIDENCE = "confidence", "Confidence"
        GIVING_BACK = "giving_back", "Giving something back"

    first_name = models.CharField(max_length=80)
    last_name = models.CharField(max_length=80)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=30, blank=True)
    area = models.CharField("Area you live in", max_length=80, blank=True)
    lived_experience = models.TextField("Your experience, in your own words", max_length=3000)
    motivation = models.TextField("Why you would like to be a peer coach", max_length=3000)
    availability = models.CharField("When you are free", max_length=200, blank=True)
    hopes = models.JSONField("What you hope to gain", default=list, blank=True)
    stage = models.CharField(max_length=30, choices=Stage.choices, default=Stage.APPLIED)
    stage_changed_on = models.DateField(default=timezone.localdate)
    coach = models.OneToOneField(
        "people.Coach", null=True, blank=True, on_delete=models.SET_NULL, related_name="application"
    )
    # A one-way hash of the address it came from, only to limit repeated submissions.
    source_hash = models.CharField(max_length=64, blank=True, db_index=True)

    class Meta:
        ordering = ["stage_changed_on", "id"]
        constraints = [
            models.CheckConstraint(name="application_has_a_way_to_reply", condition=~Q(email="") | ~Q(phone=""))
        ]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def days_in_stage(self) -> int:
        return (timezone.localdate() - self.stage_changed_on).days

    def hope_labels(self) -> list[str]:
        labels = dict(self.Hope.choices)
        return [labels.get(h, h) for h in self.hopes]


# The application form's time token is good for a day; a spent one is kept a little longer than that.
FORM_TOKEN_MAX_AGE = datetime.timedelta(days=1)


class SpentFormToken(models.Model):
    """A one-way hash of an application form's time token that has already sent an application.

    One opening of the form sends one application: a robot replaying a token it was given once is
    refused. Not an organisation's record (a token is not tied to one, and the row says nothing
    about anyone), so it is not scoped; rows are removed once the token could no longer be used.
    """

    token_hash = models.CharField(max_length=64, unique=True)
    spent_at = models.DateTimeField(default=timezone.now, db_index=True)

    def __str__(self) -> str:
        return self.token_hash[:12]


class StageChange(OrganisationOwned):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="stage_changes")
    from_stage = models.CharField(max_length=30, choices=Application.Stage.choices, blank=True)
    to_stage = models.CharField(max_length=30, choices=Application.Stage.choices)
    note = models.CharField(max_length=500, blank=True)
    by = models.ForeignKey("organisations.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-created_at", "-id"]


class SuitabilityQuestion(OrganisationOwned):
    """The organisation's own questions for the informal suitability conversation."""

    text = models.CharField(max_length=300)
    position = models.PositiveSmallIntegerField(default=0)
    active = models.BooleanField(default=True)
    # Only these get a box for a matching exclusion beside the answer.
    asks_about_exclusions = models.BooleanField(
        "It asks about people or circumstances they would not work with", default=False
    )

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.text


class Conversation(OrganisationOwned, Versioned):
    """An asset-based record of the suitability conversation: not a score. Recovery is considered
    individually: the programme may have a guideline, but the coordinator records a judgement and
    the reason for it, and nothing rejects anyone automatically."""

    application = models.OneToOneField(Application, on_delete=models.CASCADE, related_name="conversation")
    held_on = models.DateField("Date of the conversation")
    strengths = models.TextField("Strengths and what they would bring", max_length=3000, blank=True)
    notes = models.TextField("Coordinator's notes", max_length=3000, blank=True)
    recovery_judgement = models.TextField(
        "Your judgement about their recovery, for this person", max_length=2000, blank=True
    )
    recovery_reason = models.TextField("The reason for that judgement", max_length=2000, blank=True)

    def __str__(self) -> str:
        return f"Conversation with {self.application}"


class Answer(OrganisationOwned):
    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="answers")
    question = models.CharField(max_length=300)
    answer = models.TextField(max_length=2000, blank=True)
    # Someone or something the coach will not work with: the matching engine must respect it.
    exclusion = models.CharField("Make this a matching exclusion", max_length=300, blank=True)

    class Meta:
        ordering = ["id"]


class OrganisationCircumstance(OrganisationOwned):
    """A circumstance the organisation matches on (lived experience, a coach's exclusions). An
    organisation starts with the usual ones (people.models.Circumstance), saved with the first
    one it adds, as the suitability questions are."""

    # Bulk matching keeps each organisation's circumstances as bits of one 64-bit number.
    MOST = 60

    key = models.SlugField(max_length=40)
    label = models.CharField("Circumstance", max_length=80)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "key"], name="circumstance_key_unique_in_organisation")
        ]

    def __str__(self) -> str:
        return self.label


class MatchingExclusion(OrganisationOwned):
    """A person or circumstance this coach will not be matched with."""

    coach = models.ForeignKey("people.Coach", on_delete=models.CASCADE, related_name="matching_exclusions")
    description = models.CharField(max_length=300)
    # When set, matching never offers this coach a client living with this circumstance: one of
    # the organisation's (OrganisationCircumstance, or the usual ones until it adds its own).
    circumstance = models.CharField("Circumstance this rules out", max_length=40, blank=True)
    source = models.ForeignKey(Answer, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.description


DEFAULT_QUESTIONS = [
    "What has helped you most in your own journey?",
    "Is there anyone who could be referred to us that you wouldn't feel comfortable working with?",
    "How would you feel if someone you supported was under the influence?",
    "Are there places or situations you would rather avoid?",
    "How do you look after yourself when things get hard?",
    "What would you like to get out of being a peer coach?",
]
# The suggested questions that ask about people or circumstances (an answer can be an exclusion).
DEFAULT_EXCLUSION_QUESTIONS = frozenset(DEFAULT_QUESTIONS[1:4])
