"""Safety before a home visit: each client has a short, dated risk assessment, reviewed on a
rhythm; the coach sees it before a home visit and on the meeting screen."""

from __future__ import annotations

import datetime

import pytest
from dateutil.relativedelta import relativedelta
from django.utils import timezone

from core.models import AuditEntry
from meetings.models import Meeting
from people import selectors, services
from people.models import RiskAssessment

pytestmark = pytest.mark.usefixtures("scoped")


def _today():
    return timezone.localdate()


def _assess(client, days_ago=10, **fields):
    values = {
        "assessed_on": _today() - datetime.timedelta(days=days_ago),
        "others_present": "Her brother, some evenings",
        "animals": "A large dog, shut in the kitchen for visits",
        "access": "Third floor, no lift",
        "what_to_do": "Meet in the kitchen; leave if the brother is drunk.",
    }
    values.update(fields)
    return services.risk_assessment_record(client=client, **values)


def _form(**overrides):
    data = {
        "assessed_on": _today().isoformat(),
        "level": "medium",
        "others_present": "Her brother",
        "animals": "A dog",
        "access": "Stairs only",
        "substance_use": "",
        "history": "",
        "what_to_do": "Sit near the door.",
        "review_by": "",
    }
    data.update(overrides)
    return data


def test_a_coordinator_records_one_and_it_is_due_for_review_in_three_months(as_role, world):
    response = as_role("coordinator").post(f"/clients/{world.client.pk}/risk/new/", _form())
    assert response.status_code == 302
    assessment = RiskAssessment.objects.get(client=world.client)
    assert assessment.review_by == _today() + relativedelta(months=3)
    assert AuditEntry.objects.filter(action="people.risk_assessment.created", object_id=str(assessment.pk)).exists()


def test_a_review_is_a_new_dated_row_and_the_earlier_one_is_kept(as_role, world):
    first = _assess(world.client, days_ago=100)
    coordinator = as_role("coordinator")
    form_page = coordinator.get(f"/clients/{world.client.pk}/risk/new/").content.decode()
    assert "A large dog" in form_page  # a review starts from the last one
    coordinator.post(f"/clients/{world.client.pk}/risk/new/", _form(animals="The dog has gone"))
    assert RiskAssessment.objects.filter(client=world.client).count() == 2
    page = coordinator.get(f"/clients/{world.client.pk}/risk/").content.decode()
    assert "The dog has gone" in page and "Earlier assessments" in page
    assert RiskAssessment.objects.filter(pk=first.pk).exists()


def test_the_coach_sees_their_own_clients_assessment_and_each_look_is_audited(as_role, world):
    assessment = _assess(world.client)
    coach = as_role("coach")
    page = coach.get(f"/clients/{world.client.pk}/").content.decode()
    assert "A large dog" in page
    assert coach.get(f"/clients/{world.client.pk}/risk/").status_code == 200
    assert AuditEntry.objects.filter(action="people.risk_assessment.viewed", object_id=str(assessment.pk)).exists()
    assert coach.get(f"/clients/{world.other_client.pk}/risk/").status_code == 404


def test_the_client_does_not_see_their_risk_assessment(as_role, world):
    _assess(world.client)
    client = as_role("client")
    assert client.get(f"/clients/{world.client.pk}/risk/").status_code == 403
    assert "A large dog" not in client.get(f"/clients/{world.client.pk}/").content.decode()


def test_the_coordinators_home_lists_those_due_for_review(as_role, world):
    _assess(world.client, days_ago=100)  # review by was 10 days ago
    _assess(world.other_client, days_ago=1)  # due in three months
    due = selectors.risk_assessments_due(world.coordinator)
    assert [client for client, _ in due] == [world.client]
    home = as_role("coordinator").get("/").content.decode()
    assert "Risk assessments due for review" in home and "Jade Wilson" in home


def test_a_review_replaces_the_due_one_on_the_home(world):
    _assess(world.client, days_ago=100)
    _assess(world.client, days_ago=0)
    assert selectors.risk_assessments_due(world.coordinator) == []


def _plan(coach, world, place_kind):
    when = (timezone.localtime() + datetime.timedelta(days=2)).replace(hour=11, minute=0)
    return coach.post(
        f"/relationships/{world.relationship.pk}/meetings/new/",
        {
            "starts_at": when.strftime("%Y-%m-%dT%H:%M"),
            "expected_minutes": "60",
            "channel": "face_to_face",
            "place_kind": place_kind,
            "place": "Jade's flat",
        },
        follow=True,
    )


def test_planning_a_home_visit_without_a_current_assessment_warns(as_role, world):
    coach = as_role("coach")
    form = coach.get(f"/relationships/{world.relationship.pk}/meetings/new/").content.decode()
    assert "no risk assessment for visiting Jade at home" in form
    page = _plan(coach, world, "home").content.decode()
    assert "There is no current risk assessment for visiting Jade Wilson at home" in page
    assert Meeting.objects.filter(place="Jade's flat").exists()


def test_an_out_of_date_assessment_warns_too_but_a_current_one_does_not(as_role, world):
    _assess(world.client, days_ago=100)
    coach = as_role("coach")
    assert "There is no current risk assessment" in _plan(coach, world, "home").content.decode()
    _assess(world.client, days_ago=0)
    page = _plan(coach, world, "home").content.decode()
    assert "There is no current risk assessment" not in page
    # The meeting screen of a home visit shows the assessment itself.
    assert "A large dog" in page and "Home visits: risk assessment" in page


def test_a_meeting_somewhere_else_does_not_warn(as_role, world):
    page = _plan(as_role("coach"), world, "public").content.decode()
    assert "There is no current risk assessment" not in page
    assert "Home visits: risk assessment" not in page
