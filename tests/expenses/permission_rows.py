"""The `expenses` rows of the permission matrix (tests/matrix.py says how they are walked). The
world's supervisor does not supervise the world's coach, so the coach's claim is a 404 to them."""

from __future__ import annotations

from ..matrix import S
from .helpers import advance_in, claim_kwargs, create_body, found, version_body

POST = S(405, 405, 405, 405, 405, 405, 405)
OWN = S(403, 403, 403, 403, 200, 403, 403)
APPROVERS = S(200, 200, 403, 403, 403, 403, 200)
# A claim of the world's coach: the coach and coordinators; not a supervisor who does not supervise them.
CLAIM = S(200, 200, 404, 403, 200, 403, 404)
DECIDE = S(200, 200, 404, 403, 403, 403, 404)

PAGES = {
    "expenses:mine": (lambda w: {}, OWN),
    "expenses:new_claim": (lambda w: {}, OWN),
    "expenses:new_mileage": (lambda w: {}, OWN),
    "expenses:claim": (claim_kwargs("submitted"), CLAIM),
    "expenses:edit_claim": (claim_kwargs("draft"), S(403, 403, 404, 403, 200, 403, 404)),
    "expenses:submit": (claim_kwargs("draft"), POST),
    "expenses:receipt": (claim_kwargs("submitted"), CLAIM),
    "expenses:approve": (claim_kwargs("submitted"), POST),
    "expenses:reject": (claim_kwargs("submitted"), DECIDE),
    "expenses:pay": (claim_kwargs("approved"), POST),
    "expenses:reverse": (claim_kwargs("approved"), DECIDE),
    "expenses:queue": (lambda w: {}, S(200, 200, 200, 403, 403, 403, 200)),
    "expenses:export": (lambda w: {}, APPROVERS),
    "expenses:programmes": (lambda w: {}, APPROVERS),
    "expenses:programme_rules": (lambda w: {"programme_id": w.programme.pk}, S(200, 200, 403, 403, 403, 403, 404)),
    "expenses:mileage_rates": (lambda w: {}, APPROVERS),
    "expenses:advances": (lambda w: {}, S(200, 200, 200, 403, 403, 403, 200)),
    "expenses:advance_new": (lambda w: {}, APPROVERS),
    "expenses:advance": (lambda w: {"advance_id": advance_in(w).pk}, S(200, 200, 404, 403, 200, 403, 404)),
}

API = {
    ("GET", "/expense-claims"): (lambda w: "/expense-claims", None, S(200, 200, 200, 403, 200, 403, 200)),
    ("POST", "/expense-claims"): (lambda w: "/expense-claims", create_body, S(403, 403, 403, 403, 201, 403, 403)),
    ("GET", "/expense-claims/{int:claim_id}"): (
        lambda w: f"/expense-claims/{found(w, 'submitted').pk}",
        None,
        S(200, 200, 404, 403, 200, 403, 404),
    ),
    # No file sent: the coach is told to attach one (422); everyone else never gets that far.
    ("POST", "/expense-claims/{int:claim_id}/receipt"): (
        lambda w: f"/expense-claims/{found(w, 'draft').pk}/receipt",
        None,
        S(403, 403, 404, 403, 422, 403, 404),
    ),
    ("POST", "/expense-claims/{int:claim_id}/submit"): (
        lambda w: f"/expense-claims/{found(w, 'draft').pk}/submit",
        version_body("draft"),
        S(403, 403, 404, 403, 200, 403, 404),
    ),
    ("POST", "/expense-claims/{int:claim_id}/approve"): (
        lambda w: f"/expense-claims/{found(w, 'submitted').pk}/approve",
        version_body("submitted"),
        DECIDE,
    ),
    ("POST", "/expense-claims/{int:claim_id}/reject"): (
        lambda w: f"/expense-claims/{found(w, 'submitted').pk}/reject",
        lambda w: {"version": found(w, "submitted").version, "reason": "The receipt is for a different day."},
        DECIDE,
    ),
    ("POST", "/expense-claims/{int:claim_id}/pay"): (
        lambda w: f"/expense-claims/{found(w, 'approved').pk}/pay",
        lambda w: {"version": found(w, "approved").version, "paid_on": _today(), "method": "cash"},
        DECIDE,
    ),
    ("POST", "/expense-claims/{int:claim_id}/reverse"): (
        lambda w: f"/expense-claims/{found(w, 'approved').pk}/reverse",
        lambda w: {"version": found(w, "approved").version, "reason": "Claimed twice."},
        DECIDE,
    ),
}


def _today() -> str:
    from django.utils import timezone

    return timezone.localdate().isoformat()
