"""Writes for two-factor sign-in. Each change to someone's second factors is audited on their
sign-in (core.audit), as other changes to a person's record are; codes and secrets never are."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django_otp.models import VerifyNotAllowed
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential

from core import audit

from . import selectors
from .models import TwoFactorPolicy

RECOVERY_CODES = 10
WRONG_CODE = "That code is not right. Check it and try again."


def policy_save(*, organisation, required_for: str) -> TwoFactorPolicy:
    """Save whom the organisation requires to use a second factor. People already signed in are asked
    to set it up at their next sign-in."""
    if required_for not in TwoFactorPolicy.Required.values:
        raise ValidationError({"required_for": "Choose who must use two-factor sign-in."})
    with transaction.atomic():
        policy = TwoFactorPolicy.objects.select_for_update().filter(organisation=organisation).first()
        policy = policy or TwoFactorPolicy(organisation=organisation)
        before = policy.required_for if policy.pk else TwoFactorPolicy.Required.NOBODY
        policy.required_for = required_for
        policy.save()
        if before != required_for:
            audit.record(
                action="twofactor.policy.changed",
                organisation=organisation,
                obj=policy,
                changes={"required_for": [before, required_for]},
            )
    return policy


def app_start(*, user) -> TOTPDevice:
    """An authenticator app being set up: a new secret, not yet trusted. Seeing the page again keeps the
    same secret, so a phone that already scanned it still works."""
    device = selectors.unconfirmed_app(user)
    return device or TOTPDevice.objects.create(user=user, name=selectors.APP_NAME, confirmed=False)


def _refusal(device) -> str | None:
    allowed, why = device.verify_is_allowed()
    if allowed:
        return None
    if why and why.get("reason") == VerifyNotAllowed.N_FAILED_ATTEMPTS:
        return "Too many wrong codes in a row. Wait a minute, then try again."
    return "That code cannot be checked just now. Wait a minute, then try again."


def app_confirm(*, user, device: TOTPDevice, code: str) -> TOTPDevice:
    """Trust the app once it has shown one right code; it replaces any app set up before. Wrong codes
    are throttled as at sign-in, and the code used here cannot be used again to sign in."""
    code = _digits(code)
    refusal = _refusal(device)
    if refusal:
        raise ValidationError({"code": refusal})
    if not device.verify_token(code):
        raise ValidationError({"code": WRONG_CODE})
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        TOTPDevice.objects.filter(pk=device.pk).update(confirmed=True)
        device.confirmed = True
        audit.record(action="twofactor.app.added", organisation=user.organisation_id, obj=user)
    return device


def recovery_codes_make(*, user) -> list[str]:
    """Ten new single-use recovery codes; any made before stop working. The codes are returned to be
    shown once; only django-otp's copy (used and deleted one by one) is kept."""
    with transaction.atomic():
        device, _ = StaticDevice.objects.get_or_create(user=user, name=selectors.RECOVERY_NAME)
        device.token_set.all().delete()
        codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
        StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
        audit.record(action="twofactor.recovery_codes.made", organisation=user.organisation_id, obj=user)
    return codes


def app_remove(*, user) -> None:
    with transaction.atomic():
        removed, _ = TOTPDevice.objects.filter(user=user).delete()
        if removed:
            audit.record(action="twofactor.app.removed", organisation=user.organisation_id, obj=user)


def passkey_remove(*, user, passkey: WebAuthnCredential) -> None:
    with transaction.atomic():
        WebAuthnCredential.objects.filter(pk=passkey.pk, user=user).delete()
        audit.record(
            action="twofactor.passkey.removed",
            organisation=user.organisation_id,
            obj=user,
            changes={"passkey": passkey.name},
        )


def passkey_added(*, user, passkey: WebAuthnCredential) -> None:
    """Name a just-registered passkey by when it was added (browsers give it no name we can read)."""
    if not passkey.name:
        passkey.name = f"Passkey added {timezone.localdate():%-d %B %Y}"
        passkey.save(update_fields=["name"])
    audit.record(
        action="twofactor.passkey.added", organisation=user.organisation_id, obj=user, changes={"passkey": passkey.name}
    )


def _digits(code: str) -> str:
    return "".join(code.split()).replace("-", "").lower()


def second_step(*, user, code: str):
    """The device a typed code belongs to: a six-digit code from the app, or one of the recovery
    codes (which is then used up). Every wrong code counts against each device django-otp throttles,
    and a right code is refused while it waits; an app code already used is refused (its time step
    is remembered). Raises ValidationError with what to tell the person."""
    code = _digits(code)
    if not code:
        raise ValidationError({"code": "Enter the code from your app, or one of your recovery codes."})
    devices = selectors.code_devices(user)
    # A code from the app is six digits; anything else can only be a recovery code.
    devices = [d for d in devices if isinstance(d, TOTPDevice) == (code.isdigit() and len(code) == 6)] or devices
    for device in devices:
        refusal = _refusal(device)
        if refusal:
            raise ValidationError({"code": refusal})
        if device.verify_token(code):
            if isinstance(device, StaticDevice):
                audit.record(action="twofactor.recovery_code.used", organisation=user.organisation_id, obj=user)
            return device
    raise ValidationError({"code": WRONG_CODE})


def second_factor_reset(*, user) -> None:
    """An organisation admin clears someone's second factors (a lost phone, no recovery codes left):
    they sign in with their password alone once, and are led to set it up again if they must."""
    with transaction.atomic():
        removed = 0
        for model in (TOTPDevice, StaticDevice, WebAuthnCredential):
            found = model.objects.filter(user=user)
            removed += found.count()
            found.delete()
        audit.record(
            action="twofactor.reset", organisation=user.organisation_id, obj=user, changes={"devices_removed": removed}
        )
