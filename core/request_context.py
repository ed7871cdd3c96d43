"""Who is acting and from where, for the audit trail, without passing the request into services.

The scope middleware sets it for each web or API request; management commands and tasks leave it
empty and the audit entry then says "system".
"""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class RequestContext:
    user: Any
    ip_address: str | None
    user_agent: str


_current: ContextVar[RequestContext | None] = ContextVar("alongside_request_context", default=None)


def set_current(ctx: RequestContext | None):
    return _current.set(ctx)


def reset_current(token) -> None:
    _current.reset(token)


def current() -> RequestContext | None:
    return _current.get()


def current_user():
    """The signed-in person making this request, or None (management commands, the sweep)."""
    ctx = _current.get()
    user = getattr(ctx, "user", None) if ctx else None
    return user if getattr(user, "is_authenticated", False) else None


def client_ip(request) -> str | None:
    # Behind a proxy REMOTE_ADDR is the proxy; production sets SECURE_PROXY_SSL_HEADER and the
    # proxy must overwrite X-Forwarded-For, so its first entry is the person's address.
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if forwarded:
        return forwarded.split(",")[0].strip()[:45] or None
    return request.META.get("REMOTE_ADDR")
