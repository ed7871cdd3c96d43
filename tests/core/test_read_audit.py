"""Every read of a person's sensitive record is in the audit trail, page and API alike; a list read
is one entry saying who, with which filter, and how many rows they got."""

from __future__ import annotations

import pytest

from core.models import AuditEntry

pytestmark = pytest.mark.usefixtures("scoped")  # each body runs in the world's organisation


def _entries(action: str):
    return list(AuditEntry.objects.filter(action=action))


# (who, page or API path from the world, action, the record it names)
SINGLE_READS = [
    ("coordinator", lambda w: f"/safeguarding/{w.concern.pk}/", "meetings.concern.viewed", lambda w: w.concern),
    ("coach", lambda w: f"/check-ins/{w.check_in.pk}/", "journeys.check_in.viewed", lambda w: w.check_in),
    ("coach", lambda w: f"/meetings/{w.meeting.pk}/", "meetings.meeting.viewed", lambda w: w.meeting),
    ("coach", lambda w: f"/api/v1/meetings/{w.meeting.pk}", "meetings.meeting.viewed", lambda w: w.meeting),
    ("coach", lambda w: f"/api/v1/goals/{w.goal.pk}", "journeys.goal.viewed", lambda w: w.goal),
    ("coach", lambda w: f"/api/v1/steps/{w.step.pk}", "journeys.step.viewed", lambda w: w.step),
    ("coach", lambda w: f"/api/v1/referrals/{w.referral.pk}", "referrals.referral.viewed", lambda w: w.referral),
    ("coordinator", lambda w: f"/clients/{w.client.pk}/edit/", "people.client.viewed", lambda w: w.client),
    ("coach", lambda w: f"/reviews/{w.review.pk}/", "journeys.review.viewed", lambda w: w.review),
    ("coordinator", lambda w: f"/coaches/{w.coach.pk}/", "people.coach.viewed", lambda w: w.coach),
    ("coordinator", lambda w: f"/api/v1/coaches/{w.coach.pk}", "people.coach.viewed", lambda w: w.coach),
    (
        "coordinator",
        lambda w: f"/recruitment/applications/{w.application.pk}/",
        "recruitment.application.viewed",
        lambda w: w.application,
    ),
    # Matching and readiness pages carry a person's circumstances, profile and training record.
    (
        "coordinator",
        lambda w: f"/clients/{w.client.pk}/matching-profile/",
        "matching.client_profile.viewed",
        lambda w: w.client,
    ),
    (
        "coordinator",
        lambda w: f"/coaches/{w.coach.pk}/matching-profile/",
        "matching.coach_profile.viewed",
        lambda w: w.coach,
    ),
    ("supervisor", lambda w: f"/clients/{w.client.pk}/suggestions/", "matching.suggestions.viewed", lambda w: w.client),
    ("supervisor", lambda w: f"/coaches/{w.coach.pk}/readiness/", "training.coach_training.viewed", lambda w: w.coach),
]


@pytest.mark.parametrize(
    "role,path,action,record", SINGLE_READS, ids=[f"{r[2]} as {r[0]} {i}" for i, r in enumerate(SINGLE_READS)]
)
def test_reading_one_sensitive_record_is_audited(as_role, world, role, path, action, record):
    response = as_role(role).get(path(world), REMOTE_ADDR="203.0.113.9")
    assert response.status_code == 200
    (entry,) = _entries(action)
    target = record(world)
    assert entry.actor == world.user(role)
    assert (entry.object_type, entry.object_id) == (target._meta.label_lower, str(target.pk))
    assert entry.organisation == world.org and entry.ip_address == "203.0.113.9"


# (who, API list path, action, the filter the entry should name, rows expected)
LIST_READS = [
    ("coordinator", lambda w: "/api/v1/clients?q=Jade", "people.client.listed", lambda w: {"q": "Jade"}, 1),
    ("coordinator", lambda w: "/api/v1/clients", "people.client.listed", lambda w: {}, 2),
    ("coach", lambda w: "/api/v1/relationships", "journeys.relationship.listed", lambda w: {}, 1),
    (
        "coach",
        lambda w: f"/api/v1/relationships/{w.relationship.pk}/check-ins",
        "journeys.check_in.listed",
        lambda w: {"relationship_id": w.relationship.pk},
        1,
    ),
    (
        "coach",
        lambda w: f"/api/v1/relationships/{w.relationship.pk}/meetings",
        "meetings.meeting.listed",
        lambda w: {"relationship_id": w.relationship.pk},
        1,
    ),
    ("coordinator", lambda w: "/api/v1/referrals?outcome=", "referrals.referral.listed", lambda w: {}, 1),
    ("supervisor", lambda w: "/api/v1/coaches?status=active", "people.coach.listed", lambda w: {"status": "active"}, 2),
]


@pytest.mark.parametrize(
    "role,path,action,filters,rows", LIST_READS, ids=[f"{r[2]} as {r[0]} {i}" for i, r in enumerate(LIST_READS)]
)
def test_a_list_read_is_one_entry_with_the_filter_and_the_rows(as_role, world, role, path, action, filters, rows):
    response = as_role(role).get(path(world))
    assert response.status_code == 200
    (entry,) = _entries(action)
    assert entry.actor == world.user(role)
    assert {k: v for k, v in entry.changes["filter"].items() if k != "page"} == filters(world)
    assert entry.changes["rows"] == rows
    assert entry.object_id == ""


def test_a_client_list_read_says_how_many_rows_on_the_page_and_in_all(as_role, world):
    as_role("coordinator").get("/api/v1/clients?page_size=1&page=2")
    (entry,) = _entries("people.client.listed")
    assert entry.changes["rows"] == 1 and entry.changes["total"] == 2 and entry.changes["filter"]["page"] == 2


def test_a_refused_read_is_not_recorded_as_a_view(as_role, world):
    assert as_role("facilitator").get(f"/api/v1/meetings/{world.meeting.pk}").status_code == 404
    assert not _entries("meetings.meeting.viewed")


def test_the_audit_trail_shows_a_list_read_as_its_filter_and_rows(as_role, world):
    as_role("coordinator").get("/api/v1/clients?q=Jade")
    body = as_role("orgadmin").get("/audit/", {"action": "people.client.listed"}).content.decode()
    assert "1 row of 1; filter: q=Jade, page=1" in body


# (who, page list path, action, the filter the entry should name, rows expected)
PAGE_LIST_READS = [
    ("coordinator", "/clients/?q=Jade", "people.client.listed", {"q": "Jade", "page": 1}, 1),
    ("coordinator", "/clients/", "people.client.listed", {"page": 1}, 2),
    ("supervisor", "/matching/", "matching.waiting_list.listed", {"page": 1}, 0),
]


@pytest.mark.parametrize("role,path,action,filters,rows", PAGE_LIST_READS, ids=[r[1] for r in PAGE_LIST_READS])
def test_a_page_list_of_clients_is_one_entry_with_the_filter_and_the_rows(
    as_role, world, role, path, action, filters, rows
):
    assert as_role(role).get(path).status_code == 200
    (entry,) = _entries(action)
    assert entry.actor == world.user(role)
    assert entry.changes["filter"] == filters and entry.changes["rows"] == rows
