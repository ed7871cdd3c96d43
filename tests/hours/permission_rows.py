"""The `hours` rows of the permission matrix (tests/matrix.py says how they are walked)."""

from __future__ import annotations

from ..matrix import S
from .helpers import (
    absence_body,
    coach_kwargs,
    line_body,
    line_kwargs,
    open_in,
    period_kwargs,
    return_body,
    submitted_in,
    submitted_kwargs,
    travel_kwargs,
    version_body,
    week_kwargs,
)

POST = S(405, 405, 405, 405, 405, 405, 405)
# A coach's own week: only for the coach (staff read it through the timesheet's own page).
OWN = S(403, 403, 403, 403, 200, 403, 403)
# Approving, payroll and the settings: coordinators and organisation admins.
APPROVERS = S(200, 200, 403, 403, 403, 403, 200)

PAGES = {
    "hours:my_hours": (lambda w: {}, S(403, 403, 403, 403, 302, 403, 403)),
    "hours:week": (week_kwargs, OWN),
    "hours:line_add": (week_kwargs, OWN),
    "hours:submit": (week_kwargs, POST),
    "hours:travel": (travel_kwargs, POST),
    "hours:line_remove": (line_kwargs, POST),
    # The coach opening their own week's page is taken to their timesheet.
    "hours:timesheet_detail": (submitted_kwargs, S(200, 200, 200, 403, 302, 403, 404)),
    "hours:approve": (submitted_kwargs, POST),
    "hours:return_week": (submitted_kwargs, S(200, 200, 403, 403, 403, 403, 404)),
    "hours:queue": (lambda w: {}, S(200, 200, 200, 403, 403, 403, 200)),
    "hours:approve_week": (lambda w: {}, POST),
    "hours:agreement": (coach_kwargs, S(200, 200, 403, 403, 403, 403, 404)),
    "hours:absence_add": (lambda w: {}, OWN),
    "hours:coach_absence_add": (coach_kwargs, S(200, 200, 403, 403, 403, 403, 404)),
    "hours:payroll": (lambda w: {}, APPROVERS),
    "hours:pay_period": (period_kwargs, S(200, 200, 403, 403, 403, 403, 404)),
    "hours:settings": (lambda w: {}, APPROVERS),
}

API = {
    ("GET", "/timesheets"): (lambda w: "/timesheets", None, S(200, 200, 200, 403, 200, 403, 200)),
    ("POST", "/timesheets"): (
        lambda w: "/timesheets",
        lambda w: {"week_starts": open_in(w).week_starts.isoformat()},
        S(403, 403, 403, 403, 201, 403, 403),
    ),
    ("GET", "/timesheets/{int:timesheet_id}"): (
        lambda w: f"/timesheets/{submitted_in(w).pk}",
        None,
        S(200, 200, 200, 403, 200, 403, 404),
    ),
    ("POST", "/timesheets/{int:timesheet_id}/lines"): (
        lambda w: f"/timesheets/{open_in(w).pk}/lines",
        line_body,
        S(403, 403, 403, 403, 201, 403, 404),
    ),
    ("POST", "/timesheets/{int:timesheet_id}/submit"): (
        lambda w: f"/timesheets/{open_in(w).pk}/submit",
        version_body(open_in),
        S(403, 403, 403, 403, 200, 403, 404),
    ),
    ("POST", "/timesheets/{int:timesheet_id}/approve"): (
        lambda w: f"/timesheets/{submitted_in(w).pk}/approve",
        version_body(submitted_in),
        S(200, 200, 403, 403, 403, 403, 404),
    ),
    ("POST", "/timesheets/{int:timesheet_id}/return"): (
        lambda w: f"/timesheets/{submitted_in(w).pk}/return",
        return_body,
        S(200, 200, 403, 403, 403, 403, 404),
    ),
    ("GET", "/absences"): (lambda w: "/absences", None, S(200, 200, 200, 403, 200, 403, 200)),
    ("POST", "/absences"): (lambda w: "/absences", absence_body, S(201, 201, 403, 403, 201, 403, 404)),
}
