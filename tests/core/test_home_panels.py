"""Each role's home page is the panels the apps register (core.registry.HOME_POINTS)."""

from __future__ import annotations

import pytest

from core import registry
from core.registry import HOME_COACH, HOME_STAFF, HomePanel


@pytest.fixture
def points():
    """The registry as it was, back after the test: a test's panel must not leak into the next."""
    saved = {point: list(entries) for point, entries in registry._POINTS.items()}
    yield
    registry._POINTS.clear()
    registry._POINTS.update(saved)


def test_a_panel_registered_for_coaches_is_drawn_on_the_coach_home_only(points, as_role):
    seen = []
    registry.register(
        HOME_COACH, HomePanel("journeys/home/case_studies_link.html", lambda user: seen.append(user) or {})
    )
    assert "Case studies from planned endings" in as_role("coach").get("/").content.decode()
    assert len(seen) == 1
    # The staff home has the link from its own panel; the coach panel's data is not read there.
    as_role("facilitator").get("/")
    assert len(seen) == 1


def test_a_panel_is_neither_read_nor_drawn_without_its_capability(points, as_role):
    def refuse(user):
        raise AssertionError("read for a role without the capability")

    registry.register(
        HOME_STAFF, HomePanel("meetings/home/staff_open_alerts.html", refuse, capability="audit.view"), order=1
    )
    assert as_role("coordinator").get("/").status_code == 200


def test_the_staff_home_draws_the_panels_in_their_order(as_role):
    page = as_role("coordinator").get("/").content.decode()
    headings = ["Safeguarding concerns", "Referrals waiting to hear back", "Your programmes", "Who needs attention"]
    positions = [page.index(heading) for heading in headings]
    assert positions == sorted(positions)


def test_the_coordinator_home_takes_no_more_queries_than_before_the_panels(as_role, django_assert_max_num_queries):
    # 22 before the home page was made of panels (tests/organisations/test_programmes.py too); since
    # then one each for clients' feedback nobody has read, the groups this coordinator facilitates, and
    # the reasons added to "Who needs attention" (risk assessments due, self-referrals waiting, pairs
    # not met face to face); two for the coaches worth a supportive conversation (hours' settings,
    # then their absences and late arrivals in one query); one for whose supervision is due
    # (supervision); one for peer pairs overdue a session (reciprocal); one counting the expense
    # claims waiting for approval (expenses).
    client = as_role("coordinator")
    with django_assert_max_num_queries(32):
        client.get("/")
