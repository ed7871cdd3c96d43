"""What training adds to readiness, the menu and the pages of the apps below it (see core.registry)."""

from __future__ import annotations

from core import registry
from core.registry import HomePanel, MenuEntry, Section

from .readiness import SOURCES, AgreementsSource, ModulesSource
from .selectors import expiring_soon

MODULES, AGREEMENTS = ModulesSource(), AgreementsSource()


def register() -> None:
    # Checks (recruitment) come first at order 10, so what is missing reads checks, training, agreements.
    registry.register(SOURCES, MODULES, order=20)
    registry.register(SOURCES, AGREEMENTS, order=30)
    registry.register("menu", MenuEntry("Training", "training:module_list", "training.view"), order=110)
    registry.register("menu", MenuEntry("My journey", "training:my_journey", "journey.own"), order=130)
    registry.register("programme.manage_links", Section("training/sections/programme_requirements_link.html"))
    registry.register("coach.links", Section("training/sections/coach_training_links.html"))
    expiring = HomePanel("training/home/attention_expiring.html", lambda user: {"expiring": expiring_soon()[:10]})
    registry.register("home.attention", expiring, order=50)
