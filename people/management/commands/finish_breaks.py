"""End every coach's break whose return date has come. The scheduler queues this every day by itself
(core.tasks.DAILY_TASKS); the command is for running it by hand or from cron:

    .venv/bin/python manage.py finish_breaks

A day it did not run loses nothing: the next run ends every break that fell due meanwhile, on
its own return date.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand

from people.tasks import finish_breaks_everywhere


class Command(BaseCommand):
    help = "End the coaches' breaks whose return date has come (run daily)."

    def handle(self, *args, **options):
        finish_breaks_everywhere.enqueue()
