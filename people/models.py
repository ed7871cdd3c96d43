from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from core.models import Archivable, OrganisationOwned, Versioned


class Circumstance(models.TextChoices):
    """Kinds of difficulty someone has lived through or is living with, for matching on
    similar experience (and for a coach's "I won't work with..." exclusions)."""

    RENT_ARREARS = "rent_arrears", "Rent arrears"
    COUNCIL_TAX = "council_tax", "Council tax debt"
    ENERGY = "energy", "Energy bills"
    PAYDAY_LOANS = "payday_loans", "Payday loans"
    CREDIT_CARDS = "credit_cards", "Credit cards and catalogues"
    BENEFITS = "benefits", "Benefit problems"
    HOMELESSNESS = "homelessness", "Homelessness"
    MENTAL_HEALTH = "mental_health", "Mental health"
    ALCOHOL = "alcohol", "Alcohol"
    DRUGS = "drugs", "Drugs"
    PRISON = "prison", "Prison"
    UNEMPLOYMENT = "unemployment", "Losing work"
    BEREAVEMENT = "bereavement", "Bereavement"
    DOMESTIC_ABUSE = "domestic_abuse", "Domestic abuse"
    CARING = "caring", "Caring for someone"
    ISOLATION = "isolation", "Loneliness"


class Channel(models.TextChoices):
    FACE_TO_FACE = "face_to_face", "Face to face"
    PHONE = "phone", "Phone"
    VIDEO = "video", "Video call"
    MESSAGE = "message", "Text or message"


class Person(Archivable, OrganisationOwned, Versioned):
    first_name = models.CharField(max_length=80)
    last_name = models.CharField(max_length=80)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=30, blank=True)
    area = models.CharField("area they live in", max_length=120, blank=True)

    class Meta:
        abstract = True
        ordering = ["last_name", "first_name"]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def full_name(self) -> str:
        return str(self)


class StaffMember(Person):
    """A member of staff. Their role (coordinator, supervisor...) lives on their sign-in.

    Archiving them turns the sign-in off and keeps both; deleting the sign-in cannot take the
    record with it."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="staff_profile")
    job_title = models.CharField(max_length=120, blank=True)

    class Meta(Person.Meta):
        pass


class Coach(Person):
    class Employment(models.TextChoices):
        VOLUNTEER = "volunteer", "Volunteer"
        PAID = "paid", "Paid"

    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        PAUSED = "paused", "Taking a break"
        LEFT = "left", "Left"

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="coach_profile"
    )
    employment = models.CharField(max_length=20, choices=Employment.choices, default=Employment.VOLUNTEER)
    role_title = models.CharField(
        max_length=120, default="Peer Coach", help_text="A title that matches local jobs, e.g. Peer Specialist."
    )
    lived_experience = models.TextField("lived experience, in their own words", blank=True, max_length=4000)
    interests = models.TextField(blank=True, max_length=2000)
    languages = models.CharField(max_length=200, blank=True, help_text="For example: English, Polish")
    availability = models.CharField(max_length=300, blank=True, help_text="For example: Tuesday mornings")
    meeting_reminders = models.BooleanField("Email a reminder the day before each meeting", default=True)
    agreed_weekly_hours = models.DecimalField(
        max_digits=4,
        decimal_places=1,
        default=4,
        validators=[MinValueValidator(0), MaxValueValidator(60)],
    )
    date_of_birth = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.ACTIVE)
    started_on = models.DateField(null=True, blank=True)

    class Meta(Person.Meta):
        verbose_name_plural = "coaches"
        constraints = [
            models.CheckConstraint(
                name="coach_weekly_hours_in_range",
                condition=Q(agreed_weekly_hours__gte=0) & Q(agreed_weekly_hours__lte=60),
            )
        ]


class Client(Person):
    class Status(models.TextChoices):
        WAITING = "waiting", "Waiting for a coach"
        MATCHED = "matched", "Working with a coach"
        ENDED = "ended", "Finished"
        WITHDRAWN = "withdrawn", "Withdrew"

    class ReferralSource(models.TextChoices):
        SELF = "self", "Referred themselves"
        HOUSING = "housing", "Housing officer"
        DEBT_ADVICE = "debt_advice", "Debt advice service"
        GP = "gp", "GP or health service"
        SOCIAL_WORK = "social_work", "Social worker"
        MENTAL_HEALTH = "mental_health", "Mental health team"
        PROBATION = "probation", "Probation"
        OTHER = "other", "Other"

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="client_profile"
    )
    programme = models.ForeignKey(
        "organisations.Programme", on_delete=models.PROTECT, related_name="clients", null=True, blank=True
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.WAITING)
    referral_source = models.CharField(max_length=20, choices=ReferralSource.choices)
    referral_date = models.DateField()
    consent_given_on = models.DateField(
        "date they agreed we can store their details",
        help_text="We can only keep someone's details once they have agreed.",
    )
    date_of_birth = models.DateField(null=True, blank=True)
    circumstances = models.TextField(blank=True, max_length=4000)
    hopes = models.TextField("what they hope for", blank=True, max_length=2000)
    interests = models.TextField(blank=True, max_length=2000)
    preferred_channels = models.JSONField(default=list, blank=True)
    language = models.CharField("main language", max_length=60, default="English")
    availability = models.CharField(max_length=300, blank=True)
    meeting_reminders = models.BooleanField("Email a reminder the day before each meeting", default=True)
    # Coaches and the client never see these.
    staff_notes = models.TextField(blank=True, max_length=4000)

    class Meta(Person.Meta):
        indexes = [
            # The staff home's longest waits: waiting clients, oldest referral first.
            models.Index(fields=["organisation", "status", "referral_date"], name="client_waiting_since"),
            # The counts per programme (waiting) and "no programme yet", from the index alone.
            models.Index(fields=["organisation", "programme", "status", "archived_at"], name="client_programme_status"),
        ]
        # On PostgreSQL the name, email and phone search has trigram indexes too (migration
        # 0004_client_search_indexes); they are not declared here because SQLite has no such index.

    def channel_labels(self) -> list[str]:
        labels = dict(Channel.choices)
        return [labels.get(c, c) for c in self.preferred_channels]
