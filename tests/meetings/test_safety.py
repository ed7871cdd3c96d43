"""Lone-working safety: the clock is passed in, so every test says exactly when it is."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from meetings import services
from meetings.models import Alert, EscalationContact, Meeting, OnCallShift
from tests.factories import StaffMemberFactory, UserFactory

NOW = timezone.now


pytestmark = pytest.mark.usefixtures("scoped")  # each body runs in the world's organisation


@pytest.fixture
def safety(world):
    """A face-to-face meeting starting now for an hour, one person on call, two on the list."""
    Alert.objects.all().delete()
    start = NOW().replace(second=0, microsecond=0)
    meeting = services.meeting_schedule(
        relationship=world.relationship,
        starts_at=start,
        expected_minutes=60,
        channel="face_to_face",
        place_kind="home",
        place="12 Oak Street",
    )
    OnCallShift.objects.create(
        organisation=world.org,
        staff=world.coordinator,
        starts_at=start - datetime.timedelta(hours=2),
        ends_at=start + datetime.timedelta(hours=8),
        phone="07700 900001",
    )
    second = StaffMemberFactory(user=UserFactory(username="t-manager", organisation=world.org, role="org_admin")).user
    second.email = "manager@example.org"
    second.save()
    world.coordinator.email = "dee@example.org"
    world.coordinator.save()
    EscalationContact.objects.create(organisation=world.org, staff=world.supervisor, position=0, phone="1")
    EscalationContact.objects.create(organisation=world.org, staff=second, position=1, phone="2")
    return meeting, start


@pytest.fixture
def sweep(django_capture_on_commit_callbacks):
    """The sweep, then the delivery tasks it queued on commit (run at once by the test backend)."""

    def run(now):
        with django_capture_on_commit_callbacks(execute=True):
            return services.sweep(now=now)

    return run


def at(start, minutes):
    return start + datetime.timedelta(minutes=minutes)


def test_the_check_out_is_due_after_the_grace_period(safety):
    meeting, start = safety
    assert meeting.checkout_due_at == at(start, 90)


def test_no_alert_while_the_grace_period_runs_then_one_to_the_on_call(safety, world, sweep):
    meeting, start = safety
    assert sweep(now=at(start, 89)) == {"organisations": 0, "raised": 0, "queued": 0}
    assert sweep(now=at(start, 91))["raised"] == 1
    alert = Alert.objects.get(meeting=meeting)
    assert (alert.kind, alert.level, alert.recipient) == ("overdue", 0, world.coordinator)
    assert [m.to for m in mail.outbox] == [["dee@example.org"]]
    assert "12 Oak Street" in mail.outbox[0].body


def test_leaving_in_time_means_no_alert(safety, sweep):
    meeting, start = safety
    services.meeting_arrived(meeting=meeting, at=at(start, 1))
    services.meeting_left(meeting=meeting, at=at(start, 70))
    assert sweep(now=at(start, 200))["raised"] == 0
    assert not Alert.objects.exists()


def test_an_unacknowledged_alert_escalates_down_the_list_then_stops(safety, world, sweep):
    meeting, start = safety
    sweep(now=at(start, 91))
    created = at(start, 91)
    sweep(now=created + datetime.timedelta(minutes=14))
    assert Alert.objects.count() == 1
    sweep(now=created + datetime.timedelta(minutes=16))
    assert Alert.objects.get(level=1).recipient == world.supervisor
    later = created + datetime.timedelta(minutes=32)
    sweep(now=later)
    assert Alert.objects.get(level=2).recipient.username == "t-manager"
    sweep(now=later + datetime.timedelta(hours=1))
    assert Alert.objects.count() == 3  # the list has run out


def test_acknowledging_stops_the_escalation(safety, world, sweep):
    meeting, start = safety
    sweep(now=at(start, 91))
    alert = Alert.objects.get()
    services.alert_acknowledge(alert=alert, by=world.coordinator)
    sweep(now=at(start, 151))
    assert Alert.objects.count() == 1
    services.alert_resolve(alert=alert, by=world.coordinator, resolution="Called Sam: phone had died, all fine.")
    alert.refresh_from_db()
    assert alert.resolved_by == world.coordinator and "phone had died" in alert.resolution


def test_checking_out_late_stops_further_steps(safety, sweep):
    meeting, start = safety
    sweep(now=at(start, 91))
    services.meeting_left(meeting=meeting, at=at(start, 95))
    sweep(now=at(start, 151))
    assert Alert.objects.count() == 1


def test_a_worker_that_was_down_fires_the_alert_when_it_comes_back(safety, sweep):
    meeting, start = safety
    # Nothing swept for five hours; the first sweep after that still raises it, once.
    assert sweep(now=at(start, 90 + 300))["raised"] == 1
    assert sweep(now=at(start, 90 + 301))["raised"] == 0
    assert Alert.objects.filter(meeting=meeting, level=0).count() == 1
    assert len(mail.outbox) == 1


def test_two_sweeps_at_the_same_moment_send_each_step_once(safety, sweep):
    meeting, start = safety
    for _ in range(3):
        sweep(now=at(start, 91))
    assert Alert.objects.count() == 1
    assert len(mail.outbox) == 1


def test_help_now_alerts_the_on_call_at_once_with_the_shared_location(
    safety, world, django_capture_on_commit_callbacks
):
    meeting, start = safety
    services.meeting_arrived(meeting=meeting, at=at(start, 2))
    with django_capture_on_commit_callbacks(execute=True):
        alert = services.help_now(meeting=meeting, location="Upstairs flat, blue door", now=at(start, 20))
    assert (alert.kind, alert.recipient) == ("help", world.coordinator)
    assert "Upstairs flat, blue door" in mail.outbox[0].body
    with django_capture_on_commit_callbacks(execute=True):
        services.help_now(meeting=meeting, now=at(start, 21))
    assert Alert.objects.filter(kind="help").count() == 1 and len(mail.outbox) == 1


def test_cancelled_and_remote_meetings_are_not_watched(safety, world, sweep):
    meeting, start = safety
    services.meeting_update(meeting=meeting, expected_version=meeting.version, outcome="cancelled_client")
    phone_call = services.meeting_schedule(
        relationship=world.relationship, starts_at=start, expected_minutes=30, channel="phone"
    )
    assert phone_call.checkout_due_at is None
    assert sweep(now=at(start, 300))["raised"] == 0


def test_a_meeting_outside_the_relationship_is_refused(world):
    too_early = timezone.make_aware(
        datetime.datetime.combine(world.relationship.started_on - datetime.timedelta(days=3), datetime.time(10))
    )
    with pytest.raises(ValidationError) as refused:
        services.meeting_schedule(
            relationship=world.relationship, starts_at=too_early, channel="phone", expected_minutes=30
        )
    assert "starts_at" in refused.value.message_dict
    assert not Meeting.objects.filter(starts_at=too_early).exists()


def test_each_step_reaches_someone_not_yet_alerted_for_the_meeting(safety, world, sweep):
    """The on-call person is also first on the escalation list: step 2 goes to the next person
    at once, not to the same person again (who would then pass it on 15 minutes later)."""
    meeting, start = safety
    EscalationContact.objects.all().delete()
    second = UserFactory(username="t-second", organisation=world.org, role="coordinator")
    EscalationContact.objects.create(organisation=world.org, staff=world.coordinator, position=0, phone="1")
    EscalationContact.objects.create(organisation=world.org, staff=second, position=1, phone="2")
    sweep(now=at(start, 91))
    sweep(now=at(start, 107))
    steps = list(Alert.objects.filter(meeting=meeting).order_by("level").values_list("level", "recipient"))
    assert steps == [(0, world.coordinator.pk), (1, second.pk)]
    sweep(now=at(start, 123))
    assert Alert.objects.filter(meeting=meeting).count() == 2  # nobody else left to alert


def _resolved_history(world, count: int) -> None:
    """`count` past meetings whose overdue alert staff resolved, as after months of use."""
    base = NOW() - datetime.timedelta(days=30)
    for n in range(count):
        past = services.meeting_schedule(
            relationship=world.relationship,
            starts_at=base + datetime.timedelta(hours=n),
            channel="face_to_face",
            place_kind="public",
        )
        services.sweep(now=past.checkout_due_at + datetime.timedelta(minutes=1))
        alert = Alert.objects.get(meeting=past, level=0)
        services.alert_resolve(alert=alert, by=world.coordinator, resolution="Phoned: fine.")


def test_the_sweep_asks_the_same_queries_however_many_alerts_are_resolved(safety, world):
    """Resolved steps and settled meetings are not in the sweep's partial indexes, so its work
    does not grow with history (bench/bench_sweep.py times it at 10 and 100,000)."""
    meeting, start = safety
    world.relationship.started_on = (NOW() - datetime.timedelta(days=60)).date()
    world.relationship.save()

    def queries_of_a_sweep_raising_one_alert() -> int:
        # Rolled back afterwards, so each measurement starts from the same open work.
        with transaction.atomic(), CaptureQueriesContext(connection) as queries:
            assert services.sweep(now=at(start, 91))["raised"] == 1
            transaction.set_rollback(True)
        return len(queries)

    _resolved_history(world, 2)
    few = queries_of_a_sweep_raising_one_alert()
    _resolved_history(world, 20)
    assert Alert.objects.filter(resolved_at__isnull=False).count() >= 22
    assert queries_of_a_sweep_raising_one_alert() == few
    # A resolved meeting waits for no check-out any more: it has left the sweep's index.
    assert list(Meeting.objects.filter(checkout_due_at__isnull=False, left_at__isnull=True)) == [meeting]
