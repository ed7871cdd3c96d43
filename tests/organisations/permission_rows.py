"""The `organisations` rows of the permission matrix (tests/matrix.py says how they are walked)."""

from __future__ import annotations

from django_scopes import scopes_disabled

from organisations.models import HelpLine

from ..matrix import S


def _help_line(w) -> dict:
    with scopes_disabled():
        line, _ = HelpLine.objects.get_or_create(organisation=w.org, name="Duty line", defaults={"how": "Call 0100"})
    return {"line_id": line.pk}


# url name -> (kwargs from the world, expected GET status per role)
PAGES = {
    "organisations:programme_list": (lambda w: {}, S(200, 200, 200, 200, 403, 403, 200)),
    "organisations:programme_create": (lambda w: {}, S(200, 200, 403, 403, 403, 403, 200)),
    "organisations:programme_detail": (
        lambda w: {"programme_id": w.programme.pk},
        S(200, 200, 200, 200, 403, 403, 404),
    ),
    "organisations:programme_edit": (
        lambda w: {"programme_id": w.programme.pk},
        S(200, 200, 403, 403, 403, 403, 404),
    ),
    # The archive page shows what stops an archive (the world's programme has open relationships).
    "organisations:programme_archive": (
        lambda w: {"programme_id": w.programme.pk},
        S(200, 200, 403, 403, 403, 403, 404),
    ),
    "organisations:programme_restore": (
        lambda w: {"programme_id": w.programme.pk},
        S(405, 405, 405, 405, 405, 405, 405),
    ),
    "organisations:audit_log": (lambda w: {}, S(200, 403, 403, 403, 403, 403, 403)),
    "organisations:help_line_list": (lambda w: {}, S(200, 200, 403, 403, 403, 403, 200)),
    "organisations:help_line_create": (lambda w: {}, S(200, 200, 403, 403, 403, 403, 200)),
    "organisations:help_line_edit": (_help_line, S(200, 200, 403, 403, 403, 403, 404)),
    "organisations:help_line_remove": (_help_line, S(405, 405, 405, 405, 405, 405, 405)),
}

# (method, route) -> (path from the world, payload or None, expected status per role)
API = {
    ("GET", "/programmes"): (lambda w: "/programmes", None, S(200, 200, 200, 200, 403, 403, 200)),
    ("POST", "/programmes"): (
        lambda w: "/programmes",
        lambda w: {"name": "New one", "kind": "coaching", "min_months": 3, "max_months": 6},
        S(201, 201, 403, 403, 403, 403, 201),
    ),
    ("GET", "/programmes/{int:programme_id}"): (
        lambda w: f"/programmes/{w.programme.pk}",
        None,
        S(200, 200, 200, 200, 403, 403, 404),
    ),
    ("PATCH", "/programmes/{int:programme_id}"): (
        lambda w: f"/programmes/{w.programme.pk}",
        lambda w: {"version": w.programme.version, "coach_capacity": 2},
        S(200, 200, 403, 403, 403, 403, 404),
    ),
    ("POST", "/programmes/{int:programme_id}/archive"): (
        lambda w: f"/programmes/{w.programme.pk}/archive",
        lambda w: {},
        S(409, 409, 403, 403, 403, 403, 404),
    ),
    ("POST", "/programmes/{int:programme_id}/restore"): (
        lambda w: f"/programmes/{w.programme.pk}/restore",
        lambda w: {},
        S(409, 409, 403, 403, 403, 403, 404),
    ),
}
