"""Every minute, queue a lone-working safety sweep (and the day-before meeting reminders) for the
task worker to run.

    .venv/bin/python manage.py safety_scheduler          # runs until stopped (make run starts it)
    .venv/bin/python manage.py safety_scheduler --once   # queue one sweep, e.g. from cron

It also queues, once a day, every task other areas registered at core.tasks.DAILY_TASKS (a coach's
break ending by itself on its return date, for one).

The sweep finds what is due from the meetings themselves, so a scheduler or worker that was down
loses nothing: the next sweep raises every step that fell due meanwhile (marked late), and queues
again every step whose delivery failed or whose worker died. Duplicated sweeps are harmless: each
step is created once, and each delivery is claimed in the database before anything is sent.
"""

from __future__ import annotations

import logging
import time

from django.core.management.base import BaseCommand
from django.db import close_old_connections
from django.utils import timezone

from core import registry
from core.services import heartbeat
from core.tasks import DAILY_TASKS
from meetings.tasks import meeting_reminders, safety_sweep

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Queue a lone-working safety sweep every minute."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Queue one sweep and stop.")
        parser.add_argument("--interval", type=int, default=60, help="Seconds between sweeps (default 60).")

    def handle(self, *args, once: bool = False, interval: int = 60, **options):
        self.last_day = None
        if once:
            self.tick()
            return
        while True:
            self.tick_surviving()
            time.sleep(interval)

    def tick(self) -> None:
        safety_sweep.enqueue()
        meeting_reminders.enqueue()
        # /health/ says unhealthy when this stops (core/health.py, Scheduler).
        heartbeat("scheduler")
        today = timezone.localdate()
        if today != self.last_day:
            for daily in registry.contributions(DAILY_TASKS):
                daily.enqueue()
            self.last_day = today

    def tick_surviving(self) -> bool:
        """One tick that outlives the database or Redis being away: the error is logged, the broken
        connection dropped, and the next tick tries again (the sweep misses nothing meanwhile, see
        above); /health/ shows the scheduler as late until a tick gets through."""
        try:
            self.tick()
        except Exception:
            logger.exception("The scheduler could not queue this minute's work; it tries again next time")
            close_old_connections()
            return False
        return True
