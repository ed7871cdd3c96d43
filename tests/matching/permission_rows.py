"""The `matching` rows of the permission matrix (tests/matrix.py says how they are walked)."""

from __future__ import annotations

import datetime

from ..matrix import S

# url name -> (kwargs from the world, expected GET status per role)
PAGES = {
    "matching:waiting_list": (lambda w: {}, S(200, 200, 200, 403, 403, 403, 200)),
    "matching:outcomes": (lambda w: {}, S(200, 200, 200, 403, 403, 403, 200)),
    "matching:suggestions": (lambda w: {"client_id": w.client.pk}, S(200, 200, 200, 403, 403, 403, 404)),
    "matching:client_profile": (lambda w: {"client_id": w.client.pk}, S(200, 200, 403, 403, 403, 403, 404)),
    "matching:coach_profile": (lambda w: {"coach_id": w.coach.pk}, S(200, 200, 403, 403, 403, 403, 404)),
    "matching:weights": (lambda w: {"programme_id": w.programme.pk}, S(200, 200, 403, 403, 403, 403, 404)),
    "matching:reciprocal_pairs": (
        lambda w: {"programme_id": w.programme.pk},
        S(200, 200, 403, 403, 403, 403, 404),
    ),
    "matching:bulk": (lambda w: {"programme_id": w.programme.pk}, S(200, 200, 403, 403, 403, 403, 404)),
    "matching:bulk_run": (lambda w: {"run_id": w.bulk_run.pk}, S(200, 200, 403, 403, 403, 403, 404)),
    "matching:choose": (lambda w: {}, S(403, 403, 403, 403, 403, 200, 403)),
    "matching:introductions": (
        lambda w: {"relationship_id": w.relationship.pk},
        S(200, 200, 403, 403, 403, 403, 404),
    ),
    "matching:connection_remove": (lambda w: {"connection_id": 1}, S(405, 405, 405, 405, 405, 405, 405)),
    # Sharing, pairing, a visit, confirming and declining are posts only, each to its own view
    # (who may post them: tests/matching/test_choice_and_introductions.py).
    "matching:suggestions_share": (lambda w: {"client_id": 1}, S(405, 405, 405, 405, 405, 405, 405)),
    "matching:suggestions_pair": (lambda w: {"client_id": 1}, S(405, 405, 405, 405, 405, 405, 405)),
    "matching:intro_visit_add": (lambda w: {"relationship_id": 1}, S(405, 405, 405, 405, 405, 405, 405)),
    "matching:match_confirm": (lambda w: {"relationship_id": 1}, S(405, 405, 405, 405, 405, 405, 405)),
    "matching:match_decline": (lambda w: {"relationship_id": 1}, S(405, 405, 405, 405, 405, 405, 405)),
    # A known connection, the exclusions, saving a bulk review and confirming it, likewise
    # (who may post them: tests/matching/test_pages.py, test_bulk_pages.py).
    "matching:connection_add": (lambda w: {"client_id": 1}, S(405, 405, 405, 405, 405, 405, 405)),
    "matching:exclusions_save": (lambda w: {"coach_id": 1}, S(405, 405, 405, 405, 405, 405, 405)),
    "matching:bulk_review": (lambda w: {"run_id": 1}, S(405, 405, 405, 405, 405, 405, 405)),
    "matching:bulk_confirm": (lambda w: {"run_id": 1}, S(405, 405, 405, 405, 405, 405, 405)),
}

# (method, route) -> (path from the world, payload or None, expected status per role)
API = {
    ("GET", "/clients/{int:client_id}/suggestions"): (
        lambda w: f"/clients/{w.client.pk}/suggestions",
        None,
        S(200, 200, 200, 403, 403, 403, 404),
    ),
    ("POST", "/clients/{int:client_id}/offers"): (
        lambda w: f"/clients/{w.client.pk}/offers",
        lambda w: {"coach_ids": [w.coach.pk]},
        S(422, 422, 403, 403, 403, 403, 404),
    ),
    ("POST", "/clients/{int:client_id}/introductions"): (
        lambda w: f"/clients/{w.client.pk}/introductions",
        lambda w: {"coach_id": w.other_coach.pk},
        S(422, 422, 403, 403, 403, 403, 404),
    ),
    ("POST", "/relationships/{int:relationship_id}/intro-visits"): (
        lambda w: f"/relationships/{w.relationship.pk}/intro-visits",
        lambda w: {
            "held_on": datetime.date.today().isoformat(),
            "client_feedback": "Fine",
            "coach_feedback": "Fine",
            "worker_feedback": "Fine",
        },
        # The world's pair is already working together, so a visit is refused with a reason.
        S(422, 422, 403, 403, 403, 403, 404),
    ),
    ("POST", "/relationships/{int:relationship_id}/confirm"): (
        lambda w: f"/relationships/{w.relationship.pk}/confirm",
        lambda w: {"version": w.relationship.version},
        S(422, 422, 403, 403, 403, 403, 404),
    ),
    ("POST", "/relationships/{int:relationship_id}/decline"): (
        lambda w: f"/relationships/{w.relationship.pk}/decline",
        lambda w: {"version": w.relationship.version, "reason": "Not a fit"},
        S(200, 200, 403, 403, 403, 403, 404),
    ),
    ("POST", "/programmes/{int:programme_id}/bulk-runs"): (
        lambda w: f"/programmes/{w.programme.pk}/bulk-runs",
        lambda w: {},
        S(202, 202, 403, 403, 403, 403, 404),
    ),
    ("GET", "/bulk-runs/{int:run_id}"): (
        lambda w: f"/bulk-runs/{w.bulk_run.pk}",
        None,
        S(200, 200, 403, 403, 403, 403, 404),
    ),
}
