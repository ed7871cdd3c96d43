"""Reads for two-factor sign-in: whether a person must use it, which second factors they have, and
who in an organisation has set one up.

The organisation's setting is read with scoping off, by the person's own organisation id: it is
read as they sign in (before any scope is entered) and by the middleware on each request."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, QuerySet
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential
from django_scopes import scopes_disabled

from organisations.permissions import can

from .models import TwoFactorPolicy

# Which capability (organisations.permissions) each choice of the setting makes required.
REQUIRED_BY = {
    TwoFactorPolicy.Required.MANAGERS: "two_factor.required_if_managers",
    TwoFactorPolicy.Required.STAFF: "two_factor.required_if_staff",
}
RECOVERY_NAME = "Recovery codes"
APP_NAME = "Authenticator app"


def policy_for(organisation_id) -> TwoFactorPolicy:
    """The organisation's setting, or the default (nobody required, unsaved) until an admin saves it."""
    with scopes_disabled():
        found = TwoFactorPolicy.objects.filter(organisation_id=organisation_id).first()
    return found or TwoFactorPolicy(organisation_id=organisation_id)


def is_required(user) -> bool:
    """Whether the organisation's setting makes this person use a second factor. Coaches and clients
    never are (no choice of the setting covers them)."""
    if not getattr(user, "organisation_id", None):
        return False
    capability = REQUIRED_BY.get(policy_for(user.organisation_id).required_for)
    return bool(capability and can(user, capability))


def has_second_factor(user) -> bool:
    """An authenticator app or a passkey: what counts as set up (recovery codes alone do not)."""
    return (
        TOTPDevice.objects.filter(user=user, confirmed=True).exists()
        or WebAuthnCredential.objects.filter(user=user, confirmed=True).exists()
    )


def has_any_device(user) -> bool:
    """Anything that can pass the second step, recovery codes included: whoever has one is asked for it."""
    return has_second_factor(user) or StaticToken.objects.filter(device__user=user, device__confirmed=True).exists()


@dataclass
class SecondFactors:
    app: TOTPDevice | None
    passkeys: list = field(default_factory=list)
    recovery: StaticDevice | None = None
    recovery_left: int = 0

    @property
    def any(self) -> bool:
        return bool(self.app or self.passkeys)


def second_factors(user) -> SecondFactors:
    recovery = StaticDevice.objects.filter(user=user, confirmed=True, name=RECOVERY_NAME).first()
    return SecondFactors(
        app=TOTPDevice.objects.filter(user=user, confirmed=True).first(),
        passkeys=list(WebAuthnCredential.objects.filter(user=user, confirmed=True).order_by("created_at")),
        recovery=recovery,
        recovery_left=StaticToken.objects.filter(device=recovery).count() if recovery else 0,
    )


def unconfirmed_app(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()


def code_devices(user) -> list:
    """The devices a typed code can be checked against: the app first, then the recovery codes."""
    return [
        *TOTPDevice.objects.filter(user=user, confirmed=True),
        *StaticDevice.objects.filter(user=user, confirmed=True),
    ]


def people_in(organisation) -> QuerySet:
    """Everyone who signs in to the organisation, with whether they have an app, a passkey or
    recovery codes (one query, for the admin's page)."""
    users = get_user_model().objects.filter(organisation=organisation, is_active=True)
    return users.annotate(
        has_app=Exists(TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)),
        has_passkey=Exists(WebAuthnCredential.objects.filter(user=OuterRef("pk"), confirmed=True)),
        has_recovery=Exists(StaticDevice.objects.filter(user=OuterRef("pk"), confirmed=True)),
    ).order_by("last_name", "first_name", "username")
