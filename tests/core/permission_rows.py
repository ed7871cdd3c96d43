"""The `core` rows of the permission matrix (tests/matrix.py says how they are walked)."""

from __future__ import annotations

from ..matrix import S

# Polled by an operator's monitor; says which part failed and nothing else (tests/core/test_health.py).
PUBLIC = {"health"}

# url name -> (kwargs from the world, expected GET status per role)
PAGES = {
    "home": (lambda w: {}, S(200, 200, 200, 200, 200, 200, 200)),
}
