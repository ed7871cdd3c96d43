"""The `recruitment` rows of the permission matrix (tests/matrix.py says how they are walked)."""

from __future__ import annotations

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
    "recruitment:check_list": (lambda w: {}, S(200, 200, 200, 403, 403, 403, 200)),
    "recruitment:check_create": (lambda w: {"coach_id": w.coach.pk}, MANAGE),
    "recruitment:check_edit": (lambda w: {"check_id": w.dbs_check.pk}, MANAGE),
    "recruitment:check_certificate": (lambda w: {"check_id": w.dbs_check.pk}, MANAGE),
}
