"""Reciprocal peer coaching: two equals (a matching.ReciprocalPair) coach each other in turn. Each
session records who coached whom this time, so the roles alternate, what they worked on and what
helped. Each peer keeps their own reflection and a short wellbeing check, which only they can read."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from core.models import OrganisationOwned, Versioned

WELLBEING_LOW, WELLBEING_HIGH = 1, 5
WELLBEING_CHOICES = [
    (1, "1: struggling"),
    (2, "2: low"),
    (3, "3: getting by"),
    (4, "4: fairly well"),
    (5, "5: really well"),
]


class Focus(models.TextChoices):
    WELLBEING = "wellbeing", "Wellbeing"
    RESILIENCE = "resilience", "Resilience"
    GOAL_SETTING = "goal_setting", "Goal setting"
    REFLECTION = "reflection", "Reflection on practice"


class ReciprocalSession(OrganisationOwned, Versioned):
    pair = models.ForeignKey("matching.ReciprocalPair", on_delete=models.PROTECT, related_name="reciprocal_sessions")
    held_on = models.DateField("Date of the session")
    # Who coached this time; the other peer of the pair was coached.
    coach = models.ForeignKey("people.Coach", on_delete=models.PROTECT, related_name="+", verbose_name="Who coached")
    focus = models.CharField("What the session was about", max_length=20, choices=Focus.choices)
    goal = models.CharField("The goal worked on", max_length=300, blank=True)
    what_helped = models.TextField("What helped", max_length=2000, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-held_on", "-pk"]
        indexes = [models.Index(fields=["pair", "held_on"], name="reciprocal_session_pair_date")]

    def __str__(self) -> str:
        return f"Peer session on {self.held_on:%-d %B %Y}"


class PeerReflection(OrganisationOwned, Versioned):
    """One peer's own notes on one session: private to that peer (not the other peer, not staff)."""

    session = models.ForeignKey(ReciprocalSession, on_delete=models.CASCADE, related_name="reflections")
    peer = models.ForeignKey("people.Coach", on_delete=models.PROTECT, related_name="+")
    reflection = models.TextField("Your reflection", max_length=3000, blank=True)
    wellbeing_start = models.PositiveSmallIntegerField(
        "How you felt at the start", null=True, blank=True, choices=WELLBEING_CHOICES
    )
    wellbeing_end = models.PositiveSmallIntegerField(
        "How you felt at the end", null=True, blank=True, choices=WELLBEING_CHOICES
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["session", "peer"], name="peer_reflection_once_per_session"),
            models.CheckConstraint(
                name="peer_reflection_wellbeing_start_in_range",
                condition=Q(wellbeing_start__isnull=True)
                | Q(wellbeing_start__gte=WELLBEING_LOW, wellbeing_start__lte=WELLBEING_HIGH),
            ),
            models.CheckConstraint(
                name="peer_reflection_wellbeing_end_in_range",
                condition=Q(wellbeing_end__isnull=True)
                | Q(wellbeing_end__gte=WELLBEING_LOW, wellbeing_end__lte=WELLBEING_HIGH),
            ),
        ]

    def __str__(self) -> str:
        return "Reflection"
