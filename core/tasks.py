"""Background tasks, and the one way a task works on an organisation's records.

A task that touches an organisation's rows is declared with `@organisation_task()`: it is
enqueued with `organisation_id=` and runs its function inside that organisation's scope, as a
request does (pretix's `EventTask`). So a task can no more see another organisation's rows than
a page can, and one enqueued without its organisation refuses at once, where the mistake is
made, instead of running unscoped in the worker later.

Only the sweeps that find work across every organisation (meetings/tasks.py) are plain `@task`s:
they find unscoped, then hand each item to an organisation task."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.utils.version import PY311
from django_scopes import scope
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task
from django_tasks.base import Task


def require_organisation_id(organisation_id: object) -> None:
    """Refuse anything but an organisation's id. None above all: scope(organisation=None)
    filters nothing, so a task given it would see every organisation's rows."""
    if isinstance(organisation_id, bool) or not isinstance(organisation_id, int):
        raise TypeError(f"An organisation task needs organisation_id=<the organisation's id>, not {organisation_id!r}.")


def _require_organisation(args: tuple, kwargs: dict) -> None:
    if args:
        raise TypeError("Organisation tasks take keyword arguments only (ids, not objects).")
    require_organisation_id(kwargs.get("organisation_id"))


@dataclass(frozen=True, slots=PY311, kw_only=True)
class OrganisationTask(Task):
    """A Task that refuses to be queued without the organisation it works in."""

    def enqueue(self, *args: Any, **kwargs: Any):
        _require_organisation(args, kwargs)
        # Task.enqueue by name: a slotted dataclass is a new class, which breaks bare super().
        return Task.enqueue(self, *args, **kwargs)

    async def aenqueue(self, *args: Any, **kwargs: Any):
        _require_organisation(args, kwargs)
        return await Task.aenqueue(self, *args, **kwargs)


def organisation_task(*, backend: str = DEFAULT_TASK_BACKEND_ALIAS, **options: Any) -> Callable[..., OrganisationTask]:
    """Declare a task that runs in one organisation: `organisation_task()(function)`.

    The task is called as `the_task.enqueue(organisation_id=..., **ids)`. It loads nothing
    itself: it enters `scope(organisation=organisation_id)` and calls `function(**ids)`, which
    loads its rows again through the scoped managers and calls one service."""

    def decorate(function: Callable[..., Any]) -> OrganisationTask:
        @functools.wraps(function)
        def in_organisation(*args: Any, **kwargs: Any) -> Any:
            _require_organisation(args, kwargs)
            organisation_id = kwargs.pop("organisation_id")
            with scope(organisation=organisation_id):
                return function(**kwargs)

        return OrganisationTask(func=in_organisation, backend=backend, **options)

    return decorate


@task()
def send_email(*, subject: str, body: str, to: list[str]) -> int:
    """Send one plain-text email. Runs in the worker so a slow mail server never slows a page.
    Unscoped by nature: it is handed the finished text and reads no organisation's rows."""
    return send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, to)


# The scheduler (meetings' safety_scheduler, which `make run` and production start) queues each
# task registered here once a day, on its first round after midnight and when it starts, so a day
# it was down is made up. Each must be cheap to run twice: it finds its work from dates.
DAILY_TASKS = "scheduler.daily"
