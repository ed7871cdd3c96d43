"""Two-factor sign-in (issue 18): who is held back, and the rules of codes.

A required person reaches nothing (pages or the API with their session) before setting it up; a
session past the password but not the code reaches nothing but the second step; a bearer token
needs no second factor; wrong codes are throttled (a right one is refused while it waits); an app
code cannot be used twice; recovery codes work once; an admin's reset is audited."""

from __future__ import annotations

import base64
import copy
import datetime
import re
from types import SimpleNamespace

import django_otp.models as otp_models
import pytest
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp import models as totp_models
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_scopes import scopes_disabled

from api.models import ApiToken
from core.models import AuditEntry
from twofactor import services
from twofactor.models import TwoFactorPolicy

pytestmark = pytest.mark.unscoped

SETTINGS, VERIFY = reverse("twofactor:settings"), reverse("twofactor:verify")


@pytest.fixture
def world(module_world, db):
    return copy.deepcopy(module_world)


@pytest.fixture
def clock(monkeypatch):
    """django-otp's clocks, ours to move: the TOTP time step (time.time) and throttling (timezone.now)."""
    state = SimpleNamespace(now=datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC))
    state.advance = lambda seconds: setattr(state, "now", state.now + datetime.timedelta(seconds=seconds))
    monkeypatch.setattr(totp_models, "time", SimpleNamespace(time=lambda: state.now.timestamp()))
    monkeypatch.setattr(otp_models, "timezone", SimpleNamespace(now=lambda: state.now))
    return state


def code_now(device: TOTPDevice, clock) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = clock.now.timestamp()
    return f"{totp.token():06d}"


def require_managers(world):
    services.policy_save(organisation=world.org, required_for=TwoFactorPolicy.Required.MANAGERS)


def test_a_required_coordinator_reaches_only_the_set_up_pages_until_they_set_it_up(client, world, clock):
    require_managers(world)
    client.force_login(world.coordinator)
    response = client.get("/clients/")
    assert response.status_code == 302 and response.url == SETTINGS + "?next=%2Fclients%2F"
    assert "asks you to set up two-factor sign-in" in client.get(SETTINGS).content.decode()
    api = client.get("/api/v1/me")
    assert api.status_code == 403 and api.json()["reason"] == "two_factor_setup_required"
    assert client.get("/health/").status_code != 302
    # A token is its own sign-in: it works, and the two-factor page lists it as such.
    _, key = ApiToken.issue(user=world.coordinator, name="Reporting script")
    assert client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 200
    assert "Reporting script" in client.get(SETTINGS).content.decode()
    # Supervisors and coaches are not covered by "admins and coordinators": never held back.
    for person in (world.supervisor, world.coach_user):
        client.force_login(person)
        assert client.get("/").status_code == 200

    # Setting up the app: the page shows the secret as text beside the QR code; one right code turns it on.
    client.force_login(world.coordinator)
    page = client.get(reverse("twofactor:app_setup")).content.decode()
    assert "<svg" in page and 'aria-label="QR code to scan with your app"' in page
    secret = re.search(r'data-secret="([A-Z2-7]+)"', page).group(1)
    device = TOTPDevice.objects.get(user=world.coordinator, confirmed=False)
    assert secret == base64.b32encode(device.bin_key).decode()
    wrong = client.post(
        reverse("twofactor:app_setup"), {"code": "000000" if code_now(device, clock) != "000000" else "111111"}
    )
    assert "That code is not right" in wrong.content.decode()
    clock.advance(5)  # past the wait a wrong code sets
    used_code = code_now(device, clock)
    response = client.post(reverse("twofactor:app_setup"), {"code": used_code})
    assert response.status_code == 302 and response.url == reverse("twofactor:recovery_codes")
    codes_page = client.get(response.url).content.decode()
    codes = re.findall(r"<li><code>([a-z2-7]+)</code></li>", codes_page)
    assert len(codes) == 10
    assert "<li><code>" not in client.get(reverse("twofactor:recovery_codes")).content.decode()  # shown once
    assert client.get("/clients/").status_code == 200

    # Next sign-in: the password alone is not enough, for pages or the API.
    client.logout()
    client.force_login(world.coordinator)
    response = client.get("/clients/")
    assert response.status_code == 302 and response.url == VERIFY + "?next=%2Fclients%2F"
    assert client.get("/api/v1/me").json()["reason"] == "two_factor_required"
    # ...nor can this half-signed-in session add a second factor of its own.
    assert client.get(SETTINGS).url.startswith(VERIFY)
    assert client.post(reverse("twofactor:passkey_register_begin")).status_code == 302
    # The code used to set the app up cannot be used again (django-otp remembers its time step).
    replay = client.post(VERIFY, {"code": used_code, "next": "/clients/"})
    assert replay.status_code == 200 and "That code is not right" in replay.content.decode()
    clock.advance(30)
    response = client.post(VERIFY, {"code": code_now(device, clock), "next": "/clients/"})
    assert response.status_code == 302 and response.url == "/clients/"
    assert client.get("/clients/").status_code == 200 and client.get("/api/v1/me").status_code == 200

    # Recovery codes: each works once.
    for attempt, expected in ((codes[0], 302), (codes[0], 200), (codes[1].upper(), 302)):
        client.logout()
        client.force_login(world.coordinator)
        clock.advance(60)
        assert client.post(VERIFY, {"code": attempt}).status_code == expected
    assert StaticToken.objects.filter(device__user=world.coordinator).count() == 8


def test_a_wrong_code_makes_the_next_wait_even_when_it_is_right(client, world, clock):
    device = TOTPDevice.objects.create(user=world.coach_user, name="Authenticator app", confirmed=True)
    client.force_login(world.coach_user)
    assert client.get("/").url.startswith(VERIFY)  # never required, but once turned on it is asked for
    right = code_now(device, clock)
    wrong = "123456" if right != "123456" else "654321"
    assert "That code is not right" in client.post(VERIFY, {"code": wrong}).content.decode()
    refused = client.post(VERIFY, {"code": right})
    assert refused.status_code == 200 and "Too many wrong codes" in refused.content.decode()
    device.refresh_from_db()
    assert device.throttling_failure_count == 1
    clock.advance(2)
    assert client.post(VERIFY, {"code": right}).status_code == 302
    assert client.get("/").status_code == 200


def test_an_organisation_admin_sets_the_requirement_and_resets_a_lost_second_factor(client, world, clock):
    # The admin uses an app themselves, as the setting they are about to save will make them.
    admin_app = TOTPDevice.objects.create(user=world.orgadmin, name="Authenticator app", confirmed=True)

    def admin_signs_in():
        client.force_login(world.orgadmin)
        clock.advance(30)
        assert client.post(VERIFY, {"code": code_now(admin_app, clock)}).status_code == 302

    admin_signs_in()
    page = reverse("twofactor:organisation")
    assert client.post(page, {"required_for": "everyone"}).status_code == 200  # not a choice: said beside it
    assert client.post(page, {"required_for": "staff"}).status_code == 302
    with scopes_disabled():
        assert TwoFactorPolicy.objects.get(organisation=world.org).required_for == "staff"
    TOTPDevice.objects.create(user=world.coordinator, name="Authenticator app", confirmed=True)
    services.recovery_codes_make(user=world.coordinator)
    assert "authenticator app, recovery codes" in client.get(page).content.decode()
    # Only for people in the admin's own organisation; a coordinator cannot reset anyone.
    assert client.post(reverse("twofactor:reset", args=[world.outsider.pk])).status_code == 404
    client.force_login(world.coordinator)
    assert client.post(reverse("twofactor:reset", args=[world.coordinator.pk])).status_code == 302  # to verify
    admin_signs_in()
    assert client.post(reverse("twofactor:reset", args=[world.coordinator.pk])).status_code == 302
    assert not TOTPDevice.objects.filter(user=world.coordinator).exists()
    with scopes_disabled():
        entry = AuditEntry.objects.get(action="twofactor.reset")
        assert entry.actor == world.orgadmin and entry.object_id == str(world.coordinator.pk)
        assert entry.changes == {"devices_removed": 2}
        assert AuditEntry.objects.filter(action="twofactor.policy.changed").count() == 1
    # Required (all staff now) and reset: led to set it up again at their next sign-in.
    client.force_login(world.coordinator)
    assert client.get("/").url.startswith(SETTINGS)
