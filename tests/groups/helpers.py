"""A facilitated group in the test world: the world's facilitator runs it and the world's coach is
one of its three members, with its series scheduled from today."""

from __future__ import annotations

import datetime

from django.utils import timezone
from django_scopes import scope

from groups import services
from groups.models import Group
from organisations.models import Programme

from ..factories import CoachFactory, ProgrammeFactory, UserFactory


def group_in(w, *, schedule: bool = True) -> Group:
    with scope(organisation=w.org):
        existing = Group.objects.filter(organisation=w.org, name="Champions").first()
        if existing:
            return existing
        programme = ProgrammeFactory(organisation=w.org, kind=Programme.Kind.GROUP, name="Action learning")
        group = services.group_create(
            organisation=w.org,
            programme=programme,
            facilitator=w.facilitator,
            name="Champions",
            channel=Group.Channel.FACE_TO_FACE,
            place="Room 2",
            weekday=timezone.localdate().weekday(),
            start_time=datetime.time(10, 0),
            gap_days=Group.Gap.TWO_WEEKS,
        )
        third = CoachFactory(organisation=w.org, user=UserFactory(organisation=w.org, role="coach"))
        for coach, team, level in ((w.coach, "North", 3), (w.other_coach, "South", 3), (third, "East", 3)):
            services.member_add(group=group, coach=coach, team=team, seniority=level)
        if schedule:
            proposal = services.schedule_propose(group=group, first_date=timezone.localdate())
            services.schedule_confirm(group=group, sessions=proposal.sessions)
        return group


def group_kwargs(w) -> dict:
    return {"group_id": group_in(w).pk}


def session_kwargs(w) -> dict:
    group = group_in(w)
    with scope(organisation=w.org):
        return {"session_id": group.sessions.get(number=1).pk}


def member_kwargs(w) -> dict:
    group = group_in(w)
    with scope(organisation=w.org):
        return {"group_id": group.pk, "member_id": group.members.first().pk}


def forming_group_kwargs(w) -> dict:
    return {"group_id": group_in(w, schedule=False).pk}


def new_member_body(w) -> dict:
    """A peer coach with a sign-in who is not yet in the forming group."""
    group_in(w, schedule=False)
    with scope(organisation=w.org):
        coach = CoachFactory(organisation=w.org, user=UserFactory(organisation=w.org, role="coach"))
    return {"coach_id": coach.pk, "team": "West", "seniority": 3, "cannot_make": []}


def schedule_body(w) -> dict:
    group = group_in(w, schedule=False)
    with scope(organisation=w.org):
        proposal = services.schedule_propose(group=group, first_date=timezone.localdate())
    return {
        "sessions": [
            {"date": day.isoformat(), "presenter_member_id": presenter.pk if presenter else None}
            for day, presenter in proposal.sessions
        ],
        "note": "",
    }


def record_body(w) -> dict:
    group = group_in(w)
    with scope(organisation=w.org):
        return {
            "attendance": {str(m.pk): "present" for m in group.members.all()},
            "reviews": {},
            "issue": "How to say no to more work without letting the team down.",
            "commitments": ["Talk to my manager about priorities"],
            "notes": "",
        }


def new_group_body(w) -> dict:
    group = group_in(w, schedule=False)
    return {
        "name": "Second group",
        "programme_id": group.programme_id,
        "facilitator_id": w.facilitator.pk,
        "channel": "online",
        "link": "https://meet.example.org/second",
        "weekday": 2,
        "start_time": "14:00",
        "gap_days": 21,
        "issue_sharing": "group",
    }


def pool_programme_kwargs(w) -> dict:
    return {"programme_id": group_in(w, schedule=False).programme_id}


def join_request_in(w):
    """A peer (not the world's coach) waiting in the pool of the world's group programme."""
    from groups.models import JoinRequest

    programme_id = pool_programme_kwargs(w)["programme_id"]
    with scope(organisation=w.org):
        existing = JoinRequest.objects.filter(programme_id=programme_id, team="Pool team").first()
        if existing:
            return existing
        peer = CoachFactory(organisation=w.org, user=UserFactory(organisation=w.org, role="coach"))
        return services.join_request_create(
            organisation=w.org,
            programme=Programme.objects.get(pk=programme_id),
            coach=peer,
            requested_by=w.coordinator,
            team="Pool team",
            role="Social worker",
            seniority=3,
        )


def join_request_kwargs(w) -> dict:
    return {"request_id": join_request_in(w).pk}


def new_join_request_body(w) -> dict:
    """The world's coach asks to join (a coordinator adds them)."""
    return {
        "programme_id": pool_programme_kwargs(w)["programme_id"],
        "coach_id": w.coach.pk,
        "team": "North",
        "role": "Peer coach",
        "seniority": 3,
        "location": "Leeds",
        "work_on": "Saying no",
        "cannot_make": ["2030-01-14"],
    }
