"""API for people working together: relationships, goals, action steps and check-ins.

The same scoping as the pages (a coach sees their own relationships, a client their own and never
the coach's private notes), the same forms for validation and the same services for writes."""

from __future__ import annotations

from typing import Any

from django.forms.models import model_to_dict
from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router, Status
from ninja.pagination import paginate

from core import audit
from core.exceptions import StaleEditError
from journeys import selectors, services
from journeys.forms import CheckInForm, ClientCheckInForm, GoalForm, StepForm
from journeys.models import CheckIn, Goal
from organisations.models import Programme
from organisations.permissions import can, require
from people import selectors as people_selectors
from people.models import Coach
from people.services import client_viewed

from . import schemas
from .api import FormInvalid, Pages, _errors_from, _run, _validated
from .reads import audited_list

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
        return schemas.CheckInOut(**data)
    return schemas.CheckInForClient(**data)


@relationships.get("", response=list[schemas.RelationshipListItem])
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


@relationships.get("/{int:relationship_id}", response=schemas.RelationshipOut)
def get_relationship(request: HttpRequest, relationship_id: int):
    relationship = selectors.relationship_detail(relationship_id, request.user)
    client_viewed(client=relationship.client)
    out = schemas.RelationshipListItem.from_orm(relationship).dict()
    out["paused_reason"] = relationship.paused_reason
    out["expected_return_on"] = relationship.expected_return_on
    out["goals"] = [
        {**schemas.GoalOut.from_orm(g).dict(), "steps": [schemas.StepOut.from_orm(s) for s in g.steps.all()]}
        for g in relationship.goals.all()
    ]
    out["latest_check_in"] = _check_in_out(selectors.latest_check_in(relationship), request.user)
    return out


@relationships.post("", response={201: schemas.RelationshipListItem})
def create_relationship(request: HttpRequest, payload: schemas.RelationshipIn):
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
        raise FormInvalid(_errors_from(errors))
    relationship = _run(
        lambda: services.relationship_start(
            client=client,
            coach=coach,
            programme=programme,
            started_on=payload.started_on,
            planned_months=payload.planned_months,
        )
    )
    return Status(201, relationship)


@relationships.post("/{int:relationship_id}/goals", response={201: schemas.GoalOut})
def create_goal(request: HttpRequest, relationship_id: int, payload: schemas.GoalIn):
    relationship = selectors.get_relationship_for_user(
        request.user, relationship_id, write=True, capability="work.edit"
    )
    data = {k: ("" if v is None else v) for k, v in payload.dict().items()}
    data["agreed_on"] = data["agreed_on"] or timezone.localdate()
    fields = _validated(GoalForm(data=data))
    return Status(201, _run(lambda: services.goal_create(relationship=relationship, **fields)))


@relationships.get("/{int:relationship_id}/check-ins", response=list[schemas.CheckInOut | schemas.CheckInForClient])
@audited_list("journeys.check_in.listed")
@paginate(Pages)
def list_check_ins(request: HttpRequest, relationship_id: int):
    relationship = selectors.get_relationship_for_user(request.user, relationship_id)
    check_ins = relationship.check_ins.prefetch_related("ratings").order_by("-held_on", "-id")
    return [_check_in_out(c, request.user) for c in check_ins]


@relationships.post("/{int:relationship_id}/check-ins", response={201: schemas.CheckInOut | schemas.CheckInForClient})
def create_check_in(request: HttpRequest, relationship_id: int, payload: schemas.CheckInIn):
    is_client = can(request.user, "work.own")
    relationship = selectors.get_relationship_for_user(
        request.user, relationship_id, write=True, capability="work.own" if is_client else "work.edit"
    )
    open_goals = relationship.goals.filter(status__in=Goal.OPEN_STATUSES)
    known = {str(g.pk) for g in open_goals}
    unknown = [key for key in payload.ratings if key not in known]
    if unknown:
        raise FormInvalid(_errors_from({"ratings": [f"Not an open goal of this relationship: {unknown[0][:20]}."]}))
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
        raise FormInvalid(_errors_from(errors))
    completed_by = selectors.completed_by(relationship, request.user)
    check_in = _run(
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


@goals.get("/{int:goal_id}", response=schemas.GoalWithSteps)
def get_goal(request: HttpRequest, goal_id: int):
    goal = selectors.get_goal_for_user(request.user, goal_id)
    audit.viewed(action="journeys.goal.viewed", obj=goal)
    return {**schemas.GoalOut.from_orm(goal).dict(), "steps": [schemas.StepOut.from_orm(s) for s in goal.steps.all()]}


@steps.get("/{int:step_id}", response=schemas.StepOut)
def get_step(request: HttpRequest, step_id: int):
    step = selectors.get_step_for_user(request.user, step_id)
    audit.viewed(action="journeys.step.viewed", obj=step)
    return step


@goals.patch("/{int:goal_id}", response=schemas.GoalOut)
def update_goal(request: HttpRequest, goal_id: int, payload: schemas.GoalPatch):
    goal = selectors.get_goal_for_user(request.user, goal_id, write=True)
    changes = payload.dict(exclude_unset=True)
    version, note = changes.pop("version"), changes.pop("status_note", "")
    current = model_to_dict(goal, fields=GoalForm._meta.fields)
    data = {k: ("" if v is None else v) for k, v in {**current, **changes}.items()}
    form = GoalForm(data={**data, "version": version}, instance=goal)
    fields = _validated(form)
    return _run(lambda: services.goal_update(goal=goal, expected_version=version, status_note=note, **fields))


@goals.post("/{int:goal_id}/steps", response={201: schemas.StepOut})
def create_step(request: HttpRequest, goal_id: int, payload: schemas.StepIn):
    goal = selectors.get_goal_for_user(request.user, goal_id, write=True)
    data = {k: ("" if v is None else v) for k, v in payload.dict().items()}
    fields = _validated(StepForm(data=data))
    return Status(201, _run(lambda: services.step_create(goal=goal, **fields)))


@steps.patch("/{int:step_id}", response=schemas.StepOut)
def update_step(request: HttpRequest, step_id: int, payload: schemas.StepPatch):
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
        return _run(lambda: services.step_mark(step=step, done=changes["status"] == "done"))
    step = selectors.get_step_for_user(request.user, step_id, write=True)
    current = model_to_dict(step, fields=StepForm._meta.fields)
    data = {k: ("" if v is None else v) for k, v in {**current, **changes}.items()}
    fields = _validated(StepForm(data={**data, "version": version}, instance=step))
    return _run(lambda: services.step_update(step=step, expected_version=version, **fields))
