"""The `groups` rows of the permission matrix (tests/matrix.py says how they are walked)."""

from __future__ import annotations

from ..matrix import S
from .helpers import group_kwargs, member_kwargs, session_kwargs

POST = S(405, 405, 405, 405, 405, 405, 405)

# A group is seen by coordinators, its facilitator and its members; nobody else finds it (404).
PAGES = {
    "groups:group_list": (lambda w: {}, S(200, 200, 403, 200, 200, 403, 200)),
    "groups:group_create": (lambda w: {}, S(200, 200, 403, 403, 403, 403, 200)),
    "groups:group_detail": (group_kwargs, S(200, 200, 404, 200, 200, 404, 404)),
    "groups:member_add": (group_kwargs, S(200, 200, 403, 403, 403, 403, 404)),
    "groups:member_remove": (member_kwargs, POST),
    "groups:schedule": (group_kwargs, S(200, 200, 403, 200, 403, 403, 404)),
    "groups:rules_accept": (group_kwargs, POST),
    "groups:series_end": (group_kwargs, S(200, 200, 403, 200, 403, 403, 404)),
    "groups:session_record": (session_kwargs, S(200, 200, 404, 200, 403, 404, 404)),
}
