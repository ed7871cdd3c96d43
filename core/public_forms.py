"""What protects a form anyone can send without signing in (a coach's application, a client's
self-referral), without a third-party service:

- a field no person can see (`website`): if it is filled in, a robot filled it;
- a signed token per opening of the form (`started`): it proves the form came from us, expires,
  is refused if sent back within seconds, and each can be spent once (the owning model keeps it
  unique), so one opening sends one form;
- per-address limits on attempts an hour and on forms a day (`too_many`);
- hidden characters stripped from every value (core.forms.CleanTextMixin, as on every form).

recruitment's application form has these inline; new public forms use this module.
"""

from __future__ import annotations

import hashlib
import secrets
import time

from django import forms
from django.conf import settings
from django.core import signing
from django.core.cache import cache

from core.request_context import client_ip

TOKEN_MAX_AGE_SECONDS = 24 * 3600


def source_hash(request) -> str:
    """The sender's address, hashed with the secret key, so limits can count it without storing it."""
    address = client_ip(request) or "unknown"
    return hashlib.sha256(f"{settings.SECRET_KEY}:{address}".encode()).hexdigest()


def too_many(*, key: str, attempts_per_hour: int, sent_today: int, per_day: int) -> bool:
    """Count one attempt under `key` (per address) and say whether it is over either limit."""
    attempts = cache.get_or_set(key, 0, timeout=3600)
    cache.incr(key)
    return attempts >= attempts_per_hour or sent_today >= per_day


class PublicFormMixin:
    """Add to a core.forms Form or ModelForm; set `SIGNING_SALT`. Render `started` hidden and
    `website` inside an element the stylesheet hides (class "hp")."""

    SIGNING_SALT = "public-form"
    MIN_SECONDS = 3

    def add_protection(self) -> None:
        self.fields["website"] = forms.CharField(required=False, label="Leave this empty", max_length=200)
        self.fields["website"].widget.attrs.update(autocomplete="off", tabindex="-1")
        self.fields["started"] = forms.CharField(widget=forms.HiddenInput, max_length=200)
        if not self.is_bound:
            # A random value per opening of the form, so each token can be spent once.
            self.fields["started"].initial = signing.TimestampSigner(salt=self.SIGNING_SALT).sign(
                secrets.token_urlsafe(16)
            )

    def clean_website(self):
        if self.cleaned_data.get("website"):
            raise forms.ValidationError("Please leave this field empty.")
        return ""

    def clean_started(self):
        signer = signing.TimestampSigner(salt=self.SIGNING_SALT)
        token = self.cleaned_data["started"]
        try:
            signer.unsign(token, max_age=TOKEN_MAX_AGE_SECONDS)
        except signing.SignatureExpired:
            raise forms.ValidationError("This form was open for too long. Please fill it in again.") from None
        except signing.BadSignature:
            raise forms.ValidationError("Something went wrong with the form. Please try again.") from None
        if time.time() - signing.b62_decode(token.rsplit(":", 2)[1]) < self.MIN_SECONDS:
            raise forms.ValidationError("That was very quick. Please check your answers and send the form again.")
        return token
