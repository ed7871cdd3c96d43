from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from meetings.models import Alert, Intervention, Meeting, OnCallShift

pytestmark = pytest.mark.usefixtures("scoped")  # each body runs in the world's organisation


def _when(days=1, hour=10):
    return (
        (timezone.localtime() + datetime.timedelta(days=days)).replace(hour=hour, minute=0).strftime("%Y-%m-%dT%H:%M")
    )


def test_coach_plans_a_meeting_and_is_warned_nobody_is_on_call(as_role, world):
    response = as_role("coach").post(
        f"/relationships/{world.relationship.pk}/meetings/new/",
        {
            "starts_at": _when(),
            "expected_minutes": "60",
            "channel": "face_to_face",
            "place_kind": "public",
            "place": "Library",
        },
        follow=True,
    )
    assert "Nobody is on call at that time" in response.content.decode()
    meeting = Meeting.objects.get(place="Library")
    assert meeting.checkout_due_at is not None


def test_bad_meetings_get_messages_beside_the_fields(as_role, world):
    far = (timezone.localtime() + datetime.timedelta(days=900)).strftime("%Y-%m-%dT%H:%M")
    response = as_role("coach").post(
        f"/relationships/{world.relationship.pk}/meetings/new/",
        {"starts_at": far, "expected_minutes": "2", "channel": "face_to_face", "place_kind": ""},
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "between 5 minutes and 10 hours" in body and "Say where you will meet" in body
    response = as_role("coach").post(
        f"/relationships/{world.relationship.pk}/meetings/new/",
        {"starts_at": far, "expected_minutes": "30", "channel": "phone"},
    )
    assert "Choose a date while they work together" in response.content.decode()
    assert not Meeting.objects.filter(channel="phone").exists()


def test_recording_a_meeting_with_an_unknown_intervention_is_refused(as_role, world):
    from meetings.services import ensure_interventions

    # The world's meeting was made directly; planning one through the service gives the list.
    ensure_interventions(world.org)
    response = as_role("coach").post(
        f"/meetings/{world.meeting.pk}/record/",
        {"outcome": "attended", "interventions": ["999999"], "version": "1"},
    )
    assert response.status_code == 200 and "Select a valid choice" in response.content.decode()
    intervention = Intervention.objects.get(name="Budgeting")
    response = as_role("coach").post(
        f"/meetings/{world.meeting.pk}/record/",
        {"outcome": "attended", "interventions": [intervention.pk], "notes": "Did a budget", "version": "1"},
    )
    assert response.status_code == 302
    assert list(world.meeting.interventions.all()) == [intervention]


def test_the_coach_sees_the_on_call_contact_and_taps_arrived_and_left(as_role, world):
    OnCallShift.objects.create(
        organisation=world.org,
        staff=world.coordinator,
        starts_at=world.meeting.starts_at - datetime.timedelta(hours=1),
        ends_at=world.meeting.starts_at + datetime.timedelta(hours=5),
        phone="07700 900001",
    )
    browser = as_role("coach")
    assert "07700 900001" in browser.get(f"/meetings/{world.meeting.pk}/").content.decode()
    browser.post(f"/meetings/{world.meeting.pk}/arrived/")
    browser.post(f"/meetings/{world.meeting.pk}/left/")
    world.meeting.refresh_from_db()
    assert world.meeting.arrived_at and world.meeting.left_at and world.meeting.checkout_due_at is None


def test_only_the_coach_taps_the_safety_buttons(as_role, world):
    for role in ("coordinator", "client"):
        assert as_role(role).post(f"/meetings/{world.meeting.pk}/arrived/").status_code == 403


def test_the_client_never_sees_the_meeting_notes(as_role, world):
    body = as_role("client").get(f"/meetings/{world.meeting.pk}/").content.decode()
    assert "Coach note about the meeting" not in body


def test_staff_acknowledge_and_resolve_an_alert(as_role, world):
    browser = as_role("supervisor")
    assert "Sam Turner" in browser.get("/alerts/").content.decode()
    browser.post(f"/alerts/{world.alert.pk}/acknowledge/")
    response = browser.post(f"/alerts/{world.alert.pk}/resolve/", {"resolution": "Spoke to Sam, all well"})
    assert response.status_code == 302
    world.alert.refresh_from_db()
    assert world.alert.acknowledged_by == world.supervisor and world.alert.resolved_at
    assert "1 safety alert" not in as_role("coordinator").get("/").content.decode()


def test_the_staff_home_shows_open_alerts(as_role, world):
    assert "1 safety alert open" in as_role("coordinator").get("/").content.decode()


def test_the_rota_adds_shifts_and_contacts(as_role, world):
    browser = as_role("coordinator")
    start = _when(days=0, hour=9)
    end = _when(days=0, hour=17)
    assert browser.post("/on-call/", {"staff": world.coordinator.pk}).status_code == 405  # the page only shows
    response = browser.post(
        "/on-call/shifts/", {"staff": world.coordinator.pk, "starts_at": end, "ends_at": start, "phone": "1"}
    )
    assert "must end after it starts" in response.content.decode()
    browser.post("/on-call/shifts/", {"staff": world.coordinator.pk, "starts_at": start, "ends_at": end, "phone": "1"})
    assert OnCallShift.objects.filter(staff=world.coordinator).exists()
    browser.post("/on-call/escalation/", {"staff": world.supervisor.pk, "phone": "2"})
    again = browser.post("/on-call/escalation/", {"staff": world.supervisor.pk, "phone": "2"})
    assert "already on the list" in again.content.decode()
    assert Alert.objects.count() == 1


def test_a_debrief_asking_for_a_call_shows_on_the_supervisors_home_until_done(as_role, world):
    coach = as_role("coach")
    response = coach.post(
        f"/meetings/{world.meeting.pk}/debrief/",
        {"feeling": "shaken", "worries": "Raised voices next door", "call_me": "on"},
    )
    assert response.status_code == 302
    again = coach.post(f"/meetings/{world.meeting.pk}/debrief/", {"feeling": "ok"})
    assert "already done the debrief" in again.content.decode()
    supervisor = as_role("supervisor")
    home = supervisor.get("/").content.decode()
    assert "asked for a call" in home and "Raised voices next door" in home
    from meetings.models import FollowUp

    follow_up = FollowUp.objects.get()
    assert supervisor.post(f"/follow-ups/{follow_up.pk}/done/").status_code == 302
    follow_up.refresh_from_db()
    assert follow_up.done_by == world.supervisor
    assert "asked for a call" not in as_role("supervisor").get("/").content.decode()


def test_a_debrief_without_a_call_makes_no_follow_up(as_role, world):
    from meetings.models import FollowUp

    as_role("coach").post(f"/meetings/{world.meeting.pk}/debrief/", {"feeling": "good"})
    assert not FollowUp.objects.exists()
    bad = as_role("coach").post(f"/meetings/{world.meeting.pk}/debrief/", {"feeling": "ecstatic"})
    assert "Select a valid choice" in bad.content.decode()


def test_clients_who_miss_meetings_in_a_row_are_flagged_with_the_facts(as_role, world):
    base = timezone.now() - datetime.timedelta(days=20)
    Meeting.objects.create(
        organisation=world.org, relationship=world.relationship, starts_at=base, channel="phone", outcome="attended"
    )
    for n, outcome in enumerate(["did_not_attend", "cancelled_client", "did_not_attend"]):
        Meeting.objects.create(
            organisation=world.org,
            relationship=world.relationship,
            starts_at=base + datetime.timedelta(days=5 * (n + 1)),
            channel="phone",
            outcome=outcome,
        )
    body = as_role("coordinator").get("/").content.decode()
    assert "Clients who have stopped coming" in body and "missed or cancelled 3 meetings in a row since" in body
    Meeting.objects.create(
        organisation=world.org,
        relationship=world.relationship,
        starts_at=timezone.now(),
        channel="phone",
        outcome="attended",
    )
    assert "stopped coming" not in as_role("coordinator").get("/").content.decode()


def test_a_relationship_with_no_contact_for_longer_than_the_rhythm_is_flagged(as_role, world):
    from journeys.models import Relationship

    rhythm = world.programme.contact_every_days
    last = timezone.localdate() - datetime.timedelta(days=rhythm + 16)
    Relationship.objects.filter(pk=world.relationship.pk).update(
        status="active",
        started_on=last - datetime.timedelta(days=60),
        check_in_due_on=last + datetime.timedelta(days=rhythm),
    )
    # Saved one by one, as the services do, so the relationship's counts are kept (a queryset
    # update would skip meetings.models.count_engagement).
    for meeting in Meeting.objects.filter(relationship=world.relationship):
        meeting.starts_at, meeting.outcome = timezone.now() - datetime.timedelta(days=rhythm + 20), "attended"
        meeting.save()
    body = as_role("coordinator").get("/").content.decode()
    assert f"no contact for {rhythm + 16} days (the programme expects every {rhythm})" in body
    # A meeting that happened recently is contact: no flag.
    for meeting in Meeting.objects.filter(relationship=world.relationship):
        meeting.starts_at = timezone.now() - datetime.timedelta(days=2)
        meeting.save()
    assert "no contact for" not in as_role("coordinator").get("/").content.decode()


def test_opening_the_record_form_writes_nothing(as_role, world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    browser = as_role("coach")
    with CaptureQueriesContext(connection) as queries:
        response = browser.get(f"/meetings/{world.meeting.pk}/record/")
    assert response.status_code == 200
    writes = [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))]
    # The session is saved on every request (it is what signs an idle person out), not by the page.
    assert [sql for sql in writes if "django_session" not in sql] == []
    assert not Intervention.objects.filter(organisation=world.org).exists()


def test_planning_a_meeting_gives_the_organisation_its_list_of_things_done_together(as_role, world):
    response = as_role("coach").post(
        f"/relationships/{world.relationship.pk}/meetings/new/",
        {"starts_at": _when(days=2), "expected_minutes": "30", "channel": "phone"},
    )
    assert response.status_code == 302
    meeting = Meeting.objects.get(channel="phone")
    page = as_role("coach").get(f"/meetings/{meeting.pk}/record/").content.decode()
    assert "Budgeting" in page and "Housing search" in page
