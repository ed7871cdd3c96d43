from __future__ import annotations

from django_tasks import task

from core.tasks import organisation_task

from . import delivery, reminders, services

# The two sweeps span every organisation by nature: they find what is due everywhere. Each alert
# step they find is delivered by deliver_alert, in its own organisation.


@task()
def safety_sweep() -> dict[str, int]:
    """Raise every lone-working alert step that is due and queue the delivery of each one still owed."""
    return services.sweep()


@task()
def meeting_reminders() -> int:
    """Email the day-before reminders now due. Safe to run often and in parallel."""
    return reminders.send_reminders()


@organisation_task()
def deliver_alert(*, alert_id: int) -> str:
    """Send one alert step on each channel, in the alert's own organisation, and record how it went."""
    return delivery.alert_deliver(alert_id=alert_id)
