"""Meetings have participants and an owner: safety, reminders, calendars and access key on the
people in a meeting, so a meeting that no relationship owns is kept safe like any other."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from icalendar import Calendar

from meetings import calendars, delivery, owners, reminders, services
from meetings.models import Alert, EscalationContact, LoneWorkingRule, Meeting, MeetingParticipant, OnCallShift
from meetings.services import Taking
from organisations.models import Role
from tests.factories import CoachFactory, UserFactory

pytestmark = pytest.mark.usefixtures("scoped")  # each body runs in the world's organisation

LONE = MeetingParticipant.Part.LONE_WORKER


def _people(meeting) -> set[tuple]:
    return {
        (p.coach_id, p.client_id, p.user_id, p.part, p.attended)
        for p in MeetingParticipant.objects.filter(meeting=meeting)
    }


@pytest.fixture
def partner(world):
    """A second coach, who can sign in, with a phone, in no relationship with the world's client."""
    user = UserFactory(username="t-coach-two", organisation=world.org, role=Role.COACH)
    return CoachFactory(
        organisation=world.org, user=user, first_name="Ali", last_name="Khan", phone="07700 900444", email="ali@x.org"
    )


@pytest.fixture
def pair_visit(world, partner):
    """Two coaches visiting together, face to face, owned by no relationship (an induction visit)."""
    start = timezone.now().replace(second=0, microsecond=0)
    world.coach.phone = "07700 900333"
    world.coach.save()
    meeting = services.meeting_schedule_for(
        organisation=world.org,
        owner_kind=Meeting.OwnerKind.INDUCTION,
        programme=world.programme,
        participants=[Taking(world.coach, LONE), Taking(partner, LONE)],
        starts_at=start,
        expected_minutes=60,
        channel="face_to_face",
        place_kind="other",
        place="Community centre, Mill Lane",
    )
    return meeting, start


def test_planning_a_relationship_meeting_fills_its_participants(world):
    start = timezone.now() + datetime.timedelta(days=1)
    face = services.meeting_schedule(
        relationship=world.relationship, starts_at=start, channel="face_to_face", place_kind="public"
    )
    phone = services.meeting_schedule(relationship=world.relationship, starts_at=start, channel="phone")
    assert (face.owner_kind, face.programme_id) == ("relationship", world.programme.pk)
    assert _people(face) == {
        (world.coach.pk, None, None, "lone_worker", "unknown"),
        (None, world.client.pk, None, "attendee", "unknown"),
    }
    assert (world.coach.pk, None, None, "attendee", "unknown") in _people(phone)


def test_recording_the_outcome_records_who_came(world):
    meeting = world.meeting
    services.meeting_update(meeting=meeting, expected_version=meeting.version, outcome="did_not_attend")
    assert _people(meeting) == {
        (world.coach.pk, None, None, "lone_worker", "yes"),
        (None, world.client.pk, None, "attendee", "no"),
    }


def test_the_database_keeps_owner_and_participants_consistent(world):
    with pytest.raises(IntegrityError), transaction.atomic():
        # A relationship meeting must name its relationship...
        Meeting.objects.filter(pk=world.meeting.pk).update(relationship=None)
    with pytest.raises(IntegrityError), transaction.atomic():
        # ...and a participant is exactly one person.
        MeetingParticipant.objects.create(
            organisation=world.org, meeting=world.meeting, coach=world.coach, client=world.client
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        MeetingParticipant.objects.create(organisation=world.org, meeting=world.meeting, coach=world.coach)


def test_a_meeting_with_two_lone_workers_and_no_relationship_is_swept_and_alerted(
    world, pair_visit, django_capture_on_commit_callbacks
):
    meeting, start = pair_visit
    Alert.objects.all().delete()  # the world's own alert would escalate too
    LoneWorkingRule.objects.create(organisation=world.org, programme=world.programme, grace_minutes=10)
    meeting.refresh_from_db()
    services.meeting_update(meeting=meeting, expected_version=meeting.version, expected_minutes=45)
    assert meeting.relationship is None
    assert meeting.checkout_due_at == start + datetime.timedelta(minutes=55)  # the programme's rule
    world.coordinator.email = "dee@example.org"
    world.coordinator.save()
    OnCallShift.objects.create(
        organisation=world.org,
        staff=world.coordinator,
        starts_at=start - datetime.timedelta(hours=1),
        ends_at=start + datetime.timedelta(hours=8),
        phone="07700 900001",
    )
    EscalationContact.objects.create(organisation=world.org, staff=world.supervisor, position=0, phone="1")
    with django_capture_on_commit_callbacks(execute=True):
        assert services.sweep(now=start + datetime.timedelta(minutes=56))["raised"] == 1
    alert = Alert.objects.get(meeting=meeting)
    assert (alert.kind, alert.recipient) == ("overdue", world.coordinator)
    (email,) = mail.outbox
    assert "Sam Turner (phone 07700 900333) and Ali Khan (phone 07700 900444) were at a meeting" in email.body
    assert "Community centre, Mill Lane" in email.body


def test_the_alert_for_a_relationship_meeting_reads_as_before(world):
    alert = Alert.objects.get(meeting=world.meeting)
    assert delivery.alert_text(alert).startswith(
        "Alongside safety alert: no check-out after the meeting. Sam Turner (phone not recorded) was meeting "
        "Jade at Central Library café from "
    )


def test_the_alert_list_names_each_lone_worker_and_their_phone(as_role, world, pair_visit):
    meeting, start = pair_visit
    Alert.objects.create(organisation=world.org, meeting=meeting, kind="help", level=0)
    page = as_role("coordinator").get("/alerts/").content.decode()
    assert "Sam Turner and Ali Khan" in page
    assert 'href="tel:07700 900444"' in page and 'href="tel:07700 900333"' in page


def test_only_the_participants_see_a_meeting_no_relationship_owns(as_role, world, pair_visit, client):
    meeting, _ = pair_visit
    url = f"/meetings/{meeting.pk}/"
    assert as_role("coach").get(url).status_code == 200
    client.force_login(UserFactory(username="t-another-coach", organisation=world.org, role=Role.COACH))
    assert client.get(url).status_code == 404
    # Nobody has said which staff may see induction visits, so only the people in one do.
    assert as_role("coordinator").get(url).status_code == 404
    assert as_role("client").get(url).status_code == 404


def test_an_owner_kind_registered_by_its_area_opens_its_meetings_to_its_staff(as_role, world, pair_visit):
    meeting, _ = pair_visit
    owners.register(Meeting.OwnerKind.INDUCTION, visible=lambda user: Q() if user.role == Role.COORDINATOR else None)
    try:
        assert as_role("coordinator").get(f"/meetings/{meeting.pk}/").status_code == 200
        assert as_role("supervisor").get(f"/meetings/{meeting.pk}/").status_code == 404
    finally:
        owners.unregister(Meeting.OwnerKind.INDUCTION)


def test_the_lone_worker_taps_arrived_and_left_and_their_debrief_call_is_theirs(world, partner, pair_visit, client):
    meeting, _ = pair_visit
    client.force_login(partner.user)
    assert client.post(f"/meetings/{meeting.pk}/arrived/").status_code == 302
    assert client.post(f"/meetings/{meeting.pk}/left/").status_code == 302
    client.post(f"/meetings/{meeting.pk}/debrief/", {"feeling": "low", "call_me": "on"})
    meeting.refresh_from_db()
    assert meeting.arrived_at and meeting.left_at and meeting.checkout_due_at is None
    assert meeting.debrief.follow_up.coach == partner


def test_each_participant_with_reminders_on_is_reminded(world, partner, django_capture_on_commit_callbacks):
    world.coach.email = "sam@example.org"
    world.coach.save()
    meeting = services.meeting_schedule_for(
        organisation=world.org,
        owner_kind=Meeting.OwnerKind.GROUP,
        participants=[Taking(world.coach, "facilitator"), Taking(partner), Taking(world.coordinator)],
        starts_at=timezone.now() + datetime.timedelta(hours=20),
        channel="video",
    )
    Meeting.objects.filter(pk=meeting.pk).update(created_at=timezone.now() - datetime.timedelta(days=3))
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders.send_reminders() == 1
    bodies = {m.to[0]: m.body for m in mail.outbox}
    # The member of staff has no reminder setting, so gets none.
    assert set(bodies) == {"sam@example.org", "ali@x.org"}
    assert "meeting Ali and " in bodies["sam@example.org"] and "meeting Sam and " in bodies["ali@x.org"]


def test_a_persons_feed_is_the_meetings_they_take_part_in(world, partner, pair_visit, client):
    meeting, _ = pair_visit
    feed = calendars.feed_issue(user=partner.user)
    (event,) = Calendar.from_ical(client.get(f"/calendar/{feed.token}/meetings.ics").content).walk("VEVENT")
    assert str(event["uid"]).startswith(f"meeting-{meeting.pk}@") and str(event["summary"]) == "Meeting with Sam"
    jade = calendars.feed_issue(user=world.client_user)
    uids = {
        str(e["uid"])
        for e in Calendar.from_ical(client.get(f"/calendar/{jade.token}/meetings.ics").content).walk("VEVENT")
    }
    assert any(uid.startswith(f"meeting-{world.meeting.pk}@") for uid in uids)
    assert not any(uid.startswith(f"meeting-{meeting.pk}@") for uid in uids)


def test_the_feed_costs_the_same_queries_however_many_meetings(world, client, django_assert_max_num_queries):
    feed = calendars.feed_issue(user=world.coach_user)
    start = timezone.now() + datetime.timedelta(days=1)
    for hours in range(12):
        services.meeting_schedule(
            relationship=world.relationship, starts_at=start + datetime.timedelta(hours=hours), channel="phone"
        )
    with django_assert_max_num_queries(8):
        assert client.get(f"/calendar/{feed.token}/meetings.ics").status_code == 200


def test_the_api_list_shows_participants_in_a_fixed_number_of_queries(as_role, world, django_assert_max_num_queries):
    start = timezone.now() + datetime.timedelta(days=1)
    for hours in range(12):
        services.meeting_schedule(
            relationship=world.relationship, starts_at=start + datetime.timedelta(hours=hours), channel="phone"
        )
    api = as_role("coordinator")
    with django_assert_max_num_queries(10):
        body = api.get(f"/api/v1/relationships/{world.relationship.pk}/meetings?limit=50").json()
    first = body["items"][0]
    assert first["owner_kind"] == "relationship" and first["programme_id"] == world.programme.pk
    assert {(p["coach_id"], p["client_id"]) for p in first["participants"]} == {
        (world.coach.pk, None),
        (None, world.client.pk),
    }
