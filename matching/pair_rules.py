"""What matching adds to journeys' rules about a pair, through journeys' points (see
journeys/services.py): at least one introductory visit before a pair starts working together, and
a coach never suggested again to a client after an ending about the two of them."""

from __future__ import annotations

from django.core.exceptions import ValidationError

from core import registry
from journeys import services as journeys_services

from .models import IntroVisit, KnownConnection

NO_VISIT_MESSAGE = (
    "Record at least one introductory visit first. They start working together once they have met with a "
    "staff worker and everyone has said how it went."
)
# Marks a connection this ending made, so undoing the ending lifts that one and no other.
ENDED_NOTE = "Their relationship ended: {reason}"


def intro_visit_needed(*, relationship) -> None:
    if not IntroVisit.objects.filter(relationship=relationship).exists():
        raise ValidationError(NO_VISIT_MESSAGE)


def pair_ending_recorded(*, ending) -> None:
    if not ending.is_about_the_pair:
        return
    relationship = ending.relationship
    KnownConnection.objects.get_or_create(
        client_id=relationship.client_id,
        coach_id=relationship.coach_id,
        defaults={
            "organisation_id": relationship.organisation_id,
            "note": ENDED_NOTE.format(reason=ending.get_reason_display().lower())[:200],
        },
    )


def pair_ending_undone(*, ending) -> None:
    if not ending.is_about_the_pair:
        return
    relationship = ending.relationship
    KnownConnection.objects.filter(
        client_id=relationship.client_id,
        coach_id=relationship.coach_id,
        note=ENDED_NOTE.format(reason=ending.get_reason_display().lower())[:200],
        created_at__gte=ending.created_at,
    ).delete()


def register() -> None:
    registry.register(journeys_services.ACTIVATION_CHECKS, intro_visit_needed)
    registry.register(journeys_services.ENDING_RECORDED, pair_ending_recorded)
    registry.register(journeys_services.ENDING_UNDONE, pair_ending_undone)
