"""The everyday pages at 1,000, 10,000 and 50,000 clients: CPU per request and query counts.

    .venv/bin/python bench/bench_pages.py                      # SQLite (a file in bench/)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/pageperf .venv/bin/python bench/bench_pages.py
    .venv/bin/python bench/bench_pages.py 1000 10000           # only some sizes
    BENCH_ONLY=home,search .venv/bin/python bench/bench_pages.py   # only some pages

For each size it fills a throwaway database (test_ prefix; dropped at the end) with that many
clients and 15% as many coaches across two organisations: a third of the clients in an active
relationship, four meetings each (one relationship in twenty-five has missed its last three), a
midpoint review done for half of those due, some paused coaches, and one relationship with a year
of work (5 goals, 20 steps, 26 check-ins). Signed in as a coordinator it requests each page
through Django's test client and reports the queries of one request and the median CPU time
(time.process_time, so other load on the machine does not blur it) and wall time of REPEATS.

On PostgreSQL the database server's own work is not in this process's CPU time; the wall time
shows it (and whatever else the machine is doing).
"""

from __future__ import annotations

import datetime
import importlib
import os
import statistics
import sys
import time
from pathlib import Path
from types import SimpleNamespace

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

SIZES = tuple(int(arg) for arg in sys.argv[1:]) or (1_000, 10_000, 50_000)
COACHES_PER_CLIENT = 0.15
REPEATS = 11
ONLY = os.environ.get("BENCH_ONLY", "")  # e.g. BENCH_ONLY="home,search": only pages whose label has one


def build(n_clients: int):
    from core.models import AuditEntry
    from journeys.models import Relationship, Review
    from meetings.models import Meeting
    from organisations.models import Organisation, Programme, Role, User
    from people.models import Client, Coach

    today = datetime.date.today()
    now = datetime.datetime.now(datetime.UTC)
    n_coaches = max(2, int(n_clients * COACHES_PER_CLIENT))
    with scopes_disabled():
        for model in (AuditEntry, Review, Meeting, Relationship, Client, Coach, User, Programme, Organisation):
            model.objects.all().delete()
        orgs = [Organisation.objects.create(name=f"Bench {i}", slug=f"bench-{i}") for i in range(2)]
        coordinator = User.objects.create_user("bench", password="x", organisation=orgs[0], role=Role.COORDINATOR)
        for org in orgs:
            programmes = [
                Programme.objects.create(organisation=org, name=f"P{i}", kind="coaching", min_months=3, max_months=12)
                for i in range(2)
            ]
            coaches = Coach.objects.bulk_create(
                Coach(
                    organisation=org,
                    first_name=f"Coach{i}",
                    last_name=f"Surname{i}",
                    area="Hulme",
                    status="paused" if i % 40 == 0 else "active",
                )
                for i in range(n_coaches // 2)
            )
            clients = Client.objects.bulk_create(
                Client(
                    organisation=org,
                    programme=programmes[i % 2] if i % 101 else None,
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
            relationships = Relationship.objects.bulk_create(
                Relationship(
                    organisation=org,
                    programme=client.programme or programmes[0],
                    coach=coaches[i % len(coaches)],
                    client=client,
                    status="paused" if i % 50 == 0 else "active",
                    started_on=today - datetime.timedelta(days=30 + i % 150),
                    planned_end_on=today + datetime.timedelta(days=1 + i % 200),
                    check_in_due_on=today + datetime.timedelta(days=i % 30 - 10),
                    midpoint_review_on=today + datetime.timedelta(days=i % 90 - 30),
                    end_review_on=today + datetime.timedelta(days=i % 200 - 14),
                )
                for i, client in enumerate(clients)
                if client.status == "matched"
            )
            Review.objects.bulk_create(
                Review(organisation=org, relationship=r, kind="midpoint", held_on=r.midpoint_review_on, summary="ok")
                for i, r in enumerate(relationships)
                if r.midpoint_review_on <= today and i % 2
            )
            Meeting.objects.bulk_create(
                Meeting(
                    organisation=org,
                    relationship=r,
                    programme_id=r.programme_id,
                    starts_at=now - datetime.timedelta(days=7 * (4 - n) + i % 5),
                    channel="phone",
                    outcome=("did_not_attend" if i % 25 == 0 and n else "attended"),
                )
                for i, r in enumerate(relationships)
                for n in range(4)
            )
        # bulk_create skips Meeting.save(), which keeps each relationship's engagement counts;
        # count them as the migration that added them does.
        counts = importlib.import_module("journeys.migrations.0006_relationship_engagement_counts")
        counts.count_existing(None, SimpleNamespace(connection=connection))
        programme_id = Programme.objects.filter(organisation=orgs[0]).first().pk
        busiest = _a_year_of_work(orgs[0], today)
    return coordinator, programme_id, busiest


def _a_year_of_work(org, today):
    """One relationship with a full history: 5 goals of 4 steps and 26 fortnightly check-ins."""
    from journeys.models import ActionStep, CheckIn, CheckInRating, Goal, Relationship

    relationship = Relationship.objects.filter(organisation=org, status="active").order_by("pk").first()
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


def measure(http: HttpClient, url: str) -> tuple[int, float, float]:
    http.get(url)  # warm caches
    executed = []

    def count(execute, sql, params, many, context):
        executed.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        assert http.get(url).status_code == 200, url
    cpu, wall = [], []
    for _ in range(REPEATS):
        c, w = time.process_time(), time.perf_counter()
        http.get(url)
        cpu.append((time.process_time() - c) * 1000)
        wall.append((time.perf_counter() - w) * 1000)
    return len(executed), statistics.median(cpu), statistics.median(wall)


def pages(programme_id: int, busiest: int) -> dict[str, str]:
    return {
        "coordinator home `/`": "/",
        "client list `/clients/`": "/clients/",
        "client search `?q=family12`": "/clients/?q=family12",
        "client search, two words `?q=client1 family1`": "/clients/?q=client1+family1",
        "client list, programme + status": f"/clients/?programme={programme_id}&status=waiting",
        "`GET /api/v1/clients`": "/api/v1/clients",
        "`GET /api/v1/clients?q=family12`": "/api/v1/clients?q=family12",
        "coach list `/coaches/`": "/coaches/",
        "`GET /api/v1/coaches`": "/api/v1/coaches",
        "relationship list `/relationships/`": "/relationships/",
        "relationships, check-in overdue": "/relationships/?attention=check_in_overdue",
        "relationships, review due": "/relationships/?attention=review_due",
        "`GET /api/v1/relationships`": "/api/v1/relationships",
        "relationship page (5 goals, 26 check-ins)": f"/relationships/{busiest}/",
        "`GET /api/v1/relationships/{id}` (same)": f"/api/v1/relationships/{busiest}",
    }


def main() -> None:
    setup_test_environment()
    # As Django's test runner does: keep one connection for the whole run.
    from django.conf import settings
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)

    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        rows: dict[str, dict[int, tuple[int, float, float]]] = {}
        for size in SIZES:
            started = time.perf_counter()
            coordinator, programme_id, busiest = build(size)
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("ANALYZE")
            print(f"built {size:,} clients in {time.perf_counter() - started:.0f} s", file=sys.stderr)
            http = HttpClient()
            http.force_login(coordinator)
            for label, url in pages(programme_id, busiest).items():
                if ONLY and not any(word in label for word in ONLY.split(",")):
                    continue
                rows.setdefault(label, {})[size] = measure(http, url)
        engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
        sizes = " | ".join(f"{s:,}" for s in SIZES)
        print(f"\n### {engine}: queries, CPU ms (process_time) and wall ms at {sizes} clients\n")
        head = [f"queries at {s:,}" for s in SIZES] + [f"CPU ms at {s:,}" for s in SIZES]
        head += [f"wall ms at {s:,}" for s in SIZES] + [f"CPU growth {SIZES[0]:,} to {SIZES[-1]:,}"]
        print("| page | " + " | ".join(head) + " |")
        print("|---" * (len(head) + 1) + "|")
        for label, by_size in rows.items():
            cells = [str(by_size[s][0]) for s in SIZES]
            cells += [f"{by_size[s][1]:.1f}" for s in SIZES]
            cells += [f"{by_size[s][2]:.1f}" for s in SIZES]
            cells.append(f"{by_size[SIZES[-1]][1] / by_size[SIZES[0]][1]:.2f}x")
            print(f"| {label} | " + " | ".join(cells) + " |")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
