"""The `outcomes` rows of the permission matrix (tests/matrix.py says how they are walked)."""

from __future__ import annotations

from ..matrix import S
from .helpers import complete_kwargs, outcome_in

PAGES = {
    "outcomes:my_progress": (lambda w: {}, S(403, 403, 403, 403, 403, 200, 403)),
    # The client's own measure, or their coach (or a coordinator) filling it in with them.
    "outcomes:complete": (complete_kwargs, S(200, 200, 403, 403, 200, 200, 404)),
    "outcomes:life_outcome_add": (
        lambda w: {"relationship_id": w.relationship.pk},
        S(200, 200, 403, 403, 200, 403, 404),
    ),
    "outcomes:life_outcome_confirm": (lambda w: {"outcome_id": outcome_in(w).pk}, S(405, 405, 405, 405, 405, 405, 405)),
}
