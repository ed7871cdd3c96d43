"""Facilitated group peer coaching (issue 16): forming, scheduling, running and ending a series."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from groups import selectors, services
from groups.models import Attendance, Commitment, Group, GroupMember
from meetings.models import Meeting
from meetings.selectors import meetings_taken_part_in

from ..factories import CoachFactory, UserFactory
from .helpers import group_in

pytestmark = pytest.mark.usefixtures("scoped")


@pytest.fixture
def forming(world):
    return group_in(world, schedule=False)


@pytest.fixture
def running(world):
    return group_in(world)


def _all_present(group) -> dict:
    return {m.pk: "present" for m in group.members.all()}


def test_fewer_than_three_members_cannot_start_a_series(forming):
    forming.members.last().delete()
    proposal = services.schedule_propose(group=forming, first_date=timezone.localdate())
    with pytest.raises(ValidationError, match="at least 3 members"):
        services.schedule_confirm(group=forming, sessions=proposal.sessions)
    assert not forming.sessions.exists()


def test_a_series_has_members_plus_one_sessions_unless_the_facilitator_says_why(forming):
    proposal = services.schedule_propose(group=forming, first_date=timezone.localdate())
    assert len(proposal.sessions) == 4
    assert [p.turn for _, p in proposal.sessions[:3]] == [1, 2, 3] and proposal.sessions[3][1] is None
    gaps = {(b - a).days for (a, _), (b, _) in zip(proposal.sessions, proposal.sessions[1:], strict=False)}
    assert gaps == {14}
    with pytest.raises(ValidationError) as refused:
        services.schedule_confirm(group=forming, sessions=proposal.sessions[:3])
    assert "note" in refused.value.error_dict
    services.schedule_confirm(group=forming, sessions=proposal.sessions[:3], note="The room is closed after.")
    forming.refresh_from_db()
    assert forming.sessions.count() == 3 and forming.schedule_note == "The room is closed after."


def test_sessions_out_of_order_or_a_stranger_presenting_are_refused(forming, world):
    proposal = services.schedule_propose(group=forming, first_date=timezone.localdate())
    swapped = [proposal.sessions[1], proposal.sessions[0], *proposal.sessions[2:]]
    with pytest.raises(ValidationError, match="after the one before"):
        services.schedule_confirm(group=forming, sessions=swapped)
    stranger = GroupMember(pk=999_999, group=forming, coach=world.coach, team="x", seniority=1, turn=9)
    with pytest.raises(ValidationError, match="must be a member"):
        services.schedule_confirm(group=forming, sessions=[*proposal.sessions[:3], (proposal.sessions[3][0], stranger)])
    assert not forming.sessions.exists() and not Meeting.objects.filter(owner_kind="group").exists()


def test_short_gaps_warn():
    today = timezone.localdate()
    assert services.short_gaps([(today, None), (today + datetime.timedelta(days=5), None)]) == [
        f"Only 5 days between {today:%-d %B} and {today + datetime.timedelta(days=5):%-d %B}."
    ]


def test_the_schedule_avoids_dates_and_a_presenter_who_cannot_come_swaps(forming):
    first = timezone.localdate()
    second = first + datetime.timedelta(days=14)
    members = list(forming.members.all())
    members[1].cannot_make = [second.isoformat()]
    members[1].save()
    proposal = services.schedule_propose(group=forming, first_date=first)
    assert [p.pk if p else None for _, p in proposal.sessions] == [members[0].pk, members[2].pk, members[1].pk, None]
    assert any("swap turns" in note for note in proposal.notes)
    # Two members who cannot make a date move the session a week on.
    members[0].cannot_make = [second.isoformat()]
    members[0].save()
    proposal = services.schedule_propose(group=forming, first_date=first)
    assert proposal.sessions[1][0] == second + datetime.timedelta(days=7)


def test_the_mix_warns_about_one_team_and_far_apart_seniority(forming):
    members = list(forming.members.all())
    members[1].team, members[2].seniority = members[0].team, 5
    warnings = services.member_warnings(members)
    assert any("same team" in w for w in warnings) and any("seniority" in w for w in warnings)


def test_running_a_session_then_opening_the_next_with_the_feedback(running):
    first, second = running.sessions.all()[:2]
    services.session_record(
        session=first,
        attendance=_all_present(running),
        reviews={},
        issue="Managers will not release staff.",
        commitments=["Ask two managers", "Draft a case"],
    )
    due = services.commitments_due(second)
    assert [c.text for c in due] == ["Ask two managers", "Draft a case"]
    services.session_record(
        session=second,
        attendance={**_all_present(running), running.members.last().pk: "apologies"},
        reviews={due[0].pk: ("done", "It went well."), due[1].pk: ("partly", "")},
        issue="Momentum.",
        commitments=["Set up a drop-in"],
    )
    assert Commitment.objects.get(text="Draft a case").outcome == "partly"
    assert Attendance.objects.filter(status="apologies").count() == 1
    assert Meeting.objects.get(pk=first.meeting_id).outcome == "attended"


@pytest.mark.parametrize(
    "change, message",
    [
        ({"commitments": ["a", "b", "c", "d"]}, "At most 3"),
        ({"commitments": []}, "at least one"),
        ({"attendance": {}}, "every member"),
    ],
)
def test_bad_session_records_are_refused_and_nothing_is_saved(running, change, message):
    first = running.sessions.first()
    values = {"attendance": _all_present(running), "reviews": {}, "issue": "x", "commitments": ["a"], **change}
    with pytest.raises(ValidationError, match=message):
        services.session_record(session=first, **values)
    first.refresh_from_db()
    assert first.held_at is None and not Attendance.objects.exists() and not Commitment.objects.exists()


def test_a_later_session_waits_for_the_one_before(running):
    second = running.sessions.all()[1]
    with pytest.raises(ValidationError, match="Record session 1 first"):
        services.session_record(session=second, attendance=_all_present(running), reviews={}, commitments=["a"])


def test_the_series_ends_only_when_every_session_is_recorded(running):
    with pytest.raises(ValidationError, match="still to record"):
        services.series_end(group=running, reflections={})
    for session in running.sessions.all():
        due = services.commitments_due(session)
        services.session_record(
            session=session,
            attendance=_all_present(running),
            reviews={c.pk: ("done", "") for c in due},
            issue="x" if session.presenter_id else "",
            commitments=["a"] if session.presenter_id else [],
        )
    member = running.members.first()
    said = {member.pk: {"what_changed": "More open.", "ready_to_facilitate": True}}
    services.series_end(group=running, reflections=said)
    running.refresh_from_db()
    member.refresh_from_db()
    assert running.status == Group.Status.ENDED and member.ready_to_facilitate
    assert selectors.series_summary(running)[0]["came"] == 4


def test_sessions_are_in_each_members_calendar(running, world):
    mine = meetings_taken_part_in(world.coach_user).filter(owner_kind="group")
    assert mine.count() == 4
    assert meetings_taken_part_in(world.facilitator).filter(owner_kind="group").count() == 4
    # Nobody is working alone with a facilitator in the room: the lone-working sweep has nothing to watch.
    assert not Meeting.objects.filter(owner_kind="group", checkout_due_at__isnull=False).exists()


def test_who_sees_a_group(as_role, running, world):
    other_facilitator = UserFactory(organisation=world.org, role="facilitator")
    assert not selectors.groups_visible_to(other_facilitator).exists()
    outsider_member = CoachFactory(organisation=world.org, user=UserFactory(organisation=world.org, role="coach"))
    assert not selectors.groups_visible_to(outsider_member.user).exists()
    assert list(selectors.groups_visible_to(world.coach_user)) == [running]
    assert as_role("outsider").get(f"/groups/{running.pk}/").status_code == 404


def test_a_members_issue_text_follows_the_groups_agreement(as_role, running, world):
    first = running.sessions.first()
    services.session_record(
        session=first, attendance=_all_present(running), reviews={}, issue="A private worry.", commitments=["a"]
    )
    presenter = first.presenter.coach.user
    others = [m.coach.user for m in running.members.all() if m.coach.user != presenter]
    viewer = next(user for user in others if user is not None)
    from django.test import Client

    browser = Client()
    browser.force_login(viewer)
    assert "A private worry." not in browser.get(f"/groups/{running.pk}/").content.decode()
    Group.objects.filter(pk=running.pk).update(issue_sharing=Group.IssueSharing.GROUP)
    assert "A private worry." in browser.get(f"/groups/{running.pk}/").content.decode()
    assert "A private worry." in as_role("facilitator").get(f"/groups/{running.pk}/").content.decode()


def test_a_member_accepts_the_ground_rules(as_role, running, world):
    member = running.members.get(coach=world.coach)
    assert member.rules_accepted_at is None
    assert as_role("coach").post(f"/groups/{running.pk}/rules/").status_code == 302
    member.refresh_from_db()
    assert member.rules_accepted_at is not None


def test_the_group_page_keeps_its_query_count(as_role, running, world, django_assert_max_num_queries):
    client = as_role("coordinator")
    client.get(f"/groups/{running.pk}/")
    with django_assert_max_num_queries(30) as few:
        client.get(f"/groups/{running.pk}/")
    for session in running.sessions.all()[:2]:
        due = services.commitments_due(session)
        services.session_record(
            session=session,
            attendance=_all_present(running),
            reviews={c.pk: ("done", "") for c in due},
            issue="x",
            commitments=["a", "b", "c"],
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(f"/groups/{running.pk}/")


def test_the_audit_trail_reads_a_groups_changes_in_words(as_role, running):
    # The series' audit entry names "sessions", which on a group is a reverse relation with no label.
    response = as_role("orgadmin").get("/audit/")
    assert response.status_code == 200
    assert "Sessions" in response.content.decode()


def test_the_day_before_reminder_covers_a_group_session(running, world, django_capture_on_commit_callbacks):
    """A group's sessions are meetings with their members as participants, so the reminder sweep
    that reminds one-to-one meetings reminds each member who wants reminders the day before."""
    from django.core import mail

    from meetings.reminders import send_reminders

    first = running.sessions.order_by("number").first().meeting
    now = timezone.now()
    Meeting.objects.filter(pk=first.pk).update(
        starts_at=now + datetime.timedelta(hours=20), created_at=now - datetime.timedelta(days=7)
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert send_reminders(now=now) == 1
    members = [m.coach for m in running.members.select_related("coach__user")]
    emails = {m.email or m.user.email for m in members if m.meeting_reminders and (m.email or m.user_id)}
    assert emails and emails <= {address for message in mail.outbox for address in message.to}


def test_the_facilitator_downloads_the_series_summary_as_a_pdf(as_role, running, world):
    response = as_role("facilitator").get(f"/groups/{running.pk}/summary.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    assert "attachment" in response["Content-Disposition"]
    # A member reads the group's page but not the facilitator's summary.
    assert as_role("coach").get(f"/groups/{running.pk}/summary.pdf").status_code == 403
    page = as_role("facilitator").get(f"/groups/{running.pk}/").content.decode()
    assert "Download the series summary (PDF)" in page
