"""What people knows that stops a programme being archived: clients still in it who are waiting
for a coach. Registered with core.archiving in PeopleConfig.ready()."""

from __future__ import annotations

from core import archiving

from .models import Client


def programme_guard(programme) -> list[str]:
    waiting = Client.objects.filter(programme=programme, status=Client.Status.WAITING).count()
    if not waiting:
        return []
    return [
        f"{waiting} client{'s are' if waiting != 1 else ' is'} waiting for a coach in {programme}. "
        "Move them to another programme first."
    ]


def programme_kept(programme) -> dict[str, int]:
    return {"clients": Client.with_archived.filter(programme=programme).count()}


def register() -> None:
    archiving.register("organisations.programme", guard=programme_guard, kept=programme_kept)
