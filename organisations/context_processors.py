from __future__ import annotations

from django.urls import reverse
from django.utils.functional import SimpleLazyObject

from core import registry
from core.registry import MenuEntry

from .permissions import can
from .selectors import help_lines_for

# Every app adds its own entries to the "menu" point (its contributions.py), each with the
# capability that shows it; the capability table lives in organisations.permissions.
MENU = "menu"


def navigation(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"menu": [], "help_lines": []}
    items = []
    for entry in [MenuEntry("Home", "home", None), *registry.contributions(MENU)]:
        if entry.capability is None or can(user, entry.capability):
            url = reverse(entry.url_name)
            current = request.path == url if entry.url_name == "home" else request.path.startswith(url)
            items.append({"label": entry.label, "url": url, "current": current})
    # Read only on the pages that show it (a client's), so nobody else pays a query for it.
    help_lines = SimpleLazyObject(lambda: help_lines_for(user.organisation) if can(user, "help_lines.see") else [])
    return {"menu": items, "help_lines": help_lines}
