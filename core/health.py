"""What /health/ checks, for an operator's monitor to poll (every 10 s is cheap: a handful of
indexed reads and one cache round trip).

django-health-check runs the checks and answers (200 when all pass, 500 naming the failing part;
JSON with `Accept: application/json` or `?format=json`). Its own checks cover the database and the
cache; ours cover the two background processes, which it cannot know about: the task queue (how
long the oldest waiting task has waited: a stopped or swamped worker shows here first) and the
scheduler (when it last queued the sweep: lone-working alerts depend on it). Nothing here says
more than which part failed and for how long; no setting, address or secret is shown.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import dataclasses
import datetime

from asgiref.sync import sync_to_async
from django.conf import settings
from django.utils import timezone
from health_check.base import HealthCheck
from health_check.checks import Cache, Database
from health_check.exceptions import ServiceUnavailable
from health_check.views import HealthCheckView

from .models import Heartbeat


def _minutes(delta: datetime.timedelta) -> str:
    minutes = int(delta.total_seconds() // 60)
    return "under a minute" if minutes < 1 else f"{minutes} minute{'s' if minutes != 1 else ''}"


def _oldest_waiting_task() -> datetime.datetime | None:
    backend = settings.TASKS["default"]["BACKEND"]
    if backend.startswith("django_tasks_db."):
        from django_tasks_db.models import DBTaskResult

        # ready(): only tasks already due; one queued to run later is not waiting.
        return DBTaskResult.objects.ready().order_by("enqueued_at").values_list("enqueued_at", flat=True).first()
    if backend.startswith("django_tasks_rq."):
        import django_rq
        from redis.exceptions import RedisError

        try:
            queue = django_rq.get_queue("default")
            ids = queue.get_job_ids(0, 1)
            job = queue.fetch_job(ids[0]) if ids else None
        except RedisError as error:
            raise ServiceUnavailable("the task queue (Redis) cannot be reached") from error
        if job is None or job.enqueued_at is None:
            return None
        enqueued = job.enqueued_at
        return enqueued if enqueued.tzinfo else enqueued.replace(tzinfo=datetime.UTC)
    return None  # the immediate backend (tests) runs each task as it is queued


@dataclasses.dataclass
class TaskQueue(HealthCheck):
    """The oldest task waiting for the worker has waited less than HEALTH_TASK_QUEUE_MAX_AGE."""

    def run(self) -> None:
        oldest = _oldest_waiting_task()
        if oldest is None:
            return
        waited = timezone.now() - oldest
        if waited > datetime.timedelta(seconds=settings.HEALTH_TASK_QUEUE_MAX_AGE):
            raise ServiceUnavailable(f"the oldest waiting task has waited {_minutes(waited)}: is the worker running?")


@dataclasses.dataclass
class Scheduler(HealthCheck):
    """The scheduler queued the safety sweep within HEALTH_SCHEDULER_MAX_AGE."""

    def run(self) -> None:
        last = Heartbeat.objects.filter(name="scheduler").values_list("at", flat=True).first()
        if last is None:
            raise ServiceUnavailable("the scheduler has never run")
        since = timezone.now() - last
        if since > datetime.timedelta(seconds=settings.HEALTH_SCHEDULER_MAX_AGE):
            raise ServiceUnavailable(f"the scheduler last ran {_minutes(since)} ago")


CHECKS = (Database, Cache, TaskQueue, Scheduler)


class _InTheRequestsThread(concurrent.futures.Executor):
    """Runs each synchronous check in the request's own thread (asgiref's thread-sensitive
    mode), one after another, rather than in a pool of threads: each pool thread would open a
    database connection of its own and keep it, and none would see a test's transaction."""

    def submit(self, fn, /, *args, **kwargs):
        done: concurrent.futures.Future = concurrent.futures.Future()
        task = asyncio.get_running_loop().create_task(sync_to_async(fn, thread_sensitive=True)(*args, **kwargs))

        def settle(finished: asyncio.Task) -> None:
            if finished.cancelled():
                done.cancel()
            elif finished.exception() is not None:
                done.set_exception(finished.exception())
            else:
                done.set_result(finished.result())

        task.add_done_callback(settle)
        return done


class HealthView(HealthCheckView):
    """django-health-check's view with our checks, answering 503 (not 500) when one fails: the
    service is unavailable, not broken, and that is what load balancers and monitors look for."""

    checks = CHECKS

    async def get(self, request, *args, **kwargs):
        response = await super().get(request, *args, **kwargs)
        if response.status_code == 500:
            response.status_code = 503
            response.reason_phrase = "Service Unavailable"
        return response

    def get_executor(self):
        return contextlib.nullcontext(_InTheRequestsThread())
