"""The flows a coordinator uses most, on a phone, with the screens checked by axe."""

from __future__ import annotations

from django_scopes import scopes_disabled
from playwright.sync_api import expect

from journeys.models import Relationship
from people.models import Client

from .conftest import check_accessibility, shoot, sign_in


def test_sign_in_wrong_password_then_right_then_sign_out(page_at):
    page = page_at("phone")
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill("coordinator")
    page.get_by_label("Password").fill("not-it")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text("Your username or password is not right")).to_be_visible()
    check_accessibility(page, "login-error")
    shoot(page, "login-error-phone")
    sign_in(page, "coordinator")
    expect(page.get_by_role("heading", name="Hello, Dee")).to_be_visible()
    page.get_by_text("Menu").click()
    page.locator("#nav-phone").get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", name="You have signed out")).to_be_visible()


def test_coordinator_adds_a_client_fixing_a_mistake_on_the_way(page_at):
    page = page_at("phone")
    sign_in(page, "coordinator")
    page.goto("/clients/new/")
    page.get_by_label("First name").fill("Rosa")
    page.get_by_label("Referral source").select_option("housing")
    page.get_by_label("Referral date").fill("2026-11-01")
    page.get_by_role("button", name="Add").click()
    # Nothing typed is lost, and the problems are listed at the top and beside each field.
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    assert page.get_by_label("First name").input_value() == "Rosa"
    check_accessibility(page, "client-form-errors")
    shoot(page, "coordinator-client-form-errors-phone")
    page.get_by_label("Last name").fill("Lopez")
    page.get_by_label("Date they agreed we can store their details").fill("2026-11-01")
    page.get_by_role("checkbox", name="Phone").check()
    page.get_by_role("button", name="Add").click()
    expect(page.get_by_role("heading", name="Rosa Lopez")).to_be_visible()
    expect(page.get_by_text("Rosa Lopez has been added")).to_be_visible()
    with scopes_disabled():
        assert Client.objects.get(first_name="Rosa").preferred_channels == ["phone"]


def test_coordinator_searches_clients_as_they_type(page_at):
    page = page_at("desktop")
    sign_in(page, "coordinator")
    page.goto("/clients/")
    page.get_by_label("Search by name, email or phone").fill("kowal")
    page.wait_for_url("**q=kowal**")
    rows = page.locator("#results .row-title")
    assert rows.count() == 1 and rows.first.inner_text() == "Maria Kowalczyk"
    shoot(page, "coordinator-client-search-desktop")


def test_coordinator_pairs_a_waiting_client_with_a_coach(page_at):
    with scopes_disabled():
        waiting = Client.objects.get(first_name="Stacey", last_name="Moran")
    page = page_at("phone")
    sign_in(page, "coordinator")
    page.goto(f"/clients/{waiting.pk}/")
    page.get_by_role("link", name="Pair by hand").click()
    check_accessibility(page, "pair")
    shoot(page, "coordinator-pair-phone")
    # Stacey asked for a woman coach: pairing by hand keeps that hard rule too.
    page.get_by_label("Peer coach").select_option(label="Jordan Price (1 client)")
    page.get_by_role("button", name="Pair them").click()
    expect(page.locator("#id_coach-error").get_by_text("Stacey asked for a coach who is a woman.")).to_be_visible()
    page.get_by_label("Peer coach").select_option(label="Nadia Karim (0 clients)")
    page.get_by_role("button", name="Pair them").click()
    expect(page.get_by_text("Stacey Moran is now paired with Nadia Karim")).to_be_visible()
    with scopes_disabled():
        assert Relationship.objects.filter(client=waiting, coach__first_name="Nadia").exists()
        assert not Relationship.objects.filter(client=waiting, coach__first_name="Jordan").exists()


def test_org_admin_filters_the_audit_trail(page_at):
    page = page_at("desktop")
    sign_in(page, "coordinator")
    with scopes_disabled():
        jade = Client.objects.get(first_name="Jade")
    page.goto(f"/clients/{jade.pk}/")
    page.context.clear_cookies()
    sign_in(page, "orgadmin")
    page.goto("/audit/")
    page.get_by_label("Who (a name or a username)").fill("coordinator")
    page.get_by_role("button", name="Filter").click()
    page.wait_for_url("**actor_label=coordinator**")
    expect(page.locator("#results").get_by_text("Looked at a client").first).to_be_visible()
    assert not page.locator("#results").get_by_text("people.client.viewed").count()
    shoot(page, "orgadmin-audit-desktop")


def test_coach_makes_an_api_token(page_at):
    page = page_at("phone")
    sign_in(page, "coach")
    page.goto("/account/")
    page.get_by_label("What is this token for?").fill("My phone shortcut")
    page.get_by_role("button", name="Make a token").click()
    token = page.locator("code.token").inner_text()
    assert token.startswith("aln_")
    response = page.request.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    assert response.json()["username"] == "coach"


def test_coordinator_restores_an_archived_client_and_archives_her_again(page_at):
    page = page_at("phone")
    sign_in(page, "coordinator")
    page.goto("/clients/")
    page.get_by_label("Status").select_option(label="Archived")
    page.wait_for_url("**status=archived**")
    page.locator("#results").get_by_role("link", name="Carol Jenkins").click()
    expect(page.get_by_text("Archived on")).to_be_visible()
    check_accessibility(page, "archived-client")
    page.get_by_role("button", name="Restore this record").click()
    expect(page.get_by_text("Carol Jenkins's record has been restored")).to_be_visible()
    page.get_by_role("link", name="Archive this record").click()
    check_accessibility(page, "archive-client")
    shoot(page, "coordinator-archive-client-phone")
    page.get_by_role("button", name="Yes, archive this record").click()
    expect(page.get_by_text("Carol Jenkins's record has been archived")).to_be_visible()
    with scopes_disabled():
        assert not Client.objects.filter(first_name="Carol", last_name="Jenkins").exists()
        assert Client.with_archived.filter(first_name="Carol", last_name="Jenkins").exists()


def test_archiving_a_client_with_a_coach_is_refused_with_the_reason(page_at):
    with scopes_disabled():
        relationship = Relationship.objects.filter(status="active").select_related("client", "coach").first()
    page = page_at("desktop")
    sign_in(page, "coordinator")
    page.goto(f"/clients/{relationship.client.pk}/archive/")
    expect(page.get_by_role("heading", name="This record cannot be archived yet")).to_be_visible()
    expect(page.get_by_text(f"is still working with {relationship.coach}")).to_be_visible()
    check_accessibility(page, "archive-refused")
