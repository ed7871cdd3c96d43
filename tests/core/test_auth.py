"""Signing in and out, throttling, password reset by email, session expiry and security headers."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.core import mail
from django.test import override_settings

from organisations.models import User


def test_sign_in_with_username_and_password_then_sign_out(client, world):
    response = client.post("/accounts/login/", {"username": "t-coordinator", "password": "alongside-demo"})
    assert response.status_code == 302
    assert client.get("/").status_code == 200
    client.post("/accounts/logout/")
    assert client.get("/").status_code == 302


def test_wrong_password_shows_a_plain_message(client, world):
    response = client.post("/accounts/login/", {"username": "t-coordinator", "password": "nope"})
    assert response.status_code == 200
    assert b"Your username or password is not right" in response.content


def test_repeated_failed_sign_ins_are_locked_out(client, world):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/accounts/login/", {"username": "t-coordinator", "password": "wrong"})
    # Even the right password is refused while locked out.
    response = client.post("/accounts/login/", {"username": "t-coordinator", "password": "alongside-demo"})
    assert response.status_code == 429
    assert b"Too many tries" in response.content


def test_forgotten_password_is_reset_by_email_link(client, world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/accounts/password_reset/", {"email": world.coordinator.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = re.search(r"http://\S+/accounts/reset/\S+/", mail.outbox[0].body).group(0)
    path = link.split("testserver", 1)[1]
    response = client.get(path, follow=True)
    assert response.status_code == 200
    form_url = response.redirect_chain[-1][0]
    response = client.post(
        form_url, {"new_password1": "a-Much-better-pass-42", "new_password2": "a-Much-better-pass-42"}
    )
    assert response.status_code == 302
    user = User.objects.get(pk=world.coordinator.pk)
    assert user.check_password("a-Much-better-pass-42")


def test_password_reset_does_not_reveal_unknown_addresses(client, world):
    response = client.post("/accounts/password_reset/", {"email": "nobody@example.com"})
    assert response.status_code == 302
    assert mail.outbox == []


def test_passwords_are_hashed_with_argon2():
    assert settings.PASSWORD_HASHERS  # the test settings use MD5 for speed; production uses Argon2
    from alongside import settings as real

    assert real.PASSWORD_HASHERS[0] == "core.hashers.OwaspArgon2PasswordHasher"  # tests/core/test_hashers.py


def test_idle_sessions_expire():
    assert settings.SESSION_SAVE_EVERY_REQUEST is True
    assert settings.SESSION_COOKIE_AGE <= 60 * 60


@override_settings(SESSION_COOKIE_AGE=1)
def test_an_expired_session_is_sent_to_sign_in(client, world, monkeypatch):
    client.force_login(world.coordinator)
    session = client.session
    session.set_expiry(-1)
    session.save()
    assert client.get("/").status_code == 302


def test_pages_carry_a_content_security_policy(as_role):
    response = as_role("coordinator").get("/")
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy.split("style-src")[0]


@pytest.mark.parametrize("path", ["/", "/clients/", "/api/v1/me"])
def test_anonymous_visitors_get_nothing(client, world, path):
    assert client.get(path).status_code in (302, 401)
