"""Reports in the test world: pairs of clients and coaches with a little of everything in a period
(meetings with an intervention, achieved goals, endings, referrals, approved hours)."""

from __future__ import annotations

import datetime

from django.utils import timezone
from django_scopes import scope

from hours.models import Timesheet, week_start
from journeys.models import Ending, GoalStatusChange, Relationship
from meetings.models import Intervention, Meeting
from referrals.models import Referral
from reports import services
from reports.forms import last_quarter
from reports.models import Report

from ..factories import ClientFactory, GoalFactory, RelationshipFactory


def quarter() -> tuple[datetime.date, datetime.date]:
    return last_quarter()


def at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=timezone.get_current_timezone())


def add_pairs(org, programme, coach, n: int, *, service=None, planned_endings: int = 0, hours_weeks: int = 0) -> None:
    """n clients referred on the quarter's first day, matched with `coach` in it, each meeting once (with
    an intervention), an achieved goal and a referral onwards; the first `planned_endings` end."""
    start, end = quarter()
    intervention, _ = Intervention.objects.get_or_create(organisation=org, name="Benefits")
    for i in range(n):
        client = ClientFactory(organisation=org, programme=programme, referral_date=start)
        relationship = RelationshipFactory(
            client=client, coach=coach, programme=programme, started_on=start + datetime.timedelta(days=1 + i % 20)
        )
        meeting = Meeting.objects.create(
            organisation=org,
            relationship=relationship,
            programme=programme,
            starts_at=at(start + datetime.timedelta(days=25)),
            outcome=Meeting.Outcome.ATTENDED,
            channel="phone",
        )
        meeting.interventions.add(intervention)
        goal = GoalFactory(relationship=relationship, status="achieved", agreed_on=start + datetime.timedelta(days=21))
        GoalStatusChange.objects.create(
            organisation=org,
            goal=goal,
            from_status="agreed",
            to_status="achieved",
            changed_on=start + datetime.timedelta(days=30),
        )
        if service is not None:
            Referral.objects.create(
                organisation=org,
                client=client,
                service=service,
                kind="referral",
                reason="Debt",
                made_on=start + datetime.timedelta(days=5),
            )
        if i < planned_endings:
            ended_on = start + datetime.timedelta(days=40)
            Relationship.objects.filter(pk=relationship.pk).update(status="ended", ended_on=ended_on)
            Ending.objects.create(
                organisation=org,
                relationship=relationship,
                planned=True,
                ended_on=ended_on,
                previous_status="active",
                previous_client_status="matched",
            )
    monday = week_start(start) + datetime.timedelta(days=7)
    for w in range(hours_weeks):
        Timesheet.objects.update_or_create(
            organisation=org,
            coach=coach,
            week_starts=monday + datetime.timedelta(days=7 * w),
            defaults={"status": "approved", "total_minutes": 600, "decided_at": timezone.now()},
        )


def report_in(w) -> Report:
    """A built report of last quarter for the world's programme."""
    with scope(organisation=w.org):
        found = Report.objects.filter(programme=w.programme, status="done").first()
        if found:
            return found
        start, end = quarter()
        report = services.report_create(programme=w.programme, starts_on=start, ends_on=end, by=w.coordinator)
        return services.report_build(report_id=report.pk)
