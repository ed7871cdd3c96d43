"""The demo's meetings and safety rota: past meetings with what was done, upcoming ones, an on-call
rota covering every hour (office hours, then out of hours overnight), and an escalation list."""

from __future__ import annotations

import datetime

from django.utils import timezone

from core.demo import Demo
from journeys.models import Relationship
from meetings import services
from meetings.models import (
    Concern,
    ConcernAction,
    EscalationContact,
    HomeAddress,
    Intervention,
    Meeting,
    OnCallShift,
    SafeguardingLead,
)
from organisations.models import User
from people.models import Client

PLACES = [("public", "Central Library café"), ("office", "Riverside office"), ("home", "Client's flat")]


def add_meetings(org, today: datetime.date) -> None:
    services.ensure_interventions(org)
    interventions = list(Intervention.objects.filter(organisation=org))
    coordinator = User.objects.get(username="coordinator")
    supervisor = User.objects.get(username="supervisor")
    admin = User.objects.get(username="orgadmin")
    tz = timezone.get_current_timezone()
    for day in range(-1, 15):
        date = today + datetime.timedelta(days=day)
        office = datetime.datetime.combine(date, datetime.time(9), tz)
        OnCallShift.objects.create(
            organisation=org,
            staff=coordinator,
            starts_at=office,
            ends_at=office + datetime.timedelta(hours=8),
            phone="07700 900001",
        )
        OnCallShift.objects.create(
            organisation=org,
            staff=supervisor,
            starts_at=office + datetime.timedelta(hours=8),
            ends_at=office + datetime.timedelta(hours=24),
            phone="07700 900002",
        )
    EscalationContact.objects.create(organisation=org, staff=supervisor, position=0, phone="07700 900002")
    EscalationContact.objects.create(organisation=org, staff=admin, position=1, phone="07700 900003")
    SafeguardingLead.objects.create(organisation=org, staff=supervisor)
    shauna = Client.objects.get(organisation=org, first_name="Shauna")
    concern = Concern.objects.create(
        organisation=org,
        client=shauna,
        severity="high",
        description="Shauna said she had not eaten for two days and the electricity meter was empty.",
        raised_by=User.objects.filter(username="coach").first(),
    )
    ConcernAction.objects.create(
        organisation=org,
        concern=concern,
        text="Emergency fuel voucher and a food bank referral the same day.",
        by=supervisor,
    )
    Concern.objects.filter(pk=concern.pk).update(
        closed_at=timezone.now() - datetime.timedelta(days=20),
        closed_by=supervisor,
        closure="Support worker now visits twice a week; benefits claim sorted.",
    )

    # The address held for Jade's home visits, which a safety alert about one carries to staff.
    jade = Client.objects.filter(organisation=org, first_name="Jade").first()
    if jade is not None:
        HomeAddress.objects.update_or_create(
            client=jade, defaults={"organisation": org, "address": "Flat 2, 14 Mill Lane, Riverside RV1 4AB"}
        )

    open_ones = Relationship.objects.filter(organisation=org, status__in=("active", "introducing"))
    for n, relationship in enumerate(open_ones.select_related("programme")):
        kind, place = PLACES[n % len(PLACES)]
        for weeks_ago in (4, 3, 2, 1):
            start = datetime.datetime.combine(
                today - datetime.timedelta(weeks=weeks_ago), datetime.time(10 + n % 5), tz
            )
            if start.date() < relationship.started_on:
                continue
            missed = n % 4 == 1 and weeks_ago < 4  # a couple of clients missing meetings in a row
            # A pair their programme flags for not meeting in person yet has met by video.
            by_video = relationship.face_to_face_due_on is not None
            meeting = Meeting.objects.create(
                organisation=org,
                relationship=relationship,
                starts_at=start,
                expected_minutes=60,
                channel="video" if by_video else "face_to_face",
                place_kind="" if by_video else kind,
                place="" if by_video else place,
                outcome="did_not_attend" if missed else "attended",
                notes="" if missed else "Went through the plan and the week's post together.",
                arrived_at=start,
                left_at=start + datetime.timedelta(minutes=55),
            )
            if not missed:
                meeting.interventions.set(interventions[(n + weeks_ago) % len(interventions) :][:2])
        upcoming = datetime.datetime.combine(today + datetime.timedelta(days=1 + n % 3), datetime.time(10 + n % 5), tz)
        services.meeting_schedule(
            relationship=relationship,
            starts_at=upcoming,
            expected_minutes=60,
            channel="face_to_face" if n % 2 == 0 else "phone",
            place_kind=kind if n % 2 == 0 else "",
            place=place if n % 2 == 0 else "",
        )


def step(demo: Demo) -> None:
    add_meetings(demo.organisation, demo.today)
