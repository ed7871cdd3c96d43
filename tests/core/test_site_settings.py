"""The development server and links follow how `make run` was started (issue 19: links pointed at
port 8000 whatever port was served, and a coach saw Django's technical 404 with every URL)."""

import os
import subprocess
import sys

import pytest
from django.test import override_settings

from core.checks import site_url_is_public

pytestmark = pytest.mark.usefixtures("scoped")


def _settings_value(name: str, **env: str) -> str:
    clean = {k: v for k, v in os.environ.items() if k not in {"PORT", "SITE_URL", "DEBUG"}}
    clean.update(env, DJANGO_SETTINGS_MODULE="alongside.settings")
    code = f"import django; django.setup(); from django.conf import settings; print(settings.{name})"
    done = subprocess.run(  # noqa: S603  (our own interpreter and code)
        [sys.executable, "-c", code], env=clean, capture_output=True, text=True, check=True
    )
    return done.stdout.strip()


def test_site_address_follows_the_port_make_run_serves_on():
    assert _settings_value("SITE_URL", PORT="8123") == "http://127.0.0.1:8123"
    assert _settings_value("SITE_URL") == "http://127.0.0.1:8000"


def test_site_url_wins_when_set():
    assert _settings_value("SITE_URL", PORT="8123", SITE_URL="https://alongside.example.org") == (
        "https://alongside.example.org"
    )


def test_debug_is_off_unless_a_developer_asks():
    assert _settings_value("DEBUG") == "False"
    assert _settings_value("DEBUG", DEBUG="1") == "True"


def test_deploy_check_refuses_a_loopback_or_plain_http_site_url():
    with override_settings(SITE_URL="http://127.0.0.1:8000"):
        assert [w.id for w in site_url_is_public(None)] == ["alongside.W001"]
    with override_settings(SITE_URL="http://alongside.example.org"):
        assert [w.id for w in site_url_is_public(None)] == ["alongside.W002"]
    with override_settings(SITE_URL="https://alongside.example.org"):
        assert site_url_is_public(None) == []


def test_a_coach_opening_another_coachs_client_sees_the_plain_404(as_role, world):
    response = as_role("coach").get(f"/clients/{world.other_client.pk}/")
    assert response.status_code == 404
    text = response.content.decode()
    assert "Page not found" in text
    assert "URLconf" not in text and "Using the URLconf" not in text


def test_static_files_are_served_with_debug_off(client):
    response = client.get("/static/css/alongside.css")
    assert response.status_code == 200


def test_emailed_links_use_the_site_address(settings):
    from core.emails import absolute

    settings.SITE_URL = "http://127.0.0.1:8123/"
    assert absolute("/meetings/") == "http://127.0.0.1:8123/meetings/"
