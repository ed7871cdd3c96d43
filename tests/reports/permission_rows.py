"""The `reports` rows of the permission matrix (tests/matrix.py says how they are walked)."""

from __future__ import annotations

from ..matrix import S
from .helpers import quarter, report_in

# Figures about the whole caseload: coordinators, supervisors and organisation admins.
VIEW = S(200, 200, 200, 403, 403, 403, 200)
VIEW_ONE = S(200, 200, 200, 403, 403, 403, 404)
BUILD = S(200, 200, 403, 403, 403, 403, 200)


def _report(w) -> dict:
    return {"report_id": report_in(w).pk}


def _period(w) -> str:
    start, end = quarter()
    return f"start={start.isoformat()}&end={end.isoformat()}"


PAGES = {
    "reports:dashboard": (lambda w: {}, VIEW),
    "reports:report_list": (lambda w: {}, VIEW),
    "reports:report_detail": (_report, VIEW_ONE),
    "reports:report_download": (lambda w: {**_report(w), "kind": "pdf"}, VIEW_ONE),
    "reports:settings": (lambda w: {}, BUILD),
}

API = {
    ("GET", "/programmes/{int:programme_id}/figures"): (
        lambda w: f"/programmes/{w.programme.pk}/figures?{_period(w)}",
        None,
        S(200, 200, 200, 403, 403, 403, 404),
    ),
    ("POST", "/programmes/{int:programme_id}/reports"): (
        lambda w: f"/programmes/{w.programme.pk}/reports",
        lambda w: dict(zip(("start", "end"), (d.isoformat() for d in quarter()), strict=True)),
        S(202, 202, 403, 403, 403, 403, 404),
    ),
    ("GET", "/reports/{int:report_id}"): (lambda w: f"/reports/{report_in(w).pk}", None, VIEW_ONE),
}
