"""What referrals adds to the menu and the pages of the apps below it (see core.registry)."""

from __future__ import annotations

from core import registry
from core.registry import MenuEntry, Section

CLIENT_REFERRALS = Section("referrals/sections/client_referrals.html")


def register() -> None:
    registry.register("menu", MenuEntry("Referrals", "referrals:referral_list", "referrals.view"), order=90)
    registry.register("client.sections", CLIENT_REFERRALS, order=20)
    registry.register("client_for_coach.sections", CLIENT_REFERRALS)
    registry.register("relationship.meeting_actions", Section("referrals/sections/relationship_referral_link.html"))
