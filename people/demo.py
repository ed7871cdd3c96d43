"""People's part of the demo: intake details, consents, the professionals around a client,
home-visit risk assessments (one due for review) and a self-referral waiting to be accepted."""

from __future__ import annotations

import datetime
from decimal import Decimal

from core.demo import Demo

from . import services
from .models import Consent, Professional, SelfReferral

# client index -> (kinds of debt, roughly how much)
DEBTS = {0: (["rent_arrears"], "1200"), 1: (["council_tax"], "850"), 2: (["energy", "payday_loans"], "2300")}


def step(demo: Demo) -> None:
    today, clients = demo.today, demo.clients
    for index, (kinds, amount) in DEBTS.items():
        client = clients[index]
        services.client_update(
            client=client, expected_version=client.version, debt_kinds=kinds, debt_amount=Decimal(amount)
        )
    jade, daniel = clients[0], clients[1]
    _consents(jade, today)
    _people_around(jade, today)
    # Jade's assessment is nearly three months old: due for review (the coordinator's home says so).
    services.risk_assessment_record(
        client=jade,
        assessed_on=today - datetime.timedelta(days=85),
        level="medium",
        others_present="Her partner, who works nights and may be asleep upstairs.",
        animals="A Staffordshire terrier, friendly; Jade shuts him in the kitchen for visits.",
        access="Second-floor flat, no lift. The entry phone is broken: text Jade on arrival.",
        substance_use="None known.",
        history="A neighbour shouted at the last housing officer on the landing.",
        what_to_do="Text on arrival and leaving. Sit near the door. Leave if the partner is angry.",
    )
    services.risk_assessment_record(
        client=daniel,
        assessed_on=today - datetime.timedelta(days=20),
        level="low",
        others_present="His two children at weekends.",
        access="Ground floor; park on the street.",
        what_to_do="Visit on weekdays.",
    )
    SelfReferral.objects.create(
        organisation=demo.organisation,
        programme=demo.programmes[0],
        first_name="Tariq",
        last_name="Hussain",
        phone="07700 900777",
        area="Moss Side",
        debt_kinds=["rent_arrears", "energy"],
        debt_amount=Decimal("1450"),
        circumstances="My hours were cut in the summer and I am two months behind on the rent.",
        hopes="To stop dreading the post, and a plan for the rent.",
        availability="Mornings",
        consents=[Consent.Purpose.STORE, Consent.Purpose.CONTACT_TEXT],
        form_token=f"demo-{demo.organisation.slug}",  # noqa: S106 - a form's one-time token, not a secret
    )


def _consents(client, today) -> None:
    given = client.consent_given_on
    for purpose, detail in (
        (Consent.Purpose.STORE, ""),
        (Consent.Purpose.CONTACT_TEXT, ""),
        (Consent.Purpose.SHARE, "Riverside Homes (her housing officer)"),
        (Consent.Purpose.CASE_STUDY, ""),
    ):
        services.consent_record(
            client=client, purpose=purpose, detail=detail, given_on=given, how=Consent.How.IN_PERSON
        )
    case_study = Consent.objects.get(client=client, purpose=Consent.Purpose.CASE_STUDY)
    services.consent_withdraw(
        consent=case_study, withdrawn_on=today - datetime.timedelta(days=7), withdrawn_how=Consent.How.PHONE
    )


def _people_around(client, today) -> None:
    housing = services.professional_add(
        client=client,
        kind=Professional.Kind.HOUSING_OFFICER,
        name="Pat Green",
        agency="Riverside Homes",
        phone="0161 496 0100",
        email="pat.green@example.org",
        how_to_reach="Phone, weekday mornings",
        may_share="Her rent payment plan and whether she is keeping to it",
        coach_may_contact=True,
    )
    services.professional_add(
        client=client,
        kind=Professional.Kind.SOCIAL_WORKER,
        name="Dee Osei",
        agency="Manchester children's services",
        phone="0161 496 0199",
        may_share="Only that she is working with a coach",
        coach_may_contact=False,
    )
    services.agency_meeting_record(
        client=client,
        held_on=today - datetime.timedelta(days=12),
        professionals_present=[housing],
        others_present="Jade, Sam (her coach) and the coordinator",
        summary="A repayment plan of £15 a week agreed with Riverside Homes. Sam will help Jade set up the payments.",
    )
