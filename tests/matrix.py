"""The permission matrix's vocabulary, and the gathering of every app's rows.

Each app's rows live beside its tests, in `tests/<app>/permission_rows.py`: a `PAGES` dict
(url name -> (kwargs from the world, expected GET status per role)), an `API` dict
((method, route) -> (path from the world, payload or None, expected status per role)) and, if it
has pages anyone may open, a `PUBLIC` set. `tests/test_permission_matrix.py` walks them all, so a
new app plugs in by adding that one file, and a new URL without a row still fails the suite.
"""

from __future__ import annotations

import importlib
from pathlib import Path

ROLES = ["orgadmin", "coordinator", "supervisor", "facilitator", "coach", "client", "outsider"]


def S(orgadmin, coordinator, supervisor, facilitator, coach, client, outsider):  # noqa: N802
    return dict(zip(ROLES, (orgadmin, coordinator, supervisor, facilitator, coach, client, outsider), strict=True))


# Managing a relationship (pause, extend, end...) is for coordinators; goals, steps and reviews are
# the coach's work with their own clients, which coordinators can also do.
MANAGE = S(200, 200, 403, 403, 403, 403, 404)
WORK = S(200, 200, 403, 403, 200, 403, 404)
OWN_COACH = S(403, 403, 403, 403, 200, 403, 403)

TESTS = Path(__file__).resolve().parent


def row_modules() -> list:
    """Every `tests/<app>/permission_rows.py`, in a stable order."""
    return [
        importlib.import_module(f"tests.{path.parent.name}.permission_rows")
        for path in sorted(TESTS.glob("*/permission_rows.py"))
    ]


def gather(attribute: str, own: dict | set):
    """`own` (rows written in the matrix file itself) plus every app's; a row written twice is an
    error, so a row moved to its app and changed in the old place cannot silently shadow the other."""
    merged = type(own)(own)
    seen = dict.fromkeys(own, "tests/test_permission_matrix.py")
    for module in row_modules():
        rows = getattr(module, attribute, type(own)())
        twice = sorted(set(rows) & set(merged), key=str)
        if twice:
            where = {key: seen[key] for key in twice}
            raise AssertionError(f"{module.__name__} repeats permission rows already written elsewhere: {where}")
        for key in rows:
            seen[key] = module.__name__
        if isinstance(merged, dict):
            merged.update(rows)
        else:
            merged |= set(rows)
    return merged
