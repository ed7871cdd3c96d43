"""What people adds to the pages, menu and reads of the apps below it (see core.registry)."""

from __future__ import annotations

from core import registry
from core.registry import MenuEntry, Section
from organisations.selectors import PROGRAMME_COUNTS, count_per_programme

from .models import Client


def programme_counts() -> dict:
    return {"waiting_count": count_per_programme(Client.objects.filter(status="waiting"))}


def register() -> None:
    registry.register("menu", MenuEntry("Clients", "people:client_list", "clients.view"), order=30)
    registry.register("menu", MenuEntry("My clients", "people:client_list", "clients.view_own"), order=40)
    registry.register("menu", MenuEntry("Peer coaches", "people:coach_list", "coaches.view"), order=70)
    registry.register("menu", MenuEntry("Staff", "people:staff_list", "staff.view"), order=120)
    registry.register(PROGRAMME_COUNTS, programme_counts)
    registry.register("programme.end", Section("people/sections/programme_clients_link.html"), order=10)
