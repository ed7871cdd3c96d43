"""The `recruitment` rows of the permission matrix (tests/matrix.py says how they are walked)."""

from __future__ import annotations

import datetime

from ..matrix import MANAGE, S

# Anyone may apply, signed in or not.
PUBLIC = {"recruitment:apply", "recruitment:apply_thanks"}

# url name -> (kwargs from the world, expected GET status per role)
PAGES = {
    "recruitment:pipeline": (lambda w: {}, S(200, 200, 200, 403, 403, 403, 200)),
    "recruitment:application_detail": (
        lambda w: {"application_id": w.application.pk},
        S(200, 200, 200, 403, 403, 403, 404),
    ),
    "recruitment:conversation": (lambda w: {"application_id": w.application.pk}, MANAGE),
    "recruitment:questions": (lambda w: {}, S(200, 200, 403, 403, 403, 403, 200)),
    "recruitment:circumstances": (lambda w: {}, S(200, 200, 200, 403, 403, 403, 200)),
    "recruitment:exclusion_add": (lambda w: {"coach_id": w.other_coach.pk}, MANAGE),
    "recruitment:check_list": (lambda w: {}, S(200, 200, 200, 403, 403, 403, 200)),
    "recruitment:check_create": (lambda w: {"coach_id": w.coach.pk}, MANAGE),
    "recruitment:check_edit": (lambda w: {"check_id": w.dbs_check.pk}, MANAGE),
    "recruitment:check_certificate": (lambda w: {"check_id": w.dbs_check.pk}, MANAGE),
}


# (method, route) -> (path from the world, payload or None, expected status per role)
API = {
    # Applications, the pipeline and vetting checks: the same answers as their pages.
    ("GET", "/applications"): (lambda w: "/applications", None, S(200, 200, 200, 403, 403, 403, 200)),
    ("GET", "/applications/{int:application_id}"): (
        lambda w: f"/applications/{w.application.pk}",
        None,
        S(200, 200, 200, 403, 403, 403, 404),
    ),
    ("POST", "/applications/{int:application_id}/moves"): (
        lambda w: f"/applications/{w.application.pk}/moves",
        lambda w: {"version": w.application.version, "to_stage": "conversation_booked"},
        S(200, 200, 403, 403, 403, 403, 404),
    ),
    ("PUT", "/applications/{int:application_id}/conversation"): (
        lambda w: f"/applications/{w.application.pk}/conversation",
        lambda w: {"held_on": datetime.date.today().isoformat(), "strengths": "Listens well"},
        S(200, 200, 403, 403, 403, 403, 404),
    ),
    ("GET", "/checks"): (lambda w: "/checks", None, S(200, 200, 200, 403, 403, 403, 200)),
    ("GET", "/checks/{int:check_id}"): (
        lambda w: f"/checks/{w.dbs_check.pk}",
        None,
        S(200, 200, 200, 403, 403, 403, 404),
    ),
    ("POST", "/coaches/{int:coach_id}/checks"): (
        lambda w: f"/coaches/{w.coach.pk}/checks",
        lambda w: {"kind": "reference", "referee": "A. Manager, former employer", "requested_on": "2025-03-01"},
        S(201, 201, 403, 403, 403, 403, 404),
    ),
    ("PATCH", "/checks/{int:check_id}"): (
        lambda w: f"/checks/{w.dbs_check.pk}",
        lambda w: {"version": w.dbs_check.version, "notes": "Seen the certificate."},
        S(200, 200, 403, 403, 403, 403, 404),
    ),
}
