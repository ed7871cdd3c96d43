"""What journeys knows that stops a person or programme being archived: a relationship still
open. A coordinator ends it first (with its reason and what happens next), so nobody is left with
a coach or client who has vanished. Registered with core.archiving in JourneysConfig.ready()."""

from __future__ import annotations

from core import archiving

from .models import CheckIn, Goal, Relationship


def _open(**match):
    return Relationship.objects.filter(status__in=Relationship.OPEN_STATUSES, **match).select_related(
        "coach", "client", "programme"
    )


def client_guard(client) -> list[str]:
    return [
        f"{client} is still working with {r.coach} in {r.programme}. End the relationship first."
        for r in _open(client=client)
    ]


def coach_guard(coach) -> list[str]:
    return [
        f"{coach} is still working with {r.client} in {r.programme}. End the relationship or pair "
        f"{r.client.first_name} with another coach first."
        for r in _open(coach=coach)
    ]


def programme_guard(programme) -> list[str]:
    count = _open(programme=programme).count()
    if not count:
        return []
    return [
        f"{count} relationship{'s' if count != 1 else ''} in {programme} {'are' if count != 1 else 'is'} still open. "
        "End them first."
    ]


def client_kept(client) -> dict[str, int]:
    return {
        "relationships": Relationship.objects.filter(client=client).count(),
        "check-ins": CheckIn.objects.filter(relationship__client=client).count(),
        "goals": Goal.objects.filter(relationship__client=client).count(),
    }


def coach_kept(coach) -> dict[str, int]:
    return {
        "relationships": Relationship.objects.filter(coach=coach).count(),
        "check-ins": CheckIn.objects.filter(relationship__coach=coach).count(),
    }


def programme_kept(programme) -> dict[str, int]:
    return {"relationships": Relationship.objects.filter(programme=programme).count()}


def register() -> None:
    archiving.register("people.client", guard=client_guard, kept=client_kept)
    archiving.register("people.coach", guard=coach_guard, kept=coach_kept)
    archiving.register("organisations.programme", guard=programme_guard, kept=programme_kept)
