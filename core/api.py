"""What every area's API shares: pagination, the request-body base, form and service errors as
422s, audited list reads, and the points through which each app adds its routers.

Each app owns its routes and schemas (its `api.py`) and registers its routers in its
`contributions.py`; the `api` app, at the top of the layers, builds the one NinjaAPI from whatever
is registered (api/api.py). This module sits in `core` so every app can import it without reaching
above itself.

Writes are validated by the same Django forms the pages use, so a rule holds in both places, and go
through the same services, so they are audited and version-checked the same way.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, ClassVar

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.forms.models import model_to_dict
from ninja import Field, Schema, Status
from ninja.pagination import PageNumberPagination
from pydantic import ValidationInfo, field_validator

from . import audit
from .exceptions import StaleEditError
from .text import multi_line, one_line

# `(prefix, router)`: a router of the app's own, added under /api/v1/<prefix>.
API_ROUTERS = "api.routers"
# `(prefix, attach)`: routes that hang under another app's prefix (`/clients/{id}/suggestions`);
# `attach(router)` adds them to the router registered at that prefix, before the API is built.
API_ROUTES_UNDER = "api.routes_under"


class Pages(PageNumberPagination):
    class Input(Schema):
        page: int = Field(1, ge=1, le=100_000)
        page_size: int | None = Field(None, ge=1, le=200)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(page_size=50, max_page_size=200, **kwargs)


class Input(Schema):
    """Every request body. Its text loses the characters nobody can see (core.text) before it is
    checked, as the forms' does: a one-line field loses breaks too; the fields named in
    `paragraphs` keep their newlines and tabs."""

    paragraphs: ClassVar[frozenset[str]] = frozenset()

    @field_validator("*", mode="before")
    @classmethod
    def _without_hidden_characters(cls, value: Any, info: ValidationInfo) -> Any:
        if isinstance(value, str):
            return multi_line(value) if info.field_name in cls.paragraphs else one_line(value)
        return value


class ErrorOut(Schema):
    detail: str | list[dict]


class FormInvalid(Exception):
    def __init__(self, errors: list[dict[str, Any]]):
        self.errors = errors


def errors_from(errors: dict[str, list[str]]) -> list[dict[str, Any]]:
    rename = {"programme": "programme_id", "service": "service_id", "__all__": "body"}
    return [
        {"loc": ["body", rename.get(field, field)], "msg": str(message), "type": "value_error"}
        for field, messages in errors.items()
        for message in messages
    ]


def _messages(error: DjangoValidationError) -> dict[str, list[str]]:
    return error.message_dict if hasattr(error, "error_dict") else {"__all__": error.messages}


def require_valid(form, rename: dict[str, str] | None = None) -> None:
    """A form's errors as a 422 naming each field (`rename` maps a form field to the body's name)."""
    if not form.is_valid():
        rename = rename or {}
        raise FormInvalid(errors_from({rename.get(k, k): [str(m) for m in v] for k, v in form.errors.items()}))


def validated(form) -> dict[str, Any]:
    require_valid(form)
    return form.changed_values()


def run_service(save):
    """Call a service; a refusal it raises comes back as a 422 naming the field."""
    try:
        return save()
    except DjangoValidationError as error:
        raise FormInvalid(errors_from(_messages(error))) from error


def archive_or_409(archive):
    """Archive through a service; its refusal (every reason) is a 409 the caller can show."""
    try:
        return archive()
    except DjangoValidationError as error:
        return Status(409, {"detail": " ".join(error.messages)})


def form_data(payload: dict[str, Any]) -> dict[str, Any]:
    data = dict(payload)
    if "programme_id" in data:
        data["programme"] = data.pop("programme_id")
    return {k: ("" if v is None else v) for k, v in data.items()}


def patched_form(instance, form_class, patch: Schema, organisation) -> Any:
    changes = patch.dict(exclude_unset=True)
    version = changes.pop("version")
    current = model_to_dict(instance, fields=form_class._meta.fields)
    data = form_data({**current, **form_data(changes), "version": version})
    return form_class(data=data, instance=instance, organisation=organisation)


def audited_list(action: str) -> Callable:
    """Put between the route and `@paginate`: records who read the list, with which filter (the
    query and path parameters, and the page) and how many rows came back.

    `functools.wraps` keeps the signature and ninja's pagination markers, so the route's parameters
    and its OpenAPI description are those of the function underneath.
    """

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def audited(request, **kwargs: Any):
            result = view(request, **kwargs)
            page = kwargs.get("ninja_pagination")
            filters = {name: value for name, value in kwargs.items() if name != "ninja_pagination"}
            if page is not None:
                filters["page"] = page.page
            paginated = isinstance(result, dict)
            items = result["items"] if paginated else result
            audit.listed(
                action=action,
                organisation_id=request.user.organisation_id,
                filters=filters,
                # len() evaluates a queryset once; the response then reads the same cached rows.
                rows=len(items),
                total=result.get("count") if paginated else None,
            )
            return result

        return audited

    return decorator


def add_error_handlers(api) -> None:
    """Refusals as the answers every route gives: 403 for a role, 409 for a stale edit, 422 naming
    the field for a form or a service's refusal."""

    @api.exception_handler(PermissionDenied)
    def _forbidden(request, exc):
        return api.create_response(request, {"detail": "Your role cannot do this."}, status=403)

    @api.exception_handler(StaleEditError)
    def _stale(request, exc):
        return api.create_response(request, {"detail": StaleEditError.message}, status=409)

    @api.exception_handler(FormInvalid)
    def _invalid(request, exc):
        return api.create_response(request, {"detail": exc.errors}, status=422)

    @api.exception_handler(DjangoValidationError)
    def _django_invalid(request, exc):
        return api.create_response(request, {"detail": errors_from(_messages(exc))}, status=422)
