"""The `outcomes` rows of the permission matrix (tests/matrix.py says how they are walked)."""

from __future__ import annotations

from ..matrix import S
from .helpers import complete_kwargs, completion_body, life_outcome_body, outcome_in

PAGES = {
    "outcomes:my_progress": (lambda w: {}, S(403, 403, 403, 403, 403, 200, 403)),
    # The client's own measure, or their coach (or a coordinator) filling it in with them.
    "outcomes:complete": (complete_kwargs, S(200, 200, 403, 403, 200, 200, 404)),
    "outcomes:life_outcome_add": (
        lambda w: {"relationship_id": w.relationship.pk},
        S(200, 200, 403, 403, 200, 403, 404),
    ),
    "outcomes:life_outcome_confirm": (lambda w: {"outcome_id": outcome_in(w).pk}, S(405, 405, 405, 405, 405, 405, 405)),
}

# Staff who see the caseload, the client's coach and the client themself read them; a facilitator
# does not work with the one-to-one caseload. The client and their coach (or a coordinator) write.
READ = S(200, 200, 200, 403, 200, 200, 404)

API = {
    ("GET", "/clients/{int:client_id}/measures"): (lambda w: f"/clients/{w.client.pk}/measures", None, READ),
    ("POST", "/clients/{int:client_id}/measures"): (
        lambda w: f"/clients/{w.client.pk}/measures",
        completion_body,
        S(201, 201, 403, 403, 201, 201, 404),
    ),
    ("GET", "/clients/{int:client_id}/life-outcomes"): (lambda w: f"/clients/{w.client.pk}/life-outcomes", None, READ),
    ("POST", "/clients/{int:client_id}/life-outcomes"): (
        lambda w: f"/clients/{w.client.pk}/life-outcomes",
        life_outcome_body,
        S(201, 201, 403, 403, 201, 403, 404),
    ),
}
