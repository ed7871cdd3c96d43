"""API for the midpoint and end reviews of a relationship's goals, and for endings (recording one,
reading them, undoing one within two weeks). Scoped, validated and written as the pages do: a
client reads their reviews and endings but not the reasons staff wrote down."""

from __future__ import annotations

import datetime
from typing import Annotated, Any, Literal

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from core.api import FormInvalid, Input, errors_from, run_service
from journeys import selectors, services
from journeys.forms import EndingForm, ReviewForm
from journeys.models import Ending, Relationship, Review
from organisations.permissions import can

# Operation ids as they were when these routes lived in the api app, so clients generated from the
# OpenAPI document keep working (api/api.py reads this).
OPERATION_ID_PREFIX = "api_endings"


Score = Field(..., ge=1, le=5, description="On the shared 1 to 5 scale.")
GoalStatus = Literal["agreed", "in_progress", "achieved", "partly_achieved", "changed", "dropped"]
PLANNED_ONLY = "Planned endings only."
GoalId = Annotated[int, Field(ge=1, le=2**62)]

# --- schemas ---------------------------------------------------------------------------------


class ReviewRatingOut(Schema):
    goal_id: int
    goal: str
    score: int
    comment: str


class ReviewOut(Schema):
    id: int
    relationship_id: int
    kind: str
    held_on: datetime.date
    summary: str
    ratings: list[ReviewRatingOut]


class GoalReviewIn(Input):
    paragraphs = frozenset({"comment"})

    score: int = Score
    status: GoalStatus = Field(..., description="The goal's status now.")
    comment: str = Field("", max_length=500)


class ReviewIn(Input):
    paragraphs = frozenset({"summary"})

    kind: Literal["midpoint", "end"]
    held_on: datetime.date
    summary: str = Field(..., min_length=1, max_length=5000)
    goals: dict[str, GoalReviewIn] = Field(
        ..., description="Every goal of the relationship, by goal id: its score, status and a comment."
    )


class EndingForClient(Schema):
    """What a client sees of an ending: not the reasons staff wrote down."""

    id: int
    relationship_id: int
    planned: bool
    ended_on: datetime.date
    reason: str
    what_changed: str
    client_reflection: str
    coach_reflection: str
    recorded_at: datetime.datetime
    undone_at: datetime.datetime | None


class EndingOut(EndingForClient):
    reason_detail: str
    next_step: str


class EndingWithCaseStudy(EndingOut):
    case_study_consent_on: datetime.date | None
    case_study: str


class EndingIn(Input):
    paragraphs = frozenset({"what_changed", "client_reflection", "coach_reflection", "case_study", "reason_detail"})

    version: int = Field(..., ge=1, le=2**31, description="The relationship's version you read; a stale one gets 409.")
    planned: bool
    ended_on: datetime.date
    what_changed: str = Field("", max_length=5000)
    client_reflection: str = Field("", max_length=5000)
    coach_reflection: str = Field("", max_length=5000)
    achieved_goal_ids: list[GoalId] = Field(default_factory=list, max_length=100, description=PLANNED_ONLY)
    partly_achieved_goal_ids: list[GoalId] = Field(default_factory=list, max_length=100, description=PLANNED_ONLY)
    case_study_consent_on: datetime.date | None = Field(None, description="Planned endings only.")
    case_study: str = Field("", max_length=10000, description="Planned endings only, anonymised, with consent.")
    reason: (
        Literal[
            "crisis",
            "physical_health",
            "mental_health",
            "substance_use",
            "past_acquaintance",
            "clash_of_beliefs",
            "not_engaging",
            "not_attending",
            "coach_unavailable",
            "other",
        ]
        | None
    ) = Field(None, description="Unplanned endings only (then required).")
    reason_detail: str = Field("", max_length=2000, description="Unplanned endings only.")
    next_step: Literal["rematch", "referral", "none"] | None = Field(
        None, description="Unplanned endings only (then required)."
    )


class RelationshipStatusOut(Schema):
    relationship_id: int
    status: str
    version: int


# --- reviews ---------------------------------------------------------------------------------

reviews = Router(tags=["reviews and endings"])


def _review_out(review: Review) -> dict[str, Any]:
    return {
        "id": review.pk,
        "relationship_id": review.relationship_id,
        "kind": review.kind,
        "held_on": review.held_on,
        "summary": review.summary,
        "ratings": [
            {"goal_id": r.goal_id, "goal": r.goal.title, "score": r.score, "comment": r.comment}
            for r in review.ratings.all()
        ],
    }


def _ending_out(ending: Ending, user) -> Schema:
    data = {
        **{name: getattr(ending, name) for name in EndingWithCaseStudy.model_fields if hasattr(ending, name)},
        "recorded_at": ending.created_at,
    }
    if can(user, "relationships.view_as_client"):
        return EndingForClient(**data)
    if can(user, "case_studies.view"):
        return EndingWithCaseStudy(**data)
    return EndingOut(**data)


@reviews.get("/{int:review_id}", response=ReviewOut)
def get_review(request: HttpRequest, review_id: int):
    review = selectors.get_review_for_user(request.user, review_id)
    review = Review.objects.prefetch_related("ratings__goal").get(pk=review.pk)
    return _review_out(review)


def relationship_reviews_and_endings(router) -> None:
    @router.get("/{int:relationship_id}/reviews", response=list[ReviewOut], tags=["reviews and endings"])
    def list_reviews(request: HttpRequest, relationship_id: int):
        """The relationship's midpoint and end reviews, with each goal's score and comment."""
        relationship = selectors.get_relationship_for_user(request.user, relationship_id)
        return [_review_out(r) for r in relationship.reviews.prefetch_related("ratings__goal")]

    @router.post("/{int:relationship_id}/reviews", response={201: ReviewOut}, tags=["reviews and endings"])
    def create_review(request: HttpRequest, relationship_id: int, payload: ReviewIn):
        """Record the midpoint or end review. Review every goal: a score, its status now, a comment."""
        relationship = selectors.get_relationship_for_user(
            request.user, relationship_id, write=True, capability="work.edit"
        )
        goals = list(relationship.goals.all())
        known = {str(g.pk) for g in goals}
        unknown = [key for key in payload.goals if key not in known]
        if unknown:
            raise FormInvalid(errors_from({"goals": [f"Not a goal of this relationship: {unknown[0][:20]}."]}))
        data: dict[str, Any] = {"held_on": payload.held_on, "summary": payload.summary}
        for key, answer in payload.goals.items():
            data |= {f"score_{key}": answer.score, f"status_{key}": answer.status, f"comment_{key}": answer.comment}
        form = ReviewForm(data=data, goals=goals)
        if not form.is_valid():
            errors = {
                ("goals" if k.startswith(("score_", "status_", "comment_")) else k): v for k, v in form.errors.items()
            }
            raise FormInvalid(errors_from({k: [str(m) for m in v] for k, v in errors.items()}))
        review = run_service(
            lambda: services.review_record(
                relationship=relationship,
                kind=payload.kind,
                held_on=form.cleaned_data["held_on"],
                summary=form.cleaned_data["summary"],
                goal_reviews=form.goal_reviews(),
            )
        )
        return Status(201, _review_out(Review.objects.prefetch_related("ratings__goal").get(pk=review.pk)))

    # --- endings -----------------------------------------------------------------------------

    @router.get(
        "/{int:relationship_id}/endings",
        response=list[EndingWithCaseStudy | EndingOut | EndingForClient],
        tags=["reviews and endings"],
    )
    def list_endings(request: HttpRequest, relationship_id: int):
        """How the relationship ended, newest first; an undone ending is kept, with `undone_at`."""
        relationship = selectors.get_relationship_for_user(request.user, relationship_id)
        return [_ending_out(e, request.user) for e in relationship.endings.all()]

    @router.post(
        "/{int:relationship_id}/end",
        response={201: EndingWithCaseStudy | EndingOut},
        tags=["reviews and endings"],
    )
    def end_relationship(request: HttpRequest, relationship_id: int, payload: EndingIn):
        """Record a planned or unplanned ending. Goals named achieved change status; an unplanned
        ending asking for a re-match puts the client back on the waiting list. Undo within two weeks."""
        relationship = selectors.get_relationship_for_user(request.user, relationship_id, write=True)
        form = EndingForm(data=_ending_data(payload), relationship=relationship, planned=payload.planned)
        if not form.is_valid():
            rename = {"achieved_goals": "achieved_goal_ids", "partly_achieved_goals": "partly_achieved_goal_ids"}
            raise FormInvalid(errors_from({rename.get(k, k): [str(m) for m in v] for k, v in form.errors.items()}))
        ending = run_service(
            lambda: services.relationship_end(
                relationship=relationship,
                expected_version=form.cleaned_data["version"],
                planned=payload.planned,
                **form.values(),
            )
        )
        return Status(201, _ending_out(ending, request.user))

    @router.post("/{int:relationship_id}/undo-ending", response=RelationshipStatusOut, tags=["reviews and endings"])
    def undo_ending(request: HttpRequest, relationship_id: int):
        """Put a relationship back as it was before an ending recorded in the last two weeks."""
        relationship = selectors.get_relationship_for_user(request.user, relationship_id, write=True)
        run_service(lambda: services.relationship_undo_end(relationship=relationship))
        relationship = Relationship.objects.get(pk=relationship.pk)
        return {"relationship_id": relationship.pk, "status": relationship.status, "version": relationship.version}


def _ending_data(payload: EndingIn) -> dict[str, Any]:
    """The ending form's fields from the payload; the form drops those that do not apply."""
    data: dict[str, Any] = payload.dict(exclude={"planned", "achieved_goal_ids", "partly_achieved_goal_ids"})
    data["achieved_goals"] = payload.achieved_goal_ids
    data["partly_achieved_goals"] = payload.partly_achieved_goal_ids
    return {k: ("" if v is None else v) for k, v in data.items()}
