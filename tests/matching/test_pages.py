from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.models import AuditEntry
from journeys.models import Relationship
from matching.models import ClientProfile, CoachProfile, KnownConnection, Weights
from people.models import Client
from recruitment.models import MatchingExclusion
from tests.factories import ClientFactory, CoachFactory

pytestmark = pytest.mark.usefixtures("scoped")  # each body runs in the world's organisation


def _waiting(world, **fields) -> Client:
    defaults = {
        "organisation": world.org,
        "programme": world.programme,
        "first_name": "Maria",
        "last_name": "Kowalczyk",
        "status": "waiting",
        "interests": "cycling, cooking",
        "availability": "Tuesday mornings",
        "area": "Hulme",
        "referral_date": timezone.localdate() - datetime.timedelta(days=30),
    }
    return ClientFactory(**{**defaults, **fields})


def test_coordinator_sees_suggestions_with_reasons_and_starts_introductions(as_role, world):
    maria = _waiting(world)
    world.coach.interests = "cycling, allotment"
    world.coach.area = "Hulme"
    world.coach.save()
    coordinator = as_role("coordinator")
    body = coordinator.get(f"/clients/{maria.pk}/suggestions/").content.decode()
    assert "Sam" in body and "Both into cycling" in body and "Both in Hulme" in body
    assert "out of 100" in body
    response = coordinator.post(f"/clients/{maria.pk}/suggestions/pair/", {"coach": world.coach.pk}, follow=True)
    assert "getting to know each other" in response.content.decode()
    relationship = Relationship.objects.get(client=maria)
    assert relationship.coach == world.coach and relationship.status == "introducing"


def test_a_coach_who_is_not_suggested_cannot_be_paired_by_a_crafted_post(as_role, world):
    maria = _waiting(world)
    KnownConnection.objects.create(organisation=world.org, client=maria, coach=world.coach, note="Sister-in-law")
    response = as_role("coordinator").post(
        f"/clients/{maria.pk}/suggestions/pair/", {"coach": world.coach.pk}, follow=True
    )
    assert "can no longer be matched" in response.content.decode()
    assert not Relationship.objects.filter(client=maria).exists()


def test_must_haves_and_the_waiting_list_say_why_nobody_suits(as_role, world):
    maria = _waiting(world)
    ClientProfile.objects.create(organisation=world.org, client=maria, must_speak="Arabic")
    body = as_role("coordinator").get("/matching/").content.decode()
    assert "Maria Kowalczyk" in body and "No ready coach speaks Arabic." in body
    assert "Waiting 30 days" in body


def test_an_exclusion_with_a_circumstance_is_a_hard_rule(as_role, world):
    maria = _waiting(world)
    ClientProfile.objects.create(organisation=world.org, client=maria, circumstances=["drugs"])
    exclusion = MatchingExclusion.objects.create(
        organisation=world.org, coach=world.coach, description="Anyone actively using heroin"
    )
    coordinator = as_role("coordinator")
    body = coordinator.get(f"/clients/{maria.pk}/suggestions/").content.decode()
    assert "Sam said they would rather not work with: Anyone actively using heroin" in body
    coordinator.post(f"/coaches/{world.coach.pk}/matching-exclusions/", {f"exclusion-{exclusion.pk}": "drugs"})
    exclusion.refresh_from_db()
    assert exclusion.circumstance == "drugs"
    body = coordinator.get(f"/clients/{maria.pk}/suggestions/").content.decode()
    assert "Start introductions with Sam" not in body


def test_profiles_are_edited_and_audited_and_connections_recorded(as_role, world):
    maria = _waiting(world)
    coordinator = as_role("coordinator")
    coordinator.get(f"/clients/{maria.pk}/matching-profile/")
    response = coordinator.post(
        f"/clients/{maria.pk}/matching-profile/",
        {
            "circumstances": ["rent_arrears", "energy"],
            "debt_size": "2",
            "gender": "woman",
            "consider_age": "on",
            "wants_coach_gender": "woman",
            "must_speak": "",
            "version": "1",
        },
        follow=True,
    )
    assert "Matching details for Maria saved." in response.content.decode()
    profile = ClientProfile.objects.get(client=maria)
    assert profile.circumstances == ["rent_arrears", "energy"] and profile.version == 2
    assert AuditEntry.objects.filter(action="matching.client_profile.changed").exists()
    coordinator.post(f"/clients/{maria.pk}/known-connections/", {"coach": world.coach.pk, "note": "Neighbours"})
    assert KnownConnection.objects.filter(client=maria, coach=world.coach).exists()
    response = coordinator.post(
        f"/coaches/{world.coach.pk}/matching-profile/",
        {"circumstances": ["nonsense"], "intro": "x" * 400, "version": "1"},
    )
    body = response.content.decode()
    assert "Select a valid choice" in body and "at most 280 characters" in body
    assert not CoachProfile.objects.filter(coach=world.coach, intro__startswith="xxx").exists()


def test_weights_preview_changes_without_saving_and_then_save(as_role, world):
    maria = _waiting(world, interests="fishing", area="")
    grace = world.other_coach
    grace.interests = "fishing"
    grace.save()
    coordinator = as_role("coordinator")
    page = coordinator.get(f"/programmes/{world.programme.pk}/matching/?client={maria.pk}")
    assert "Suggestions for Maria" in page.content.decode()
    values = dict.fromkeys(Weights().as_dict(), "0")
    preview = coordinator.post(
        f"/programmes/{world.programme.pk}/matching/",
        {**values, "interests": "10", "client": maria.pk, "version": "1"},
        HTTP_HX_REQUEST="true",
    )
    assert "both into fishing" in preview.content.decode() and "<html" not in preview.content.decode()
    assert not Weights.objects.filter(programme=world.programme).exists()
    coordinator.post(f"/programmes/{world.programme.pk}/matching/", {**values, "interests": "10", "version": "1"})
    weights = Weights.objects.get(programme=world.programme)
    assert weights.interests == 10 and weights.age == 0
    response = coordinator.post(f"/programmes/{world.programme.pk}/matching/", {**values, "interests": "11"})
    assert "less than or equal to 10" in response.content.decode()


def test_suggestions_api_gives_scores_and_reasons(as_role, world):
    maria = _waiting(world)
    world.coach.interests = "cycling"
    world.coach.save()
    data = as_role("coordinator").get(f"/api/v1/clients/{maria.pk}/suggestions").json()
    first = next(s for s in data["suggestions"] if s["coach_id"] == world.coach.pk)
    assert first["first_name"] == "Sam"
    assert any(r["text"] == "both into cycling" for r in first["reasons"])
    assert abs(sum(f["points"] for f in first["factors"]) - first["score"]) < 0.5


def test_waiting_list_queries_do_not_grow_with_clients(as_role, world):
    for n in range(3):
        _waiting(world, first_name=f"W{n}")
    user = as_role("coordinator")
    with CaptureQueriesContext(connection) as few:
        user.get("/matching/")
    for n in range(12):
        _waiting(world, first_name=f"X{n}")
        CoachFactory(organisation=world.org, first_name=f"Coach{n}")
    with CaptureQueriesContext(connection) as many:
        user.get("/matching/")
    assert len(many) <= len(few) + 15 * 0 + 15, "one client profile query per client is the most allowed"


def test_the_cached_coach_pool_never_serves_a_stale_hard_rule(as_role, world, settings):
    settings.MATCHING_POOL_CACHE_SECONDS = 600
    maria = _waiting(world)
    coordinator = as_role("coordinator")
    assert "Start introductions with Sam" in coordinator.get(f"/clients/{maria.pk}/suggestions/").content.decode()
    # Sam fills up (capacity is read fresh every time)...
    for n in range(world.programme.coach_capacity):
        other = ClientFactory(organisation=world.org, programme=world.programme, first_name=f"Full{n}")
        Relationship.objects.create(
            organisation=world.org,
            client=other,
            coach=world.coach,
            programme=world.programme,
            started_on=timezone.localdate(),
            planned_end_on=timezone.localdate() + datetime.timedelta(days=180),
            status="active",
        )
    assert "Start introductions with Sam" not in coordinator.get(f"/clients/{maria.pk}/suggestions/").content.decode()
    # ...and a new exclusion changes the stamp, so the pool is built again.
    Relationship.objects.filter(coach=world.coach).exclude(client=world.client).delete()
    ClientProfile.objects.create(organisation=world.org, client=maria, circumstances=["alcohol"])
    assert "Start introductions with Sam" in coordinator.get(f"/clients/{maria.pk}/suggestions/").content.decode()
    MatchingExclusion.objects.create(
        organisation=world.org, coach=world.coach, description="Heavy drinkers", circumstance="alcohol"
    )
    assert "Start introductions with Sam" not in coordinator.get(f"/clients/{maria.pk}/suggestions/").content.decode()


def test_how_matches_went_by_score_and_factor(as_role, world, monkeypatch):
    from journeys.models import Ending
    from matching import selectors
    from matching.models import MatchRecord

    monkeypatch.setattr(selectors, "FEWEST_SHOWN", 1)  # the arithmetic, on two pairs

    long_ago = timezone.localdate() - datetime.timedelta(days=200)
    Relationship.objects.filter(pk=world.relationship.pk).update(started_on=long_ago, status="active")
    MatchRecord.objects.create(
        organisation=world.org, relationship=world.relationship, score=85, values={"interests": 0.9, "age": 0.2}
    )
    other = Relationship.objects.get(client=world.other_client)
    Relationship.objects.filter(pk=other.pk).update(
        started_on=long_ago, status="ended", ended_on=long_ago + datetime.timedelta(days=30)
    )
    Ending.objects.create(
        organisation=world.org,
        relationship=other,
        planned=False,
        ended_on=long_ago + datetime.timedelta(days=30),
        previous_status="active",
        previous_client_status="matched",
        reason="not_engaging",
        next_step="none",
    )
    MatchRecord.objects.create(organisation=world.org, relationship=other, score=35, values={"interests": 0.1})
    response = as_role("coordinator").get("/matching/outcomes/")
    report = response.context["report"]
    bands = {b["label"]: b for b in report["bands"]}
    assert bands["80 and over"]["active_3_months"] == 100 and bands["Under 40"]["active_3_months"] == 0
    assert bands["Under 40"]["planned_endings"] == 0
    interests = next(f for f in report["factors"] if f["label"] == "Shared interests and hopes")
    assert interests["strong"]["active_3_months"] == 100 and interests["weak"]["active_3_months"] == 0
    assert "How matches went" in response.content.decode()


def test_pairing_by_hand_keeps_the_hard_rules(as_role, world):
    maria = _waiting(world)
    ClientProfile.objects.create(organisation=world.org, client=maria, must_speak="Arabic")
    response = as_role("coordinator").post(
        f"/clients/{maria.pk}/pair/",
        {"coach": world.coach.pk, "programme": world.programme.pk, "started_on": timezone.localdate().isoformat(),
         "planned_months": 6},
    )  # fmt: skip
    assert "Sam does not speak Arabic, which Maria needs." in response.content.decode()
    assert not Relationship.objects.filter(client=maria).exists()


@pytest.mark.parametrize("role", ["supervisor", "coach", "client", "facilitator"])
def test_only_matchers_may_post_connections_exclusions_and_bulk_reviews(as_role, world, role):
    browser = as_role(role)
    for path in (
        f"/clients/{world.client.pk}/known-connections/",
        f"/coaches/{world.coach.pk}/matching-exclusions/",
        f"/bulk-matching/{world.bulk_run.pk}/review/",
        f"/bulk-matching/{world.bulk_run.pk}/confirm/",
    ):
        assert browser.post(path, {"coach": world.other_coach.pk}).status_code in (403, 404), path
    assert not KnownConnection.objects.exists()


def test_a_matched_clients_suggestions_page_says_who_they_are_matched_with(as_role, world):
    maria = _waiting(world)
    coordinator = as_role("coordinator")
    coordinator.post(f"/clients/{maria.pk}/suggestions/pair/", {"coach": world.coach.pk})
    relationship = Relationship.objects.get(client=maria)
    body = coordinator.get(f"/clients/{maria.pk}/suggestions/").content.decode()
    assert "Maria is matched with Sam" in body
    assert f"/relationships/{relationship.pk}/" in body and "getting to know each other" in body
    # Not told she is waiting, nor that every suitable coach is full (Sam now has Maria).
    assert "is full" not in body and "No coach can be suggested" not in body
    assert "Start introductions with" not in body


def test_the_count_in_the_header_is_the_coaches_shown(as_role, world):
    maria = _waiting(world)
    for n in range(7):
        CoachFactory(organisation=world.org, first_name=f"Coach{n}", status="active")
    body = as_role("coordinator").get(f"/clients/{maria.pk}/suggestions/").content.decode()
    import re

    shown = body.count('<li class="card">')
    header = re.search(r"<h1>(.*?)</h1>", body, re.S).group(1)
    numbers = [int(x) for x in re.findall(r"\d+", header)]
    assert numbers == [shown]


def test_outcomes_over_fewer_than_five_pairs_give_no_percentage(as_role, world):
    from matching.models import MatchRecord

    long_ago = timezone.localdate() - datetime.timedelta(days=200)
    Relationship.objects.filter(pk=world.relationship.pk).update(started_on=long_ago, status="active")
    MatchRecord.objects.create(organisation=world.org, relationship=world.relationship, score=85, values={})
    response = as_role("coordinator").get("/matching/outcomes/")
    body = response.content.decode()
    assert "fewer than 5" in body and "100% of 1" not in body and "100%" not in body
    band = next(b for b in response.context["report"]["bands"] if b["label"] == "80 and over")
    assert band["active_3_months"] is None and band["shown"]["active_3_months"] == "fewer than 5"
