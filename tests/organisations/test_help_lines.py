"""Every page a client sees says where to get help now: the organisation's own list, or the national
lines until it sets one (issue 19, the client side)."""

from __future__ import annotations

import pytest
from django_scopes import scopes_disabled

from core.models import AuditEntry
from organisations.models import NATIONAL_HELP_LINES, HelpLine

pytestmark = pytest.mark.usefixtures("scoped")


def _help_now(response) -> str:
    text = response.content.decode()
    start = text.find('<aside class="help-now"')
    return text[start : text.find("</aside>", start)] if start >= 0 else ""


@pytest.mark.parametrize("path", ["/", "/calendar/"])
def test_a_client_sees_the_national_lines_until_the_organisation_sets_its_own(as_role, path):
    box = _help_now(as_role("client").get(path))
    assert "If you need help now" in box
    assert "Samaritans" in box and "116 123" in box


def test_the_organisations_own_list_replaces_the_national_one(as_role, world):
    HelpLine.objects.create(organisation=world.org, name="Riverside duty line", how="Call 0100 000 111", order=1)
    with scopes_disabled():
        HelpLine.objects.create(organisation=world.outsider_org, name="Northgate line", how="Call 0200")
    box = _help_now(as_role("client").get("/"))
    assert "Riverside duty line" in box and "0100 000 111" in box
    assert "Samaritans" not in box
    assert "Northgate" not in box


@pytest.mark.parametrize("role", ["coordinator", "coach"])
def test_staff_and_coaches_pages_do_not_carry_the_client_box(as_role, role):
    assert _help_now(as_role(role).get("/")) == ""


def test_a_coordinator_keeps_the_list(as_role, world):
    client = as_role("coordinator")
    response = client.post("/help-lines/new/", {"name": "Duty worker", "how": "Call 0100", "when": "", "order": 1})
    assert response.status_code == 302
    line = HelpLine.objects.get(name="Duty worker")
    response = client.post(
        f"/help-lines/{line.pk}/edit/", {"name": "Duty worker", "how": "Call 0111", "order": 1, "version": line.version}
    )
    assert response.status_code == 302
    line.refresh_from_db()
    assert line.how == "Call 0111"
    # A second editor who opened the form before that save is refused, not silently overwriting it.
    stale = client.post(
        f"/help-lines/{line.pk}/edit/", {"name": "Duty worker", "how": "Call 0999", "order": 1, "version": 1}
    )
    assert stale.status_code == 200
    line.refresh_from_db()
    assert line.how == "Call 0111"
    assert client.post(f"/help-lines/{line.pk}/remove/").status_code == 302
    assert not HelpLine.objects.filter(pk=line.pk).exists()
    actions = set(AuditEntry.objects.filter(organisation=world.org).values_list("action", flat=True))
    assert {
        "organisations.help_line.created",
        "organisations.help_line.changed",
        "organisations.help_line.removed",
    } <= actions


def test_missing_fields_are_named_and_nothing_is_saved(as_role):
    response = as_role("coordinator").post("/help-lines/new/", {"name": "", "how": "", "order": 1})
    assert response.status_code == 200
    assert response.context["form"].errors.keys() >= {"name", "how"}
    assert not HelpLine.objects.exists()


def test_starting_from_the_national_lines_copies_them_once(as_role, world):
    client = as_role("coordinator")
    client.post("/help-lines/")
    client.post("/help-lines/")
    assert list(HelpLine.objects.values_list("name", flat=True)) == [line["name"] for line in NATIONAL_HELP_LINES]


def test_another_organisations_line_is_not_found(as_role, world):
    with scopes_disabled():
        theirs = HelpLine.objects.create(organisation=world.outsider_org, name="Northgate line", how="Call 0200")
    client = as_role("coordinator")
    assert client.get(f"/help-lines/{theirs.pk}/edit/").status_code == 404
    assert client.post(f"/help-lines/{theirs.pk}/remove/").status_code == 404
