"""Hours (issue 14): agreed weekly hours, the weekly timesheet, approval, payroll with locked periods."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from core.exceptions import StaleEditError
from hours import selectors, services
from hours.models import PayrollLine, Timesheet, TimesheetLine
from meetings.models import Meeting

from ..factories import CoachFactory
from .helpers import last_week, open_in, submitted_in

pytestmark = pytest.mark.usefixtures("scoped")


def _fresh(timesheet: Timesheet) -> Timesheet:
    return Timesheet.objects.get(pk=timesheet.pk)


def _add(timesheet, kind="training", day=None, minutes=60, note=""):
    timesheet = _fresh(timesheet)
    return services.line_add(
        timesheet=timesheet,
        expected_version=timesheet.version,
        kind=kind,
        day=day or timesheet.week_starts,
        minutes=minutes,
        note=note,
    )


def _meeting_last_week(world, *, minutes=60, outcome="attended", arrived_late_by=None) -> Meeting:
    starts = timezone.make_aware(datetime.datetime.combine(last_week() + datetime.timedelta(days=1), datetime.time(10)))
    meeting = Meeting.objects.create(
        organisation=world.org,
        relationship=world.relationship,
        starts_at=starts,
        expected_minutes=minutes,
        channel="face_to_face",
        place_kind="public",
        place="Library",
        outcome=outcome,
    )
    if arrived_late_by is not None:
        Meeting.objects.filter(pk=meeting.pk).update(arrived_at=starts + datetime.timedelta(minutes=arrived_late_by))
    return meeting


# --- agreed hours ----------------------------------------------------------------------------


def test_agreed_hours_apply_from_their_week_and_earlier_weeks_keep_theirs(world):
    week = last_week()
    assert selectors.agreed_hours(world.coach, week) == world.coach.agreed_weekly_hours
    services.agreement_set(coach=world.coach, weekly_hours=Decimal("10"), starts_on=week - datetime.timedelta(weeks=4))
    services.agreement_set(coach=world.coach, weekly_hours=Decimal("16"), starts_on=week + datetime.timedelta(days=2))
    assert selectors.agreed_hours(world.coach, week - datetime.timedelta(weeks=1)) == Decimal("10")
    # The agreement starts from the Monday of the week chosen.
    assert selectors.agreed_hours(world.coach, week) == Decimal("16")
    with pytest.raises(ValidationError):
        services.agreement_set(coach=world.coach, weekly_hours=Decimal("61"), starts_on=week)


# --- the week --------------------------------------------------------------------------------


def test_meetings_count_by_themselves_with_travel_and_are_copied_when_the_week_is_sent(world):
    meeting = _meeting_last_week(world, minutes=90)
    _meeting_last_week(world, outcome="cancelled_client")
    timesheet = services.timesheet_for_week(coach=world.coach, week=last_week())
    services.meeting_travel_set(timesheet=timesheet, expected_version=timesheet.version, meeting=meeting, minutes=30)
    _add(timesheet, kind="property_search", minutes=45)
    week = selectors.week_for(world.coach, last_week())
    assert [row.minutes for row in week.meetings] == [90] and week.meetings[0].travel.minutes == 30
    assert week.total_minutes == 90 + 30 + 45
    timesheet = _fresh(timesheet)
    services.timesheet_submit(timesheet=timesheet, expected_version=timesheet.version)
    timesheet = _fresh(timesheet)
    assert timesheet.status == "submitted" and timesheet.total_minutes == 165
    assert timesheet.agreed_minutes == int(world.coach.agreed_weekly_hours * 60)
    # A meeting changed after the week was sent does not move it.
    Meeting.objects.filter(pk=meeting.pk).update(expected_minutes=300)
    assert selectors.week_for(world.coach, last_week()).total_minutes == 165


def test_work_by_hand_is_in_quarter_hours_within_the_week_and_never_more_than_a_day(world):
    timesheet = services.timesheet_for_week(coach=world.coach, week=last_week())
    with pytest.raises(ValidationError, match="quarter hours"):
        _add(timesheet, minutes=20)
    with pytest.raises(ValidationError, match="week starting"):
        _add(timesheet, day=last_week() - datetime.timedelta(days=1))
    with pytest.raises(ValidationError, match="kind"):
        _add(timesheet, kind="meeting")
    _add(timesheet, minutes=23 * 60)
    with pytest.raises(ValidationError, match="24 hours"):
        _add(timesheet, kind="admin", minutes=75)
    assert _fresh(timesheet).lines.count() == 1


def test_the_database_refuses_time_not_in_quarter_hours(world):
    timesheet = services.timesheet_for_week(coach=world.coach, week=last_week())
    with pytest.raises(IntegrityError), transaction.atomic():
        TimesheetLine.objects.create(
            organisation=world.org, timesheet=timesheet, kind="admin", day=last_week(), minutes=20
        )


def test_hours_cannot_be_recorded_for_weeks_to_come(world):
    with pytest.raises(ValidationError, match="not weeks to come"):
        services.timesheet_for_week(coach=world.coach, week=timezone.localdate() + datetime.timedelta(days=8))


def test_an_edit_from_an_old_copy_of_the_week_is_refused(world):
    timesheet = services.timesheet_for_week(coach=world.coach, week=last_week())
    stale = timesheet.version
    _add(timesheet)
    with pytest.raises(StaleEditError):
        services.line_add(
            timesheet=_fresh(timesheet), expected_version=stale, kind="admin", day=last_week(), minutes=15
        )
    with pytest.raises(StaleEditError):
        services.timesheet_submit(timesheet=_fresh(timesheet), expected_version=stale)
    assert _fresh(timesheet).lines.count() == 1 and _fresh(timesheet).status == "open"


def test_a_sent_week_cannot_be_changed_by_the_coach(world):
    timesheet = submitted_in(world)
    with pytest.raises(ValidationError, match="sent for approval"):
        _add(timesheet)


# --- approval --------------------------------------------------------------------------------


def test_a_coordinator_returns_a_week_with_a_reason_and_the_coach_sends_it_again(world):
    timesheet = submitted_in(world)
    with pytest.raises(ValidationError):
        services.timesheet_return(timesheet=timesheet, expected_version=timesheet.version, reason=" ", by=None)
    services.timesheet_return(
        timesheet=timesheet, expected_version=timesheet.version, reason="Add Tuesday's training", by=world.coordinator
    )
    timesheet = _fresh(timesheet)
    assert timesheet.status == "returned" and timesheet.return_reason == "Add Tuesday's training"
    _add(timesheet, kind="training", day=last_week() + datetime.timedelta(days=1), minutes=120)
    timesheet = _fresh(timesheet)
    services.timesheet_submit(timesheet=timesheet, expected_version=timesheet.version)
    timesheet = _fresh(timesheet)
    services.timesheet_approve(timesheet=timesheet, expected_version=timesheet.version, by=world.coordinator)
    timesheet = _fresh(timesheet)
    assert (
        timesheet.status == "approved" and timesheet.total_minutes == 180 and timesheet.decided_by == world.coordinator
    )


def test_approving_a_week_the_coach_changed_meanwhile_is_refused(world):
    timesheet = submitted_in(world)
    seen = timesheet.version
    services.timesheet_return(timesheet=timesheet, expected_version=seen, reason="Check Monday", by=world.coordinator)
    with pytest.raises((StaleEditError, ValidationError)):
        services.timesheet_approve(timesheet=_fresh(timesheet), expected_version=seen, by=world.coordinator)
    assert _fresh(timesheet).status == "returned"


def test_a_whole_week_is_approved_at_once(world):
    mine = submitted_in(world)
    other = CoachFactory(organisation=world.org)
    theirs = services.timesheet_for_week(coach=other, week=last_week())
    _add(theirs, minutes=30)
    theirs = _fresh(theirs)
    services.timesheet_submit(timesheet=theirs, expected_version=theirs.version)
    assert services.week_approve(organisation=world.org, week=last_week(), by=world.coordinator) == 2
    assert {_fresh(mine).status, _fresh(theirs).status} == {"approved"}


def test_the_queue_flags_weeks_well_over_the_agreement_and_coaches_with_nothing_recorded(world):
    world.coach.agreed_weekly_hours = Decimal("4")
    world.coach.save()
    timesheet = services.timesheet_for_week(coach=world.coach, week=last_week())
    _add(timesheet, kind="property_search", minutes=8 * 60)
    timesheet = _fresh(timesheet)
    services.timesheet_submit(timesheet=timesheet, expected_version=timesheet.version)
    silent = CoachFactory(
        organisation=world.org,
        user=world.client_user.__class__.objects.create(username="t-silent", organisation=world.org, role="coach"),
    )
    services.agreement_set(coach=silent, weekly_hours=Decimal("6"), starts_on=last_week() - datetime.timedelta(weeks=2))
    # A coach who keeps no hours here (no agreement, no week recorded before) is not listed.
    CoachFactory(
        organisation=world.org,
        user=world.client_user.__class__.objects.create(username="t-never", organisation=world.org, role="coach"),
    )
    [waiting] = selectors.queue(world.org)
    assert waiting.pk == timesheet.pk and waiting.well_over
    nothing = selectors.nothing_recorded(last_week())
    assert [c.pk for c in nothing] == [silent.pk]


def _waiting(world, count: int) -> None:
    for _ in range(count):
        coach = CoachFactory(organisation=world.org)
        timesheet = services.timesheet_for_week(coach=coach, week=last_week())
        _add(timesheet, minutes=60)
        timesheet = _fresh(timesheet)
        services.timesheet_submit(timesheet=timesheet, expected_version=timesheet.version)


def test_the_queue_page_takes_the_same_few_queries_however_many_weeks_wait(client, world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(world.coordinator)
    _waiting(world, 1)
    client.get("/hours/queue/")
    with CaptureQueriesContext(connection) as one:
        client.get("/hours/queue/")
    _waiting(world, 6)
    with CaptureQueriesContext(connection) as seven:
        response = client.get("/hours/queue/")
    assert response.content.decode().count("Return with a reason") == 7
    assert len(seven) == len(one)
    # Of those, the page's own reads are three: the setting, the waiting weeks with their coaches,
    # and the coaches who sent nothing (the rest are signing in, the organisation and the menu).
    ours = [q["sql"] for q in seven.captured_queries if '"hours_' in q["sql"] or '"people_coach"' in q["sql"]]
    assert len(ours) <= 3, ours


# The session, the user and the organisation; the setting, the waiting weeks, the coaches who sent
# nothing; the session's save (a savepoint around it, and its release).
QUEUE_BUDGET = 9


def test_the_queue_page_stays_within_its_query_budget(client, world, django_assert_max_num_queries):
    _waiting(world, 5)
    client.force_login(world.coordinator)
    client.get("/hours/queue/")
    with django_assert_max_num_queries(QUEUE_BUDGET):
        assert client.get("/hours/queue/").status_code == 200


# --- payroll ---------------------------------------------------------------------------------


def _approved(world, coach, week, minutes=60):
    timesheet = services.timesheet_for_week(coach=coach, week=week)
    _add(timesheet, minutes=minutes)
    timesheet = _fresh(timesheet)
    services.timesheet_submit(timesheet=timesheet, expected_version=timesheet.version)
    timesheet = _fresh(timesheet)
    services.timesheet_approve(timesheet=timesheet, expected_version=timesheet.version, by=world.coordinator)
    return _fresh(timesheet)


def test_payroll_takes_paid_coaches_approved_weeks_and_locks_the_period(world):
    world.coach.employment = "paid"
    world.coach.save()
    volunteer = CoachFactory(organisation=world.org, employment="volunteer")
    start = last_week() - datetime.timedelta(weeks=1)
    paid_week = _approved(world, world.coach, start, minutes=120)
    _approved(world, volunteer, start)
    period = services.payroll_export(
        organisation=world.org, starts_on=start, ends_on=start + datetime.timedelta(days=6), by=world.coordinator
    )
    assert [(line.timesheet_id, line.minutes) for line in period.lines.all()] == [(paid_week.pk, 120)]
    with pytest.raises(ValidationError, match="already sent"):
        services.payroll_export(
            organisation=world.org, starts_on=start + datetime.timedelta(days=3), ends_on=last_week(), by=None
        )


def test_a_change_after_export_is_a_correction_line_never_a_silent_edit(world):
    world.coach.employment = "paid"
    world.coach.save()
    week = last_week() - datetime.timedelta(weeks=1)
    timesheet = _approved(world, world.coach, week, minutes=120)
    period = services.payroll_export(
        organisation=world.org, starts_on=week, ends_on=week + datetime.timedelta(days=6), by=world.coordinator
    )
    sent = list(period.lines.values_list("pk", "minutes"))
    # The coordinator reopens the week; the coach adds the hour they forgot; it is approved again.
    services.timesheet_return(
        timesheet=timesheet, expected_version=timesheet.version, reason="Forgot Friday's admin", by=world.coordinator
    )
    _add(timesheet, kind="admin", day=week + datetime.timedelta(days=4), minutes=60)
    timesheet = _fresh(timesheet)
    services.timesheet_submit(timesheet=timesheet, expected_version=timesheet.version)
    timesheet = _fresh(timesheet)
    services.timesheet_approve(timesheet=timesheet, expected_version=timesheet.version, by=world.coordinator)
    # The period sent is exactly as it was.
    assert list(period.lines.values_list("pk", "minutes")) == sent
    [correction] = PayrollLine.objects.filter(is_correction=True)
    assert correction.pay_period is None and correction.minutes == 60 and correction.reason == "Forgot Friday's admin"
    # The next export takes it, and the week itself is not sent twice.
    later = services.payroll_export(
        organisation=world.org, starts_on=last_week(), ends_on=last_week() + datetime.timedelta(days=6), by=None
    )
    assert [(line.is_correction, line.minutes) for line in later.lines.all()] == [(True, 60)]


def test_a_week_approved_after_its_period_was_sent_goes_in_the_next_export_as_a_correction(world):
    world.coach.employment = "paid"
    world.coach.save()
    week = last_week()
    waiting = submitted_in(world)
    services.payroll_export(
        organisation=world.org, starts_on=week, ends_on=week + datetime.timedelta(days=6), by=world.coordinator
    )
    services.timesheet_approve(timesheet=waiting, expected_version=waiting.version, by=world.coordinator)
    [late] = PayrollLine.objects.filter(timesheet=waiting)
    assert late.is_correction and late.pay_period is None and late.minutes == 60
    with pytest.raises(ValidationError, match="already started"):
        services.payroll_export(
            organisation=world.org,
            starts_on=timezone.localdate() + datetime.timedelta(days=1),
            ends_on=timezone.localdate() + datetime.timedelta(days=20),
            by=None,
        )


def test_the_payroll_download_is_csv_or_xlsx_of_what_was_sent(client, world):
    world.coach.employment = "paid"
    world.coach.save()
    week = last_week()
    _approved(world, world.coach, week, minutes=90)
    period = services.payroll_export(
        organisation=world.org, starts_on=week, ends_on=week + datetime.timedelta(days=6), by=world.coordinator
    )
    client.force_login(world.coordinator)
    csv = b"".join(client.get(f"/hours/payroll/{period.pk}/?format=csv").streaming_content).decode()
    assert "Sam Turner" in csv and week.isoformat() in csv and ",1.5," in csv
    xlsx = client.get(f"/hours/payroll/{period.pk}/?format=xlsx")
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    assert b"".join(xlsx.streaming_content)[:2] == b"PK"


# --- pages -----------------------------------------------------------------------------------


def test_a_coach_adds_work_and_sends_the_week_through_the_pages(client, world):
    client.force_login(world.coach_user)
    url = f"/hours/week/{last_week().isoformat()}/"
    response = client.post(
        url + "lines/new/", {"version": 1, "kind": "training", "day": last_week().isoformat(), "minutes": 90}
    )
    assert response.status_code == 302
    response = client.post(
        url + "lines/new/", {"version": 2, "kind": "admin", "day": last_week().isoformat(), "minutes": 20}
    )
    assert response.status_code == 200 and "Select a valid choice" in response.content.decode()
    client.post(url + "submit/", {"version": 2}, follow=True)
    timesheet = Timesheet.objects.get(coach=world.coach, week_starts=last_week())
    assert timesheet.status == "submitted" and timesheet.total_minutes == 90
    # A stale form is told, not obeyed.
    response = client.post(url + "submit/", {"version": 1}, follow=True)
    assert "cannot be changed now" in response.content.decode() or "Someone else" in response.content.decode()


def test_another_coachs_week_is_not_found(client, world):
    other = CoachFactory(organisation=world.org)
    theirs = services.timesheet_for_week(coach=other, week=last_week())
    client.force_login(world.coach_user)
    assert client.get(f"/hours/timesheets/{theirs.pk}/").status_code == 404
    line = _add(theirs)
    assert client.post(f"/hours/lines/{line.pk}/remove/", {"version": 2}).status_code == 404


def test_the_open_week_helper_is_the_coachs_own(world):
    assert open_in(world).coach == world.coach
