"""Reads of people that pages and the API share. Each starts from what the user may see."""

from __future__ import annotations

import functools
import operator
from datetime import timedelta

from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from core import registry
from core.access import get_or_404
from core.models import AuditEntry
from organisations.permissions import can, require

from .models import (
    AgencyMeeting,
    Client,
    Coach,
    CoachBreak,
    Consent,
    Professional,
    RiskAssessment,
    SelfReferral,
    StaffMember,
)

# What people's reads need from the apps above (journeys: who works with whom), registered there
# (journeys/contributions.py), so this app never imports them.
COACHES_CLIENTS = "people.coaches_clients"  # callables: user -> Q over Client, the clients a coach works with
CLIENT_LIST_PREFETCH = "people.client_list.prefetch"  # callables: () -> a prefetch lookup
COACH_LIST_ANNOTATIONS = "people.coach_list.annotations"  # callables: () -> {name: expression}
CLIENTS_OF_COACH = "people.client_list.of_coach"  # callables: coach id -> Q over Client


def _name_search(queryset: QuerySet, search: str) -> QuerySet:
    # Every word must match a part of the name, email or phone, so "anna kow" finds Anna Kowalska.
    for word in search.split()[:5]:
        queryset = queryset.filter(
            Q(first_name__icontains=word)
            | Q(last_name__icontains=word)
            | Q(email__icontains=word)
            | Q(phone__icontains=word)
        )
    return queryset


# --- clients ---------------------------------------------------------------------------------


# Archived people are left out by the models' own manager. Only those who may edit people may
# see the archived ones (the "Archived" filter, opening one to restore it); nobody else can tell
# they exist.
ARCHIVED = "archived"


def clients_visible_to(user, *, archived: bool = False) -> QuerySet[Client]:
    if archived:
        return Client.with_archived.all() if can(user, "clients.edit") else Client.objects.none()
    if can(user, "clients.view"):
        return Client.objects.all()
    if can(user, "clients.view_own"):
        own = [rule(user) for rule in registry.contributions(COACHES_CLIENTS)]
        if not own:
            return Client.objects.none()
        return Client.objects.filter(functools.reduce(operator.or_, own)).distinct()
    if can(user, "clients.view_self"):
        return Client.objects.filter(user=user)
    return Client.objects.none()


def get_client_for_user(user, client_id, *, write: bool = False, archived: bool = False) -> Client:
    """`archived=True` also finds an archived client, for those who may edit clients."""
    if write:
        require(user, "clients.edit")
    visible = clients_visible_to(user, archived=archived and can(user, "clients.edit"))
    return get_or_404(visible.select_related("programme", "user"), client_id)


def client_list(
    *, user, search: str = "", programme_id: int | None = None, status: str = "", coach_id: int | None = None
) -> QuerySet[Client]:
    if not (can(user, "clients.view") or can(user, "clients.view_own")):
        require(user, "clients.view")
    if status == ARCHIVED:
        queryset = clients_visible_to(user, archived=True).filter(archived_at__isnull=False)
    else:
        queryset = clients_visible_to(user)
    queryset = queryset.select_related("programme")
    queryset = queryset.prefetch_related(*(lookup() for lookup in registry.contributions(CLIENT_LIST_PREFETCH)))
    if search:
        queryset = _name_search(queryset, search)
    if programme_id:
        queryset = queryset.filter(programme_id=programme_id)
    if status and status != ARCHIVED:
        queryset = queryset.filter(status=status)
    if coach_id:
        of_coach = [rule(coach_id) for rule in registry.contributions(CLIENTS_OF_COACH)]
        queryset = queryset.filter(functools.reduce(operator.or_, of_coach)).distinct() if of_coach else queryset.none()
    return queryset.order_by("last_name", "first_name", "id")


# --- risk assessments for home visits ---------------------------------------------------------


def latest_risk_assessment(client: Client) -> RiskAssessment | None:
    return RiskAssessment.objects.filter(client=client).select_related("by").first()


def current_risk_assessment(client: Client, today=None) -> RiskAssessment | None:
    """The assessment that covers today: the latest, while its review date has not passed."""
    latest = latest_risk_assessment(client)
    return latest if latest and latest.is_current(today or timezone.localdate()) else None


def risk_assessments_due(user, *, today=None) -> list[tuple[Client, RiskAssessment]]:
    """Clients (waiting or working with a coach) whose latest assessment is due for review within
    RiskAssessment.DUE_SOON_DAYS, or overdue: soonest first."""
    if not can(user, "clients.view"):
        return []
    today = today or timezone.localdate()
    latest = RiskAssessment.objects.filter(client=OuterRef("client")).order_by("-assessed_on", "-id").values("pk")[:1]
    due = (
        RiskAssessment.objects.filter(
            pk=Subquery(latest),
            review_by__lte=today + timedelta(days=RiskAssessment.DUE_SOON_DAYS),
            client__archived_at__isnull=True,
            client__status__in=(Client.Status.WAITING, Client.Status.MATCHED),
        )
        .select_related("client")
        .order_by("review_by", "id")[:10]
    )
    return [(assessment.client, assessment) for assessment in due]


def risk_assessments_of(client: Client):
    return RiskAssessment.objects.filter(client=client).select_related("by")[:20]


# --- self-referrals and consent ---------------------------------------------------------------


def self_referrals_waiting(user) -> QuerySet[SelfReferral]:
    require(user, "clients.view")
    return SelfReferral.objects.filter(status=SelfReferral.Status.WAITING).select_related("programme")


def get_self_referral_for_user(user, referral_id, *, write: bool = False) -> SelfReferral:
    require(user, "clients.edit" if write else "clients.view")
    return get_or_404(SelfReferral.objects.select_related("programme", "client"), referral_id)


def client_consents(client: Client) -> QuerySet[Consent]:
    return Consent.objects.filter(client=client).select_related("by")


def get_consent_for_user(user, consent_id) -> Consent:
    require(user, "clients.edit")
    return get_or_404(Consent.objects.select_related("client"), consent_id)


# --- the professionals around a client -------------------------------------------------------


def professionals_for(user, client: Client) -> list[Professional]:
    """The professionals involved with a client, for someone who may see the client. Each carries
    `show_contact`: staff see every contact detail; a coach only those the client agreed to share."""
    if not can(user, "professionals.view"):
        return []
    everyone = can(user, "professionals.contacts")
    professionals = list(Professional.objects.filter(client=client))
    for professional in professionals:
        professional.show_contact = everyone or professional.coach_may_contact
    return professionals


def get_professional_for_user(user, professional_id, *, write: bool = False) -> Professional:
    require(user, "professionals.edit" if write else "professionals.view")
    professional = get_or_404(Professional.objects.select_related("client"), professional_id)
    get_client_for_user(user, professional.client_id)  # 404 unless the client is theirs to see
    return professional


def agency_meetings_of(client: Client):
    return AgencyMeeting.objects.filter(client=client).prefetch_related("professionals_present")[:10]


# --- coaches ---------------------------------------------------------------------------------


def coaches_visible_to(user, *, archived: bool = False) -> QuerySet[Coach]:
    if archived:
        return Coach.with_archived.all() if can(user, "coaches.edit") else Coach.objects.none()
    if can(user, "coaches.view"):
        return Coach.objects.all()
    if can(user, "coaches.view_self"):
        return Coach.objects.filter(user=user)
    return Coach.objects.none()


def get_coach_for_user(user, coach_id, *, write: bool = False, archived: bool = False) -> Coach:
    """`archived=True` also finds an archived coach, for those who may edit coaches."""
    if write:
        require(user, "coaches.edit")
    visible = coaches_visible_to(user, archived=archived and can(user, "coaches.edit"))
    return get_or_404(visible.select_related("user"), coach_id)


def coach_list(*, user, search: str = "", status: str = "", employment: str = "") -> QuerySet[Coach]:
    require(user, "coaches.view")
    if status == ARCHIVED:
        queryset = coaches_visible_to(user, archived=True).filter(archived_at__isnull=False)
    else:
        queryset = coaches_visible_to(user)
    annotations = {}
    for contribution in registry.contributions(COACH_LIST_ANNOTATIONS):
        annotations.update(contribution())
    if annotations:
        queryset = queryset.annotate(**annotations)
    if search:
        queryset = _name_search(queryset, search)
    if status and status != ARCHIVED:
        queryset = queryset.filter(status=status)
    if employment:
        queryset = queryset.filter(employment=employment)
    return queryset.order_by("last_name", "first_name", "id")


def coach_open_break(coach: Coach) -> CoachBreak | None:
    """The break a coach is on (or the one that has just reached its return date, until the daily
    step ends it): what the coach's page shows."""
    return CoachBreak.objects.filter(coach=coach, ended_on__isnull=True).first()


def coach_breaks(coach: Coach):
    return CoachBreak.objects.filter(coach=coach)[:10]


# --- staff -----------------------------------------------------------------------------------


def staff_list(*, user, search: str = "", archived: bool = False) -> QuerySet[StaffMember]:
    require(user, "staff.view")
    if archived:
        queryset = (
            StaffMember.with_archived.filter(archived_at__isnull=False)
            if can(user, "staff.edit")
            else StaffMember.objects.none()
        )
    else:
        queryset = StaffMember.objects.all()
    queryset = queryset.select_related("user")
    if search:
        queryset = _name_search(queryset, search)
    return queryset.order_by("last_name", "first_name", "id")


def get_staff_member_for_user(user, staff_id, *, write: bool = False, archived: bool = False) -> StaffMember:
    """`archived=True` also finds an archived member of staff, for those who may edit staff."""
    require(user, "staff.edit" if write else "staff.view")
    manager = StaffMember.with_archived if archived and can(user, "staff.edit") else StaffMember.objects
    return get_or_404(manager.select_related("user"), staff_id)


# --- history ---------------------------------------------------------------------------------


def record_history(obj, *, limit: int = 50) -> QuerySet[AuditEntry]:
    """The audit trail of one record, newest first: who changed what, and who looked."""
    entries = AuditEntry.objects.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk))
    return entries.select_related("actor")[:limit]
