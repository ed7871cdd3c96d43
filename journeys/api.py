"""API for people working together: relationships, goals, action steps and check-ins.

The same scoping as the pages (a coach sees their own relationships, a client their own and never
the coach's private notes), the same forms for validation and the same services for writes."""

from __future__ import annotations

import datetime
from typing import Any, Literal

from django.forms.models import model_to_dict
from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from core import audit
from core.api import FormInvalid, Input, Pages, audited_list, errors_from, run_service, validated
from core.exceptions import StaleEditError
from journeys import selectors, services
from journeys.forms import CheckInForm, ClientCheckInForm, GoalForm, StepForm
from journeys.models import CheckIn, Goal
from organisations.models import Programme
from organisations.permissions import can, require
from people import selectors as people_selectors
from people.models import Coach
from people.services import client_viewed

# Operation ids as they were when these routes lived in the api app, so clients generated from the
# OpenAPI document keep working (api/api.py reads this).
OPERATION_ID_PREFIX = "api_journeys"

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
    stage_id: int | None = Field(None, description="Where the pair is in the programme's coaching process.")
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


# ninja names a paginated union's schema after its members' modules ("Pagedapi_schemas_CheckInOut_...");
# these two keep the module they were written in before the move, so that name stays as it was.
CheckInForClient.__module__ = CheckInOut.__module__ = "api.schemas"

relationships = Router(tags=["relationships"])
goals = Router(tags=["goals"])
steps = Router(tags=["action steps"])


def _check_in_out(check_in: CheckIn | None, user) -> dict[str, Any] | None:
    if check_in is None:
        return None
    data = {
        "id": check_in.pk,
        "relationship_id": check_in.relationship_id,
        "held_on": check_in.held_on,
        "completed_by": check_in.completed_by,
        "went_well": check_in.went_well,
        "got_in_the_way": check_in.got_in_the_way,
        "coach_feedback": check_in.coach_feedback,
        "next_steps": check_in.next_steps,
        "ratings": [{"goal_id": r.goal_id, "score": r.score} for r in check_in.ratings.all()],
    }
    # The coach's private notes never reach the client.
    if not can(user, "relationships.view_as_client"):
        data["coach_notes"] = check_in.coach_notes
        return CheckInOut(**data)
    return CheckInForClient(**data)


@relationships.get("", response=list[RelationshipListItem])
@audited_list("journeys.relationship.listed")
@paginate(Pages)
def list_relationships(
    request: HttpRequest,
    q: str = Query("", max_length=100),
    status: str = Query("", max_length=20),
    attention: str = Query("", max_length=30),
    programme_id: int | None = Query(None, ge=1, le=2**62),
):
    if not can(request.user, "relationships.view_as_coach"):
        require(request.user, "relationships.view")
    attention = attention if attention in selectors.ATTENTION else ""
    return selectors.relationship_list(
        user=request.user, search=q, status=status, attention=attention, programme_id=programme_id
    )


@relationships.get("/{int:relationship_id}", response=RelationshipOut)
def get_relationship(request: HttpRequest, relationship_id: int):
    relationship = selectors.relationship_detail(relationship_id, request.user)
    client_viewed(client=relationship.client)
    out = RelationshipListItem.from_orm(relationship).dict()
    out["stage_id"] = relationship.stage_id
    out["paused_reason"] = relationship.paused_reason
    out["expected_return_on"] = relationship.expected_return_on
    out["goals"] = [
        {**GoalOut.from_orm(g).dict(), "steps": [StepOut.from_orm(s) for s in g.steps.all()]}
        for g in relationship.goals.all()
    ]
    out["latest_check_in"] = _check_in_out(selectors.latest_check_in(relationship), request.user)
    return out


@relationships.post("", response={201: RelationshipListItem})
def create_relationship(request: HttpRequest, payload: RelationshipIn):
    require(request.user, "relationships.edit")
    client = people_selectors.get_client_for_user(request.user, payload.client_id, write=True)
    coach = Coach.objects.filter(pk=payload.coach_id).first()
    programme = Programme.objects.filter(pk=payload.programme_id).first()
    errors = {}
    if coach is None:
        errors["coach_id"] = ["No such peer coach."]
    if programme is None:
        errors["programme_id"] = ["No such programme."]
    if errors:
        raise FormInvalid(errors_from(errors))
    relationship = run_service(
        lambda: services.relationship_start(
            client=client,
            coach=coach,
            programme=programme,
            started_on=payload.started_on,
            planned_months=payload.planned_months,
        )
    )
    return Status(201, relationship)


@relationships.post("/{int:relationship_id}/goals", response={201: GoalOut})
def create_goal(request: HttpRequest, relationship_id: int, payload: GoalIn):
    relationship = selectors.get_relationship_for_user(
        request.user, relationship_id, write=True, capability="work.edit"
    )
    data = {k: ("" if v is None else v) for k, v in payload.dict().items()}
    data["agreed_on"] = data["agreed_on"] or timezone.localdate()
    fields = validated(GoalForm(data=data))
    return Status(201, run_service(lambda: services.goal_create(relationship=relationship, **fields)))


@relationships.get("/{int:relationship_id}/check-ins", response=list[CheckInOut | CheckInForClient])
@audited_list("journeys.check_in.listed")
@paginate(Pages)
def list_check_ins(request: HttpRequest, relationship_id: int):
    relationship = selectors.get_relationship_for_user(request.user, relationship_id)
    check_ins = relationship.check_ins.prefetch_related("ratings").order_by("-held_on", "-id")
    return [_check_in_out(c, request.user) for c in check_ins]


@relationships.post("/{int:relationship_id}/check-ins", response={201: CheckInOut | CheckInForClient})
def create_check_in(request: HttpRequest, relationship_id: int, payload: CheckInIn):
    is_client = can(request.user, "work.own")
    relationship = selectors.get_relationship_for_user(
        request.user, relationship_id, write=True, capability="work.own" if is_client else "work.edit"
    )
    open_goals = relationship.goals.filter(status__in=Goal.OPEN_STATUSES)
    known = {str(g.pk) for g in open_goals}
    unknown = [key for key in payload.ratings if key not in known]
    if unknown:
        raise FormInvalid(errors_from({"ratings": [f"Not an open goal of this relationship: {unknown[0][:20]}."]}))
    data = payload.dict()
    ratings = data.pop("ratings")
    data = {k: ("" if v is None else v) for k, v in data.items()}
    data.update({f"goal_{key}": value for key, value in ratings.items()})
    if is_client:
        form = ClientCheckInForm(data=data, goals=open_goals)
    else:
        data["held_on"] = data["held_on"] or timezone.localdate()
        form = CheckInForm(data=data, goals=open_goals)
    if not form.is_valid():
        errors = {("ratings" if k.startswith("goal_") else k): [str(m) for m in v] for k, v in form.errors.items()}
        raise FormInvalid(errors_from(errors))
    completed_by = selectors.completed_by(relationship, request.user)
    check_in = run_service(
        lambda: services.check_in_record(
            relationship=relationship,
            completed_by=completed_by,
            held_on=form.cleaned_data.get("held_on") or timezone.localdate(),
            ratings=form.ratings(),
            **form.values(),
        )
    )
    return Status(201, _check_in_out(check_in, request.user))


# --- goals and steps -------------------------------------------------------------------------


@goals.get("/{int:goal_id}", response=GoalWithSteps)
def get_goal(request: HttpRequest, goal_id: int):
    goal = selectors.get_goal_for_user(request.user, goal_id)
    audit.viewed(action="journeys.goal.viewed", obj=goal)
    return {**GoalOut.from_orm(goal).dict(), "steps": [StepOut.from_orm(s) for s in goal.steps.all()]}


@steps.get("/{int:step_id}", response=StepOut)
def get_step(request: HttpRequest, step_id: int):
    step = selectors.get_step_for_user(request.user, step_id)
    audit.viewed(action="journeys.step.viewed", obj=step)
    return step


@goals.patch("/{int:goal_id}", response=GoalOut)
def update_goal(request: HttpRequest, goal_id: int, payload: GoalPatch):
    goal = selectors.get_goal_for_user(request.user, goal_id, write=True)
    changes = payload.dict(exclude_unset=True)
    version, note = changes.pop("version"), changes.pop("status_note", "")
    current = model_to_dict(goal, fields=GoalForm._meta.fields)
    data = {k: ("" if v is None else v) for k, v in {**current, **changes}.items()}
    form = GoalForm(data={**data, "version": version}, instance=goal)
    fields = validated(form)
    return run_service(lambda: services.goal_update(goal=goal, expected_version=version, status_note=note, **fields))


@goals.post("/{int:goal_id}/steps", response={201: StepOut})
def create_step(request: HttpRequest, goal_id: int, payload: StepIn):
    goal = selectors.get_goal_for_user(request.user, goal_id, write=True)
    data = {k: ("" if v is None else v) for k, v in payload.dict().items()}
    fields = validated(StepForm(data=data))
    return Status(201, run_service(lambda: services.step_create(goal=goal, **fields)))


@steps.patch("/{int:step_id}", response=StepOut)
def update_step(request: HttpRequest, step_id: int, payload: StepPatch):
    """Coaches and coordinators change any field; a client may only tick their own step done or
    not done."""
    changes = payload.dict(exclude_unset=True)
    version = changes.pop("version")
    if can(request.user, "work.own"):
        step = selectors.get_step_for_user(request.user, step_id, tick=True)
        if set(changes) - {"status"} or changes.get("status") not in ("done", "to_do"):
            require(request.user, "work.edit")
        if step.version != version:
            raise StaleEditError()
        return run_service(lambda: services.step_mark(step=step, done=changes["status"] == "done"))
    step = selectors.get_step_for_user(request.user, step_id, write=True)
    current = model_to_dict(step, fields=StepForm._meta.fields)
    data = {k: ("" if v is None else v) for k, v in {**current, **changes}.items()}
    fields = validated(StepForm(data={**data, "version": version}, instance=step))
    return run_service(lambda: services.step_update(step=step, expected_version=version, **fields))
