"""The load benchmark's own parts that can be checked without a server: filling in a page's real
form as a browser would, and finding the highest request rate whose p95 stays under 300 ms."""

import pytest

from bench.load import report
from bench.load.forms import form_on

pytestmark = pytest.mark.usefixtures("scoped")

PAGE = """
<form method="post" action="/accounts/logout/"><input type="hidden" name="csrfmiddlewaretoken" value="c1"></form>
<form method="post" action="">
  <input type="hidden" name="csrfmiddlewaretoken" value="c1">
  <input type="hidden" name="form_token" value="t1">
  <input type="hidden" name="version" value="3">
  <input type="date" name="held_on" value="2026-12-02">
  <textarea name="went_well">Kept going</textarea>
  <input type="radio" name="goal_7" value="1"><input type="radio" name="goal_7" value="2" checked>
  <input type="checkbox" name="interventions" value="4">
  <select name="channel"><option value="phone">Phone</option><option value="video" selected>Video</option></select>
  <button type="submit" name="save">Save</button>
</form>
"""


def test_the_form_with_the_one_time_token_is_found_with_what_a_browser_would_send():
    form = form_on(PAGE)
    assert form["action"] == ""
    assert form["fields"] == {
        "csrfmiddlewaretoken": ["c1"],
        "form_token": ["t1"],
        "version": ["3"],
        "held_on": ["2026-12-02"],
        "went_well": ["Kept going"],
        "goal_7": ["2"],
        "channel": ["video"],
    }
    assert form["choices"]["goal_7"] == ["1", "2"]
    assert form["choices"]["interventions"] == ["4"]
    assert form["choices"]["channel"] == ["phone", "video"]


def test_a_page_without_such_a_form_gives_none():
    assert form_on('<form method="post" action="/accounts/logout/"></form>') is None


def test_capacity_reports_the_highest_rate_whose_p95_stays_under_300_ms(tmp_path):
    log = tmp_path / "capacity.log"
    lines = []
    # Step 1 (0-10 s): 20 requests a second at 50 ms. Step 2 (10-20 s): 40 a second, one in ten
    # at 900 ms, so its p95 is over 300 ms. Sign-ins are left out; the first 2 s of a step too.
    for n in range(200):
        lines.append(f"{1000 + n / 20:.3f}\tclient list\t50\t1")
        lines.append(f"{1000 + n / 20:.3f}\tsign in (POST)\t2000\t1")
    for n in range(400):
        lines.append(f"{1010 + n / 40:.3f}\tclient list\t{900 if n % 10 == 0 else 60}\t{0 if n == 200 else 1}")
    log.write_text("\n".join(lines) + "\n")
    table = "\n".join(report.capacity(log, 10, [5, 10], settle=2))
    assert "| 5 | 20.0 | 50 | 50 | 50 | 0 | yes |" in table
    assert "| 10 | 40.0 |" in table and "| 1 | no |" in table
    assert "**20.0 a second**" in table
