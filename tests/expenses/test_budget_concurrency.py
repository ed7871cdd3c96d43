"""Two approvers at the same moment on PostgreSQL (issue 14: "two approvers cannot both approve
over the budget"). Its own module: the threads need committed rows, so it cannot share
test_expenses.py's one world held in an open transaction."""

from __future__ import annotations

import threading
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django_scopes import scope

from expenses import selectors, services
from expenses.models import ExpenseClaim

from .helpers import claim


def _fresh(c: ExpenseClaim) -> ExpenseClaim:
    return ExpenseClaim.objects.get(pk=c.pk)


@pytest.mark.django_db(transaction=True)
def test_two_approvers_at_the_same_moment_on_postgresql_cannot_both_take_the_budget_over(world, unscoped):
    """Two approvers press Approve at once, on two connections: one approval charges the budget,
    the other is refused, whichever commits first."""
    if connection.vendor != "postgresql":
        pytest.skip("Two writers at once needs PostgreSQL; SQLite takes one write transaction at a time.")
    services.programme_rules_save(
        programme=world.programme, values={"budget": Decimal("100.00"), "limit_per_month": Decimal("500.00")}
    )
    claims = [claim(world, amount=Decimal("60.00")), claim(world, amount=Decimal("60.00"))]
    approvers = [world.coordinator, world.orgadmin]
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def approve(index: int) -> None:
        try:
            with scope(organisation=world.org.pk):
                mine = _fresh(claims[index])
                barrier.wait()
                try:
                    services.claim_approve(claim=mine, expected_version=mine.version, by=approvers[index])
                    outcomes.append("approved")
                except ValidationError as refused:
                    outcomes.append("refused" if "over_budget" in refused.message_dict else repr(refused))
        except BaseException as error:  # pragma: no cover - reported below
            outcomes.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=approve, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["approved", "refused"]
    assert selectors.programme_expenses(world.programme).spent == Decimal("60.00")
    assert sorted(_fresh(c).status for c in claims) == ["approved", "submitted"]
