"""What each role may do. One table, so the whole access model can be read in one place."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from .models import Role

_ALL_STAFF = {Role.ORG_ADMIN, Role.COORDINATOR, Role.SUPERVISOR, Role.FACILITATOR}
_MANAGERS = {Role.ORG_ADMIN, Role.COORDINATOR}

CAPABILITIES: dict[str, set[str]] = {
    "programmes.view": _ALL_STAFF,
    "programmes.edit": _MANAGERS,
    "coaches.view": _ALL_STAFF,
    "coaches.edit": _MANAGERS,
    # Group facilitators work with groups, not the one-to-one caseload, so they do not see it.
    "clients.view": {Role.ORG_ADMIN, Role.COORDINATOR, Role.SUPERVISOR},
    "clients.edit": _MANAGERS,
    "clients.view_own": {Role.COACH},
    "relationships.view": {Role.ORG_ADMIN, Role.COORDINATOR, Role.SUPERVISOR},
    "relationships.edit": _MANAGERS,
    # Goals, action steps, check-ins and reviews: the coach does this work with their own clients;
    # coordinators can step in. Which relationships each may touch is the selectors' business.
    "work.edit": {Role.ORG_ADMIN, Role.COORDINATOR, Role.COACH},
    # A client ticks their own steps and does their own check-ins.
    "work.own": {Role.CLIENT},
    "case_studies.view": _ALL_STAFF,
    # Vetting checks: the certificate number is for coordinators only, and each look is audited.
    "checks.view": {Role.ORG_ADMIN, Role.COORDINATOR, Role.SUPERVISOR},
    "checks.edit": _MANAGERS,
    "training.view": _ALL_STAFF,
    "training.edit": _MANAGERS,
    # Meetings: coaches plan and record their own; coordinators can too. Safety alerts go to staff.
    "meetings.edit": {Role.ORG_ADMIN, Role.COORDINATOR, Role.COACH},
    "alerts.view": _ALL_STAFF,
    "on_call.edit": _MANAGERS,
    # Other services: everyone who works with clients can look up the directory; coaches and
    # coordinators refer and record outcomes (for the clients they may see); managers keep it.
    "referrals.view": _ALL_STAFF | {Role.COACH},
    "referrals.edit": {Role.ORG_ADMIN, Role.COORDINATOR, Role.COACH},
    "services.edit": _MANAGERS,
    # Matching: who sees suggestions and the waiting list, and who tunes and pairs.
    "matching.view": {Role.ORG_ADMIN, Role.COORDINATOR, Role.SUPERVISOR},
    "matching.edit": _MANAGERS,
    # A coach's own induction, agreements to acknowledge and learning aspirations.
    "journey.own": {Role.COACH},
    "staff.view": {Role.ORG_ADMIN, Role.COORDINATOR, Role.SUPERVISOR},
    "staff.edit": {Role.ORG_ADMIN},
    "audit.view": {Role.ORG_ADMIN},
}


def can(user, capability: str) -> bool:
    if not getattr(user, "is_authenticated", False) or not getattr(user, "organisation_id", None):
        return False
    return user.role in CAPABILITIES[capability]


def require(user, capability: str) -> None:
    if not can(user, capability):
        raise PermissionDenied(capability)
