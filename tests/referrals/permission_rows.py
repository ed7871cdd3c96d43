"""The `referrals` rows of the permission matrix (tests/matrix.py says how they are walked)."""

from __future__ import annotations

import datetime

from ..matrix import S

# url name -> (kwargs from the world, expected GET status per role)
PAGES = {
    "referrals:service_list": (lambda w: {}, S(200, 200, 200, 200, 200, 403, 200)),
    "referrals:service_create": (lambda w: {}, S(200, 200, 403, 403, 403, 403, 200)),
    "referrals:service_edit": (lambda w: {"service_id": w.service.pk}, S(200, 200, 403, 403, 403, 403, 404)),
    "referrals:referral_create": (lambda w: {"client_id": w.client.pk}, S(200, 200, 403, 403, 200, 403, 404)),
    "referrals:referral_list": (lambda w: {}, S(200, 200, 200, 200, 200, 403, 200)),
    "referrals:referral_detail": (lambda w: {"referral_id": w.referral.pk}, S(200, 200, 200, 404, 200, 403, 404)),
}

# (method, route) -> (path from the world, payload or None, expected status per role)
API = {
    ("GET", "/services"): (lambda w: "/services", None, S(200, 200, 200, 200, 200, 403, 200)),
    ("GET", "/referrals"): (lambda w: "/referrals", None, S(200, 200, 200, 200, 200, 403, 200)),
    ("GET", "/referrals/{int:referral_id}"): (
        lambda w: f"/referrals/{w.referral.pk}",
        None,
        S(200, 200, 200, 404, 200, 403, 404),
    ),
    ("POST", "/referrals"): (
        lambda w: "/referrals",
        lambda w: {
            "client_id": w.client.pk,
            "service_id": w.service.pk,
            "kind": "signpost",
            "reason": "Needs help with a benefits form.",
            "made_on": datetime.date.today().isoformat(),
        },
        S(201, 201, 403, 403, 201, 403, 404),
    ),
    ("PATCH", "/referrals/{int:referral_id}"): (
        lambda w: f"/referrals/{w.referral.pk}",
        lambda w: {"version": 1, "outcome": "engaged", "outcome_on": datetime.date.today().isoformat()},
        S(200, 200, 403, 403, 200, 403, 404),
    ),
}
