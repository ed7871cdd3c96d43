"""The sweeps find work across organisations by ids alone; each organisation's alerts and
reminders are raised, claimed, written and sent by a task inside that organisation's scope, and
nothing of one organisation is seen by another's task."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.utils import timezone
from django_scopes import get_scope, scope, scopes_disabled

from meetings import delivery, reminders, services
from meetings.models import Alert, EscalationContact, Meeting, OnCallShift
from meetings.tasks import raise_alerts, remind_meeting
from tests.factories import RelationshipFactory, StaffMemberFactory, UserFactory

pytestmark = pytest.mark.usefixtures("scoped")  # each body runs in the world's organisation


def _staff(org, username: str):
    user = StaffMemberFactory(user=UserFactory(username=username, organisation=org, role="coordinator")).user
    user.email = f"{username}@example.org"
    user.save()
    return user


@pytest.fixture
def two_orgs(world):
    """A face-to-face meeting in each organisation, both overdue at the same moment, and a phone
    meeting tomorrow in each (reminders on, emails recorded)."""
    start = timezone.now().replace(second=0, microsecond=0) - datetime.timedelta(hours=3)
    with scopes_disabled():
        Alert.objects.all().delete()  # the world's own alert would be queued too
        theirs = RelationshipFactory(
            client=world.outsider_client, coach=world.outsider_coach, programme=world.outsider_programme
        )
        sides = []
        both = ((world.org, world.relationship, "ours"), (world.outsider_org, theirs, "theirs"))
        for org, relationship, name in both:
            on_call = _staff(org, f"t-{name}-on-call")
            OnCallShift.objects.create(
                organisation=org,
                staff=on_call,
                starts_at=start,
                ends_at=start + datetime.timedelta(days=2),
                phone="07700 900001",
            )
            EscalationContact.objects.create(organisation=org, staff=on_call, position=0, phone="1")
            with scope(organisation=org.pk):
                overdue = services.meeting_schedule(
                    relationship=relationship,
                    starts_at=start,
                    channel="face_to_face",
                    place_kind="public",
                    place=f"{name} café",
                )
            tomorrow = Meeting.objects.create(
                organisation=org,
                relationship=relationship,
                starts_at=timezone.now() + datetime.timedelta(hours=20),
                channel="phone",
            )
            Meeting.objects.filter(pk=tomorrow.pk).update(created_at=timezone.now() - datetime.timedelta(days=3))
            relationship.coach.email = f"{name}-coach@example.org"
            relationship.coach.save()
            sides.append((org, overdue, tomorrow, on_call))
    return sides


@pytest.fixture
def scopes_seen(monkeypatch):
    """Which organisation's scope each service ran in, and what it worked on."""
    seen = []
    raise_overdue, remind = services._raise_overdue, reminders.meeting_remind

    def spy_raise(now, chain):
        seen.append(("raise", get_scope().get("organisation"), raise_overdue(now, chain)))
        return seen[-1][2]

    def spy_remind(*, meeting_id, now):
        seen.append(("remind", get_scope().get("organisation"), meeting_id))
        return remind(meeting_id=meeting_id, now=now)

    monkeypatch.setattr(services, "_raise_overdue", spy_raise)
    monkeypatch.setattr(reminders, "meeting_remind", spy_remind)
    return seen


def test_the_safety_sweep_raises_each_organisations_alerts_in_its_own_scope(
    two_orgs, scopes_seen, django_capture_on_commit_callbacks
):
    (ours, our_meeting, _, our_on_call), (theirs, their_meeting, _, their_on_call) = two_orgs
    with scopes_disabled(), django_capture_on_commit_callbacks(execute=True):
        result = services.sweep(now=timezone.now())
    assert result == {"organisations": 2, "raised": 2, "queued": 2}
    # One task per organisation, each in its own scope, each raising its own one alert.
    assert sorted(scopes_seen) == sorted([("raise", ours.pk, 1), ("raise", theirs.pk, 1)])
    with scopes_disabled():
        assert {(a.organisation_id, a.meeting_id, a.recipient_id) for a in Alert.objects.all()} == {
            (ours.pk, our_meeting.pk, our_on_call.pk),
            (theirs.pk, their_meeting.pk, their_on_call.pk),
        }
    assert sorted(m.to[0] for m in mail.outbox) == [our_on_call.email, their_on_call.email]


def test_an_organisations_alert_task_sees_nothing_of_another(two_orgs, django_capture_on_commit_callbacks):
    (ours, our_meeting, _, _), (theirs, _, _, _) = two_orgs
    with scopes_disabled(), django_capture_on_commit_callbacks(execute=True):
        result = raise_alerts.enqueue(organisation_id=ours.pk, now=timezone.now().isoformat())
        assert result.return_value == {"raised": 1, "queued": 1}
        assert list(Alert.objects.values_list("meeting_id", flat=True)) == [our_meeting.pk]
    with pytest.raises(TypeError):
        raise_alerts.enqueue(now=timezone.now().isoformat())  # refused without its organisation


def test_the_reminder_sweep_sends_each_meeting_in_its_own_organisation(
    two_orgs, scopes_seen, django_capture_on_commit_callbacks
):
    (ours, _, our_tomorrow, _), (theirs, _, their_tomorrow, _) = two_orgs
    with scopes_disabled(), django_capture_on_commit_callbacks(execute=True):
        assert reminders.send_reminders() == 2
    reminded = sorted(entry for entry in scopes_seen if entry[0] == "remind")
    assert reminded == sorted([("remind", ours.pk, our_tomorrow.pk), ("remind", theirs.pk, their_tomorrow.pk)])
    assert {"ours-coach@example.org", "theirs-coach@example.org"} <= {m.to[0] for m in mail.outbox}


def test_a_reminder_task_cannot_claim_another_organisations_meeting(two_orgs):
    (ours, _, _, _), (_, _, their_tomorrow, _) = two_orgs
    now = timezone.now().isoformat()
    result = remind_meeting.enqueue(organisation_id=ours.pk, meeting_id=their_tomorrow.pk, now=now)
    assert result.return_value == 0
    with scopes_disabled():
        their_tomorrow.refresh_from_db()
    assert their_tomorrow.reminded_at is None and not mail.outbox


def test_help_now_names_the_meetings_organisation_for_its_delivery(world, monkeypatch):
    queued = []
    monkeypatch.setattr(delivery, "queue_delivery", lambda alert_id, **kwargs: queued.append(kwargs))
    alert = services.help_now(meeting=world.meeting)
    assert queued == [{"organisation_id": world.meeting.organisation_id}]
    assert alert.kind == Alert.Kind.HELP
