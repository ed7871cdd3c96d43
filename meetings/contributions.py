"""What meetings adds to the menu and the pages of the apps below it (see core.registry)."""

from __future__ import annotations

from core import registry
from core.registry import MenuEntry, Section


def register() -> None:
    registry.register("menu", MenuEntry("Alerts", "meetings:alert_list", "alerts.view"), order=80)
    registry.register("client.end", Section("meetings/sections/client_concern_link.html"))
    registry.register("relationship.sections", Section("meetings/sections/relationship_meetings.html"))
