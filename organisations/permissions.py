"""What each role may do. One table, so the whole access model can be read in one place.

Python asks `can(user, "capability")`; templates ask `{% load access %}{% if user|can:"capability" %}`.
Nothing else looks at a role (tests/organisations/test_access_model.py fails if it does). Which
records a person may touch (a coach's own clients) is the selectors' business; whether that kind of
person may do the thing at all is this table's.
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import PermissionDenied
from django.db.models import Q

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
    # A client's home-visit risk assessment: the coach reads and reviews it for their own clients
    # (which clients is the selectors' business); the client does not see it.
    "risk.view": {Role.ORG_ADMIN, Role.COORDINATOR, Role.SUPERVISOR, Role.COACH},
    "risk.edit": {Role.ORG_ADMIN, Role.COORDINATOR, Role.COACH},
    # The professionals around a client: a coach sees who they are for their own clients, and
    # their contact details only where the client agreed (people.selectors); staff see them all.
    "professionals.view": {Role.ORG_ADMIN, Role.COORDINATOR, Role.SUPERVISOR, Role.COACH},
    "professionals.contacts": {Role.ORG_ADMIN, Role.COORDINATOR, Role.SUPERVISOR},
    "professionals.edit": _MANAGERS,
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
    # --- Two-factor sign-in (twofactor/): organisation admins set who must use it and reset a person's
    # second factor when they lose it. Who the organisation's setting applies to, by its choice: managers
    # (admins and coordinators) or all staff. Coaches and clients may turn it on but are never made to.
    "two_factor.manage": {Role.ORG_ADMIN},
    "two_factor.required_if_managers": _MANAGERS,
    "two_factor.required_if_staff": _ALL_STAFF,
    # --- Which home page a person lands on: what they need on day one.
    "home.staff": _ALL_STAFF,
    "home.coach": {Role.COACH},
    "home.client": {Role.CLIENT},
    # --- The two sides of a relationship. A coach sees the relationships they coach (and the goals,
    # meetings and check-ins in them); a client sees their own, in the client's version: never the
    # coach's private notes or the staff-only reasons, and in their own words ("You and Sam").
    "relationships.view_as_coach": {Role.COACH},
    "relationships.view_as_client": {Role.CLIENT},
    # A coach's own record; a client's own record (the client's version of the client page).
    "coaches.view_self": {Role.COACH},
    "clients.view_self": {Role.CLIENT},
    # Referrals of the clients a coach works with, or a client's own (so they have the details to hand).
    "referrals.view_own": {Role.COACH, Role.CLIENT},
    # --- A coach's own meetings: the lone-working buttons (arrived, left, help) and the debrief.
    "meetings.own": {Role.COACH},
    # Their own calendar address and meeting reminders: for the two people who meet.
    "calendar.own": {Role.COACH, Role.CLIENT},
    # A client says they cannot make their next meeting (the coach is told, to rebook).
    "meetings.decline_own": {Role.CLIENT},
    # A client chooses from the coaches shared with them.
    "matching.choose": {Role.CLIENT},
    # --- Safeguarding: anyone working with a client can raise a concern; only coordinators and the
    # named safeguarding leads (see DESIGNATIONS) read them; managers name the leads.
    "safeguarding.raise": _ALL_STAFF | {Role.COACH},
    "safeguarding.view": {Role.COORDINATOR},
    # Whoever raised a concern sees what they wrote and that it was received, never the leads' actions.
    "safeguarding.view_own": _ALL_STAFF | {Role.COACH},
    "safeguarding.leads.edit": _MANAGERS,
    # --- Where to get help now: shown on every page a client sees; managers keep the list.
    "help_lines.see": {Role.CLIENT},
    "help_lines.edit": _MANAGERS,
    # How it is going with their coach, told by the client to the staff (the coach does not see it).
    "feedback.give": {Role.CLIENT},
    "feedback.view": {Role.ORG_ADMIN, Role.COORDINATOR, Role.SUPERVISOR},
    # --- Facilitated groups: coordinators form and oversee every group; a facilitator runs their own;
    # members (peers on the books as coaches) see the groups they are in.
    "groups.view": _MANAGERS,
    "groups.edit": _MANAGERS,
    "groups.facilitate": {Role.FACILITATOR, Role.ORG_ADMIN, Role.COORDINATOR},
    "groups.own": {Role.COACH},
    # --- Hours and absences: a coach fills in their own weeks and records their own absences; staff
    # who look after coaches see everyone's; coordinators approve, export payroll and set the rules.
    "hours.own": {Role.COACH},
    "hours.view": {Role.ORG_ADMIN, Role.COORDINATOR, Role.SUPERVISOR},
    "hours.approve": _MANAGERS,
    # --- Supervision of peer coaches: coordinators and supervisors see who is due; a supervisor
    # sees only the coaches they supervise (and those they cover for while the supervisor is away:
    # supervision.selectors). Coordinators name supervisors and change coaches' roles. A coach has
    # their own sessions' actions, their reflective log and wellbeing checks (private unless shared).
    "supervision.view": {Role.ORG_ADMIN, Role.COORDINATOR, Role.SUPERVISOR},
    "supervision.manage": _MANAGERS,
    "supervision.supervise": {Role.COORDINATOR, Role.SUPERVISOR},
    "supervision.own": {Role.COACH},
    # Conduct concerns about a coach: coordinators raise and read them; the coach's own supervisor
    # reads them too (supervision.selectors.reads_conduct); nobody else, org admins included.
    "conduct.view": {Role.COORDINATOR},
    "conduct.edit": {Role.COORDINATOR},
    # --- Reciprocal peer coaching: coordinators oversee every pair and can record a session for one;
    # supervisors read along; the two peers record their own sessions. A peer's reflection and
    # wellbeing check are theirs alone (reciprocal.selectors), whatever the role.
    "reciprocal.view": {Role.ORG_ADMIN, Role.COORDINATOR, Role.SUPERVISOR},
    "reciprocal.edit": _MANAGERS,
    "reciprocal.own": {Role.COACH},
    # --- Expenses: a coach claims their own; coordinators see every claim, approve, pay, give
    # advances and set each programme's rules; a supervisor reads their supervisees' claims only
    # (expenses.selectors).
    "expenses.own": {Role.COACH},
    "expenses.view": {Role.ORG_ADMIN, Role.COORDINATOR, Role.SUPERVISOR},
    "expenses.approve": _MANAGERS,
    # --- Outcomes and reports: the programme dashboard, funder reports (built, kept, downloaded)
    # and the small-number threshold. Figures about the whole caseload, so not for coaches, clients
    # or group facilitators; coordinators and organisation admins build reports and set the threshold.
    "reports.view": {Role.ORG_ADMIN, Role.COORDINATOR, Role.SUPERVISOR},
    "reports.build": _MANAGERS,
    # --- Outcomes: a client fills in their own measures, sees their progress and confirms their life
    # outcomes; their coach (for their own clients: journeys.selectors) and coordinators fill in a
    # measure with them and record life outcomes; staff who see the caseload read them all.
    "outcomes.own": {Role.CLIENT},
    "outcomes.record": {Role.ORG_ADMIN, Role.COORDINATOR, Role.COACH},
    "outcomes.view_any": {Role.ORG_ADMIN, Role.COORDINATOR, Role.SUPERVISOR, Role.COACH},
}

# Some access comes from what a person has been named as, not from their role: a safeguarding lead
# reads concerns whatever their role. The table says which designation grants which capability; the
# app that keeps the list registers how to ask it (meetings keeps the leads), so this module imports
# no app above it. An unregistered designation grants nothing.
DESIGNATIONS: dict[str, str] = {
    "safeguarding.view": "safeguarding_lead",
}
_DESIGNATION_CHECKS: dict[str, Callable[..., bool]] = {}


def register_designation(name: str, check: Callable[..., bool]) -> None:
    """`check(user)` answers whether this person holds the designation now (read from the database)."""
    _DESIGNATION_CHECKS[name] = check


def can(user, capability: str) -> bool:
    if not getattr(user, "is_authenticated", False) or not getattr(user, "organisation_id", None):
        return False
    if user.role in CAPABILITIES[capability]:
        return True
    designation = DESIGNATIONS.get(capability)
    check = _DESIGNATION_CHECKS.get(designation) if designation else None
    return bool(check and check(user))


def holders(capability: str):
    """A filter for the users whose role grants `capability` (choices of who may do a thing)."""
    return Q(role__in=CAPABILITIES[capability])


def require(user, capability: str) -> None:
    if not can(user, capability):
        raise PermissionDenied(capability)
