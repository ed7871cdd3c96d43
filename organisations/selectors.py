from __future__ import annotations

from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from core.access import get_or_404
from organisations.permissions import can, require

from .models import Programme

_OPEN = ["introducing", "active", "paused"]


def _count(queryset, *, distinct_on: str | None = None) -> Coalesce:
    # One correlated subquery per count. Joining clients and relationships in one query and
    # counting DISTINCT multiplies rows (clients x relationships) and took seconds at 10,000.
    grouped = queryset.filter(programme=OuterRef("pk")).order_by().values("programme")
    counted = grouped.annotate(n=Count(distinct_on or "pk", distinct=bool(distinct_on))).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def programme_list(*, user) -> QuerySet[Programme]:
    """Programmes with the counts a coordinator's home shows, in one query."""
    from journeys.models import Relationship
    from people.models import Client

    require(user, "programmes.view")
    open_relationships = Relationship.objects.filter(status__in=_OPEN)
    return Programme.objects.annotate(
        waiting_count=_count(Client.objects.filter(status="waiting")),
        active_count=_count(open_relationships),
        coach_count=_count(open_relationships, distinct_on="coach"),
    ).order_by("name")


def archived_programmes(*, user) -> QuerySet[Programme]:
    """Archived programmes, for those who may restore them; nobody else sees they exist."""
    if not can(user, "programmes.edit"):
        return Programme.objects.none()
    return Programme.with_archived.filter(archived_at__isnull=False).order_by("name")


def get_programme_for_user(user, programme_id, *, write: bool = False, archived: bool = False) -> Programme:
    """`archived=True` also finds an archived programme, for those who may restore it."""
    require(user, "programmes.edit" if write else "programmes.view")
    manager = Programme.with_archived if archived and can(user, "programmes.edit") else Programme.objects
    return get_or_404(manager.all(), programme_id)
