"""Funder reports (issue 15): built in the background (immediate in tests) with progress on the
row, a PDF and an XLSX drawn from the suppressed figures, downloaded only by those allowed, kept
with a fingerprint that says whether the records have changed since; reviewed case studies only."""

from __future__ import annotations

import copy
import io

import pytest
from django.test import Client
from django.utils import timezone
from django_scopes import scope
from openpyxl import load_workbook

from journeys.models import Ending
from reports import services
from reports.models import Report

from ..factories import CoachFactory
from .helpers import add_pairs, quarter


@pytest.fixture(scope="module")
def pairs(module_world, django_db_blocker):
    w = module_world
    with django_db_blocker.unblock(), scope(organisation=w.org):
        coach = CoachFactory(organisation=w.org, first_name="Ada", last_name="Coach")
        add_pairs(w.org, w.programme, coach, 8, service=w.service, planned_endings=2, hours_weeks=2)
        start, _ = quarter()
        endings = list(Ending.objects.filter(relationship__coach=coach).order_by("pk"))
        # Both with consent; only the first reviewed by a coordinator.
        for ending, text in zip(
            endings, ("Reviewed story: the client cleared their arrears.", "Draft story"), strict=True
        ):
            Ending.objects.filter(pk=ending.pk).update(case_study_consent_on=start, case_study=text)
        Ending.objects.filter(pk=endings[0].pk).update(case_study_reviewed_at=timezone.now())
    return coach.pk


@pytest.fixture
def world(module_world, db, pairs):
    return copy.deepcopy(module_world)


def _as(user) -> Client:
    browser = Client()
    browser.force_login(user)
    return browser


def test_a_coordinator_builds_last_quarters_report_and_downloads_both_files(world, django_capture_on_commit_callbacks):
    browser = _as(world.coordinator)
    start, end = quarter()
    form = {"start": start.isoformat(), "end": end.isoformat(), "programme": world.programme.pk, "coach": ""}
    with django_capture_on_commit_callbacks(execute=True):
        built = browser.post("/reports/", form)
    assert built.status_code == 302
    with scope(organisation=world.org):
        report = Report.objects.get()
    assert report.status == "done" and report.progress == 100 and len(report.fingerprint) == 64
    assert (report.starts_on, report.ends_on, report.threshold, report.created_by) == (start, end, 5, world.coordinator)
    page = browser.get(built["Location"]).content.decode()
    assert "Download the report (PDF)" in page and "Download the figures (spreadsheet, XLSX)" in page
    # Polling after it finished asks the page to reload in full.
    poll = browser.get(built["Location"] + "?poll=1", headers={"HX-Request": "true"})
    assert poll["HX-Refresh"] == "true"

    pdf = browser.get(f"/reports/{report.pk}/download/pdf/")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert "private" in pdf["Cache-Control"]
    xlsx = browser.get(f"/reports/{report.pk}/download/xlsx/")
    book = load_workbook(io.BytesIO(xlsx.content))
    assert book.sheetnames[0] == "About this report" and "Referrals and the caseload" in book.sheetnames
    cells = {row[0]: row[1:] for row in book["Referrals and the caseload"].iter_rows(values_only=True) if row}
    assert cells["Referred in the period"][0] == 8  # a real number, not text
    endings = {row[0]: row[1:] for row in book["Endings"].iter_rows(values_only=True) if row}
    assert endings["Planned: they reached their aims"][0] == "<5"
    # Other roles and bad kinds get nothing.
    assert _as(world.coach_user).get(f"/reports/{report.pk}/download/pdf/").status_code == 403
    assert browser.get(f"/reports/{report.pk}/download/csv/").status_code == 404

    # The fingerprint: the same records give the same figures; a new pair changes them.
    assert "Same data as when it was built" in browser.get(built["Location"] + "?compare=1").content.decode()
    with scope(organisation=world.org):
        add_pairs(world.org, world.programme, CoachFactory(organisation=world.org), 1)
    assert "The data has changed since it was built" in browser.get(built["Location"] + "?compare=1").content.decode()


def test_only_reviewed_case_studies_with_consent_go_into_a_report(world):
    with scope(organisation=world.org):
        start, end = quarter()
        found = services.case_studies_for(services.Scope(world.org, start, end, world.programme))
    assert [e.case_study for e in found] == ["Reviewed story: the client cleared their arrears."]


def test_a_bad_period_is_refused_beside_the_field_and_through_the_api(world, django_capture_on_commit_callbacks):
    browser = _as(world.coordinator)
    start, end = quarter()
    refused = browser.post(
        "/reports/", {"start": end.isoformat(), "end": start.isoformat(), "programme": world.programme.pk}
    )
    assert "The end of the period must be on or after its start." in refused.content.decode()
    api = browser.post(
        f"/api/v1/programmes/{world.programme.pk}/reports",
        {"start": end.isoformat(), "end": start.isoformat()},
        content_type="application/json",
    )
    assert api.status_code == 422 and api.json()["detail"][0]["loc"] == ["body", "end"]
    with django_capture_on_commit_callbacks(execute=True):
        made = browser.post(
            f"/api/v1/programmes/{world.programme.pk}/reports",
            {"start": start.isoformat(), "end": end.isoformat()},
            content_type="application/json",
        )
    assert made.status_code == 202
    status = browser.get(f"/api/v1/reports/{made.json()['id']}").json()
    assert status["status"] == "done" and status["progress"] == 100
    assert set(status["downloads"]) == {"pdf", "xlsx"}
    with scope(organisation=world.org):
        assert Report.objects.count() == 1
    # A supervisor reads reports but does not build them.
    assert _as(world.supervisor).post("/reports/", {"start": start.isoformat()}).status_code == 403


def test_a_failed_build_says_so_on_its_row(world, monkeypatch):
    from reports import documents

    monkeypatch.setattr(documents, "pdf_bytes", lambda context: 1 / 0)
    with scope(organisation=world.org):
        start, end = quarter()
        report = services.report_create(programme=world.programme, starts_on=start, ends_on=end)
        report = services.report_build(report_id=report.pk)
        assert report.status == "failed" and "try again" in report.message and not report.files.exists()
