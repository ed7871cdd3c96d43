"""Expenses in the test world: the world's coach (a volunteer, coaching Jade in Money Matters) has
a claim waiting for approval, one approved and an advance; receipts are small generated photos."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django_scopes import scope
from PIL import Image

from expenses import services
from expenses.models import Advance, ExpenseClaim


def jpeg(size=(40, 30), *, exif=None, name="receipt.jpg") -> SimpleUploadedFile:
    out = io.BytesIO()
    image = Image.new("RGB", size, "white")
    if exif is not None:
        image.save(out, format="JPEG", exif=exif)
    else:
        image.save(out, format="JPEG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/jpeg")


def values(w, **changes) -> dict:
    return {
        "category": "travel",
        "spent_on": timezone.localdate() - datetime.timedelta(days=1),
        "amount": Decimal("4.80"),
        "description": "Bus to the library",
        "relationship": w.relationship,
        "programme": None,
        "payment_method": "bank_transfer",
        "advance": None,
        **changes,
    }


def claim(w, *, status="submitted", receipt=True, **changes) -> ExpenseClaim:
    """A claim of the world's coach in the given state, made through the services."""
    with scope(organisation=w.org):
        made = services.claim_create(coach=w.coach, values=values(w, **changes), receipt=jpeg() if receipt else None)
        if status == "draft":
            return made
        made = services.claim_submit(claim=made, expected_version=made.version)
        if status == "submitted":
            return made
        made = services.claim_approve(claim=made, expected_version=made.version, by=w.coordinator)
        if status == "approved":
            return made
        return services.claim_pay(
            claim=made, expected_version=made.version, paid_on=timezone.localdate(), method="cash", by=w.coordinator
        )


def found(w, status: str) -> ExpenseClaim:
    with scope(organisation=w.org):
        existing = ExpenseClaim.objects.filter(coach=w.coach, status=status).first()
    return existing or claim(w, status=status)


def advance_in(w) -> Advance:
    with scope(organisation=w.org):
        existing = Advance.objects.filter(coach=w.coach).first()
        if existing:
            return existing
        today = timezone.localdate()
        return services.advance_give(
            coach=w.coach,
            programme=w.programme,
            amount=Decimal("30.00"),
            given_on=today,
            method="cash",
            reconcile_by=today + datetime.timedelta(days=14),
            purpose="Lunch and travel for the open day",
            by=w.coordinator,
        )


def claim_kwargs(status):
    return lambda w: {"claim_id": found(w, status).pk}


def version_body(status):
    return lambda w: {"version": found(w, status).version}


def create_body(w) -> dict:
    return {
        "category": "travel",
        "spent_on": (timezone.localdate() - datetime.timedelta(days=1)).isoformat(),
        "amount": "4.80",
        "relationship_id": w.relationship.pk,
        "payment_method": "cash",
    }
