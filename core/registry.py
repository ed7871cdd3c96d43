"""Extension points: how a lower app shows or uses a higher app's content without importing it.

The layer order (README, "Layout") lets an app import only the apps below it. When a lower app's
page or read needs something only a higher app knows (a link to matching on a client's page, the
relationships on a coach's page, what a coach's checks say about readiness), the lower app names
an extension point and reads whatever is registered there; the higher app registers its part when
it loads (its `contributions.py`, imported from `AppConfig.ready`). This is pretty much what
pretix does with signals, and what `core.pairing` does for the pairing checks.

Points are plain strings, written down beside the code that reads them. Each contribution has an
order, so what several apps add keeps one stable order whatever order the apps load in.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

_POINTS: dict[str, list[tuple[int, int, Any]]] = {}


def register(point: str, contribution: Any, *, order: int = 100) -> None:
    """Add a contribution to a point; registering the same one again changes nothing (apps can be
    readied more than once in tests)."""
    entries = _POINTS.setdefault(point, [])
    if any(existing == contribution for _, _, existing in entries):
        return
    entries.append((order, len(entries), contribution))
    entries.sort(key=lambda entry: entry[:2])


def contributions(point: str) -> list[Any]:
    return [contribution for _, _, contribution in _POINTS.get(point, [])]


@dataclass(frozen=True)
class Section:
    """A piece of a lower app's page that a higher app draws: its template, rendered with the page's
    context, plus whatever `data(context)` adds (the higher app's own reads)."""

    template: str
    data: Callable[[Any], dict] | None = None
    # Drawn (and its data read) only for someone with this capability: a section that names clients
    # is not even fetched for a role that may not see them.
    capability: str | None = None

    def values(self, context) -> dict:
        return self.data(context) if self.data else {}


@dataclass(frozen=True)
class HomePanel(Section):
    """A part of a role's home page (points HOME_POINTS), drawn in order; `data(user)` reads what it
    shows. A panel whose template renders nothing takes no room, so a panel decides for itself
    when it has something to say."""

    data: Callable[[Any], dict] | None = None

    def values(self, context) -> dict:
        return self.data(context["user"]) if self.data else {}


# Each role's home page is the panels registered at its point, whichever apps are installed; the
# home view only picks the point by `can(user, "home.<role>")`.
HOME_STAFF, HOME_COACH, HOME_CLIENT = "home.staff", "home.coach", "home.client"
HOME_POINTS = (HOME_STAFF, HOME_COACH, HOME_CLIENT)


@dataclass(frozen=True)
class MenuEntry:
    label: str
    url_name: str
    capability: str | None  # None: everyone signed in


# organisations registers its `can(user, capability)` here, so core can honour a capability
# without importing the permission table, which sits above it.
ACCESS = "access.can"


def allowed(user, capability: str | None) -> bool:
    """Whether `user` has `capability` by the registered permission table; no table, no access."""
    if capability is None:
        return True
    checks = contributions(ACCESS)
    return bool(checks) and all(check(user, capability) for check in checks)
