"""API authentication: the browser session (with CSRF on writes) or a personal bearer token.

The token is resolved in a middleware, before the organisation scope is entered, so a token
request runs in exactly the same scope as the same person's browser would.
"""

from __future__ import annotations

from django.utils import timezone
from ninja.security import HttpBearer, SessionAuth

from .models import ApiToken


class BearerTokenMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        header = request.META.get("HTTP_AUTHORIZATION", "")
        request.api_token = None
        if request.path.startswith("/api/") and header[:7].lower() == "bearer ":
            key = header[7:].strip()
            token = (
                ApiToken.objects.select_related("user", "user__organisation")
                .filter(key_hash=ApiToken.hash_key(key), revoked_at__isnull=True, user__is_active=True)
                .first()
            )
            if token is not None:
                request.user = token.user
                request.api_token = token
                # A bearer token is not sent by browsers on their own, so CSRF cannot apply.
                request._dont_enforce_csrf_checks = True
                now = timezone.now()
                if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
                    ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        return self.get_response(request)


class TokenAuth(HttpBearer):
    def authenticate(self, request, token: str):
        if getattr(request, "api_token", None) is not None:
            return request.user
        return None


def _has_organisation(user) -> bool:
    return bool(getattr(user, "organisation_id", None))


class OrganisationSessionAuth(SessionAuth):
    def authenticate(self, request, key):
        user = super().authenticate(request, key)
        return user if user is not None and _has_organisation(user) else None


class OrganisationTokenAuth(TokenAuth):
    def authenticate(self, request, token: str):
        user = super().authenticate(request, token)
        return user if user is not None and _has_organisation(user) else None


API_AUTH = [OrganisationTokenAuth(), OrganisationSessionAuth()]
