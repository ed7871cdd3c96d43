"""What reciprocal peer coaching adds to the house (see core.registry)."""

from __future__ import annotations

from core import registry
from core.api import API_ROUTERS
from core.demo import DEMO_STEPS
from core.registry import HOME_COACH, HomePanel, MenuEntry, Section

from . import api, demo, selectors

# On "Who needs attention": the pairs overdue a session (drawn only for those who see every pair).
OVERDUE = HomePanel(
    "reciprocal/home/attention_overdue_pairs.html",
    lambda user: {"overdue_pairs": selectors.overdue_pairs(user)},
    "reciprocal.view",
)
MY_PAIR = HomePanel(
    "reciprocal/home/my_pair.html", lambda user: {"my_pairs": selectors.my_pairs(user)}, "reciprocal.own"
)
COACH_PAIRS = Section(
    "reciprocal/sections/coach_pairs.html",
    lambda context: {"pairs": selectors.coach_pairs(context["coach"])},
    capability="reciprocal.view",
)


def register() -> None:
    registry.register("menu", MenuEntry("Peer pairs", "reciprocal:pair_list", "reciprocal.view"), order=78)
    registry.register("home.attention", OVERDUE, order=45)
    registry.register(HOME_COACH, MY_PAIR, order=35)
    registry.register("coach.sections", COACH_PAIRS, order=35)
    registry.register(DEMO_STEPS, demo.step, order=85)
    registry.register(API_ROUTERS, ("/reciprocal-pairs", api.pairs), order=220)
    registry.register(API_ROUTERS, ("/reciprocal-sessions", api.sessions), order=230)
