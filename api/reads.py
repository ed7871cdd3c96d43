"""Auditing the API's list reads: one entry per request, however many rows it returns."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from core import audit


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
