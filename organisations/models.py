from __future__ import annotations

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models import F, Q

from core.models import Archivable, OrganisationOwned, Versioned


class Organisation(models.Model):
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=60, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    ORG_ADMIN = "org_admin", "Organisation admin"
    COORDINATOR = "coordinator", "Coordinator"
    SUPERVISOR = "supervisor", "Supervisor"
    FACILITATOR = "facilitator", "Group facilitator"
    COACH = "coach", "Peer coach"
    CLIENT = "client", "Client"


STAFF_ROLES = (Role.ORG_ADMIN, Role.COORDINATOR, Role.SUPERVISOR, Role.FACILITATOR)


class User(AbstractUser):
    """A sign-in. Everyone but a superuser belongs to exactly one organisation with one role."""

    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="users"
    )
    role = models.CharField(max_length=20, choices=Role.choices, blank=True)

    objects = UserManager()

    class Meta:
        constraints = [
            models.CheckConstraint(
                name="user_has_organisation_and_role_unless_superuser",
                condition=Q(is_superuser=True) | (Q(organisation__isnull=False) & ~Q(role="")),
            )
        ]

    def display_name(self) -> str:
        return self.get_full_name() or self.username


class Programme(Archivable, OrganisationOwned, Versioned):
    class Kind(models.TextChoices):
        COACHING = "coaching", "One-to-one coaching"
        MENTORING = "mentoring", "Peer mentoring"
        BEFRIENDING = "befriending", "Befriending"
        RECIPROCAL = "reciprocal", "Reciprocal peer pairs"
        GROUP = "group", "Facilitated group"

    class Status(models.TextChoices):
        PLANNED = "planned", "Being planned"
        OPEN = "open", "Open"
        PAUSED = "paused", "Paused"
        CLOSED = "closed", "Closed"

    class Rhythm(models.IntegerChoices):
        WEEKLY = 7, "Every week"
        FORTNIGHTLY = 14, "Every two weeks"
        THREE_WEEKLY = 21, "Every three weeks"
        MONTHLY = 28, "Every four weeks"

    name = models.CharField(max_length=120)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    description = models.TextField(blank=True, max_length=4000)
    min_months = models.PositiveSmallIntegerField("shortest length (months)")
    max_months = models.PositiveSmallIntegerField("longest length (months)")
    contact_every_days = models.PositiveSmallIntegerField(
        "expected contact", choices=Rhythm.choices, default=Rhythm.FORTNIGHTLY
    )
    coach_capacity = models.PositiveSmallIntegerField(
        "clients per coach at a time", default=3, help_text="Most peer coaches work with up to three people at once."
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="programme_name_unique_in_organisation"),
            models.CheckConstraint(name="programme_min_length_positive", condition=Q(min_months__gte=1)),
            models.CheckConstraint(name="programme_max_not_below_min", condition=Q(max_months__gte=F("min_months"))),
            models.CheckConstraint(name="programme_capacity_positive", condition=Q(coach_capacity__gte=1)),
        ]

    def __str__(self) -> str:
        return self.name

    def length_label(self) -> str:
        if self.min_months == self.max_months:
            return f"{self.min_months} months"
        return f"{self.min_months} to {self.max_months} months"


class HelpLine(OrganisationOwned, Versioned):
    """Where a client can get help now, shown on every page a client sees: the organisation's own
    contact first, then national lines. An organisation that has set none shows NATIONAL_HELP_LINES."""

    name = models.CharField("Who", max_length=120, help_text="For example “Our duty worker” or “Samaritans”.")
    how = models.CharField("How to reach them", max_length=200, help_text="For example “Call 116 123 (free)”.")
    when = models.CharField("When", max_length=120, blank=True, help_text="For example “any time, day or night”.")
    order = models.PositiveSmallIntegerField("Position in the list", default=10)

    class Meta:
        ordering = ["order", "id"]
        indexes = [models.Index(fields=["organisation", "order"])]

    def __str__(self) -> str:
        return self.name


# What every organisation shows until it sets its own list (UK lines, free to call).
NATIONAL_HELP_LINES = [
    {"name": "Emergency services", "how": "Call 999", "when": "if you or someone else is in danger now"},
    {"name": "Samaritans", "how": "Call 116 123 (free)", "when": "any time, day or night"},
    {"name": "NHS 111", "how": "Call 111", "when": "for urgent health advice"},
    {"name": "Shout", "how": "Text SHOUT to 85258", "when": "any time, if talking is hard"},
]
