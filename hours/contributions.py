"""What hours adds to the house (see core.registry)."""

from __future__ import annotations

from django.utils import timezone

from core import registry
from core.api import API_ROUTERS
from core.demo import DEMO_STEPS
from core.registry import HOME_COACH, HomePanel, MenuEntry, Section

from . import api, demo, selectors
from .models import week_start


def _coach_section(context) -> dict:
    coach = context["coach"]
    return {
        "hours_agreed": selectors.agreed_hours(coach, week_start(timezone.localdate())),
        "hours_recent": selectors.recent_weeks(coach, count=6),
        "absence_pattern": selectors.pattern(coach),
    }


def _coach_home(user) -> dict:
    coach = selectors.own_coach(user)
    return {"my_week": selectors.week_for(coach, timezone.localdate()) if coach else None}


def register() -> None:
    registry.register("menu", MenuEntry("Hours", "hours:queue", "hours.view"), order=78)
    registry.register("menu", MenuEntry("My hours", "hours:my_hours", "hours.own"), order=79)
    registry.register(HOME_COACH, HomePanel("hours/home/coach_week.html", _coach_home, "hours.own"), order=35)
    # Worded as support, not discipline: several absences or late starts in the organisation's window.
    registry.register(
        "home.attention",
        HomePanel(
            "hours/home/attention_support.html",
            lambda user: {"supportive_conversations": selectors.supportive_conversations(user.organisation)},
            "hours.view",
        ),
        order=85,
    )
    registry.register(
        "coach.sections", Section("hours/sections/coach_hours.html", _coach_section, capability="hours.view"), order=40
    )
    registry.register(API_ROUTERS, ("/timesheets", api.timesheets), order=220)
    registry.register(API_ROUTERS, ("/absences", api.absences), order=230)
    registry.register(DEMO_STEPS, demo.step, order=85)
