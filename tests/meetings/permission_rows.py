"""The `meetings` rows of the permission matrix (tests/matrix.py says how they are walked)."""

from __future__ import annotations

import datetime

from ..matrix import OWN_COACH, WORK, S


def _soon():
    return (datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=1)).isoformat()


# The secret address is the key (tests/meetings/test_calendars.py): an unknown one is a 404.
PUBLIC = {"meetings:calendar_feed"}

# url name -> (kwargs from the world, expected GET status per role)
PAGES = {
    "meetings:meeting_create": (lambda w: {"relationship_id": w.relationship.pk}, WORK),
    "meetings:meeting_detail": (lambda w: {"meeting_id": w.meeting.pk}, S(200, 200, 200, 404, 200, 200, 404)),
    "meetings:meeting_record": (lambda w: {"meeting_id": w.meeting.pk}, WORK),
    "meetings:debrief": (lambda w: {"meeting_id": w.meeting.pk}, OWN_COACH),
    "meetings:follow_up_done": (lambda w: {"follow_up_id": 1}, S(405, 405, 405, 405, 405, 405, 405)),
    "meetings:concern_raise": (lambda w: {"client_id": w.client.pk}, S(200, 200, 200, 404, 200, 403, 404)),
    "meetings:concern_list": (lambda w: {}, S(403, 200, 403, 403, 403, 403, 200)),
    "meetings:concern_detail": (lambda w: {"concern_id": w.concern.pk}, S(403, 200, 403, 403, 403, 403, 404)),
    # An action, the closure, a shift, a contact and the calendar choices each post to their own
    # view (who may post them: tests/meetings/test_safeguarding.py, test_pages.py, test_calendars.py).
    "meetings:concern_act": (lambda w: {"concern_id": 1}, S(405, 405, 405, 405, 405, 405, 405)),
    "meetings:concern_close": (lambda w: {"concern_id": 1}, S(405, 405, 405, 405, 405, 405, 405)),
    "meetings:safeguarding_leads": (lambda w: {}, S(200, 200, 403, 403, 403, 403, 200)),
    "meetings:alert_list": (lambda w: {}, S(200, 200, 200, 200, 403, 403, 200)),
    "meetings:alert_resolve": (lambda w: {"alert_id": w.alert.pk}, S(200, 200, 200, 200, 403, 403, 404)),
    "meetings:rota": (lambda w: {}, S(200, 200, 403, 403, 403, 403, 200)),
    "meetings:shift_add": (lambda w: {}, S(405, 405, 405, 405, 405, 405, 405)),
    "meetings:escalation_add": (lambda w: {}, S(405, 405, 405, 405, 405, 405, 405)),
    "meetings:meeting_ics": (lambda w: {"meeting_id": w.meeting.pk}, S(200, 200, 200, 404, 200, 200, 404)),
    "meetings:my_calendar": (lambda w: {}, S(403, 403, 403, 403, 200, 200, 403)),
    "meetings:calendar_address_issue": (lambda w: {}, S(405, 405, 405, 405, 405, 405, 405)),
    "meetings:calendar_address_revoke": (lambda w: {}, S(405, 405, 405, 405, 405, 405, 405)),
    "meetings:calendar_reminders": (lambda w: {}, S(405, 405, 405, 405, 405, 405, 405)),
    "meetings:meeting_arrived": (lambda w: {"meeting_id": 1}, S(405, 405, 405, 405, 405, 405, 405)),
    "meetings:meeting_left": (lambda w: {"meeting_id": 1}, S(405, 405, 405, 405, 405, 405, 405)),
    "meetings:meeting_help": (lambda w: {"meeting_id": 1}, S(405, 405, 405, 405, 405, 405, 405)),
    "meetings:alert_acknowledge": (lambda w: {"alert_id": 1}, S(405, 405, 405, 405, 405, 405, 405)),
    # Only a client, for their own meeting still to come (the world's meeting was yesterday).
    "meetings:meeting_cant_make_it": (lambda w: {"meeting_id": w.meeting.pk}, S(403, 403, 403, 403, 403, 404, 403)),
    # The address held for home visits: managers keep it (it reaches staff only, in alerts).
    "meetings:home_address": (lambda w: {"client_id": w.client.pk}, S(200, 200, 403, 403, 403, 403, 404)),
    # What a person raised themselves; the world's concern was raised by nobody signed in.
    "meetings:my_concerns": (lambda w: {}, S(200, 200, 200, 200, 200, 403, 200)),
    "meetings:my_concern": (lambda w: {"concern_id": w.concern.pk}, S(404, 404, 404, 404, 404, 403, 404)),
}

# (method, route) -> (path from the world, payload or None, expected status per role)
API = {
    ("GET", "/relationships/{int:relationship_id}/meetings"): (
        lambda w: f"/relationships/{w.relationship.pk}/meetings",
        None,
        S(200, 200, 200, 404, 200, 200, 404),
    ),
    ("POST", "/relationships/{int:relationship_id}/meetings"): (
        lambda w: f"/relationships/{w.relationship.pk}/meetings",
        lambda w: {"starts_at": _soon(), "expected_minutes": 45, "channel": "phone"},
        S(201, 201, 403, 403, 201, 403, 404),
    ),
    ("GET", "/meetings/{int:meeting_id}"): (
        lambda w: f"/meetings/{w.meeting.pk}",
        None,
        S(200, 200, 200, 404, 200, 200, 404),
    ),
    ("POST", "/meetings/{int:meeting_id}/arrived"): (
        lambda w: f"/meetings/{w.meeting.pk}/arrived",
        lambda w: {},
        S(403, 403, 403, 403, 200, 403, 403),
    ),
    ("POST", "/meetings/{int:meeting_id}/left"): (
        lambda w: f"/meetings/{w.meeting.pk}/left",
        lambda w: {},
        S(403, 403, 403, 403, 200, 403, 403),
    ),
    ("GET", "/alerts"): (lambda w: "/alerts", None, S(200, 200, 200, 200, 403, 403, 200)),
    # Safeguarding concerns and calendar addresses: the same answers as their pages.
    ("POST", "/clients/{int:client_id}/concerns"): (
        lambda w: f"/clients/{w.client.pk}/concerns",
        lambda w: {"severity": "medium", "description": "Seemed frightened of a neighbour."},
        S(201, 201, 201, 404, 201, 403, 404),
    ),
    ("GET", "/concerns"): (lambda w: "/concerns", None, S(403, 200, 403, 403, 403, 403, 200)),
    ("GET", "/concerns/{int:concern_id}"): (
        lambda w: f"/concerns/{w.concern.pk}",
        None,
        S(403, 200, 403, 403, 403, 403, 404),
    ),
    ("POST", "/concerns/{int:concern_id}/actions"): (
        lambda w: f"/concerns/{w.concern.pk}/actions",
        lambda w: {"text": "Phoned the client; a visit is booked."},
        S(403, 201, 403, 403, 403, 403, 404),
    ),
    ("POST", "/concerns/{int:concern_id}/close"): (
        lambda w: f"/concerns/{w.concern.pk}/close",
        lambda w: {"closure": "Referred to the council's safeguarding team."},
        S(403, 200, 403, 403, 403, 403, 404),
    ),
    ("GET", "/me/calendar-feed"): (lambda w: "/me/calendar-feed", None, S(403, 403, 403, 403, 200, 200, 403)),
    ("POST", "/me/calendar-feed"): (lambda w: "/me/calendar-feed", lambda w: {}, S(403, 403, 403, 403, 201, 201, 403)),
    ("DELETE", "/me/calendar-feed"): (lambda w: "/me/calendar-feed", None, S(403, 403, 403, 403, 204, 204, 403)),
}
