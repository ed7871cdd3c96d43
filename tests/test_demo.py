"""The demo shows every stage of working together, and loading it twice keeps the data.

The demo is loaded once for this module (it takes seconds) and every area's checks run against
it: a `check_…(loaded)` function in any `tests/<area>/demo_checks.py` is a test here, so a new
area adds its demo checks without loading the demo again."""

from __future__ import annotations

import importlib
import io
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from django_scopes import scopes_disabled

from journeys import selectors
from journeys.models import CheckIn, Ending, Goal, Relationship, RelationshipEvent, Review
from meetings.models import Concern
from meetings.selectors import engagement_flags
from organisations.models import User
from recruitment.models import Answer, Application
from referrals.models import Referral

pytestmark = pytest.mark.unscoped  # the demo loads organisations of its own, not the world


@dataclass(frozen=True)
class Loaded:
    output: str  # what load_demo printed (the logins)


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker):
    """The demo, loaded once inside a transaction open for the module and rolled back at its end;
    each test's own transaction is a savepoint inside it (as tests/conftest.py's module_world)."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            out = io.StringIO()
            call_command("load_demo", stdout=out)
        except BaseException:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            raise
    yield Loaded(output=out.getvalue())
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)


def _area_checks():
    for path in sorted(Path(__file__).parent.glob("*/demo_checks.py")):
        module = importlib.import_module(f"tests.{path.parent.name}.demo_checks")
        for name, check in sorted(vars(module).items()):
            if name.startswith("check_") and callable(check):
                yield pytest.param(check, id=f"{path.parent.name}.{name.removeprefix('check_')}")


@pytest.mark.parametrize("check", list(_area_checks()))
def test_the_demo_shows(check, loaded, db):
    check(loaded)


def test_the_demo_holds_relationships_at_every_stage(loaded, db):
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


def _every_model_count() -> dict[str, int]:
    with scopes_disabled():
        return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


def test_loading_the_demo_twice_keeps_the_data(loaded, db):
    before = _every_model_count()
    assert before["journeys.Relationship"] and before["journeys.CheckIn"]
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    assert "already loaded" in out.getvalue()
    after = _every_model_count()
    # Sessions and audit lines may be written by loading; no area's own records may be.
    changed = {label for label in before if before[label] != after[label]}
    assert changed <= {"sessions.Session", "core.AuditEntry"}, changed


def test_the_demo_swept_raises_no_alert_it_does_not_mean_to_show(loaded, db, django_capture_on_commit_callbacks):
    """Every past demo meeting has its check-out, so the first sweep after loading raises no
    (late) alert for a meeting long over; the demo's planned meetings are all still ahead."""
    from meetings import services as meeting_services
    from meetings.models import Alert, Meeting

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
