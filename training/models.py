from __future__ import annotations

import datetime

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from core.models import OrganisationOwned, Versioned

EXPIRY_WARNING = datetime.timedelta(days=42)


class Module(OrganisationOwned, Versioned):
    """A piece of training in the organisation's catalogue: safeguarding, boundaries, debt awareness,
    or an accredited course such as Level 2 peer mentoring."""

    name = models.CharField(max_length=120)
    description = models.TextField(blank=True, max_length=2000)
    refresh_every_months = models.PositiveSmallIntegerField(
        "Refresh every (months)", null=True, blank=True, help_text="Leave empty if it never needs refreshing."
    )
    accredited = models.BooleanField("An accredited course", default=False)
    awarding_body = models.CharField(max_length=120, blank=True)
    required_for = models.ManyToManyField(
        "organisations.Programme",
        blank=True,
        related_name="required_modules",
        verbose_name="Required before coaching in",
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="module_name_unique_in_organisation"),
            models.CheckConstraint(
                name="accredited_module_names_awarding_body", condition=Q(accredited=False) | ~Q(awarding_body="")
            ),
        ]

    def __str__(self) -> str:
        return self.name


class ProgrammeChecks(OrganisationOwned, Versioned):
    """What checks a programme asks of its coaches, beside its required modules."""

    programme = models.OneToOneField("organisations.Programme", on_delete=models.CASCADE, related_name="checks_needed")
    dbs_required = models.BooleanField("A cleared DBS check, in date", default=True)
    references_required = models.PositiveSmallIntegerField("References received", default=2)
    # A guide for the coordinator's individual judgement in the suitability conversation, never a
    # rule that rejects anyone.
    recovery_guideline = models.CharField(
        "Recovery guideline", max_length=300, blank=True, help_text="For example: usually stable for 12 months."
    )

    def __str__(self) -> str:
        return f"Checks for {self.programme}"


class InductionItem(OrganisationOwned):
    """One module in a coach's induction plan, in the week it is planned for. Induction can be
    staggered over weeks while checks are pending."""

    coach = models.ForeignKey("people.Coach", on_delete=models.CASCADE, related_name="induction_items")
    module = models.ForeignKey(Module, on_delete=models.CASCADE, related_name="induction_items")
    planned_for = models.DateField("Planned for the week of")

    class Meta:
        ordering = ["planned_for", "module__name"]
        constraints = [models.UniqueConstraint(fields=["coach", "module"], name="one_plan_item_per_module")]

    def __str__(self) -> str:
        return f"{self.module} for {self.coach}"


class Completion(OrganisationOwned):
    coach = models.ForeignKey("people.Coach", on_delete=models.CASCADE, related_name="completions")
    module = models.ForeignKey(Module, on_delete=models.PROTECT, related_name="completions")
    completed_on = models.DateField("Completed on")
    expires_on = models.DateField("Expires on", null=True, blank=True)
    notes = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-completed_on"]
        constraints = [
            models.CheckConstraint(
                name="completion_expires_after_completed",
                condition=Q(expires_on__isnull=True) | Q(expires_on__gt=F("completed_on")),
            )
        ]

    def __str__(self) -> str:
        return f"{self.module} completed by {self.coach}"

    @staticmethod
    def expiry_for(module: Module, completed_on: datetime.date) -> datetime.date | None:
        if not module.refresh_every_months:
            return None
        return completed_on + relativedelta(months=module.refresh_every_months)

    @property
    def in_date(self) -> bool:
        return self.expires_on is None or self.expires_on >= timezone.localdate()

    @property
    def expiring_soon(self) -> bool:
        today = timezone.localdate()
        return bool(self.expires_on and today <= self.expires_on <= today + EXPIRY_WARNING)


class Aspiration(OrganisationOwned):
    """What a coach hopes to learn or gain: a qualification, a route into paid work, confidence."""

    coach = models.ForeignKey("people.Coach", on_delete=models.CASCADE, related_name="aspirations")
    text = models.CharField("What I would like to learn or achieve", max_length=500)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.text


# The coordinator's home lists an agreement from this long before its review date.
REVIEW_WARNING = datetime.timedelta(days=30)


class Agreement(OrganisationOwned):
    """A document every coach acknowledges: our agreement, boundaries, confidentiality."""

    class Kind(models.TextChoices):
        CODE_OF_CONDUCT = "code_of_conduct", "Our Agreement (code of conduct)"
        BOUNDARIES = "boundaries", "Boundaries and expectations"
        CONFIDENTIALITY = "confidentiality", "Confidentiality statement"
        OTHER = "other", "Other"

    kind = models.CharField(max_length=30, choices=Kind.choices)
    title = models.CharField(max_length=120)
    # Agreements are looked at again now and then; the coordinator's home says when one is due.
    review_on = models.DateField("Review by", null=True, blank=True)

    class Meta:
        ordering = ["title"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "title"], name="agreement_title_unique_in_organisation")
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def review_overdue(self) -> bool:
        return self.review_on is not None and self.review_on < timezone.localdate()

    def current_version(self) -> AgreementVersion | None:
        versions = list(self.versions.all())
        return max(versions, key=lambda v: v.number) if versions else None


class AgreementVersion(OrganisationOwned):
    """Versions are never edited: a change is a new version, and everyone acknowledges it again."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField()
    body = models.TextField(max_length=20000)
    change_note = models.CharField("What changed", max_length=300, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["agreement", "-number"]
        constraints = [models.UniqueConstraint(fields=["agreement", "number"], name="agreement_version_number_unique")]

    def __str__(self) -> str:
        return f"{self.agreement}, version {self.number}"


class Acknowledgement(OrganisationOwned):
    """A coach acknowledged a version: themselves, signed in, or on paper, recorded by staff
    (`by`), with the date they signed and the signed copy kept (SignedCopy)."""

    coach = models.ForeignKey("people.Coach", on_delete=models.CASCADE, related_name="acknowledgements")
    version = models.ForeignKey(AgreementVersion, on_delete=models.PROTECT, related_name="acknowledgements")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    on_paper = models.BooleanField(default=False)
    signed_on = models.DateField("Signed on", null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["coach", "version"], name="acknowledge_a_version_once")]

    def __str__(self) -> str:
        return f"{self.coach} acknowledged {self.version}"


class SignedCopy(OrganisationOwned):
    """The scan or photo of a paper acknowledgement. Kept in the database, beside the record it
    proves, so it is scoped like every other record and only ever served through a page that
    checks who is asking (and records that they looked); kept apart from the acknowledgement so
    lists of acknowledgements never load it."""

    MAX_BYTES = 5 * 1024 * 1024
    TYPES = {"application/pdf": ".pdf", "image/jpeg": ".jpg", "image/png": ".png"}

    acknowledgement = models.OneToOneField(Acknowledgement, on_delete=models.CASCADE, related_name="signed_copy")
    name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=50)
    data = models.BinaryField()

    def __str__(self) -> str:
        return self.name
