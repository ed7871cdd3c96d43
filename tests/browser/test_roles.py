"""Each demo role signs in on a phone and on a desktop and goes through the pages they use."""

from __future__ import annotations

import pytest
from django_scopes import scopes_disabled

from organisations.models import Programme
from people.models import Client, Coach

from .conftest import check_accessibility, no_horizontal_scroll, shoot, sign_in


def _pages(role: str) -> list[str]:
    with scopes_disabled():
        client = Client.objects.get(user__username="client")
        coach = Coach.objects.get(user__username="coach")
        programme = Programme.objects.get(name="Money Matters peer coaching")
    return {
        "coordinator": [
            "/",
            "/programmes/",
            f"/programmes/{programme.pk}/",
            "/clients/",
            f"/clients/{client.pk}/",
            f"/clients/{client.pk}/edit/",
            "/coaches/",
            f"/coaches/{coach.pk}/",
            "/clients/new/",
            "/staff/",
        ],
        "orgadmin": ["/", "/audit/", "/staff/", "/account/"],
        "supervisor": ["/", "/coaches/", f"/coaches/{coach.pk}/", "/clients/"],
        "facilitator": ["/", "/programmes/", "/coaches/"],
        "coach": ["/", f"/clients/{client.pk}/", f"/coaches/{coach.pk}/", "/account/"],
        "client": ["/", f"/clients/{client.pk}/"],
        "other-coordinator": ["/", "/clients/", "/coaches/"],
    }[role]


@pytest.mark.parametrize("size", ["phone", "desktop"])
@pytest.mark.parametrize(
    "role", ["coordinator", "orgadmin", "supervisor", "facilitator", "coach", "client", "other-coordinator"]
)
def test_role_walks_their_pages(page_at, role, size):
    page = page_at(size)
    sign_in(page, role)
    for path in _pages(role):
        response = page.goto(path)
        assert response.status == 200, f"{path} as {role}: {response.status}"
        assert page.locator("h1").count() == 1
        name = f"{role}-{path.strip('/').replace('/', '-') or 'home'}-{size}"
        if size == "phone":
            assert no_horizontal_scroll(page), f"{path} scrolls sideways at 360 px"
        check_accessibility(page, name)
        shoot(page, name)


def test_other_organisation_cannot_open_our_client(page_at):
    with scopes_disabled():
        client = Client.objects.get(user__username="client")
    page = page_at("phone")
    sign_in(page, "other-coordinator")
    assert page.goto(f"/clients/{client.pk}/").status == 404
    assert "Page not found" in page.content()
