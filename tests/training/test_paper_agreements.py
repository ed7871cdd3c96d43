"""A coach with no sign-in acknowledges an agreement on paper; staff record it. Agreements have a
review date, and the coordinator's home says when one is due."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from core.models import AuditEntry
from training import services
from training.models import Acknowledgement, Agreement, AgreementVersion

pytestmark = pytest.mark.usefixtures("scoped")

TODAY = timezone.localdate
PDF = b"%PDF-1.4 signed by hand"


def _new_version(world):
    return services.agreement_new_version(
        agreement=world.agreement_version.agreement, body="We keep each other safe, always.", change_note="Clearer"
    )


def _scan(name="signed.pdf", content=PDF, content_type="application/pdf"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def test_staff_record_a_paper_acknowledgement(world):
    version = _new_version(world)
    signed_on = TODAY() - datetime.timedelta(days=2)
    acknowledgement = services.acknowledge_on_paper(
        coach=world.other_coach, version=version, signed_on=signed_on, signed_copy=_scan()
    )
    acknowledgement.refresh_from_db()
    assert acknowledgement.on_paper and acknowledgement.signed_on == signed_on
    assert acknowledgement.version == version and acknowledgement.coach == world.other_coach
    assert acknowledgement.signed_copy.data == PDF and acknowledgement.signed_copy.name == "signed.pdf"
    entry = AuditEntry.objects.get(action="training.agreement.acknowledged_on_paper")
    assert entry.object_id == str(world.other_coach.pk)


def test_a_paper_acknowledgement_needs_a_signed_copy_and_a_date_not_in_the_future(world):
    version = _new_version(world)
    with pytest.raises(ValidationError):
        services.acknowledge_on_paper(
            coach=world.other_coach,
            version=version,
            signed_on=TODAY() + datetime.timedelta(days=1),
            signed_copy=_scan(),
        )
    with pytest.raises(ValidationError):
        services.acknowledge_on_paper(
            coach=world.other_coach,
            version=version,
            signed_on=TODAY(),
            signed_copy=_scan("signed.exe", b"MZ", "application/octet-stream"),
        )
    assert not Acknowledgement.objects.filter(version=version).exists()


def test_the_paper_acknowledgement_page_and_the_signed_copy(as_role, world):
    version = _new_version(world)
    browser = as_role("coordinator")
    url = f"/coaches/{world.other_coach.pk}/agreements/{version.pk}/paper/"
    page = browser.get(url).content.decode()
    assert "version 2" in page and "Grace Adeyemi" in page
    response = browser.post(url, {"signed_on": TODAY().isoformat(), "signed_copy": _scan()})
    assert response.status_code == 302
    acknowledgement = Acknowledgement.objects.get(version=version, coach=world.other_coach)
    readiness = browser.get(f"/coaches/{world.other_coach.pk}/readiness/").content.decode()
    assert "On paper" in readiness
    copy = browser.get(f"/acknowledgements/{acknowledgement.pk}/signed-copy/")
    assert copy.status_code == 200 and b"".join(copy.streaming_content if copy.streaming else [copy.content]) == PDF
    assert copy["Content-Disposition"].startswith("attachment")
    assert AuditEntry.objects.filter(action="training.agreement.signed_copy_viewed").exists()
    assert as_role("supervisor").post(url, {"signed_on": TODAY().isoformat()}).status_code == 403


def test_an_agreement_has_a_review_date_and_the_home_says_when_one_is_due(as_role, world):
    agreement = world.agreement_version.agreement
    services.agreement_review_set(agreement=agreement, review_on=TODAY() + datetime.timedelta(days=10))
    assert Agreement.objects.get(pk=agreement.pk).review_on == TODAY() + datetime.timedelta(days=10)
    home = as_role("coordinator").get("/").content.decode()
    assert "Agreements to review" in home and "Our Agreement" in home
    services.agreement_review_set(agreement=agreement, review_on=TODAY() + datetime.timedelta(days=200))
    assert "Agreements to review" not in as_role("coordinator").get("/").content.decode()


def test_a_new_agreement_and_a_new_version_ask_for_the_next_review(as_role, world):
    browser = as_role("coordinator")
    review_on = (TODAY() + datetime.timedelta(days=365)).isoformat()
    browser.post(
        "/agreements/new/", {"title": "Lone working", "kind": "other", "body": "Tell someone.", "review_on": review_on}
    )
    agreement = Agreement.objects.get(title="Lone working")
    assert agreement.review_on.isoformat() == review_on
    later = (TODAY() + datetime.timedelta(days=400)).isoformat()
    browser.post(
        f"/agreements/{agreement.pk}/new-version/",
        {"body": "Tell someone first.", "change_note": "Shorter", "review_on": later},
    )
    agreement.refresh_from_db()
    assert agreement.review_on.isoformat() == later
    assert AgreementVersion.objects.filter(agreement=agreement).count() == 2
