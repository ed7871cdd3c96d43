from __future__ import annotations

from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from core import registry
from core.access import get_or_404
from organisations.permissions import can, require

from .models import NATIONAL_HELP_LINES, HelpLine, Programme

# The counts a programme list shows come from the apps that own what is counted (people: clients
# waiting; journeys: relationships), registered there (their contributions.py): callables
# returning {name: expression}, usually built with count_per_programme.
PROGRAMME_COUNTS = "organisations.programme_list.counts"


def count_per_programme(queryset, *, distinct_on: str | None = None) -> Coalesce:
    """How many rows of `queryset` (which has a `programme` field) each programme has."""
    # One correlated subquery per count. Joining clients and relationships in one query and
    # counting DISTINCT multiplies rows (clients x relationships) and took seconds at 10,000.
    grouped = queryset.filter(programme=OuterRef("pk")).order_by().values("programme")
    counted = grouped.annotate(n=Count(distinct_on or "pk", distinct=bool(distinct_on))).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def programme_list(*, user) -> QuerySet[Programme]:
    """Programmes with the counts a coordinator's home shows, in one query."""
    require(user, "programmes.view")
    counts = {}
    for contribution in registry.contributions(PROGRAMME_COUNTS):
        counts.update(contribution())
    return Programme.objects.annotate(**counts).order_by("name")


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


def help_lines_for(organisation) -> list:
    """The organisation's own list, or the national lines until it has set one."""
    lines = list(HelpLine.objects.filter(organisation=organisation).values("name", "how", "when"))
    return lines or NATIONAL_HELP_LINES


def help_line_list(*, user) -> QuerySet[HelpLine]:
    require(user, "help_lines.edit")
    return HelpLine.objects.filter(organisation=user.organisation)


def get_help_line_for_user(user, line_id: int) -> HelpLine:
    return get_or_404(help_line_list(user=user), line_id)
