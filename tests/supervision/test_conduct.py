"""Conduct concerns and exit conversations (issue 14): coordinators record them; only coordinators
and the coach's own supervisor read a concern; every look is audited; the audit trail names the
fields changed and never what they say; two editors cannot overwrite each other."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from core.exceptions import StaleEditError
from core.models import AuditEntry
from organisations.models import Role
from supervision import selectors, services
from supervision.models import ConductConcern, ExitConversation

from ..factories import StaffMemberFactory, UserFactory
from .helpers import supervised

pytestmark = pytest.mark.usefixtures("scoped")
SECRET = "Met a client at 10 pm, outside agreed hours."


def _as(user) -> Client:
    browser = Client()
    browser.force_login(user)
    return browser


def _concern(world) -> ConductConcern:
    supervised(world)
    return services.concern_raise(
        coach=world.coach, by=world.coordinator, raised_on=timezone.localdate(), concern=SECRET
    )


def test_a_coordinator_raises_a_concern_from_the_coachs_supervision_page(world):
    supervised(world)
    browser = _as(world.coordinator)
    page = browser.get(f"/supervision/coaches/{world.coach.pk}/")
    assert b"Record a conduct concern" in page.content
    response = browser.post(
        f"/supervision/coaches/{world.coach.pk}/conduct/new/",
        {"raised_on": timezone.localdate().isoformat(), "concern": SECRET, "review_on": ""},
    )
    concern = ConductConcern.objects.get(coach=world.coach)
    assert response.status_code == 302 and response.url == f"/supervision/conduct/{concern.pk}/"
    assert concern.raised_by == world.coordinator and concern.is_open
    raised = AuditEntry.objects.get(action="supervision.conduct_concern.raised")
    assert SECRET not in str(raised.changes)


def test_bad_input_is_refused_beside_the_field_and_nothing_is_saved(world):
    supervised(world)
    browser = _as(world.coordinator)
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    response = browser.post(
        f"/supervision/coaches/{world.coach.pk}/conduct/new/", {"raised_on": tomorrow, "concern": ""}
    )
    assert response.status_code == 200
    assert b"This field is required" in response.content or b"Say what the concern is" in response.content
    response = browser.post(
        f"/supervision/coaches/{world.coach.pk}/conduct/new/", {"raised_on": tomorrow, "concern": SECRET}
    )
    assert b"A concern cannot be raised in the future." in response.content
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    response = browser.post(
        f"/supervision/coaches/{world.coach.pk}/conduct/new/",
        {"raised_on": timezone.localdate().isoformat(), "concern": SECRET, "review_on": yesterday.isoformat()},
    )
    assert response.status_code == 200
    assert not ConductConcern.objects.exists()


def test_only_coordinators_and_the_coachs_own_supervisor_read_it_and_each_look_is_audited(world):
    concern = _concern(world)
    assert _as(world.coordinator).get(f"/supervision/conduct/{concern.pk}/").status_code == 200
    read = _as(world.supervisor).get(f"/supervision/conduct/{concern.pk}/")
    assert (
        read.status_code == 200 and SECRET.encode() in read.content and b"<form" not in read.content.split(b"<main")[-1]
    )
    # Another supervisor, the org admin, the coach themself: as if there were none.
    other = StaffMemberFactory(user=UserFactory(organisation=world.org, role=Role.SUPERVISOR)).user
    for someone in (other, world.orgadmin, world.coach_user):
        assert _as(someone).get(f"/supervision/conduct/{concern.pk}/").status_code == 404
        assert list(selectors.concerns_of(someone, world.coach)) == []
    assert (
        _as(world.supervisor).post(f"/supervision/conduct/{concern.pk}/", {"outcome": "no_action"}).status_code == 403
    )
    assert (
        AuditEntry.objects.filter(action="supervision.conduct_concern.viewed", object_id=str(concern.pk)).count() == 2
    )
    # The org admin's supervision page for the coach shows no concerns section at all.
    page = _as(world.orgadmin).get(f"/supervision/coaches/{world.coach.pk}/")
    assert page.status_code == 200 and b"Conduct concerns" not in page.content


def test_closing_needs_an_outcome_note_and_a_stale_form_is_refused(world):
    concern = _concern(world)
    with pytest.raises(ValidationError) as refused:
        services.concern_update(concern=concern, expected_version=concern.version, outcome="improved")
    assert "outcome_note" in refused.value.message_dict
    services.concern_update(
        concern=concern,
        expected_version=1,
        conversation="We talked it through; evenings suit the client.",
        agreed_actions="Agree evening visits with the coordinator first.",
        review_on=timezone.localdate() + datetime.timedelta(days=28),
    )
    with pytest.raises(StaleEditError):
        services.concern_update(concern=ConductConcern.objects.get(pk=concern.pk), expected_version=1, outcome_note="x")
    browser = _as(world.coordinator)
    response = browser.post(
        f"/supervision/conduct/{concern.pk}/",
        {
            "outcome": "improved",
            "outcome_note": "Visits agreed in advance since.",
            "version": 2,
            "conversation": "We talked it through; evenings suit the client.",
            "agreed_actions": "Agree evening visits with the coordinator first.",
            "review_on": "",
        },
    )
    assert response.status_code == 302
    concern.refresh_from_db()
    assert concern.outcome == "improved" and concern.closed_on == timezone.localdate() and concern.version == 3
    changed = AuditEntry.objects.filter(action="supervision.conduct_concern.changed").order_by("pk").last()
    assert {"outcome", "outcome_note", "closed_on"} <= set(changed.changes["fields"])
    assert "Visits agreed" not in str(changed.changes)  # the trail names fields, not what they say


def test_an_exit_conversation_is_recorded_and_shown_to_coordinators_and_the_supervisor(world):
    supervised(world)
    browser = _as(world.coordinator)
    response = browser.post(
        f"/supervision/coaches/{world.coach.pk}/exit/",
        {
            "held_on": timezone.localdate().isoformat(),
            "leaving_because": "Starting a full-time job as a support worker.",
            "went_well": "The training and the team.",
            "keep_in_touch": "on",
        },
    )
    assert response.status_code == 302
    conversation = ExitConversation.objects.get(coach=world.coach)
    assert conversation.keep_in_touch and conversation.recorded_by == world.coordinator
    assert b"Starting a full-time job" in _as(world.supervisor).get(f"/supervision/coaches/{world.coach.pk}/").content
    missing = browser.post(
        f"/supervision/coaches/{world.coach.pk}/exit/", {"held_on": timezone.localdate().isoformat()}
    )
    assert missing.status_code == 200 and ExitConversation.objects.count() == 1
    assert _as(world.supervisor).get(f"/supervision/coaches/{world.coach.pk}/exit/").status_code == 403


def test_the_deputy_is_shown_as_covering_only_while_the_supervisor_is_away(world):
    supervised(world)  # the coordinator is the deputy
    [row] = selectors.due_list(world.coordinator)
    assert not row.covering
    today = timezone.localdate()
    services.away_record(
        organisation=world.org, supervisor=world.supervisor, starts_on=today, ends_on=today + datetime.timedelta(days=7)
    )
    [row] = selectors.due_list(world.coordinator)
    assert row.covering
