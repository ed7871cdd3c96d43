"""Demo: Tom Brennan supervises the peer coaches monthly, with Dee Okafor as his deputy. Sam's
supervision is overdue, with an action carried over from his last session and a debrief call he
asked for; another coach is due this week and has asked for a session; one coach has moved from
client contact to property searches; Sam shares a reflective log entry and a wellbeing check;
Dee has an open conduct concern about Chris meeting a client late in the evening, with a review
date."""

from __future__ import annotations

import datetime

from core.demo import Demo
from journeys.away import open_relationships
from organisations.models import User

from . import services
from .models import Arrangement, ConductConcern, RoleChange


def step(demo: Demo) -> None:
    org = demo.organisation
    if not Arrangement.objects.filter(organisation=org).exists():
        _supervision(demo)
    if not ConductConcern.objects.filter(organisation=org).exists():
        _conduct_concern(demo)


def _conduct_concern(demo: Demo) -> None:
    coordinator = User.objects.filter(organisation=demo.organisation, username="coordinator").first()
    chris = next((c for c in demo.active_coaches if (c.first_name, c.last_name) == ("Chris", "Walsh")), None)
    if coordinator is None or chris is None:
        return
    days = datetime.timedelta
    concern = services.concern_raise(
        coach=chris,
        by=coordinator,
        raised_on=demo.today - days(days=9),
        concern="A client's neighbour said Chris visited at about 10 pm on a Friday, outside agreed hours "
        "and without the lone-working check-in.",
    )
    services.concern_update(
        concern=concern,
        expected_version=concern.version,
        conversation="Chris said the client was in crisis and he did not want to leave her alone; he knows "
        "he should have called the on-call line first.",
        agreed_actions="Evening visits only when agreed with the coordinator beforehand, and always with the "
        "check-in. Chris to do the lone-working refresher.",
        review_on=demo.today + days(days=19),
    )


def _supervision(demo: Demo) -> None:
    org, today = demo.organisation, demo.today
    supervisor = User.objects.filter(organisation=org, username="supervisor").first()
    deputy = User.objects.filter(organisation=org, username="coordinator").first()
    coaches = [coach for coach in demo.active_coaches if coach.user_id]
    if supervisor is None or not coaches:
        return
    days = datetime.timedelta
    # Started at different times, so some are due in the coming weeks and a few are already late.
    for index, coach in enumerate(demo.active_coaches):
        services.arrangement_set(
            coach=coach, supervisor=supervisor, deputy=deputy, starts_on=today - days(days=20 + 3 * index)
        )
    sam = next((c for c in coaches if c.user.username == "coach"), coaches[0])
    first = services.session_record(
        coach=sam,
        supervisor=supervisor,
        held_on=today - days(days=72),
        wellbeing="Tired after a hard month at home, but glad to be working.",
        caseload="Two clients; Jade's bailiff letters are taking a lot of his time.",
        going_well="Jade trusts him and opens her post with him now.",
        worries="Hearing Jade's story brings back his own debt; he wants to keep that in check.",
        development="Would like the Mental Health First Aid course.",
        new_actions=["Book the Mental Health First Aid course", "Try the five-minute wind-down after visits"],
    )
    course = first.actions_agreed.order_by("pk").first()
    services.session_record(
        coach=sam,
        supervisor=supervisor,
        held_on=today - days(days=41),
        wellbeing="Sleeping better; the wind-down helps.",
        caseload="Two clients, steady.",
        going_well="Jade's payment plan is agreed.",
        worries="The course is full until next month.",
        development="Course still to book.",
        done_actions=[a.pk for a in first.actions_agreed.exclude(pk=course.pk)],
        new_actions=["Ask Dee about the group supervision pilot"],
    )
    services.log_entry_write(
        coach=sam,
        written_on=today - days(days=6),
        did="Went with Jade to the council tax office.",
        learned="Writing the questions down beforehand kept us both calm.",
        want_to_learn="How to help someone challenge a bailiff's fees.",
        share=True,
    )
    services.log_entry_write(coach=sam, written_on=today - days(days=2), did="A private note about a hard week.")
    services.wellbeing_check_record(coach=sam, mood=6, sleep=5, coping=7, support=8, shared=True)
    # Another coach: due this week, and asking for a session.
    others = [c for c in demo.active_coaches if c.pk != sam.pk]
    if others:
        other = others[0]
        services.session_record(
            coach=other,
            supervisor=supervisor,
            held_on=today - days(days=26),
            wellbeing="Well.",
            caseload="Three clients; at capacity.",
            going_well="Good feedback from both new clients.",
            new_actions=["Shadow a benefits appointment"],
        )
        services.request_make(coach=other, about="A client's situation is weighing on me.")
    # A coach moved from client contact to property searches, their clients handed over.
    # Kevin, named, so the other demo coaches (the ones the walkthroughs and browser tests pair
    # clients with) stay in client contact; otherwise whoever has fewest clients.
    movers = others[1:]
    named = [c for c in movers if (c.first_name, c.last_name) == ("Kevin", "Doyle")]
    mover = named[0] if named else min(movers, key=lambda c: open_relationships(c).count(), default=None)
    if mover is not None and deputy is not None:
        relationships = list(open_relationships(mover))
        if all(r.started_on and r.started_on <= today for r in relationships):
            services.role_change(
                coach=mover,
                from_role=RoleChange.Role.CLIENT_CONTACT,
                to_role=RoleChange.Role.PROPERTY_SEARCHES,
                reason="Asked for a break from one-to-one work after a bereavement; keen to keep helping residents.",
                effective_on=today - days(days=10),
                by=deputy,
                decisions={r.pk: services.HAND_OVER for r in relationships},
            )
