"""Outcome measures (questionnaires a programme collects at set times), their answers, Goal
Attainment Scaling scores for the journey's goals, and life outcomes (dated events: started work,
kept a tenancy...).

A measure is a set of questions. The ready-made ones (ONS4, ONS loneliness, confidence) are seeded
for every organisation on first use (outcomes.services.ensure_standard_measures); licensed scales
are not shipped: an organisation with a licence enters them as a custom measure."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q

from core.models import OrganisationOwned


class Measure(OrganisationOwned):
    # Stable for the seeded ones ("ons4", "loneliness", "confidence"); blank for custom measures.
    key = models.CharField(max_length=40, blank=True)
    name = models.CharField("Name", max_length=120)
    introduction = models.CharField("What to tell the person first", max_length=300, blank=True)
    credit = models.CharField("Source and licence", max_length=300, blank=True)

    class Meta:
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "key"], condition=~Q(key=""), name="outcomes_measure_key_once"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Question(OrganisationOwned):
    class Kind(models.TextChoices):
        SCALE = "scale", "A scale (for example 0 to 10)"
        YES_NO = "yes_no", "Yes or no"
        CHOICE = "choice", "One of a list of answers"
        NUMBER = "number", "A number"
        TEXT = "text", "Their own words"

    class Bands(models.TextChoices):
        NONE = "", "None"
        ONS_POSITIVE = "ons_positive", "ONS: low, medium, high, very high"
        ONS_ANXIETY = "ons_anxiety", "ONS anxiety: very low, low, medium, high"

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="questions")
    number = models.PositiveSmallIntegerField()
    # What reports call it: "Life satisfaction".
    short_name = models.CharField(max_length=60)
    text = models.CharField("The question", max_length=300)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    min_value = models.SmallIntegerField(null=True, blank=True)
    max_value = models.SmallIntegerField(null=True, blank=True)
    min_label = models.CharField(max_length=60, blank=True)
    max_label = models.CharField(max_length=60, blank=True)
    # For a choice: the answers in order, best last (so "improved" means a later answer).
    choices = models.JSONField(default=list, blank=True)
    higher_is_better = models.BooleanField(default=True)
    bands = models.CharField(max_length=20, choices=Bands.choices, blank=True)

    class Meta:
        ordering = ["measure", "number"]
        constraints = [
            models.UniqueConstraint(fields=["measure", "number"], name="outcomes_question_number_once"),
            models.CheckConstraint(
                name="outcomes_scale_has_bounds",
                condition=~Q(kind="scale") | Q(min_value__isnull=False, max_value__gt=F("min_value")),
            ),
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def options(self) -> list[tuple[str, str]]:
        """The answers a person picks from, as (value, label)."""
        if self.kind == self.Kind.SCALE:
            return [(str(n), str(n)) for n in range(self.min_value, self.max_value + 1)]
        if self.kind == self.Kind.YES_NO:
            return [("1", "Yes"), ("0", "No")]
        if self.kind == self.Kind.CHOICE:
            return [(str(index), label) for index, label in enumerate(self.choices)]
        return []


class ProgrammeMeasure(OrganisationOwned):
    """Which measures a programme collects, and when."""

    programme = models.ForeignKey("organisations.Programme", on_delete=models.CASCADE, related_name="measures")
    measure = models.ForeignKey(Measure, on_delete=models.PROTECT, related_name="+")
    at_start = models.BooleanField("At the start", default=True)
    every_weeks = models.PositiveSmallIntegerField(
        "Every this many weeks", null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(52)]
    )
    at_mid_review = models.BooleanField("At the mid review", default=True)
    at_end_review = models.BooleanField("At the end review", default=True)
    at_ending = models.BooleanField("At the ending", default=False)
    months_after_ending = models.PositiveSmallIntegerField(
        "This many months after the ending", null=True, blank=True, validators=[MaxValueValidator(24)]
    )

    class Meta:
        ordering = ["programme", "measure__name"]
        constraints = [models.UniqueConstraint(fields=["programme", "measure"], name="outcomes_programme_measure_once")]

    def __str__(self) -> str:
        return f"{self.measure} on {self.programme}"


class Completion(OrganisationOwned):
    """One time a client answered a measure: at an occasion ("start", "week-6", "mid-review"...)."""

    relationship = models.ForeignKey("journeys.Relationship", on_delete=models.PROTECT, related_name="+")
    measure = models.ForeignKey(Measure, on_delete=models.PROTECT, related_name="completions")
    occasion = models.CharField(max_length=30)
    completed_on = models.DateField()
    with_coach = models.BooleanField("Completed with the coach", default=False)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["completed_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["relationship", "measure", "occasion"], name="outcomes_completion_once")
        ]
        indexes = [models.Index(fields=["measure", "completed_on"])]

    def __str__(self) -> str:
        return f"{self.measure} on {self.completed_on:%-d %B %Y}"


class Answer(OrganisationOwned):
    completion = models.ForeignKey(Completion, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    # Scale, yes/no (1/0), choice (its index) and number answers; free text in `text`.
    value = models.DecimalField(max_digits=9, decimal_places=2, null=True, blank=True)
    text = models.TextField(blank=True, max_length=2000)

    class Meta:
        ordering = ["question__number"]
        constraints = [models.UniqueConstraint(fields=["completion", "question"], name="outcomes_answer_once")]


class GoalWeight(OrganisationOwned):
    """How much a goal counts in the Goal Attainment Scaling T-score; 1 unless set."""

    goal = models.OneToOneField("journeys.Goal", on_delete=models.CASCADE, related_name="+")
    weight = models.PositiveSmallIntegerField(default=1, validators=[MinValueValidator(1), MaxValueValidator(10)])


class GoalScore(OrganisationOwned):
    """A goal's Goal Attainment Scaling score at a review: -2 much less than expected, 0 the
    expected outcome, +2 much more."""

    LABELS = {
        -2: "Much less than expected",
        -1: "Somewhat less than expected",
        0: "As expected",
        1: "Somewhat more than expected",
        2: "Much more than expected",
    }

    goal = models.ForeignKey("journeys.Goal", on_delete=models.CASCADE, related_name="+")
    review = models.ForeignKey("journeys.Review", on_delete=models.CASCADE, related_name="+")
    score = models.SmallIntegerField(choices=sorted(LABELS.items()))

    class Meta:
        ordering = ["review__held_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["goal", "review"], name="outcomes_goal_score_once"),
            models.CheckConstraint(name="outcomes_gas_range", condition=Q(score__gte=-2, score__lte=2)),
        ]


class LifeOutcome(OrganisationOwned):
    class Kind(models.TextChoices):
        WORK = "work", "Started work"
        TRAINING = "training", "Started training, education or volunteering"
        TENANCY = "tenancy", "Kept a tenancy or moved home"
        DEBT = "debt", "Repaid or reduced debt"
        FAMILY = "family", "Reconnected with family"
        SERVICE = "service", "Stopped using a service"

    relationship = models.ForeignKey("journeys.Relationship", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField("What happened", max_length=20, choices=Kind.choices)
    happened_on = models.DateField("When it happened")
    job_title = models.CharField("Job title", max_length=120, blank=True)
    hours_a_week = models.DecimalField(
        "Hours a week", max_digits=4, decimal_places=1, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    amount = models.DecimalField(
        "Amount (£)",
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    note = models.CharField("More about it", max_length=500, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    confirmed_by_client_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-happened_on", "-pk"]

    def __str__(self) -> str:
        return self.get_kind_display()
