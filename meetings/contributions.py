"""What meetings adds to the menu and the pages of the apps below it (see core.registry)."""

from __future__ import annotations

from core import registry
from core.api import API_ROUTERS, API_ROUTES_UNDER
from core.demo import DEMO_STEPS
from core.registry import HOME_COACH, HOME_STAFF, HomePanel, MenuEntry, Section

from . import api, api_calendars, api_safeguarding, demo
from .models import Alert, Concern, HomeAddress
from .selectors import engagement_flags, not_checked_out, open_follow_ups, to_rebook, upcoming_for

OPEN_ALERTS = HomePanel(
    "meetings/home/staff_open_alerts.html",
    lambda user: {"open_alerts": Alert.objects.filter(resolved_at__isnull=True, level=0).count()},
    capability="relationships.view",
)
OPEN_CONCERNS = HomePanel(
    "meetings/home/staff_concerns_link.html",
    lambda user: {"open_concerns": Concern.objects.filter(closed_at__isnull=True).count()},
    capability="safeguarding.view",
)

# Whether an address is held for home visits, and a way to change it; the address itself is not
# drawn on the page (it goes only into staff's safety alerts).
HOME_ADDRESS = Section(
    "meetings/sections/client_home_address.html",
    lambda context: {"home_address_held": HomeAddress.objects.filter(client=context["client"]).exists()},
    capability="clients.edit",
)

RAISED_CONCERNS = HomePanel(
    "meetings/home/coach_concerns_link.html",
    lambda user: {"raised_concerns": Concern.objects.filter(raised_by=user).count()},
    capability="safeguarding.view_own",
)


def register() -> None:
    registry.register(DEMO_STEPS, demo.step, order=50)
    registry.register(API_ROUTES_UNDER, ("/relationships", api.relationship_meetings), order=10)
    registry.register(API_ROUTES_UNDER, ("/clients", api_safeguarding.client_concerns), order=80)
    registry.register(API_ROUTERS, ("/meetings", api.meetings), order=70)
    registry.register(API_ROUTERS, ("/alerts", api.alerts), order=80)
    registry.register(API_ROUTERS, ("/concerns", api_safeguarding.concerns), order=180)
    registry.register(API_ROUTERS, ("/me/calendar-feed", api_calendars.calendar_feed), order=190)
    registry.register("menu", MenuEntry("Alerts", "meetings:alert_list", "alerts.view"), order=80)
    registry.register("client.end", Section("meetings/sections/client_concern_link.html"))
    registry.register("client.sections", HOME_ADDRESS, order=90)
    registry.register("relationship.sections", Section("meetings/sections/relationship_meetings.html"))
    registry.register(HOME_STAFF, OPEN_ALERTS, order=10)
    registry.register(HOME_STAFF, HomePanel("meetings/home/staff_rota_links.html"), order=20)
    registry.register(HOME_STAFF, OPEN_CONCERNS, order=30)
    engagement = HomePanel("meetings/home/attention_engagement.html", lambda user: {"engagement": engagement_flags()})
    registry.register("home.attention", engagement, order=30)
    follow_ups = HomePanel(
        "meetings/home/attention_follow_ups.html", lambda user: {"follow_ups": list(open_follow_ups(user)[:10])}
    )
    registry.register("home.attention", follow_ups, order=40)
    coach = HomePanel("meetings/home/coach_meetings.html", lambda user: {"meetings": upcoming_for(user, limit=5)})
    registry.register(HOME_COACH, coach, order=10)
    # An overdue meeting never checked out comes before everything else on the coach's home.
    unsafe = HomePanel(
        "meetings/home/coach_not_checked_out.html", lambda user: {"not_checked_out": not_checked_out(user)}
    )
    registry.register(HOME_COACH, unsafe, order=1)
    rebook = HomePanel("meetings/home/coach_to_rebook.html", lambda user: {"to_rebook": to_rebook(user)})
    registry.register(HOME_COACH, rebook, order=5)
    registry.register(HOME_COACH, RAISED_CONCERNS, order=40)
    client = HomePanel("meetings/home/client_meetings.html", lambda user: {"meetings": upcoming_for(user, limit=3)})
    registry.register("home.client.relationship", client)
