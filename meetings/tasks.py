from __future__ import annotations

from django_tasks import task

from . import reminders, services


@task()
def safety_sweep() -> dict[str, int]:
    """Raise and send every lone-working alert that is due. Safe to run often and in parallel."""
    return services.sweep()


@task()
def meeting_reminders() -> int:
    """Email the day-before reminders now due. Safe to run often and in parallel."""
    return reminders.send_reminders()
