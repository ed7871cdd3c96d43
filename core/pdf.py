"""HTML and CSS turned into PDF (WeasyPrint), for reports, series summaries and certificates.

WeasyPrint is given no network: a URL in the HTML is read only if it is one of our static files
(found through the staticfiles finders, so it works before and after collectstatic); anything else
is refused, so a name typed into a record can never make the server fetch an address.
"""

from __future__ import annotations

import mimetypes
from typing import Any

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

BASE_URL = "https://alongside.invalid/"


def _static_file(url: str) -> tuple[bytes, str] | None:
    """The bytes and type of one of our static files named by `url`, or None."""
    prefix = BASE_URL + settings.STATIC_URL.lstrip("/")
    if url.startswith(prefix):
        path = finders.find(url[len(prefix) :].split("?")[0].split("#")[0])
        if path:
            with open(path, "rb") as f:
                return f.read(), mimetypes.guess_type(path)[0] or "application/octet-stream"
    return None


def _fetcher():
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticOnly(URLFetcher):
        def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
            found = _static_file(url)
            if found:
                return URLFetcherResponse(url, found[0], {"Content-Type": found[1]})
            if url.startswith("data:"):
                return super().fetch(url, headers)
            raise ValueError("Only our own static files may be read into a PDF")

    return StaticOnly(allowed_protocols=("data", "https"))


def html_to_pdf(html: str) -> bytes:
    """The PDF for a whole HTML document (static files referenced as /static/...)."""
    from weasyprint import HTML

    return HTML(string=html, base_url=BASE_URL, url_fetcher=_fetcher()).write_pdf()


def render_pdf(template_name: str, context: dict[str, Any], request=None) -> bytes:
    """Render a template (a full HTML page meant for print) to PDF bytes."""
    return html_to_pdf(render_to_string(template_name, context, request=request))
