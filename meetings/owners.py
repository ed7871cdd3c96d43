"""What a meeting belongs to, and which staff may see it because of that.

A meeting's participants always see it. Staff see more through its owner: today a relationship
(whoever may see the relationship, by journeys' rules). An area above meetings in the layer order
(groups, supervision, matching's reciprocal pairs) keeps its own row pointing at the meeting and
registers its kind here from its AppConfig.ready():

    owners.register(Meeting.OwnerKind.GROUP, visible=lambda user: Q(<their link>__in=...))

`visible(user)` returns a Q over Meeting naming the meetings of that kind this user may see
through the owner (or None for none); it must be a pure read.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db.models import Q

from journeys.selectors import relationships_visible_to

from .models import Meeting

Visible = Callable[[object], Q | None]
_KINDS: dict[str, Visible] = {}


def register(kind: str, *, visible: Visible) -> None:
    if kind not in Meeting.OwnerKind.values:
        raise ValueError(f"{kind!r} is not a Meeting.OwnerKind; add it there first.")
    _KINDS[kind] = visible


def unregister(kind: str) -> None:
    _KINDS.pop(kind, None)


def seen_through_owner(user) -> Q | None:
    """The meetings this user may see because they may see what owns them (None: none)."""
    seen = None
    for kind, visible in _KINDS.items():
        q = visible(user)
        if q is not None:
            q = Q(owner_kind=kind) & q
            seen = q if seen is None else seen | q
    return seen


def _relationship_visible(user) -> Q:
    # journeys' own rule (its _visible): staff with the caseload see every relationship, a coach
    # theirs, a client their own.
    return Q(relationship__in=relationships_visible_to(user).values("pk"))


register(Meeting.OwnerKind.RELATIONSHIP, visible=_relationship_visible)
