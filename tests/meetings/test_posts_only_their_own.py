"""Each form on the calendar, rota and concern pages posts to its own view, and each of those
views lets in only the people its page lets in."""

from __future__ import annotations

import pytest

from meetings.models import CalendarFeed, ConcernAction, EscalationContact, OnCallShift


@pytest.mark.parametrize("role", ["coach", "supervisor", "facilitator", "client", "outsider"])
def test_only_a_lead_may_post_an_action_or_a_closure(as_role, world, role):
    browser = as_role(role)
    url = f"/safeguarding/{world.concern.pk}/"
    assert browser.post(f"{url}actions/", {"text": "x"}).status_code in (403, 404)
    assert browser.post(f"{url}close/", {"closure": "x"}).status_code in (403, 404)
    assert not ConcernAction.objects.exists()


@pytest.mark.parametrize("role", ["supervisor", "coach", "client", "facilitator"])
def test_only_rota_editors_may_post_shifts_and_contacts(as_role, world, role):
    browser = as_role(role)
    staff = world.coordinator.pk
    assert browser.post("/on-call/shifts/", {"staff": staff, "phone": "1"}).status_code == 403
    assert browser.post("/on-call/escalation/", {"staff": staff, "phone": "1"}).status_code == 403
    assert not OnCallShift.objects.exists() and not EscalationContact.objects.exists()


@pytest.mark.parametrize("role", ["coordinator", "orgadmin", "supervisor", "outsider"])
def test_only_coaches_and_clients_post_their_calendar_choices(as_role, world, role):
    browser = as_role(role)
    for path in ("/calendar/address/", "/calendar/address/stop/", "/calendar/reminders/"):
        assert browser.post(path).status_code == 403, path
    assert not CalendarFeed.objects.exists()


def test_the_pages_forms_post_to_their_own_views(as_role, world):
    rota = as_role("coordinator").get("/on-call/").content.decode()
    assert 'action="/on-call/shifts/"' in rota and 'action="/on-call/escalation/"' in rota
    concern = as_role("coordinator").get(f"/safeguarding/{world.concern.pk}/").content.decode()
    assert f'action="/safeguarding/{world.concern.pk}/actions/"' in concern
    assert f'action="/safeguarding/{world.concern.pk}/close/"' in concern
    as_role("coach").post("/calendar/address/")
    calendar = as_role("coach").get("/calendar/").content.decode()
    assert 'action="/calendar/address/"' in calendar and 'formaction="/calendar/address/stop/"' in calendar
    assert 'action="/calendar/reminders/"' in calendar
