"""Reads for facilitated groups. Who sees a group: coordinators every group, a facilitator the
groups they run, a member the groups they are in; nobody else (a 404, as for another organisation)."""

from __future__ import annotations

from collections import Counter

from django.db.models import Prefetch, Q, QuerySet

from core.access import get_or_404
from organisations.permissions import can, require

from .models import Attendance, Commitment, Group, GroupMember, GroupSession


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
