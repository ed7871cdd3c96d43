"""What recruitment adds to readiness, the menu and training's pages (see core.registry)."""

from __future__ import annotations

from core import registry
from core.api import API_ROUTERS, API_ROUTES_UNDER
from core.demo import DEMO_STEPS
from core.registry import MenuEntry, Section
from training.readiness import SOURCES

from . import api, demo
from .readiness import ChecksSource
from .selectors import coach_exclusions

CHECKS = ChecksSource()
# A coach's checks on their readiness page: readiness's prefetch has already loaded them.
COACH_CHECKS = Section(
    "recruitment/sections/coach_checks.html", lambda context: {"checks": list(context["coach"].checks.all())}
)


# A coach's matching exclusions on their page, and a way to add one (with or without an application).
COACH_EXCLUSIONS = Section(
    "recruitment/sections/coach_exclusions.html",
    lambda context: {"exclusions": coach_exclusions(context["coach"])},
    capability="checks.view",
)


def register() -> None:
    # The demo: checks, training and agreements first, then updates, newcomers and applicants.
    registry.register(DEMO_STEPS, demo.training_step, order=10)
    registry.register(DEMO_STEPS, demo.newcomers_step, order=30)
    registry.register(API_ROUTES_UNDER, ("/coaches", api.coach_checks), order=50)
    registry.register(API_ROUTERS, ("/applications", api.applications), order=120)
    registry.register(API_ROUTERS, ("/checks", api.checks), order=130)
    registry.register(SOURCES, CHECKS, order=10)
    registry.register("menu", MenuEntry("Recruitment", "recruitment:pipeline", "checks.view"), order=100)
    registry.register("coach_training.sections", COACH_CHECKS)
    registry.register("training.links", Section("recruitment/sections/check_list_link.html"))
    registry.register("coach.sections", COACH_EXCLUSIONS, order=40)
