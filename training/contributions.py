"""What training adds to readiness, the menu and the pages of the apps below it (see core.registry)."""

from __future__ import annotations

from core import registry
from core.api import API_ROUTERS, API_ROUTES_UNDER
from core.registry import HOME_STAFF, HomePanel, MenuEntry, Section

from . import api
from .readiness import SOURCES, AgreementsSource, ModulesSource
from .selectors import agreements_to_review, expiring_soon

MODULES, AGREEMENTS = ModulesSource(), AgreementsSource()


def register() -> None:
    registry.register(API_ROUTES_UNDER, ("/coaches", api.coach_readiness_route), order=5)
    registry.register(API_ROUTES_UNDER, ("/coaches", api.coach_training), order=60)
    registry.register(API_ROUTERS, ("/modules", api.modules), order=140)
    registry.register(API_ROUTERS, ("/agreements", api.agreements), order=150)
    registry.register(API_ROUTERS, ("/my-journey", api.my_journey), order=160)
    # Checks (recruitment) come first at order 10, so what is missing reads checks, training, agreements.
    registry.register(SOURCES, MODULES, order=20)
    registry.register(SOURCES, AGREEMENTS, order=30)
    registry.register("menu", MenuEntry("Training", "training:module_list", "training.view"), order=110)
    registry.register("menu", MenuEntry("My journey", "training:my_journey", "journey.own"), order=130)
    registry.register("programme.manage_links", Section("training/sections/programme_requirements_link.html"))
    registry.register("coach.links", Section("training/sections/coach_training_links.html"))
    expiring = HomePanel("training/home/attention_expiring.html", lambda user: {"expiring": expiring_soon()[:10]})
    registry.register("home.attention", expiring, order=50)
    review = HomePanel(
        "training/home/staff_agreements_to_review.html",
        lambda user: {"agreements_to_review": agreements_to_review(user)},
        capability="training.edit",
    )
    registry.register(HOME_STAFF, review, order=50)
