from __future__ import annotations

from . import selectors
from .middleware import CLEAR


def sign_in_checked(sender, request, user, **kwargs) -> None:
    """At sign-in (the form, or a test's force_login): a person with no second factor whom the
    organisation does not require to have one is marked clear, so the middleware asks nothing more
    of this session and reads nothing for it."""
    session = getattr(request, "session", None)
    if session is None:
        return
    if not selectors.has_any_device(user) and not selectors.is_required(user):
        session[CLEAR] = user.pk
    else:
        session.pop(CLEAR, None)
