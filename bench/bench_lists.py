"""Fill a database with 10,000 clients and 1,500 coaches across two organisations, then time the
coordinator's home page, the client list (plain, searched, filtered), GET /api/v1/clients, the
relationship list (plain and by what needs attention), a busy relationship's page and their API
through Django's test client, counting queries at 10 and at 10,000 clients.

    .venv/bin/python bench/bench_lists.py                      # SQLite (a file in bench/)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/test .venv/bin/python bench/bench_lists.py

It builds its own throwaway database (test_ prefix) and prints a Markdown table.
"""

from __future__ import annotations

import datetime
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
if "DATABASE_URL" not in os.environ:
    os.environ["DATABASE_URL"] = f"sqlite:///{ROOT / 'bench' / 'bench.sqlite3'}"

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client as HttpClient  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django_scopes import scopes_disabled  # noqa: E402

SMALL, LARGE, COACHES = 10, 10_000, 1_500
REPEATS = 15


def build(n_clients: int, n_coaches: int):
    from core.models import AuditEntry
    from journeys.models import Relationship
    from organisations.models import Organisation, Programme, Role, User
    from people.models import Client, Coach

    today = datetime.date.today()
    with scopes_disabled():
        AuditEntry.objects.all().delete()
        Relationship.objects.all().delete()
        Client.objects.all().delete()
        Coach.objects.all().delete()
        User.objects.all().delete()
        Programme.objects.all().delete()
        Organisation.objects.all().delete()
        orgs = [Organisation.objects.create(name=f"Bench {i}", slug=f"bench-{i}") for i in range(2)]
        coordinator = User.objects.create_user("bench", password="x", organisation=orgs[0], role=Role.COORDINATOR)
        for org in orgs:
            programmes = [
                Programme.objects.create(organisation=org, name=f"P{i}", kind="coaching", min_months=3, max_months=12)
                for i in range(2)
            ]
            coaches = Coach.objects.bulk_create(
                Coach(organisation=org, first_name=f"Coach{i}", last_name=f"Surname{i}", area="Hulme")
                for i in range(n_coaches // 2)
            )
            clients = Client.objects.bulk_create(
                Client(
                    organisation=org,
                    programme=programmes[i % 2],
                    first_name=f"Client{i}",
                    last_name=f"Family{i % 997}",
                    email=f"client{i}@example.net",
                    referral_source="self",
                    referral_date=today - datetime.timedelta(days=i % 400),
                    consent_given_on=today - datetime.timedelta(days=i % 400),
                    status="matched" if i % 3 == 0 else "waiting",
                )
                for i in range(n_clients // 2)
            )
            Relationship.objects.bulk_create(
                Relationship(
                    organisation=org,
                    programme=client.programme,
                    coach=coaches[i % len(coaches)],
                    client=client,
                    status="active",
                    started_on=today - datetime.timedelta(days=30 + i % 150),
                    planned_end_on=today + datetime.timedelta(days=1 + i % 200),
                    check_in_due_on=today + datetime.timedelta(days=i % 30 - 10),
                    midpoint_review_on=today + datetime.timedelta(days=i % 90 - 30),
                    end_review_on=today + datetime.timedelta(days=i % 200 - 14),
                )
                for i, client in enumerate(clients)
                if client.status == "matched"
            )
        programme_id = Programme.objects.filter(organisation=orgs[0]).first().pk
        busiest = _a_year_of_work(orgs[0], today)
    return coordinator, programme_id, busiest


def _a_year_of_work(org, today):
    """One relationship with a full history: 5 goals of 4 steps and 26 fortnightly check-ins."""
    from journeys.models import ActionStep, CheckIn, CheckInRating, Goal, Relationship

    relationship = Relationship.objects.filter(organisation=org).first()
    goals = [
        Goal.objects.create(
            organisation=org,
            relationship=relationship,
            title=f"Goal {g}",
            category="budget",
            starting_point="a",
            target="b",
            agreed_on=relationship.started_on,
        )
        for g in range(5)
    ]
    ActionStep.objects.bulk_create(
        ActionStep(organisation=org, goal=goal, description=f"Step {n}", who="client", frequency="weekly")
        for goal in goals
        for n in range(4)
    )
    check_ins = CheckIn.objects.bulk_create(
        CheckIn(
            organisation=org,
            relationship=relationship,
            held_on=max(relationship.started_on, today - datetime.timedelta(days=14 * n)),
            completed_by="coach",
            went_well="Kept going",
        )
        for n in range(26)
    )
    CheckInRating.objects.bulk_create(
        CheckInRating(organisation=org, check_in=check_in, goal=goal, score=1 + n % 5)
        for n, check_in in enumerate(check_ins)
        for goal in goals
    )
    return relationship.pk


def measure(http: HttpClient, url: str) -> tuple[int, float]:
    http.get(url)  # warm caches
    executed = []

    def count(execute, sql, params, many, context):
        executed.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        assert http.get(url).status_code == 200, url
    times = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        http.get(url)
        times.append((time.perf_counter() - start) * 1000)
    return len(executed), statistics.median(times)


def main() -> None:
    setup_test_environment()
    # As Django's test runner does: keep one connection for the whole run.
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    from django.conf import settings

    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        rows = {}
        for size in (SMALL, LARGE):
            coordinator, programme_id, busiest = build(size, max(2, size * COACHES // LARGE))
            http = HttpClient()
            http.force_login(coordinator)
            urls = {
                "coordinator home `/`": "/",
                "client list `/clients/`": "/clients/",
                "client list, search `?q=family12`": "/clients/?q=family12",
                "client list, filter programme + status": f"/clients/?programme={programme_id}&status=waiting",
                "`GET /api/v1/clients`": "/api/v1/clients",
                "`GET /api/v1/clients?q=family12`": "/api/v1/clients?q=family12",
                "relationship list `/relationships/`": "/relationships/",
                "relationships, check-in overdue": "/relationships/?attention=check_in_overdue",
                "relationships, review due": "/relationships/?attention=review_due",
                "`GET /api/v1/relationships`": "/api/v1/relationships",
                "relationship page (5 goals, 26 check-ins)": f"/relationships/{busiest}/",
                "`GET /api/v1/relationships/{id}` (same)": f"/api/v1/relationships/{busiest}",
            }
            for label, url in urls.items():
                rows.setdefault(label, {})[size] = measure(http, url)
        engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
        print(f"\n### {engine}: {LARGE:,} clients and {COACHES:,} coaches in two organisations\n")
        print(f"| page | queries at {SMALL} | queries at {LARGE:,} | median ms at {SMALL} | median ms at {LARGE:,} |")
        print("|---|---|---|---|---|")
        for label, by_size in rows.items():
            (q_small, t_small), (q_large, t_large) = by_size[SMALL], by_size[LARGE]
            print(f"| {label} | {q_small} | {q_large} | {t_small:.1f} | {t_large:.1f} |")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
