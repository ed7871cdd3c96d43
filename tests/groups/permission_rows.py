"""The `groups` rows of the permission matrix (tests/matrix.py says how they are walked)."""

from __future__ import annotations

from ..matrix import S
from .helpers import (
    forming_group_kwargs,
    group_kwargs,
    join_request_kwargs,
    member_kwargs,
    new_group_body,
    new_join_request_body,
    new_member_body,
    pool_programme_kwargs,
    record_body,
    schedule_body,
    session_kwargs,
)

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
    "groups:series_summary_pdf": (group_kwargs, S(200, 200, 403, 200, 403, 403, 404)),
    "groups:session_record": (session_kwargs, S(200, 200, 404, 200, 403, 404, 404)),
    # The pool: coordinators form groups from it; a peer asks for themselves and sees their own.
    "groups:pool_index": (lambda w: {}, S(200, 200, 403, 403, 200, 403, 200)),
    "groups:pool_detail": (pool_programme_kwargs, S(200, 200, 403, 403, 403, 403, 404)),
    "groups:join_request_create": (pool_programme_kwargs, S(200, 200, 403, 403, 200, 403, 404)),
    "groups:join_request_withdraw": (join_request_kwargs, POST),
}

SEEN = S(200, 200, 404, 200, 200, 404, 404)

# (method, route) -> (path from the world, payload or None, expected status per role). Another
# organisation's coordinator does not find the group (404); naming a programme of another
# organisation in a new group's body is a 422 on programme_id, as every create's body is.
API = {
    ("GET", "/groups"): (lambda w: "/groups", None, S(200, 200, 403, 200, 200, 403, 200)),
    ("POST", "/groups"): (lambda w: "/groups", new_group_body, S(201, 201, 403, 403, 403, 403, 422)),
    ("GET", "/groups/{int:group_id}"): (lambda w: f"/groups/{group_kwargs(w)['group_id']}", None, SEEN),
    ("POST", "/groups/{int:group_id}/members"): (
        lambda w: f"/groups/{forming_group_kwargs(w)['group_id']}/members",
        new_member_body,
        S(201, 201, 403, 403, 403, 403, 404),
    ),
    ("POST", "/groups/{int:group_id}/schedule"): (
        lambda w: f"/groups/{forming_group_kwargs(w)['group_id']}/schedule",
        schedule_body,
        S(201, 201, 403, 201, 403, 403, 404),
    ),
    ("GET", "/groups/{int:group_id}/commitments"): (
        lambda w: f"/groups/{group_kwargs(w)['group_id']}/commitments",
        None,
        SEEN,
    ),
    ("GET", "/group-sessions/{int:session_id}"): (
        lambda w: f"/group-sessions/{session_kwargs(w)['session_id']}",
        None,
        SEEN,
    ),
    ("POST", "/group-sessions/{int:session_id}/record"): (
        lambda w: f"/group-sessions/{session_kwargs(w)['session_id']}/record",
        record_body,
        S(200, 200, 404, 200, 403, 404, 404),
    ),
    ("GET", "/group-pool"): (lambda w: "/group-pool", None, S(200, 200, 403, 403, 200, 403, 200)),
    ("POST", "/group-pool"): (lambda w: "/group-pool", new_join_request_body, S(201, 201, 403, 403, 201, 403, 422)),
    ("POST", "/group-pool/{int:request_id}/withdraw"): (
        lambda w: f"/group-pool/{join_request_kwargs(w)['request_id']}/withdraw",
        None,
        S(200, 200, 403, 403, 404, 403, 404),
    ),
}
