"""Pages and API answers with someone's records are not kept by the browser: on a shared computer
the next person could press Back, or find them in the cache."""

from __future__ import annotations

import pytest
from django.test import override_settings

from api.models import ApiToken

pytestmark = pytest.mark.usefixtures("scoped")  # each body runs in the world's organisation


@pytest.mark.parametrize("path", ["/", "/clients/", "/api/v1/clients", "/api/v1/me"])
def test_signed_in_pages_and_api_answers_are_not_stored(as_role, path):
    response = as_role("coordinator").get(path)
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store, private"


def test_a_page_with_a_client_record_is_not_stored(as_role, world):
    response = as_role("coach").get(f"/clients/{world.client.pk}/")
    assert response["Cache-Control"] == "no-store, private"


def test_api_answers_to_a_personal_token_are_not_stored(client, world):
    _token, key = ApiToken.issue(user=world.coordinator, name="script")
    response = client.get("/api/v1/clients", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store, private"


def test_refusals_to_signed_in_people_are_not_stored_either(as_role, world):
    response = as_role("facilitator").get(f"/clients/{world.client.pk}/")
    assert response.status_code == 404
    assert response["Cache-Control"] == "no-store, private"


@override_settings(WHITENOISE_USE_FINDERS=True)
def test_static_files_stay_cacheable_for_signed_in_people_too(as_role):
    # WhiteNoise answers before the sign-in is even looked at, as it does in production.
    response = as_role("coach").get("/static/js/htmx.min.js")
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")


def test_the_calendar_feed_keeps_its_own_short_private_caching(client, world):
    """Calendar apps fetch the secret address without a sign-in; the feed holds no notes and says
    "private, max-age=900" itself, so shared caches never keep it and the app polls gently."""
    from meetings import calendars

    feed = calendars.feed_issue(user=world.coach_user)
    response = client.get(f"/calendar/{feed.token}/meetings.ics")
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, max-age=900"
