"""A form's button is disabled once pressed, so a double click sends it once."""

from __future__ import annotations

from django_scopes import scopes_disabled
from playwright.sync_api import expect

from people.models import Coach

from .conftest import sign_in


def test_pressing_add_twice_sends_the_form_once(page_at):
    page = page_at("phone")
    sign_in(page, "coordinator")
    page.goto("/coaches/new/")
    page.get_by_label("First name").fill("Tomasz")
    page.get_by_label("Last name").fill("Nowak")
    # The form is sent into a frame, so the page itself stays put and can be looked at while the
    # answer is held back, as it would be on a slow connection.
    page.evaluate(
        "() => { const sink = document.createElement('iframe'); sink.name = 'sink';"
        " document.body.append(sink); document.querySelector('main form').target = 'sink'; }"
    )
    held = []
    page.route(
        "**/coaches/new/", lambda route: held.append(route) if route.request.method == "POST" else route.continue_()
    )
    add = page.get_by_role("button", name="Add")
    add.click()
    expect(add).to_be_disabled()
    add.dispatch_event("click")  # the impatient second press
    page.wait_for_timeout(300)
    assert len(held) == 1
    # The one request held back is dropped rather than sent on: the server side of a repeated form
    # is tests/core/test_form_page.py's, and a save racing the test's cleanup locks SQLite.
    held[0].abort()
    page.wait_for_timeout(100)
    with scopes_disabled():
        assert Coach.objects.filter(first_name="Tomasz").count() == 0
