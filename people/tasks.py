from __future__ import annotations

from django.utils import timezone
from django_scopes import scopes_disabled
from django_tasks import task

from core.tasks import organisation_task

from . import services
from .models import CoachBreak


@organisation_task()
def finish_breaks() -> int:
    """End, in one organisation, every coach's break whose return date has come."""
    return services.coach_breaks_finish()


@task()
def finish_breaks_everywhere() -> int:
    """The daily sweep: find the organisations with a break due to end, and end them in each one's
    own scope. Finding spans organisations by nature (as meetings' safety sweep does)."""
    with scopes_disabled():
        organisations = set(
            CoachBreak.objects.filter(ended_on__isnull=True, returns_on__lte=timezone.localdate()).values_list(
                "organisation_id", flat=True
            )
        )
    for organisation_id in sorted(organisations):
        finish_breaks.enqueue(organisation_id=organisation_id)
    return len(organisations)
