"""Passkeys and security keys (django-otp-webauthn), tied to the host the page came from.

Django has already checked the Host header against ALLOWED_HOSTS, so the page's own host is the
relying party and its https origin the only one accepted; plain http is accepted only on
localhost, the one place browsers allow WebAuthn without https (development and browser tests)."""

from __future__ import annotations

from django_otp_webauthn.helpers import WebAuthnHelper

LOOPBACK = {"localhost"}


def _host(request) -> tuple[str, str]:
    host = request.get_host()
    return host, host.rsplit(":", 1)[0] if not host.endswith("]") else host


def relying_party_id(request) -> str:
    return _host(request)[1]


class Helper(WebAuthnHelper):
    def get_allowed_origins(self) -> list[str]:
        host, name = _host(self.request)
        origins = [f"https://{host}"]
        if name in LOOPBACK:
            origins.append(f"http://{host}")
        return origins
