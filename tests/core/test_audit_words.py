"""The audit trail and a record's history in words: actions as sentences, fields by their labels,
people by their names; never a dotted action, a field's name, a username or "BulkRun object (2)"."""

from __future__ import annotations

import pytest

from core import audit
from core.models import AuditEntry

pytestmark = pytest.mark.usefixtures("scoped")


@pytest.fixture
def dee(world):
    world.coordinator.first_name, world.coordinator.last_name = "Dee", "Okafor"
    world.coordinator.save()
    return world.coordinator


@pytest.mark.parametrize(
    "action, words",
    [
        ("people.client.deleted", "Deleted a client"),
        ("people.client.viewed", "Looked at a client"),
        ("people.client.listed", "Looked at a list of clients"),
        ("people.staff.created", "Added a staff member"),
        ("recruitment.application.moved", "Moved an application"),
        ("recruitment.check.certificate_viewed", "Looked at the certificate number of a check"),
        ("matching.bulk.started", "Started a bulk matching run"),
        ("training.agreement.acknowledged_on_paper", "Recorded a paper acknowledgement for an agreement"),
    ],
)
def test_actions_in_words(world, action, words):
    assert AuditEntry(organisation=world.org, action=action, actor_label="x").action_words == words


def test_the_history_shows_field_labels_and_names(as_role, world, dee):
    audit.record(
        action="people.client.changed",
        organisation=world.org,
        obj=world.client,
        changes={"consent_given_on": ["2026-01-01", "2026-02-01"]},
        actor=dee,
    )
    audit.record(action="people.client.viewed", organisation=world.org, obj=world.client, actor=dee)
    body = as_role("coordinator").get(f"/clients/{world.client.pk}/").content.decode()
    history = body.split('id="history-title"', 1)[1]
    assert "Date they agreed we can store their details" in history
    assert "Dee Okafor</strong> looked at this record" in history
    assert "consent_given_on" not in history and "Consentgivenon" not in history
    assert dee.username not in history


def test_the_audit_trail_shows_actions_in_words(as_role, world, dee):
    audit.record(action="people.client.deleted", organisation=world.org, obj=world.client, actor=dee)
    audit.record(action="matching.bulk.started", organisation=world.org, obj=world.bulk_run, actor=dee)
    body = as_role("orgadmin").get("/audit/").content.decode()
    assert "Deleted a client" in body and "Dee Okafor" in body
    assert "people.client.deleted" not in body and "BulkRun object" not in body
    assert "Started a bulk matching run" in body


def test_an_old_entry_for_a_record_without_a_name_reads_by_its_kind(world):
    entry = AuditEntry(
        organisation=world.org,
        action="matching.bulk.started",
        actor_label="x",
        object_type="matching.bulkrun",
        object_id="2",
        object_label="BulkRun object (2)",
    )
    assert entry.record_label == "Bulk run"


def test_the_audit_trail_finds_someone_by_name(as_role, world, dee):
    audit.record(action="people.client.deleted", organisation=world.org, obj=world.client, actor=dee)
    entries = list(as_role("orgadmin").get("/audit/", {"actor_label": "Dee Okafor"}).context["page"])
    assert entries and all(e.actor_id == dee.pk for e in entries)
