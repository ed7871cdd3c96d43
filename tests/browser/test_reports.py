"""Reports in the browser (issue 15): a coordinator filters the dashboard on a phone, builds last
quarter's funder report, watches a report's progress bar fill as it is built, and downloads both
files."""

from __future__ import annotations

from django_scopes import scope, scopes_disabled
from playwright.sync_api import expect

from organisations.models import Programme, User
from reports import services
from reports.forms import last_quarter

from .conftest import check_accessibility, no_horizontal_scroll, shoot, sign_in


def test_a_coordinator_filters_the_dashboard_builds_a_report_and_downloads_it(page_at):
    start, end = last_quarter()
    phone = page_at("phone")
    sign_in(phone, "coordinator")
    phone.get_by_text("Menu").click()
    phone.locator("#nav-phone").get_by_role("link", name="Reports").click()
    expect(phone.get_by_role("heading", name="Programme dashboard")).to_be_visible()
    # A period that ends before it starts is said beside the field.
    phone.get_by_label("From", exact=True).fill(end.isoformat())
    phone.get_by_label("To", exact=True).fill(start.isoformat())
    phone.get_by_role("button", name="Show the figures").click()
    expect(phone.locator("#id_end-error")).to_contain_text("on or after its start")
    phone.get_by_label("From", exact=True).fill(start.isoformat())
    phone.get_by_label("To", exact=True).fill(end.isoformat())
    with scopes_disabled():
        programme = Programme.objects.filter(organisation__slug="riverside").order_by("name").first()
    phone.locator("#id_programme").select_option(label=programme.name)
    phone.get_by_role("button", name="Show the figures").click()
    expect(phone.get_by_role("heading", name="Referrals and the caseload")).to_be_visible()
    expect(phone.locator("#period")).to_contain_text(programme.name)
    assert no_horizontal_scroll(phone)
    check_accessibility(phone, "reports-dashboard")
    shoot(phone, "reports-dashboard-phone")

    desk = page_at("desktop")
    sign_in(desk, "coordinator")
    desk.goto(f"/reports/dashboard/?start={start}&end={end}")
    expect(desk.get_by_role("heading", name="Coach retention")).to_be_visible()
    shoot(desk, "reports-dashboard-desktop")
    desk.get_by_role("link", name="Build a funder report (PDF and spreadsheet)").click()
    desk.locator("#id_programme").select_option(label=programme.name)
    desk.get_by_role("button", name="Build the report").click()
    expect(desk.get_by_role("heading", name="Download")).to_be_visible()
    check_accessibility(desk, "reports-report")
    for link, suffix in (("Download the report (PDF)", ".pdf"), ("Download the figures (spreadsheet, XLSX)", ".xlsx")):
        with desk.expect_download() as download:
            desk.get_by_role("link", name=link).click()
        assert download.value.suggested_filename.endswith(suffix)
        assert download.value.path().stat().st_size > 1000

    # A report waiting for the worker: its page polls, and reloads in full once it is built.
    with scopes_disabled():
        coordinator = User.objects.get(username="coordinator")
    with scope(organisation=coordinator.organisation_id):
        waiting = services.report_create(programme=programme, starts_on=start, ends_on=end, by=coordinator)
    desk.goto(f"/reports/{waiting.pk}/")
    expect(desk.get_by_label("Waiting for the worker to start")).to_be_visible()
    with scope(organisation=coordinator.organisation_id):
        services.report_build(report_id=waiting.pk)
    expect(desk.get_by_role("link", name="Download the report (PDF)")).to_be_visible()
    shoot(desk, "reports-report-desktop")
