"""What organisations adds to the menu (see core.registry)."""

from __future__ import annotations

from core import registry
from core.registry import MenuEntry

from .permissions import can


def register() -> None:
    registry.register(registry.ACCESS, can)
    registry.register("menu", MenuEntry("Programmes", "organisations:programme_list", "programmes.view"), order=20)
    registry.register("menu", MenuEntry("Audit trail", "organisations:audit_log", "audit.view"), order=140)
