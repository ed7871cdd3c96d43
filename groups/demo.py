"""Demo: a group mid-series (a member who swapped turns, a commitment partly done) and one finished
with reflections, in a facilitated-group programme with its own peers."""

from __future__ import annotations

import datetime

from core.demo import PASSWORD, Demo
from organisations.models import Programme, Role, User
from people.models import Coach

from . import services
from .models import Group, GroupSession, JoinRequest

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


# Waiting to be grouped: ten people across five teams, three levels and two sites.
POOL = [
    # first, last, team, role, seniority, location
    ("Grace", "Obi", "Adult social care north", "Social worker", 3, "Riverside House"),
    ("Hassan", "Ali", "Adult social care north", "Senior practitioner", 4, "Riverside House"),
    ("Isla", "Reid", "Children's services east", "Social worker", 3, "Eastgate"),
    ("Jamal", "Brown", "Children's services east", "Team leader", 4, "Eastgate"),
    ("Kate", "Moss", "Hospital discharge", "Discharge coordinator", 3, "Riverside House"),
    ("Leon", "Grant", "Hospital discharge", "Team leader", 4, "Eastgate"),
    ("Maya", "Singh", "Mental health liaison", "Practitioner", 2, "Riverside House"),
    ("Nico", "Rossi", "Mental health liaison", "Senior practitioner", 4, "Eastgate"),
    ("Olu", "Bello", "Learning disabilities", "Social worker", 3, "Eastgate"),
    ("Priya", "Shah", "Learning disabilities", "Practitioner", 2, "Riverside House"),
]

WORK_ON = [
    "Having difficult conversations with families",
    "Managing a caseload that keeps growing",
    "Leading a team through change",
    "Getting heard in multi-agency meetings",
]


def _pool(demo: Demo, programme, coordinator) -> None:
    if JoinRequest.objects.filter(organisation=demo.organisation).exists():
        return
    for index, (first, last, team, role, seniority, location) in enumerate(POOL):
        services.join_request_create(
            organisation=demo.organisation,
            programme=programme,
            coach=_peer(demo.organisation, first, last),
            requested_by=coordinator,
            team=team,
            role=role,
            seniority=seniority,
            location=location,
            work_on=WORK_ON[index % len(WORK_ON)],
            cannot_make=[(demo.today + datetime.timedelta(days=21 + index)).isoformat()] if index % 3 == 0 else [],
        )


def step(demo: Demo) -> None:
    _groups(demo)
    programme = Programme.objects.filter(organisation=demo.organisation, name="Champions' action learning").first()
    coordinator = User.objects.filter(organisation=demo.organisation, role=Role.COORDINATOR).order_by("pk").first()
    if programme is not None and coordinator is not None:
        _pool(demo, programme, coordinator)


def _groups(demo: Demo) -> None:
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
