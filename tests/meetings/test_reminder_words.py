"""The reminder email says how to stop reminders the way the page offers it."""

from __future__ import annotations

import pytest
from django.template.loader import render_to_string

from meetings.forms import RemindersForm

pytestmark = pytest.mark.usefixtures("scoped")


def test_the_reminder_email_says_how_to_stop_them_as_the_page_does(world):
    body = render_to_string(
        "meetings/reminder_email.txt",
        {
            "person": world.coach,
            "others": "Jade",
            "day": "tomorrow",
            "when": world.meeting.starts_at,
            "meeting": world.meeting,
            "can_sign_in": True,
            "ics": "https://example.org/ics",
            "settings_url": "https://example.org/my-calendar/",
        },
    )
    label = str(RemindersForm.base_fields["meeting_reminders"].label)
    stop = body.split("To stop these reminders", 1)[1]
    assert "Calendar and reminders" in stop and f"“{label}”" in stop and "Save" in stop
    assert "https://example.org/my-calendar/" in stop
