"""An extension keeps to the programme's longest length unless a coordinator records why not."""

from __future__ import annotations

import datetime

import pytest
from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError

from journeys import services
from journeys.models import RelationshipEvent

pytestmark = pytest.mark.usefixtures("scoped")  # each body runs in the world's organisation


def _longest_end(relationship):
    return relationship.started_on + relativedelta(months=relationship.programme.max_months)


def test_an_extension_past_the_programme_maximum_is_refused_without_a_reason_for_it(world):
    r = world.relationship
    with pytest.raises(ValidationError) as refused:
        services.relationship_extend(
            relationship=r,
            planned_end_on=_longest_end(r) + datetime.timedelta(days=1),
            reason="More time",
            expected_version=1,
        )
    assert "12 months" in refused.value.message_dict["planned_end_on"][0]
    r.refresh_from_db()
    assert r.planned_end_on < _longest_end(r)


def test_up_to_the_maximum_needs_no_more_than_the_usual_reason(world):
    r = world.relationship
    services.relationship_extend(relationship=r, planned_end_on=_longest_end(r), reason="More time", expected_version=1)
    r.refresh_from_db()
    assert r.planned_end_on == _longest_end(r)


def test_past_the_maximum_with_the_coordinators_reason_it_is_recorded_on_the_timeline(world):
    r = world.relationship
    beyond = _longest_end(r) + relativedelta(months=2)
    services.relationship_extend(
        relationship=r,
        planned_end_on=beyond,
        reason="More time",
        beyond_maximum_reason="Court case in the spring; changing coach now would undo the work",
        expected_version=1,
    )
    r.refresh_from_db()
    assert r.planned_end_on == beyond
    event = RelationshipEvent.objects.get(relationship=r, kind="extended")
    assert "beyond the programme's longest, 12 months" in event.summary
    assert "Court case in the spring" in event.reason


def test_the_extend_page_refuses_past_the_maximum_and_explains(as_role, world):
    r = world.relationship
    browser = as_role("coordinator")
    url = f"/relationships/{r.pk}/extend/"
    assert "longest length?" in browser.get(url).content.decode()
    far = (_longest_end(r) + relativedelta(years=1)).isoformat()
    response = browser.post(url, {"version": "1", "planned_end_on": far, "reason": "More time"})
    assert response.status_code == 200 and "12 months" in response.content.decode()
    response = browser.post(
        url, {"version": "1", "planned_end_on": far, "reason": "More time", "beyond_maximum_reason": "Agreed by panel"}
    )
    assert response.status_code == 302
    r.refresh_from_db()
    assert r.planned_end_on.isoformat() == far


def test_the_clock_no_longer_reads_past_the_programme_without_a_recorded_reason(world):
    r = world.relationship
    with pytest.raises(ValidationError):
        services.relationship_extend(
            relationship=r, planned_end_on=r.started_on + relativedelta(weeks=112), reason="x", expected_version=1
        )
    r.refresh_from_db()
    assert r.total_weeks <= 53
