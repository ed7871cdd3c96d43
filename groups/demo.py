"""Demo: a group mid-series (a member who swapped turns, a commitment partly done) and one finished
with reflections, in a facilitated-group programme with its own peers."""

from __future__ import annotations

import datetime

from core.demo import PASSWORD, Demo
from organisations.models import Programme, Role, User
from people.models import Coach

from . import services
from .models import Group, GroupSession

PEERS = [
    # first, last, team, seniority
    ("Amira", "Khan", "Adult social care north", 3),
    ("Ben", "Lowe", "Children's services east", 3),
    ("Chloe", "Martin", "Hospital discharge", 3),
    ("Dev", "Patel", "Mental health liaison", 2),
    ("Erin", "Walsh", "Learning disabilities", 3),
    ("Femi", "Ade", "Safeguarding adults", 3),
]


def _peer(org, first: str, last: str) -> Coach:
    username = f"peer-{first.lower()}"
    user, made = User.objects.get_or_create(
        username=username,
        defaults={"organisation": org, "role": Role.COACH, "first_name": first, "last_name": last},
    )
    if made:
        user.set_password(PASSWORD)
        user.save(update_fields=["password"])
    coach, _ = Coach.objects.get_or_create(
        organisation=org, user=user, defaults={"first_name": first, "last_name": last, "role_title": "Social worker"}
    )
    return coach


def _group(demo: Demo, programme, facilitator, name: str, peers, first_date: datetime.date) -> Group:
    group = services.group_create(
        organisation=demo.organisation,
        programme=programme,
        facilitator=facilitator,
        name=name,
        purpose=Group.Purpose.PROJECT,
        channel=Group.Channel.FACE_TO_FACE,
        place="Riverside House, meeting room 2",
        weekday=first_date.weekday(),
        start_time=datetime.time(10, 0),
        gap_days=Group.Gap.TWO_WEEKS,
        issue_sharing=Group.IssueSharing.GROUP,
    )
    for first, last, team, seniority in peers:
        services.member_add(group=group, coach=_peer(demo.organisation, first, last), team=team, seniority=seniority)
    return group


def _run(session: GroupSession, outcomes: list[str], issue: str, commitments: list[str]) -> None:
    due = services.commitments_due(session)
    services.session_record(
        session=session,
        attendance={m.pk: "present" for m in session.group.members.all()},
        reviews={c.pk: (outcome, "Thought about it a lot.") for c, outcome in zip(due, outcomes, strict=False)},
        issue=issue if session.presenter_id else "",
        commitments=commitments if session.presenter_id else [],
    )


def step(demo: Demo) -> None:
    if Group.objects.filter(organisation=demo.organisation).exists():
        return
    org, today = demo.organisation, demo.today
    programme, _ = Programme.objects.get_or_create(
        organisation=org,
        name="Champions' action learning",
        defaults={"kind": Programme.Kind.GROUP, "min_months": 2, "max_months": 4, "contact_every_days": 14},
    )
    facilitator = User.objects.filter(organisation=org, username="facilitator").first()
    if facilitator is None:
        return
    # Mid-series: three champions, sessions every two weeks; Chloe cannot make her turn so swaps.
    started = today - datetime.timedelta(weeks=3)
    mid = _group(demo, programme, facilitator, "Mental health champions", PEERS[:3], started)
    members = list(mid.members.all())
    third_date = services._on_weekday(started, started.weekday()) + datetime.timedelta(days=14)
    members[1].cannot_make = [third_date.isoformat()]
    members[1].save(update_fields=["cannot_make"])
    proposal = services.schedule_propose(group=mid, first_date=started)
    sessions = services.schedule_confirm(group=mid, sessions=proposal.sessions)
    for member in members:
        services.rules_accept(member=member)
    _run(
        sessions[0],
        [],
        "Getting managers to release staff for wellbeing sessions.",
        [
            "Ask two managers what would make releasing staff easier",
            "Draft a one-page case for wellbeing time",
        ],
    )
    _run(
        sessions[1],
        ["done", "partly"],
        "Keeping momentum when I'm the only champion in my building.",
        [
            "Set up a monthly drop-in with the other champions",
        ],
    )
    # Finished: three peers, all four sessions held, reflections, one ready to facilitate.
    finished = _group(
        demo, programme, facilitator, "Safeguarding practice set", PEERS[3:], today - datetime.timedelta(weeks=10)
    )
    done = services.schedule_confirm(
        group=finished,
        sessions=services.schedule_propose(group=finished, first_date=today - datetime.timedelta(weeks=10)).sessions,
    )
    for member in finished.members.all():
        services.rules_accept(member=member)
    for index, session in enumerate(done):
        _run(session, ["done"] * 3, f"Issue brought at session {index + 1}.", ["Try the approach with one family"])
    members = list(finished.members.all())
    services.series_end(
        group=finished,
        reflections={
            members[0].pk: {"what_changed": "I ask before I advise.", "will_keep_using": "Open questions."},
            members[1].pk: {
                "what_changed": "More confident raising concerns.",
                "will_keep_using": "The commitments habit.",
                "ready_to_facilitate": True,
            },
        },
    )
