"""Deploy checks of our own, run by `manage.py check --deploy` (CI runs it with production settings)."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Tags, Warning, register

LOOPBACK = {"127.0.0.1", "localhost", "::1", "0.0.0.0"}  # noqa: S104  (addresses to refuse, not to bind)


@register(Tags.security, deploy=True)
def site_url_is_public(app_configs, **kwargs) -> list[Warning]:
    # Links in emails, safety alerts and calendar feeds are built from SITE_URL in the worker, where
    # there is no request to take the address from: a loopback default would send people nowhere.
    parts = urlsplit(settings.SITE_URL)
    problems = []
    if parts.hostname in LOOPBACK or not parts.hostname:
        problems.append(
            Warning(
                f"SITE_URL is {settings.SITE_URL!r}: links in emails and calendar feeds would point there.",
                hint="Set SITE_URL to the address people open, e.g. https://alongside.example.org.",
                id="alongside.W001",
            )
        )
    elif parts.scheme != "https":
        problems.append(
            Warning(
                "SITE_URL does not use https.",
                hint="Serve Alongside over TLS and set SITE_URL=https://...",
                id="alongside.W002",
            )
        )
    return problems
