from __future__ import annotations

from django.db.models import QuerySet

from core.access import get_or_404
from organisations.permissions import require

from .models import Application, Check


def get_check_for_user(user, check_id, *, write: bool = False) -> Check:
    require(user, "checks.edit" if write else "checks.view")
    return get_or_404(Check.objects.select_related("coach"), check_id)


def checks_waiting(user) -> QuerySet[Check]:
    """Checks requested and not yet back, the longest wait first."""
    require(user, "checks.view")
    return Check.objects.filter(cleared_on__isnull=True).select_related("coach").order_by("requested_on")


def pipeline(user) -> dict[str, list[Application]]:
    """Applicants by stage, each with their checks, so waits can be shown without more queries."""
    require(user, "checks.view")
    stages: dict[str, list[Application]] = {value: [] for value, _ in Application.Stage.choices}
    applications = Application.objects.select_related("coach").prefetch_related("coach__checks")
    for application in applications:
        stages[application.stage].append(application)
    return stages


def get_application_for_user(user, application_id, *, write: bool = False) -> Application:
    require(user, "checks.edit" if write else "checks.view")
    return get_or_404(Application.objects.select_related("coach"), application_id)
