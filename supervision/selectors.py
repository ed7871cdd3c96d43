"""Reads for supervision. Who sees what:

- coordinators (supervision.manage) see every coach's supervision;
- a supervisor sees the coaches they supervise, and those whose supervisor is away while they are
  the deputy covering (Away dates include today); anyone else's coach is a 404;
- a coach sees their own: the dates and actions of their sessions, never the notes, and their log
  and wellbeing checks;
- a log entry or wellbeing check reaches the coach's supervisor (or the deputy covering) only once
  the coach shares it; coordinators do not read them;
- conduct concerns are read by coordinators and the coach's own supervisor (or the deputy
  covering) only, and exit conversations by coordinators and that supervisor.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Exists, Max, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from core.access import get_or_404
from meetings.models import FollowUp
from organisations.permissions import can, require
from people.models import Coach

from .models import (
    Action,
    Arrangement,
    Away,
    ConductConcern,
    ExitConversation,
    LogEntry,
    Request,
    RoleChange,
    Session,
    WellbeingCheck,
)

# Due "soon": within this many days a supervisor sees it coming on their home page.
SOON = datetime.timedelta(days=7)


def _away_today(today: datetime.date):
    return Away.objects.filter(starts_on__lte=today, ends_on__gte=today).values("supervisor")


def _supervising(user, today: datetime.date | None = None) -> Q:
    """The arrangements this person supervises now: their own, and those they cover for."""
    today = today or timezone.localdate()
    return Q(supervisor=user) | Q(deputy=user, supervisor__in=_away_today(today))


def arrangements_visible_to(user) -> QuerySet[Arrangement]:
    arrangements = Arrangement.objects.select_related("coach", "supervisor", "deputy")
    if can(user, "supervision.manage"):
        return arrangements
    if can(user, "supervision.supervise"):
        return arrangements.filter(_supervising(user))
    if can(user, "supervision.own"):
        return arrangements.filter(coach__user=user)
    return arrangements.none()


def supervises(user, coach: Coach) -> bool:
    """Whether `user` may read and record this coach's sessions (the notes included)."""
    if not can(user, "supervision.supervise"):
        return False
    if can(user, "supervision.manage"):
        return True
    return Arrangement.objects.filter(_supervising(user), coach=coach).exists()


def is_their_supervisor_now(user, coach: Coach) -> bool:
    """The supervisor (or deputy covering) only: who may read what a coach shared with supervision."""
    return can(user, "supervision.supervise") and Arrangement.objects.filter(_supervising(user), coach=coach).exists()


def coaches_visible_to(user) -> QuerySet[Coach]:
    """Coaches whose supervision page this person may open."""
    if can(user, "supervision.manage"):
        return Coach.objects.all()
    if can(user, "supervision.supervise"):
        supervised = Arrangement.objects.filter(_supervising(user)).values("pk")
        return Coach.objects.filter(supervision_arrangement__in=supervised)
    return Coach.objects.none()


def get_coach_for_user(user, coach_id, *, write: bool = False) -> Coach:
    """A coach's supervision page. `write`: recording a session (a coordinator, or their supervisor)."""
    if not (can(user, "supervision.view") or can(user, "supervision.supervise")):
        require(user, "supervision.view")
    coach = get_or_404(coaches_visible_to(user), coach_id)
    if write and not supervises(user, coach):
        require(user, "supervision.supervise")
    return coach


def own_coach(user) -> Coach:
    require(user, "supervision.own")
    coach = Coach.objects.filter(user=user).first()
    if coach is None:
        raise Http404
    return coach


# --- who is due --------------------------------------------------------------------------------


@dataclass
class Due:
    arrangement: Arrangement
    last_held_on: datetime.date | None
    due_on: datetime.date
    asked: bool
    covering: bool

    @property
    def coach(self) -> Coach:
        return self.arrangement.coach

    @property
    def days_overdue(self) -> int:
        return (timezone.localdate() - self.due_on).days

    @property
    def overdue(self) -> bool:
        return self.days_overdue > 0

    @property
    def soon(self) -> bool:
        return self.due_on <= timezone.localdate() + SOON


def due_list(user, *, only_due: bool = False) -> list[Due]:
    """Every arrangement the person sees, with when its next session is due (one rhythm after the
    last session, or after supervision started), soonest first. One query."""
    if not (can(user, "supervision.view") or can(user, "supervision.supervise")):
        return []
    open_request = Request.objects.filter(coach=OuterRef("coach"), answered_in__isnull=True)
    today = timezone.localdate()
    supervisor_away = Away.objects.filter(supervisor=OuterRef("supervisor"), starts_on__lte=today, ends_on__gte=today)
    rows = (
        arrangements_visible_to(user)
        .annotate(
            last_held_on=Max("coach__supervision_sessions__held_on"),
            asked=Exists(open_request),
            supervisor_away=Exists(supervisor_away),
        )
        .order_by()
    )
    user_id = getattr(user, "pk", None)
    due = [
        Due(
            arrangement=row,
            last_held_on=row.last_held_on,
            due_on=row.due_on(row.last_held_on),
            asked=row.asked,
            # The deputy covers only while the supervisor is away; otherwise a coordinator who is also
            # the deputy sees the coach as any coordinator does.
            covering=row.supervisor_id != user_id and row.deputy_id == user_id and row.supervisor_away,
        )
        for row in rows
    ]
    if only_due:
        due = [row for row in due if row.soon or row.asked]
    return sorted(due, key=lambda row: (not row.asked, row.due_on, str(row.coach)))


def follow_ups_for(user) -> QuerySet[FollowUp]:
    """Coaches who asked for a call after a meeting (meetings' debrief), for their own supervisor
    (or the deputy covering) until someone marks the call done; coordinators see them all."""
    if not (can(user, "supervision.view") or can(user, "supervision.supervise")):
        return FollowUp.objects.none()
    return (
        FollowUp.objects.filter(done_at__isnull=True, coach__in=coaches_visible_to(user).values("pk"))
        .select_related("coach", "debrief__meeting")
        .order_by("created_at", "pk")
    )


def follow_ups_addressed_to(user) -> Q:
    """meetings.selectors.FOLLOW_UPS_FOR: a call a coach asked for goes to their own supervisor (or
    the deputy covering) and the coordinators; a coach with no supervisor named yet, to all staff."""
    if can(user, "supervision.manage"):
        return Q()
    mine = Arrangement.objects.filter(_supervising(user)).values("pk")
    return Q(coach__supervision_arrangement__isnull=True) | Q(coach__supervision_arrangement__in=mine)


def get_follow_up_for_user(user, follow_up_id) -> FollowUp:
    return get_or_404(follow_ups_for(user), follow_up_id)


def open_requests_for(user) -> QuerySet[Request]:
    return Request.objects.filter(
        answered_in__isnull=True, coach__in=coaches_visible_to(user).values("pk")
    ).select_related("coach")


# --- one coach ---------------------------------------------------------------------------------


def open_actions(coach: Coach) -> list[Action]:
    """What is still to do from earlier sessions: carried over to the next until done."""
    return list(Action.objects.filter(coach=coach, done_at__isnull=True).select_related("agreed_in").order_by("pk"))


def sessions_of(coach: Coach) -> QuerySet[Session]:
    return (
        Session.objects.filter(coach=coach)
        .select_related("supervisor")
        .prefetch_related(
            Prefetch("actions_agreed", Action.objects.order_by("pk")),
            Prefetch("actions_done", Action.objects.order_by("pk")),
        )
    )


def arrangement_of(coach: Coach) -> Arrangement | None:
    return Arrangement.objects.filter(coach=coach).select_related("supervisor", "deputy").first()


def shared_log(coach: Coach) -> QuerySet[LogEntry]:
    return LogEntry.objects.filter(coach=coach, shared_at__isnull=False)


def shared_checks(coach: Coach) -> QuerySet[WellbeingCheck]:
    return WellbeingCheck.objects.filter(coach=coach, shared=True)


def role_history(coach: Coach) -> list[RoleChange]:
    return list(RoleChange.objects.filter(coach=coach).select_related("changed_by"))


def current_role(coach: Coach, history: list[RoleChange] | None = None) -> str:
    history = role_history(coach) if history is None else history
    return history[0].to_role if history else RoleChange.Role.CLIENT_CONTACT


def get_session_for_user(user, session_id, *, write: bool = False) -> Session:
    """A session: its supervisor's, a coordinator's, or the coach's own (write: not the coach)."""
    sessions = Session.objects.select_related("coach", "supervisor")
    if can(user, "supervision.own"):
        session = get_or_404(sessions.filter(coach__user=user), session_id)
        if write:
            require(user, "supervision.supervise")
        return session
    # Found first, so another organisation's id (or a coach someone does not supervise) is a 404.
    session = get_or_404(sessions.filter(coach__in=coaches_visible_to(user).values("pk")), session_id)
    if not supervises(user, session.coach):
        require(user, "supervision.supervise")
    return session


def sessions_visible_to(user) -> QuerySet[Session]:
    sessions = Session.objects.select_related("coach", "supervisor").prefetch_related(
        Prefetch("actions_agreed", Action.objects.order_by("pk"))
    )
    if can(user, "supervision.own"):
        return sessions.filter(coach__user=user)
    if can(user, "supervision.supervise") or can(user, "supervision.manage"):
        return sessions.filter(coach__in=coaches_visible_to(user).values("pk"))
    return sessions.none()


def reads_notes(user, session: Session) -> bool:
    return not can(user, "supervision.own") and supervises(user, session.coach)


def get_action_for_user(user, action_id) -> Action:
    actions = Action.objects.select_related("coach", "agreed_in")
    if can(user, "supervision.own"):
        return get_or_404(actions.filter(coach__user=user), action_id)
    action = get_or_404(actions.filter(coach__in=coaches_visible_to(user)), action_id)
    if not supervises(user, action.coach):
        require(user, "supervision.supervise")
    return action


def log_of(coach: Coach) -> QuerySet[LogEntry]:
    return LogEntry.objects.filter(coach=coach)


def checks_of(coach: Coach) -> QuerySet[WellbeingCheck]:
    return WellbeingCheck.objects.filter(coach=coach)


# --- conduct concerns and leaving ----------------------------------------------------------------


def reads_conduct(user, coach: Coach) -> bool:
    """Coordinators, and the coach's own supervisor (or the deputy covering): nobody else, whatever
    else they may see about the coach."""
    return can(user, "conduct.view") or is_their_supervisor_now(user, coach)


def concerns_of(user, coach: Coach) -> QuerySet[ConductConcern]:
    if not reads_conduct(user, coach):
        return ConductConcern.objects.none()
    return ConductConcern.objects.filter(coach=coach).select_related("raised_by")


def get_concern_for_user(user, concern_id) -> ConductConcern:
    """One concern, for someone who reads them for that coach; anyone else gets a 404, as if it
    were not there (that a concern exists is itself sensitive)."""
    concern = get_or_404(ConductConcern.objects.select_related("coach", "raised_by"), concern_id)
    if not reads_conduct(user, concern.coach):
        raise Http404
    return concern


def exits_of(user, coach: Coach) -> QuerySet[ExitConversation]:
    if not (can(user, "supervision.manage") or is_their_supervisor_now(user, coach)):
        return ExitConversation.objects.none()
    return ExitConversation.objects.filter(coach=coach).select_related("recorded_by")
