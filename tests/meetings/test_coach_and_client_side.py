"""What the coach and the client see of safety and of their meetings (issue 19): the coach sees
when someone has acknowledged their alert, an overdue meeting never checked out comes first on
their home, they can read a concern they raised (not the leads' actions), and a client can say
they cannot make their next meeting."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from core.models import AuditEntry
from meetings import safeguarding, services
from meetings.models import Alert, Concern, Meeting, OnCallShift
from tests.factories import ClientFactory, RelationshipFactory

pytestmark = pytest.mark.usefixtures("scoped")  # each body runs in the world's organisation


def _visit(world, *, start, **fields) -> Meeting:
    return services.meeting_schedule(
        relationship=world.relationship,
        starts_at=start,
        channel="face_to_face",
        place_kind="public",
        place="The café",
        **fields,
    )


@pytest.fixture
def in_a_meeting(world):
    """Sam, the coach, arrived at a meeting 20 minutes ago; Tom is on call."""
    start = timezone.now() - datetime.timedelta(minutes=20)
    world.coordinator.first_name = "Tom"
    world.coordinator.save()
    OnCallShift.objects.create(
        organisation=world.org,
        staff=world.coordinator,
        starts_at=start - datetime.timedelta(hours=1),
        ends_at=start + datetime.timedelta(hours=5),
        phone="07700 900001",
    )
    meeting = _visit(world, start=start)
    services.meeting_arrived(meeting=meeting, at=start)
    return meeting


def test_the_coach_sees_when_someone_has_seen_their_help_alert(as_role, world, in_a_meeting):
    meeting = in_a_meeting
    coach = as_role("coach")
    coach.post(f"/meetings/{meeting.pk}/help/", {"location": "Upstairs"})
    page = coach.get(f"/meetings/{meeting.pk}/").content.decode()
    assert "Nobody has seen it yet" in page and "hx-trigger" in page
    alert = Alert.objects.get(meeting=meeting, kind="help")
    services.alert_acknowledge(alert=alert, by=world.coordinator)
    # The page asks again (htmx) and gets only the status, now saying who is calling.
    status = coach.get(f"/meetings/{meeting.pk}/", headers={"HX-Request": "true"}).content.decode()
    assert "Tom has seen this and is calling you" in status
    assert "<html" not in status and "hx-trigger" not in status  # it stops asking


def test_the_client_never_sees_the_alert_status(as_role, world, in_a_meeting):
    services.help_now(meeting=in_a_meeting)
    page = as_role("client").get(f"/meetings/{in_a_meeting.pk}/").content.decode()
    assert "We have alerted" not in page and "help-status" not in page


def test_an_overdue_meeting_never_checked_out_is_first_on_the_coach_home(as_role, world):
    _visit(world, start=timezone.now() + datetime.timedelta(hours=2))
    overdue = _visit(world, start=timezone.now() - datetime.timedelta(hours=5))
    page = as_role("coach").get("/").content.decode()
    assert "You have not checked out" in page
    assert page.index("You have not checked out") < page.index("Your next meetings")
    assert f"/meetings/{overdue.pk}/" in page[: page.index("Your next meetings")]
    services.meeting_left(meeting=overdue)
    assert "You have not checked out" not in as_role("coach").get("/").content.decode()


def test_a_coach_reads_the_concern_they_raised_but_not_the_leads_actions(as_role, world):
    coach = as_role("coach")
    response = coach.post(
        f"/clients/{world.client.pk}/safeguarding/new/",
        {"severity": "high", "description": "Jade said she has no food at home."},
    )
    concern = Concern.objects.get(description__startswith="Jade said")
    assert response["Location"] == f"/safeguarding/raised-by-me/{concern.pk}/"
    safeguarding.concern_act(concern=concern, text="Lead-only: called the family.")
    page = coach.get(response["Location"]).content.decode()
    assert "Jade said she has no food at home." in page and "Received" in page
    assert "called the family" not in page
    assert "Safeguarding concerns you raised (1)" in coach.get("/").content.decode()
    listing = coach.get("/safeguarding/raised-by-me/").content.decode()
    assert f"/safeguarding/raised-by-me/{concern.pk}/" in listing
    # Someone else's concern is not theirs to read, even by its number.
    assert coach.get(f"/safeguarding/raised-by-me/{world.concern.pk}/").status_code == 404
    assert AuditEntry.objects.filter(action="meetings.concern.viewed_by_raiser").exists()


def test_a_client_says_they_cannot_make_their_next_meeting(as_role, world, django_capture_on_commit_callbacks):
    world.coach.email = "sam@example.org"
    world.coach.save()
    meeting = _visit(world, start=timezone.now() + datetime.timedelta(days=2))
    client = as_role("client")
    home = client.get("/").content.decode()
    assert f"/meetings/{meeting.pk}/cant-make-it/" in home
    assert "Tell Sam I can't make it" in client.get(f"/meetings/{meeting.pk}/cant-make-it/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/meetings/{meeting.pk}/cant-make-it/", follow=True)
    assert "We have let Sam know" in response.content.decode()
    meeting.refresh_from_db()
    assert (meeting.outcome, meeting.notice_given) == (Meeting.Outcome.CANCELLED_BY_CLIENT, True)
    assert AuditEntry.objects.filter(action="meetings.meeting.client_cannot_make_it", object_id=str(meeting.pk))
    (email,) = [m for m in mail.outbox if m.to == ["sam@example.org"]]
    assert "Jade" in email.subject and f"/relationships/{world.relationship.pk}/meetings/new/" in email.body
    # The coach's home says so, with a way to rebook, until another meeting is booked.
    coach_home = as_role("coach").get("/").content.decode()
    assert "Jade can't make" in coach_home and f"/relationships/{world.relationship.pk}/meetings/new/" in coach_home
    _visit(world, start=timezone.now() + datetime.timedelta(days=4))
    assert "Jade can't make" not in as_role("coach").get("/").content.decode()
    # It is not on the client's list of meetings to come any more, and cannot be cancelled twice.
    assert as_role("client").get(f"/meetings/{meeting.pk}/cant-make-it/").status_code == 404


def test_only_the_client_in_a_meeting_still_to_come_can_say_so(as_role, world):
    other = RelationshipFactory(client=ClientFactory(organisation=world.org, programme=world.programme))
    theirs = services.meeting_schedule(
        relationship=other, starts_at=timezone.now() + datetime.timedelta(days=1), channel="phone"
    )
    assert as_role("client").post(f"/meetings/{theirs.pk}/cant-make-it/").status_code == 404
    assert as_role("client").post(f"/meetings/{world.meeting.pk}/cant-make-it/").status_code == 404  # yesterday
    mine = _visit(world, start=timezone.now() + datetime.timedelta(days=1))
    assert as_role("coach").post(f"/meetings/{mine.pk}/cant-make-it/").status_code == 403
    theirs.refresh_from_db()
    mine.refresh_from_db()
    assert theirs.outcome == mine.outcome == Meeting.Outcome.SCHEDULED


def test_a_help_alert_for_a_home_visit_carries_the_address_held_to_staff_only(
    as_role, world, in_a_meeting, django_capture_on_commit_callbacks
):
    world.coordinator.email = "tom@example.org"
    world.coordinator.save()
    coordinator = as_role("coordinator")
    coordinator.post(f"/clients/{world.client.pk}/home-address/", {"address": "Flat 3, 12 Oak Street, Leeds"})
    assert "We hold Jade's home address" in coordinator.get(f"/clients/{world.client.pk}/").content.decode()
    assert AuditEntry.objects.filter(action="meetings.home_address.changed").exists()
    assert "Oak Street" not in str(list(AuditEntry.objects.values_list("changes", flat=True)))
    home_visit = in_a_meeting
    services.meeting_update(meeting=home_visit, expected_version=home_visit.version, place_kind="home", place="")
    with django_capture_on_commit_callbacks(execute=True):
        services.help_now(meeting=home_visit)
    (alert_email,) = [m for m in mail.outbox if m.to == ["tom@example.org"]]
    assert "the address we hold for Jade is Flat 3, 12 Oak Street, Leeds" in alert_email.body
    # The coach's own page never shows it.
    assert "Oak Street" not in as_role("coach").get(f"/meetings/{home_visit.pk}/").content.decode()


def test_a_help_alert_away_from_home_carries_no_address(world, in_a_meeting, django_capture_on_commit_callbacks):
    services.home_address_set(client=world.client, address="Flat 3, 12 Oak Street")
    world.coordinator.email = "tom@example.org"
    world.coordinator.save()
    with django_capture_on_commit_callbacks(execute=True):
        services.help_now(meeting=in_a_meeting)
    assert all("Oak Street" not in m.body for m in mail.outbox)
