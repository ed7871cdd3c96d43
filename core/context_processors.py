from __future__ import annotations

from django.urls import reverse

# (label, url name, capability or role that shows it). The capability table lives in
# organisations.permissions; this only decides what the menu offers.
_MENU = [
    ("Home", "home", None),
    ("Programmes", "organisations:programme_list", "programmes.view"),
    ("Clients", "people:client_list", "clients.view"),
    ("My clients", "people:client_list", "clients.view_own"),
    ("Relationships", "journeys:relationship_list", "relationships.view"),
    ("Matching", "matching:waiting_list", "matching.view"),
    ("Peer coaches", "people:coach_list", "coaches.view"),
    ("Alerts", "meetings:alert_list", "alerts.view"),
    ("Referrals", "referrals:referral_list", "referrals.view"),
    ("Recruitment", "recruitment:pipeline", "checks.view"),
    ("Training", "training:module_list", "training.view"),
    ("Staff", "people:staff_list", "staff.view"),
    ("My journey", "training:my_journey", "journey.own"),
    ("Audit trail", "organisations:audit_log", "audit.view"),
]


def navigation(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"menu": []}
    from organisations.permissions import can

    items = []
    for label, name, capability in _MENU:
        if capability is None or can(user, capability):
            url = reverse(name)
            current = request.path == url if name == "home" else request.path.startswith(url)
            items.append({"label": label, "url": url, "current": current})
    return {"menu": items}
