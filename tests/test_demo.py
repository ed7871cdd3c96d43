"""The demo shows every stage of working together, and loading it twice keeps the data."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from journeys import selectors
from journeys.models import CheckIn, Ending, Goal, Relationship, RelationshipEvent, Review
from meetings.models import Concern
from meetings.selectors import engagement_flags
from organisations.models import User
from recruitment.models import Answer, Application
from referrals.models import Referral

pytestmark = pytest.mark.unscoped  # the demo loads organisations of its own, not the world


def test_the_demo_holds_relationships_at_every_stage(db):
    call_command("load_demo", stdout=io.StringIO())
    riverside = Relationship.objects.filter(organisation__slug="riverside")
    assert set(riverside.values_list("status", flat=True)) == {"introducing", "active", "paused", "ended"}
    assert set(riverside.values_list("kind", flat=True)) >= {"coaching", "mentoring", "befriending"}
    assert Goal.objects.filter(category__in=Goal.FINANCIAL).exists()
    assert Goal.objects.exclude(category__in=Goal.FINANCIAL).exists()
    assert CheckIn.objects.filter(completed_by="client").exists()
    assert Review.objects.filter(kind="midpoint").exists() and Review.objects.filter(kind="end").exists()
    assert Ending.objects.filter(planned=True).exclude(case_study="").exists()
    assert Ending.objects.filter(planned=False).exclude(reason="").exists()
    assert RelationshipEvent.objects.filter(kind="extended").exists()
    assert RelationshipEvent.objects.filter(kind="kind_changed").exists()
    coordinator = User.objects.get(username="coordinator")
    counts = selectors.attention_counts(coordinator)
    assert counts["check_in_overdue"] >= 1 and counts["review_due"] >= 1 and counts["paused"] >= 1
    assert not Goal.objects.filter(status_changes__changed_on__gt=timezone.localdate()).exists()
    stages = set(Application.objects.filter(organisation__slug="riverside").values_list("stage", flat=True))
    assert stages == set(Application.Stage.values)
    assert Answer.objects.exclude(exclusion="").exists()
    assert engagement_flags(), "the demo should show a client who has stopped coming"
    referrals = Referral.objects.filter(organisation__slug="riverside")
    assert {"open", "engaged", "completed", "client_declined", "service_declined"} <= set(
        referrals.values_list("outcome", flat=True)
    )
    assert referrals.filter(made_by__username="coach").exists(), "the demo coach has referred someone"
    assert Concern.objects.filter(organisation__slug="riverside", closed_at__isnull=False).exists()
    _the_waiting_list_has_every_state()
    _a_coach_is_on_a_break_with_his_client_paused()
    _intake_safety_and_the_people_around_a_client()


def _intake_safety_and_the_people_around_a_client():
    from django_scopes import scope

    from people.models import AgencyMeeting, Consent, Professional, SelfReferral
    from people.selectors import risk_assessments_due

    coordinator = User.objects.get(username="coordinator")
    with scope(organisation=coordinator.organisation_id):
        assert [client.first_name for client, _ in risk_assessments_due(coordinator)] == ["Jade"]
        assert SelfReferral.objects.filter(status="waiting").exists()
        assert Consent.objects.filter(withdrawn_on__isnull=False).exists()
        assert Professional.objects.filter(coach_may_contact=True).exists()
        assert Professional.objects.filter(coach_may_contact=False).exists()
        assert AgencyMeeting.objects.filter(professionals_present__isnull=False).exists()


def _a_coach_is_on_a_break_with_his_client_paused():
    from django_scopes import scopes_disabled

    from people.models import CoachBreak

    with scopes_disabled():
        coach_break = CoachBreak.objects.get(organisation__slug="riverside", ended_on__isnull=True)
        assert coach_break.returns_on > timezone.localdate() and coach_break.coach.status == "paused"
        paused = Relationship.objects.filter(coach=coach_break.coach, status="paused")
        assert paused.count() == 1 and all(r.expected_return_on == coach_break.returns_on for r in paused)


def _the_waiting_list_has_every_state():
    from django_scopes import scope

    from matching.models import ClientProfile, CoachProfile
    from matching.selectors import waiting_list

    coordinator = User.objects.get(username="coordinator")
    with scope(organisation=coordinator.organisation_id):
        rows = waiting_list(coordinator)
    assert any(r["best"] and r["best"].reasons for r in rows), "someone has suggestions with reasons"
    assert any(r["why_none"] == "No ready coach speaks Arabic." for r in rows)
    assert any(r["days"] > 56 for r in rows) and any(r["days"] < 28 for r in rows)
    assert {r["offer"].status for r in rows if r["offer"]} == {"shared", "chosen", "someone_else"}
    assert Relationship.objects.filter(status="introducing", intro_visits__isnull=False).exists()
    # Stored embeddings, made when the demo was loaded.
    assert CoachProfile.objects.exclude(item_key="").exists() and ClientProfile.objects.exclude(item_key="").exists()


def test_loading_the_demo_twice_keeps_the_data(db):
    call_command("load_demo", stdout=io.StringIO())
    before = (Relationship.objects.count(), CheckIn.objects.count(), Goal.objects.count())
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    assert "already loaded" in out.getvalue()
    assert (Relationship.objects.count(), CheckIn.objects.count(), Goal.objects.count()) == before


def test_the_demo_swept_raises_no_alert_it_does_not_mean_to_show(db, django_capture_on_commit_callbacks):
    """Every past demo meeting has its check-out, so the first sweep after loading raises no
    (late) alert for a meeting long over; the demo's planned meetings are all still ahead."""
    from django_scopes import scopes_disabled

    from meetings import services as meeting_services
    from meetings.models import Alert, Meeting

    call_command("load_demo", stdout=io.StringIO())
    with scopes_disabled():
        # The meetings the sweep watches: someone working alone (a group session has its facilitator).
        past = (
            Meeting.objects.filter(starts_at__lt=timezone.now(), participants__part="lone_worker")
            .exclude(outcome__in=Meeting.CANCELLED)
            .distinct()
        )
        assert past.exists() and not past.filter(left_at__isnull=True).exists()
        with django_capture_on_commit_callbacks(execute=True):
            swept = meeting_services.sweep()
        assert swept == {"organisations": 0, "raised": 0, "queued": 0}
        assert not Alert.objects.exists()
