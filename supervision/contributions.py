"""What supervision adds to the house (see core.registry)."""

from __future__ import annotations

from core import registry
from core.api import API_ROUTERS
from core.demo import DEMO_STEPS
from core.registry import HOME_STAFF, HomePanel, MenuEntry, Section
from meetings.selectors import FOLLOW_UPS_FOR
from organisations.permissions import can

from . import api, demo, selectors
from .models import RoleChange


def _coach_section(context) -> dict:
    coach, user = context["coach"], context["user"]
    history = selectors.role_history(coach)
    arrangement = selectors.arrangement_of(coach)
    mine = arrangement is not None and user.pk in (arrangement.supervisor_id, arrangement.deputy_id)
    return {
        "role_history": history,
        "current_role_label": RoleChange.Role(selectors.current_role(coach, history)).label,
        "arrangement": arrangement,
        "opens_supervision": can(user, "supervision.manage") or mine,
    }


# Whose supervision is due or overdue, on a supervisor's or coordinator's home: one query.
DUE = HomePanel(
    "supervision/home/staff_due.html",
    lambda user: {"supervision_due": selectors.due_list(user, only_due=True)[:8]},
    capability="supervision.view",
)
COACH_SECTION = Section("supervision/sections/coach_role.html", _coach_section, capability="supervision.view")


def register() -> None:
    registry.register("menu", MenuEntry("Supervision", "supervision:due_list", "supervision.view"), order=96)
    registry.register("menu", MenuEntry("My supervision", "supervision:mine", "supervision.own"), order=97)
    registry.register(HOME_STAFF, DUE, order=47)
    # A "call me" after a meeting goes to the coach's own supervisor, not to every member of staff.
    registry.register(FOLLOW_UPS_FOR, selectors.follow_ups_addressed_to)
    registry.register("coach.sections", COACH_SECTION, order=60)
    registry.register(DEMO_STEPS, demo.step, order=95)
    registry.register(API_ROUTERS, ("/supervision-sessions", api.sessions), order=220)
    registry.register(API_ROUTERS, ("/supervision-actions", api.actions), order=230)
