"""The programme dashboard and its API (issue 15): every section's figures for a period, programme
and coach, suppressed in one place whatever the route or the filter; a bad period said beside its
field; the same queries however many clients; another app's section drawn and suppressed too."""

from __future__ import annotations

import copy
import datetime

import pytest
from django.test import Client
from django_scopes import scope

from core import registry
from core.figures import REPORT_SECTIONS, Count, Mean, ReportSection, Table
from people.models import Coach
from reports import selectors
from reports.models import ReportSettings

from ..factories import CoachFactory
from ..list_queries import queries_for
from .helpers import add_pairs, quarter


@pytest.fixture(scope="module")
def pairs(module_world, django_db_blocker):
    """Seven pairs with coach A (two planned endings, three weeks of approved hours), two with B."""
    w = module_world
    with django_db_blocker.unblock(), scope(organisation=w.org):
        coach_a = CoachFactory(organisation=w.org, first_name="Ada", last_name="Coach")
        coach_b = CoachFactory(organisation=w.org, first_name="Bo", last_name="Coach")
        add_pairs(w.org, w.programme, coach_a, 7, service=w.service, planned_endings=2, hours_weeks=3)
        add_pairs(w.org, w.programme, coach_b, 2, service=w.service)
    return coach_a.pk, coach_b.pk


@pytest.fixture
def world(module_world, db):
    """The module's world (built once), copied so a test's changes in memory stay its own."""
    return copy.deepcopy(module_world)


@pytest.fixture
def data(world, pairs):
    return world, *pairs


def _as(user) -> Client:
    browser = Client()
    browser.force_login(user)
    return browser


def _url(w, **extra) -> str:
    start, end = quarter()
    query = {"start": start.isoformat(), "end": end.isoformat(), "programme": w.programme.pk, **extra}
    return "/reports/dashboard/?" + "&".join(f"{k}={v}" for k, v in query.items())


def _row(page: str, label: str) -> str:
    """The cells after a row's label in the page's tables."""
    after = page.split(f'<th scope="row">{label}</th>', 1)[1]
    return after.split("</tr>", 1)[0]


def test_the_dashboard_counts_in_the_database_and_hides_small_numbers_whatever_the_filter(data):
    w, coach_a, coach_b = data
    browser = _as(w.coordinator)
    page = browser.get(_url(w)).content.decode()
    assert ">9</td>" in _row(page, "Referred in the period")
    assert ">9</td>" in _row(page, "Working with a coach during the period")
    assert ">9</td>" in _row(page, "Clients matched with their first coach")
    # Two planned endings: hidden, and so is the total they would be read from.
    assert "&lt;5" in _row(page, "Planned: they reached their aims")
    assert "&lt;5" in _row(page, "<strong>All endings</strong>")
    assert ">9</td>" in _row(page, "Benefits")  # the intervention, used with 9 clients who all achieved a goal
    assert "30 hours" in _row(page, "Hours given (approved timesheets)")
    assert "<svg" in page and 'role="img"' in page
    # Narrowed to coach B (two clients): every count of theirs is small, so hidden; an average too.
    narrowed = browser.get(_url(w, coach=coach_b)).content.decode()
    assert "&lt;5" in _row(narrowed, "Referred in the period")
    assert "not shown: fewer than 5 people" in _row(narrowed, "Average days from referral to a match")
    assert ">2</td>" not in narrowed.split('id="period"', 1)[1].replace(">20</td>", "")
    # Coach A's hours are an amount: shown however few coaches.
    assert "30 hours" in _row(browser.get(_url(w, coach=coach_a)).content.decode(), "Hours given (approved timesheets)")
    # An organisation that asks for 10 hides the nine as well.
    with scope(organisation=w.org):
        ReportSettings.objects.create(organisation=w.org, threshold=10)
    raised = browser.get(_url(w)).content.decode()
    assert "&lt;10" in _row(raised, "Referred in the period")


def test_the_same_figures_come_through_the_api_suppressed_and_a_bad_period_is_refused(data):
    w, coach_a, coach_b = data
    browser = _as(w.supervisor)
    start, end = quarter()
    url = f"/api/v1/programmes/{w.programme.pk}/figures?start={start}&end={end}"
    found = browser.get(url).json()
    caseload = next(s for s in found["sections"] if s["key"] == "caseload")
    referred = caseload["tables"][0]["rows"][0]
    assert referred[1] == {"text": "9", "value": 9, "kind": "count", "hidden": ""}
    narrowed = browser.get(f"{url}&coach_id={coach_b}").json()
    rows = next(s for s in narrowed["sections"] if s["key"] == "caseload")["tables"][0]["rows"]
    assert rows[0][1] == {"text": "<5", "value": None, "kind": "count", "hidden": "small"}
    backwards = browser.get(f"/api/v1/programmes/{w.programme.pk}/figures?start={end}&end={start}")
    assert backwards.status_code == 422 and backwards.json()["detail"][0]["loc"][-1] == "end"
    too_long = browser.get(f"/api/v1/programmes/{w.programme.pk}/figures?start=2020-01-01&end={end}")
    assert too_long.status_code == 422
    assert browser.get(f"{url}&coach_id=999999").status_code == 404


def test_a_bad_period_is_said_beside_the_field_and_reads_nothing(data):
    w, *_ = data
    browser = _as(w.coordinator)
    start, end = quarter()
    backwards = browser.get(f"/reports/dashboard/?start={end}&end={start}").content.decode()
    assert "The end of the period must be on or after its start." in backwards
    assert 'id="id_end-error"' in backwards and "Referrals and the caseload" not in backwards
    long = browser.get(f"/reports/dashboard/?start=2021-01-01&end={end}").content.decode()
    assert "Choose a period of three years or less." in long


def test_the_dashboard_makes_the_same_queries_however_many_clients(data):
    w, coach_a, _ = data
    browser = _as(w.coordinator)
    urls = [_url(w), _url(w, coach=coach_a)]
    before = [queries_for(browser, url) for url in urls]
    with scope(organisation=w.org):
        add_pairs(w.org, w.programme, Coach.objects.get(pk=coach_a), 12, service=w.service, planned_endings=4)
    assert [queries_for(browser, url) for url in urls] == before


@pytest.fixture
def another_apps_section():
    """A section as another app (outcomes) would register it, taken away after the test."""

    def build(scope):
        return [
            Table(
                "Wellbeing scores",
                ["Measure", "People", "Average change"],
                [
                    ["ONS4 life satisfaction", Count(3), Mean(1.5, 3)],
                    ["Goal attainment", Count(12), Mean(2.25, 12)],
                    ["All measures", Count(15), Count(15)],
                ],
                total_row=True,
            )
        ]

    section = ReportSection("outcomes_test", "Outcomes (test)", build, method="Completed both measures: 15.")
    registry.register(REPORT_SECTIONS, section, order=500)
    yield section
    registry._POINTS[REPORT_SECTIONS] = [e for e in registry._POINTS[REPORT_SECTIONS] if e[2] is not section]


def test_another_apps_section_is_drawn_and_suppressed_like_ours(data, another_apps_section):
    w, *_ = data
    page = _as(w.coordinator).get(_url(w)).content.decode()
    assert "Outcomes (test)" in page
    row = _row(page, "ONS4 life satisfaction")
    assert "&lt;5" in row and "not shown: fewer than 5 people" in row
    # Alone, 15 - 12 would give the 3 away: 12 is hidden with it.
    assert "*" in _row(page, "Goal attainment") and "2.2" in _row(page, "Goal attainment")
    with scope(organisation=w.org):
        start, end = quarter()
        shown = selectors.figures(selectors.Scope(w.org, start, end, w.programme), 5)
    assert shown[-1].key == "outcomes_test" and shown[-1].tables[0].notes()


def test_coaches_clients_and_facilitators_do_not_see_the_dashboard(data):
    w, *_ = data
    for user in (w.coach_user, w.client_user, w.facilitator):
        assert _as(user).get(_url(w)).status_code == 403
    assert _as(w.outsider).get(_url(w)).status_code == 200  # their own organisation: the choice is refused
    assert "Select a valid choice" in _as(w.outsider).get(_url(w)).content.decode()
    assert datetime.date  # noqa: B018 (keeps the import honest for readers of the helpers)
