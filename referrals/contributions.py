"""What referrals adds to the menu and the pages of the apps below it (see core.registry)."""

from __future__ import annotations

from core import registry
from core.api import API_ROUTERS
from core.demo import DEMO_STEPS
from core.registry import HOME_STAFF, HomePanel, MenuEntry, Section

from . import api, demo
from .selectors import open_count

CLIENT_REFERRALS = Section("referrals/sections/client_referrals.html")


def register() -> None:
    registry.register(DEMO_STEPS, demo.step, order=60)
    registry.register(API_ROUTERS, ("/referrals", api.referrals), order=90)
    registry.register(API_ROUTERS, ("/services", api.services), order=100)
    registry.register("menu", MenuEntry("Referrals", "referrals:referral_list", "referrals.view"), order=90)
    registry.register("client.sections", CLIENT_REFERRALS, order=20)
    registry.register("client_for_coach.sections", CLIENT_REFERRALS)
    open_referrals = HomePanel(
        "referrals/home/staff_open_referrals.html",
        lambda user: {"open_referrals": open_count(user)},
        capability="relationships.view",
    )
    registry.register(HOME_STAFF, open_referrals, order=40)
    registry.register("home.client.about", CLIENT_REFERRALS)
    registry.register("relationship.meeting_actions", Section("referrals/sections/relationship_referral_link.html"))
