"""The demo's working relationships: goals, action plans, check-ins, reviews and endings at every
stage, written from the seed documents. Written through the services, then dated into the past."""

from __future__ import annotations

import datetime

from django.utils import timezone

from core.demo import Demo
from journeys import services
from journeys.models import CheckIn, ClientFeedback, Ending, GoalStatusChange, Relationship, RelationshipEvent
from journeys.services import relationship_start

# (title, category, where things started, what done looks like, baseline, steps)
# step: (description, who, context, frequency, duration, intensity, done?)
GOALS = {
    0: [  # Jade: rent arrears and the post
        (
            "I'll have cleared my rent arrears",
            "arrears",
            "About £1,200 behind on rent; a letter from the housing officer last month.",
            "Rent paid each month and the arrears gone, with a repayment plan I can afford.",
            1,
            [
                (
                    "Phone the housing officer to agree a repayment plan",
                    "together",
                    "at the Riverside office, with Sam",
                    "once",
                    "",
                    "",
                    True,
                ),
                (
                    "Pay £15 a week off the arrears",
                    "client",
                    "",
                    "every Friday after payday",
                    "until it is cleared",
                    "£15",
                    False,
                ),
            ],
        ),
        (
            "I open my post without dreading it",
            "budget",
            "Letters pile up unopened in a drawer.",
            "I open post the day it comes and know what each letter is.",
            2,
            [
                (
                    "Open the post and sort it into 'pay', 'ask Sam' and 'file'",
                    "client",
                    "at the kitchen table",
                    "every Sunday evening",
                    "15 minutes",
                    "",
                    True,
                ),
                ("Set up a simple folder for bills", "together", "at home", "", "one hour", "", False),
            ],
        ),
    ],
    1: [  # Daniel: council tax and a budget
        (
            "I'll have a budget I can stick to",
            "budget",
            "No idea where the money goes after the separation.",
            "A written budget I check weekly, and money left for the kids' weekends.",
            1,
            [
                (
                    "Write down everything I spend",
                    "client",
                    "in the notes app on my phone",
                    "every day",
                    "for two weeks",
                    "",
                    True,
                ),
                ("Go through the spending diary together", "together", "in the library café", "", "an hour", "", False),
            ],
        ),
        (
            "The bailiffs stop writing to me",
            "creditors",
            "A bailiff letter about council tax arrears.",
            "An arrangement with the council and no more enforcement letters.",
            1,
            [
                ("Call StepChange for free debt advice", "client", "with Sam sitting alongside", "once", "", "", False),
            ],
        ),
    ],
    2: [  # Maria: energy company
        (
            "I'm back on a fair energy tariff",
            "arrears",
            "Behind on energy; a prepayment meter was fitted without a proper check.",
            "Off the prepayment meter, arrears on a plan, a fair tariff.",
            1,
            [
                (
                    "Write to the energy company asking why the meter was fitted",
                    "together",
                    "at Maria's home, in Polish and English",
                    "once",
                    "",
                    "",
                    False,
                ),
            ],
        ),
    ],
    3: [  # Tyrone: keep the flat, see his daughter
        (
            "I keep my flat",
            "housing",
            "Moved in from rough sleeping; the tenancy feels fragile.",
            "Rent paid, a good relationship with my housing officer, the flat feels like home.",
            2,
            [
                ("Meet the housing officer", "together", "at the flat, with Marcus", "once a month", "", "", True),
                (
                    "Buy one thing that makes the flat feel like home",
                    "client",
                    "from the charity shop on the high street",
                    "",
                    "",
                    "one item a month",
                    True,
                ),
            ],
        ),
        (
            "I see my daughter again",
            "family",
            "Has not seen his daughter for three years.",
            "Regular contact with my daughter, agreed with her mum.",
            1,
            [
                (
                    "Ask the family mediation service how contact works",
                    "together",
                    "phone call from the office",
                    "once",
                    "",
                    "",
                    True,
                ),
                (
                    "Write a short letter to my daughter",
                    "client",
                    "with Marcus to read it first",
                    "",
                    "",
                    "one page",
                    False,
                ),
            ],
        ),
    ],
    4: [  # Shauna: get out weekly
        (
            "I leave the flat every week",
            "social",
            "Goes out about once a fortnight, for appointments only.",
            "Out of the flat at least once a week for something I enjoy.",
            1,
            [
                (
                    "Walk to the corner shop with Kevin",
                    "together",
                    "from Shauna's door",
                    "once a week",
                    "20 minutes",
                    "",
                    True,
                ),
            ],
        ),
    ],
    5: [  # Ahmed: payday loans and university
        (
            "I'll have paid off the payday loans",
            "creditors",
            "Two payday loans, rolling over each month.",
            "Both loans paid off and no new ones.",
            1,
            [
                (
                    "Ask both lenders to freeze interest",
                    "together",
                    "by phone from the Riverside office",
                    "once",
                    "",
                    "",
                    True,
                ),
                ("Pay the smaller loan first", "client", "", "every payday", "", "£40 a month", False),
            ],
        ),
        (
            "My eldest goes to university",
            "family",
            "Zainab is in Year 12 and wants to study pharmacy; worried about the cost.",
            "Zainab has applied with a student finance plan the family understands.",
            2,
            [
                ("Go to the university open day", "together", "with Zainab and Fatima", "once", "a day", "", False),
            ],
        ),
    ],
    7: [  # Paul: bank account, friends
        (
            "I have my own bank account",
            "income",
            "Benefits paid to a friend's account; no ID.",
            "An account in my name with my benefits paid into it.",
            1,
            [
                ("Get a copy of my birth certificate", "together", "at the register office", "once", "", "", True),
                ("Open a basic bank account", "together", "at the bank on Market Street", "once", "", "", True),
            ],
        ),
        (
            "I have people to spend time with",
            "social",
            "Spends most days alone since stopping drinking.",
            "Two or three people I see every week who are not drinking.",
            1,
            [
                (
                    "Go to the recovery café",
                    "client",
                    "St Peter's recovery café",
                    "every Wednesday",
                    "an hour",
                    "",
                    False,
                ),
            ],
        ),
    ],
    10: [  # Olu: church and choir
        (
            "I find a church and a choir nearby",
            "social",
            "New to the area; misses the choir he sang in.",
            "Singing with a choir every week.",
            1,
            [("Visit two churches", "together", "Sunday services in Longsight", "once each", "", "", False)],
        ),
    ],
    20: [  # Dean: cleared arrears (planned ending)
        (
            "I'll have cleared my rent arrears",
            "arrears",
            "£1,800 behind; a notice seeking possession.",
            "Arrears cleared and the notice withdrawn.",
            1,
            [("Pay £20 a week off the arrears", "client", "", "every week", "until it is cleared", "£20", True)],
        ),
        (
            "I'll have £100 put by for emergencies",
            "saving",
            "No savings at all.",
            "£100 in a separate pot I don't touch.",
            1,
            [("Move £5 into a savings pot", "client", "in the banking app", "every payday", "", "£5", True)],
        ),
    ],
    21: [  # Carol: moved away (unplanned ending)
        (
            "I feel settled and less alone",
            "social",
            "Isolated after leaving the hostel.",
            "A routine that includes other people every week.",
            1,
            [
                (
                    "Join the Tuesday lunch club",
                    "together",
                    "at the community centre",
                    "every Tuesday",
                    "two hours",
                    "",
                    True,
                )
            ],
        ),
    ],
}

ENDED = (20, 21)

# How far along each goal is at each check-in after the baseline (a goal's list, one per check-in).
PROGRESS = [1, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 4, 4, 4, 4]


def _date_in_past(day: datetime.date, today: datetime.date) -> datetime.date:
    return min(day, today)


def add_working_together(org, relationships: dict[int, Relationship], today: datetime.date) -> None:
    """Give each demo relationship a realistic history up to today."""
    for index, relationship in relationships.items():
        relationship.refresh_from_db()
        plan = GOALS.get(index, [])
        if relationship.status == Relationship.Status.INTRODUCING:
            continue
        began = relationship.started_on + datetime.timedelta(days=10)
        RelationshipEvent.objects.create(
            organisation=org,
            relationship=relationship,
            kind=RelationshipEvent.Kind.BEGAN_WORKING,
            summary="Began working together",
            happened_on=began,
        )
        goals = []
        for title, category, start, target, baseline, steps in plan:
            goal = services.goal_create(
                relationship=relationship,
                title=title,
                category=category,
                starting_point=start,
                target=target,
                baseline_score=baseline,
                agreed_on=began,
            )
            for description, who, context, frequency, duration, intensity, done in steps:
                services.step_create(
                    goal=goal,
                    description=description,
                    who=who,
                    context=context,
                    frequency=frequency,
                    duration=duration,
                    intensity=intensity,
                    due_on=_date_in_past(began + datetime.timedelta(weeks=4), today + datetime.timedelta(weeks=2)),
                    status="done" if done else "to_do",
                    done_on=began + datetime.timedelta(weeks=2) if done else None,
                )
            goals.append(goal)
        _check_ins(relationship, goals, began, today, index)
        # Daniel's midpoint review is left overdue, so the flag shows.
        midpoint = relationship.midpoint_review_on
        if midpoint and midpoint <= today - datetime.timedelta(days=3) and index != 1:
            _review(relationship, goals, "midpoint", midpoint)
    _stages(relationships, today)


def _check_ins(relationship, goals, began, today, index) -> None:
    rhythm = relationship.programme.contact_every_days
    # Daniel's check-ins stopped a month ago: the missed check-in shows on lists.
    stop = today - datetime.timedelta(weeks=4) if index == 1 else today
    if index in ENDED:
        stop = relationship.started_on + datetime.timedelta(weeks=23)
    day, n = began + datetime.timedelta(days=rhythm), 0
    notes = [
        ("Made the phone call I had been putting off.", "Felt anxious before it.", "You did the hard part. Well done."),
        ("Kept to the plan most weeks.", "An unexpected bill.", "One bill doesn't undo the progress."),
        ("Felt more in control this fortnight.", "Tired after extra shifts.", "Rest counts too. Keep going."),
        ("Opened every letter.", "Nothing really.", "That's a big change from where you started."),
    ]
    while day <= stop:
        went_well, in_the_way, feedback = notes[n % len(notes)]
        services.check_in_record(
            relationship=relationship,
            completed_by="client" if n % 3 == 2 and relationship.client.user_id else "coach",
            held_on=day,
            # The second goal moves more slowly than the first, as they usually do.
            ratings={
                goal.pk: max(goal.baseline_score, PROGRESS[max(0, min(n - 2 * i, len(PROGRESS) - 1))])
                for i, goal in enumerate(goals)
            },
            went_well=went_well,
            got_in_the_way=in_the_way,
            coach_feedback=feedback,
            next_steps="Keep going with the steps we agreed.",
        )
        day += datetime.timedelta(days=rhythm)
        n += 1


def _review(relationship, goals, kind, held_on, statuses=None) -> None:
    latest = {
        g.pk: g.check_in_ratings.order_by("-check_in__held_on").values_list("score", flat=True).first() for g in goals
    }
    services.review_record(
        relationship=relationship,
        kind=kind,
        held_on=held_on,
        summary="Good progress on the money goals; the other goals are just starting to move."
        if kind == "midpoint"
        else "Both goals met. The client feels confident to carry on alone.",
        goal_reviews={
            g.pk: {
                "score": (statuses or {}).get(g.pk, (latest[g.pk] or g.baseline_score, ""))[0],
                "status": (statuses or {}).get(g.pk, (0, "in_progress"))[1],
                "comment": "",
            }
            for g in goals
        },
    )


def _stages(relationships: dict[int, Relationship], today: datetime.date) -> None:
    """Relationships at the stages a coordinator meets: a kind change, a pause, an extension and
    two endings."""
    tyrone = relationships[3]
    Relationship.objects.filter(pk=tyrone.pk).update(kind=Relationship.Kind.BEFRIENDING)
    tyrone.refresh_from_db()
    services.relationship_change_kind(
        relationship=tyrone,
        kind=Relationship.Kind.MENTORING,
        reason="Started as informal befriending; Tyrone asked to work on goals.",
        expected_version=tyrone.version,
    )
    RelationshipEvent.objects.filter(relationship=tyrone, kind="kind_changed").update(
        happened_on=tyrone.started_on + datetime.timedelta(weeks=6)
    )
    olu = relationships[10]
    Relationship.objects.filter(pk=olu.pk).update(kind=Relationship.Kind.BEFRIENDING)

    shauna = relationships[4]
    shauna.refresh_from_db()
    services.relationship_pause(
        relationship=shauna,
        reason="A short stay in hospital.",
        expected_return_on=today + datetime.timedelta(weeks=2),
        expected_version=shauna.version,
    )
    paul = relationships[7]
    paul.refresh_from_db()
    services.relationship_extend(
        relationship=paul,
        planned_end_on=paul.planned_end_on + datetime.timedelta(weeks=12),
        reason="Paul is moving flat next month and asked to keep Chris through the move.",
        expected_version=paul.version,
    )
    for key in ENDED:
        relationship = relationships[key]
        relationship.refresh_from_db()
        goals = list(relationship.goals.all())
        ended_on = relationship.started_on + datetime.timedelta(weeks=24)
        if key == 20:
            _review(relationship, goals, "end", ended_on - datetime.timedelta(days=3), {g.pk: (5, "") for g in goals})
            ending = services.relationship_end(
                relationship=relationship,
                expected_version=relationship.version,
                planned=True,
                ended_on=ended_on,
                achieved_goals=goals,
                what_changed="Rent arrears cleared, the notice withdrawn, and £100 saved.",
                client_reflection="I didn't think I could do it. Having someone who'd been there made me believe it.",
                coach_reflection="Dean did the work; I just sat alongside. Proud of him.",
                case_study_consent_on=ended_on,
                case_study=(
                    "A man in his thirties came to the programme with £1,800 of rent arrears and a notice seeking "
                    "possession. Working with a peer coach who had been through arrears herself, he agreed a "
                    "repayment plan with his landlord and paid £20 a week. Within six months the arrears were "
                    'cleared, the notice was withdrawn and he had £100 saved for emergencies. He said: "Having '
                    "someone who'd been there made me believe it.\""
                ),
            )
        else:
            ending = services.relationship_end(
                relationship=relationship,
                expected_version=relationship.version,
                planned=False,
                ended_on=ended_on,
                reason=Ending.Reason.OTHER,
                reason_detail="Carol moved to another city to be near her sister.",
                next_step=Ending.NextStep.REFERRAL,
                coach_reflection="Sorry to say goodbye so suddenly; glad she's near family.",
            )
        _recorded_on(ending, ended_on)
    GoalStatusChange.objects.filter(changed_on__gt=today).update(changed_on=today)


def _recorded_on(ending: Ending, day: datetime.date) -> None:
    """Recorded when it happened, so the two-week undo window has long passed."""
    Ending.objects.filter(pk=ending.pk).update(
        created_at=timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))
    )


# client index -> (coach index, weeks ago started, status)
PAIRS = {
    0: (0, 8, "active"),
    1: (0, 14, "active"),
    2: (1, 4, "active"),
    3: (2, 23, "active"),
    4: (6, 12, "active"),
    5: (3, 7, "active"),
    6: (3, 5, "introducing"),
    7: (8, 24, "active"),
    8: (9, 2, "introducing"),
    9: (4, 1, "introducing"),
    10: (5, 6, "active"),
}


def step(demo: Demo) -> None:
    """Start the demo's relationships (PAIRS, and two to be ended), then fill their histories."""
    today, clients, coaches = demo.today, demo.clients, demo.coaches
    relationships = {}
    for client_index, (coach_index, weeks_ago, status) in PAIRS.items():
        client = clients[client_index]
        programme = client.programme
        relationship = relationship_start(
            client=client,
            coach=coaches[coach_index],
            programme=programme,
            started_on=today - datetime.timedelta(weeks=weeks_ago),
            planned_months=6 if programme.min_months <= 6 else programme.min_months,
        )
        Relationship.objects.filter(pk=relationship.pk).update(status=status)
        relationships[client_index] = relationship
    # Two finished relationships (one planned ending, one not), so histories, endings and
    # the case study show something real. They are ended by add_working_together.
    for client_index, coach_index, weeks_ago in ((20, 1, 30), (21, 2, 60)):
        client = clients[client_index]
        relationship = relationship_start(
            client=client,
            coach=coaches[coach_index],
            programme=client.programme,
            started_on=today - datetime.timedelta(weeks=weeks_ago),
            planned_months=6,
        )
        Relationship.objects.filter(pk=relationship.pk).update(status=Relationship.Status.ACTIVE)
        relationships[client_index] = relationship
    demo.relationships = relationships
    add_working_together(demo.organisation, relationships, today)
    _programme_practice(demo, relationships)
    _ended_over_a_clash(demo)
    _publish_case_studies()


# Peerability's six-stage coaching process, which Money Matters follows.
STAGES = ["Getting started", "Exploring", "Setting goals", "Taking action", "Reviewing", "Moving on"]
# client index -> the stage (1 to 6) their pair is at; Jade and Sam are at stage four of six.
AT_STAGE = {0: 4, 1: 3, 2: 2, 5: 3, 6: 1, 8: 1, 9: 1}


def _programme_practice(demo: Demo, relationships: dict[int, Relationship]) -> None:
    """Money Matters' stages, and its ask (the Athena scheme's) that pairs meet face to face within
    four weeks. Ahmed and Fatima have only met by video so far, so the coordinator is told."""
    money_matters = demo.programmes[0]
    services.programme_process_set(programme=money_matters, stage_names=STAGES, face_to_face_weeks=4)
    stages = {stage.number: stage for stage in money_matters.stages.all()}
    for index, number in AT_STAGE.items():
        relationship = relationships[index]
        relationship.refresh_from_db()
        if relationship.programme_id != money_matters.pk:
            continue
        for step_number in range(1, number + 1):
            services.relationship_stage_set(
                relationship=relationship, stage=stages[step_number], expected_version=relationship.version
            )
        weeks_a_stage = max(1, (demo.today - relationship.started_on).days // 7 // number)
        since = relationship.started_on + datetime.timedelta(weeks=weeks_a_stage * (number - 1))
        Relationship.objects.filter(pk=relationship.pk).update(stage_since=since)
        for n, event in enumerate(relationship.events.filter(kind=RelationshipEvent.Kind.STAGE).order_by("id")):
            on = relationship.started_on + datetime.timedelta(weeks=weeks_a_stage * (n + 1))
            RelationshipEvent.objects.filter(pk=event.pk).update(happened_on=min(on, demo.today))
    ahmed = relationships[5]
    Relationship.objects.filter(pk=ahmed.pk).update(face_to_face_due_on=ahmed.started_on + datetime.timedelta(weeks=4))


def _ended_over_a_clash(demo: Demo) -> None:
    """Hannah and Marcus ended early over a clash of beliefs; she is waiting again, and Marcus is
    never suggested to her (matching records the known connection when the ending is recorded)."""
    hannah, marcus = demo.clients[15], demo.coaches[2]
    started_on = demo.today - datetime.timedelta(weeks=12)
    relationship = relationship_start(
        client=hannah, coach=marcus, programme=hannah.programme, started_on=started_on, planned_months=6
    )
    Relationship.objects.filter(pk=relationship.pk).update(status=Relationship.Status.ACTIVE)
    relationship.refresh_from_db()
    ended_on = demo.today - datetime.timedelta(weeks=6)
    ending = services.relationship_end(
        relationship=relationship,
        expected_version=relationship.version,
        planned=False,
        ended_on=ended_on,
        reason=Ending.Reason.CLASH_OF_BELIEFS,
        reason_detail="Hannah felt Marcus's views on benefits judged her; they agreed it was not working.",
        next_step=Ending.NextStep.REMATCH,
        coach_reflection="We wanted different things from the sessions. Better she has someone she trusts.",
    )
    _recorded_on(ending, ended_on)


def _publish_case_studies() -> None:
    """The demo's case study was reviewed by the coordinator when it was written."""
    for ending in Ending.objects.filter(planned=True, case_study_reviewed_at__isnull=True).exclude(case_study=""):
        services.case_study_review(ending=ending, case_study=ending.case_study)


def client_voice_step(demo: Demo) -> None:
    """The client's side: a reply from the coach the demo client has not read yet, and what two
    clients have told the team (one asks to be contacted, for the coordinator's home)."""
    if ClientFeedback.objects.filter(organisation=demo.organisation).exists():
        return
    now = timezone.now()
    open_ones = [r for _, r in sorted(demo.relationships.items()) if r.status in Relationship.OPEN_STATUSES]
    for relationship in open_ones:
        latest = relationship.check_ins.filter(completed_by="client").order_by("-held_on").first()
        if latest is not None and relationship.client.user_id:
            CheckIn.objects.filter(pk=latest.pk).update(replied_at=now - datetime.timedelta(hours=3))
            break
    said = [
        ("well", "My coach really listens. I feel less alone with the letters now.", False),
        ("not_well", "We keep missing each other and I'm not sure it's working.", True),
    ]
    for relationship, (feeling, comment, wants_contact) in zip(open_ones[:1] + open_ones[3:4], said, strict=False):
        ClientFeedback.objects.create(
            organisation=demo.organisation,
            relationship=relationship,
            feeling=feeling,
            comment=comment,
            wants_contact=wants_contact,
        )
