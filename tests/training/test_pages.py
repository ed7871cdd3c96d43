"""Training, checks and agreements through the pages and the API."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from core.models import AuditEntry
from recruitment.models import Check
from training.models import Acknowledgement, Aspiration, Completion, InductionItem, Module

TODAY = timezone.localdate


pytestmark = pytest.mark.usefixtures("scoped")  # each body runs in the world's organisation


def test_the_certificate_number_is_not_on_any_page_until_asked_for_and_the_look_is_audited(as_role, world):
    browser = as_role("coordinator")
    for url in (f"/coaches/{world.coach.pk}/readiness/", "/checks/", f"/checks/{world.dbs_check.pk}/edit/"):
        assert "001234567890" not in browser.get(url).content.decode(), url
    assert "001234567890" not in browser.get(f"/checks/{world.dbs_check.pk}/certificate/").content.decode()
    assert not AuditEntry.objects.filter(action="recruitment.check.certificate_viewed").exists()
    response = browser.post(f"/checks/{world.dbs_check.pk}/certificate/")
    assert "001234567890" in response.content.decode()
    entry = AuditEntry.objects.get(action="recruitment.check.certificate_viewed")
    assert entry.actor == world.coordinator and entry.object_id == str(world.dbs_check.pk)
    assert as_role("supervisor").post(f"/checks/{world.dbs_check.pk}/certificate/").status_code == 403


def test_the_certificate_number_is_not_in_the_api(as_role, world):
    body = as_role("coordinator").get(f"/api/v1/coaches/{world.coach.pk}").content.decode()
    assert "001234567890" not in body


def test_a_check_waiting_over_eight_weeks_is_flagged(as_role, world):
    Check.objects.create(
        organisation=world.org,
        coach=world.other_coach,
        kind="dbs",
        level="enhanced",
        requested_on=TODAY() - datetime.timedelta(weeks=9),
    )
    body = as_role("coordinator").get("/checks/").content.decode()
    assert "Grace Adeyemi" in body and "Waiting 9 weeks: over 8 weeks" in body


def test_coordinator_adds_a_check_keeping_the_number_out_of_the_page(as_role, world):
    browser = as_role("coordinator")
    response = browser.post(
        f"/coaches/{world.other_coach.pk}/checks/new/",
        {
            "kind": "dbs",
            "level": "enhanced",
            "requested_on": TODAY().isoformat(),
            "certificate_number": "0012 3456 7899",
        },
    )
    assert response.status_code == 302
    check = Check.objects.get(coach=world.other_coach)
    assert check.certificate_number == "001234567899"
    edit = browser.get(f"/checks/{check.pk}/edit/").content.decode()
    assert "001234567899" not in edit


def test_a_bad_check_gets_messages_beside_the_fields(as_role, world):
    response = as_role("coordinator").post(
        f"/coaches/{world.other_coach.pk}/checks/new/",
        {"kind": "dbs", "requested_on": "2999-01-01", "certificate_number": "12<script>"},
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "cannot be in the future" in body and "letters and numbers" in body
    assert not Check.objects.filter(coach=world.other_coach).exists()


def test_coordinator_plans_induction_and_records_training(as_role, world):
    browser = as_role("coordinator")
    url = f"/coaches/{world.other_coach.pk}"
    assert (
        browser.post(
            f"{url}/induction/new/", {"module": world.module.pk, "planned_for": TODAY().isoformat()}
        ).status_code
        == 302
    )
    again = browser.post(f"{url}/induction/new/", {"module": world.module.pk, "planned_for": TODAY().isoformat()})
    assert again.status_code == 200 and "already in" in again.content.decode()
    assert InductionItem.objects.filter(coach=world.other_coach).count() == 1
    done = browser.post(f"{url}/training/new/", {"module": world.module.pk, "completed_on": TODAY().isoformat()})
    assert done.status_code == 302
    assert Completion.objects.get(coach=world.other_coach).expires_on is not None
    page = browser.get(f"{url}/readiness/").content.decode()
    assert "Safeguarding" in page and "Done" in page


def test_coordinator_manages_the_catalogue_and_programme_requirements(as_role, world):
    browser = as_role("coordinator")
    response = browser.post(
        "/training/new/",
        {"name": "Level 2 Peer Mentoring", "accredited": "on", "awarding_body": "", "version": ""},
    )
    assert response.status_code == 200 and "Name the awarding body" in response.content.decode()
    response = browser.post(
        "/training/new/",
        {
            "name": "Level 2 Peer Mentoring",
            "accredited": "on",
            "awarding_body": "OCN",
            "required_for": [world.programme.pk],
        },
    )
    assert response.status_code == 302
    duplicate = browser.post("/training/new/", {"name": "safeguarding"})
    assert "already a module" in duplicate.content.decode()
    response = browser.post(
        f"/programmes/{world.programme.pk}/requirements/",
        {"dbs_required": "on", "references_required": "2", "modules": [world.module.pk]},
    )
    assert response.status_code == 302
    assert set(world.programme.required_modules.values_list("name", flat=True)) == {"Safeguarding"}
    assert world.programme.checks_needed.references_required == 2


def test_a_new_agreement_version_shows_who_has_not_acknowledged(as_role, world):
    browser = as_role("coordinator")
    agreement = world.agreement_version.agreement
    response = browser.post(
        f"/agreements/{agreement.pk}/new-version/", {"body": "New words", "change_note": "Social media"}
    )
    assert response.status_code == 302
    listing = browser.get("/agreements/").content.decode()
    assert "Not yet acknowledged (2)" in listing and "Sam Turner" in listing


def test_a_coach_acknowledges_and_writes_their_hopes_on_their_journey_page(as_role, world):
    from training import services

    version = services.agreement_new_version(agreement=world.agreement_version.agreement, body="v2")
    browser = as_role("coach")
    page = browser.get("/my-journey/").content.decode()
    assert "Our Agreement (version 2) is not acknowledged" in page
    assert browser.post(f"/my-journey/agreements/{version.pk}/").status_code == 302
    assert Acknowledgement.objects.filter(coach=world.coach, version=version, by=world.coach_user).exists()
    assert browser.post("/my-journey/learning/", {"text": "Level 2 certificate"}).status_code == 302
    assert Aspiration.objects.get(coach=world.coach).text == "Level 2 certificate"
    assert browser.post("/my-journey/learning/", {"text": "x" * 600}).status_code == 200


def test_a_coach_cannot_acknowledge_for_another_organisation(as_role, world):
    from tests.factories import CoachFactory
    from training.models import Agreement, AgreementVersion

    agreement = Agreement.objects.create(organisation=world.outsider_org, kind="other", title="Theirs")
    theirs = AgreementVersion.objects.create(organisation=world.outsider_org, agreement=agreement, number=1, body="x")
    CoachFactory(organisation=world.outsider_org)
    assert as_role("coach").post(f"/my-journey/agreements/{theirs.pk}/").status_code == 404


def test_the_readiness_api_says_exactly_what_is_missing(as_role, world):
    world.module.required_for.add(world.programme)
    browser = as_role("coordinator")
    data = browser.get(f"/api/v1/coaches/{world.other_coach.pk}/readiness?programme={world.programme.pk}").json()
    assert data == {
        "ready": False,
        "missing": [{"kind": "training", "detail": "Safeguarding is not complete."}],
        "expiring": [],
    }
    assert browser.get(f"/api/v1/coaches/{world.coach.pk}/readiness?programme=999999").status_code == 404
    assert browser.get(f"/api/v1/coaches/{world.coach.pk}/readiness").status_code == 422
    assert Module.objects.count() == 1


def test_the_staff_home_flags_checks_and_training_that_lapse_soon(as_role, world):
    Check.objects.filter(pk=world.dbs_check.pk).update(renewal_due_on=TODAY() + datetime.timedelta(days=10))
    Completion.objects.create(
        organisation=world.org,
        coach=world.other_coach,
        module=world.module,
        completed_on=TODAY() - datetime.timedelta(days=1000),
        expires_on=TODAY() + datetime.timedelta(days=5),
    )
    body = as_role("coordinator").get("/").content.decode()
    assert "Checks or training that lapse soon" in body
    assert "DBS check renewal due" in body and "Safeguarding expires" in body


def test_programme_requirements_save_nothing_when_one_module_change_is_refused(as_role, world, monkeypatch):
    """The checks and every module change are one save: a refusal part-way leaves all as it was."""
    from core.exceptions import StaleEditError
    from training import services
    from training.models import ProgrammeChecks

    def someone_else_changed_it(**kwargs):
        raise StaleEditError()

    monkeypatch.setattr(services, "module_update", someone_else_changed_it)
    response = as_role("coordinator").post(
        f"/programmes/{world.programme.pk}/requirements/",
        {"references_required": "1", "recovery_guideline": "A year", "modules": [world.module.pk]},
    )
    assert response.status_code == 200 and "Someone else changed this record" in response.content.decode()
    assert not ProgrammeChecks.objects.filter(programme=world.programme).exists()
    assert not world.programme.required_modules.exists()
