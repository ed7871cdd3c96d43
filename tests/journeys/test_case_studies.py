"""A case study holds no names: the draft takes out every name and place known for the people
involved and says what it took out, and nothing is published until a coordinator has reviewed it."""

from __future__ import annotations

import pytest
from django.utils import timezone

from journeys import services

pytestmark = pytest.mark.usefixtures("scoped")  # each body runs in the world's organisation

TODAY = timezone.localdate


@pytest.fixture
def named(world):
    client, coach = world.relationship.client, world.relationship.coach
    client.first_name, client.last_name, client.area = "Sarah", "Okafor", "Walton"
    client.circumstances = "Lives with her son Jayden and her partner, Leon."
    client.save()
    coach.first_name, coach.last_name, coach.area = "Priya", "Shah", "Anfield"
    coach.save()
    return world


STORY = (
    "Sarah Okafor from Walton worked with Priya for six months. Sarah's son Jayden came to the last "
    "meeting in Anfield, and Leon said SARAH was a different person."
)


def _end_with(world, story=STORY):
    return services.relationship_end(
        relationship=world.relationship,
        expected_version=world.relationship.version,
        planned=True,
        ended_on=TODAY(),
        what_changed="Arrears cleared",
        case_study_consent_on=TODAY(),
        case_study=story,
    )


def test_the_draft_takes_out_every_known_name_and_place_and_says_what_it_took_out(named):
    ending = _end_with(named)
    for name in ("Sarah", "Okafor", "Walton", "Priya", "Jayden", "Leon", "Anfield", "SARAH"):
        assert name not in ending.case_study
    assert ending.case_study.startswith("The client from their area worked with the coach")
    assert "The client's son came to the last meeting in their area" in ending.case_study
    removed = {(r["found"], r["as"]) for r in ending.case_study_removed}
    assert ("Sarah Okafor", "the client") in removed
    assert ("Jayden", "a family member") in removed
    assert ("Walton", "their area") in removed and ("Priya", "the coach") in removed


def test_a_case_study_is_not_published_until_a_coordinator_reviews_it(named, as_role):
    ending = _end_with(named)
    browser = as_role("coordinator")
    assert "worked with the coach" not in browser.get("/case-studies/").content.decode()
    review_page = browser.get(f"/case-studies/{ending.pk}/review/").content.decode()
    assert "We took out" in review_page and "Jayden" in review_page
    response = browser.post(f"/case-studies/{ending.pk}/review/", {"case_study": ending.case_study})
    assert response.status_code == 302
    ending.refresh_from_db()
    assert ending.case_study_reviewed_at is not None and ending.case_study_reviewed_by == named.coordinator
    assert "worked with the coach" in browser.get("/case-studies/").content.decode()


def test_a_name_typed_in_at_the_review_is_taken_out_and_shown_again_before_publishing(named, as_role):
    ending = _end_with(named)
    browser = as_role("coordinator")
    response = browser.post(
        f"/case-studies/{ending.pk}/review/",
        {"case_study": ending.case_study + " Jayden loved it."},
    )
    assert response.status_code == 200
    assert "We took out more names" in response.content.decode()
    ending.refresh_from_db()
    assert ending.case_study_reviewed_at is None and "Jayden" not in ending.case_study


def test_a_coach_cannot_review_a_case_study(named, as_role):
    ending = _end_with(named)
    assert as_role("coach").get(f"/case-studies/{ending.pk}/review/").status_code in (403, 404)
