"""Demo: the organisation's directory of other services and referrals in every state."""

from __future__ import annotations

import datetime

from core.demo import Demo
from journeys.models import Ending, Relationship
from organisations.models import User
from referrals.models import Referral, Service

SERVICES = [
    (
        "Riverside Money Advice",
        "debt",
        "Free, confidential debt advice; help with creditors and debt relief orders.",
        "0300 555 0101",
        "https://riverside-money.example.org",
        "Phone with the client present, or email the form.",
    ),
    (
        "Citywide Benefits Check",
        "money",
        "Benefits checks, form filling and appeals.",
        "0300 555 0102",
        "https://benefits-check.example.org",
        "Online form; the client can self-refer.",
    ),
    (
        "Talking Space",
        "mental_health",
        "NHS talking therapies; self-referral accepted.",
        "0300 555 0103",
        "https://talking-space.example.org",
        "Client self-refers online or by phone.",
    ),
    (
        "Riverside Housing Options",
        "housing",
        "Council housing advice and homelessness prevention.",
        "0300 555 0104",
        "https://housing-options.example.org",
        "Duty to refer form for anyone at risk within 56 days.",
    ),
    (
        "Change Grow Riverside",
        "substance_use",
        "Drug and alcohol support, drop-in Tuesdays.",
        "0300 555 0105",
        "https://cgr.example.org",
        "Drop in, or we refer with consent.",
    ),
    (
        "Work Ready",
        "employment",
        "One-to-one employment support and CV help.",
        "0300 555 0106",
        "https://workready.example.org",
        "Email a short referral.",
    ),
    (
        "Riverside Adult Learning",
        "learning",
        "Free English, maths and digital skills courses.",
        "0300 555 0107",
        "https://adult-learning.example.org",
        "Client enrols at any library.",
    ),
    (
        "Safe Haven Helpline",
        "domestic_abuse",
        "24-hour support for anyone experiencing domestic abuse.",
        "0808 555 0108",
        "https://safehaven.example.org",
        "Client calls any time; professionals call the same line.",
    ),
    (
        "Eastside Food Bank",
        "food",
        "Food parcels with a voucher; fuel vouchers in winter.",
        "0300 555 0109",
        "https://foodbank.example.org",
        "We issue vouchers at the office.",
    ),
    (
        "Old Town Legal Clinic",
        "legal",
        "Free legal advice evenings, housing and family law.",
        "0300 555 0110",
        "",
        "Book by phone. Closed in August.",
    ),
]

# (service name, kind, reason, days ago, outcome, outcome days ago, notes)
REFERRALS = [
    (
        "Riverside Money Advice",
        "referral",
        "Council tax arrears and a letter from enforcement agents.",
        9,
        "open",
        None,
        "",
    ),
    (
        "Citywide Benefits Check",
        "signpost",
        "May be entitled to more support after the hours cut.",
        45,
        "open",
        None,
        "",
    ),
    (
        "Talking Space",
        "signpost",
        "Low mood since losing her job; wants to talk to someone.",
        30,
        "engaged",
        12,
        "First appointment booked for next week.",
    ),
    (
        "Riverside Money Advice",
        "referral",
        "Three payday loans and a catalogue debt.",
        70,
        "completed",
        20,
        "Debt relief order approved.",
    ),
    (
        "Work Ready",
        "signpost",
        "Wants help with a CV for warehouse jobs.",
        25,
        "client_declined",
        10,
        "Decided to wait until after the course finishes.",
    ),
    ("Eastside Food Bank", "referral", "No food until payday.", 16, "completed", 15, "Parcel collected."),
    (
        "Riverside Housing Options",
        "referral",
        "Notice to quit from the landlord.",
        60,
        "service_declined",
        40,
        "Not at risk within 56 days; told to come back if a court date is set.",
    ),
]


def add_referrals(org, today: datetime.date) -> None:
    coordinator = User.objects.get(username="coordinator")
    coach = User.objects.filter(username="coach").first()
    services = {
        name: Service.objects.create(
            organisation=org,
            name=name,
            kind=kind,
            description=description,
            phone=phone,
            website=website,
            how_to_refer=how,
            area="Riverside",
        )
        for name, kind, description, phone, website, how in SERVICES
    }
    # The demo coach's own clients come first, so a coach signing in sees referrals too.
    relationships = list(
        Relationship.objects.filter(organisation=org, status__in=Relationship.OPEN_STATUSES)
        .select_related("client", "coach__user")
        .order_by("-coach__user__username", "client__last_name")
    )
    relationships.sort(key=lambda r: r.coach.user_id != getattr(coach, "pk", None))
    for (name, kind, reason, days, outcome, outcome_days, notes), relationship in zip(
        REFERRALS, relationships, strict=False
    ):
        by_coach = relationship.coach.user_id == getattr(coach, "pk", None)
        Referral.objects.create(
            organisation=org,
            client=relationship.client,
            service=services[name],
            kind=kind,
            reason=reason,
            made_on=today - datetime.timedelta(days=days),
            made_by=relationship.coach.user if by_coach else coordinator,
            outcome=outcome,
            outcome_on=today - datetime.timedelta(days=outcome_days) if outcome_days is not None else None,
            outcome_notes=notes,
        )
    # The unplanned ending that said "refer the client elsewhere" has its referral.
    ending = (
        Ending.objects.filter(organisation=org, next_step=Ending.NextStep.REFERRAL)
        .select_related("relationship__client")
        .first()
    )
    if ending:
        Referral.objects.create(
            organisation=org,
            client=ending.relationship.client,
            service=services["Change Grow Riverside"],
            kind="referral",
            reason="Ended peer support to focus on recovery; wants specialist help.",
            made_on=ending.ended_on,
            made_by=coordinator,
            outcome=Referral.Outcome.ENGAGED,
            outcome_on=min(today, ending.ended_on + datetime.timedelta(days=14)),
            outcome_notes="Seeing a recovery worker weekly.",
        )


def step(demo: Demo) -> None:
    add_referrals(demo.organisation, demo.today)
