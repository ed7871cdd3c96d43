"""What two-factor sign-in adds to the house (see core.registry)."""

from __future__ import annotations

from django.contrib.auth.signals import user_logged_in

from core import registry
from core.registry import MenuEntry

from .signals import sign_in_checked


def register() -> None:
    registry.register("menu", MenuEntry("Two-factor sign-in", "twofactor:organisation", "two_factor.manage"), order=135)
    user_logged_in.connect(sign_in_checked, dispatch_uid="twofactor.sign_in_checked")
