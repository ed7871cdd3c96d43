"""`{% load access %}` then `{% if user|can:"clients.view" %}`: templates ask the permission table,
never a role, so the table stays the whole truth about who sees what."""

from __future__ import annotations

from django import template

from organisations.permissions import can as _can

register = template.Library()


@register.filter(name="can")
def can(user, capability: str) -> bool:
    return _can(user, capability)
