"""A streamed export reads its rows after the view has returned, as a real download does: the
organisation's scope must still hold then (core.middleware), or the file stops mid-way."""

from __future__ import annotations

import copy
import datetime

import pytest
from django.utils import timezone

from .helpers import claim


@pytest.fixture
def world(module_world, db):
    return copy.deepcopy(module_world)


def test_a_streamed_csv_is_read_to_its_end_outside_the_request(client, world):
    claim(world, status="paid")
    client.force_login(world.coordinator)
    today = timezone.localdate()
    response = client.get(
        f"/expenses/export/?starts_on={today - datetime.timedelta(days=2)}&ends_on={today}&format=csv"
    )
    # No scope in the test body: the rows are read only here, as the server sends them.
    text = b"".join(response.streaming_content).decode()
    assert "Sam Turner" in text and "Paid" in text
