"""The `reciprocal` rows of the permission matrix (tests/matrix.py says how they are walked)."""

from __future__ import annotations

from ..matrix import S
from .helpers import new_session_body, pair_kwargs, patch_body, reflection_body, session_kwargs

# A pair is seen by coordinators and supervisors (read-only) and by its two peers (the world's coach
# is one); another coach, a facilitator or a client finds nothing (404). A reflection is the peer's
# own: no other role reaches the page at all.
SEEN = S(200, 200, 200, 404, 200, 404, 404)
WRITE = S(200, 200, 403, 404, 200, 404, 404)
OWN = S(403, 403, 403, 403, 200, 403, 403)

PAGES = {
    "reciprocal:pair_list": (lambda w: {}, S(200, 200, 200, 403, 403, 403, 200)),
    "reciprocal:pair_detail": (pair_kwargs, SEEN),
    "reciprocal:session_create": (pair_kwargs, WRITE),
    "reciprocal:session_edit": (session_kwargs, WRITE),
    "reciprocal:reflection": (session_kwargs, OWN),
}

LISTS = S(200, 200, 200, 403, 200, 403, 200)

API = {
    ("GET", "/reciprocal-pairs"): (lambda w: "/reciprocal-pairs", None, LISTS),
    ("GET", "/reciprocal-sessions"): (lambda w: "/reciprocal-sessions", None, LISTS),
    ("POST", "/reciprocal-sessions"): (
        lambda w: "/reciprocal-sessions",
        new_session_body,
        S(201, 201, 403, 403, 201, 403, 404),
    ),
    ("GET", "/reciprocal-sessions/{int:session_id}"): (
        lambda w: f"/reciprocal-sessions/{session_kwargs(w)['session_id']}",
        None,
        SEEN,
    ),
    ("PATCH", "/reciprocal-sessions/{int:session_id}"): (
        lambda w: f"/reciprocal-sessions/{session_kwargs(w)['session_id']}",
        patch_body,
        WRITE,
    ),
    ("POST", "/reciprocal-sessions/{int:session_id}/reflection"): (
        lambda w: f"/reciprocal-sessions/{session_kwargs(w)['session_id']}/reflection",
        reflection_body,
        OWN,
    ),
}
