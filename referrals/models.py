"""Other services a client can be referred or signposted to, and what came of it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from core.models import OrganisationOwned, Versioned


class Service(OrganisationOwned, Versioned):
    """An entry in the organisation's directory of other services."""

    class Kind(models.TextChoices):
        DEBT = "debt", "Debt advice"
        MONEY = "money", "Money and benefits"
        MENTAL_HEALTH = "mental_health", "Mental health"
        HOUSING = "housing", "Housing"
        SUBSTANCE_USE = "substance_use", "Drugs and alcohol"
        EMPLOYMENT = "employment", "Work and employment"
        LEARNING = "learning", "Training and learning"
        DOMESTIC_ABUSE = "domestic_abuse", "Domestic abuse"
        HEALTH = "health", "Physical health"
        LEGAL = "legal", "Legal advice"
        FOOD = "food", "Food and essentials"
        OTHER = "other", "Something else"

    name = models.CharField(max_length=150)
    kind = models.CharField("What they help with", max_length=20, choices=Kind.choices)
    description = models.TextField("What they offer", blank=True, max_length=2000)
    area = models.CharField("Area they cover", max_length=120, blank=True)
    phone = models.CharField(max_length=30, blank=True)
    email = models.EmailField(blank=True)
    website = models.URLField(blank=True)
    how_to_refer = models.TextField("How to refer someone", blank=True, max_length=2000)
    active = models.BooleanField("Still taking referrals", default=True)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["organisation", "name"], name="service_name_unique")]

    def __str__(self) -> str:
        return self.name


class Referral(OrganisationOwned, Versioned):
    """A client referred (we contacted the service for them) or signposted (we told them about it)."""

    class Kind(models.TextChoices):
        REFERRAL = "referral", "Referred: we contacted the service for them"
        SIGNPOST = "signpost", "Signposted: we told them about the service"

    class Outcome(models.TextChoices):
        OPEN = "open", "Waiting to hear"
        ENGAGED = "engaged", "Getting help from them"
        COMPLETED = "completed", "Got the help they needed"
        SERVICE_DECLINED = "service_declined", "The service could not help"
        CLIENT_DECLINED = "client_declined", "The client chose not to go"
        NO_RESPONSE = "no_response", "No response"

    CLOSED = (Outcome.COMPLETED, Outcome.SERVICE_DECLINED, Outcome.CLIENT_DECLINED, Outcome.NO_RESPONSE)

    client = models.ForeignKey("people.Client", on_delete=models.CASCADE, related_name="referrals")
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="referrals")
    kind = models.CharField("Referred or signposted", max_length=10, choices=Kind.choices)
    reason = models.TextField("Why, in a sentence or two", max_length=2000)
    made_on = models.DateField("Date")
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    outcome = models.CharField(max_length=20, choices=Outcome.choices, default=Outcome.OPEN)
    outcome_on = models.DateField("Date of the outcome", null=True, blank=True)
    outcome_notes = models.TextField("What happened", blank=True, max_length=2000)

    class Meta:
        ordering = ["-made_on", "-id"]
        indexes = [models.Index(fields=["organisation", "outcome"], name="referral_by_outcome")]
        constraints = [
            models.CheckConstraint(
                name="referral_outcome_is_dated",
                condition=Q(outcome="open") | Q(outcome_on__isnull=False),
                violation_error_message="Give the date you heard what happened.",
            ),
            models.CheckConstraint(
                name="referral_outcome_not_before_it_was_made",
                condition=Q(outcome_on__isnull=True) | Q(outcome_on__gte=models.F("made_on")),
                violation_error_message="The outcome cannot be before the referral was made.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display().split(':')[0]} to {self.service}"

    @property
    def is_open(self) -> bool:
        # Open until someone hears back; "getting help" is an outcome the coach has heard.
        return self.outcome == self.Outcome.OPEN
