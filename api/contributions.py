"""What api adds to the pages of the apps below it (see core.registry)."""

from __future__ import annotations

from core import registry
from core.registry import Section

from .models import ApiToken


def _tokens(context) -> dict:
    return {"api_tokens": list(ApiToken.objects.filter(user=context["user"], revoked_at__isnull=True))}


def register() -> None:
    # A token is its own sign-in and needs no second factor: the two-factor page says which ones work.
    registry.register("two_factor.settings", Section("api/sections/two_factor_tokens.html", _tokens), order=10)
