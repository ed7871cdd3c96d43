"""The `twofactor` rows of the permission matrix (tests/matrix.py says how they are walked).

The matrix signs each role in with force_login; its organisations do not require two factors and its
people have none, so each session counts as clear (twofactor.signals) and sees the pages as it would."""

from __future__ import annotations

from ..matrix import S

EVERYONE = S(200, 200, 200, 200, 200, 200, 200)
POST = S(405, 405, 405, 405, 405, 405, 405)

PAGES = {
    "twofactor:settings": (lambda w: {}, EVERYONE),
    "twofactor:app_setup": (lambda w: {}, EVERYONE),
    "twofactor:app_remove": (lambda w: {}, POST),
    "twofactor:recovery_codes": (lambda w: {}, EVERYONE),
    "twofactor:recovery_codes_new": (lambda w: {}, POST),
    "twofactor:passkey_remove": (lambda w: {"passkey_id": 999999}, POST),
    "twofactor:passkey_register_begin": (lambda w: {}, POST),
    "twofactor:passkey_register_complete": (lambda w: {}, POST),
    # A session with nothing left to prove is sent on to where it was going.
    "twofactor:verify": (lambda w: {}, S(302, 302, 302, 302, 302, 302, 302)),
    "twofactor:passkey_auth_begin": (lambda w: {}, POST),
    "twofactor:passkey_auth_complete": (lambda w: {}, POST),
    # The organisation's setting and resets: its admins only (the outsider is another organisation's
    # coordinator).
    "twofactor:organisation": (lambda w: {}, S(200, 403, 403, 403, 403, 403, 403)),
    "twofactor:reset": (lambda w: {"user_id": w.coordinator.pk}, POST),
}
