"""A programme's coaching stages and case-study review, through the API."""

from __future__ import annotations

import copy
import datetime

import pytest
from django_scopes import scopes_disabled

from journeys.models import Ending, ProgrammeStage, Relationship

from ..factories import ClientFactory, ProgrammeFactory, RelationshipFactory


@pytest.fixture
def world(module_world, db):
    return copy.deepcopy(module_world)


def _post(client, url, data):
    return client.post(url, data, content_type="application/json")


def _stages(world):
    with scopes_disabled():
        return [
            ProgrammeStage.objects.create(organisation=world.org, programme=world.programme, number=n, name=name)
            for n, name in enumerate(["Getting to know each other", "Planning", "Doing", "Ending"], start=1)
        ]


def test_the_coach_moves_their_pair_to_a_stage(as_role, world):
    stages = _stages(world)
    coach = as_role("coach")
    listed = coach.get(f"/api/v1/programmes/{world.programme.pk}/stages")
    if listed.status_code == 200:  # coaches may not read programmes; staff can
        assert [s["number"] for s in listed.json()] == [1, 2, 3, 4]
    names = [s["name"] for s in as_role("coordinator").get(f"/api/v1/programmes/{world.programme.pk}/stages").json()]
    assert names[1] == "Planning"
    with scopes_disabled():
        version = Relationship.objects.get(pk=world.relationship.pk).version
    url = f"/api/v1/relationships/{world.relationship.pk}/stage"
    moved = _post(coach, url, {"stage_id": stages[2].pk, "version": version})
    assert moved.status_code == 200, moved.content
    assert moved.json()["stage"]["name"] == "Doing"
    # The version read before the move is stale now.
    assert _post(coach, url, {"stage_id": stages[3].pk, "version": version}).status_code == 409
    detail = coach.get(f"/api/v1/relationships/{world.relationship.pk}").json()
    assert detail["stage_id"] == stages[2].pk


def test_a_stage_of_another_programme_is_refused_by_name(as_role, world):
    _stages(world)
    with scopes_disabled():
        other = ProgrammeFactory(organisation=world.org)
        foreign = ProgrammeStage.objects.create(organisation=world.org, programme=other, number=1, name="Elsewhere")
        version = Relationship.objects.get(pk=world.relationship.pk).version
    response = _post(
        as_role("coach"),
        f"/api/v1/relationships/{world.relationship.pk}/stage",
        {"stage_id": foreign.pk, "version": version},
    )
    assert response.status_code == 422
    assert {e["loc"][-1] for e in response.json()["detail"]} == {"stage_id"}


def test_a_case_study_is_published_only_once_no_name_is_left(as_role, world):
    today = datetime.date.today()
    with scopes_disabled():
        ended = RelationshipFactory(
            client=ClientFactory(organisation=world.org, programme=world.programme, status="ended", first_name="Rosa"),
            coach=world.other_coach,
            status="ended",
            ended_on=today,
        )
        ending = Ending.objects.create(
            organisation=world.org, relationship=ended, planned=True, ended_on=today,
            case_study="A client cleared their arrears.", case_study_consent_on=today,
            previous_status="active", previous_client_status="matched",
        )  # fmt: skip
    staff = as_role("coordinator")
    assert [c["ending_id"] for c in staff.get("/api/v1/case-studies/to-review").json()["items"]] == [ending.pk]
    assert staff.get("/api/v1/case-studies").json()["items"] == []

    url = f"/api/v1/case-studies/{ending.pk}/review"
    first = _post(staff, url, {"case_study": "Rosa cleared her arrears and found work."})
    assert first.status_code == 200, first.content
    assert first.json()["published"] is False
    assert "Rosa" not in first.json()["case_study"]
    assert {"found": "Rosa"}.items() <= first.json()["removed"][0].items()

    second = _post(staff, url, {"case_study": first.json()["case_study"]})
    assert second.json()["published"] is True and second.json()["reviewed"] is True
    published = staff.get("/api/v1/case-studies").json()["items"]
    assert [c["ending_id"] for c in published] == [ending.pk]
    assert "Rosa" not in published[0]["case_study"]
    # Reviewed now: no longer open for review.
    assert _post(staff, url, {"case_study": "Anything"}).status_code == 404
    assert _post(as_role("coach"), url, {"case_study": "Anything"}).status_code == 403
