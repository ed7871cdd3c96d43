"""Two-factor sign-in: who must use it. The second factors themselves are django-otp's devices
(an authenticator app: TOTPDevice; recovery codes: StaticDevice; passkeys and security keys:
django-otp-webauthn's WebAuthnCredential), so this app keeps only the organisation's setting."""

from __future__ import annotations

from django.db import models

from core.models import OrganisationOwned


class TwoFactorPolicy(OrganisationOwned):
    """Whom the organisation requires to sign in with a second factor (one row per organisation;
    nobody until an admin saves it). Whom each choice covers is the permission table's business
    (organisations.permissions, `two_factor.required_if_*`)."""

    class Required(models.TextChoices):
        NOBODY = "nobody", "Nobody: people can turn it on for themselves"
        MANAGERS = "managers", "Organisation admins and coordinators"
        STAFF = "staff", "All staff (admins, coordinators, supervisors and group facilitators)"

    required_for = models.CharField(
        "Who must use two-factor sign-in", max_length=10, choices=Required.choices, default=Required.NOBODY
    )

    class Meta:
        verbose_name_plural = "two-factor policies"
        constraints = [
            models.UniqueConstraint(fields=["organisation"], name="two_factor_policy_once_per_organisation"),
        ]

    def __str__(self) -> str:
        return "Two-factor sign-in setting"
