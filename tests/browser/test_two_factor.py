"""Two-factor sign-in in the browser (issue 18): a coordinator whose organisation requires it is led
through setting up an authenticator app at sign-in, keeps their recovery codes, and signs in again
with one; a coach registers a passkey (Chromium's virtual authenticator) and signs in with it. No
page breaks the Content Security Policy ('self' only)."""

from __future__ import annotations

import base64
import re

from django.contrib.auth import get_user_model
from django_otp.oath import totp
from django_otp_webauthn.models import WebAuthnCredential
from playwright.sync_api import expect

from twofactor import services

from .conftest import check_accessibility, no_horizontal_scroll, shoot, sign_in


def _watch_csp(page) -> list[str]:
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if "Content Security Policy" in m.text else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    return problems


def _sign_out_on_a_phone(page) -> None:
    page.get_by_text("Menu", exact=True).click()
    page.locator("#nav-phone").get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", name="You have signed out")).to_be_visible()


def test_a_coordinator_is_led_to_set_up_an_app_then_signs_in_with_a_recovery_code(page_at):
    coordinator = get_user_model().objects.get(username="coordinator")
    services.policy_save(organisation=coordinator.organisation, required_for="managers")
    phone = page_at("phone")
    problems = _watch_csp(phone)
    sign_in(phone, "coordinator")
    expect(phone.get_by_role("heading", name="Two-factor sign-in", exact=True)).to_be_visible()
    expect(phone.get_by_text("Your organisation asks you to set up two-factor sign-in")).to_be_visible()
    check_accessibility(phone, "two-factor-settings")
    shoot(phone, "two-factor-required-phone")
    phone.get_by_role("link", name="Set up an authenticator app").click()
    expect(phone.get_by_role("img", name="QR code to scan with your app")).to_be_visible()
    assert no_horizontal_scroll(phone)
    check_accessibility(phone, "two-factor-app-setup")
    shoot(phone, "two-factor-app-setup-phone")
    secret = phone.locator("#totp-secret").get_attribute("data-secret")
    code = f"{totp(base64.b32decode(secret)):06d}"
    phone.get_by_label("The 6-digit code your app shows").fill(code)
    phone.get_by_role("button", name="Check the code and turn it on").click()
    expect(phone.get_by_role("heading", name="Your recovery codes")).to_be_visible()
    codes = [c.strip() for c in phone.locator(".recovery-codes code").all_inner_texts()]
    assert len(codes) == 10 and all(re.fullmatch(r"[a-z2-7]{8}", c) for c in codes)
    check_accessibility(phone, "two-factor-recovery-codes")
    shoot(phone, "two-factor-recovery-codes-phone")
    phone.get_by_role("link", name="I have kept my codes: continue").click()
    expect(phone.get_by_role("heading", name=re.compile("^Hello"))).to_be_visible()

    _sign_out_on_a_phone(phone)
    sign_in(phone, "coordinator")
    expect(phone.get_by_role("heading", name="Finish signing in")).to_be_visible()
    check_accessibility(phone, "two-factor-verify")
    shoot(phone, "two-factor-verify-phone")
    phone.get_by_label("Code from your app, or a recovery code").fill(codes[0])
    phone.get_by_role("button", name="Continue").click()
    expect(phone.get_by_role("heading", name=re.compile("^Hello"))).to_be_visible()
    assert not problems, problems

    desk = page_at("desktop")
    sign_in(desk, "coordinator")
    desk.get_by_label("Code from your app, or a recovery code").fill(codes[1])
    desk.get_by_role("button", name="Continue").click()
    desk.goto("/account/two-factor/")
    expect(desk.get_by_text("You have 8 recovery codes left")).to_be_visible()
    shoot(desk, "two-factor-settings-desktop")


def test_a_coach_registers_a_passkey_and_signs_in_with_it(page_at):
    desk = page_at("desktop")
    problems = _watch_csp(desk)
    cdp = desk.context.new_cdp_session(desk)
    cdp.send("WebAuthn.enable")
    cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
            }
        },
    )
    sign_in(desk, "coach")
    desk.goto("/account/two-factor/")
    desk.get_by_role("button", name="Add a passkey or security key").click()
    expect(desk.get_by_text(re.compile("^Passkey added "))).to_be_visible()
    # The admin's page shows who has set it up (the coach now has a passkey) and sets the requirement.
    admin = page_at("phone")
    sign_in(admin, "orgadmin")
    admin.goto("/two-factor/")
    expect(admin.get_by_role("button", name="Reset two-factor sign-in for Sam Turner")).to_be_visible()
    assert no_horizontal_scroll(admin)
    check_accessibility(admin, "two-factor-organisation")
    shoot(admin, "two-factor-organisation-phone")
    assert WebAuthnCredential.objects.filter(user__username="coach").count() == 1
    shoot(desk, "two-factor-passkey-added-desktop")
    desk.locator("main").get_by_role("button", name="Make recovery codes").click()
    expect(desk.get_by_role("heading", name="Your recovery codes")).to_be_visible()

    desk.context.clear_cookies()
    sign_in(desk, "coach")
    expect(desk.get_by_role("heading", name="Finish signing in")).to_be_visible()
    check_accessibility(desk, "two-factor-verify-passkey")
    desk.get_by_role("button", name="Use my passkey or security key").click()
    expect(desk.get_by_role("heading", name=re.compile("^Hello"))).to_be_visible()
    assert not problems, problems
