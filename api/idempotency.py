"""Idempotency-Key on API creates: the same request sent twice makes one record.

Applied to every operation of the API in one place (api.add_decorator in api.py); it acts only on
POSTs that create something (a 201 or 202 answer) and only when the header is sent. The first
request claims the key in the same transaction as the create, so a second one sent at the same
moment waits on the unique key and then gets the first's answer; if the create is refused (any
answer but 201 or 202) the claim is dropped and the key can be used again. Keys are forgotten after
a day, lazily: each claim first clears that person's expired ones.
"""

from __future__ import annotations

import datetime
import functools
import hashlib
import re

from django.db import IntegrityError, transaction
from django.http import HttpResponse, JsonResponse
from django.utils import timezone
from ninja.utils import check_csrf

from .models import IdempotentRequest

HEADER = "Idempotency-Key"
LIFETIME = datetime.timedelta(hours=24)
CREATED = {201, 202}
_VALID_KEY = re.compile(r"[\x21-\x7e]{1,255}")  # visible ASCII, as a UUID or any opaque token is


def _refused(message: str, status: int = 422) -> JsonResponse:
    error = {"loc": ["header", HEADER], "msg": message, "type": "value_error"}
    return JsonResponse({"detail": [error]}, status=status)


def _fingerprint(request) -> str:
    digest = hashlib.sha256(f"{request.method} {request.get_full_path()}\n".encode())
    digest.update(request.body)
    return digest.hexdigest()


def _repeat(earlier: IdempotentRequest, fingerprint: str) -> HttpResponse:
    if earlier.request_hash != fingerprint:
        return _refused(
            "This Idempotency-Key was already used for a different request (another address or body). "
            "Use a new key for each new thing you create."
        )
    if earlier.status is None:
        return _refused("The first request with this Idempotency-Key is still being answered. Try again shortly.", 409)
    response = HttpResponse(earlier.response_body, status=earlier.status, content_type=earlier.content_type)
    response["Idempotent-Replayed"] = "true"
    return response


def _signed_in(request) -> bool:
    """Whether the request would pass authentication. Checked before a stored answer is repeated,
    since that skips the operation (and with it ninja's own checks)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not getattr(user, "organisation_id", None):
        return False
    if getattr(request, "api_token", None) is not None:
        return True
    return check_csrf(request) is None


def idempotent(run):
    """Wraps an operation's run(request, ...); a no-op for everything but creates."""
    operation = getattr(run, "__self__", None)
    if operation is None or "POST" not in operation.methods or not CREATED & set(operation.response_models):
        return run

    @functools.wraps(run)
    def run_once(request, *args, **kwargs):
        key = request.headers.get(HEADER)
        if key is None or not _signed_in(request):
            return run(request, *args, **kwargs)  # no key, or the operation will refuse anyway
        if not _VALID_KEY.fullmatch(key):
            return _refused("An Idempotency-Key is 1 to 255 visible ASCII characters, for example a UUID.")
        fingerprint = _fingerprint(request)
        with transaction.atomic():
            IdempotentRequest.objects.filter(user=request.user, created_at__lt=timezone.now() - LIFETIME).delete()
            try:
                with transaction.atomic():
                    claim = IdempotentRequest.objects.create(
                        user=request.user,
                        key=key,
                        method=request.method,
                        path=request.get_full_path()[:500],
                        request_hash=fingerprint,
                    )
            except IntegrityError:
                return _repeat(IdempotentRequest.objects.get(user=request.user, key=key), fingerprint)
            response = run(request, *args, **kwargs)
            if response.status_code in CREATED:
                claim.status = response.status_code
                claim.content_type = response.get("Content-Type", "application/json")[:100]
                claim.response_body = response.content.decode()
                claim.save(update_fields=["status", "content_type", "response_body"])
            else:
                claim.delete()
            return response

    return run_once
