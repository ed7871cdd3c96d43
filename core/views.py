from __future__ import annotations

import datetime
import re
import secrets
from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import IntegrityError, transaction
from django.shortcuts import redirect, render
from django.utils import timezone

from .exceptions import StaleEditError
from .models import FormSubmission

FORM_TOKEN = "form_token"  # noqa: S105 - the name of a form field, not a secret
_VALID_TOKEN = re.compile(r"[A-Za-z0-9_-]{16,64}")
TOKEN_LIFETIME = datetime.timedelta(hours=24)


def posted(request):
    """The submitted data, or None for a first look. (An empty POST is still a submission, so
    `request.POST or None` would wrongly show it as a fresh form.)"""
    return request.POST if request.method == "POST" else None


def int_or_none(value: str | None) -> int | None:
    """A query-string id, or None when it is missing or not a sensible number."""
    return int(value) if value and value.isdigit() and len(value) < 12 else None


def save_form(form, save: Callable[[], Any]) -> Any | None:
    """Run a service for a valid form; put any refusal back on the form instead of a 500.

    Returns what the service returned, or None when the form now carries errors.
    """
    if not form.is_valid():
        return None
    try:
        return save()
    except StaleEditError as error:
        form.add_error(None, error.message)
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            for field, errors in error.error_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            form.add_error(None, error)
    return None


def paginate(request, queryset, *, per_page: int = 25):
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))


def render_list(request, template: str, context: dict[str, Any]):
    """Full page normally; just the results partial when htmx asks while someone types a search."""
    if request.htmx and not request.htmx.boosted:
        return render(request, f"{template}#results", context)
    return render(request, template, context)


def form_page(
    request,
    form,
    *,
    save: Callable[[], Any],
    template: str,
    message: Callable[[Any], str],
    success_url: Callable[[Any], str],
    context: dict[str, Any] | None = None,
):
    """The create/edit page pattern: show the form; on a valid POST run one service, then say
    what happened and go to the record. Refusals stay on the form (see save_form).

    Each showing of the form carries a one-time token, so the same form sent twice (a double
    click, a resend after a slow answer) saves once: the second send goes where the first went."""
    if request.method == "POST":
        token = request.POST.get(FORM_TOKEN, "")
        if request.user.is_authenticated and _VALID_TOKEN.fullmatch(token):
            response = _save_once(request, form, token, save=save, message=message, success_url=success_url)
        else:
            response = _save(request, form, save=save, message=message, success_url=success_url)
        if response is not None:
            return response
    _add_token(form)
    return render(request, template, {"form": form, **(context or {})})


def _save(request, form, *, save, message, success_url):
    result = save_form(form, save)
    if result is None:
        return None
    messages.success(request, message(result))
    return redirect(success_url(result))


def _save_once(request, form, token: str, *, save, message, success_url):
    """Claim the token in the same transaction as the save: a second send at the same moment waits
    on the unique token, then finds where the first went. A refused save frees the token, so the
    form shown again with its errors can still be sent."""
    with transaction.atomic():
        FormSubmission.objects.filter(user=request.user, created_at__lt=timezone.now() - TOKEN_LIFETIME).delete()
        try:
            with transaction.atomic():
                claim = FormSubmission.objects.create(user=request.user, token=token)
        except IntegrityError:
            earlier = FormSubmission.objects.filter(user=request.user, token=token).first()
            if earlier is not None and earlier.result_url:
                messages.info(request, "That form was already saved, so it has not been saved again.")
                return redirect(earlier.result_url)
            return None  # not seen through (cannot outlive its transaction); show the form again
        response = _save(request, form, save=save, message=message, success_url=success_url)
        if response is None:
            claim.delete()
        else:
            claim.result_url = response["Location"][:500]
            claim.save(update_fields=["result_url"])
        return response


def _add_token(form) -> None:
    # Added only now, after any validation, so no service ever receives it. A form shown again with
    # its errors keeps the token it was sent with (that claim was freed).
    form.fields[FORM_TOKEN] = forms.CharField(
        widget=forms.HiddenInput, required=False, initial=secrets.token_urlsafe(24)
    )
