from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render

from .exceptions import StaleEditError


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
    what happened and go to the record. Refusals stay on the form (see save_form)."""
    if request.method == "POST":
        result = save_form(form, save)
        if result is not None:
            messages.success(request, message(result))
            return redirect(success_url(result))
    return render(request, template, {"form": form, **(context or {})})
