from __future__ import annotations

from django.db.models import QuerySet

from core.access import get_or_404
from organisations.permissions import require

from .models import Check


def get_check_for_user(user, check_id, *, write: bool = False) -> Check:
    require(user, "checks.edit" if write else "checks.view")
    return get_or_404(Check.objects.select_related("coach"), check_id)


def checks_waiting(user) -> QuerySet[Check]:
    """Checks requested and not yet back, the longest wait first."""
    require(user, "checks.view")
    return Check.objects.filter(cleared_on__isnull=True).select_related("coach").order_by("requested_on")
