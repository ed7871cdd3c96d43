"""Passwords are hashed with Argon2id at OWASP's minimum, and older, heavier hashes still work."""

from __future__ import annotations

import argon2
import pytest
from django.contrib.auth.hashers import Argon2PasswordHasher, make_password
from django.test import override_settings

from core.hashers import OwaspArgon2PasswordHasher
from organisations.models import User

pytestmark = pytest.mark.usefixtures("scoped")

PRODUCTION_HASHERS = ["core.hashers.OwaspArgon2PasswordHasher", "django.contrib.auth.hashers.PBKDF2PasswordHasher"]


def test_the_hasher_is_argon2id_at_owasps_minimum():
    params = OwaspArgon2PasswordHasher().params()
    assert params.type == argon2.low_level.Type.ID
    assert (params.memory_cost, params.time_cost, params.parallelism) == (19 * 1024, 2, 1)


def test_a_new_hash_records_those_parameters():
    encoded = OwaspArgon2PasswordHasher().encode("a-long-passphrase", OwaspArgon2PasswordHasher().salt())
    assert encoded.startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")
    assert OwaspArgon2PasswordHasher().verify("a-long-passphrase", encoded)
    assert not OwaspArgon2PasswordHasher().verify("another-passphrase", encoded)


@override_settings(PASSWORD_HASHERS=PRODUCTION_HASHERS)
def test_a_hash_made_with_djangos_heavier_defaults_signs_in_and_is_rehashed(client, world):
    user = world.coordinator
    old = Argon2PasswordHasher()
    User.objects.filter(pk=user.pk).update(password=old.encode("alongside-demo", old.salt()))
    assert "m=102400,t=2,p=8" in User.objects.get(pk=user.pk).password

    response = client.post("/accounts/login/", {"username": user.username, "password": "alongside-demo"})

    assert response.status_code == 302
    rehashed = User.objects.get(pk=user.pk).password
    assert rehashed.startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")
    assert User.objects.get(pk=user.pk).check_password("alongside-demo")


@override_settings(PASSWORD_HASHERS=PRODUCTION_HASHERS)
def test_make_password_uses_the_owasp_hasher():
    assert make_password("a-long-passphrase").startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")
