"""The `api` rows of the permission matrix (tests/matrix.py says how they are walked)."""

from __future__ import annotations

from ..matrix import S

# url name -> (kwargs from the world, expected GET status per role)
PAGES = {
    "account": (lambda w: {}, S(200, 200, 200, 200, 200, 200, 200)),
    "revoke_token": (lambda w: {"token_id": 1}, S(405, 405, 405, 405, 405, 405, 405)),
}

# (method, route) -> (path from the world, payload or None, expected status per role)
API = {
    ("GET", "/me"): (lambda w: "/me", None, S(200, 200, 200, 200, 200, 200, 200)),
}
