"""What reports adds to the house (see core.registry)."""

from __future__ import annotations

from core import registry
from core.api import API_ROUTERS, API_ROUTES_UNDER
from core.demo import DEMO_STEPS
from core.figures import REPORT_SECTIONS
from core.registry import MenuEntry

from . import api, demo
from .sections import BUILT_IN


def register() -> None:
    registry.register("menu", MenuEntry("Reports", "reports:dashboard", "reports.view"), order=92)
    # Ours come first (orders 10-90); another app's sections (outcomes) come after, from 100.
    for index, section in enumerate(BUILT_IN):
        registry.register(REPORT_SECTIONS, section, order=10 + index * 10)
    registry.register(API_ROUTES_UNDER, ("/programmes", api.programme_reports), order=60)
    registry.register(API_ROUTERS, ("/reports", api.reports), order=240)
    registry.register(DEMO_STEPS, demo.step, order=95)
