"""Supervision of peer coaches (issue 14): who supervises whom and who covers, who is due, sessions
with actions carried over, debrief calls routed to the coach's own supervisor, the coach's private
log and wellbeing checks, and role changes that hand clients over."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from journeys.models import Ending, Relationship
from meetings import selectors as meetings_selectors
from meetings import services as meetings_services
from meetings.models import FollowUp
from organisations.models import Role
from supervision import selectors, services
from supervision.contributions import DUE
from supervision.models import Action, Arrangement, LogEntry, Request, RoleChange, Session

from ..factories import CoachFactory, StaffMemberFactory, UserFactory
from .helpers import supervised

pytestmark = pytest.mark.usefixtures("scoped")
TODAY = timezone.localdate


def _as(user) -> Client:
    browser = Client()
    browser.force_login(user)
    return browser


def _other_supervisor(world):
    return StaffMemberFactory(user=UserFactory(organisation=world.org, role=Role.SUPERVISOR)).user


def _other_coach(world, supervisor, *, days_ago: int = 10):
    coach = CoachFactory(organisation=world.org, user=UserFactory(organisation=world.org, role=Role.COACH))
    services.arrangement_set(coach=coach, supervisor=supervisor, starts_on=TODAY() - datetime.timedelta(days=days_ago))
    return coach


# --- who is due --------------------------------------------------------------------------------


def test_a_session_is_due_one_rhythm_after_the_last_and_overdue_after_that(world):
    supervised(world)  # last session 40 days ago, monthly
    [row] = selectors.due_list(world.supervisor)
    assert row.coach == world.coach
    assert row.due_on == TODAY() - datetime.timedelta(days=10)
    assert row.overdue and row.days_overdue == 10


def test_a_supervisor_sees_only_their_own_coaches_and_the_coordinator_sees_everyone(world):
    supervised(world)
    other = _other_supervisor(world)
    theirs = _other_coach(world, other)
    assert [row.coach for row in selectors.due_list(world.supervisor)] == [world.coach]
    assert [row.coach for row in selectors.due_list(other)] == [theirs]
    assert {row.coach for row in selectors.due_list(world.coordinator)} == {world.coach, theirs}
    response = _as(other).get(reverse("supervision:coach", args=[world.coach.pk]))
    assert response.status_code == 404


def test_the_deputy_covers_only_while_the_supervisor_is_away(world):
    deputy = _other_supervisor(world)
    supervised(world)
    services.arrangement_set(coach=world.coach, supervisor=world.supervisor, deputy=deputy)
    assert selectors.due_list(deputy) == []
    services.away_record(
        organisation=world.org,
        supervisor=world.supervisor,
        starts_on=TODAY() - datetime.timedelta(days=1),
        ends_on=TODAY() + datetime.timedelta(days=7),
    )
    [row] = selectors.due_list(deputy)
    assert row.coach == world.coach and row.covering
    assert selectors.supervises(deputy, world.coach)


def test_a_past_absence_gives_the_deputy_nothing(world):
    deputy = _other_supervisor(world)
    supervised(world)
    services.arrangement_set(coach=world.coach, supervisor=world.supervisor, deputy=deputy)
    services.away_record(
        organisation=world.org,
        supervisor=world.supervisor,
        starts_on=TODAY() - datetime.timedelta(days=20),
        ends_on=TODAY() - datetime.timedelta(days=10),
    )
    assert selectors.due_list(deputy) == []
    assert not selectors.supervises(deputy, world.coach)


def test_the_deputy_must_be_someone_else_and_on_the_staff(world):
    with pytest.raises(ValidationError, match="someone else"):
        services.arrangement_set(coach=world.coach, supervisor=world.supervisor, deputy=world.supervisor)
    with pytest.raises(ValidationError, match="supervisor or coordinator"):
        services.arrangement_set(coach=world.coach, supervisor=world.coach_user)
    with pytest.raises(ValidationError, match="supervisor or coordinator"):
        services.arrangement_set(coach=world.coach, supervisor=world.outsider)


def test_the_home_panel_lists_overdue_supervision_in_one_query(world, django_assert_max_num_queries):
    supervised(world)
    _other_coach(world, world.supervisor, days_ago=1)  # not due for a month: not on the panel
    with django_assert_max_num_queries(1):
        rows = DUE.values({"user": world.supervisor})["supervision_due"]
    assert [row.coach for row in rows] == [world.coach]
    page = _as(world.supervisor).get("/").content.decode()
    assert "Supervision due" in page and "overdue" in page


def test_the_due_list_page_stays_at_a_few_queries(world, django_assert_max_num_queries):
    supervised(world)
    for _ in range(5):
        coach = _other_coach(world, world.supervisor, days_ago=50)
        services.request_make(coach=coach, about="A hard week")
    browser = _as(world.supervisor)
    with django_assert_max_num_queries(14):
        response = browser.get(reverse("supervision:due_list"))
    assert response.status_code == 200
    assert response.content.decode().count('<span class="badge">asked for a session</span>') == 5


# --- sessions ----------------------------------------------------------------------------------


def test_open_actions_carry_over_to_the_next_session_until_done(world):
    first = supervised(world)
    services.session_record(
        coach=world.coach,
        supervisor=world.supervisor,
        held_on=TODAY() - datetime.timedelta(days=10),
        new_actions=["Read the lone working policy", "Ask about the course"],
    )
    course, policy, ask = Action.objects.filter(coach=world.coach).order_by("pk")
    assert course.agreed_in == first
    assert [a.text for a in selectors.open_actions(world.coach)] == [course.text, policy.text, ask.text]
    third = services.session_record(
        coach=world.coach, supervisor=world.supervisor, held_on=TODAY(), done_actions=[course.pk, policy.pk]
    )
    assert selectors.open_actions(world.coach) == [ask]
    course.refresh_from_db()
    assert course.done_in == third


def test_a_session_cannot_close_another_coachs_actions_or_be_in_the_future(world):
    supervised(world)
    theirs = _other_coach(world, world.supervisor)
    action = Action.objects.get(coach=world.coach)
    with pytest.raises(ValidationError, match="still open for this coach"):
        services.session_record(coach=theirs, supervisor=world.supervisor, held_on=TODAY(), done_actions=[action.pk])
    with pytest.raises(ValidationError, match="future"):
        services.session_record(
            coach=world.coach, supervisor=world.supervisor, held_on=TODAY() + datetime.timedelta(days=1)
        )
    assert Session.objects.filter(coach=theirs).count() == 0


def test_a_recorded_session_answers_the_coachs_request(world):
    supervised(world)
    request = services.request_make(coach=world.coach, about="Worried about a client")
    with pytest.raises(ValidationError, match="already asked"):
        services.request_make(coach=world.coach)
    session = services.session_record(coach=world.coach, supervisor=world.supervisor, held_on=TODAY())
    request.refresh_from_db()
    assert request.answered_in == session


def test_the_coach_sees_the_actions_but_never_the_notes(world):
    session = supervised(world)
    coach_page = _as(world.coach_user).get(reverse("supervision:session_detail", args=[session.pk])).content.decode()
    assert "Book the first aid course" in coach_page
    assert "Supervisor-only" not in coach_page
    staff_page = _as(world.supervisor).get(reverse("supervision:session_detail", args=[session.pk])).content.decode()
    assert "Supervisor-only" in staff_page
    assert _as(world.orgadmin).get(reverse("supervision:session_detail", args=[session.pk])).status_code == 403
    assert _as(world.outsider).get(reverse("supervision:session_detail", args=[session.pk])).status_code == 404


def test_the_supervisor_records_a_session_from_the_page(world):
    supervised(world)
    action = Action.objects.get(coach=world.coach)
    browser = _as(world.supervisor)
    url = reverse("supervision:session_new", args=[world.coach.pk])
    assert "Book the first aid course" in browser.get(url).content.decode()
    response = browser.post(
        url,
        {"held_on": TODAY().isoformat(), f"done_{action.pk}": "on", "worries": "None", "action_1": "Shadow Dee"},
    )
    assert response.status_code == 302
    assert [a.text for a in selectors.open_actions(world.coach)] == ["Shadow Dee"]


def test_a_coach_asks_for_a_session_and_their_supervisor_sees_it(world):
    supervised(world)
    response = _as(world.coach_user).post(reverse("supervision:request_session"), {"about": "A hard visit"})
    assert response.status_code == 302
    assert Request.objects.filter(coach=world.coach, answered_in__isnull=True).exists()
    page = _as(world.supervisor).get(reverse("supervision:due_list")).content.decode()
    assert "A hard visit" in page


# --- debriefs ----------------------------------------------------------------------------------


def test_a_call_me_debrief_reaches_the_coachs_own_supervisor_until_addressed(world):
    supervised(world)
    other = _other_supervisor(world)
    meetings_services.debrief_record(meeting=world.meeting, feeling="shaken", worries="Raised voices", call_me=True)
    [follow_up] = selectors.follow_ups_for(world.supervisor)
    assert follow_up.coach == world.coach
    assert list(selectors.follow_ups_for(other)) == []
    assert "Raised voices" in _as(world.supervisor).get(reverse("supervision:due_list")).content.decode()
    assert _as(other).post(reverse("supervision:follow_up_done", args=[follow_up.pk])).status_code == 404
    response = _as(world.supervisor).post(reverse("supervision:follow_up_done", args=[follow_up.pk]))
    assert response.status_code == 302
    assert list(selectors.follow_ups_for(world.supervisor)) == []


# --- the coach's own log and checks ------------------------------------------------------------


def test_a_log_entry_is_private_until_the_coach_shares_it_with_their_supervisor(world):
    supervised(world)
    coach = _as(world.coach_user)
    coach.post(reverse("supervision:log"), {"written_on": TODAY().isoformat(), "did": "Private thoughts here"})
    entry = LogEntry.objects.get(coach=world.coach)
    assert entry.shared_at is None
    page = reverse("supervision:coach", args=[world.coach.pk])
    assert "Private thoughts here" not in _as(world.supervisor).get(page).content.decode()
    coach.post(reverse("supervision:log_share", args=[entry.pk]), {"share": "yes"})
    assert "Private thoughts here" in _as(world.supervisor).get(page).content.decode()
    # Shared with the supervisor, not with every coordinator.
    assert "Private thoughts here" not in _as(world.coordinator).get(page).content.decode()
    another = CoachFactory(organisation=world.org, user=UserFactory(organisation=world.org, role=Role.COACH))
    response = _as(another.user).post(reverse("supervision:log_share", args=[entry.pk]), {"share": "no"})
    assert response.status_code == 404


def test_a_low_wellbeing_check_offers_a_conversation_and_help_today(world):
    coach = _as(world.coach_user)
    answers = {"mood": 2, "sleep": 3, "coping": 4, "support": 5}
    response = coach.post(reverse("supervision:wellbeing"), answers, follow=True)
    page = response.content.decode()
    assert "Samaritans" in page and "116 123" in page
    assert "Ask your supervisor for a conversation" in page
    good = coach.post(reverse("supervision:wellbeing"), {"mood": 8, "sleep": 8, "coping": 8, "support": 8}, follow=True)
    assert "Ask your supervisor for a conversation" not in good.content.decode()


def test_a_wellbeing_score_outside_0_to_10_is_refused_beside_the_field(world):
    response = _as(world.coach_user).post(reverse("supervision:wellbeing"), {"mood": 11, "sleep": 1, "coping": 1})
    assert response.status_code == 200
    assert "Choose a number from 0 to 10." in response.content.decode() or "valid choice" in response.content.decode()


# --- changing roles ----------------------------------------------------------------------------


def test_a_role_change_hands_the_clients_over_and_shows_on_the_coach_page(world):
    relationship = world.relationship
    with pytest.raises(ValidationError, match="no client work"):
        services.role_change(
            coach=world.coach,
            from_role=RoleChange.Role.CLIENT_CONTACT,
            to_role=RoleChange.Role.PROPERTY_SEARCHES,
            reason="Wants a break from one-to-one work",
            effective_on=TODAY(),
            by=world.coordinator,
            decisions={relationship.pk: services.KEEP},
        )
    response = _as(world.coordinator).post(
        reverse("supervision:role_change", args=[world.coach.pk]),
        {
            "to_role": "property_searches",
            "reason": "Wants a break from one-to-one work",
            "effective_on": TODAY().isoformat(),
            f"relationship_{relationship.pk}": "hand_over",
            "role_title": "Property Search Worker",
        },
    )
    assert response.status_code == 302
    # The new job title is on the coach's record too (version-checked and audited as a coach change).
    world.coach.refresh_from_db()
    assert world.coach.role_title == "Property Search Worker"
    relationship.refresh_from_db()
    assert relationship.status not in Relationship.OPEN_STATUSES
    assert relationship.endings.get().next_step == Ending.NextStep.REMATCH
    change = RoleChange.objects.get(coach=world.coach)
    assert change.handed_over == 1
    page = _as(world.coordinator).get(reverse("people:coach_detail", args=[world.coach.pk])).content.decode()
    assert "Role history" in page and "Property searches" in page


def test_a_role_change_needs_every_clients_outcome(world):
    response = _as(world.coordinator).post(
        reverse("supervision:role_change", args=[world.coach.pk]),
        {"to_role": "groups", "reason": "Running groups", "effective_on": TODAY().isoformat()},
    )
    assert response.status_code == 200
    assert "Choose what happens to" in response.content.decode()
    assert not RoleChange.objects.exists()


def test_the_staff_homes_call_me_list_goes_to_the_coachs_own_supervisor_only(world):
    supervised(world)
    other = _other_supervisor(world)
    meetings_services.debrief_record(meeting=world.meeting, feeling="low", worries="Felt unsafe", call_me=True)
    follow_up = FollowUp.objects.get()
    assert list(meetings_selectors.open_follow_ups(world.supervisor)) == [follow_up]
    assert list(meetings_selectors.open_follow_ups(world.coordinator)) == [follow_up]
    assert list(meetings_selectors.open_follow_ups(other)) == []
    assert "Felt unsafe" not in _as(other).get("/").content.decode()
    assert _as(other).post(reverse("meetings:follow_up_done", args=[follow_up.pk])).status_code == 404
    # A coach with no supervisor named yet: every member of staff is asked, as before.
    Arrangement.objects.filter(coach=world.coach).delete()
    assert list(meetings_selectors.open_follow_ups(other)) == [follow_up]


def test_a_coordinator_names_a_supervisor_and_a_stale_form_is_refused(world):
    browser = _as(world.coordinator)
    url = reverse("supervision:arrangement", args=[world.coach.pk])
    response = browser.post(url, {"supervisor": world.supervisor.pk, "deputy": world.coordinator.pk, "rhythm_days": 30})
    assert response.status_code == 302
    arrangement = Arrangement.objects.get(coach=world.coach)
    assert arrangement.deputy == world.coordinator and arrangement.version == 1
    services.arrangement_set(coach=world.coach, supervisor=world.supervisor, rhythm_days=14, expected_version=1)
    stale = browser.post(url, {"supervisor": world.supervisor.pk, "rhythm_days": 42, "version": 1})
    assert stale.status_code == 200
    arrangement.refresh_from_db()
    assert arrangement.rhythm_days == 14


def test_a_supervisor_records_only_their_own_time_away(world):
    other = _other_supervisor(world)
    browser = _as(world.supervisor)
    today = TODAY().isoformat()
    refused = browser.post(reverse("supervision:away"), {"supervisor": other.pk, "starts_on": today, "ends_on": today})
    assert refused.status_code == 200
    backwards = browser.post(
        reverse("supervision:away"),
        {"supervisor": world.supervisor.pk, "starts_on": today, "ends_on": "2000-01-01"},
    )
    assert "cannot be before the first" in backwards.content.decode()
    done = browser.post(
        reverse("supervision:away"), {"supervisor": world.supervisor.pk, "starts_on": today, "ends_on": today}
    )
    assert done.status_code == 302
