"""REST API, version 1. OpenAPI at /api/v1/openapi.json, interactive docs at /api/v1/docs.

This app only builds the API: each app owns its routes and schemas (its `api.py`) and registers
its routers in its `contributions.py` at core.api's points, `API_ROUTERS` (a prefix of its own)
and `API_ROUTES_UNDER` (routes under another app's prefix). The shared helpers are in core/api.py.
"""

from __future__ import annotations

import sys
from functools import wraps

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest
from ninja import NinjaAPI

from core import registry
from core.api import API_ROUTERS, API_ROUTES_UNDER, add_error_handlers
from organisations.models import Role

from . import schemas
from .auth import API_AUTH
from .idempotency import idempotent


def _docs_access(view):
    """The OpenAPI document and docs: public, or behind sign-in if ALONGSIDE_API_DOCS_PUBLIC is off.

    Asked at each request, not when the URLs are built, so the setting can change without a restart
    of the URL configuration (and tests can override it)."""

    @wraps(view)
    def guarded(request, *args, **kwargs):
        if not settings.ALONGSIDE_API_DOCS_PUBLIC and not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return guarded


class AlongsideAPI(NinjaAPI):
    def get_openapi_operation_id(self, operation) -> str:
        """`<module>_<function>` as ninja names them, unless the route's module keeps the prefix its
        routes had before they moved into their app (`OPERATION_ID_PREFIX`): generated clients
        name their calls by these ids."""
        prefix = getattr(sys.modules.get(operation.view_func.__module__), "OPERATION_ID_PREFIX", None)
        if prefix is None:
            return super().get_openapi_operation_id(operation)
        return f"{prefix}_{operation.view_func.__name__}"


api = AlongsideAPI(
    title="Alongside API",
    version="1",
    description="Peer coaching and mentoring programmes. Authenticate with your browser session "
    "or a personal token (Authorization: Bearer …) made on your account page. "
    "Creates (a POST answered 201 or 202) accept an optional Idempotency-Key header: send the same "
    "request again with the same key within a day and you get the first answer again, not a second record.",
    auth=API_AUTH,
    urls_namespace="api",
    docs_decorator=_docs_access,
)
# Every create, in one place: a retried request with the same Idempotency-Key makes one record.
api.add_decorator(idempotent, mode="view")
add_error_handlers(api)


@api.get("/me", response=schemas.Me, tags=["me"])
def me(request: HttpRequest):
    user = request.user
    return {
        "username": user.username,
        "role": user.role,
        "role_label": Role(user.role).label,
        "organisation": user.organisation.name,
        "organisation_id": user.organisation_id,
    }


def _add_registered_routers() -> None:
    """Every router the apps registered, each with the routes other apps hang under its prefix."""
    routers = registry.contributions(API_ROUTERS)
    by_prefix = dict(routers)
    for prefix, attach in registry.contributions(API_ROUTES_UNDER):
        attach(by_prefix[prefix])
    for prefix, router in routers:
        api.add_router(prefix, router)


_add_registered_routers()
