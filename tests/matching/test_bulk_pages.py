from __future__ import annotations

import datetime
import html

import pytest
from django.utils import timezone

from journeys.models import Relationship
from matching.models import BulkProposal, BulkRun, ClientProfile
from tests.factories import ClientFactory

pytestmark = pytest.mark.usefixtures("scoped")  # each body runs in the world's organisation


def _waiting(world, n, **fields):
    return ClientFactory(
        organisation=world.org,
        programme=world.programme,
        first_name=f"Wait{n}",
        status="waiting",
        referral_date=timezone.localdate() - datetime.timedelta(days=10 + n),
        **fields,
    )


def test_bulk_run_proposes_reviews_and_starts_introductions(as_role, world, django_capture_on_commit_callbacks):
    clients = [_waiting(world, n) for n in range(4)]
    ClientProfile.objects.create(organisation=world.org, client=clients[3], must_speak="Arabic")
    coordinator = as_role("coordinator")
    assert (
        "clients waiting in Money Matters"
        in coordinator.get(f"/programmes/{world.programme.pk}/bulk-matching/").content.decode()
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator.post(f"/programmes/{world.programme.pk}/bulk-matching/", follow=True)
    assert "<progress" in response.content.decode()  # the worker has not run yet
    run = BulkRun.objects.latest("created_at")
    assert run.status == "done" and run.clients >= 4
    body = coordinator.get(f"/bulk-matching/{run.pk}/").content.decode()
    assert "Proposed pairs" in body and "Nobody suitable is ready" in body
    proposals = {p.client_id: p for p in BulkProposal.objects.filter(run=run)}
    assert proposals[clients[3].pk].coach is None
    placed = [p for p in proposals.values() if p.coach_id]
    assert placed and all(p.reasons for p in placed)
    # Capacity holds across the whole proposal.
    for coach_id in {p.coach_id for p in placed}:
        open_now = Relationship.objects.filter(coach_id=coach_id, status__in=Relationship.OPEN_STATUSES).count()
        assert open_now + sum(p.coach_id == coach_id for p in placed) <= world.programme.coach_capacity
    # The coordinator unticks one pair and confirms the rest.
    first, *rest = placed
    data = {f"coach-{p.pk}": p.coach_id or "" for p in proposals.values()}
    data.update({f"include-{p.pk}": "on" for p in rest})
    assert coordinator.post(f"/bulk-matching/{run.pk}/", data).status_code == 405  # the page only shows
    response = coordinator.post(f"/bulk-matching/{run.pk}/confirm/", data, follow=True)
    assert f"Introductions started for {len(rest)} pair" in response.content.decode()
    assert not Relationship.objects.filter(client=first.client).exists()
    for p in rest:
        assert Relationship.objects.get(client=p.client, coach_id=p.coach_id).status == "introducing"


def test_a_coach_outside_the_alternatives_is_refused(as_role, world, django_capture_on_commit_callbacks):
    client = _waiting(world, 1)
    coordinator = as_role("coordinator")
    with django_capture_on_commit_callbacks(execute=True):
        coordinator.post(f"/programmes/{world.programme.pk}/bulk-matching/")
    run = BulkRun.objects.latest("created_at")
    proposal = BulkProposal.objects.get(run=run, client=client)
    response = coordinator.post(
        f"/bulk-matching/{run.pk}/confirm/",
        {f"coach-{proposal.pk}": world.outsider_coach.pk, f"include-{proposal.pk}": "on"},
        follow=True,
    )
    assert "Choose one of the suggested coaches" in response.content.decode()
    assert not Relationship.objects.filter(client=client).exists()


def test_progress_is_shown_while_the_worker_runs(as_role, world):
    run = BulkRun.objects.create(organisation=world.org, programme=world.programme, status="running", progress=60,
                                 message="Finding the best overall assignment")  # fmt: skip
    response = as_role("coordinator").get(f"/bulk-matching/{run.pk}/?poll=1", HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert 'value="60"' in body and "Finding the best overall assignment" in body and "<html" not in body


def test_saving_the_review_changes_the_proposal_and_sends_nothing(as_role, world, django_capture_on_commit_callbacks):
    client = _waiting(world, 1)
    coordinator = as_role("coordinator")
    with django_capture_on_commit_callbacks(execute=True):
        coordinator.post(f"/programmes/{world.programme.pk}/bulk-matching/")
    run = BulkRun.objects.latest("created_at")
    proposal = BulkProposal.objects.get(run=run, client=client)
    page = coordinator.get(f"/bulk-matching/{run.pk}/").content.decode()
    # One form, two buttons: each sends the same choices to its own view.
    assert f'action="/bulk-matching/{run.pk}/review/"' in page
    assert f'formaction="/bulk-matching/{run.pk}/confirm/"' in page
    response = coordinator.post(
        f"/bulk-matching/{run.pk}/review/", {f"coach-{proposal.pk}": proposal.coach_id or ""}, follow=True
    )
    assert "Changes saved. Nothing has been sent." in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.include is False
    assert not Relationship.objects.filter(client=client).exists()


def _run(world, coordinator, django_capture_on_commit_callbacks, clients):
    with django_capture_on_commit_callbacks(execute=True):
        coordinator.post(f"/programmes/{world.programme.pk}/bulk-matching/")
    run = BulkRun.objects.latest("created_at")
    return run, {p.client_id: p for p in BulkProposal.objects.filter(run=run)}


def test_a_swap_that_breaks_capacity_is_refused_in_words(as_role, world, django_capture_on_commit_callbacks):
    clients = [_waiting(world, n) for n in range(3)]
    coordinator = as_role("coordinator")
    run, proposals = _run(world, coordinator, django_capture_on_commit_callbacks, clients)
    room = world.programme.coach_capacity - 1  # Sam already coaches Jade
    assert all(world.coach.pk in {a for a, _ in p.alternatives} for p in proposals.values())
    data = {f"coach-{p.pk}": world.coach.pk for p in proposals.values()}
    data.update({f"include-{p.pk}": "on" for p in proposals.values()})
    before = {p.pk: p.coach_id for p in proposals.values()}
    body = coordinator.post(f"/bulk-matching/{run.pk}/review/", data, follow=True).content.decode()
    body = html.unescape(body)
    assert f"Sam has room for {room} more clients, but is chosen for Wait0, Wait1 and Wait2." in body
    assert "Choose someone else for one of them, or untick a pair." in body
    assert {p.pk: p.coach_id for p in BulkProposal.objects.filter(run=run)} == before  # nothing saved
    # Starting is refused the same way, before any introduction starts.
    body = coordinator.post(f"/bulk-matching/{run.pk}/confirm/", data, follow=True).content.decode()
    assert "Sam has room for" in body and not Relationship.objects.filter(client__in=clients).exists()


def test_the_totals_follow_the_review_in_plain_words(as_role, world, django_capture_on_commit_callbacks):
    clients = [_waiting(world, n) for n in range(2)]
    coordinator = as_role("coordinator")
    run, proposals = _run(world, coordinator, django_capture_on_commit_callbacks, clients)
    page = coordinator.get(f"/bulk-matching/{run.pk}/").content.decode()
    assert "One pair at a time would give" not in page
    assert "Picking the highest-scoring pair first, then the next, would have matched" in page
    assert "2 of 2 clients" in page
    first, second = proposals[clients[0].pk], proposals[clients[1].pk]
    swapped = next(a for a, _ in first.alternatives if a != first.coach_id)
    data = {f"coach-{first.pk}": swapped, f"include-{first.pk}": "on", f"coach-{second.pk}": second.coach_id}
    page = coordinator.post(f"/bulk-matching/{run.pk}/review/", data, follow=True).content.decode()
    assert "1 of 2 clients" in page
    first.refresh_from_db()
    run.refresh_from_db()
    assert first.coach_id == swapped and first.reasons is not None
    assert run.matched == 1 and abs(run.total_score - first.score) < 0.01
    assert first.score == next(s for a, s in first.alternatives if a == swapped)


def test_once_every_pair_has_started_no_form_is_left(as_role, world, django_capture_on_commit_callbacks):
    clients = [_waiting(world, n) for n in range(2)]
    coordinator = as_role("coordinator")
    run, proposals = _run(world, coordinator, django_capture_on_commit_callbacks, clients)
    data = {f"coach-{p.pk}": p.coach_id for p in proposals.values()}
    data.update({f"include-{p.pk}": "on" for p in proposals.values()})
    coordinator.post(f"/bulk-matching/{run.pk}/confirm/", data)
    page = coordinator.get(f"/bulk-matching/{run.pk}/").content.decode()
    assert "<button" not in page.split("<main", 1)[-1].split("</main>")[0] or "Save changes" not in page
    assert "Save changes" not in page and "Start introductions for the ticked pairs" not in page
    assert 'data-label="Include"' not in page and "<select" not in page
    assert "Every pair has been dealt with: introductions started for 2." in page
