from __future__ import annotations

from django.db import models
from django.db.models import F, Q

from core.models import OrganisationOwned, Versioned


class Relationship(OrganisationOwned, Versioned):
    """A client and a peer coach working together in a programme."""

    class Status(models.TextChoices):
        INTRODUCING = "introducing", "Getting to know each other"
        ACTIVE = "active", "Working together"
        PAUSED = "paused", "Paused"
        ENDED = "ended", "Ended"

    OPEN_STATUSES = (Status.INTRODUCING, Status.ACTIVE, Status.PAUSED)

    programme = models.ForeignKey("organisations.Programme", on_delete=models.PROTECT, related_name="relationships")
    coach = models.ForeignKey("people.Coach", on_delete=models.PROTECT, related_name="relationships")
    client = models.ForeignKey("people.Client", on_delete=models.CASCADE, related_name="relationships")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.INTRODUCING)
    started_on = models.DateField()
    planned_end_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-started_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["client", "programme"],
                condition=~Q(status="ended"),
                name="one_open_relationship_per_client_and_programme",
            ),
            models.CheckConstraint(
                name="relationship_planned_end_after_start", condition=Q(planned_end_on__gt=F("started_on"))
            ),
            models.CheckConstraint(
                name="relationship_end_not_before_start",
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on")),
            ),
            models.CheckConstraint(
                name="relationship_ended_has_end_date",
                condition=~Q(status="ended") | Q(ended_on__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.client} with {self.coach}"

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES
