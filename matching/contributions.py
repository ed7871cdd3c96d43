"""What matching adds to the menu and the pages of the apps below it (see core.registry)."""

from __future__ import annotations

from core import pairing, registry
from core.api import API_ROUTERS, API_ROUTES_UNDER
from core.demo import DEMO_STEPS
from core.registry import HomePanel, MenuEntry, Section

from . import api, demo, pair_rules
from .selectors import offer_for_client_user
from .services import hard_rules_check


def register() -> None:
    registry.register(DEMO_STEPS, demo.step, order=70)
    registry.register(API_ROUTES_UNDER, ("/clients", api.client_matching), order=20)
    registry.register(API_ROUTES_UNDER, ("/relationships", api.relationship_matching), order=30)
    registry.register(API_ROUTES_UNDER, ("/programmes", api.programme_matching), order=40)
    registry.register(API_ROUTERS, ("/bulk-runs", api.bulk_runs), order=110)
    pairing.register(hard_rules_check)
    pair_rules.register()
    registry.register("menu", MenuEntry("Matching", "matching:waiting_list", "matching.view"), order=60)
    registry.register("programme.actions", Section("matching/sections/programme_actions.html"))
    registry.register("client.actions", Section("matching/sections/client_suggestions_link.html"), order=10)
    registry.register("client.actions", Section("matching/sections/client_profile_link.html"), order=30)
    registry.register("coach.actions", Section("matching/sections/coach_profile_link.html"))
    registry.register("relationship.notices", Section("matching/sections/relationship_introductions_notice.html"))
    offer = HomePanel("matching/home/client_offer.html", lambda user: {"offer": offer_for_client_user(user)})
    registry.register("home.client.waiting", offer)
