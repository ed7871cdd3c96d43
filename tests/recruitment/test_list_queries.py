"""The recruitment pipeline, the checks list and their API cost the same queries with 2 rows or 20."""

from __future__ import annotations

import datetime

import pytest

from recruitment.models import Application, Check
from tests.factories import CoachFactory
from tests.list_queries import assert_same_queries_with_more_rows

pytestmark = pytest.mark.usefixtures("scoped")


def test_pipeline_and_check_lists_do_not_grow_queries_with_rows(as_role, world):
    def add_rows(n: int) -> None:
        for i in range(n):
            Application.objects.create(
                organisation=world.org,
                first_name=f"Applicant{i}",
                last_name=f"N{n}",
                email=f"applicant{i}-{n}@example.org",
                lived_experience="Came through it.",
                motivation="To help.",
            )
            Check.objects.create(
                organisation=world.org,
                coach=CoachFactory(organisation=world.org),
                kind="dbs",
                level="enhanced",
                requested_on=datetime.date(2025, 1, 6),
                cleared_on=datetime.date(2025, 2, 3),
            )

    urls = ["/recruitment/", "/checks/", "/api/v1/applications", "/api/v1/checks"]
    assert_same_queries_with_more_rows(as_role("coordinator"), urls, add_rows)
