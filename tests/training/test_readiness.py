"""Readiness: exactly what is missing, enforced wherever coaches are offered."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from core.models import AuditEntry
from journeys import selectors as journey_selectors
from journeys import services as journey_services
from recruitment import services as recruitment_services
from recruitment.models import Check
from tests.factories import ClientFactory, CoachFactory
from training import services
from training.models import Acknowledgement, Completion
from training.readiness import readiness, with_readiness_data

TODAY = timezone.localdate


pytestmark = pytest.mark.usefixtures("scoped")  # each body runs in the world's organisation


def _require_everything(world):
    services.programme_checks_set(programme=world.programme, dbs_required=True, references_required=1)
    world.module.required_for.add(world.programme)


def _kinds(result):
    return sorted(m.kind for m in result.missing)


def test_a_coach_with_nothing_done_sees_every_missing_piece(world):
    _require_everything(world)
    newcomer = CoachFactory(organisation=world.org, first_name="Priya")
    result = readiness(newcomer, world.programme)
    assert not result.ready
    assert _kinds(result) == ["agreement", "check", "check", "training"]
    details = " ".join(m.detail for m in result.missing)
    assert "No DBS check has been requested" in details and "0 of 1 references" in details
    assert "Safeguarding is not complete" in details and "Our Agreement (version 1)" in details


def test_doing_each_piece_makes_the_coach_ready(world):
    _require_everything(world)
    coach = CoachFactory(organisation=world.org)
    dbs = recruitment_services.check_create(
        coach=coach, kind="dbs", level="enhanced", requested_on=TODAY() - datetime.timedelta(weeks=5)
    )
    assert "waiting" in readiness(coach, world.programme).missing[0].detail
    recruitment_services.check_update(check=dbs, expected_version=1, cleared_on=TODAY())
    recruitment_services.check_create(coach=coach, kind="reference", requested_on=TODAY(), cleared_on=TODAY())
    services.completion_record(coach=coach, module=world.module, completed_on=TODAY())
    assert _kinds(readiness(coach, world.programme)) == ["agreement"]
    services.acknowledge(coach=coach, version=world.agreement_version)
    assert readiness(coach, world.programme).ready


def test_expired_checks_and_training_are_missing_and_soon_expiring_ones_are_flagged(world):
    _require_everything(world)
    coach = world.coach
    Check.objects.filter(pk=world.dbs_check.pk).update(renewal_due_on=TODAY() - datetime.timedelta(days=1))
    recruitment_services.check_create(coach=coach, kind="reference", requested_on=TODAY(), cleared_on=TODAY())
    Completion.objects.create(
        organisation=world.org,
        coach=coach,
        module=world.module,
        completed_on=TODAY() - datetime.timedelta(days=400),
        expires_on=TODAY() - datetime.timedelta(days=1),
    )
    result = readiness(coach, world.programme)
    assert " ".join(m.detail for m in result.missing) == (
        "The DBS check has expired and needs renewing. Safeguarding has expired and needs a refresher."
    )
    Check.objects.filter(pk=world.dbs_check.pk).update(renewal_due_on=TODAY() + datetime.timedelta(days=20))
    services.completion_record(
        coach=coach, module=world.module, completed_on=TODAY() - datetime.timedelta(days=3 * 365 - 10)
    )
    result = readiness(coach, world.programme)
    assert result.ready
    assert any("DBS check renewal due" in e for e in result.expiring)
    assert any("Safeguarding expires" in e for e in result.expiring)


def test_a_new_version_of_an_agreement_asks_everyone_again(world):
    assert readiness(world.coach, world.programme).ready
    version = services.agreement_new_version(
        agreement=world.agreement_version.agreement, body="New text", change_note="Social media"
    )
    assert version.number == 2
    assert _kinds(readiness(world.coach, world.programme)) == ["agreement"]
    services.acknowledge(coach=world.coach, version=version)
    services.acknowledge(coach=world.coach, version=version)  # twice is harmless
    assert Acknowledgement.objects.filter(coach=world.coach, version=version).count() == 1
    assert readiness(world.coach, world.programme).ready
    assert AuditEntry.objects.filter(action="training.agreement.acknowledged").exists()


def test_pairing_never_offers_or_accepts_a_coach_who_is_not_ready(world):
    _require_everything(world)
    offered = set(journey_selectors.coaches_with_room(programme=world.programme))
    assert world.other_coach not in offered
    waiting = ClientFactory(organisation=world.org, programme=world.programme, status="waiting")
    with pytest.raises(ValidationError) as refused:
        journey_services.relationship_start(
            client=waiting, coach=world.other_coach, programme=world.programme, started_on=TODAY(), planned_months=3
        )
    assert "not ready" in str(refused.value)


def test_judging_many_coaches_costs_a_fixed_number_of_queries(world, django_assert_max_num_queries):
    _require_everything(world)
    for n in range(15):
        CoachFactory(organisation=world.org, first_name=f"C{n}")
    with django_assert_max_num_queries(8):
        list(journey_selectors.coaches_with_room(programme=world.programme))


def test_the_certificate_number_is_encrypted_at_rest_and_never_in_the_audit_trail(world):
    with connection.cursor() as cursor:
        cursor.execute("SELECT certificate_number FROM recruitment_check WHERE id = %s", [world.dbs_check.pk])
        stored = cursor.fetchone()[0]
    assert "001234567890" not in stored and stored.startswith("gAAAA")
    world.dbs_check.refresh_from_db()
    assert world.dbs_check.certificate_number == "001234567890"
    recruitment_services.check_update(check=world.dbs_check, expected_version=1, certificate_number="009999999999")
    trail = " ".join(str(e.changes) for e in AuditEntry.objects.all())
    assert "009999999999" not in trail and "001234567890" not in trail
    assert AuditEntry.objects.filter(action="recruitment.check.certificate_changed").exists()


@pytest.mark.parametrize(
    "fields,field",
    [
        ({"kind": "dbs", "level": "", "requested_on": TODAY()}, "level"),
        (
            {"kind": "reference", "requested_on": TODAY(), "cleared_on": TODAY() - datetime.timedelta(days=1)},
            "cleared_on",
        ),
    ],
)
def test_bad_checks_are_refused(world, fields, field):
    with pytest.raises(ValidationError) as refused:
        recruitment_services.check_create(coach=world.coach, **fields)
    assert field in refused.value.message_dict


def test_a_completion_expires_by_the_modules_refresh_period(world):
    completion = services.completion_record(
        coach=world.coach, module=world.module, completed_on=datetime.date(2025, 3, 1)
    )
    assert completion.expires_on == datetime.date(2028, 3, 1)


def test_readiness_prefetch_is_used(world):
    coach = with_readiness_data(type(world.coach).objects.filter(pk=world.coach.pk)).get()
    assert readiness(coach, world.programme).ready
