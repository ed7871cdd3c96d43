"""Reads for reciprocal peer coaching. Who sees a pair and its sessions: coordinators (and
supervisors, read-only) every pair; a peer the pairs they are in; nobody else (a 404, as for another
organisation). A peer's reflection and wellbeing check are read by that peer alone."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Max, Prefetch, Q, QuerySet
from django.utils import timezone

from core.access import get_or_404
from matching.models import ReciprocalPair
from organisations.permissions import can, require
from people.models import Coach

from .models import PeerReflection, ReciprocalSession

OVERDUE_SHOWN = 10


def pairs_visible_to(user) -> QuerySet[ReciprocalPair]:
    pairs = ReciprocalPair.objects.select_related("programme", "first", "second")
    if can(user, "reciprocal.view"):
        return pairs
    if can(user, "reciprocal.own"):
        return pairs.filter(Q(first__user=user) | Q(second__user=user))
    return pairs.none()


def is_peer(pair: ReciprocalPair, user) -> bool:
    return user.pk is not None and user.pk in (pair.first.user_id, pair.second.user_id)


def peer_of(pair: ReciprocalPair, user) -> Coach | None:
    """The caller's own place in the pair, if they are one of the two."""
    return next((coach for coach in (pair.first, pair.second) if coach.user_id == user.pk), None)


def partner(pair: ReciprocalPair, coach: Coach) -> Coach:
    return pair.second if coach.pk == pair.first_id else pair.first


def get_pair_for_user(user, pair_id, *, write: bool = False) -> ReciprocalPair:
    """`write`: recording a session. Coordinators may for any pair; a peer for their own pair."""
    pair = get_or_404(pairs_visible_to(user), pair_id)
    if write and not can(user, "reciprocal.edit"):
        require(user, "reciprocal.own")
    return pair


def sessions_visible_to(user) -> QuerySet[ReciprocalSession]:
    return ReciprocalSession.objects.select_related("pair__programme", "pair__first", "pair__second", "coach").filter(
        pair__in=pairs_visible_to(user).values("pk")
    )


def get_session_for_user(user, session_id, *, write: bool = False) -> ReciprocalSession:
    session = get_or_404(sessions_visible_to(user), session_id)
    if write and not can(user, "reciprocal.edit"):
        require(user, "reciprocal.own")
    return session


# --- the rhythm -------------------------------------------------------------------------------


@dataclass
class Rhythm:
    """When a pair last met and when they are next due, from the programme's expected contact."""

    last_on: datetime.date | None
    due_on: datetime.date
    sessions: int

    @property
    def overdue(self) -> bool:
        return self.due_on < timezone.localdate()

    @property
    def days_overdue(self) -> int:
        return (timezone.localdate() - self.due_on).days


def rhythm_of(pair: ReciprocalPair) -> Rhythm:
    """Reads the annotations `with_rhythm` adds (or counts them, for a pair read on its own)."""
    if hasattr(pair, "last_on"):
        last_on, count = pair.last_on, pair.session_count
    else:
        found = pair.reciprocal_sessions.aggregate(last_on=Max("held_on"), session_count=Count("pk"))
        last_on, count = found["last_on"], found["session_count"]
    started = timezone.localtime(pair.created_at).date() if pair.created_at else timezone.localdate()
    due_on = (last_on or started) + datetime.timedelta(days=pair.programme.contact_every_days)
    return Rhythm(last_on=last_on, due_on=due_on, sessions=count)


def with_rhythm(pairs: QuerySet[ReciprocalPair]) -> QuerySet[ReciprocalPair]:
    return pairs.annotate(last_on=Max("reciprocal_sessions__held_on"), session_count=Count("reciprocal_sessions"))


def pair_list(user) -> list[ReciprocalPair]:
    """Every pair the caller sees, current pairs first, each with its rhythm (one query)."""
    pairs = list(with_rhythm(pairs_visible_to(user)).order_by("ended_on", "programme__name", "first__first_name"))
    for pair in pairs:
        pair.rhythm = rhythm_of(pair)
    return pairs


def overdue_pairs(user) -> list[ReciprocalPair]:
    """Current pairs whose next session is overdue, longest overdue first (for "Who needs attention")."""
    pairs = list(with_rhythm(pairs_visible_to(user).filter(ended_on__isnull=True)))
    overdue = []
    for pair in pairs:
        pair.rhythm = rhythm_of(pair)
        if pair.rhythm.overdue:
            overdue.append(pair)
    return sorted(overdue, key=lambda pair: pair.rhythm.due_on)[:OVERDUE_SHOWN]


def my_pairs(user) -> list[ReciprocalPair]:
    """A peer's own current pairs, each with its partner and rhythm (for their home page)."""
    if not can(user, "reciprocal.own"):
        return []
    pairs = list(
        with_rhythm(
            ReciprocalPair.objects.select_related("programme", "first", "second").filter(
                Q(first__user=user) | Q(second__user=user), ended_on__isnull=True
            )
        ).order_by("-created_at")
    )
    for pair in pairs:
        pair.rhythm = rhythm_of(pair)
        pair.me = peer_of(pair, user)
        pair.partner = partner(pair, pair.me)
    return pairs


def coach_pairs(coach: Coach) -> list[ReciprocalPair]:
    """The pairs a coach is in (for their page), with each one's rhythm."""
    pairs = list(
        with_rhythm(
            ReciprocalPair.objects.select_related("programme", "first", "second").filter(
                Q(first=coach) | Q(second=coach)
            )
        ).order_by("ended_on", "-created_at")
    )
    for pair in pairs:
        pair.rhythm = rhythm_of(pair)
        pair.partner = partner(pair, coach)
    return pairs


def pair_sessions(pair: ReciprocalPair, user) -> list[ReciprocalSession]:
    """A pair's sessions, latest first; each carries `my_reflection`, the caller's own (if any)."""
    me = peer_of(pair, user)
    mine = PeerReflection.objects.filter(peer=me) if me else PeerReflection.objects.none()
    sessions = list(
        pair.reciprocal_sessions.select_related("coach").prefetch_related(Prefetch("reflections", mine, to_attr="mine"))
    )
    for session in sessions:
        session.my_reflection = session.mine[0] if session.mine else None
    return sessions


def previous_session(pair: ReciprocalPair, *, before: ReciprocalSession | None = None) -> ReciprocalSession | None:
    """The latest session of the pair (or the latest before `before`)."""
    sessions = pair.reciprocal_sessions.select_related("coach").order_by("-held_on", "-pk")
    if before is not None:
        sessions = sessions.exclude(pk=before.pk).filter(
            Q(held_on__lt=before.held_on) | Q(held_on=before.held_on, pk__lt=before.pk)
        )
    return sessions.first()


def my_reflection(session: ReciprocalSession, user) -> PeerReflection | None:
    me = peer_of(session.pair, user)
    if me is None:
        return None
    return PeerReflection.objects.filter(session=session, peer=me).first()
