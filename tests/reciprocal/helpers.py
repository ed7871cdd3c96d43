"""A reciprocal pair in the test world: the world's coach (Sam) and a second peer with a sign-in,
in a reciprocal programme, with one session Sam coached ten days ago."""

from __future__ import annotations

import datetime

from django.utils import timezone
from django_scopes import scope

from matching.models import ReciprocalPair
from organisations.models import Programme
from reciprocal import services
from reciprocal.models import ReciprocalSession

from ..factories import CoachFactory, ProgrammeFactory, UserFactory


def pair_in(w, *, sessions: bool = True) -> ReciprocalPair:
    with scope(organisation=w.org):
        existing = ReciprocalPair.objects.filter(programme__name="Peer support for social workers").first()
        if existing:
            return existing
        programme = ProgrammeFactory(
            organisation=w.org, kind=Programme.Kind.RECIPROCAL, name="Peer support for social workers"
        )
        peer = CoachFactory(
            organisation=w.org,
            first_name="Nadia",
            last_name="Hussain",
            user=UserFactory(organisation=w.org, role="coach", username="t-peer"),
        )
        pair = ReciprocalPair.objects.create(
            organisation=w.org, programme=programme, first=w.coach, second=peer, score=0.9, reasons=[]
        )
        if sessions:
            services.session_record(
                pair=pair,
                held_on=timezone.localdate() - datetime.timedelta(days=10),
                coach=w.coach,
                focus="wellbeing",
                goal="Leave work at work",
            )
        return pair


def peer_user(w):
    pair = pair_in(w)
    with scope(organisation=w.org):
        return pair.second.user


def pair_kwargs(w) -> dict:
    return {"pair_id": pair_in(w).pk}


def session_of(w) -> ReciprocalSession:
    pair = pair_in(w)
    with scope(organisation=w.org):
        return pair.reciprocal_sessions.order_by("pk").first()


def session_kwargs(w) -> dict:
    return {"session_id": session_of(w).pk}


def new_session_body(w) -> dict:
    pair = pair_in(w)
    return {
        "pair_id": pair.pk,
        "held_on": timezone.localdate().isoformat(),
        "coach_id": pair.second_id,
        "focus": "resilience",
        "goal": "Bounce back after a hard week",
        "what_helped": "Naming what went well.",
    }


def patch_body(w) -> dict:
    return {"version": session_of(w).version, "goal": "Leave work at work on Fridays"}


def reflection_body(w) -> dict:
    pair_in(w)
    return {"reflection": "I noticed I rush to fix things.", "wellbeing_start": 2, "wellbeing_end": 4}
