"""Reciprocal peer coaching (issue 16): a pair's sessions taking turns, each peer's private
reflection and wellbeing check, the rhythm, and the pages coordinators and peers use."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import Client
from django.utils import timezone

from core.exceptions import StaleEditError
from core.models import AuditEntry
from matching.models import ReciprocalPair
from reciprocal import selectors, services
from reciprocal.models import PeerReflection, ReciprocalSession

from ..factories import CoachFactory, ProgrammeFactory, UserFactory
from .helpers import pair_in, peer_user

pytestmark = pytest.mark.usefixtures("scoped")

TODAY = timezone.localdate


def _days_ago(n: int) -> datetime.date:
    return TODAY() - datetime.timedelta(days=n)


def _as(user) -> Client:
    browser = Client()
    browser.force_login(user)
    return browser


@pytest.fixture
def pair(world):
    return pair_in(world)


def test_a_session_records_who_coached_whom_and_the_turn_warning_is_gentle(pair, world):
    previous = selectors.previous_session(pair)
    assert previous.coach == world.coach
    # Sam coached last time: Sam coaching again is allowed, with a note about taking turns.
    again = services.session_record(pair=pair, held_on=_days_ago(3), coach=world.coach, focus="resilience")
    warning = services.turn_warning(previous=previous, coach=again.coach)
    assert "Sam also coached last time" in warning and "taking turns" in warning
    # Nadia coaching next is the turn taken: no warning.
    assert services.turn_warning(previous=again, coach=pair.second) == ""
    assert AuditEntry.objects.filter(action="reciprocal.session.recorded", object_id=str(again.pk)).exists()


def test_a_session_dated_before_the_previous_one_is_refused_and_nothing_is_saved(pair, world):
    with pytest.raises(ValidationError) as refused:
        services.session_record(pair=pair, held_on=_days_ago(11), coach=pair.second, focus="reflection")
    assert "cannot be dated before it" in str(refused.value.error_dict["held_on"])
    assert pair.reciprocal_sessions.count() == 1
    # The same day as the previous one is fine (two short sessions, one each way).
    services.session_record(pair=pair, held_on=_days_ago(10), coach=pair.second, focus="reflection")
    assert pair.reciprocal_sessions.count() == 2


def test_a_future_date_a_stranger_coaching_or_a_stopped_pair_are_refused(pair, world):
    with pytest.raises(ValidationError, match="future"):
        services.session_record(pair=pair, held_on=_days_ago(-1), coach=world.coach, focus="wellbeing")
    with pytest.raises(ValidationError, match="one of the two peers"):
        services.session_record(pair=pair, held_on=TODAY(), coach=world.other_coach, focus="wellbeing")
    pair.ended_on = TODAY()
    pair.save(update_fields=["ended_on"])
    with pytest.raises(ValidationError, match="stopped"):
        services.session_record(pair=pair, held_on=TODAY(), coach=world.coach, focus="wellbeing")
    assert pair.reciprocal_sessions.count() == 1


def test_correcting_a_session_checks_the_version_and_keeps_the_order(pair, world):
    first = pair.reciprocal_sessions.get()
    second = services.session_record(pair=pair, held_on=_days_ago(2), coach=pair.second, focus="goal_setting")
    services.session_update(session=first, expected_version=first.version, goal="Leave on time on Fridays")
    first.refresh_from_db()
    assert first.goal == "Leave on time on Fridays" and first.version == 2
    with pytest.raises(StaleEditError):
        services.session_update(session=first, expected_version=1, goal="Overwritten")
    with pytest.raises(ValidationError, match="cannot be dated after it"):
        services.session_update(session=first, expected_version=2, held_on=_days_ago(1))
    with pytest.raises(ValidationError, match="cannot be dated before it"):
        services.session_update(session=second, expected_version=second.version, held_on=_days_ago(20))
    first.refresh_from_db()
    assert first.goal == "Leave on time on Fridays"


def test_a_reflection_is_the_peers_own_and_replaces_what_they_wrote(pair, world):
    session = pair.reciprocal_sessions.get()
    services.reflection_save(session=session, peer=world.coach, reflection="I rushed.", wellbeing_start=2)
    mine = services.reflection_save(
        session=session, peer=world.coach, reflection="I rushed to fix things.", wellbeing_start=2, wellbeing_end=4
    )
    assert PeerReflection.objects.filter(session=session).count() == 1 and mine.version == 2
    with pytest.raises(ValidationError, match="Only the two peers"):
        services.reflection_save(session=session, peer=world.other_coach, reflection="Not mine")
    # The audit trail says a reflection was written, never what it says.
    entries = AuditEntry.objects.filter(action__startswith="reciprocal.reflection")
    assert entries.count() == 2 and all("rushed" not in str(e.changes) for e in entries)
    # The other peer's view of the session carries their own (none), not Sam's.
    assert selectors.my_reflection(session, peer_user(world)) is None
    assert selectors.my_reflection(session, world.coach_user).reflection == "I rushed to fix things."


def test_wellbeing_out_of_range_is_refused_by_the_database(pair, world):
    session = pair.reciprocal_sessions.get()
    with pytest.raises(IntegrityError), transaction.atomic():
        PeerReflection.objects.create(organisation=world.org, session=session, peer=world.coach, wellbeing_start=9)


def test_the_rhythm_follows_the_programmes_expected_contact(pair, world):
    # Fortnightly: the last session ten days ago, so due in four days.
    rhythm = selectors.rhythm_of(pair)
    assert rhythm.last_on == _days_ago(10) and rhythm.due_on == _days_ago(-4) and not rhythm.overdue
    pair.programme.contact_every_days = 7
    pair.programme.save(update_fields=["contact_every_days"])
    pair = ReciprocalPair.objects.select_related("programme").get(pk=pair.pk)
    rhythm = selectors.rhythm_of(pair)
    assert rhythm.overdue and rhythm.days_overdue == 3
    assert [p.pk for p in selectors.overdue_pairs(world.coordinator)] == [pair.pk]


def test_coordinators_see_overdue_pairs_on_their_home_and_peers_their_own_pair(pair, world):
    pair.programme.contact_every_days = 7
    pair.programme.save(update_fields=["contact_every_days"])
    page = _as(world.coordinator).get("/").content.decode()
    assert "Peer pairs overdue a session" in page and "Sam Turner and Nadia Hussain" in page
    mine = _as(world.coach_user).get("/").content.decode()
    assert "Your peer coaching pair" in mine and "You and Nadia Hussain" in mine and "A session is overdue" in mine
    # Someone not in a pair sees no panel.
    other = UserFactory(organisation=world.org, role="coach")
    CoachFactory(organisation=world.org, user=other)
    assert "Your peer coaching pair" not in _as(other).get("/").content.decode()


def test_the_peer_pairs_list_keeps_its_query_count(as_role, pair, world, django_assert_max_num_queries):
    client = as_role("coordinator")
    client.get("/peer-pairs/")
    with django_assert_max_num_queries(12) as few:
        response = client.get("/peer-pairs/")
    assert "Sam Turner and Nadia Hussain" in response.content.decode()
    programme = ProgrammeFactory(organisation=world.org, kind="reciprocal", name="Second reciprocal")
    for _ in range(5):
        first, second = CoachFactory(organisation=world.org), CoachFactory(organisation=world.org)
        more = ReciprocalPair.objects.create(
            organisation=world.org, programme=programme, first=first, second=second, score=0.5
        )
        services.session_record(pair=more, held_on=_days_ago(3), coach=first, focus="wellbeing")
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get("/peer-pairs/").status_code == 200


def test_a_peer_records_a_session_and_a_reflection_on_the_pages(pair, world):
    nadia = _as(peer_user(world))
    form = nadia.get(f"/peer-pairs/{pair.pk}/sessions/new/")
    # Taking turns: Sam coached last time, so Nadia is chosen already.
    assert form.context["form"].initial["coach"] == pair.second_id
    response = nadia.post(
        f"/peer-pairs/{pair.pk}/sessions/new/",
        {"held_on": TODAY().isoformat(), "coach": pair.second_id, "focus": "goal_setting", "goal": "Plan my week"},
        follow=True,
    )
    assert "has been recorded" in response.content.decode() and "also coached" not in response.content.decode()
    session = pair.reciprocal_sessions.order_by("-pk").first()
    assert session.coach == pair.second and session.recorded_by == peer_user(world)
    reflected = nadia.post(
        f"/peer-sessions/{session.pk}/reflection/",
        {"reflection": "Planning out loud helped.", "wellbeing_start": "3", "wellbeing_end": "4"},
        follow=True,
    )
    assert "Only you can read it" in reflected.content.decode()
    assert "Planning out loud helped." in reflected.content.decode()
    # Sam (the other peer) and the coordinator do not read it.
    assert "Planning out loud helped." not in _as(world.coach_user).get(f"/peer-pairs/{pair.pk}/").content.decode()
    staff_view = _as(world.coordinator).get(f"/peer-pairs/{pair.pk}/").content.decode()
    assert "Planning out loud helped." not in staff_view and "private to them" in staff_view


def test_a_coordinator_records_a_session_and_sees_the_gentle_warning(pair, world):
    response = _as(world.coordinator).post(
        f"/peer-pairs/{pair.pk}/sessions/new/",
        {"held_on": _days_ago(1).isoformat(), "coach": world.coach.pk, "focus": "wellbeing"},
        follow=True,
    )
    assert "Sam also coached last time" in response.content.decode()
    assert pair.reciprocal_sessions.count() == 2


def test_a_session_before_the_previous_one_is_refused_on_the_page(pair, world):
    response = _as(world.coach_user).post(
        f"/peer-pairs/{pair.pk}/sessions/new/",
        {"held_on": _days_ago(30).isoformat(), "coach": pair.second_id, "focus": "wellbeing"},
    )
    assert response.status_code == 200
    assert "cannot be dated before it" in response.content.decode()
    assert pair.reciprocal_sessions.count() == 1


def test_a_stale_correction_on_the_page_is_refused_with_a_clear_message(pair, world):
    session = pair.reciprocal_sessions.get()
    services.session_update(session=session, expected_version=1, goal="Changed by Nadia")
    response = _as(world.coach_user).post(
        f"/peer-sessions/{session.pk}/edit/",
        {
            "version": "1",
            "held_on": session.held_on.isoformat(),
            "coach": world.coach.pk,
            "focus": "wellbeing",
            "goal": "Changed by Sam",
        },
    )
    assert "Someone else changed this record" in response.content.decode()
    session.refresh_from_db()
    assert session.goal == "Changed by Nadia"


def test_the_coach_page_shows_their_pair_to_staff(pair, world):
    page = _as(world.coordinator).get(f"/coaches/{world.coach.pk}/").content.decode()
    assert "Reciprocal peer coaching" in page and "With Nadia Hussain" in page


def test_another_organisations_pair_is_not_found(pair, world):
    outsider = _as(world.outsider)
    assert outsider.get(f"/peer-pairs/{pair.pk}/").status_code == 404
    assert outsider.get(f"/peer-sessions/{pair.reciprocal_sessions.get().pk}/edit/").status_code == 404
    assert ReciprocalSession.objects.count() == 1
