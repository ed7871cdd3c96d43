"""Migration 0007 gives every existing meeting an owner and its participants, losing nothing.

django-test-migrations is not installed, so this drives Django's MigrationExecutor itself: back to
0006, meetings made with that migration's own models, then forward to the latest."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone
from django_scopes import scopes_disabled

from tests.factories import ClientFactory, CoachFactory, OrganisationFactory, ProgrammeFactory, RelationshipFactory

BEFORE = [("meetings", "0006_alert_delivery")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def _latest():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


@pytest.mark.django_db(transaction=True)
def test_existing_meetings_get_their_owner_and_participants_and_lose_nothing():
    """Also proves the migrations go back to 0006 and forward again (each way costs seconds of
    rendering the historical models, so one test makes the round trip)."""
    old = _migrate(BEFORE)
    try:
        with scopes_disabled():
            # The apps below meetings are not migrated back, so today's factories fit their tables.
            org = OrganisationFactory(name="Migrating", slug="migrating")
            programme = ProgrammeFactory(organisation=org)
            coach = CoachFactory(organisation=org)
            client = ClientFactory(organisation=org, programme=programme)
            relationship = RelationshipFactory(client=client, coach=coach, programme=programme)
        OldMeeting = old.get_model("meetings", "Meeting")  # noqa: N806
        OldAlert = old.get_model("meetings", "Alert")  # noqa: N806
        start = timezone.now() - datetime.timedelta(days=2)
        cases = [
            ("face_to_face", "public", "attended"),
            ("face_to_face", "home", "did_not_attend"),
            ("phone", "", "cancelled_client"),
            ("video", "", "scheduled"),
            ("face_to_face", "office", "late"),
        ]
        made = [
            OldMeeting.objects.create(
                organisation_id=org.pk,
                relationship_id=relationship.pk,
                starts_at=start + datetime.timedelta(hours=n),
                channel=channel,
                place_kind=place_kind,
                place="Somewhere" if place_kind else "",
                outcome=outcome,
                notes=f"Notes {n}",
                arrived_at=start if outcome == "attended" else None,
            )
            for n, (channel, place_kind, outcome) in enumerate(cases)
        ]
        OldAlert.objects.create(organisation_id=org.pk, meeting_id=made[0].pk, kind="overdue", level=0)
        columns = [f.attname for f in OldMeeting._meta.concrete_fields]
        before = {row["id"]: row for row in OldMeeting.objects.values(*columns)}
    finally:
        new = _migrate(_latest())

    Meeting = new.get_model("meetings", "Meeting")  # noqa: N806
    MeetingParticipant = new.get_model("meetings", "MeetingParticipant")  # noqa: N806
    after = {row["id"]: row for row in Meeting.objects.values(*columns, "owner_kind", "programme_id")}
    assert set(after) == set(before)
    for pk, row in before.items():
        assert {name: after[pk][name] for name in columns} == row, "a meeting's own data changed"
        assert (after[pk]["owner_kind"], after[pk]["programme_id"]) == ("relationship", programme.pk)
    assert new.get_model("meetings", "Alert").objects.filter(meeting_id=made[0].pk).count() == 1

    people = {
        (p.meeting_id, "coach" if p.coach_id else "client"): (p.coach_id or p.client_id, p.part, p.attended)
        for p in MeetingParticipant.objects.all()
    }
    assert len(people) == 2 * len(cases) == MeetingParticipant.objects.count()
    expected_attended = {
        "attended": ("yes", "yes"),
        "did_not_attend": ("yes", "no"),
        "cancelled_client": ("no", "no"),
        "scheduled": ("unknown", "unknown"),
        "late": ("yes", "yes"),
    }
    for meeting, (channel, _, outcome) in zip(made, cases, strict=True):
        coach_came, client_came = expected_attended[outcome]
        part = "lone_worker" if channel == "face_to_face" else "attendee"
        assert people[(meeting.pk, "coach")] == (coach.pk, part, coach_came)
        assert people[(meeting.pk, "client")] == (client.pk, "attendee", client_came)
