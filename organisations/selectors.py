from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from core.access import get_or_404
from organisations.permissions import require

from .models import Programme


def programme_list(*, user) -> QuerySet[Programme]:
    """Programmes with the counts a coordinator's home shows, in one query."""
    require(user, "programmes.view")
    return Programme.objects.annotate(
        waiting_count=Count("clients", filter=Q(clients__status="waiting"), distinct=True),
        active_count=Count(
            "relationships",
            filter=Q(relationships__status__in=["introducing", "active", "paused"]),
            distinct=True,
        ),
        coach_count=Count(
            "relationships__coach",
            filter=Q(relationships__status__in=["introducing", "active", "paused"]),
            distinct=True,
        ),
    ).order_by("name")


def get_programme_for_user(user, programme_id, *, write: bool = False) -> Programme:
    require(user, "programmes.edit" if write else "programmes.view")
    return get_or_404(Programme.objects.all(), programme_id)
