"""What organisations adds to the menu and the staff home (see core.registry)."""

from __future__ import annotations

from core import registry
from core.api import API_ROUTERS
from core.demo import DEMO_STEPS
from core.registry import HOME_STAFF, HomePanel, MenuEntry

from . import api, demo
from .permissions import can
from .selectors import programme_list

# Each programme with the counts other apps add (PROGRAMME_COUNTS); the links under the list
# ("home.programmes.links") and the waiting count's link ("home.programme.waiting") come from above.
PROGRAMMES = HomePanel(
    "organisations/home/staff_programmes.html", lambda user: {"programmes": programme_list(user=user)}
)


def register() -> None:
    registry.register(API_ROUTERS, ("/programmes", api.programmes), order=10)
    registry.register(DEMO_STEPS, demo.step, order=5)
    registry.register(registry.ACCESS, can)
    registry.register("menu", MenuEntry("Programmes", "organisations:programme_list", "programmes.view"), order=20)
    registry.register("menu", MenuEntry("Help lines", "organisations:help_line_list", "help_lines.edit"), order=130)
    registry.register("menu", MenuEntry("Audit trail", "organisations:audit_log", "audit.view"), order=140)
    registry.register(HOME_STAFF, PROGRAMMES, order=50)
