"""A page's form sent twice saves once: the second send goes where the first went (issue 12)."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone

from core.views import FORM_TOKEN
from journeys.models import CheckIn
from people.models import Coach

COACH = {
    "first_name": "Ada",
    "last_name": "Okafor",
    "employment": "volunteer",
    "role_title": "Peer Coach",
    "status": "active",
    "agreed_weekly_hours": "4",
}


pytestmark = pytest.mark.usefixtures("scoped")  # each body runs in the world's organisation


def _token(response) -> str:
    match = re.search(rf'name="{FORM_TOKEN}" value="([^"]+)"', response.content.decode())
    assert match, "the form carries no one-time token"
    return match.group(1)


def test_the_same_rendered_form_sent_twice_makes_one_coach(as_role, world):
    browser = as_role("coordinator")
    token = _token(browser.get("/coaches/new/"))
    first = browser.post("/coaches/new/", {**COACH, FORM_TOKEN: token})
    again = browser.post("/coaches/new/", {**COACH, FORM_TOKEN: token}, follow=True)
    assert Coach.objects.filter(first_name="Ada").count() == 1
    assert again.redirect_chain[0][0] == first["Location"]
    assert "already saved" in again.content.decode()


def test_each_showing_of_the_form_has_its_own_token(as_role, world):
    browser = as_role("coordinator")
    tokens = {_token(browser.get("/coaches/new/")) for _ in range(2)}
    for token in tokens:
        browser.post("/coaches/new/", {**COACH, FORM_TOKEN: token})
    assert Coach.objects.filter(first_name="Ada").count() == 2


def test_a_form_sent_with_mistakes_keeps_its_token_usable(as_role, world):
    browser = as_role("coordinator")
    token = _token(browser.get("/coaches/new/"))
    shown_again = browser.post("/coaches/new/", {**COACH, "last_name": "", FORM_TOKEN: token})
    assert shown_again.status_code == 200
    assert _token(shown_again) == token
    assert browser.post("/coaches/new/", {**COACH, FORM_TOKEN: token}).status_code == 302
    assert Coach.objects.filter(first_name="Ada").count() == 1


def test_a_token_is_one_persons(client, world):
    client.force_login(world.coordinator)
    token = _token(client.get("/coaches/new/"))
    client.post("/coaches/new/", {**COACH, FORM_TOKEN: token})
    client.force_login(world.orgadmin)
    client.post("/coaches/new/", {**COACH, FORM_TOKEN: token})
    assert Coach.objects.filter(first_name="Ada").count() == 2


def test_a_check_in_sent_twice_is_recorded_once(as_role, world):
    browser = as_role("coach")
    url = f"/relationships/{world.relationship.pk}/check-ins/new/"
    token = _token(browser.get(url))
    before = CheckIn.objects.count()
    data = {"held_on": timezone.localdate().isoformat(), "went_well": "Paid the rent", FORM_TOKEN: token}
    for _ in range(2):
        assert browser.post(url, data).status_code == 302
    assert CheckIn.objects.count() == before + 1
