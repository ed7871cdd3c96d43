"""Matching reads the debt kinds and amount recorded at intake, not only its own page's."""

from __future__ import annotations

from decimal import Decimal

import pytest

from matching import selectors
from matching.models import ClientProfile, DebtSize

pytestmark = pytest.mark.usefixtures("scoped")


@pytest.mark.parametrize(
    "amount,band",
    [(None, None), (Decimal("0"), DebtSize.NONE), (Decimal("999.99"), DebtSize.SMALL),
     (Decimal("1000"), DebtSize.MEDIUM), (Decimal("5000"), DebtSize.MEDIUM), (Decimal("5000.01"), DebtSize.LARGE),
     (Decimal("15000"), DebtSize.LARGE), (Decimal("15000.01"), DebtSize.VERY_LARGE)],
)  # fmt: skip
def test_the_amount_owed_falls_in_its_band(amount, band):
    assert selectors.debt_size_of(amount) == band


def test_a_client_with_no_matching_profile_is_matched_on_their_intake(world):
    client = world.other_client
    client.debt_kinds, client.debt_amount = ["rent_arrears", "energy"], Decimal("1200")
    client.save(update_fields=["debt_kinds", "debt_amount"])
    ClientProfile.objects.filter(client=client).delete()
    (facts,), _ = selectors.clients_facts([type(client).objects.get(pk=client.pk)])
    assert facts.circumstances == {"rent_arrears", "energy"}
    assert facts.debt_size == DebtSize.MEDIUM


def test_the_matching_page_adds_to_the_intake_and_its_band_wins(world):
    client = world.other_client
    client.debt_kinds, client.debt_amount = ["rent_arrears"], Decimal("1200")
    client.save(update_fields=["debt_kinds", "debt_amount"])
    ClientProfile.objects.update_or_create(
        client=client, defaults={"organisation": world.org, "circumstances": ["isolation"], "debt_size": DebtSize.LARGE}
    )
    (facts,), _ = selectors.clients_facts([type(client).objects.select_related("match_profile").get(pk=client.pk)])
    assert facts.circumstances == {"rent_arrears", "isolation"}
    assert facts.debt_size == DebtSize.LARGE
