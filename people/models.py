from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q

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
        # Made from an application once checks start; active (working with clients) only when
        # recruitment moves them to "active".
        JOINING = "joining", "Getting ready"
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
    # Part of intake, so matching and the coach start from the same facts (Circumstance values).
    debt_kinds = models.JSONField("kinds of debt or difficulty", default=list, blank=True)
    debt_amount = models.DecimalField(
        "roughly how much they owe (£)",
        max_digits=9,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
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

    def debt_kind_labels(self) -> list[str]:
        labels = dict(Circumstance.choices)
        return [labels.get(c, c) for c in self.debt_kinds]


class CoachBreak(OrganisationOwned):
    """A coach's break: dated, with a reason. It ends by itself on `returns_on` (the coach's status
    goes back to active in the daily step, people.services.coach_breaks_finish); `ended_on` says
    when it actually ended, earlier if they came back early."""

    coach = models.ForeignKey(Coach, on_delete=models.PROTECT, related_name="breaks")
    starts_on = models.DateField("first day of the break")
    returns_on = models.DateField("back on")
    reason = models.CharField(max_length=300)
    ended_on = models.DateField(null=True, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-starts_on", "-id"]
        constraints = [
            models.CheckConstraint(name="coach_break_returns_after_start", condition=Q(returns_on__gt=F("starts_on"))),
            models.UniqueConstraint(
                fields=["coach"], condition=Q(ended_on__isnull=True), name="one_open_break_per_coach"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.coach}: a break from {self.starts_on:%-d %b %Y} to {self.returns_on:%-d %b %Y}"


class RiskAssessment(OrganisationOwned):
    """A short, dated risk assessment for visiting a client at home (the Housing First guidance asks
    for a risk management plan for home visits). A review is a new row, so the history stays."""

    class Level(models.TextChoices):
        LOW = "low", "Low"
        MEDIUM = "medium", "Medium"
        HIGH = "high", "High: visit in pairs or meet elsewhere"

    REVIEW_MONTHS = 3
    # "Due for review" on the coordinator's home from this many days before the review date.
    DUE_SOON_DAYS = 14

    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="risk_assessments")
    assessed_on = models.DateField("date of this assessment")
    review_by = models.DateField("review by")
    level = models.CharField("overall risk", max_length=10, choices=Level.choices, default=Level.LOW)
    others_present = models.TextField("who else may be there", blank=True, max_length=1000)
    animals = models.TextField(blank=True, max_length=500)
    access = models.TextField("getting in and out", blank=True, max_length=1000)
    substance_use = models.TextField(blank=True, max_length=1000)
    history = models.TextField("anything that has happened before", blank=True, max_length=2000)
    what_to_do = models.TextField("what to do", max_length=2000)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-assessed_on", "-id"]
        constraints = [
            models.CheckConstraint(
                name="risk_assessment_review_after_assessment", condition=Q(review_by__gt=F("assessed_on"))
            )
        ]

    def __str__(self) -> str:
        return f"Risk assessment for {self.client}, {self.assessed_on:%-d %b %Y}"

    def is_current(self, today) -> bool:
        return self.assessed_on <= today <= self.review_by


class Consent(OrganisationOwned):
    """What a client agreed to, when and how. Withdrawing keeps the row, dated, so the record says
    what was agreed at any time."""

    class Purpose(models.TextChoices):
        STORE = "store", "To store their details"
        SHARE = "share", "To share details with named services"
        CONTACT_TEXT = "contact_text", "To be contacted by text"
        CONTACT_EMAIL = "contact_email", "To be contacted by email"
        CASE_STUDY = "case_study", "To appear in an anonymised case study"

    class How(models.TextChoices):
        ONLINE_FORM = "online_form", "On the online referral form"
        IN_PERSON = "in_person", "In person"
        PHONE = "phone", "On the phone"
        IN_WRITING = "in_writing", "In writing"

    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="consents")
    purpose = models.CharField("what they agreed to", max_length=20, choices=Purpose.choices)
    detail = models.CharField(
        "details", max_length=300, blank=True, help_text="For sharing: name the services, e.g. Riverside Money Advice."
    )
    given_on = models.DateField("date they agreed")
    how = models.CharField("how they agreed", max_length=20, choices=How.choices)
    withdrawn_on = models.DateField(null=True, blank=True)
    withdrawn_how = models.CharField(max_length=20, choices=How.choices, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["purpose", "-given_on", "-id"]
        constraints = [
            models.CheckConstraint(
                name="consent_withdrawn_not_before_given",
                condition=Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gte=F("given_on")),
            )
        ]

    def __str__(self) -> str:
        return f"{self.client}: {self.get_purpose_display().lower()}"

    @property
    def standing(self) -> bool:
        return self.withdrawn_on is None


class SelfReferral(OrganisationOwned):
    """Someone asking for a coach on the public form of a programme. It waits on the coordinator's
    list; accepting it makes the client record (with the consents given on the form)."""

    class Status(models.TextChoices):
        WAITING = "waiting", "Waiting to be accepted"
        ACCEPTED = "accepted", "Accepted"
        DECLINED = "declined", "Declined"

    programme = models.ForeignKey("organisations.Programme", on_delete=models.PROTECT, related_name="self_referrals")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.WAITING)
    first_name = models.CharField(max_length=80)
    last_name = models.CharField(max_length=80)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=30, blank=True)
    area = models.CharField("area you live in", max_length=120, blank=True)
    debt_kinds = models.JSONField("what you need help with", default=list, blank=True)
    debt_amount = models.DecimalField(
        "roughly how much you owe (£), if you know",
        max_digits=9,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    circumstances = models.TextField("anything else you would like us to know", blank=True, max_length=3000)
    hopes = models.TextField("what you hope a coach could help with", blank=True, max_length=2000)
    availability = models.CharField("when you are free", max_length=300, blank=True)
    # What they agreed to on the form (Consent.Purpose values); "store" is required to send it.
    consents = models.JSONField(default=list, blank=True)
    share_with = models.CharField(max_length=300, blank=True)
    source_hash = models.CharField(max_length=64, blank=True, db_index=True)
    form_token = models.CharField(max_length=200, unique=True)
    client = models.OneToOneField(Client, null=True, blank=True, on_delete=models.PROTECT, related_name="self_referral")
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"

    def debt_kind_labels(self) -> list[str]:
        labels = dict(Circumstance.choices)
        return [labels.get(c, c) for c in self.debt_kinds]


class Professional(OrganisationOwned, Versioned):
    """Someone from another service involved with a client (social worker, housing officer...).

    The coach sees who they are; their contact details only if the client agreed the coach may
    have them (`coach_may_contact`)."""

    class Kind(models.TextChoices):
        SOCIAL_WORKER = "social_worker", "Social worker"
        HOUSING_OFFICER = "housing_officer", "Housing officer"
        PROBATION = "probation", "Probation officer"
        GP = "gp", "GP"
        SUPPORT_WORKER = "support_worker", "Support worker"
        DEBT_ADVISER = "debt_adviser", "Debt adviser"
        OTHER = "other", "Other"

    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="professionals")
    kind = models.CharField("their role", max_length=20, choices=Kind.choices)
    name = models.CharField(max_length=160)
    agency = models.CharField("service or agency", max_length=160, blank=True)
    phone = models.CharField(max_length=30, blank=True)
    email = models.EmailField(blank=True)
    how_to_reach = models.CharField("best way to reach them", max_length=300, blank=True)
    may_share = models.CharField(
        "what the client agreed may be shared with them",
        max_length=500,
        blank=True,
        help_text="In the client's words if you can. Leave empty if nothing.",
    )
    coach_may_contact = models.BooleanField(
        "The client agreed their coach may have these contact details", default=False
    )
    involved = models.BooleanField("still involved", default=True)

    # What a person may change (the form and the audit entry of a new one).
    EDITABLE = ["kind", "name", "agency", "phone", "email", "how_to_reach", "may_share", "coach_may_contact"]
    EDITABLE += ["involved"]

    class Meta:
        ordering = ["-involved", "kind", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_kind_display().lower()})"


class AgencyMeeting(OrganisationOwned):
    """A multi-agency meeting about a client, and which professionals came."""

    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="agency_meetings")
    held_on = models.DateField("date of the meeting")
    professionals_present = models.ManyToManyField(Professional, blank=True, related_name="meetings_attended")
    others_present = models.CharField(
        "others who came", max_length=300, blank=True, help_text="For example: the client, their coach, a coordinator."
    )
    summary = models.TextField("what was agreed", max_length=4000)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return f"Multi-agency meeting about {self.client}, {self.held_on:%-d %b %Y}"
