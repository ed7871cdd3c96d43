"""Reads shared by the referral pages and the API. Who sees which referral is decided here."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from core.access import get_or_404
from organisations.permissions import can, require
from people.selectors import clients_visible_to

from .models import Referral, Service


def services_for(user, *, search: str = "", kind: str = "", include_inactive: bool = False) -> QuerySet[Service]:
    require(user, "referrals.view")
    queryset = Service.objects.all()
    if not include_inactive:
        queryset = queryset.filter(active=True)
    if search:
        queryset = queryset.filter(Q(name__icontains=search) | Q(description__icontains=search))
    if kind:
        queryset = queryset.filter(kind=kind)
    return queryset.annotate(
        open_count=Count("referrals", filter=Q(referrals__outcome=Referral.Outcome.OPEN))
    ).order_by("name", "id")


def get_service_for_user(user, service_id, *, write: bool = False) -> Service:
    require(user, "services.edit" if write else "referrals.view")
    return get_or_404(Service.objects.all(), service_id)


def referrals_visible_to(user) -> QuerySet[Referral]:
    """Staff who see the caseload see every referral; a coach those of clients they work with now;
    a client their own (so they have the service's details to hand)."""
    queryset = Referral.objects.select_related("client", "service", "made_by")
    if can(user, "clients.view"):
        return queryset
    if can(user, "referrals.view_own"):
        return queryset.filter(client__in=clients_visible_to(user).values("pk"))
    return queryset.none()


def referral_list(user, *, outcome: str = "", kind: str = "", search: str = "") -> QuerySet[Referral]:
    require(user, "referrals.view")
    queryset = referrals_visible_to(user)
    if outcome == "closed":
        queryset = queryset.exclude(outcome=Referral.Outcome.OPEN)
    elif outcome:
        queryset = queryset.filter(outcome=outcome)
    if kind:
        queryset = queryset.filter(service__kind=kind)
    if search:
        queryset = queryset.filter(
            Q(client__first_name__icontains=search)
            | Q(client__last_name__icontains=search)
            | Q(service__name__icontains=search)
        )
    return queryset.order_by("made_on", "id") if outcome == Referral.Outcome.OPEN else queryset


def get_referral_for_user(user, referral_id, *, write: bool = False) -> Referral:
    require(user, "referrals.edit" if write else "referrals.view")
    return get_or_404(referrals_visible_to(user), referral_id)


def for_client(user, client) -> list[Referral]:
    if not (can(user, "referrals.view") or can(user, "referrals.view_own")):
        return []
    return list(referrals_visible_to(user).filter(client=client))


def open_count(user) -> int:
    if not can(user, "referrals.view"):
        return 0
    return referrals_visible_to(user).filter(outcome=Referral.Outcome.OPEN).count()
