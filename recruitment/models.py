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
