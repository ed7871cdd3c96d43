"""The `supervision` rows of the permission matrix (tests/matrix.py says how they are walked)."""

from __future__ import annotations

from ..matrix import OWN_COACH, S
from .helpers import action_id, coach_kwargs, concern_kwargs, new_session_body, patch_body, session_kwargs

POST = S(405, 405, 405, 405, 405, 405, 405)
# A session's page: coordinators and the coach's supervisor read it (the notes too), the coach
# their own (without the notes); an org admin sees who is due but not what was said.
SESSION = S(403, 200, 200, 404, 200, 404, 404)

PAGES = {
    "supervision:due_list": (lambda w: {}, S(200, 200, 200, 403, 403, 403, 200)),
    "supervision:away": (lambda w: {}, S(200, 200, 200, 403, 403, 403, 200)),
    "supervision:coach": (coach_kwargs, S(200, 200, 200, 403, 403, 403, 404)),
    "supervision:arrangement": (coach_kwargs, S(200, 200, 403, 403, 403, 403, 404)),
    "supervision:session_new": (coach_kwargs, S(403, 200, 200, 403, 403, 403, 404)),
    "supervision:role_change": (coach_kwargs, S(200, 200, 403, 403, 403, 403, 404)),
    "supervision:session_detail": (session_kwargs, SESSION),
    "supervision:action_done": (lambda w: {"action_id": action_id(w)}, POST),
    "supervision:follow_up_done": (lambda w: {"follow_up_id": 1}, POST),
    "supervision:mine": (lambda w: {}, OWN_COACH),
    "supervision:request_session": (lambda w: {}, OWN_COACH),
    "supervision:log": (lambda w: {}, OWN_COACH),
    "supervision:log_share": (lambda w: {"entry_id": 1}, POST),
    "supervision:wellbeing": (lambda w: {}, OWN_COACH),
    # Conduct concerns: coordinators raise them; the coach's own supervisor reads them; to anyone
    # else (an org admin included) one is not there at all.
    "supervision:concern_new": (coach_kwargs, S(403, 200, 403, 403, 403, 403, 404)),
    "supervision:concern_detail": (concern_kwargs, S(404, 200, 200, 404, 404, 404, 404)),
    "supervision:exit_new": (coach_kwargs, S(200, 200, 403, 403, 403, 403, 404)),
}

API = {
    ("GET", "/supervision-sessions"): (
        lambda w: "/supervision-sessions",
        None,
        S(200, 200, 200, 403, 200, 403, 200),
    ),
    ("POST", "/supervision-sessions"): (
        lambda w: "/supervision-sessions",
        new_session_body,
        S(403, 201, 201, 403, 403, 403, 404),
    ),
    ("GET", "/supervision-sessions/{int:session_id}"): (
        lambda w: f"/supervision-sessions/{session_kwargs(w)['session_id']}",
        None,
        SESSION,
    ),
    ("PATCH", "/supervision-sessions/{int:session_id}"): (
        lambda w: f"/supervision-sessions/{session_kwargs(w)['session_id']}",
        patch_body,
        S(403, 200, 200, 404, 403, 404, 404),
    ),
    ("POST", "/supervision-actions/{int:action_id}/done"): (
        lambda w: f"/supervision-actions/{action_id(w)}/done",
        None,
        S(403, 200, 200, 404, 200, 404, 404),
    ),
}
