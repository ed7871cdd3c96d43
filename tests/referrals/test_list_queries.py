"""The referral and service lists, pages and API, cost the same queries with 2 rows or 20."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from referrals.models import Referral, Service
from tests.factories import ClientFactory
from tests.list_queries import assert_same_queries_with_more_rows

pytestmark = pytest.mark.usefixtures("scoped")


def test_referral_and_service_lists_do_not_grow_queries_with_rows(as_role, world):
    def add_rows(n: int) -> None:
        for i in range(n):
            service = Service.objects.create(organisation=world.org, name=f"Service {i} {n}", kind="debt")
            Referral.objects.create(
                organisation=world.org,
                client=ClientFactory(organisation=world.org, programme=world.programme),
                service=service,
                kind="referral",
                reason="Rent arrears.",
                made_on=timezone.localdate() - datetime.timedelta(days=i),
            )

    urls = ["/referrals/", "/services/", "/api/v1/referrals", "/api/v1/services"]
    assert_same_queries_with_more_rows(as_role("coordinator"), urls, add_rows)
