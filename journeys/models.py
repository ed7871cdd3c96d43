from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from core.models import OrganisationOwned, Versioned


class ProgrammeStage(OrganisationOwned):
    """One stage of a programme's own coaching process (Peerability's six stages; or getting to
    know each other, planning, doing, ending), in order. The coach moves each pair on."""

    programme = models.ForeignKey("organisations.Programme", on_delete=models.CASCADE, related_name="stages")
    number = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=80)

    class Meta:
        ordering = ["programme", "number"]
        constraints = [models.UniqueConstraint(fields=["programme", "number"], name="programme_stage_number_once")]

    def __str__(self) -> str:
        return self.name


class ProgrammePractice(OrganisationOwned):
    """How a programme asks its pairs to work, beyond its length and rhythm."""

    programme = models.OneToOneField("organisations.Programme", on_delete=models.CASCADE, related_name="practice")
    # The Athena scheme asks for some face-to-face meetings, especially at first: a pair who have
    # not met face to face within this many weeks of starting is flagged to the coordinator.
    face_to_face_weeks = models.PositiveSmallIntegerField("Meet face to face within (weeks)", null=True, blank=True)

    def __str__(self) -> str:
        return f"How {self.programme} works"


class Relationship(OrganisationOwned, Versioned):
    """A client and a peer coach working together in a programme."""

    class Status(models.TextChoices):
        INTRODUCING = "introducing", "Getting to know each other"
        ACTIVE = "active", "Working together"
        PAUSED = "paused", "Paused"
        ENDED = "ended", "Ended"

    OPEN_STATUSES = (Status.INTRODUCING, Status.ACTIVE, Status.PAUSED)

    class Kind(models.TextChoices):
        # Neither is "better": a relationship may start informal and become formal, or the reverse.
        BEFRIENDING = "befriending", "Informal befriending"
        MENTORING = "mentoring", "Formal mentoring"
        COACHING = "coaching", "Coaching"

    NEARLY_ENDED_DAYS = 28

    programme = models.ForeignKey("organisations.Programme", on_delete=models.PROTECT, related_name="relationships")
    coach = models.ForeignKey("people.Coach", on_delete=models.PROTECT, related_name="relationships")
    # PROTECT: a client's work with a coach is history that must outlive any slip. People are
    # archived; only the erasure process, which decides what must be kept, removes anyone.
    client = models.ForeignKey("people.Client", on_delete=models.PROTECT, related_name="relationships")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.INTRODUCING)
    started_on = models.DateField()
    planned_end_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    kind = models.CharField("Way of working", max_length=20, choices=Kind.choices, default=Kind.COACHING)
    paused_reason = models.CharField("Why it is paused", max_length=300, blank=True)
    expected_return_on = models.DateField("Expected back", null=True, blank=True)
    # The coach's break this pause waits out: when the break ends the relationship starts again
    # by itself (journeys.away.resume_after_break). Empty for a pause for any other reason.
    paused_for = models.ForeignKey(
        "people.CoachBreak", null=True, blank=True, on_delete=models.SET_NULL, related_name="paused_relationships"
    )
    # Derived from the plan and the last check-in by the services, and stored so that lists can
    # filter and sort on "overdue" in the database.
    check_in_due_on = models.DateField(null=True, blank=True)
    midpoint_review_on = models.DateField(null=True, blank=True)
    end_review_on = models.DateField(null=True, blank=True)
    stage = models.ForeignKey(ProgrammeStage, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    stage_since = models.DateField(null=True, blank=True)
    # Set at the start when the programme asks pairs to meet face to face in their first weeks, and
    # cleared when they do: "not met yet and past it" is one indexed condition for the home page.
    face_to_face_due_on = models.DateField(null=True, blank=True)
    met_face_to_face_on = models.DateField(null=True, blank=True)
    # Kept by meetings whenever one of this relationship's meetings is saved (meetings.models
    # .count_engagement; journeys sits below meetings and cannot count them itself): when the last
    # meeting that happened began, and how many the client has missed or cancelled since. The staff
    # home reads "clients who have stopped coming" from an index on these instead of counting every
    # relationship's meetings on every request.
    last_met_at = models.DateTimeField(null=True, blank=True, editable=False)
    missed_in_a_row = models.PositiveSmallIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["-started_on"]
        indexes = [
            models.Index(fields=["organisation", "status", "check_in_due_on"]),
            models.Index(
                fields=["organisation", "face_to_face_due_on"],
                condition=Q(face_to_face_due_on__isnull=False),
                name="relationship_face_to_face_due",
            ),
            models.Index(fields=["organisation", "missed_in_a_row"], name="relationship_missed_in_a_row"),
            # What the staff home counts and lists: ending soon, reviews falling due, and the
            # counts per programme (relationships and distinct coaches), each from an index alone.
            models.Index(fields=["organisation", "status", "planned_end_on"], name="relationship_status_end"),
            models.Index(fields=["organisation", "status", "midpoint_review_on"], name="relationship_status_midpoint"),
            models.Index(fields=["organisation", "status", "end_review_on"], name="relationship_status_end_review"),
            models.Index(fields=["organisation", "programme", "status", "coach"], name="relationship_programme"),
        ]
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

    def review_dates(self) -> dict[str, datetime.date]:
        """Midpoint halfway through the plan; the end review two weeks before the planned end,
        so there is time to act on it before the last meeting."""
        length = self.planned_end_on - self.started_on
        return {
            "midpoint_review_on": self.started_on + length / 2,
            "end_review_on": max(self.planned_end_on - datetime.timedelta(days=14), self.started_on),
        }

    @property
    def total_weeks(self) -> int:
        return max(1, round((self.planned_end_on - self.started_on).days / 7))

    @property
    def current_week(self) -> int:
        """Week N of the plan: week 1 is the first seven days."""
        today = self.ended_on or timezone.localdate()
        return max(1, (today - self.started_on).days // 7 + 1)

    @property
    def clock_label(self) -> str:
        if self.started_on > timezone.localdate():
            return f"Starts {self.started_on:%-d %b %Y}"
        if self.current_week > self.total_weeks:
            return f"Week {self.current_week}, past the planned {self.total_weeks}"
        return f"Week {self.current_week} of {self.total_weeks}"

    @property
    def is_nearly_ended(self) -> bool:
        return self.is_open and (self.planned_end_on - timezone.localdate()).days <= self.NEARLY_ENDED_DAYS

    @property
    def check_in_overdue(self) -> bool:
        return (
            self.status in (self.Status.ACTIVE, self.Status.INTRODUCING)
            and self.check_in_due_on is not None
            and self.check_in_due_on < timezone.localdate()
        )

    @property
    def stage_label(self) -> str:
        if self.stage is None:
            return ""
        count = ProgrammeStage.objects.filter(programme_id=self.stage.programme_id).count()
        return f"Stage {self.stage.number} of {count}: {self.stage.name}"

    def standing_ending(self):
        return next((e for e in self.endings.all() if e.undone_at is None), None)


SCALE = [
    (1, "Not started"),
    (2, "Made a start"),
    (3, "Getting there"),
    (4, "Nearly there"),
    (5, "Done it"),
]
SCALE_LABELS = dict(SCALE)


def _score_constraint(field: str, name: str) -> models.CheckConstraint:
    return models.CheckConstraint(name=name, condition=Q(**{f"{field}__gte": 1, f"{field}__lte": 5}))


class RelationshipEvent(OrganisationOwned):
    """One line of a relationship's story: started, kind changed, paused, extended, ended, ...

    The audit trail says who changed which field; this says what happened, in words a coach or a
    commissioner reads on the relationship's timeline."""

    class Kind(models.TextChoices):
        STARTED = "started", "Started"
        BEGAN_WORKING = "began_working", "Began working together"
        KIND_CHANGED = "kind_changed", "Way of working changed"
        PAUSED = "paused", "Paused"
        RESUMED = "resumed", "Resumed"
        EXTENDED = "extended", "Extended"
        ENDED = "ended", "Ended"
        ENDING_UNDONE = "ending_undone", "Ending undone"
        STAGE = "stage", "Moved on a stage"
        FACE_TO_FACE = "face_to_face", "First met face to face"

    relationship = models.ForeignKey(Relationship, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    summary = models.CharField(max_length=300)
    reason = models.TextField(blank=True, max_length=2000)
    happened_on = models.DateField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-happened_on", "-id"]

    def __str__(self) -> str:
        return self.summary


class Goal(OrganisationOwned, Versioned):
    """A positive outcome the client and coach agree, in the client's own words."""

    class Category(models.TextChoices):
        ARREARS = "arrears", "Clear rent or bill arrears"
        BUDGET = "budget", "Budgeting and managing money"
        CREDITORS = "creditors", "Dealing with creditors and debts"
        INCOME = "income", "Income and benefits"
        SAVING = "saving", "Saving"
        WORK = "work", "Work and volunteering"
        LEARNING = "learning", "Learning and training"
        HOUSING = "housing", "Housing"
        HEALTH = "health", "Health and wellbeing"
        FAMILY = "family", "Family"
        SOCIAL = "social", "Getting out and about"
        OTHER = "other", "Something else"

    FINANCIAL = {Category.ARREARS, Category.BUDGET, Category.CREDITORS, Category.INCOME, Category.SAVING}

    class Status(models.TextChoices):
        AGREED = "agreed", "Agreed"
        IN_PROGRESS = "in_progress", "In progress"
        ACHIEVED = "achieved", "Achieved"
        PARTLY_ACHIEVED = "partly_achieved", "Partly achieved"
        CHANGED = "changed", "Changed"
        DROPPED = "dropped", "Dropped"

    OPEN_STATUSES = (Status.AGREED, Status.IN_PROGRESS)

    relationship = models.ForeignKey(Relationship, on_delete=models.CASCADE, related_name="goals")
    title = models.CharField("The goal, in the client's words", max_length=200)
    category = models.CharField(max_length=20, choices=Category.choices)
    starting_point = models.TextField("Where things are now", max_length=2000)
    target = models.TextField("What it will look like when it is done", max_length=2000)
    baseline_score = models.PositiveSmallIntegerField("How far along at the start", choices=SCALE, default=1)
    target_date = models.DateField("Target date", null=True, blank=True)
    agreed_on = models.DateField("Agreed on")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.AGREED)

    class Meta:
        ordering = ["agreed_on", "id"]
        constraints = [_score_constraint("baseline_score", "goal_baseline_on_scale")]

    def __str__(self) -> str:
        return self.title

    @property
    def is_financial(self) -> bool:
        return self.category in self.FINANCIAL


class GoalStatusChange(OrganisationOwned):
    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(max_length=20, choices=Goal.Status.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=Goal.Status.choices)
    # The day it happened, which is the check-in's or review's date when one caused it.
    changed_on = models.DateField()
    note = models.CharField(max_length=500, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["changed_on", "id"]

    def __str__(self) -> str:
        return f"{self.goal}: {self.from_status or 'new'} to {self.to_status}"


class ActionStep(OrganisationOwned, Versioned):
    """One step of a goal's action plan. Behaviour-change practice asks that a step says at least
    one of where and with whom, how often, for how long, or how much: "look at my bank statement"
    is a wish; "every Sunday evening, 15 minutes, at the kitchen table" is a plan."""

    class Who(models.TextChoices):
        CLIENT = "client", "The client"
        COACH = "coach", "The peer coach"
        TOGETHER = "together", "Together"
        STAFF = "staff", "Staff"

    class Status(models.TextChoices):
        TO_DO = "to_do", "To do"
        DONE = "done", "Done"
        NOT_DONE = "not_done", "Not done"
        CHANGED = "changed", "Changed"

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="steps")
    description = models.CharField("What will be done", max_length=300)
    who = models.CharField("Who does it", max_length=20, choices=Who.choices)
    context = models.CharField("Where and with whom", max_length=200, blank=True)
    frequency = models.CharField("How often", max_length=200, blank=True)
    duration = models.CharField("For how long", max_length=200, blank=True)
    intensity = models.CharField("How much", max_length=200, blank=True)
    due_on = models.DateField("Due by", null=True, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.TO_DO)
    done_on = models.DateField(null=True, blank=True)

    SPECIFICS = ("context", "frequency", "duration", "intensity")
    SPECIFICS_MESSAGE = (
        "Say at least one of where and with whom, how often, for how long or how much. "
        "A step that says when and where it happens is much more likely to get done."
    )

    class Meta:
        ordering = ["due_on", "id"]
        constraints = [
            models.CheckConstraint(
                name="action_step_has_specifics",
                condition=~Q(context="") | ~Q(frequency="") | ~Q(duration="") | ~Q(intensity=""),
                violation_error_message=(
                    "Say at least one of where and with whom, how often, for how long or how much."
                ),
            ),
            models.CheckConstraint(
                name="action_step_done_has_date", condition=~Q(status="done") | Q(done_on__isnull=False)
            ),
        ]

    def __str__(self) -> str:
        return self.description

    def specifics(self) -> list[tuple[str, str]]:
        return [
            (self._meta.get_field(name).verbose_name, getattr(self, name))
            for name in self.SPECIFICS
            if getattr(self, name)
        ]


class CheckIn(OrganisationOwned):
    """A regular look at how things are going, done by the coach or by the client themselves."""

    class CompletedBy(models.TextChoices):
        COACH = "coach", "The peer coach"
        CLIENT = "client", "The client"
        STAFF = "staff", "Staff"

    relationship = models.ForeignKey(Relationship, on_delete=models.CASCADE, related_name="check_ins")
    held_on = models.DateField("Date")
    completed_by = models.CharField(max_length=10, choices=CompletedBy.choices)
    went_well = models.TextField("What went well", blank=True, max_length=3000)
    got_in_the_way = models.TextField("What got in the way", blank=True, max_length=3000)
    coach_feedback = models.TextField("Feedback from the coach", blank=True, max_length=3000)
    next_steps = models.TextField("Next steps", blank=True, max_length=3000)
    # Never shown to the client: the coach's working notes for themselves and their supervisor.
    coach_notes = models.TextField("Private notes (the client does not see these)", blank=True, max_length=3000)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    # When the coach answered a client's own check-in, and when the client read the answer: the
    # client's home says "Sam has replied" until they have.
    replied_at = models.DateTimeField(null=True, blank=True)
    reply_seen_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-held_on", "-id"]
        indexes = [
            models.Index(fields=["relationship", "-held_on"]),
            models.Index(
                fields=["relationship"],
                name="check_in_reply_unseen",
                condition=Q(replied_at__isnull=False, reply_seen_at__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return f"Check-in on {self.held_on:%d %b %Y}"


class CheckInRating(OrganisationOwned):
    check_in = models.ForeignKey(CheckIn, on_delete=models.CASCADE, related_name="ratings")
    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="check_in_ratings")
    score = models.PositiveSmallIntegerField(choices=SCALE)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["check_in", "goal"], name="one_rating_per_goal_per_check_in"),
            _score_constraint("score", "check_in_rating_on_scale"),
        ]

    def __str__(self) -> str:
        return f"{self.goal}: {self.score}"


class Review(OrganisationOwned):
    """The midpoint or end review of all of a relationship's goals."""

    class Kind(models.TextChoices):
        MIDPOINT = "midpoint", "Midpoint review"
        END = "end", "End review"

    relationship = models.ForeignKey(Relationship, on_delete=models.CASCADE, related_name="reviews")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    held_on = models.DateField("Date of the review")
    summary = models.TextField("What the review found", max_length=5000)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["held_on", "id"]
        constraints = [models.UniqueConstraint(fields=["relationship", "kind"], name="one_review_of_each_kind")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.held_on:%d %b %Y}"


class ReviewRating(OrganisationOwned):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="ratings")
    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="review_ratings")
    score = models.PositiveSmallIntegerField(choices=SCALE)
    comment = models.CharField(max_length=500, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["review", "goal"], name="one_rating_per_goal_per_review"),
            _score_constraint("score", "review_rating_on_scale"),
        ]

    def __str__(self) -> str:
        return f"{self.goal}: {self.score}"


class Ending(OrganisationOwned):
    """How a relationship ended. Kept when undone (with `undone_at`), so the story stays whole."""

    class Reason(models.TextChoices):
        CRISIS = "crisis", "Crisis"
        PHYSICAL_HEALTH = "physical_health", "Physical ill-health"
        MENTAL_HEALTH = "mental_health", "Mental ill-health"
        SUBSTANCE_USE = "substance_use", "Substance use"
        PAST_ACQUAINTANCE = "past_acquaintance", "They knew each other before"
        CLASH_OF_BELIEFS = "clash_of_beliefs", "A clash of beliefs"
        CLIENT_ASKED_FOR_SOMEONE_ELSE = "asked_for_someone_else", "The client asked for someone else"
        CONDUCT = "conduct", "Concerns about conduct"
        NOT_ENGAGING = "not_engaging", "Not engaging"
        NOT_ATTENDING = "not_attending", "Not attending"
        COACH_UNAVAILABLE = "coach_unavailable", "Coach no longer available"
        OTHER = "other", "Something else"

    # Reasons about this coach and this client together, not about either alone: the pair is not
    # tried again (matching records a known connection when one is recorded).
    ABOUT_THE_PAIR = frozenset({Reason.CLASH_OF_BELIEFS, Reason.CLIENT_ASKED_FOR_SOMEONE_ELSE, Reason.CONDUCT})

    class NextStep(models.TextChoices):
        REMATCH = "rematch", "Find the client another coach"
        REFERRAL = "referral", "Refer the client elsewhere"
        NONE = "none", "Nothing further"

    relationship = models.ForeignKey(Relationship, on_delete=models.CASCADE, related_name="endings")
    planned = models.BooleanField()
    ended_on = models.DateField("Date it ended")
    what_changed = models.TextField("What changed for the client", blank=True, max_length=5000)
    client_reflection = models.TextField("The client's reflections", blank=True, max_length=5000)
    coach_reflection = models.TextField("The coach's reflections", blank=True, max_length=5000)
    reason = models.CharField(max_length=30, choices=Reason.choices, blank=True)
    reason_detail = models.TextField("More about the reason", blank=True, max_length=2000)
    next_step = models.CharField("What happens next", max_length=20, choices=NextStep.choices, blank=True)
    case_study_consent_on = models.DateField("Client agreed to a case study on", null=True, blank=True)
    case_study = models.TextField("Anonymised case study", blank=True, max_length=10000)
    # What the service took out of it ({"found", "as"}), for the coordinator reviewing it; and that
    # review, without which it is not published.
    case_study_removed = models.JSONField(default=list, blank=True)
    case_study_reviewed_at = models.DateTimeField(null=True, blank=True)
    case_study_reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # What the ending changed, so undoing it can put things back exactly.
    previous_status = models.CharField(max_length=20, choices=Relationship.Status.choices)
    previous_client_status = models.CharField(max_length=20)
    goals_before = models.JSONField(default=dict, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    undone_at = models.DateTimeField(null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-ended_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["relationship"], condition=Q(undone_at__isnull=True), name="one_standing_ending"
            ),
            models.CheckConstraint(
                name="unplanned_ending_has_reason_and_next_step",
                condition=Q(planned=True) | (~Q(reason="") & ~Q(next_step="")),
            ),
            models.CheckConstraint(
                name="case_study_needs_consent",
                condition=Q(case_study="") | (Q(planned=True) & Q(case_study_consent_on__isnull=False)),
            ),
        ]

    def __str__(self) -> str:
        return f"{'Planned' if self.planned else 'Unplanned'} ending on {self.ended_on:%d %b %Y}"

    @property
    def is_about_the_pair(self) -> bool:
        return not self.planned and self.reason in self.ABOUT_THE_PAIR


class ClientFeedback(OrganisationOwned):
    """How it is going with their coach, in the client's words, for the staff: the coach does not see
    it, so a client can say what they could not say to the coach."""

    class Feeling(models.TextChoices):
        WELL = "well", "It is going well"
        OKAY = "okay", "It is okay"
        NOT_WELL = "not_well", "It is not going well"

    relationship = models.ForeignKey(Relationship, on_delete=models.PROTECT, related_name="client_feedback")
    feeling = models.CharField("How is it going with your coach?", max_length=10, choices=Feeling.choices)
    comment = models.TextField("Anything you want to tell us", blank=True, max_length=3000)
    wants_contact = models.BooleanField("I would like someone from the team to get in touch with me", default=False)
    read_at = models.DateTimeField(null=True, blank=True)
    read_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["relationship", "-created_at"]),
            # The staff home counts only what nobody has read yet.
            models.Index(fields=["organisation"], name="client_feedback_unread", condition=Q(read_at__isnull=True)),
        ]

    def __str__(self) -> str:
        return f"Feedback on {self.created_at:%d %b %Y}"

    @property
    def needs_a_look(self) -> bool:
        return self.feeling == self.Feeling.NOT_WELL or self.wants_contact
