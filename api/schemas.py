from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any, ClassVar, Literal

from ninja import Field, Schema
from pydantic import ValidationInfo, field_validator

from core.text import multi_line, one_line

Name = Field(..., min_length=1, max_length=80)
ChannelName = Literal["face_to_face", "phone", "video", "message"]


class Input(Schema):
    """Every request body. Its text loses the characters nobody can see (core.text) before it is
    checked, as the forms' does: a one-line field loses breaks too; the fields named in
    `paragraphs` keep their newlines and tabs."""

    paragraphs: ClassVar[frozenset[str]] = frozenset()

    @field_validator("*", mode="before")
    @classmethod
    def _without_hidden_characters(cls, value: Any, info: ValidationInfo) -> Any:
        if isinstance(value, str):
            return multi_line(value) if info.field_name in cls.paragraphs else one_line(value)
        return value


class Me(Schema):
    username: str
    role: str
    role_label: str
    organisation: str
    organisation_id: int


class ProgrammeOut(Schema):
    id: int
    name: str
    kind: str
    description: str
    min_months: int
    max_months: int
    contact_every_days: int
    coach_capacity: int
    status: str
    archived: bool
    version: int


class ProgrammeIn(Input):
    paragraphs = frozenset({"description"})
    name: str = Field(..., min_length=1, max_length=120)
    kind: Literal["coaching", "mentoring", "befriending", "reciprocal", "group"]
    description: str = Field("", max_length=4000)
    min_months: int = Field(..., ge=1, le=120)
    max_months: int = Field(..., ge=1, le=120)
    contact_every_days: Literal[7, 14, 21, 28] = 14
    coach_capacity: int = Field(3, ge=1, le=50)
    status: Literal["planned", "open", "paused", "closed"] = "open"


class ProgrammePatch(Input):
    paragraphs = frozenset({"description"})
    version: int = Field(..., ge=1, le=2**31, description="The version you read; a stale one is refused with 409.")
    name: str | None = Field(None, min_length=1, max_length=120)
    kind: Literal["coaching", "mentoring", "befriending", "reciprocal", "group"] | None = None
    description: str | None = Field(None, max_length=4000)
    min_months: int | None = Field(None, ge=1, le=120)
    max_months: int | None = Field(None, ge=1, le=120)
    contact_every_days: Literal[7, 14, 21, 28] | None = None
    coach_capacity: int | None = Field(None, ge=1, le=50)
    status: Literal["planned", "open", "paused", "closed"] | None = None


class CoachListItem(Schema):
    id: int
    first_name: str
    last_name: str
    role_title: str
    employment: str
    status: str
    area: str
    languages: str


class CoachOut(CoachListItem):
    email: str
    phone: str
    lived_experience: str
    interests: str
    availability: str
    agreed_weekly_hours: Decimal
    date_of_birth: datetime.date | None
    started_on: datetime.date | None
    archived: bool = Field(..., description="Archived coaches are kept but hidden; a coordinator can restore them.")
    version: int


class CoachIn(Input):
    paragraphs = frozenset({"lived_experience", "interests"})
    first_name: str = Name
    last_name: str = Name
    email: str = Field("", max_length=254)
    phone: str = Field("", max_length=30)
    area: str = Field("", max_length=120)
    employment: Literal["volunteer", "paid"] = "volunteer"
    role_title: str = Field("Peer Coach", min_length=1, max_length=120)
    lived_experience: str = Field("", max_length=4000)
    interests: str = Field("", max_length=2000)
    languages: str = Field("", max_length=200)
    availability: str = Field("", max_length=300)
    meeting_reminders: bool = True
    agreed_weekly_hours: Decimal = Field(Decimal(4), ge=0, le=60, max_digits=4, decimal_places=1)
    date_of_birth: datetime.date | None = None
    status: Literal["active", "paused", "left"] = "active"
    started_on: datetime.date | None = None


class CoachPatch(Input):
    paragraphs = frozenset({"lived_experience", "interests"})
    version: int = Field(..., ge=1, le=2**31, description="The version you read; a stale one is refused with 409.")
    first_name: str | None = Field(None, min_length=1, max_length=80)
    last_name: str | None = Field(None, min_length=1, max_length=80)
    email: str | None = Field(None, max_length=254)
    phone: str | None = Field(None, max_length=30)
    area: str | None = Field(None, max_length=120)
    employment: Literal["volunteer", "paid"] | None = None
    role_title: str | None = Field(None, min_length=1, max_length=120)
    lived_experience: str | None = Field(None, max_length=4000)
    interests: str | None = Field(None, max_length=2000)
    languages: str | None = Field(None, max_length=200)
    availability: str | None = Field(None, max_length=300)
    meeting_reminders: bool | None = None
    agreed_weekly_hours: Decimal | None = Field(None, ge=0, le=60, max_digits=4, decimal_places=1)
    date_of_birth: datetime.date | None = None
    status: Literal["active", "paused", "left"] | None = None
    started_on: datetime.date | None = None


class ClientListItem(Schema):
    id: int
    first_name: str
    last_name: str
    status: str
    programme_id: int | None
    area: str
    language: str


class ClientForCoach(ClientListItem):
    """What a peer coach sees of their own client: enough to work together, nothing more."""

    email: str
    phone: str
    circumstances: str
    hopes: str
    interests: str
    preferred_channels: list[str]
    availability: str


class ClientOut(ClientForCoach):
    referral_source: str
    referral_date: datetime.date
    consent_given_on: datetime.date
    date_of_birth: datetime.date | None
    staff_notes: str
    meeting_reminders: bool
    archived: bool = Field(..., description="Archived clients are kept but hidden; a coordinator can restore them.")
    version: int


ReferralSource = Literal["self", "housing", "debt_advice", "gp", "social_work", "mental_health", "probation", "other"]


class ClientIn(Input):
    paragraphs = frozenset({"circumstances", "hopes", "interests", "staff_notes"})
    first_name: str = Name
    last_name: str = Name
    email: str = Field("", max_length=254)
    phone: str = Field("", max_length=30)
    area: str = Field("", max_length=120)
    # No status: a new client is waiting, and it then follows their relationships.
    programme_id: int | None = Field(None, ge=1, le=2**62)
    referral_source: ReferralSource
    referral_date: datetime.date
    consent_given_on: datetime.date
    date_of_birth: datetime.date | None = None
    circumstances: str = Field("", max_length=4000)
    hopes: str = Field("", max_length=2000)
    interests: str = Field("", max_length=2000)
    preferred_channels: list[ChannelName] = Field(default_factory=list, max_length=4)
    language: str = Field("English", min_length=1, max_length=60)
    availability: str = Field("", max_length=300)
    staff_notes: str = Field("", max_length=4000)


class ClientPatch(Input):
    paragraphs = frozenset({"circumstances", "hopes", "interests", "staff_notes"})
    version: int = Field(..., ge=1, le=2**31, description="The version you read; a stale one is refused with 409.")
    first_name: str | None = Field(None, min_length=1, max_length=80)
    last_name: str | None = Field(None, min_length=1, max_length=80)
    email: str | None = Field(None, max_length=254)
    phone: str | None = Field(None, max_length=30)
    area: str | None = Field(None, max_length=120)
    programme_id: int | None = Field(None, ge=1, le=2**62)
    referral_source: ReferralSource | None = None
    referral_date: datetime.date | None = None
    consent_given_on: datetime.date | None = None
    date_of_birth: datetime.date | None = None
    circumstances: str | None = Field(None, max_length=4000)
    hopes: str | None = Field(None, max_length=2000)
    interests: str | None = Field(None, max_length=2000)
    preferred_channels: list[ChannelName] | None = Field(None, max_length=4)
    language: str | None = Field(None, min_length=1, max_length=60)
    availability: str | None = Field(None, max_length=300)
    staff_notes: str | None = Field(None, max_length=4000)


class ErrorOut(Schema):
    detail: str | list[dict]


# --- working together ------------------------------------------------------------------------

GoalCategory = Literal[
    "arrears",
    "budget",
    "creditors",
    "income",
    "saving",
    "work",
    "learning",
    "housing",
    "health",
    "family",
    "social",
    "other",
]
GoalStatus = Literal["agreed", "in_progress", "achieved", "partly_achieved", "changed", "dropped"]
StepWho = Literal["client", "coach", "together", "staff"]
StepStatus = Literal["to_do", "done", "not_done", "changed"]
Score = Field(None, ge=1, le=5)
Version = Field(..., ge=1, le=2**31, description="The version you read; a stale one is refused with 409.")
Text = Field("", max_length=3000)


class PersonRef(Schema):
    id: int
    first_name: str
    last_name: str


class RelationshipListItem(Schema):
    id: int
    programme_id: int
    client: PersonRef
    coach: PersonRef
    status: str
    kind: str
    started_on: datetime.date
    planned_end_on: datetime.date
    ended_on: datetime.date | None
    check_in_due_on: datetime.date | None
    midpoint_review_on: datetime.date | None
    end_review_on: datetime.date | None
    current_week: int
    total_weeks: int
    version: int


class StepOut(Schema):
    id: int
    goal_id: int
    description: str
    who: str
    context: str
    frequency: str
    duration: str
    intensity: str
    due_on: datetime.date | None
    status: str
    done_on: datetime.date | None
    version: int


class GoalOut(Schema):
    id: int
    relationship_id: int
    title: str
    category: str
    starting_point: str
    target: str
    baseline_score: int
    target_date: datetime.date | None
    agreed_on: datetime.date
    status: str
    version: int


class GoalWithSteps(GoalOut):
    steps: list[StepOut]


class RatingOut(Schema):
    goal_id: int
    score: int


class CheckInForClient(Schema):
    id: int
    relationship_id: int
    held_on: datetime.date
    completed_by: str
    went_well: str
    got_in_the_way: str
    coach_feedback: str
    next_steps: str
    ratings: list[RatingOut]


class CheckInOut(CheckInForClient):
    coach_notes: str


class RelationshipOut(RelationshipListItem):
    paused_reason: str
    expected_return_on: datetime.date | None
    goals: list[GoalWithSteps]
    latest_check_in: CheckInOut | CheckInForClient | None


class RelationshipIn(Input):
    client_id: int = Field(..., ge=1, le=2**62)
    coach_id: int = Field(..., ge=1, le=2**62)
    programme_id: int = Field(..., ge=1, le=2**62)
    started_on: datetime.date
    planned_months: int = Field(..., ge=1, le=120)


class GoalIn(Input):
    paragraphs = frozenset({"starting_point", "target"})
    title: str = Field(..., min_length=1, max_length=200)
    category: GoalCategory
    starting_point: str = Field(..., min_length=1, max_length=2000)
    target: str = Field(..., min_length=1, max_length=2000)
    baseline_score: int = Field(1, ge=1, le=5)
    target_date: datetime.date | None = None
    agreed_on: datetime.date | None = None


class GoalPatch(Input):
    paragraphs = frozenset({"starting_point", "target"})
    version: int = Version
    title: str | None = Field(None, min_length=1, max_length=200)
    category: GoalCategory | None = None
    starting_point: str | None = Field(None, min_length=1, max_length=2000)
    target: str | None = Field(None, min_length=1, max_length=2000)
    baseline_score: int | None = Field(None, ge=1, le=5)
    target_date: datetime.date | None = None
    agreed_on: datetime.date | None = None
    status: GoalStatus | None = None
    status_note: str = Field("", max_length=500)


class StepIn(Input):
    description: str = Field(..., min_length=1, max_length=300)
    who: StepWho
    context: str = Field("", max_length=200)
    frequency: str = Field("", max_length=200)
    duration: str = Field("", max_length=200)
    intensity: str = Field("", max_length=200)
    due_on: datetime.date | None = None


class StepPatch(Input):
    version: int = Version
    description: str | None = Field(None, min_length=1, max_length=300)
    who: StepWho | None = None
    context: str | None = Field(None, max_length=200)
    frequency: str | None = Field(None, max_length=200)
    duration: str | None = Field(None, max_length=200)
    intensity: str | None = Field(None, max_length=200)
    due_on: datetime.date | None = None
    status: StepStatus | None = None


class CheckInIn(Input):
    paragraphs = frozenset({"went_well", "got_in_the_way", "coach_feedback", "next_steps", "coach_notes"})
    held_on: datetime.date | None = Field(None, description="Defaults to today. Clients always check in for today.")
    ratings: dict[str, int] = Field(
        default_factory=dict, description="Goal id to progress, 1 (not started) to 5 (done it)."
    )
    went_well: str = Text
    got_in_the_way: str = Text
    coach_feedback: str = Field("", max_length=3000, description="Ignored when a client checks in.")
    next_steps: str = Text
    coach_notes: str = Field("", max_length=3000, description="Private; ignored when a client checks in.")


class MissingOut(Schema):
    kind: str = Field(..., description="status, check, training or agreement")
    detail: str


class ReadinessOut(Schema):
    ready: bool
    missing: list[MissingOut]
    expiring: list[str]


class MeetingParticipantOut(Schema):
    coach_id: int | None
    client_id: int | None
    user_id: int | None
    part: str = Field(..., description="What they were there as: lone_worker, attendee or facilitator")
    attended: str = Field(..., description="yes, no or unknown")


class MeetingOut(Schema):
    id: int
    owner_kind: str = Field(..., description="What the meeting belongs to: relationship today")
    relationship_id: int | None
    programme_id: int | None
    participants: list[MeetingParticipantOut]
    starts_at: datetime.datetime
    expected_minutes: int
    channel: str
    place_kind: str
    place: str
    outcome: str
    arrived_at: datetime.datetime | None
    left_at: datetime.datetime | None
    checkout_due_at: datetime.datetime | None
    version: int


class MeetingIn(Input):
    starts_at: datetime.datetime
    expected_minutes: int = Field(60, ge=5, le=600)
    channel: Literal["face_to_face", "phone", "video", "message"] = "face_to_face"
    place_kind: Literal["public", "home", "office", "other", ""] = ""
    place: str = Field("", max_length=200)


class AlertOut(Schema):
    id: int
    meeting_id: int
    kind: str
    level: int
    recipient_id: int | None
    location: str
    raised_at: datetime.datetime
    # Raised well after it fell due (the safety sweep was not running), so it waited.
    raised_late: bool
    due_at: datetime.datetime | None
    # When every channel (email, text message) was delivered; empty while it is still being sent.
    delivered_at: datetime.datetime | None
    acknowledged_at: datetime.datetime | None
    resolved_at: datetime.datetime | None


# --- referrals -------------------------------------------------------------------------------

ServiceKind = Literal[
    "debt",
    "money",
    "mental_health",
    "housing",
    "substance_use",
    "employment",
    "learning",
    "domestic_abuse",
    "health",
    "legal",
    "food",
    "other",
]
ReferralOutcome = Literal["open", "engaged", "completed", "service_declined", "client_declined", "no_response"]


class ServiceOut(Schema):
    id: int
    name: str
    kind: str
    description: str
    area: str
    phone: str
    email: str
    website: str
    how_to_refer: str
    active: bool


class ReferralOut(Schema):
    id: int
    client_id: int
    service_id: int
    service_name: str = Field(alias="service.name")
    kind: str
    reason: str
    made_on: datetime.date
    made_by_id: int | None
    outcome: str
    outcome_on: datetime.date | None
    outcome_notes: str
    version: int


class ReferralIn(Input):
    paragraphs = frozenset({"reason"})
    client_id: int = Field(..., ge=1, le=2**62)
    service_id: int = Field(..., ge=1, le=2**62)
    kind: Literal["referral", "signpost"]
    reason: str = Field(..., min_length=1, max_length=2000)
    made_on: datetime.date


class ReferralPatch(Input):
    paragraphs = frozenset({"outcome_notes"})
    version: int = Field(..., ge=1, le=2**31)
    outcome: ReferralOutcome | None = None
    outcome_on: datetime.date | None = None
    outcome_notes: str | None = Field(None, max_length=2000)


# --- matching --------------------------------------------------------------------------------


class ReasonOut(Schema):
    factor: str
    text: str
    points: float


class FactorOut(Schema):
    factor: str
    label: str
    value: float
    points: float


class SuggestionOut(Schema):
    coach_id: int
    first_name: str
    score: float
    reasons: list[ReasonOut]
    factors: list[FactorOut]
    warnings: list[str]


class SuggestionsOut(Schema):
    suggestions: list[SuggestionOut]
    why_none: str


class OfferIn(Input):
    coach_ids: list[int] = Field(..., min_length=1, max_length=5)


class OfferOut(Schema):
    id: int
    client_id: int
    coach_ids: list[int]
    status: str
    chosen_id: int | None
    client_note: str


class IntroductionIn(Input):
    coach_id: int = Field(..., ge=1, le=2**62)


class IntroductionOut(Schema):
    relationship_id: int
    status: str


class IntroVisitIn(Input):
    paragraphs = frozenset({"client_feedback", "coach_feedback", "worker_feedback"})
    held_on: datetime.date
    worker_id: int | None = Field(None, ge=1, le=2**62)
    client_feedback: str = Field(..., min_length=1, max_length=2000)
    coach_feedback: str = Field(..., min_length=1, max_length=2000)
    worker_feedback: str = Field(..., min_length=1, max_length=2000)


class IntroVisitOut(Schema):
    id: int
    relationship_id: int
    number: int
    held_on: datetime.date
    worker_id: int | None
    client_feedback: str
    coach_feedback: str
    worker_feedback: str


class VersionIn(Input):
    version: int = Field(..., ge=1, le=2**31)


class DeclineIn(VersionIn):
    paragraphs = frozenset({"reason"})
    reason: str = Field(..., min_length=1, max_length=500)


class AlternativeOut(Schema):
    coach_id: int
    score: float


class ProposalOut(Schema):
    client_id: int
    coach_id: int | None
    score: float
    reasons: list[str]
    alternatives: list[AlternativeOut]
    include: bool
    outcome: str


class BulkRunOut(Schema):
    id: int
    programme_id: int
    status: str
    progress: int
    message: str
    clients: int
    matched: int
    total_score: float
    greedy_matched: int
    greedy_score: float
    proposals: list[ProposalOut]
