"""Lone-working alerts are delivered at least once and shown once: each step is its own task, in
its own organisation, with each channel's outcome recorded, and the sweep retries whatever a
failed sender or a dead worker left undelivered. The clock is controlled, so each test says when."""

from __future__ import annotations

import datetime
import threading
from dataclasses import dataclass

import pytest
from django.core import mail
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from django_scopes import get_scope, scopes_disabled

from meetings import delivery, services
from meetings.models import Alert, AlertDelivery, EscalationContact, OnCallShift
from meetings.tasks import deliver_alert
from tests.factories import RelationshipFactory, StaffMemberFactory, UserFactory

TEXTS: list[dict] = []
FAILING_PHONES: set[str] = set()


pytestmark = pytest.mark.usefixtures("scoped")  # each body runs in the world's organisation


def fake_sms(phone: str, text: str) -> None:
    """The SMS sender the tests plug in: records what it sent, and in which scope; can be told to fail."""
    if phone in FAILING_PHONES:
        raise ConnectionError(f"SMS gateway refused {phone}")
    TEXTS.append({"phone": phone, "text": text, "organisation": get_scope().get("organisation")})


class WorkerKilled(BaseException):
    """Stands in for the worker process dying: nothing in the task catches it."""


@pytest.fixture(autouse=True)
def sms(settings):
    settings.ALONGSIDE_SMS_SENDER = "tests.meetings.test_delivery.fake_sms"
    TEXTS.clear()
    FAILING_PHONES.clear()
    yield TEXTS
    TEXTS.clear()
    FAILING_PHONES.clear()


@pytest.fixture
def clock(monkeypatch):
    """Everything that asks timezone.now(), the delivery task included, reads this clock."""

    class Clock:
        now = timezone.now().replace(second=0, microsecond=0)

        def set(self, when: datetime.datetime) -> datetime.datetime:
            self.now = when
            return when

    c = Clock()
    monkeypatch.setattr(timezone, "now", lambda: c.now)
    return c


@dataclass
class Side:
    org: object
    meeting: object
    on_call: object
    phone: str


def _side(org, relationship, start, username, phone) -> Side:
    on_call = StaffMemberFactory(user=UserFactory(username=username, organisation=org, role="coordinator")).user
    on_call.email = f"{username}@example.org"
    on_call.save()
    OnCallShift.objects.create(
        organisation=org,
        staff=on_call,
        starts_at=start - datetime.timedelta(hours=2),
        ends_at=start + datetime.timedelta(days=5),
        phone=phone,
    )
    EscalationContact.objects.create(organisation=org, staff=on_call, position=0, phone=phone)
    meeting = services.meeting_schedule(
        relationship=relationship,
        starts_at=start,
        expected_minutes=60,
        channel="face_to_face",
        place_kind="home",
        place="12 Oak Street",
    )
    return Side(org=org, meeting=meeting, on_call=on_call, phone=phone)


@pytest.fixture
def two_orgs(world, clock):
    """A face-to-face meeting in each of two organisations, both check-outs due at the same moment."""
    Alert.objects.all().delete()
    start = clock.now - datetime.timedelta(hours=2)
    outsider_relationship = RelationshipFactory(
        client=world.outsider_client, coach=world.outsider_coach, programme=world.outsider_programme
    )
    ours = _side(world.org, world.relationship, start, "t-on-call", "07700 900001")
    theirs = _side(world.outsider_org, outsider_relationship, start, "t-their-on-call", "07700 900002")
    assert ours.meeting.checkout_due_at == theirs.meeting.checkout_due_at
    return ours, theirs


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    """Run a service and then what it queued on commit (the immediate task backend runs each task)."""

    def call(function, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return function(**kwargs)

    return call


def _emails_to(address: str) -> int:
    return sum(1 for message in mail.outbox if message.to == [address])


def test_alerts_due_at_once_in_two_organisations_are_each_delivered_in_their_own_organisation(two_orgs, clock, run):
    ours, theirs = two_orgs
    now = clock.set(ours.meeting.checkout_due_at + datetime.timedelta(seconds=30))
    assert run(services.sweep, now=now) == {"organisations": 2, "raised": 2, "queued": 2}
    for side in (ours, theirs):
        with scopes_disabled():  # looking at both organisations' steps
            alert = Alert.objects.get(meeting=side.meeting)
            deliveries = sorted(alert.deliveries.values_list("channel", "status", "attempts"))
        assert alert.delivered_at == now and not alert.raised_late
        assert _emails_to(side.on_call.email) == 1
        texts = [t for t in TEXTS if t["phone"] == side.phone]
        # Sent from inside the alert's own organisation's scope, nobody else's.
        assert [t["organisation"] for t in texts] == [side.org.pk]
        assert "12 Oak Street" in texts[0]["text"]
        assert deliveries == [("email", "sent", 1), ("sms", "sent", 1)]
    # Sweeping again sends nothing more.
    again = run(services.sweep, now=now + datetime.timedelta(minutes=1))
    assert again == {"organisations": 0, "raised": 0, "queued": 0}
    assert len(mail.outbox) == 2 and len(TEXTS) == 2


def test_help_now_in_one_organisation_leaves_another_organisations_alert_to_its_own_delivery(
    two_orgs, clock, client, run
):
    ours, theirs = two_orgs
    # Another organisation's step, raised and not yet delivered (its task still queued).
    waiting = Alert.objects.create(
        organisation=theirs.org,
        meeting=theirs.meeting,
        kind="overdue",
        level=0,
        recipient=theirs.on_call,
        delivery_due_at=clock.now,
    )
    services.meeting_arrived(meeting=ours.meeting, at=ours.meeting.starts_at)
    client.force_login(ours.meeting.relationship.coach.user)
    run(client.post, path=reverse("meetings:meeting_help", args=[ours.meeting.pk]), data={"location": "Upstairs"})
    help_alert = Alert.objects.get(kind="help")
    assert help_alert.delivered_at is not None and _emails_to(ours.on_call.email) == 1
    waiting.refresh_from_db()
    assert waiting.delivered_at is None and not waiting.deliveries.exists()
    assert _emails_to(theirs.on_call.email) == 0 and not [t for t in TEXTS if t["phone"] == theirs.phone]
    # Their own delivery (the sweep, as here, or their queued task) sends it, in their scope.
    run(services.sweep, now=clock.set(clock.now + datetime.timedelta(seconds=1)))
    waiting.refresh_from_db()
    assert waiting.delivered_at is not None and _emails_to(theirs.on_call.email) == 1
    assert [t["organisation"] for t in TEXTS if t["phone"] == theirs.phone] == [theirs.org.pk]


def test_nothing_is_sent_from_inside_a_web_request(two_orgs, client, settings, django_capture_on_commit_callbacks):
    from django_tasks_db.models import DBTaskResult

    ours, _ = two_orgs
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    services.meeting_arrived(meeting=ours.meeting, at=ours.meeting.starts_at)
    client.force_login(ours.meeting.relationship.coach.user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("meetings:meeting_help", args=[ours.meeting.pk]), {"location": "Flat 2"})
    assert response.status_code == 302
    alert = Alert.objects.get(kind="help")
    # The request raised the alert and queued its delivery; it sent nothing itself.
    assert mail.outbox == [] and TEXTS == [] and alert.delivered_at is None
    queued = DBTaskResult.objects.get()
    assert queued.task_path == "meetings.tasks.deliver_alert"
    assert queued.args_kwargs["kwargs"] == {"organisation_id": ours.org.pk, "alert_id": alert.pk}
    # The worker runs it.
    queued.task.call(*queued.task_result.args, **queued.task_result.kwargs)
    alert.refresh_from_db()
    assert alert.delivered_at is not None
    assert [m.to for m in mail.outbox] == [[ours.on_call.email]] and "Flat 2" in mail.outbox[0].body
    assert [t["organisation"] for t in TEXTS] == [ours.org.pk]


def test_a_sender_that_raises_fails_only_its_own_channel_and_the_sweep_retries_it(two_orgs, clock, run):
    ours, theirs = two_orgs
    FAILING_PHONES.add(ours.phone)
    first = clock.set(ours.meeting.checkout_due_at + datetime.timedelta(seconds=10))
    run(services.sweep, now=first)
    with scopes_disabled():  # looking at both organisations' steps
        ours_alert, theirs_alert = (Alert.objects.get(meeting=side.meeting) for side in (ours, theirs))
    # The other organisation's alert, and our email, went; our text message is recorded as failed.
    assert theirs_alert.delivered_at is not None and _emails_to(theirs.on_call.email) == 1
    assert _emails_to(ours.on_call.email) == 1
    failed = ours_alert.deliveries.get(channel="sms")
    assert (failed.status, failed.attempts) == ("failed", 1)
    assert "ConnectionError: SMS gateway refused" in failed.last_error
    assert ours_alert.delivered_at is None and ours_alert.delivery_due_at == first + datetime.timedelta(minutes=1)

    # Within the backoff, nothing is queued; still failing after it, it backs off further.
    assert run(services.sweep, now=clock.set(first + datetime.timedelta(seconds=30)))["queued"] == 0
    second = clock.set(first + datetime.timedelta(minutes=1))
    assert run(services.sweep, now=second)["queued"] == 1
    ours_alert.refresh_from_db()
    assert ours_alert.delivery_due_at == second + datetime.timedelta(minutes=2)

    FAILING_PHONES.clear()
    assert run(services.sweep, now=clock.set(second + datetime.timedelta(minutes=2)))["queued"] == 1
    ours_alert.refresh_from_db()
    assert ours_alert.delivered_at is not None and ours_alert.delivery_attempts == 3
    assert [t["phone"] for t in TEXTS] == [theirs.phone, ours.phone]
    # The email that already went is not sent again; the step is still one alert.
    assert _emails_to(ours.on_call.email) == 1
    assert ours_alert.deliveries.get(channel="sms").attempts == 3
    assert Alert.objects.filter(meeting=ours.meeting).count() == 1


def test_a_worker_killed_between_claim_and_send_is_taken_over_after_a_minute(two_orgs, clock, run, monkeypatch):
    ours, theirs = two_orgs
    real_channels = delivery._channels

    def die(alert, text):
        raise WorkerKilled

    monkeypatch.setattr(delivery, "_channels", die)
    first = clock.set(ours.meeting.checkout_due_at + datetime.timedelta(seconds=5))
    run(services.sweep, now=first)
    # Both steps were claimed, then their worker died: nothing went.
    assert mail.outbox == [] and TEXTS == []
    with scopes_disabled():  # both organisations' steps
        assert Alert.objects.filter(claimed_at=first, delivered_at__isnull=True).count() == 2

    monkeypatch.setattr(delivery, "_channels", real_channels)
    # Within the minute the claim is live: no sweep requeues it, and a second worker keeps off.
    assert run(services.sweep, now=clock.set(first + datetime.timedelta(seconds=40)))["queued"] == 0
    step = Alert.objects.get(meeting=ours.meeting)
    assert deliver_alert.call(organisation_id=ours.org.pk, alert_id=step.pk) == "not claimed"
    assert mail.outbox == []

    assert run(services.sweep, now=clock.set(first + datetime.timedelta(minutes=1)))["queued"] == 2
    for side in (ours, theirs):
        with scopes_disabled():  # looking at both organisations' steps
            alert = Alert.objects.get(meeting=side.meeting)
        assert alert.delivered_at is not None and alert.delivery_attempts == 2
        assert _emails_to(side.on_call.email) == 1
    assert len(TEXTS) == 2


def test_a_step_due_days_ago_is_raised_marked_late_not_skipped(two_orgs, clock, run, client):
    ours, _ = two_orgs
    due = ours.meeting.checkout_due_at
    now = clock.set(due + datetime.timedelta(days=3))
    assert run(services.sweep, now=now)["raised"] == 2
    alert = Alert.objects.get(meeting=ours.meeting)
    assert alert.raised_late and alert.due_at == due and alert.delivered_at is not None
    assert "This alert is late" in mail.outbox[0].body
    # Its escalation, when due, is on time: it is measured from when the first step was raised.
    # (The on-call contact is first on the list too, so the next step goes to the next person.)
    backup = StaffMemberFactory(user=UserFactory(username="t-backup", organisation=ours.org, role="coordinator")).user
    EscalationContact.objects.create(organisation=ours.org, staff=backup, position=1, phone="07700 900009")
    run(services.sweep, now=clock.set(now + datetime.timedelta(minutes=16)))
    assert not Alert.objects.get(meeting=ours.meeting, level=1).raised_late

    client.force_login(ours.on_call)
    page = client.get(reverse("meetings:alert_list")).content.decode()
    assert page.count("Raised late") == 1
    assert f"Email to {ours.on_call.email}: sent" in page


def test_the_alert_page_shows_a_failed_channel_once_per_step(two_orgs, clock, run, client):
    ours, _ = two_orgs
    FAILING_PHONES.add(ours.phone)
    run(services.sweep, now=clock.set(ours.meeting.checkout_due_at + datetime.timedelta(seconds=10)))
    client.force_login(ours.on_call)
    page = client.get(reverse("meetings:alert_list")).content.decode()
    assert page.count('class="card alert-card"') == 1
    assert f"Text message to {ours.phone}: not sent yet, trying again" in page


@pytest.mark.django_db(transaction=True)
def test_two_workers_in_parallel_on_postgresql_deliver_every_step_once(world, unscoped):
    # Set up across two organisations; the workers' threads start in no scope, as a worker does.
    if connection.vendor != "postgresql":
        pytest.skip("Row locking between two workers needs PostgreSQL; SQLite serialises writers.")
    start = timezone.now().replace(second=0, microsecond=0) - datetime.timedelta(hours=3)
    Alert.objects.all().delete()
    outsider_relationship = RelationshipFactory(
        client=world.outsider_client, coach=world.outsider_coach, programme=world.outsider_programme
    )
    sides = [
        _side(world.org, world.relationship, start, "t-on-call", "07700 900001"),
        _side(world.outsider_org, outsider_relationship, start, "t-their-on-call", "07700 900002"),
    ]
    for side in sides:
        for _ in range(14):
            services.meeting_schedule(
                relationship=side.meeting.relationship,
                starts_at=start,
                expected_minutes=60,
                channel="face_to_face",
                place_kind="public",
            )
    now = timezone.now()
    errors: list[BaseException] = []
    barrier = threading.Barrier(2)

    def worker():
        try:
            barrier.wait()
            services.sweep(now=now)
            # And each worker then tries every step itself too, as duplicated tasks would.
            with scopes_disabled():
                owed = list(Alert.objects.values_list("pk", "organisation_id"))
            for alert_id, organisation_id in owed:
                deliver_alert.call(organisation_id=organisation_id, alert_id=alert_id)
        except BaseException as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    with scopes_disabled():  # both organisations' steps
        assert Alert.objects.count() == 30
        assert Alert.objects.filter(delivered_at__isnull=True).count() == 0
        assert AlertDelivery.objects.filter(status="sent", attempts=1).count() == 60
    for side in sides:
        assert _emails_to(side.on_call.email) == 15
        assert sum(1 for t in TEXTS if t["phone"] == side.phone and t["organisation"] == side.org.pk) == 15
