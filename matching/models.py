"""What matching knows beyond a person's record, the programme's weights, and known connections."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q

from core.models import OrganisationOwned, Versioned


class Gender(models.TextChoices):
    WOMAN = "woman", "Woman"
    MAN = "man", "Man"
    NON_BINARY = "non_binary", "Non-binary"


class DebtSize(models.IntegerChoices):
    NONE = 0, "No debt"
    SMALL = 1, "Under £1,000"
    MEDIUM = 2, "£1,000 to £5,000"
    LARGE = 3, "£5,000 to £15,000"
    VERY_LARGE = 4, "Over £15,000"


class Profile(OrganisationOwned, Versioned):
    circumstances = models.JSONField("Lived experience", default=list, blank=True)
    debt_size = models.PositiveSmallIntegerField("Size of debt", choices=DebtSize.choices, null=True, blank=True)
    gender = models.CharField(max_length=12, choices=Gender.choices, blank=True)
    # One unit vector per item (texts.py: each interest, then each hope or line of experience),
    # float32 rows one after another (matching/embeddings.py), and what they were made from, so a
    # changed record is noticed and embedded again.
    item_vectors = models.BinaryField(null=True, blank=True, editable=False)
    item_key = models.CharField(max_length=32, blank=True, editable=False)

    class Meta:
        abstract = True


class CoachProfile(Profile):
    coach = models.OneToOneField("people.Coach", on_delete=models.CASCADE, related_name="match_profile")
    channels = models.JSONField("Ways they are happy to meet", default=list, blank=True)
    intro = models.CharField(
        "A line about your experience, for clients choosing a coach",
        max_length=280,
        blank=True,
        help_text="For example: I cleared £8,000 of debt after losing my job, and I love my allotment.",
    )
    share_with_clients = models.BooleanField(
        "The coach agrees clients may see their first name, this line and their interests", default=False
    )
    # Reciprocal peer pairs (equals coaching each other): similar level, never the same team.
    level = models.PositiveSmallIntegerField(
        "Level or grade (reciprocal pairs)", null=True, blank=True, validators=[MaxValueValidator(10)]
    )
    team = models.CharField("Team (reciprocal pairs)", max_length=100, blank=True)


class ClientProfile(Profile):
    client = models.OneToOneField("people.Client", on_delete=models.CASCADE, related_name="match_profile")
    wants_coach_gender = models.CharField(
        "The coach must be", max_length=12, choices=Gender.choices, blank=True, help_text="Only if the client asked."
    )
    must_speak = models.CharField(
        "The coach must speak", max_length=40, blank=True, help_text="Only if the client needs it. For example: Arabic"
    )
    consider_age = models.BooleanField("Look for a coach of a similar age", default=True)


class KnownConnection(OrganisationOwned):
    """A coach and client who know each other (neighbours, family, an old conflict): never matched."""

    coach = models.ForeignKey("people.Coach", on_delete=models.CASCADE, related_name="known_connections")
    client = models.ForeignKey("people.Client", on_delete=models.CASCADE, related_name="known_connections")
    note = models.CharField("How they know each other", max_length=200)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["coach", "client"], name="known_connection_once")]


FACTORS = [
    ("experience", "Similar lived experience"),
    ("age", "Similar age"),
    ("interests", "Shared interests and hopes"),
    ("language", "Speaks their language"),
    ("channels", "Ways of meeting"),
    ("area", "Same area"),
    ("availability", "Free at the same times"),
    ("load", "Room to take them on"),
]

_upto10 = [MaxValueValidator(10)]


class Weights(OrganisationOwned, Versioned):
    """How much each factor counts in one programme, 0 (ignore) to 10."""

    programme = models.OneToOneField("organisations.Programme", on_delete=models.CASCADE, related_name="weights")
    experience = models.PositiveSmallIntegerField("Similar lived experience", default=5, validators=_upto10)
    age = models.PositiveSmallIntegerField("Similar age", default=3, validators=_upto10)
    interests = models.PositiveSmallIntegerField("Shared interests and hopes", default=5, validators=_upto10)
    language = models.PositiveSmallIntegerField("Speaks their language", default=4, validators=_upto10)
    channels = models.PositiveSmallIntegerField("Ways of meeting", default=2, validators=_upto10)
    area = models.PositiveSmallIntegerField("Same area", default=2, validators=_upto10)
    availability = models.PositiveSmallIntegerField("Free at the same times", default=3, validators=_upto10)
    load = models.PositiveSmallIntegerField("Room to take them on", default=1, validators=_upto10)

    class Meta:
        constraints = [
            models.CheckConstraint(
                name="weights_at_most_ten",
                condition=Q(experience__lte=10)
                & Q(age__lte=10)
                & Q(interests__lte=10)
                & Q(language__lte=10)
                & Q(channels__lte=10)
                & Q(area__lte=10)
                & Q(availability__lte=10)
                & Q(load__lte=10),
            )
        ]

    def as_dict(self) -> dict[str, int]:
        return {name: getattr(self, name) for name, _ in FACTORS}


class BulkRun(OrganisationOwned):
    """Matching everyone waiting in a programme at once. The result is a proposal the
    coordinator reviews and edits; nothing is started until they say so."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to start"
        RUNNING = "running", "Working"
        DONE = "done", "Ready to review"
        FAILED = "failed", "Failed"

    programme = models.ForeignKey("organisations.Programme", on_delete=models.CASCADE, related_name="bulk_runs")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)
    message = models.CharField(max_length=200, blank=True)
    clients = models.PositiveIntegerField(default=0)
    matched = models.PositiveIntegerField(default=0)
    total_score = models.FloatField(default=0)
    greedy_matched = models.PositiveIntegerField(default=0)
    greedy_score = models.FloatField(default=0)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [models.CheckConstraint(name="bulk_progress_percent", condition=Q(progress__lte=100))]


class BulkProposal(OrganisationOwned):
    run = models.ForeignKey(BulkRun, on_delete=models.CASCADE, related_name="proposals")
    client = models.ForeignKey("people.Client", on_delete=models.CASCADE, related_name="+")
    coach = models.ForeignKey("people.Coach", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    score = models.FloatField(default=0)
    reasons = models.JSONField(default=list, blank=True)
    # The client's best allowed coaches, so the coordinator can swap without breaking a rule.
    alternatives = models.JSONField(default=list, blank=True)
    include = models.BooleanField(default=True)
    outcome = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-score", "id"]
        constraints = [models.UniqueConstraint(fields=["run", "client"], name="bulk_proposal_client_once")]


class Offer(OrganisationOwned, Versioned):
    """Two or three suggested coaches shared with a client, who picks one or asks for someone else."""

    class Status(models.TextChoices):
        SHARED = "shared", "Waiting for the client to choose"
        CHOSEN = "chosen", "The client chose a coach"
        SOMEONE_ELSE = "someone_else", "The client asked for someone else"
        CLOSED = "closed", "Closed"

    client = models.ForeignKey("people.Client", on_delete=models.CASCADE, related_name="coach_offers")
    coaches = models.ManyToManyField("people.Coach", related_name="+")
    shared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.SHARED)
    chosen = models.ForeignKey("people.Coach", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    client_note = models.CharField("Anything you want us to know", max_length=500, blank=True)
    responded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                name="offer_chosen_has_coach", condition=~Q(status="chosen") | Q(chosen__isnull=False)
            )
        ]


class IntroVisit(OrganisationOwned):
    """One of up to three introductory joint visits with a staff worker, with everyone's feedback."""

    relationship = models.ForeignKey("journeys.Relationship", on_delete=models.CASCADE, related_name="intro_visits")
    number = models.PositiveSmallIntegerField()
    held_on = models.DateField("Date of the visit")
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    client_feedback = models.TextField("What the client said", max_length=2000)
    coach_feedback = models.TextField("What the coach said", max_length=2000)
    worker_feedback = models.TextField("What the staff worker saw", max_length=2000)

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["relationship", "number"], name="intro_visit_number_once"),
            models.CheckConstraint(name="at_most_three_intro_visits", condition=Q(number__gte=1) & Q(number__lte=3)),
        ]


class MatchRecord(OrganisationOwned):
    """The score and each factor's value when a pair was made, so an organisation can later see
    how matches went by score and by factor, and whether its weights work."""

    relationship = models.OneToOneField("journeys.Relationship", on_delete=models.CASCADE, related_name="match_record")
    score = models.FloatField()
    values = models.JSONField(default=dict)
    how = models.CharField(max_length=20, default="suggestion")


class ReciprocalPair(OrganisationOwned):
    """Two equals coaching each other in a reciprocal programme."""

    programme = models.ForeignKey("organisations.Programme", on_delete=models.CASCADE, related_name="reciprocal_pairs")
    first = models.ForeignKey("people.Coach", on_delete=models.CASCADE, related_name="+")
    second = models.ForeignKey("people.Coach", on_delete=models.CASCADE, related_name="+")
    score = models.FloatField()
    reasons = models.JSONField(default=list)
    ended_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(name="reciprocal_pair_two_people", condition=~Q(first=models.F("second"))),
        ]
