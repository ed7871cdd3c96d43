"""Who is acting and from where, for the audit trail, without passing the request into services.

The scope middleware sets it for each web or API request; management commands and tasks leave it
empty and the audit entry then says "system".
"""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from python_ipware import IpWare


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
    """The address of the person making the request, as far as our own proxies vouch for it.

    X-Forwarded-For is written by whoever sends the request, so only its right-most entries, the
    ones our ALONGSIDE_TRUSTED_PROXY_COUNT proxies appended, can be believed: each proxy appends
    the address it saw, so the person is the Nth from the right. With no trusted proxy (the
    default) the header is ignored and REMOTE_ADDR is the person. django-axes asks this function
    too (AXES_CLIENT_IP_CALLABLE), so throttling, the audit trail and the application form's
    limits all count the same address.
    """
    remote = request.META.get("REMOTE_ADDR") or None
    proxies = int(getattr(settings, "ALONGSIDE_TRUSTED_PROXY_COUNT", 0))
    if proxies <= 0:
        return remote
    # python-ipware (django-ipware's engine) parses the chain (ports, IPv6, junk) and counts from
    # the right; its proxy_count is the hops between the person's entry and the last one appended.
    ipware = IpWare(precedence=("HTTP_X_FORWARDED_FOR",), leftmost=True, proxy_count=proxies - 1)
    address, _trusted = ipware.get_client_ip(request.META, strict=False)
    # A chain shorter than our proxies means a proxy did not append: keep what we actually saw.
    return str(address) if address is not None else remote
