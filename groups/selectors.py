"""Reads for facilitated groups. Who sees a group: coordinators every group, a facilitator the
groups they run, a member the groups they are in; nobody else (a 404, as for another organisation)."""

from __future__ import annotations

from collections import Counter

from django.db.models import Prefetch, Q, QuerySet

from core.access import get_or_404
from organisations.models import Programme
from organisations.permissions import can, require
from people.models import Coach

from . import forming
from .models import Attendance, Commitment, Group, GroupMember, GroupSession, JoinRequest


def groups_visible_to(user) -> QuerySet[Group]:
    groups = Group.objects.select_related("programme", "facilitator")
    if can(user, "groups.view"):
        return groups
    seen = Q(pk__in=[])
    if can(user, "groups.facilitate"):
        seen |= Q(facilitator=user)
    if can(user, "groups.own"):
        seen |= Q(members__coach__user=user)
    return groups.filter(seen).distinct()


def get_group_for_user(user, group_id, *, capability: str | None = None) -> Group:
    """`capability`: the write this page makes; a facilitator may run only their own groups."""
    if capability:
        require(user, capability)
    group = get_or_404(groups_visible_to(user), group_id)
    if capability == "groups.facilitate" and not can(user, "groups.edit") and group.facilitator_id != user.pk:
        require(user, "groups.edit")
    return group


def group_detail(group: Group) -> Group:
    return (
        Group.objects.filter(pk=group.pk)
        .select_related("programme", "facilitator")
        .prefetch_related(
            Prefetch("members", GroupMember.objects.select_related("coach")),
            Prefetch(
                "sessions",
                GroupSession.objects.select_related("meeting", "presenter__coach").prefetch_related(
                    Prefetch("commitments_made", Commitment.objects.order_by("pk"))
                ),
            ),
        )
        .get()
    )


def membership(group: Group, user) -> GroupMember | None:
    return next((m for m in group.members.all() if m.coach.user_id == user.pk), None)


def get_session_for_user(user, session_id, *, write: bool = False) -> GroupSession:
    sessions = GroupSession.objects.select_related("group", "meeting", "presenter__coach").filter(
        group__in=groups_visible_to(user)
    )
    session = get_or_404(sessions, session_id)
    if write:
        get_group_for_user(user, session.group_id, capability="groups.facilitate")
    return session


def _with_next(groups: list[Group]) -> list[Group]:
    for group in groups:
        group.next_session = next((s for s in group.sessions.all() if s.held_at is None), None)
    return groups


def my_groups(user) -> list[Group]:
    """A member's groups, each with its next session (for their home page)."""
    if not can(user, "groups.own"):
        return []
    return _with_next(
        list(
            Group.objects.filter(members__coach__user=user, status__in=[Group.Status.FORMING, Group.Status.RUNNING])
            .select_related("programme")
            .prefetch_related(
                Prefetch("members", GroupMember.objects.select_related("coach")),
                Prefetch("sessions", GroupSession.objects.select_related("meeting", "presenter__coach")),
            )
            .distinct()
        )
    )


def facilitating(user) -> list[Group]:
    if not can(user, "groups.facilitate"):
        return []
    return _with_next(
        list(
            Group.objects.filter(facilitator=user, status__in=[Group.Status.FORMING, Group.Status.RUNNING])
            .prefetch_related(Prefetch("sessions", GroupSession.objects.select_related("meeting", "presenter__coach")))
            .order_by("name")
        )
    )


def series_summary(group: Group) -> list[dict]:
    """Per member: sessions attended of those held, and commitments kept (done, partly, not yet)."""
    came = Counter(
        Attendance.objects.filter(session__group=group, status=Attendance.Status.PRESENT).values_list(
            "member_id", flat=True
        )
    )
    held = group.sessions.filter(held_at__isnull=False).count()
    outcomes: dict[int, Counter] = {}
    for member_id, outcome in Commitment.objects.filter(member__group=group).values_list("member_id", "outcome"):
        outcomes.setdefault(member_id, Counter())[outcome or "open"] += 1
    return [
        {"member": member, "came": came[member.pk], "held": held, "commitments": outcomes.get(member.pk, Counter())}
        for member in group.members.select_related("coach")
    ]


# --- the pool ----------------------------------------------------------------------------------


def may_see_pool(user) -> bool:
    return can(user, "groups.edit") or can(user, "groups.own")


def own_coach(user) -> Coach | None:
    """The caller's own record as a peer, if they have one: only they can ask for themselves."""
    if not can(user, "groups.own"):
        return None
    return Coach.objects.filter(user=user).first()


def requests_visible_to(user) -> QuerySet[JoinRequest]:
    """Coordinators see every request; a peer sees only their own."""
    requests = JoinRequest.objects.select_related("coach", "programme")
    if can(user, "groups.edit"):
        return requests
    if can(user, "groups.own"):
        return requests.filter(coach__user=user)
    return requests.none()


def get_join_request_for_user(user, request_id) -> JoinRequest:
    if not may_see_pool(user):
        require(user, "groups.edit")
    return get_or_404(requests_visible_to(user), request_id)


def group_programmes() -> QuerySet[Programme]:
    return Programme.objects.filter(kind=Programme.Kind.GROUP).order_by("name")


def get_group_programme(programme_id) -> Programme:
    return get_or_404(group_programmes(), programme_id)


def pool(programme: Programme) -> list[JoinRequest]:
    """Who is waiting for a group in a programme, oldest first."""
    return list(
        JoinRequest.objects.filter(programme=programme, status=JoinRequest.Status.WAITING)
        .select_related("coach")
        .order_by("created_at", "pk")
    )


def as_person(request: JoinRequest) -> forming.Person:
    return forming.Person(
        id=request.pk,
        name=str(request.coach),
        team=request.team,
        seniority=request.seniority,
        location=request.location,
    )


SENIORITY_LABELS = dict(GroupMember.Seniority.choices)


def pool_propose(*, pool: list[JoinRequest], size: int, by_location: bool) -> forming.Proposal:
    """The optimiser's proposal for a programme's waiting pool (groups.forming)."""
    return forming.propose([as_person(r) for r in pool], size=size, by_location=by_location, labels=SENIORITY_LABELS)


def pool_plan(waiting: list[JoinRequest], *, size: int, by_location: bool, moves: dict[int, int]) -> dict:
    """The optimiser's groups for the pool, with the coordinator's moves applied (`moves`: request
    id -> group number, 0 to leave them out), each group with its reason and its warnings again."""
    proposal = pool_propose(pool=waiting, size=size, by_location=by_location)
    by_id = {r.pk: r for r in waiting}
    where = {p.id: number for number, g in enumerate(proposal.groups, start=1) for p in g.members}
    left_reasons = {u.person.id: u.reason for u in proposal.unplaced}
    count = len(proposal.groups)
    moved = False
    for pk, number in moves.items():
        if pk in by_id and 0 <= number <= count and where.get(pk, 0) != number:
            where[pk], moved = number, True
    groups = []
    for number in range(1, count + 1):
        members = [r for r in waiting if where.get(r.pk) == number]
        people = [as_person(r) for r in members]
        original = proposal.groups[number - 1]
        unchanged = {p.id for p in original.members} == {p.id for p in people}
        groups.append(
            {
                "number": number,
                "members": members,
                "reason": original.reason
                if unchanged
                else forming.describe(people, SENIORITY_LABELS, by_location=by_location, by_hand=True)
                if people
                else "",
                "warnings": forming.warnings_for(people, SENIORITY_LABELS),
            }
        )
    unplaced = [
        (r, left_reasons.get(r.pk, "You moved them out of the groups.")) for r in waiting if not where.get(r.pk)
    ]
    return {"groups": groups, "unplaced": unplaced, "moved": moved, "choices": range(0, count + 1)}
