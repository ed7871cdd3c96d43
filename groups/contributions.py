"""What groups adds to the house (see core.registry and meetings.owners)."""

from __future__ import annotations

from django.db.models import Q

from core import registry
from core.api import API_ROUTERS
from core.demo import DEMO_STEPS
from core.registry import HOME_COACH, HOME_STAFF, HomePanel, MenuEntry
from meetings import owners
from meetings.models import Meeting

from . import api, demo, selectors


def _sessions_seen_through_group(user) -> Q:
    # Members see their sessions as participants; coordinators and the facilitator through the group.
    return Q(group_session__group__in=selectors.groups_visible_to(user).values("pk"))


def register() -> None:
    owners.register(Meeting.OwnerKind.GROUP, visible=_sessions_seen_through_group)
    registry.register("menu", MenuEntry("Groups", "groups:group_list", "groups.facilitate"), order=75)
    registry.register("menu", MenuEntry("Join a group", "groups:pool_index", "groups.own"), order=76)
    registry.register(
        HOME_STAFF,
        HomePanel(
            "groups/home/facilitating.html",
            lambda user: {"facilitating": selectors.facilitating(user)},
            "groups.facilitate",
        ),
        order=40,
    )
    registry.register(
        HOME_COACH,
        HomePanel("groups/home/member.html", lambda user: {"my_groups": selectors.my_groups(user)}, "groups.own"),
        order=30,
    )
    registry.register(DEMO_STEPS, demo.step, order=80)
    registry.register(API_ROUTERS, ("/groups", api.groups), order=200)
    registry.register(API_ROUTERS, ("/group-sessions", api.sessions), order=210)
    registry.register(API_ROUTERS, ("/group-pool", api.pool), order=220)
