"""API for facilitated groups: groups, their members, the series' schedule, each session's record
(attendance, feedback on commitments, the presenter's issue and commitments) and the commitments
made. Scoped as the pages are (groups.selectors), validated by the same forms and written by the
same services, so a rule holds in both places.

What a member reads follows what the group agreed (Group.issue_sharing), as on the group's page:
the facilitator and coordinators read every issue and commitment; a member reads their own, and
the others' only if the group agreed to share them. The facilitator's notes and members' teams,
seniority and dates they cannot make are for those who run the group."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any, Literal

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import field_validator

from core import audit
from core.api import FormInvalid, Input, Pages, audited_list, errors_from, form_data, run_service
from organisations.permissions import can, require

from . import selectors, services
from .forms import GroupForm, JoinRequestForm, MemberForm
from .models import MAX_COMMITMENTS, MAX_MEMBERS, Commitment, Group, GroupMember, GroupSession

OPERATION_ID_PREFIX = "api_groups"

# A series runs within a few years of now; far dates are a mistake (and would overflow the clock).
EARLIEST, LATEST = datetime.timedelta(days=366), datetime.timedelta(days=3 * 366)
MAX_SESSIONS = MAX_MEMBERS + 4

# --- schemas ---------------------------------------------------------------------------------

Channel = Literal["face_to_face", "online"]
Purpose = Literal["standalone", "after_training", "project"]
Sharing = Literal["group", "own"]
AttendanceStatus = Literal["present", "apologies", "absent"]
Outcome = Literal["done", "partly", "not_yet"]


class GroupOut(Schema):
    id: int
    name: str
    programme_id: int
    facilitator_id: int
    purpose: str
    channel: str
    place: str
    link: str
    weekday: int
    start_time: datetime.time
    gap_days: int
    issue_sharing: str
    ground_rules: str
    status: str
    schedule_note: str
    ended_on: datetime.date | None
    version: int


class GroupMemberOut(Schema):
    id: int
    coach_id: int
    name: str
    turn: int
    rules_agreed: bool
    team: str | None = Field(None, description="Only for those who run the group.")
    seniority: int | None = Field(None, description="Only for those who run the group.")
    cannot_make: list[datetime.date] | None = Field(None, description="Only for those who run the group.")


class GroupCommitmentOut(Schema):
    id: int
    member_id: int
    made_in_session_id: int
    text: str
    outcome: str
    reflection: str
    reviewed_in_session_id: int | None


class GroupAttendanceOut(Schema):
    member_id: int
    status: str


class GroupSessionOut(Schema):
    id: int
    group_id: int
    number: int
    starts_at: datetime.datetime
    presenter_member_id: int | None
    held_at: datetime.datetime | None
    issue: str | None = Field(None, description="Hidden from a member when the group keeps issues to their own.")
    notes: str | None = Field(None, description="The facilitator's notes: only for those who run the group.")
    commitments: list[GroupCommitmentOut] = Field(..., description="Those the presenter made at this session.")


class GroupSessionDetailOut(GroupSessionOut):
    attendance: list[GroupAttendanceOut] = Field(..., description="Only for those who run the group.")
    commitments_due: list[GroupCommitmentOut] = Field(..., description="Those this session opens with.")


class GroupDetailOut(GroupOut):
    member_id: int | None = Field(..., description="The caller's own place in the group, if they are a member.")
    members: list[GroupMemberOut]
    sessions: list[GroupSessionOut]


class GroupIn(Input):
    name: str = Field(..., min_length=1, max_length=120)
    programme_id: int = Field(..., ge=1, le=2**62)
    facilitator_id: int = Field(..., ge=1, le=2**62)
    purpose: Purpose = "standalone"
    channel: Channel
    place: str = Field("", max_length=200)
    link: str = Field("", max_length=300)
    weekday: int = Field(..., ge=0, le=6, description="0 is Monday.")
    start_time: datetime.time
    gap_days: Literal[14, 21] = 14
    issue_sharing: Sharing = "own"

    @field_validator("start_time")
    @classmethod
    def _local_time(cls, value: datetime.time) -> datetime.time:
        if value.tzinfo is not None:
            raise ValueError("Give the usual time without a time zone: it is the organisation's own.")
        return value


class GroupMemberIn(Input):
    coach_id: int = Field(..., ge=1, le=2**62)
    team: str = Field(..., min_length=1, max_length=120)
    seniority: int = Field(..., ge=1, le=5, description="1 new in post ... 5 service or senior manager.")
    cannot_make: list[datetime.date] = Field([], max_length=30)


class PlannedGroupSession(Schema):
    date: datetime.date
    presenter_member_id: int | None = Field(..., ge=1, le=2**62, description="null for the closing session.")

    @field_validator("date")
    @classmethod
    def _near(cls, value: datetime.date) -> datetime.date:
        today = timezone.localdate()
        if not today - EARLIEST <= value <= today + LATEST:
            raise ValueError("Choose a date within a year before today and three years after.")
        return value


class GroupScheduleIn(Input):
    sessions: list[PlannedGroupSession] = Field(..., min_length=1, max_length=MAX_SESSIONS)
    note: str = Field("", max_length=300)


class GroupReviewIn(Input):
    paragraphs = frozenset({"reflection"})
    outcome: Outcome
    reflection: str = Field("", max_length=2000)


class GroupSessionRecordIn(Input):
    paragraphs = frozenset({"issue", "notes"})
    attendance: dict[int, AttendanceStatus] = Field(..., description="Every member's id: whether they came.")
    reviews: dict[int, GroupReviewIn] = Field(
        {}, description="Every commitment this session opens with, by id: how it went."
    )
    issue: str = Field("", max_length=3000)
    commitments: list[str] = Field([], max_length=MAX_COMMITMENTS)
    notes: str = Field("", max_length=3000)

    @field_validator("commitments")
    @classmethod
    def _short(cls, value: list[str]) -> list[str]:
        if any(len(text) > 300 for text in value):
            raise ValueError("Keep each commitment to 300 characters.")
        return value


# --- what each caller may read ---------------------------------------------------------------


class _View:
    """What the caller may read of one group, decided once as the group's page decides it."""

    def __init__(self, group: Group, user) -> None:
        self.me = selectors.membership(group, user)
        self.runs_it = can(user, "groups.edit") or group.facilitator_id == user.pk
        self.shared = self.runs_it or group.issue_sharing == Group.IssueSharing.GROUP

    def reads(self, member_id: int | None) -> bool:
        return self.shared or (self.me is not None and member_id == self.me.pk)


def _commitment(c: Commitment) -> dict:
    return {
        "id": c.pk,
        "member_id": c.member_id,
        "made_in_session_id": c.made_in_id,
        "text": c.text,
        "outcome": c.outcome,
        "reflection": c.reflection,
        "reviewed_in_session_id": c.reviewed_in_id,
    }


def _member(m: GroupMember, view: _View) -> dict:
    out = {
        "id": m.pk,
        "coach_id": m.coach_id,
        "name": str(m.coach),
        "turn": m.turn,
        "rules_agreed": m.rules_accepted_at is not None,
    }
    if view.runs_it:
        out |= {"team": m.team, "seniority": m.seniority, "cannot_make": m.cannot_make}
    return out


def _session(s: GroupSession, view: _View) -> dict:
    reads = view.reads(s.presenter_id)
    return {
        "id": s.pk,
        "group_id": s.group_id,
        "number": s.number,
        "starts_at": s.meeting.starts_at,
        "presenter_member_id": s.presenter_id,
        "held_at": s.held_at,
        "issue": s.issue if reads else None,
        "notes": s.notes if view.runs_it else None,
        "commitments": [_commitment(c) for c in s.commitments_made.all()] if reads else [],
    }


def _group_detail(group: Group, user) -> dict:
    group = selectors.group_detail(group)
    view = _View(group, user)
    return {
        **{name: getattr(group, name) for name in GroupOut.model_fields if name not in ("id",)},
        "id": group.pk,
        "member_id": view.me.pk if view.me else None,
        "members": [_member(m, view) for m in group.members.all()],
        "sessions": [_session(s, view) for s in group.sessions.all()],
    }


_RENAMED = {"facilitator": "facilitator_id", "coach": "coach_id"}


def _naming_ids(call: Callable[[], Any]) -> Any:
    """The forms name `facilitator` and `coach`; the body calls them `facilitator_id`, `coach_id`."""
    try:
        return call()
    except FormInvalid as refusal:
        for error in refusal.errors:
            error["loc"] = [*error["loc"][:-1], _RENAMED.get(error["loc"][-1], error["loc"][-1])]
        raise


def _cleaned(form) -> dict[str, Any]:
    if not form.is_valid():
        raise FormInvalid(errors_from({k: [str(m) for m in v] for k, v in form.errors.items()}))
    return form.cleaned_data


# --- routes ----------------------------------------------------------------------------------

groups = Router(tags=["groups"])
sessions = Router(tags=["groups"])


def _may_see_groups(user) -> None:
    if not any(can(user, capability) for capability in ("groups.view", "groups.facilitate", "groups.own")):
        require(user, "groups.view")


@groups.get("", response=list[GroupOut])
@audited_list("groups.group.listed")
@paginate(Pages)
def list_groups(request: HttpRequest):
    """The groups the caller may see: coordinators every group, a facilitator theirs, a member theirs."""
    _may_see_groups(request.user)
    return selectors.groups_visible_to(request.user).order_by("status", "name", "pk")


@groups.get("/{int:group_id}", response=GroupDetailOut)
def get_group(request: HttpRequest, group_id: int):
    group = selectors.get_group_for_user(request.user, group_id)
    audit.viewed(action="groups.group.viewed", obj=group)
    return _group_detail(group, request.user)


@groups.post("", response={201: GroupDetailOut})
def create_group(request: HttpRequest, payload: GroupIn):
    """Form a group; add its members next, then schedule its series."""
    require(request.user, "groups.edit")
    data = payload.dict()
    data["facilitator"] = data.pop("facilitator_id")
    form = GroupForm(data=form_data(data), organisation=request.user.organisation)
    fields = _naming_ids(lambda: _cleaned(form))
    group = _naming_ids(
        lambda: run_service(lambda: services.group_create(organisation=request.user.organisation, **fields))
    )
    return Status(201, _group_detail(group, request.user))


@groups.post("/{int:group_id}/members", response={201: GroupMemberOut})
def add_member(request: HttpRequest, group_id: int, payload: GroupMemberIn):
    """Add a peer (a coach with a sign-in) while the group is being formed; they present in the
    order they are added."""
    group = selectors.get_group_for_user(request.user, group_id, capability="groups.edit")
    data = payload.dict()
    data["coach"] = data.pop("coach_id")
    data["cannot_make"] = ", ".join(day.isoformat() for day in data["cannot_make"])
    fields = _naming_ids(lambda: _cleaned(MemberForm(data=form_data(data), group=group)))
    member = _naming_ids(lambda: run_service(lambda: services.member_add(group=group, **fields)))
    return Status(201, _member(member, _View(group, request.user)))


@groups.post("/{int:group_id}/schedule", response={201: GroupDetailOut})
def schedule_series(request: HttpRequest, group_id: int, payload: GroupScheduleIn):
    """Start the series: each session's date and presenter (null for the closing session). A series
    has members + 1 sessions; any other number needs a `note` saying why."""
    group = selectors.get_group_for_user(request.user, group_id, capability="groups.facilitate")
    members = {m.pk: m for m in group.members.select_related("coach")}
    planned = []
    for index, session in enumerate(payload.sessions):
        presenter = None
        if session.presenter_member_id is not None:
            presenter = members.get(session.presenter_member_id)
            if presenter is None:
                raise FormInvalid(
                    [
                        {
                            "loc": ["body", "sessions", index, "presenter_member_id"],
                            "msg": "Every presenter must be a member of this group.",
                            "type": "value_error",
                        }
                    ]
                )
        planned.append((session.date, presenter))
    run_service(lambda: services.schedule_confirm(group=group, sessions=planned, note=payload.note))
    return Status(201, _group_detail(group, request.user))


@groups.get("/{int:group_id}/commitments", response=list[GroupCommitmentOut])
@paginate(Pages)
def list_commitments(request: HttpRequest, group_id: int):
    """Every commitment made in the series, in session order; a member reads the others' only if
    the group agreed to share issues."""
    group = selectors.group_detail(selectors.get_group_for_user(request.user, group_id))
    view = _View(group, request.user)
    commitments = Commitment.objects.filter(member__group=group).order_by("made_in__number", "pk")
    if not view.shared:
        commitments = commitments.filter(member=view.me)
    audit.viewed(action="groups.commitments.viewed", obj=group)
    return [_commitment(c) for c in commitments]


def _session_detail(session: GroupSession, user) -> dict:
    group = selectors.group_detail(session.group)
    view = _View(group, user)
    session = next(s for s in group.sessions.all() if s.pk == session.pk)
    return {
        **_session(session, view),
        "attendance": [{"member_id": a.member_id, "status": a.status} for a in session.attendance.all()]
        if view.runs_it
        else [],
        "commitments_due": [_commitment(c) for c in services.commitments_due(session) if view.reads(c.member_id)],
    }


@sessions.get("/{int:session_id}", response=GroupSessionDetailOut)
def get_session(request: HttpRequest, session_id: int):
    session = selectors.get_session_for_user(request.user, session_id)
    audit.viewed(action="groups.session.viewed", obj=session.group)
    return _session_detail(session, request.user)


@sessions.post("/{int:session_id}/record", response=GroupSessionDetailOut)
def record_session(request: HttpRequest, session_id: int, payload: GroupSessionRecordIn):
    """Record what happened: `attendance` for every member, `reviews` of every commitment made at
    the session before, the presenter's `issue` and one to three `commitments`. Sent again, it
    replaces the record."""
    session = selectors.get_session_for_user(request.user, session_id, write=True)
    if session.presenter_id and not payload.issue.strip():
        raise FormInvalid(errors_from({"issue": ["Write the issue the presenter brought, in a line or two."]}))
    reviews = {pk: (review.outcome, review.reflection) for pk, review in payload.reviews.items()}
    run_service(
        lambda: services.session_record(
            session=session,
            attendance=dict(payload.attendance),
            reviews=reviews,
            issue=payload.issue,
            commitments=payload.commitments,
            notes=payload.notes,
        )
    )
    return _session_detail(session, request.user)


# --- the pool --------------------------------------------------------------------------------

pool = Router(tags=["groups"])


class JoinRequestOut(Schema):
    id: int
    programme_id: int
    coach_id: int
    name: str
    team: str
    role: str
    seniority: int
    location: str
    work_on: str
    cannot_make: list[datetime.date]
    status: str
    group_id: int | None


class JoinRequestIn(Input):
    paragraphs = frozenset({"work_on"})
    programme_id: int = Field(..., ge=1, le=2**62)
    coach_id: int | None = Field(
        None, ge=1, le=2**62, description="Who joins: required from a coordinator; a peer asks for themselves."
    )
    team: str = Field(..., min_length=1, max_length=120)
    role: str = Field(..., min_length=1, max_length=120)
    seniority: int = Field(..., ge=1, le=5, description="1 new in post ... 5 service or senior manager.")
    location: str = Field("", max_length=120)
    work_on: str = Field("", max_length=1000)
    cannot_make: list[datetime.date] = Field([], max_length=30)


def _join_request(r) -> dict:
    return {
        "id": r.pk,
        "programme_id": r.programme_id,
        "coach_id": r.coach_id,
        "name": str(r.coach),
        "team": r.team,
        "role": r.role,
        "seniority": r.seniority,
        "location": r.location,
        "work_on": r.work_on,
        "cannot_make": r.cannot_make,
        "status": r.status,
        "group_id": r.group_id,
    }


def _refuse(field: str, message: str) -> FormInvalid:
    return FormInvalid([{"loc": ["body", field], "msg": message, "type": "value_error"}])


@pool.get("", response=list[JoinRequestOut])
@audited_list("groups.join_request.listed")
@paginate(Pages)
def list_join_requests(request: HttpRequest, programme_id: int | None = None, status: str | None = None):
    """Requests to join a group: coordinators see everyone's, a peer their own."""
    if not selectors.may_see_pool(request.user):
        require(request.user, "groups.edit")
    requests = selectors.requests_visible_to(request.user).order_by("created_at", "pk")
    if programme_id is not None:
        requests = requests.filter(programme_id=programme_id)
    if status:
        requests = requests.filter(status=status)
    return [_join_request(r) for r in requests]


@pool.post("", response={201: JoinRequestOut})
def create_join_request(request: HttpRequest, payload: JoinRequestIn):
    """Ask to join a facilitated-group programme (a peer, for themselves), or add someone to its
    pool (a coordinator, naming `coach_id`)."""
    for_someone = can(request.user, "groups.edit")
    me = None if for_someone else selectors.own_coach(request.user)
    if not for_someone and me is None:
        require(request.user, "groups.edit")
    programme = selectors.group_programmes().filter(pk=payload.programme_id).first()
    if programme is None:
        raise _refuse("programme_id", "Choose a programme of the type “facilitated group” here.")
    data = payload.dict()
    data.pop("programme_id")
    coach_id = data.pop("coach_id")
    if for_someone and coach_id is None:
        raise _refuse("coach_id", "Say who is joining.")
    if me is not None and coach_id not in (None, me.pk):
        raise _refuse("coach_id", "You can ask to join only for yourself.")
    data["cannot_make"] = ", ".join(day.isoformat() for day in data["cannot_make"])
    if for_someone:
        data["coach"] = coach_id
    form = JoinRequestForm(data=form_data(data), organisation=request.user.organisation, for_someone=for_someone)
    fields = _naming_ids(lambda: _cleaned(form))
    join = _naming_ids(
        lambda: run_service(
            lambda: services.join_request_create(
                organisation=request.user.organisation,
                programme=programme,
                requested_by=request.user,
                **({"coach": me} | fields),
            )
        )
    )
    return Status(201, _join_request(join))


@pool.post("/{int:request_id}/withdraw", response=JoinRequestOut)
def withdraw_join_request(request: HttpRequest, request_id: int):
    """Take a waiting request out of the pool (the peer who asked, or a coordinator)."""
    join = selectors.get_join_request_for_user(request.user, request_id)
    return _join_request(run_service(lambda: services.join_request_withdraw(request=join)))
