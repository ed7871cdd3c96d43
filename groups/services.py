"""Writes for facilitated groups: forming a group, its schedule, running each session, ending it."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from core import audit
from core.services import create_audited
from meetings.models import Meeting, MeetingParticipant
from meetings.services import Taking, meeting_schedule_for
from organisations.models import Programme
from organisations.permissions import can

from .models import (
    MAX_COMMITMENTS,
    MAX_MEMBERS,
    MIN_MEMBERS,
    Attendance,
    Commitment,
    Group,
    GroupMember,
    GroupSession,
    JoinRequest,
)

SHORT_GAP = datetime.timedelta(days=7)


# --- forming ---------------------------------------------------------------------------------


def member_warnings(members: list[GroupMember]) -> list[str]:
    """What a coordinator should know about a group's mix: peers from the same team, or seniority
    far apart, make the questions less open. Warnings, not refusals: a small pool may need it."""
    warnings = []
    by_team: dict[str, list[str]] = {}
    for member in members:
        by_team.setdefault(member.team.strip().casefold(), []).append(member.coach.first_name)
    for names in by_team.values():
        if len(names) > 1:
            warnings.append(
                f"{' and '.join(names)} work in the same team, so they may hold back in front of each other."
            )
    levels = [member.seniority for member in members]
    if levels and max(levels) - min(levels) > 1:
        top = max(members, key=lambda m: m.seniority)
        low = min(members, key=lambda m: m.seniority)
        warnings.append(
            f"{top.coach.first_name} ({top.get_seniority_display().lower()}) and {low.coach.first_name} "
            f"({low.get_seniority_display().lower()}) are far apart in seniority; peers do best at a similar level."
        )
    return warnings


def group_create(*, organisation, programme: Programme, facilitator, **fields: Any) -> Group:
    if programme.kind != Programme.Kind.GROUP:
        raise ValidationError({"programme": "Groups run in a programme of the type “facilitated group”."})
    if facilitator.organisation_id != organisation.pk or not can(facilitator, "groups.facilitate"):
        raise ValidationError({"facilitator": "The facilitator must be a group facilitator or coordinator here."})
    group = Group(organisation=organisation, programme=programme, facilitator=facilitator, **fields)
    return create_audited(
        instance=group, action="groups.group.created", audit_fields=["name", "channel", "weekday", "gap_days"]
    )


def member_add(*, group: Group, coach, team: str, seniority: int, cannot_make: list[str] | None = None) -> GroupMember:
    with transaction.atomic():
        Group.objects.select_for_update().filter(pk=group.pk).first()
        if group.status != Group.Status.FORMING:
            raise ValidationError("Members can only be added while the group is being formed.")
        if coach.organisation_id != group.organisation_id:
            raise ValidationError({"coach": "Choose someone in this organisation."})
        if group.members.count() >= MAX_MEMBERS:
            raise ValidationError(f"A group has at most {MAX_MEMBERS} members.")
        if group.members.filter(coach=coach).exists():
            raise ValidationError({"coach": f"{coach} is already in this group."})
        turn = (group.members.order_by("-turn").values_list("turn", flat=True).first() or 0) + 1
        member = GroupMember(
            organisation_id=group.organisation_id,
            group=group,
            coach=coach,
            team=team,
            seniority=seniority,
            turn=turn,
            cannot_make=sorted(cannot_make or []),
        )
        return create_audited(instance=member, action="groups.member.added", audit_fields=["team", "seniority"])


def member_remove(*, member: GroupMember) -> None:
    with transaction.atomic():
        if member.group.status != Group.Status.FORMING:
            raise ValidationError("Once the sessions are under way, a member stays on the record.")
        audit.record(
            action="groups.member.removed",
            organisation=member.group.organisation,
            obj=member.group,
            changes={"member": [str(member), None]},
        )
        member.delete()


# --- the schedule ----------------------------------------------------------------------------


@dataclass
class Proposal:
    """A proposed series: each session's date and presenter (None for the closing session), and
    what was moved to fit people's dates, in words."""

    sessions: list[tuple[datetime.date, GroupMember | None]]
    notes: list[str] = field(default_factory=list)


def _on_weekday(day: datetime.date, weekday: int) -> datetime.date:
    return day + datetime.timedelta(days=(weekday - day.weekday()) % 7)


def schedule_propose(*, group: Group, first_date: datetime.date) -> Proposal:
    """members + 1 sessions on the group's usual day, `gap_days` apart, moved a week on where
    members cannot make a date; everyone presents once, in turn order, and a presenter who cannot
    make their turn swaps with the next who can."""
    members = list(group.members.select_related("coach"))
    cannot = {member.pk: set(member.cannot_make) for member in members}
    notes: list[str] = []
    dates: list[datetime.date] = []
    day = _on_weekday(first_date, group.weekday)
    for _ in range(len(members) + 1):
        clashes = [m for m in members if day.isoformat() in cannot[m.pk]]
        later = day + datetime.timedelta(days=7)
        if len(clashes) > 1 and sum(later.isoformat() in cannot[m.pk] for m in members) < len(clashes):
            names = " and ".join(m.coach.first_name for m in clashes)
            notes.append(f"Moved from {day:%-d %B} to {later:%-d %B}: {names} cannot make it.")
            day = later
        dates.append(day)
        day += datetime.timedelta(days=group.gap_days)
    order: list[GroupMember] = list(members)
    for index, day in enumerate(dates[: len(order)]):
        presenter = order[index]
        if day.isoformat() not in cannot[presenter.pk]:
            continue
        for later_index in range(index + 1, len(order)):
            other = order[later_index]
            if day.isoformat() not in cannot[other.pk]:
                order[index], order[later_index] = other, presenter
                notes.append(
                    f"{presenter.coach.first_name} cannot make {day:%-d %B}, so they swap turns with "
                    f"{other.coach.first_name}."
                )
                break
    sessions = [(day, order[index] if index < len(order) else None) for index, day in enumerate(dates)]
    return Proposal(sessions=sessions, notes=notes)


def schedule_confirm(
    *, group: Group, sessions: list[tuple[datetime.date, GroupMember | None]], note: str = ""
) -> list[GroupSession]:
    """Start the series: a meeting per session in everyone's calendar. Refused with fewer than three
    members, dates out of order, a presenter who is not a member or presents twice, or a number of
    sessions other than members + 1 without a reason."""
    with transaction.atomic():
        Group.objects.select_for_update().filter(pk=group.pk).first()
        group.refresh_from_db()
        members = list(group.members.select_related("coach"))
        if group.status != Group.Status.FORMING:
            raise ValidationError("This group's series has already been scheduled.")
        if len(members) < MIN_MEMBERS:
            raise ValidationError(f"A group needs at least {MIN_MEMBERS} members before its series can start.")
        if len(sessions) != len(members) + 1 and not note.strip():
            raise ValidationError(
                {"note": f"A group of {len(members)} usually has {len(members) + 1} sessions: say why this differs."}
            )
        dates = [day for day, _ in sessions]
        if any(later <= earlier for earlier, later in zip(dates, dates[1:], strict=False)):
            raise ValidationError("Each session must be after the one before it.")
        ids = {member.pk for member in members}
        presenters = [presenter.pk for _, presenter in sessions if presenter is not None]
        if any(pk not in ids for pk in presenters):
            raise ValidationError("Every presenter must be a member of this group.")
        if len(presenters) != len(set(presenters)):
            raise ValidationError("Each member presents once in a series.")
        created = []
        for number, (day, presenter) in enumerate(sessions, start=1):
            created.append(_session_create(group, members, number, day, presenter))
        group.status, group.schedule_note = Group.Status.RUNNING, note.strip()
        Group.objects.filter(pk=group.pk).update(status=group.status, schedule_note=group.schedule_note)
        audit.record(
            action="groups.series.scheduled",
            organisation=group.organisation,
            obj=group,
            changes={"sessions": [None, len(created)], "first": [None, dates[0]]},
        )
    return created


def short_gaps(sessions: list[tuple[datetime.date, Any]]) -> list[str]:
    """A warning for each gap under a week: members need time to act on their commitments."""
    dates = [day for day, _ in sessions]
    return [
        f"Only {(later - earlier).days} days between {earlier:%-d %B} and {later:%-d %B}."
        for earlier, later in zip(dates, dates[1:], strict=False)
        if later - earlier < SHORT_GAP
    ]


def _session_create(group, members, number, day, presenter) -> GroupSession:
    starts_at = timezone.make_aware(datetime.datetime.combine(day, group.start_time))
    online = group.channel == Group.Channel.ONLINE
    meeting = meeting_schedule_for(
        organisation=group.organisation,
        owner_kind=Meeting.OwnerKind.GROUP,
        programme=group.programme,
        participants=[Taking(group.facilitator, MeetingParticipant.Part.FACILITATOR)]
        + [Taking(member.coach) for member in members],
        starts_at=starts_at,
        expected_minutes=90,
        channel=Meeting.Channel.VIDEO if online else Meeting.Channel.FACE_TO_FACE,
        place_kind="" if online else Meeting.Place.OTHER,
        place=group.link if online else group.place,
        with_staff=True,
    )
    # A facilitated session has a facilitator with the group: nobody is working alone, so the
    # lone-working sweep has nothing to watch.
    Meeting.objects.filter(pk=meeting.pk).update(checkout_due_at=None)
    return GroupSession.objects.create(
        organisation_id=group.organisation_id, group=group, number=number, meeting=meeting, presenter=presenter
    )


def turns_swap(*, session: GroupSession, other: GroupSession) -> None:
    """A member who will miss their turn swaps with another session's presenter."""
    with transaction.atomic():
        if session.group_id != other.group_id or session.held_at or other.held_at:
            raise ValidationError("Only turns still to come in the same group can be swapped.")
        first, second = session.presenter, other.presenter
        GroupSession.objects.filter(pk=session.pk).update(presenter=second)
        GroupSession.objects.filter(pk=other.pk).update(presenter=first)
        audit.record(
            action="groups.turns.swapped",
            organisation=session.group.organisation,
            obj=session.group,
            changes={f"session {session.number}": [str(first), str(second)]},
        )


# --- members and sessions --------------------------------------------------------------------


def rules_accept(*, member: GroupMember) -> GroupMember:
    if member.rules_accepted_at is None:
        member.rules_accepted_at = timezone.now()
        GroupMember.objects.filter(pk=member.pk).update(rules_accepted_at=member.rules_accepted_at)
        audit.record(
            action="groups.rules.accepted",
            organisation=member.group.organisation,
            obj=member.group,
            changes={"member": [None, str(member)]},
        )
    return member


def session_record(
    *,
    session: GroupSession,
    attendance: dict[int, str],
    reviews: dict[int, tuple[str, str]],
    issue: str = "",
    commitments: list[str] | None = None,
    notes: str = "",
) -> GroupSession:
    """What happened: who came, last presenter's feedback on each commitment, today's issue and
    the presenter's commitments (one to three)."""
    commitments = [text.strip() for text in (commitments or []) if text.strip()]
    with transaction.atomic():
        session = GroupSession.objects.select_for_update().select_related("group").get(pk=session.pk)
        members = {member.pk: member for member in session.group.members.all()}
        if set(attendance) != set(members):
            raise ValidationError({"attendance": "Say for every member whether they came."})
        if any(status not in Attendance.Status.values for status in attendance.values()):
            raise ValidationError({"attendance": "Choose came, sent apologies or did not come."})
        if len(commitments) > MAX_COMMITMENTS:
            raise ValidationError({"commitments": f"At most {MAX_COMMITMENTS} commitments: keep them to what matters."})
        if commitments and session.presenter_id is None:
            raise ValidationError({"commitments": "This session has no presenter to make commitments."})
        if session.presenter_id and not commitments:
            raise ValidationError({"commitments": "Write at least one thing the presenter will do by next session."})
        earlier = session.group.sessions.filter(number__lt=session.number, held_at__isnull=True).first()
        if earlier is not None:
            raise ValidationError(f"Record session {earlier.number} first.")
        due = {c.pk: c for c in commitments_due(session)}
        for pk, (outcome, _) in reviews.items():
            if pk not in due or outcome not in Commitment.Outcome.values:
                raise ValidationError({"reviews": "Say for each commitment whether it was done."})
        if set(reviews) != set(due):
            raise ValidationError({"reviews": "Say for each commitment whether it was done."})
        first_time = session.held_at is None
        Attendance.objects.filter(session=session).delete()
        Attendance.objects.bulk_create(
            Attendance(organisation_id=session.organisation_id, session=session, member_id=pk, status=status)
            for pk, status in attendance.items()
        )
        for pk, (outcome, reflection) in reviews.items():
            Commitment.objects.filter(pk=pk).update(outcome=outcome, reflection=reflection, reviewed_in=session)
        if session.presenter_id:
            Commitment.objects.filter(made_in=session).delete()
            Commitment.objects.bulk_create(
                Commitment(
                    organisation_id=session.organisation_id, member_id=session.presenter_id, made_in=session, text=t
                )
                for t in commitments
            )
        session.issue, session.notes = issue, notes
        session.held_at = session.held_at or timezone.now()
        session.save(update_fields=["issue", "notes", "held_at", "updated_at"])
        Meeting.objects.filter(pk=session.meeting_id).update(outcome=Meeting.Outcome.ATTENDED)
        audit.record(
            action="groups.session.recorded" if first_time else "groups.session.changed",
            organisation=session.group.organisation,
            obj=session.group,
            changes={f"session {session.number}": [None, {"came": sum(s == "present" for s in attendance.values())}]},
        )
    return session


def commitments_due(session: GroupSession) -> list[Commitment]:
    """The commitments this session opens with: those made at the session before it."""
    return list(
        Commitment.objects.filter(made_in__group_id=session.group_id, made_in__number=session.number - 1)
        .select_related("member__coach")
        .order_by("pk")
    )


def series_end(*, group: Group, reflections: dict[int, dict[str, Any]]) -> Group:
    """Close the series once every session is recorded, with each member's reflection."""
    with transaction.atomic():
        group = Group.objects.select_for_update().get(pk=group.pk)
        if group.status != Group.Status.RUNNING:
            raise ValidationError("Only a series under way can be ended.")
        waiting = group.sessions.filter(held_at__isnull=True).count()
        if waiting:
            raise ValidationError(f"{waiting} session{'s' if waiting > 1 else ''} still to record before the end.")
        for member in group.members.all():
            said = reflections.get(member.pk, {})
            GroupMember.objects.filter(pk=member.pk).update(
                what_changed=said.get("what_changed", ""),
                will_keep_using=said.get("will_keep_using", ""),
                ready_to_facilitate=bool(said.get("ready_to_facilitate")),
            )
        group.status, group.ended_on = Group.Status.ENDED, timezone.localdate()
        group.save(update_fields=["status", "ended_on", "updated_at"])
        audit.record(
            action="groups.series.ended",
            organisation=group.organisation,
            obj=group,
            changes={"ended_on": [None, group.ended_on]},
        )
    return group


# --- the pool: asking to join, and forming groups from it ------------------------------------


def join_request_create(
    *,
    organisation,
    programme: Programme,
    coach,
    requested_by,
    team: str,
    role: str,
    seniority: int,
    location: str = "",
    work_on: str = "",
    cannot_make: list[str] | None = None,
) -> JoinRequest:
    """Put someone in a programme's pool. Refused for a programme that does not run groups, a
    person without a sign-in here, or someone already waiting in that programme's pool."""
    if programme.organisation_id != organisation.pk or programme.kind != Programme.Kind.GROUP:
        raise ValidationError({"programme": "Choose a programme of the type “facilitated group”."})
    if coach.organisation_id != organisation.pk or coach.user_id is None:
        raise ValidationError({"coach": "Choose someone in this organisation who can sign in."})
    with transaction.atomic():
        waiting = JoinRequest.objects.select_for_update().filter(
            programme=programme, coach=coach, status=JoinRequest.Status.WAITING
        )
        if waiting.exists():
            raise ValidationError({"coach": f"{coach} is already waiting for a group in {programme}."})
        request = JoinRequest(
            organisation=organisation,
            programme=programme,
            coach=coach,
            requested_by=requested_by,
            team=team.strip(),
            role=role.strip(),
            seniority=seniority,
            location=location.strip(),
            work_on=work_on,
            cannot_make=sorted(cannot_make or []),
        )
        return create_audited(
            instance=request, action="groups.join_request.created", audit_fields=["team", "seniority", "status"]
        )


def join_request_withdraw(*, request: JoinRequest) -> JoinRequest:
    with transaction.atomic():
        claimed = JoinRequest.objects.filter(pk=request.pk, status=JoinRequest.Status.WAITING).update(
            status=JoinRequest.Status.WITHDRAWN, updated_at=timezone.now()
        )
        if not claimed:
            raise ValidationError("This request is no longer waiting, so it cannot be withdrawn.")
        audit.record(
            action="groups.join_request.withdrawn",
            organisation=request.organisation,
            obj=request,
            changes={"status": [JoinRequest.Status.WAITING, JoinRequest.Status.WITHDRAWN]},
        )
    request.refresh_from_db()
    return request


def _free_name(organisation, programme: Programme, taken: set[str]) -> str:
    existing = set(Group.objects.filter(organisation=organisation).values_list("name", flat=True)) | taken
    number = 1
    while f"{programme.name}: group {number}" in existing:
        number += 1
    return f"{programme.name}: group {number}"


def pool_confirm(*, programme: Programme, groups: list[list[int]], **meeting: Any) -> list[Group]:
    """Create the proposed groups (as the coordinator left them) with their members, and mark their
    requests placed, all in one transaction: nothing is half-made. Refused if someone is in two
    groups, a request is no longer waiting in this programme's pool, or a group has fewer than 3 or
    more than 8 members. `meeting`: facilitator, channel, place, link, weekday, start_time."""
    organisation = programme.organisation
    seen: set[int] = set()
    for index, ids in enumerate(groups, start=1):
        twice = seen & set(ids) or {i for i in ids if ids.count(i) > 1}
        if twice:
            raise ValidationError("The same person cannot be in two of the new groups: put each person in one group.")
        seen |= set(ids)
        if not MIN_MEMBERS <= len(ids) <= MAX_MEMBERS:
            raise ValidationError(f"Group {index} has {len(ids)} people: a group needs {MIN_MEMBERS} to {MAX_MEMBERS}.")
    if not groups:
        raise ValidationError("There are no groups to create.")
    facilitator = meeting.pop("facilitator")
    made: list[Group] = []
    with transaction.atomic():
        requests = {
            r.pk: r
            for r in JoinRequest.objects.select_for_update()
            .select_related("coach")
            .filter(pk__in=seen, programme=programme, status=JoinRequest.Status.WAITING)
        }
        gone = seen - set(requests)
        if gone:
            raise ValidationError(
                "Someone in these groups is no longer waiting (placed or withdrawn meanwhile): look again at the pool."
            )
        names: set[str] = set()
        for ids in groups:
            name = _free_name(organisation, programme, names)
            names.add(name)
            group = group_create(
                organisation=organisation, programme=programme, facilitator=facilitator, name=name, **meeting
            )
            for pk in ids:
                request = requests[pk]
                member_add(
                    group=group,
                    coach=request.coach,
                    team=request.team,
                    seniority=request.seniority,
                    cannot_make=request.cannot_make,
                )
                JoinRequest.objects.filter(pk=pk).update(
                    status=JoinRequest.Status.PLACED, group=group, updated_at=timezone.now()
                )
            audit.record(
                action="groups.pool.placed",
                organisation=organisation,
                obj=group,
                changes={"requests": [None, sorted(ids)]},
            )
            made.append(group)
    return made
