"""How many queries one request makes, for the tests that a list's cost does not grow with its rows."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext


def queries_for(browser, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = browser.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(captured)


def assert_same_queries_with_more_rows(browser, urls: list[str], add_rows) -> None:
    """Each url makes as many queries with 20 rows as with 2: `add_rows(n)` adds n rows to every
    list (the world has one of each already)."""
    add_rows(1)
    with_two = {url: queries_for(browser, url) for url in urls}
    add_rows(18)
    with_twenty = {url: queries_for(browser, url) for url in urls}
    assert with_twenty == with_two
