from __future__ import annotations

from datetime import timedelta

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from core.access import get_or_404
from organisations.models import Role
from organisations.permissions import can, require
from people.models import Coach

from .models import Relationship


def relationships_visible_to(user) -> QuerySet[Relationship]:
    base = Relationship.objects.select_related("coach", "client", "programme")
    if can(user, "clients.view"):
        return base
    if user.role == Role.COACH:
        return base.filter(coach__user=user)
    if user.role == Role.CLIENT:
        return base.filter(client__user=user)
    return base.none()


def get_relationship_for_user(user, relationship_id, *, write: bool = False) -> Relationship:
    if write:
        require(user, "relationships.edit")
    return get_or_404(relationships_visible_to(user), relationship_id)


def coaches_with_room(*, programme) -> QuerySet[Coach]:
    """Active coaches with fewer open relationships in this programme than its capacity."""
    return (
        Coach.objects.filter(status=Coach.Status.ACTIVE)
        .annotate(
            open_count=Count(
                "relationships",
                filter=Q(relationships__status__in=Relationship.OPEN_STATUSES),
            )
        )
        .filter(open_count__lt=programme.coach_capacity)
        .order_by("last_name", "first_name")
    )


def ending_soon(*, within_days: int = 28) -> QuerySet[Relationship]:
    today = timezone.localdate()
    return (
        Relationship.objects.filter(
            status__in=Relationship.OPEN_STATUSES,
            planned_end_on__lte=today + timedelta(days=within_days),
        )
        .select_related("coach", "client", "programme")
        .order_by("planned_end_on")
    )
