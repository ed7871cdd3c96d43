"""The `training` rows of the permission matrix (tests/matrix.py says how they are walked)."""

from __future__ import annotations

import datetime

from ..matrix import MANAGE, OWN_COACH, S

# url name -> (kwargs from the world, expected GET status per role)
PAGES = {
    "training:module_list": (lambda w: {}, S(200, 200, 200, 200, 403, 403, 200)),
    "training:module_create": (lambda w: {}, S(200, 200, 403, 403, 403, 403, 200)),
    "training:module_edit": (lambda w: {"module_id": w.module.pk}, MANAGE),
    "training:programme_requirements": (lambda w: {"programme_id": w.programme.pk}, MANAGE),
    "training:coach_training": (lambda w: {"coach_id": w.coach.pk}, S(200, 200, 200, 200, 403, 404, 404)),
    "training:induction_add": (lambda w: {"coach_id": w.coach.pk}, MANAGE),
    "training:completion_create": (lambda w: {"coach_id": w.coach.pk}, MANAGE),
    "training:agreement_list": (lambda w: {}, S(200, 200, 200, 200, 403, 403, 200)),
    "training:agreement_create": (lambda w: {}, S(200, 200, 403, 403, 403, 403, 200)),
    "training:agreement_detail": (
        lambda w: {"agreement_id": w.agreement_version.agreement_id},
        S(200, 200, 200, 200, 403, 403, 404),
    ),
    "training:agreement_version_create": (lambda w: {"agreement_id": w.agreement_version.agreement_id}, MANAGE),
    "training:paper_acknowledge": (
        lambda w: {"coach_id": w.other_coach.pk, "version_id": w.agreement_version.pk},
        MANAGE,
    ),
    # The world has no paper acknowledgement: staff who may look are told it is not found (the
    # page itself is tested in tests/training/test_paper_agreements.py).
    "training:signed_copy": (
        lambda w: {"acknowledgement_id": 10**6},
        S(404, 404, 404, 404, 403, 403, 404),
    ),
    "training:my_journey": (lambda w: {}, OWN_COACH),
    "training:acknowledge": (lambda w: {"version_id": w.agreement_version.pk}, OWN_COACH),
    "training:aspiration_add": (lambda w: {}, OWN_COACH),
}

# (method, route) -> (path from the world, payload or None, expected status per role)
API = {
    ("GET", "/coaches/{int:coach_id}/readiness"): (
        lambda w: f"/coaches/{w.coach.pk}/readiness?programme={w.programme.pk}",
        None,
        S(200, 200, 200, 200, 403, 403, 404),
    ),
    # Completions, agreements and acknowledgements: the same answers as their pages.
    ("GET", "/modules"): (lambda w: "/modules", None, S(200, 200, 200, 200, 403, 403, 200)),
    ("GET", "/coaches/{int:coach_id}/completions"): (
        lambda w: f"/coaches/{w.coach.pk}/completions",
        None,
        S(200, 200, 200, 200, 403, 404, 404),
    ),
    ("POST", "/coaches/{int:coach_id}/completions"): (
        lambda w: f"/coaches/{w.coach.pk}/completions",
        lambda w: {"module_id": w.module.pk, "completed_on": datetime.date.today().isoformat()},
        S(201, 201, 403, 403, 403, 403, 404),
    ),
    ("GET", "/agreements"): (lambda w: "/agreements", None, S(200, 200, 200, 200, 403, 403, 200)),
    ("GET", "/agreements/{int:agreement_id}"): (
        lambda w: f"/agreements/{w.agreement_version.agreement_id}",
        None,
        S(200, 200, 200, 200, 403, 403, 404),
    ),
    ("GET", "/my-journey/agreements"): (lambda w: "/my-journey/agreements", None, OWN_COACH),
    ("POST", "/my-journey/agreements/{int:version_id}/acknowledge"): (
        lambda w: f"/my-journey/agreements/{w.agreement_version.pk}/acknowledge",
        lambda w: {},
        OWN_COACH,
    ),
}
