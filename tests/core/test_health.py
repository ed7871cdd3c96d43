"""/health/: cheap, public, no secrets, and names the part that failed (core/health.py)."""

from __future__ import annotations

import datetime
from unittest import mock

import pytest
from django.conf import settings
from django.db import OperationalError
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from core.models import Heartbeat
from core.services import heartbeat

pytestmark = pytest.mark.django_db


def _health(client):
    response = client.get("/health/", HTTP_ACCEPT="application/json")
    return response.status_code, response.json()


def test_healthy_when_every_part_answers(client, django_assert_max_num_queries):
    heartbeat("scheduler")
    with django_assert_max_num_queries(3):
        status, parts = _health(client)
    assert status == 200
    assert set(parts.values()) == {"OK"}
    assert {name.split("(")[0] for name in parts} == {"Database", "Cache", "TaskQueue", "Scheduler"}


def test_a_scheduler_that_never_ran_or_stopped_is_named(client):
    status, parts = _health(client)
    assert status == 503
    assert parts["Scheduler()"] == "Unavailable: the scheduler has never run"
    Heartbeat.objects.create(name="scheduler", at=timezone.now() - datetime.timedelta(minutes=7))
    status, parts = _health(client)
    assert status == 503
    assert parts["Scheduler()"] == "Unavailable: the scheduler last ran 7 minutes ago"
    assert parts["Database(alias='default')"] == "OK"


@override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}})
def test_a_task_left_waiting_names_the_worker(client):
    heartbeat("scheduler")
    from meetings.tasks import safety_sweep

    result = safety_sweep.enqueue()
    assert _health(client)[0] == 200  # just queued: the worker has time
    DBTaskResult.objects.filter(id=result.id).update(enqueued_at=timezone.now() - datetime.timedelta(minutes=12))
    status, parts = _health(client)
    assert status == 503
    assert parts["TaskQueue()"] == "Unavailable: the oldest waiting task has waited 12 minutes: is the worker running?"


@override_settings(
    TASKS={"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}},
    RQ_QUEUES={"default": {"URL": "redis://127.0.0.1:1/0", "SOCKET_CONNECT_TIMEOUT": 1}},
)
def test_redis_out_of_reach_is_named_and_nothing_secret_is_said(client):
    heartbeat("scheduler")
    status, parts = _health(client)
    assert status == 503
    assert parts["TaskQueue()"] == "Unavailable: the task queue (Redis) cannot be reached"
    said = str(parts)
    assert "127.0.0.1:1" not in said and settings.SECRET_KEY not in said


def test_a_database_out_of_reach_is_named(client):
    heartbeat("scheduler")
    with mock.patch(
        "django.db.backends.base.base.BaseDatabaseWrapper.temporary_connection",
        side_effect=OperationalError("connection refused: could not connect to server"),
    ):
        status, parts = _health(client)
    assert status == 503
    assert parts["Database(alias='default')"].startswith("Unavailable")


def test_no_sign_in_and_nothing_stored(client):
    heartbeat("scheduler")
    response = client.get("/health/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    assert response["X-Request-ID"]
