"""Browser tests: Playwright driving Debian's Chromium against a live server, with axe checks.

Run them on their own with `pytest -m browser`. Screenshots land in test-artifacts/screens/.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connections

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make between
# browser steps are still plain synchronous calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
SHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screens"
PHONE = {"width": 360, "height": 780}
DESKTOP = {"width": 1280, "height": 900}


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail("Debian's Chromium is missing: `make test` installs it (apt-get install chromium).")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
        )
        yield browser
        browser.close()


_LOADED_DEMO: dict[str, sqlite3.Connection] = {}


@pytest.fixture
def demo(transactional_db):
    """The demo, as `load_demo` makes it, for each browser test.

    Each test changes it (and the transactional database is emptied after each), so each needs a
    fresh one. On SQLite's in-memory test database (what CI runs the browser tests on) it is loaded
    once per run and copied aside with SQLite's backup API, then copied back for each test: a few
    milliseconds instead of loading it again. Elsewhere it is loaded for each test."""
    connection = connections["default"]
    if connection.vendor != "sqlite" or not connection.is_in_memory_db():
        call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
        return
    connection.ensure_connection()
    if "default" in _LOADED_DEMO:
        _LOADED_DEMO["default"].backup(connection.connection)
        return
    call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    copy = sqlite3.connect(":memory:", check_same_thread=False)
    connection.connection.backup(copy)
    _LOADED_DEMO["default"] = copy


@pytest.fixture
def page_at(browser, live_server, demo):
    """page_at("phone") or page_at("desktop"): a fresh browser tab at that width."""
    contexts = []

    def make(size: str = "phone"):
        context = browser.new_context(viewport=PHONE if size == "phone" else DESKTOP, base_url=live_server.url)
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


def sign_in(page, username: str, password: str = "alongside-demo") -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def check_accessibility(page, label: str) -> None:
    """Fail on serious or critical axe-core violations, naming the rule and the element."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    problems = [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert not problems, f"Accessibility problems on {label}:\n" + "\n".join(problems)


def shoot(page, name: str) -> None:
    # CI looks at nobody's screenshots and is timed (.ci/run sets SCREENSHOTS=0); a developer's
    # `make test` keeps them, to look at.
    if os.environ.get("SCREENSHOTS", "1") == "0":
        return
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def no_horizontal_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
