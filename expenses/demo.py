"""Demo: HMRC's mileage rates; the first programme's rules with a budget part spent; claims in
every state (a draft, one waiting, approved, paid as a prepaid-card top-up, one not approved with
its reason, one reversed); mileage; and an advance for a coach who cannot pay up front, one claim
already set against it."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw

from core.demo import Demo
from organisations.models import Role, User

from . import services
from .models import ExpenseClaim


def _receipt_photo(text: str) -> SimpleUploadedFile:
    image = Image.new("RGB", (600, 900), "white")
    draw = ImageDraw.Draw(image)
    for i, line in enumerate(["RECEIPT", text, "Thank you"]):
        draw.text((40, 60 + 80 * i), line, fill="black")
    out = io.BytesIO()
    image.save(out, format="JPEG")
    return SimpleUploadedFile("receipt.jpg", out.getvalue(), content_type="image/jpeg")


def _claim(coach, programme, relationship, day, **values):
    receipt = None if values.get("category") == "mileage" else _receipt_photo(values.get("description", ""))
    values = {"relationship": relationship, "programme": programme, "advance": None, "passengers": 0, **values}
    values.setdefault("payment_method", "bank_transfer")
    return services.claim_create(coach=coach, values={"spent_on": day, **values}, receipt=receipt)


def _send(claim):
    claim = ExpenseClaim.objects.get(pk=claim.pk)
    return services.claim_submit(claim=claim, expected_version=claim.version)


def _approve(claim, by):
    claim = ExpenseClaim.objects.get(pk=_send(claim).pk)
    return services.claim_approve(claim=claim, expected_version=claim.version, by=by)


def step(demo: Demo) -> None:
    org, today = demo.organisation, demo.today
    if ExpenseClaim.objects.filter(organisation=org).exists():
        return
    coordinator = User.objects.filter(organisation=org, role=Role.COORDINATOR).order_by("pk").first()
    coaches = [c for c in demo.active_coaches if c.user_id]
    if not coaches or not demo.programmes or coordinator is None:
        return
    services.hmrc_rates_seed(organisation=org)
    programme = demo.programmes[0]
    services.programme_rules_save(
        programme=programme,
        values={
            "who_may_claim": "both",
            "limit_per_claim": Decimal("150.00"),
            "limit_per_month": Decimal("400.00"),
            "budget": Decimal("1500.00"),
        },
    )
    coach = coaches[0]
    theirs = [r for r in demo.relationships.values() if r.coach_id == coach.pk]
    relationship = theirs[0] if theirs else None
    claim_programme = relationship.programme if relationship else programme
    if relationship is None:
        services.programme_rules_save(programme=claim_programme, values={"budget": Decimal("1500.00")})
    day = max(today - datetime.timedelta(days=20), today.replace(day=1))

    def on(days_ago: int) -> datetime.date:
        return max(day, today - datetime.timedelta(days=days_ago))

    # Paid: a prepaid-card top-up for a coffee with a client.
    paid = _approve(
        _claim(
            coach,
            claim_programme,
            relationship,
            on(18),
            category="food",
            amount=Decimal("6.40"),
            description="Coffee at the first meeting",
            payment_method="prepaid_card",
        ),
        coordinator,
    )
    paid = ExpenseClaim.objects.get(pk=paid.pk)
    services.claim_pay(
        claim=paid,
        expected_version=paid.version,
        paid_on=today,
        method="prepaid_card",
        reference="Card top-up",
        by=coordinator,
    )
    # Approved, waiting to be paid: mileage, worked out at HMRC's rates.
    _approve(
        _claim(
            coach,
            claim_programme,
            relationship,
            on(12),
            category="mileage",
            miles=Decimal("23.5"),
            description="To the housing office and back",
        ),
        coordinator,
    )
    # Waiting for approval: bus fares.
    _send(
        _claim(
            coach,
            claim_programme,
            relationship,
            on(5),
            category="travel",
            amount=Decimal("4.80"),
            description="Bus there and back",
            payment_method="travel_pass",
        )
    )
    # Not approved, with the reason.
    rejected = _send(
        _claim(
            coach,
            claim_programme,
            relationship,
            on(9),
            category="phone",
            amount=Decimal("15.00"),
            description="Phone top-up",
        )
    )
    rejected = ExpenseClaim.objects.get(pk=rejected.pk)
    services.claim_reject(
        claim=rejected,
        expected_version=rejected.version,
        by=coordinator,
        reason="The phone allowance is paid with your hours: no need to claim it here.",
    )
    # Reversed: approved twice by mistake.
    twice = _approve(
        _claim(
            coach,
            claim_programme,
            relationship,
            on(18),
            category="food",
            amount=Decimal("6.40"),
            description="Coffee at the first meeting (again)",
        ),
        coordinator,
    )
    twice = ExpenseClaim.objects.get(pk=twice.pk)
    services.claim_reverse(
        claim=twice,
        expected_version=twice.version,
        by=coordinator,
        reason="Claimed twice: the first claim was already paid.",
    )
    # A draft the coach has not sent yet.
    _claim(
        coach,
        claim_programme,
        relationship,
        on(1),
        category="activity",
        amount=Decimal("12.00"),
        description="Museum tickets for Saturday",
    )
    # An advance for a coach who cannot pay up front, one claim already set against it.
    other = coaches[1] if len(coaches) > 1 else coach
    advance = services.advance_give(
        coach=other,
        programme=claim_programme,
        amount=Decimal("40.00"),
        given_on=on(10),
        method="prepaid_card",
        reconcile_by=on(10) + datetime.timedelta(days=14),
        purpose="Travel and lunch for the college open day",
        by=coordinator,
    )
    other_rel = next((r for r in demo.relationships.values() if r.coach_id == other.pk), None)
    against = _claim(
        other,
        claim_programme,
        other_rel if other_rel and other_rel.programme_id == claim_programme.pk else None,
        on(8),
        category="travel",
        amount=Decimal("11.60"),
        description="Train to the open day",
        payment_method="prepaid_card",
        advance=advance,
    )
    _approve(against, coordinator)
