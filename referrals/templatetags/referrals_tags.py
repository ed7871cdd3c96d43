"""The referrals section of a client's page. A tag, so the people app (lower in the stack) shows
referrals without importing this app."""

from __future__ import annotations

from django import template

from organisations.permissions import can

from .. import selectors

register = template.Library()


@register.inclusion_tag("referrals/_client_referrals.html", takes_context=True)
def client_referrals(context, client) -> dict:
    user = context["request"].user
    return {
        "client": client,
        "referrals": selectors.for_client(user, client),
        "can_refer": can(user, "referrals.edit"),
        # The client's own version: the service's details to hand, no links into staff pages.
        "for_client": can(user, "clients.view_self"),
    }
