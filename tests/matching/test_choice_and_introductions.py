from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from journeys.models import Relationship
from matching.models import CoachProfile, IntroVisit, KnownConnection, Offer
from people.models import Client
from tests.factories import ClientFactory, UserFactory

pytestmark = pytest.mark.usefixtures("scoped")  # each body runs in the world's organisation


def _setup(world):
    user = UserFactory(username="t-maria", organisation=world.org, role="client")
    maria = ClientFactory(
        organisation=world.org,
        programme=world.programme,
        user=user,
        first_name="Maria",
        status="waiting",
        interests="cycling",
        referral_date=timezone.localdate() - datetime.timedelta(days=20),
    )
    for coach, intro in ((world.coach, "I paid off my catalogue debt."), (world.other_coach, "I love my allotment.")):
        CoachProfile.objects.create(organisation=world.org, coach=coach, intro=intro, share_with_clients=True)
    world.coach.lived_experience = "PRIVATE lived experience"
    world.coach.save()
    return maria, user


def test_from_sharing_to_a_confirmed_match(as_role, world, client):
    maria, user = _setup(world)
    coordinator = as_role("coordinator")
    response = coordinator.post(f"/clients/{maria.pk}/suggestions/share/", {"share": [world.coach.pk]}, follow=True)
    assert "Choose two or three coaches to share." in response.content.decode()
    coordinator.post(f"/clients/{maria.pk}/suggestions/share/", {"share": [world.coach.pk, world.other_coach.pk]})
    offer = Offer.objects.get(client=maria)
    assert offer.status == "shared" and offer.coaches.count() == 2

    client.force_login(user)
    assert "Choose your peer coach" in client.get("/").content.decode()
    page = client.get("/choose-your-coach/").content.decode()
    assert "I paid off my catalogue debt." in page and "Sam" in page and "Grace" in page
    assert "Turner" not in page and "PRIVATE" not in page  # first names and consented lines only
    response = client.post("/choose-your-coach/", {"coach": world.coach.pk, "note": "Mornings suit me"}, follow=True)
    assert "We will arrange for you to meet Sam" in response.content.decode()
    client.post("/choose-your-coach/", {"coach": world.other_coach.pk})  # already answered: ignored
    offer.refresh_from_db()
    assert offer.status == "chosen" and offer.chosen == world.coach and offer.client_note == "Mornings suit me"

    coordinator = as_role("coordinator")
    assert "Maria chose Sam." in coordinator.get(f"/clients/{maria.pk}/suggestions/").content.decode()
    coordinator.post(f"/clients/{maria.pk}/suggestions/pair/", {"coach": world.coach.pk})
    relationship = Relationship.objects.get(client=maria)
    url = f"/relationships/{relationship.pk}/introductions/visits/"
    visit = {
        "held_on": timezone.localdate().isoformat(),
        "worker": world.coordinator.pk,
        "client_feedback": "Felt at ease",
        "coach_feedback": "Good chat about bikes",
        "worker_feedback": "Easy rapport",
    }
    for _ in range(3):
        coordinator.post(url, visit)
    response = coordinator.post(url, visit)
    assert "already been three introductory visits" in response.content.decode()
    assert IntroVisit.objects.filter(relationship=relationship).count() == 3
    coordinator.post(f"/relationships/{relationship.pk}/introductions/confirm/", {"version": relationship.version})
    relationship.refresh_from_db()
    assert relationship.status == "active"


def test_declining_returns_the_client_with_what_was_learned(as_role, world):
    maria, _ = _setup(world)
    coordinator = as_role("coordinator")
    coordinator.post(f"/clients/{maria.pk}/suggestions/pair/", {"coach": world.coach.pk})
    relationship = Relationship.objects.get(client=maria)
    response = coordinator.post(
        f"/relationships/{relationship.pk}/introductions/decline/",
        {"version": relationship.version, "reason": "Maria wants someone older"},
        follow=True,
    )
    assert "back on the waiting list" in response.content.decode()
    relationship.refresh_from_db()
    maria.refresh_from_db()
    assert relationship.status == "ended" and maria.status == Client.Status.WAITING
    assert KnownConnection.objects.get(client=maria, coach=world.coach).note.endswith("someone older")
    body = coordinator.get(f"/clients/{maria.pk}/suggestions/").content.decode()
    assert "Start introductions with Sam" not in body and "someone older" in body


def test_a_profile_without_consent_cannot_be_shared(as_role, world):
    maria, _ = _setup(world)
    CoachProfile.objects.filter(coach=world.other_coach).update(share_with_clients=False)
    response = as_role("coordinator").post(
        f"/clients/{maria.pk}/suggestions/share/",
        {"share": [world.coach.pk, world.other_coach.pk]},
        follow=True,
    )
    assert "has not agreed to their profile being shown" in response.content.decode()
    assert not Offer.objects.exists()


def test_a_coach_never_sees_the_offer_page(as_role, world):
    assert as_role("coach").get("/choose-your-coach/").status_code == 403


def test_the_api_shares_introduces_records_and_confirms(as_role, world, django_capture_on_commit_callbacks):
    maria, _ = _setup(world)
    api = as_role("coordinator")

    def post(url, data):
        return api.post(url, data, content_type="application/json")

    response = post(f"/api/v1/clients/{maria.pk}/offers", {"coach_ids": [world.coach.pk, world.other_coach.pk]})
    assert response.status_code == 201 and response.json()["status"] == "shared"
    response = post(f"/api/v1/clients/{maria.pk}/introductions", {"coach_id": world.coach.pk})
    assert response.status_code == 201, response.content
    relationship_id = response.json()["relationship_id"]
    visit = {
        "held_on": timezone.localdate().isoformat(),
        "worker_id": world.coordinator.pk,
        "client_feedback": "Good",
        "coach_feedback": "Good",
        "worker_feedback": "Good",
    }
    response = post(f"/api/v1/relationships/{relationship_id}/intro-visits", visit)
    assert response.status_code == 201 and response.json()["number"] == 1
    future = {**visit, "held_on": (timezone.localdate() + datetime.timedelta(days=3)).isoformat()}
    bad = post(f"/api/v1/relationships/{relationship_id}/intro-visits", future)
    assert bad.status_code == 422 and bad.json()["detail"][0]["loc"] == ["body", "held_on"]
    version = Relationship.objects.get(pk=relationship_id).version
    assert post(f"/api/v1/relationships/{relationship_id}/confirm", {"version": version + 1}).status_code == 409
    confirmed = post(f"/api/v1/relationships/{relationship_id}/confirm", {"version": version})
    assert confirmed.status_code == 200 and confirmed.json()["status"] == "active"
    with django_capture_on_commit_callbacks(execute=True):
        started = post(f"/api/v1/programmes/{world.programme.pk}/bulk-runs", {})
    assert started.status_code == 202
    run = api.get(f"/api/v1/bulk-runs/{started.json()['id']}").json()
    assert run["status"] == "done" and all("alternatives" in p for p in run["proposals"])


def _visit(world, **changes):
    return {
        "held_on": timezone.localdate().isoformat(),
        "worker": world.coordinator.pk,
        "client_feedback": "Felt at ease",
        "coach_feedback": "Good chat about bikes",
        "worker_feedback": "Easy rapport",
        **changes,
    }


def test_each_suggestions_job_has_its_own_address(as_role, world):
    from django.urls import reverse

    maria, _ = _setup(world)
    coordinator = as_role("coordinator")
    page = coordinator.get(reverse("matching:suggestions", args=[maria.pk])).content.decode()
    share_url = reverse("matching:suggestions_share", args=[maria.pk])
    pair_url = reverse("matching:suggestions_pair", args=[maria.pk])
    assert f'action="{share_url}"' in page and f'action="{pair_url}"' in page
    # The page itself only shows: a post to it does nothing.
    assert (
        coordinator.post(reverse("matching:suggestions", args=[maria.pk]), {"coach": world.coach.pk}).status_code == 405
    )
    assert not Relationship.objects.filter(client=maria).exists()

    response = coordinator.post(share_url, {"share": [world.coach.pk]}, follow=True)
    assert "Choose two or three coaches to share." in response.content.decode()
    response = coordinator.post(share_url, {"share": [world.coach.pk, world.other_coach.pk]})
    assert response.status_code == 302 and response.url == reverse("matching:suggestions", args=[maria.pk])
    assert Offer.objects.get(client=maria).coaches.count() == 2

    response = coordinator.post(pair_url, {"coach": ""}, follow=True)
    assert "Choose a coach from the suggestions." in response.content.decode()
    response = coordinator.post(pair_url, {"coach": world.coach.pk})
    relationship = Relationship.objects.get(client=maria)
    assert response.url == reverse("journeys:relationship_detail", args=[relationship.pk])
    assert relationship.status == "introducing"


def test_each_introductions_job_has_its_own_address(as_role, world):
    from django.urls import reverse

    maria, _ = _setup(world)
    coordinator = as_role("coordinator")
    coordinator.post(reverse("matching:suggestions_pair", args=[maria.pk]), {"coach": world.coach.pk})
    relationship = Relationship.objects.get(client=maria)
    page_url = reverse("matching:introductions", args=[relationship.pk])
    visit_url = reverse("matching:intro_visit_add", args=[relationship.pk])
    confirm_url = reverse("matching:match_confirm", args=[relationship.pk])
    page = coordinator.get(page_url).content.decode()
    assert f'action="{visit_url}"' in page and f'action="{confirm_url}"' in page
    assert f'action="{reverse("matching:match_decline", args=[relationship.pk])}"' in page
    assert coordinator.post(page_url, {**_visit(world), "action": "visit"}).status_code == 405

    # A visit with a gap is shown again on the same page, with the reason beside the field.
    response = coordinator.post(visit_url, _visit(world, client_feedback=""))
    assert response.status_code == 200 and "Introductory visits" in response.content.decode()
    assert "This field is required" in response.content.decode()
    response = coordinator.post(visit_url, _visit(world))
    assert response.status_code == 302 and response.url == page_url
    assert IntroVisit.objects.filter(relationship=relationship).count() == 1

    response = coordinator.post(confirm_url, {"version": relationship.version - 1}, follow=True)
    relationship.refresh_from_db()
    assert relationship.status == "introducing"
    response = coordinator.post(confirm_url, {"version": relationship.version})
    relationship.refresh_from_db()
    assert relationship.status == "active"
    assert response.url == reverse("journeys:relationship_detail", args=[relationship.pk])


def test_declining_on_its_own_address_shows_a_missing_reason_on_the_page(as_role, world):
    from django.urls import reverse

    maria, _ = _setup(world)
    coordinator = as_role("coordinator")
    coordinator.post(reverse("matching:suggestions_pair", args=[maria.pk]), {"coach": world.coach.pk})
    relationship = Relationship.objects.get(client=maria)
    decline_url = reverse("matching:match_decline", args=[relationship.pk])
    response = coordinator.post(decline_url, {"version": relationship.version, "reason": ""})
    assert response.status_code == 200 and "Introductory visits" in response.content.decode()
    relationship.refresh_from_db()
    assert relationship.status == "introducing"
    response = coordinator.post(decline_url, {"version": relationship.version, "reason": "Wants someone older"})
    assert response.url == reverse("matching:suggestions", args=[maria.pk])
    relationship.refresh_from_db()
    assert relationship.status == "ended"


def test_roles_that_cannot_pair_are_refused_every_matching_post(as_role, world):
    from django.urls import reverse

    maria, _ = _setup(world)
    urls = [
        reverse("matching:suggestions_share", args=[maria.pk]),
        reverse("matching:suggestions_pair", args=[maria.pk]),
        reverse("matching:intro_visit_add", args=[world.relationship.pk]),
        reverse("matching:match_confirm", args=[world.relationship.pk]),
        reverse("matching:match_decline", args=[world.relationship.pk]),
    ]
    for role in ("supervisor", "facilitator", "coach", "client"):
        browser = as_role(role)
        for url in urls:
            response = browser.post(url, {"coach": world.coach.pk, "share": [world.coach.pk], "version": 1})
            assert response.status_code in (403, 404), (role, url, response.status_code)
    assert not Offer.objects.exists() and not Relationship.objects.filter(client=maria).exists()
    world.relationship.refresh_from_db()
    assert world.relationship.status == "active"
