"""What outcomes adds to the house (see core.registry)."""

from __future__ import annotations

from django.db.models.signals import post_save

from core import audit, registry
from core.api import API_ROUTES_UNDER
from core.demo import DEMO_STEPS
from core.figures import REPORT_SECTIONS
from core.registry import HOME_CLIENT, HOME_COACH, HomePanel, MenuEntry, Section
from organisations.models import Organisation
from organisations.permissions import can

from . import api, demo, selectors, services


def _relationship_section(context) -> dict:
    relationship, user = context["relationship"], context["user"]
    # Staff and the coach looking at a client's measures: audited like other client-record views.
    audit.viewed(action="outcomes.measures.viewed", obj=relationship)
    return {**selectors.relationship_outcomes(relationship), "can_record_outcomes": can(user, "outcomes.record")}


def _seed(sender, instance, created, **kwargs) -> None:
    if created:
        services.ensure_standard_measures(instance)


def register() -> None:
    # Every new organisation has the ready-made measures (existing ones got them in 0002).
    post_save.connect(_seed, sender=Organisation, dispatch_uid="outcomes.seed_measures")
    registry.register("menu", MenuEntry("My progress", "outcomes:my_progress", "outcomes.own"), order=95)
    registry.register(
        HOME_CLIENT,
        HomePanel("outcomes/home/client_due.html", lambda u: {"due": selectors.client_due(u)}, "outcomes.own"),
        order=15,
    )
    registry.register(
        HOME_COACH,
        HomePanel("outcomes/home/coach_due.html", lambda u: {"due": selectors.coach_due(u)}, "outcomes.record"),
        order=25,
    )
    registry.register(
        "relationship.sections",
        Section("outcomes/sections/relationship_outcomes.html", _relationship_section, capability="outcomes.view_any"),
        order=60,
    )
    registry.register(DEMO_STEPS, demo.step, order=95)
    registry.register(API_ROUTES_UNDER, ("/clients", api.client_outcomes), order=80)
    from . import reports

    for section in reports.SECTIONS:
        registry.register(REPORT_SECTIONS, section, order=200)
