"""Supervision in the test world: the world's supervisor supervises the world's coach monthly, with
the coordinator as deputy, and one session is on record with one action still open."""

from __future__ import annotations

import datetime

from django.utils import timezone
from django_scopes import scope

from supervision import services
from supervision.models import Arrangement, Session


def supervised(w) -> Session:
    with scope(organisation=w.org):
        session = Session.objects.filter(coach=w.coach).order_by("pk").first()
        if session:
            return session
        if not Arrangement.objects.filter(coach=w.coach).exists():
            services.arrangement_set(
                coach=w.coach,
                supervisor=w.supervisor,
                deputy=w.coordinator,
                starts_on=timezone.localdate() - datetime.timedelta(days=90),
            )
        return services.session_record(
            coach=w.coach,
            supervisor=w.supervisor,
            held_on=timezone.localdate() - datetime.timedelta(days=40),
            worries="Supervisor-only: finds evenings hard.",
            new_actions=["Book the first aid course"],
        )


def coach_kwargs(w) -> dict:
    supervised(w)
    return {"coach_id": w.coach.pk}


def session_kwargs(w) -> dict:
    return {"session_id": supervised(w).pk}


def action_id(w) -> int:
    session = supervised(w)
    with scope(organisation=w.org):
        return session.actions_agreed.order_by("pk").first().pk


def new_session_body(w) -> dict:
    supervised(w)
    return {
        "coach_id": w.coach.pk,
        "held_on": timezone.localdate().isoformat(),
        "worries": "None this month.",
        "done_action_ids": [],
        "new_actions": ["Try the wind-down after visits"],
    }


def patch_body(w) -> dict:
    supervised(w)
    return {"version": 1, "going_well": "Both clients are settled."}


def concern_kwargs(w) -> dict:
    """A conduct concern about the world's (supervised) coach, raised by the coordinator."""
    from supervision.models import ConductConcern

    supervised(w)
    with scope(organisation=w.org):
        concern = ConductConcern.objects.filter(coach=w.coach).order_by("pk").first() or services.concern_raise(
            coach=w.coach,
            by=w.coordinator,
            raised_on=timezone.localdate(),
            concern="Met a client at 10 pm, outside agreed hours.",
        )
    return {"concern_id": concern.pk}
