"""What expenses adds to the house (see core.registry)."""

from __future__ import annotations

from core import registry
from core.api import API_ROUTERS
from core.demo import DEMO_STEPS
from core.registry import HOME_STAFF, HomePanel, MenuEntry, Section

from . import api, demo, selectors


def _coach_section(context) -> dict:
    coach, user = context["coach"], context["user"]
    visible = selectors.claims_visible_to(user).filter(coach=coach)
    return {"expense_claims": list(visible.order_by("-spent_on", "-pk")[:5])}


# Claims waiting for a coordinator's approval: one count query on the home page.
WAITING = HomePanel(
    "expenses/home/staff_waiting.html",
    lambda user: {"claims_waiting": selectors.waiting_count(user)},
    capability="expenses.approve",
)


def register() -> None:
    registry.register("menu", MenuEntry("Expenses", "expenses:queue", "expenses.view"), order=98)
    registry.register("menu", MenuEntry("My expenses", "expenses:mine", "expenses.own"), order=99)
    registry.register(HOME_STAFF, WAITING, order=48)
    registry.register(
        "coach.sections",
        Section("expenses/sections/coach_expenses.html", _coach_section, capability="expenses.view"),
        order=45,
    )
    registry.register(API_ROUTERS, ("/expense-claims", api.claims), order=240)
    registry.register(DEMO_STEPS, demo.step, order=100)
