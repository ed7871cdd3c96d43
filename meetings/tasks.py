from __future__ import annotations

import datetime

from django_tasks import task

from core.tasks import organisation_task

from . import delivery, reminders, services

# The two sweeps span every organisation by nature: they find, by ids only, what is due
# everywhere, and hand each organisation's (or each meeting's) work to an organisation task that
# claims, raises, renders and sends inside that organisation's scope.


@task()
def safety_sweep() -> dict[str, int]:
    """Find the organisations with alert steps due, raise them in each, and queue every delivery owed."""
    return services.sweep()


@organisation_task()
def raise_alerts(*, now: str) -> dict[str, int]:
    """Raise this organisation's due alert steps, as of the sweep's clock (an ISO time)."""
    return services.alerts_raise(now=datetime.datetime.fromisoformat(now))


@task()
def meeting_reminders() -> int:
    """Find the day-before reminders now due and hand each meeting to its organisation. Safe to run
    often and in parallel."""
    return reminders.send_reminders()


@organisation_task()
def remind_meeting(*, meeting_id: int, now: str) -> int:
    """Claim, write and send one meeting's reminders in its own organisation."""
    return reminders.meeting_remind(meeting_id=meeting_id, now=datetime.datetime.fromisoformat(now))


@organisation_task()
def deliver_alert(*, alert_id: int) -> str:
    """Send one alert step on each channel, in the alert's own organisation, and record how it went."""
    return delivery.alert_deliver(alert_id=alert_id)
