"""Shared helpers for the `get_<thing>_for_user` access functions each app defines."""

from __future__ import annotations

from django.db.models import Model, QuerySet
from django.http import Http404


def get_or_404(queryset: QuerySet, pk) -> Model:
    """Fetch one row by id from an already-permitted queryset.

    Anything not in the queryset, including another organisation's row or an id that is not a
    number, is a 404, so outsiders cannot tell "exists but not yours" from "does not exist".
    """
    try:
        key = int(pk)
        if not 0 < key < 2**63:
            raise ValueError(key)
        return queryset.get(pk=key)
    except (queryset.model.DoesNotExist, ValueError, TypeError):
        raise Http404(f"No {queryset.model._meta.verbose_name} found.") from None
