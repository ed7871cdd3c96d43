"""Client search finds every word anywhere in a name, email or phone, in any case, on SQLite and
PostgreSQL alike; on PostgreSQL it can use the trigram indexes (people migration 0004)."""

from __future__ import annotations

import pytest
from django.db import connection

from people import selectors
from people.models import Client
from tests.factories import ClientFactory

pytestmark = pytest.mark.usefixtures("scoped")


@pytest.fixture
def clients(world):
    return {
        "anna": ClientFactory(
            organisation=world.org,
            first_name="Anna",
            last_name="Kowalska",
            email="ak@example.net",
            phone="0161 496 0000",
        ),
        "ann": ClientFactory(organisation=world.org, first_name="Ann", last_name="Lee", email="lee@example.org"),
        "joanna": ClientFactory(organisation=world.org, first_name="Joanna", last_name="O'Brien", phone="07700 900123"),
    }


def _found(world, search: str) -> set[str]:
    return {c.first_name for c in selectors.client_list(user=world.coordinator, search=search)} - {"Jade", "Daniel"}


@pytest.mark.parametrize(
    ("search", "expected"),
    [
        ("anna", {"Anna", "Joanna"}),  # anywhere in the name
        ("ANN", {"Anna", "Ann", "Joanna"}),  # any case
        ("anna kow", {"Anna"}),  # every word must match
        ("kowalska anna", {"Anna"}),  # in any order
        ("example.org", {"Ann"}),  # the email
        ("900123", {"Joanna"}),  # the phone
        ("o'brien", {"Joanna"}),
        ("an", {"Anna", "Ann", "Joanna"}),  # shorter than a trigram still works
        ("nobody", set()),
    ],
)
def test_search_finds_every_word_anywhere(world, clients, search, expected):
    assert _found(world, search) == expected


def test_the_other_organisations_clients_are_never_found(world, clients):
    assert all(c.organisation_id == world.org.pk for c in selectors.client_list(user=world.coordinator, search="a"))


def test_on_postgresql_the_search_can_use_the_trigram_indexes(world, clients):
    if connection.vendor != "postgresql":
        pytest.skip("trigram indexes are PostgreSQL's")
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname FROM pg_indexes WHERE tablename = 'people_client' AND indexname LIKE '%trgm'")
        assert {row[0] for row in cursor.fetchall()} == {
            f"people_client_{column}_trgm" for column in ("first_name", "last_name", "email", "phone")
        }
        # Enough rows, with statistics, that reading the whole organisation is not the cheap way.
        Client.objects.bulk_create(
            Client(
                organisation=world.org,
                first_name=f"Person{n}",
                last_name=f"Family{n}",
                referral_date=world.client.referral_date,
                consent_given_on=world.client.consent_given_on,
            )
            for n in range(3000)
        )
        cursor.execute("ANALYZE people_client")
        cursor.execute("SET LOCAL enable_seqscan = off")
        plans = {}
        for column in ("first_name", "last_name", "email", "phone"):
            # The very SQL Django writes for the search's icontains on that column.
            query = Client._base_manager.filter(**{f"{column}__icontains": "kowal"}).values("pk").query
            sql, params = query.sql_with_params()
            cursor.execute("EXPLAIN " + sql, params)
            plans[column] = "\n".join(row[0] for row in cursor.fetchall())
    for column, plan in plans.items():
        assert f"people_client_{column}_trgm" in plan, plan
