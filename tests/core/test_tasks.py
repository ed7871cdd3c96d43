"""Tasks run in their organisation: an organisation task enters the scope of the organisation it
was queued for and sees nobody else's rows; one queued without an organisation refuses at once.
Only the sweeps that find work across every organisation are plain tasks."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps
from django.core import mail
from django_scopes import ScopeError, scope, scopes_disabled
from django_tasks.base import Task

from core.tasks import OrganisationTask, organisation_task
from matching.models import BulkRun
from matching.tasks import bulk_match
from meetings import delivery
from meetings.models import Alert
from meetings.tasks import deliver_alert
from people.models import Client

# Tasks that by nature span every organisation: they only find what is due everywhere and hand
# each item to an organisation task (or, for email, are handed finished text and read no rows).
CROSS_ORGANISATION = {
    "meetings.tasks.safety_sweep",
    "meetings.tasks.meeting_reminders",
    "core.tasks.send_email",
    # Finds the organisations with a coach's break due to end, then ends them in each one's scope.
    "people.tasks.finish_breaks_everywhere",
}

RAN: list[object] = []


@organisation_task()
def clients_seen(*, client_id: int) -> dict:
    """A task as the house writes them: loads again by id, inside its organisation."""
    RAN.append(client_id)
    return {
        "all": sorted(Client.objects.values_list("pk", flat=True)),
        "found": Client.objects.filter(pk=client_id).exists(),
    }


@pytest.fixture(autouse=True)
def _forget_runs():
    RAN.clear()
    yield
    RAN.clear()


def _ours_and_theirs(world) -> tuple[list[int], list[int]]:
    with scopes_disabled():
        ours = sorted(Client.objects.filter(organisation=world.org).values_list("pk", flat=True))
        theirs = sorted(Client.objects.filter(organisation=world.outsider_org).values_list("pk", flat=True))
    return ours, theirs


@pytest.mark.parametrize("caller", ["no scope", "scoping off", "the other organisation's scope"])
def test_a_task_queued_for_one_organisation_sees_only_that_organisations_rows(world, caller):
    ours, theirs = _ours_and_theirs(world)
    assert ours and theirs
    callers = {
        "no scope": scope(),
        "scoping off": scopes_disabled(),
        "the other organisation's scope": scope(organisation=world.outsider_org.pk),
    }
    # Wherever it is queued from (the immediate backend runs it right here), it runs in its own.
    with callers[caller]:
        result = clients_seen.enqueue(organisation_id=world.org.pk, client_id=world.outsider_client.pk)
    assert result.return_value == {"all": ours, "found": False}


def test_a_task_queued_without_its_organisation_refuses_at_once_and_runs_nothing(world):
    for mistake in ({}, {"organisation_id": None}, {"organisation_id": str(world.org.pk)}, {"organisation_id": True}):
        with pytest.raises(TypeError, match="organisation_id"):
            clients_seen.enqueue(client_id=world.client.pk, **mistake)
    with pytest.raises(TypeError, match="keyword"):
        clients_seen.enqueue(world.org.pk, client_id=world.client.pk)
    # Called the way a worker calls it, it refuses too.
    with pytest.raises(TypeError, match="organisation_id"):
        clients_seen.call(client_id=world.client.pk)
    assert RAN == []


def test_bulk_matching_queued_for_the_wrong_organisation_cannot_reach_the_run(world):
    with pytest.raises(TypeError):
        bulk_match.enqueue(run_id=world.bulk_run.pk)
    with pytest.raises(BulkRun.DoesNotExist):
        bulk_match.call(organisation_id=world.outsider_org.pk, run_id=world.bulk_run.pk)
    with scopes_disabled():
        assert BulkRun.objects.get(pk=world.bulk_run.pk).status == BulkRun.Status.QUEUED


def test_an_alert_delivered_in_the_wrong_organisation_is_not_found_and_nothing_is_sent(world):
    with scopes_disabled():
        Alert.objects.filter(pk=world.alert.pk).update(recipient=world.coordinator)
    assert deliver_alert.call(organisation_id=world.outsider_org.pk, alert_id=world.alert.pk) == "gone"
    assert mail.outbox == []
    with scopes_disabled():
        assert Alert.objects.get(pk=world.alert.pk).delivery_attempts == 0
    assert deliver_alert.call(organisation_id=world.org.pk, alert_id=world.alert.pk) == "delivered"
    assert [message.to for message in mail.outbox] == [[world.coordinator.email]]


def test_queueing_an_alert_outside_any_organisation_refuses_at_once(world):
    with pytest.raises(TypeError, match="organisation_id"):
        delivery.queue_delivery(world.alert.pk)
    with scopes_disabled(), pytest.raises(TypeError, match="organisation_id"):
        delivery.queue_delivery(world.alert.pk)


def test_every_task_runs_in_an_organisation_except_the_sweeps_that_span_them_all():
    found = {}
    for config in apps.get_app_configs():
        try:
            module = importlib.import_module(f"{config.name}.tasks")
        except ModuleNotFoundError as error:
            if error.name != f"{config.name}.tasks":
                raise
            continue
        for value in vars(module).values():
            if isinstance(value, Task) and value.func.__module__ == module.__name__:
                found[value.module_path] = value
    assert set(found) >= CROSS_ORGANISATION
    assert "meetings.tasks.deliver_alert" in found and "matching.tasks.bulk_match" in found
    unscoped = {path for path, each in found.items() if not isinstance(each, OrganisationTask)}
    assert unscoped == CROSS_ORGANISATION, "a new task must be an @organisation_task (core/tasks.py)"


def test_a_test_body_runs_in_no_scope_unless_it_says_so(world):
    # The default for every test: a scoped query with no organisation raises, as in a worker.
    with pytest.raises(ScopeError):
        Client.objects.count()


def test_the_scoped_fixture_runs_the_body_in_the_worlds_organisation(world, scoped):
    ours, _ = _ours_and_theirs(world)
    assert sorted(Client.objects.values_list("pk", flat=True)) == ours
