"""Expenses (issue 14): mileage bands per tax year, receipts, limits, the claim's states, the budget
lock, reversals, advances, who sees what, and the finance export."""

from __future__ import annotations

import copy
import datetime
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404
from django.utils import timezone
from django_scopes import scope
from PIL import Image

from core.exceptions import StaleEditError
from core.models import AuditEntry
from expenses import selectors, services
from expenses.models import ExpenseClaim, MileageRate, ProgrammeExpenses, tax_year_start
from supervision import services as supervision_services

from ..factories import RelationshipFactory
from .helpers import claim, jpeg, values

pytestmark = pytest.mark.usefixtures("scoped")

YESTERDAY = timezone.localdate() - datetime.timedelta(days=1)


@pytest.fixture
def world(module_world, db):
    return copy.deepcopy(module_world)


def _fresh(c: ExpenseClaim) -> ExpenseClaim:
    return ExpenseClaim.objects.get(pk=c.pk)


def _miles_already(world, miles: str, day: datetime.date, status="approved"):
    """Miles claimed earlier (written directly: the dates may be any in the past)."""
    return ExpenseClaim.objects.create(
        organisation=world.org,
        coach=world.coach,
        programme=world.programme,
        category="mileage",
        spent_on=day,
        miles=Decimal(miles),
        amount=Decimal("1.00"),
        payment_method="bank_transfer",
        status=status,
        reject_reason="Not this one" if status == "rejected" else "",
    )


def _mileage(world, miles: str, passengers: int = 0) -> ExpenseClaim:
    return services.claim_create(
        coach=world.coach,
        values=values(world, category="mileage", amount=None, miles=Decimal(miles), passengers=passengers),
    )


# --- mileage ---------------------------------------------------------------------------------


def test_mileage_crosses_the_10000_mile_band_within_one_claim(world):
    ProgrammeExpenses.objects.create(organisation=world.org, programme=world.programme, limit_per_claim=Decimal("500"))
    _miles_already(world, "9990", YESTERDAY)
    # Drafts and rejected claims do not count towards the band.
    _miles_already(world, "400", YESTERDAY, status="rejected")
    crossing = _mileage(world, "30")
    # 10 miles at 45p and 20 at 25p.
    assert crossing.amount == Decimal("9.50")
    assert crossing.miles_before == Decimal("9990")
    # With a passenger: 5p more on every mile.
    assert selectors.mileage_amount(
        miles=Decimal("30"),
        passengers=1,
        miles_before=Decimal("9990"),
        rate=selectors.mileage_rate(world.org.pk, YESTERDAY),
    ).amount == Decimal("11.00")
    # Once sent, the crossing claim's miles count: the next is all at 25p.
    services.claim_submit(claim=crossing, expected_version=crossing.version)
    assert _mileage(world, "10").amount == Decimal("2.50")


def test_the_band_starts_again_on_6_april_and_rates_are_dated(world):
    start = tax_year_start(YESTERDAY)
    assert tax_year_start(datetime.date(2026, 4, 5)) == datetime.date(2025, 4, 6)
    assert tax_year_start(datetime.date(2026, 4, 6)) == datetime.date(2026, 4, 6)
    _miles_already(world, "12000", start - datetime.timedelta(days=1))
    assert _mileage(world, "10").amount == Decimal("4.50")
    # The organisation's own rates from a date apply to journeys from then on.
    services.hmrc_rates_seed(organisation=world.org)
    services.mileage_rate_set(
        organisation=world.org,
        starts_on=YESTERDAY,
        values={
            "first_rate": Decimal("0.50"),
            "band_miles": 10000,
            "after_rate": Decimal("0.25"),
            "passenger_rate": Decimal("0.05"),
        },
    )
    assert _mileage(world, "10").amount == Decimal("5.00")
    assert MileageRate.objects.count() == 2
    with pytest.raises(ValidationError) as refused:
        services.mileage_rate_set(
            organisation=world.org,
            starts_on=YESTERDAY,
            values={
                "first_rate": Decimal("-1"),
                "band_miles": 10000,
                "after_rate": Decimal("0.25"),
                "passenger_rate": Decimal("0.05"),
            },
        )
    assert "first_rate" in refused.value.message_dict


# --- what may be claimed ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "changes,field",
    [
        ({"amount": Decimal("-5.00")}, "amount"),
        ({"amount": Decimal("0")}, "amount"),
        ({"amount": Decimal("10000.01")}, "amount"),
        ({"amount": Decimal("150.00")}, "amount"),  # over the programme's £100 a claim
        ({"amount": Decimal("1.234")}, "amount"),
        ({"spent_on": timezone.localdate() + datetime.timedelta(days=1)}, "spent_on"),
        ({"category": "champagne"}, "category"),
        ({"payment_method": "cheque"}, "payment_method"),
        ({"relationship": None, "programme": None}, "programme"),
        ({"category": "mileage", "miles": Decimal("5000")}, "miles"),
        ({"category": "mileage", "miles": Decimal("-1")}, "miles"),
    ],
)
def test_bad_claims_name_the_field_and_save_nothing(world, changes, field):
    with pytest.raises(ValidationError) as refused:
        services.claim_create(coach=world.coach, values=values(world, **changes), receipt=jpeg())
    assert field in refused.value.message_dict
    assert not ExpenseClaim.objects.exists()


def test_a_claim_names_only_the_coachs_own_relationship_and_the_programme_decides_who_may_claim(world):
    theirs = RelationshipFactory(coach=world.other_coach, programme=world.programme, organisation=world.org)
    with pytest.raises(ValidationError) as refused:
        services.claim_create(coach=world.coach, values=values(world, relationship=theirs))
    assert "relationship" in refused.value.message_dict
    services.programme_rules_save(programme=world.programme, values={"who_may_claim": "paid"})
    with pytest.raises(ValidationError) as refused:
        services.claim_create(coach=world.coach, values=values(world))
    assert "volunteers" not in str(refused.value) and "paid coaches only" in str(refused.value)


# --- receipts --------------------------------------------------------------------------------


def _gps_exif() -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    exif[0x8825] = {1: "N", 2: (51.0, 30.0, 0.0), 3: "W", 4: (0.0, 7.0, 0.0)}
    return exif.tobytes()


def test_a_photo_is_shrunk_re_encoded_and_loses_its_location(world):
    photo = jpeg((3200, 2400), exif=_gps_exif())
    assert Image.open(io.BytesIO(photo.read())).getexif().get_ifd(0x8825)
    photo.seek(0)
    made = services.claim_create(coach=world.coach, values=values(world), receipt=photo)
    assert made.receipt_type == "image/jpeg"
    with made.receipt.open("rb") as stored:
        image = Image.open(io.BytesIO(stored.read()))
    assert image.format == "JPEG" and max(image.size) == 1600
    assert not image.getexif().get_ifd(0x8825) and 0x010F not in image.getexif()
    # Outside the web root: the private folder, not MEDIA_ROOT, and no URL of its own.
    from django.conf import settings

    assert made.receipt.path.startswith(str(settings.PRIVATE_MEDIA_ROOT))
    with pytest.raises(ValueError):
        made.receipt.url  # noqa: B018


def test_heic_png_and_pdf_are_taken_and_anything_else_is_refused_by_its_content(world):
    import pillow_heif  # noqa: F401 (registered by expenses.receipts)

    out = io.BytesIO()
    Image.new("RGB", (64, 48), "red").save(out, format="HEIF")
    heic = services.claim_create(
        coach=world.coach, values=values(world), receipt=SimpleUploadedFile("IMG_0001.HEIC", out.getvalue())
    )
    assert heic.receipt_type == "image/jpeg" and heic.receipt.name.endswith(".jpg")
    png = io.BytesIO()
    Image.new("RGBA", (20, 20), (0, 0, 0, 0)).save(png, format="PNG")
    assert (
        services.claim_create(
            coach=world.coach, values=values(world), receipt=SimpleUploadedFile("r.png", png.getvalue())
        ).receipt_type
        == "image/jpeg"
    )
    pdf = services.claim_create(
        coach=world.coach, values=values(world), receipt=SimpleUploadedFile("x.txt", b"%PDF-1.4\n%...\n")
    )
    assert pdf.receipt_type == "application/pdf"
    before = ExpenseClaim.objects.count()
    for upload in (
        SimpleUploadedFile("receipt.jpg", b"<html>not a photo</html>", content_type="image/jpeg"),
        SimpleUploadedFile("receipt.gif", _gif()),
        SimpleUploadedFile("big.pdf", b"%PDF-" + b"0" * (10 * 1024 * 1024)),
        SimpleUploadedFile("empty.jpg", b""),
    ):
        with pytest.raises(ValidationError) as refused:
            services.claim_create(coach=world.coach, values=values(world), receipt=upload)
        assert "receipt" in refused.value.message_dict
    assert ExpenseClaim.objects.count() == before


def _gif() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (4, 4)).save(out, format="GIF")
    return out.getvalue()


# --- states ----------------------------------------------------------------------------------


def test_a_claim_goes_from_draft_to_paid_and_every_step_is_audited(world):
    draft = services.claim_create(coach=world.coach, values=values(world))
    with pytest.raises(ValidationError) as refused:
        services.claim_submit(claim=draft, expected_version=draft.version)
    assert "receipt" in refused.value.message_dict
    draft = services.claim_update(claim=draft, expected_version=draft.version, values=values(world), receipt=jpeg())
    sent = services.claim_submit(claim=_fresh(draft), expected_version=draft.version)
    with pytest.raises(ValidationError):
        services.claim_update(claim=_fresh(sent), expected_version=sent.version, values=values(world))
    with pytest.raises(ValidationError):
        services.claim_approve(claim=_fresh(sent), expected_version=sent.version, by=world.coach_user)
    with pytest.raises(StaleEditError):
        services.claim_approve(claim=_fresh(sent), expected_version=sent.version - 1, by=world.coordinator)
    approved = services.claim_approve(claim=_fresh(sent), expected_version=sent.version, by=world.coordinator)
    assert selectors.programme_expenses(world.programme).spent == Decimal("4.80")
    with pytest.raises(ValidationError):
        services.claim_update(claim=_fresh(approved), expected_version=approved.version, values=values(world))
    with pytest.raises(ValidationError) as refused:
        services.claim_pay(
            claim=_fresh(approved),
            expected_version=approved.version,
            paid_on=timezone.localdate() + datetime.timedelta(days=1),
            method="cash",
        )
    assert "paid_on" in refused.value.message_dict
    paid = services.claim_pay(
        claim=_fresh(approved),
        expected_version=approved.version,
        paid_on=timezone.localdate(),
        method="prepaid_card",
        reference="TOPUP-1",
        by=world.coordinator,
    )
    assert _fresh(paid).status == "paid" and _fresh(paid).paid_reference == "TOPUP-1"
    actions = set(
        AuditEntry.objects.filter(object_id=str(paid.pk), object_type="expenses.expenseclaim").values_list(
            "action", flat=True
        )
    )
    assert {
        "expenses.claim.created",
        "expenses.claim.receipt_added",
        "expenses.claim.submitted",
        "expenses.claim.approved",
        "expenses.claim.paid",
    } <= actions


def test_a_rejected_claim_has_its_reason_and_can_be_sent_again(world):
    sent = claim(world)
    with pytest.raises(ValidationError):
        services.claim_reject(claim=_fresh(sent), expected_version=sent.version, reason=" ", by=world.coordinator)
    services.claim_reject(claim=_fresh(sent), expected_version=sent.version, reason="Wrong day", by=world.coordinator)
    again = _fresh(sent)
    assert again.status == "rejected" and again.reject_reason == "Wrong day" and again.editable
    services.claim_submit(claim=again, expected_version=again.version)
    assert _fresh(again).status == "submitted" and _fresh(again).reject_reason == ""


def test_an_approved_or_paid_claim_is_only_reversed_with_a_reason_and_the_budget_gets_it_back(world):
    services.programme_rules_save(programme=world.programme, values={"budget": Decimal("50.00")})
    paid = claim(world, status="paid", amount=Decimal("20.00"))
    assert selectors.programme_expenses(world.programme).spent == Decimal("20.00")
    with pytest.raises(ValidationError):
        services.claim_reverse(claim=_fresh(paid), expected_version=paid.version, reason="", by=world.coordinator)
    reversal = services.claim_reverse(
        claim=_fresh(paid), expected_version=paid.version, reason="Claimed twice", by=world.coordinator
    )
    assert reversal.amount == Decimal("-20.00") and reversal.was == "paid"
    assert _fresh(paid).status == "reversed" and _fresh(paid).amount == Decimal("20.00")
    assert selectors.programme_expenses(world.programme).spent == Decimal("0.00")
    with pytest.raises(ValidationError):
        services.claim_reverse(
            claim=_fresh(paid), expected_version=_fresh(paid).version, reason="x", by=world.coordinator
        )


def test_the_monthly_limit_counts_what_was_sent_that_month(world):
    services.programme_rules_save(
        programme=world.programme, values={"limit_per_claim": Decimal("60.00"), "limit_per_month": Decimal("100.00")}
    )
    claim(world, amount=Decimal("60.00"))
    over = claim(world, status="draft", amount=Decimal("50.00"))
    with pytest.raises(ValidationError) as refused:
        services.claim_submit(claim=over, expected_version=over.version)
    assert "£40.00 more" in str(refused.value)
    with pytest.raises(ValidationError):
        services.programme_rules_save(
            programme=world.programme, values={"limit_per_claim": Decimal("60.00"), "limit_per_month": Decimal("10.00")}
        )


# --- the budget ------------------------------------------------------------------------------


def test_two_approvers_cannot_both_take_the_budget_over(world):
    services.programme_rules_save(
        programme=world.programme, values={"budget": Decimal("100.00"), "limit_per_month": Decimal("500.00")}
    )
    first, second = claim(world, amount=Decimal("60.00")), claim(world, amount=Decimal("60.00"))
    # Both approvers open their claim while nothing is spent: each page says it fits.
    assert selectors.budget_after(_fresh(first)).over_by is None
    assert selectors.budget_after(_fresh(second)).over_by is None
    services.claim_approve(claim=_fresh(first), expected_version=first.version, by=world.coordinator)
    # The second approval is judged at the moment of writing, under the row's lock, not by its page.
    with pytest.raises(ValidationError) as refused:
        services.claim_approve(claim=_fresh(second), expected_version=second.version, by=world.orgadmin)
    assert "over_budget" in refused.value.message_dict
    assert _fresh(second).status == "submitted"
    assert selectors.programme_expenses(world.programme).spent == Decimal("60.00")
    assert selectors.budget_after(_fresh(second)).over_by == Decimal("20.00")
    # An approver who has seen the warning can still approve it, knowingly (and audited).
    services.claim_approve(claim=_fresh(second), expected_version=second.version, by=world.orgadmin, over_budget=True)
    assert selectors.programme_expenses(world.programme).spent == Decimal("120.00")
    assert AuditEntry.objects.filter(action="expenses.claim.approved_over_budget").count() == 1


# --- advances --------------------------------------------------------------------------------


def test_an_advance_is_reconciled_against_claims_and_what_is_handed_back(world):
    today = timezone.localdate()
    advance = services.advance_give(
        coach=world.coach,
        programme=world.programme,
        amount=Decimal("30.00"),
        given_on=today - datetime.timedelta(days=20),
        method="cash",
        reconcile_by=today - datetime.timedelta(days=6),
        purpose="Open day",
        by=world.coordinator,
    )
    against = claim(world, status="draft", amount=Decimal("18.50"), advance=advance)
    services.claim_submit(claim=against, expected_version=against.version)
    services.claim_approve(claim=_fresh(against), expected_version=_fresh(against).version, by=world.coordinator)
    # A claim against an advance is paid at once: the coach already has the money.
    assert _fresh(against).status == "paid" and _fresh(against).paid_method == "cash"
    advance = selectors.get_advance_for_user(world.coordinator, advance.pk)
    assert selectors.outstanding(advance) == Decimal("11.50") and selectors.is_overdue(advance)
    with pytest.raises(ValidationError) as refused:
        services.advance_reconcile(advance=advance, expected_version=advance.version, returned=Decimal("10.00"))
    assert "note" in refused.value.message_dict
    services.advance_reconcile(advance=advance, expected_version=advance.version, returned=Decimal("11.50"))
    advance = selectors.get_advance_for_user(world.coordinator, advance.pk)
    assert advance.status == "reconciled" and not selectors.is_overdue(advance)
    with pytest.raises(ValidationError) as refused:
        services.advance_give(
            coach=world.coach,
            programme=world.programme,
            amount=Decimal("30"),
            given_on=today,
            method="cash",
            reconcile_by=today - datetime.timedelta(days=1),
            purpose="x",
        )
    assert "reconcile_by" in refused.value.message_dict


# --- who sees what ---------------------------------------------------------------------------


def test_a_coach_sees_their_own_a_supervisor_their_supervisees_and_nobody_another_organisations(world):
    mine = claim(world)
    other = services.claim_create(
        coach=world.other_coach,
        values=values(world, relationship=None, programme=world.programme),
        receipt=jpeg(),
    )
    assert set(selectors.claims_visible_to(world.coach_user)) == {mine}
    with pytest.raises(Http404):
        selectors.get_claim_for_user(world.coach_user, other.pk)
    assert not selectors.claims_visible_to(world.supervisor).exists()
    supervision_services.arrangement_set(coach=world.coach, supervisor=world.supervisor)
    assert set(selectors.claims_visible_to(world.supervisor)) == {mine}
    with pytest.raises(Http404):
        selectors.get_claim_for_user(world.supervisor, other.pk)
    with pytest.raises(Exception) as refused:
        selectors.get_claim_for_user(world.supervisor, mine.pk, capability="expenses.approve")
    assert type(refused.value).__name__ == "PermissionDenied"
    assert set(selectors.claims_visible_to(world.coordinator)) == {mine, other}
    with scope(organisation=world.outsider_org.pk), pytest.raises(Http404):
        selectors.get_claim_for_user(world.outsider, mine.pk)


# --- the finance export ----------------------------------------------------------------------


def test_the_finance_export_has_approved_paid_and_reversal_lines_with_formulas_neutralised(client, world):
    claim(world, status="paid", description="=HYPERLINK(evil)")
    approved = claim(world, status="approved", amount=Decimal("7.25"))
    claim(world)  # waiting: not for finance
    services.claim_reverse(
        claim=_fresh(approved), expected_version=approved.version, reason="-Duplicate", by=world.coordinator
    )
    today = timezone.localdate()
    rows = list(selectors.finance_rows(today - datetime.timedelta(days=1), today))
    assert [r[8] for r in rows] == ["Paid", "Reversed"]
    assert rows[1][7] == Decimal("-7.25")
    client.force_login(world.coordinator)
    url = f"/expenses/export/?starts_on={today - datetime.timedelta(days=3)}&ends_on={today}&format=csv"
    text = b"".join(client.get(url).streaming_content).decode()
    assert "'=HYPERLINK(evil)" in text and "'-Duplicate" in text and ",-7.25," in text
    xlsx = client.get(url.replace("csv", "xlsx"))
    assert xlsx.status_code == 200 and xlsx["Content-Type"].startswith("application/vnd.openxml")
    bad = client.get(f"/expenses/export/?starts_on={today}&ends_on={today - datetime.timedelta(days=3)}&format=csv")
    assert bad.status_code == 200 and "on or after" in bad.content.decode()


def test_the_finance_export_reads_the_same_queries_for_many_claims(world, django_assert_max_num_queries):
    today = timezone.localdate()
    claim(world, status="paid", receipt=False, category="mileage", miles=Decimal("3"), amount=None)
    with django_assert_max_num_queries(2):
        assert len(list(selectors.finance_rows(today - datetime.timedelta(days=7), today))) == 1
    for _ in range(12):
        claim(world, status="approved", receipt=False, category="mileage", miles=Decimal("3"), amount=None)
    with django_assert_max_num_queries(2):
        assert len(list(selectors.finance_rows(today - datetime.timedelta(days=7), today))) == 13
