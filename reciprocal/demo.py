"""Demo: a reciprocal programme for social workers with two pairs: Nadia and Owen (peer-nadia,
peer-owen), four sessions taking turns and due again soon, and a second pair overdue a session."""

from __future__ import annotations

import datetime

from core.demo import PASSWORD, Demo
from matching.models import ReciprocalPair
from organisations.models import Programme, Role, User
from people.models import Coach

from . import services
from .models import Focus

PROGRAMME = "Social work peer coaching"


def _peer(org, first: str, last: str, *, login: bool) -> Coach:
    user = None
    if login:
        user, made = User.objects.get_or_create(
            username=f"peer-{first.lower()}",
            defaults={"organisation": org, "role": Role.COACH, "first_name": first, "last_name": last},
        )
        if made:
            user.set_password(PASSWORD)
            user.save(update_fields=["password"])
    coach, _ = Coach.objects.get_or_create(
        organisation=org,
        first_name=first,
        last_name=last,
        defaults={"user": user, "role_title": "Social worker", "employment": Coach.Employment.PAID},
    )
    return coach


def _pair(programme, first: Coach, second: Coach, reasons: list[str]) -> ReciprocalPair:
    # matching pairs people from its proposal over the whole programme; the demo names its two pairs.
    return ReciprocalPair.objects.create(
        organisation=programme.organisation, programme=programme, first=first, second=second, score=0.9, reasons=reasons
    )


def step(demo: Demo) -> None:
    org, today = demo.organisation, demo.today
    programme, _ = Programme.objects.get_or_create(
        organisation=org,
        name=PROGRAMME,
        defaults={
            "kind": Programme.Kind.RECIPROCAL,
            "description": "Two social workers of equal standing, from different teams, coach each other in turn: "
            "for wellbeing, resilience, goal setting and reflection on practice.",
            "min_months": 3,
            "max_months": 12,
            "contact_every_days": Programme.Rhythm.FORTNIGHTLY,
        },
    )
    if ReciprocalPair.objects.filter(programme=programme).exists():
        return
    nadia = _peer(org, "Nadia", "Hussain", login=True)
    owen = _peer(org, "Owen", "Price", login=True)
    pair = _pair(programme, nadia, owen, ["Both senior practitioners", "Different teams (adults and children)"])
    turns = [
        (nadia, Focus.WELLBEING, "Leave work at work on Fridays", "Naming what I can let go of before I go home."),
        (owen, Focus.GOAL_SETTING, "Get my caseload reviews up to date", "Breaking it into one review a day."),
        (nadia, Focus.RESILIENCE, "Recover after a hard court hearing", "Talking it through the same week."),
        (owen, Focus.REFLECTION, "Reflect on a family that disengaged", "Asking what the family would say."),
    ]
    for weeks_ago, (coach, focus, goal, helped) in zip((7, 5, 3, 1), turns, strict=True):
        session = services.session_record(
            pair=pair,
            held_on=today - datetime.timedelta(weeks=weeks_ago),
            coach=coach,
            focus=focus,
            goal=goal,
            what_helped=helped,
        )
        services.reflection_save(
            session=session,
            peer=nadia,
            reflection="Being listened to by someone who does the same job helps more than I expected.",
            wellbeing_start=3,
            wellbeing_end=4,
        )
    # The second pair last met six weeks ago: overdue for a fortnightly rhythm.
    tariq = _peer(org, "Tariq", "Said", login=False)
    lucy = _peer(org, "Lucy", "Ford", login=False)
    overdue = _pair(programme, tariq, lucy, ["Both practitioners", "Different localities"])
    services.session_record(
        pair=overdue,
        held_on=today - datetime.timedelta(weeks=6),
        coach=tariq,
        focus=Focus.WELLBEING,
        goal="Find time for supervision notes",
    )
