"""The address recorded in the audit trail, counted by sign-in throttling and by the application form's
limits comes from REMOTE_ADDR, or from X-Forwarded-For only as far as configured proxies vouch for it."""

from __future__ import annotations

import pytest
from django.core import signing
from django.core.cache import cache
from django.test import RequestFactory, override_settings

from core.models import AuditEntry
from core.request_context import client_ip
from recruitment.forms import ApplicationForm
from recruitment.models import Application

pytestmark = pytest.mark.usefixtures("scoped")  # each body runs in the world's organisation


def _viewed_from(as_role, world, **meta) -> str:
    as_role("coach").get(f"/clients/{world.client.pk}/", **meta)
    return AuditEntry.objects.filter(action="people.client.viewed").latest("pk").ip_address


def test_a_forged_forwarded_for_is_not_recorded_without_a_trusted_proxy(as_role, world):
    address = _viewed_from(as_role, world, REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_FOR="6.6.6.6")
    assert address == "203.0.113.9"


@override_settings(ALONGSIDE_TRUSTED_PROXY_COUNT=1)
def test_behind_one_trusted_proxy_the_right_most_address_is_the_person(as_role, world):
    # The person sent "6.6.6.6" themselves; our proxy appended the address it really saw.
    address = _viewed_from(as_role, world, REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 81.2.69.160")
    assert address == "81.2.69.160"


@override_settings(ALONGSIDE_TRUSTED_PROXY_COUNT=2)
def test_behind_two_trusted_proxies_the_second_from_the_right_is_the_person(as_role, world):
    address = _viewed_from(
        as_role, world, REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 81.2.69.160, 10.0.0.2"
    )
    assert address == "81.2.69.160"


@override_settings(ALONGSIDE_TRUSTED_PROXY_COUNT=1)
def test_a_proxy_that_sent_no_forwarded_for_leaves_its_own_address(rf: RequestFactory):
    assert client_ip(rf.get("/", REMOTE_ADDR="10.0.0.1")) == "10.0.0.1"


@pytest.mark.parametrize("count", [0, 1])
def test_sign_in_throttling_counts_the_same_address_as_the_audit_trail(rf: RequestFactory, count):
    from axes.helpers import get_client_ip_address

    request = rf.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 81.2.69.160")
    with override_settings(ALONGSIDE_TRUSTED_PROXY_COUNT=count):
        assert get_client_ip_address(request) == client_ip(request)
        assert client_ip(request) == ("10.0.0.1" if count == 0 else "81.2.69.160")


def test_made_up_addresses_do_not_get_round_the_application_limit(client, world, monkeypatch):
    cache.clear()
    monkeypatch.setattr(ApplicationForm, "MIN_SECONDS", 0)
    statuses = []
    for n in range(4):
        data = {
            "first_name": f"Rosa{n}",
            "last_name": "Lopez",
            "email": "rosa@example.net",
            "lived_experience": "I got out of debt with help from a friend.",
            "motivation": "I want to be that friend for someone.",
            "started": signing.TimestampSigner(salt="apply").sign(f"form-{n}"),
        }
        response = client.post(
            f"/apply/{world.org.slug}/", data, REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}"
        )
        statuses.append(response.status_code)
    cache.clear()
    assert statuses == [302, 302, 302, 429]
    assert Application.objects.filter(last_name="Lopez").count() == 3
