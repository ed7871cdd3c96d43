"""What people adds to the pages, menu and reads of the apps below it (see core.registry)."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from core import registry
from core.api import API_ROUTERS, API_ROUTES_UNDER
from core.demo import DEMO_STEPS
from core.registry import HOME_CLIENT, HOME_COACH, HomePanel, MenuEntry, Section
from core.tasks import DAILY_TASKS
from organisations.permissions import can
from organisations.selectors import PROGRAMME_COUNTS, count_per_programme

from . import api, api_records, demo, selectors, tasks
from .models import Client, Coach, SelfReferral


def programme_counts() -> dict:
    return {"waiting_count": count_per_programme(Client.objects.filter(status="waiting"))}


def long_waits(user) -> dict:
    today = timezone.localdate()
    waiting = (
        Client.objects.filter(status=Client.Status.WAITING, referral_date__lte=today - timedelta(weeks=4))
        .select_related("programme")
        .order_by("referral_date")[:10]
    )
    return {"long_waits": [(client, (today - client.referral_date).days // 7) for client in waiting]}


def no_programme(user) -> dict:
    return {"no_programme": list(Client.objects.filter(status=Client.Status.WAITING, programme__isnull=True)[:10])}


def paused_coaches(user) -> dict:
    return {"paused_coaches": list(Coach.objects.filter(status=Coach.Status.PAUSED)[:10])}


def risk_reviews(user) -> dict:
    return {"risk_reviews": selectors.risk_assessments_due(user), "today": timezone.localdate()}


def meeting_risk(context, *, show_always: bool) -> dict:
    """The client of the meeting's (or the planned meeting's) relationship, and their assessment."""
    relationship = context.get("relationship")
    client = getattr(relationship, "client", None)
    if client is None:
        return {"risk_client": None}
    return {
        "risk_client": client,
        "risk": selectors.latest_risk_assessment(client),
        "today": timezone.localdate(),
        "show_always": show_always,
        "can_review_risk": can(context.get("user"), "risk.edit"),
    }


def meeting_form_risk(context) -> dict:
    return meeting_risk(context, show_always=True)


def meeting_screen_risk(context) -> dict:
    return meeting_risk(context, show_always=False)


def self_referrals_waiting(user) -> dict:
    if not can(user, "clients.view"):
        return {}
    return {"self_referrals_waiting": SelfReferral.objects.filter(status=SelfReferral.Status.WAITING).count()}


def own_coach(user) -> dict:
    return {"coach": getattr(user, "coach_profile", None)}


def own_client(user) -> dict:
    return {"client": Client.objects.filter(user=user).first()}


def register() -> None:
    registry.register(DEMO_STEPS, demo.step, order=15)
    registry.register(DAILY_TASKS, tasks.finish_breaks_everywhere, order=10)
    registry.register(API_ROUTERS, ("/coaches", api.coaches), order=20)
    registry.register(API_ROUTERS, ("/clients", api.clients), order=30)
    registry.register(API_ROUTES_UNDER, ("/clients", api_records.client_records), order=30)
    registry.register(API_ROUTERS, ("/self-referrals", api_records.self_referrals), order=35)
    registry.register("menu", MenuEntry("Clients", "people:client_list", "clients.view"), order=30)
    registry.register("menu", MenuEntry("My clients", "people:client_list", "clients.view_own"), order=40)
    registry.register("menu", MenuEntry("Peer coaches", "people:coach_list", "coaches.view"), order=70)
    registry.register("menu", MenuEntry("Staff", "people:staff_list", "staff.view"), order=120)
    registry.register(PROGRAMME_COUNTS, programme_counts)
    registry.register("programme.end", Section("people/sections/programme_clients_link.html"), order=10)
    # Home pages (core.registry.HOME_POINTS); "home.attention" is journeys' "Who needs attention".
    registry.register("home.programme.waiting", Section("people/home/programme_waiting_count.html"))
    registry.register("home.attention", HomePanel("people/home/attention_long_waits.html", long_waits), order=10)
    registry.register("home.attention", HomePanel("people/home/attention_no_programme.html", no_programme), order=60)
    registry.register(
        "home.attention", HomePanel("people/home/attention_paused_coaches.html", paused_coaches), order=70
    )
    registry.register("home.attention", HomePanel("people/home/attention_risk_reviews.html", risk_reviews), order=65)
    registry.register(
        "home.attention", HomePanel("people/home/attention_self_referrals.html", self_referrals_waiting), order=5
    )
    registry.register(
        "programme.manage_links",
        Section("people/sections/programme_self_referral.html", capability="clients.edit"),
        order=50,
    )
    # The home-visit risk assessment where a coach plans a meeting and on the meeting screen.
    registry.register(
        "meeting.form",
        Section("people/sections/meeting_risk.html", meeting_form_risk, "risk.view"),
    )
    registry.register(
        "meeting.safety",
        Section("people/sections/meeting_risk.html", meeting_screen_risk, "risk.view"),
    )
    registry.register(HOME_COACH, HomePanel("people/home/coach_profile_link.html", own_coach), order=30)
    registry.register(HOME_CLIENT, HomePanel("people/home/client_hopes.html", own_client), order=20)
