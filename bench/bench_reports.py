"""The programme dashboard and the funder report at scale: one programme with N clients (default
1,000 and 10,000), a coach for every three, one relationship each (a third ended, planned or not),
25 meetings per client (one in five with an intervention), two goals each (one achieved in the
period), a referral onwards each, and 13 approved weeks of hours per coach.

For each size it counts the queries of one dashboard request, takes the median of 5 of its wall
and CPU time (`time.process_time`), then builds last quarter's report (figures, PDF, XLSX) once.

    .venv/bin/python bench/bench_reports.py 1000 10000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/reportsbench .venv/bin/python bench/bench_reports.py 1000
"""

from __future__ import annotations

import datetime
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
if "DATABASE_URL" not in os.environ:
    os.environ["DATABASE_URL"] = f"sqlite:///{ROOT / 'bench' / 'bench_reports.sqlite3'}"

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402
from django_scopes import scope, scopes_disabled  # noqa: E402

MEETINGS_PER_CLIENT = 25


def build(org, programme, clients_n: int, start: datetime.date) -> None:
    from hours.models import Timesheet, week_start
    from journeys.models import Ending, Goal, GoalStatusChange, Relationship
    from meetings.models import Intervention, Meeting
    from people.models import Client, Coach
    from referrals.models import Referral, Service

    rng = random.Random(7)
    end = start + datetime.timedelta(days=91)
    tz = timezone.get_current_timezone()
    coaches = Coach.objects.bulk_create(
        Coach(organisation=org, first_name=f"Coach{n}", last_name="Bench") for n in range(max(clients_n // 3, 1))
    )
    clients = Client.objects.bulk_create(
        Client(
            organisation=org,
            programme=programme,
            first_name=f"Client{n}",
            last_name="Bench",
            referral_source="self",
            referral_date=start - datetime.timedelta(days=rng.randint(0, 200)),
            consent_given_on=start - datetime.timedelta(days=200),
            status="matched",
        )
        for n in range(clients_n)
    )

    def relationship(n, client):
        started = client.referral_date + datetime.timedelta(days=rng.randint(5, 60))
        ended = max(start + datetime.timedelta(days=rng.randint(10, 80)), started + datetime.timedelta(days=1))
        return Relationship(
            organisation=org,
            programme=programme,
            coach=coaches[n % len(coaches)],
            client=client,
            status="ended" if n % 3 == 0 else "active",
            started_on=started,
            planned_end_on=start + datetime.timedelta(days=200),
            ended_on=ended if n % 3 == 0 else None,
        )

    relationships = Relationship.objects.bulk_create(relationship(n, client) for n, client in enumerate(clients))
    Ending.objects.bulk_create(
        Ending(
            organisation=org,
            relationship=r,
            planned=n % 2 == 0,
            ended_on=r.ended_on,
            reason="" if n % 2 == 0 else rng.choice(["crisis", "not_engaging", "mental_health"]),
            next_step="" if n % 2 == 0 else "none",
            previous_status="active",
            previous_client_status="matched",
        )
        for n, r in enumerate(r for r in relationships if r.ended_on)
    )
    interventions = [
        Intervention.objects.create(organisation=org, name=name) for name in ("Benefits", "Housing", "Bank")
    ]
    outcomes = ["attended"] * 7 + ["did_not_attend", "cancelled_client", "late"]
    through = Meeting.interventions.through
    for chunk in range(0, len(relationships), 500):
        batch = relationships[chunk : chunk + 500]
        meetings = Meeting.objects.bulk_create(
            Meeting(
                organisation=org,
                relationship=r,
                programme=programme,
                channel="phone",
                starts_at=datetime.datetime.combine(
                    start + datetime.timedelta(days=rng.randint(-120, 90)), datetime.time(10), tzinfo=tz
                ),
                outcome=rng.choice(outcomes),
            )
            for r in batch
            for _ in range(MEETINGS_PER_CLIENT)
        )
        through.objects.bulk_create(
            through(meeting_id=m.pk, intervention_id=interventions[i % 3].pk)
            for i, m in enumerate(meetings)
            if i % 5 == 0
        )
    goals = Goal.objects.bulk_create(
        Goal(
            organisation=org,
            relationship=r,
            title="A goal",
            category=rng.choice(["arrears", "budget", "work", "housing", "health"]),
            starting_point="-",
            target="-",
            agreed_on=r.started_on,
            status="achieved" if g == 0 else "in_progress",
        )
        for r in relationships
        for g in range(2)
    )
    GoalStatusChange.objects.bulk_create(
        GoalStatusChange(
            organisation=org,
            goal=g,
            to_status="achieved",
            changed_on=start + datetime.timedelta(days=rng.randint(0, 89)),
        )
        for g in goals
        if g.status == "achieved"
    )
    service = Service.objects.create(organisation=org, name="Debt advice", kind="debt")
    Referral.objects.bulk_create(
        Referral(
            organisation=org,
            client=c,
            service=service,
            kind=rng.choice(["referral", "signpost"]),
            reason="-",
            made_on=start + datetime.timedelta(days=rng.randint(0, 89)),
            outcome=rng.choice(["open", "engaged", "completed", "no_response"]),
            outcome_on=end,
        )
        for c in clients
    )
    monday = week_start(start)
    Timesheet.objects.bulk_create(
        Timesheet(
            organisation=org,
            coach=c,
            week_starts=monday + datetime.timedelta(days=7 * w),
            status="approved",
            total_minutes=rng.randint(60, 900),
            decided_at=timezone.now(),
        )
        for c in coaches
        for w in range(13)
    )


def measure(clients_n: int) -> dict:
    from django.test import Client as Browser

    from organisations.models import Organisation, Programme, Role, User
    from reports import services
    from reports.forms import last_quarter

    start, end = last_quarter()
    with scopes_disabled():
        org = Organisation.objects.create(name=f"Bench {clients_n}", slug=f"bench-{clients_n}")
        programme = Programme.objects.create(
            organisation=org, name="Bench", kind="coaching", min_months=3, max_months=12
        )
        user = User.objects.create_user(username=f"bench-{clients_n}", organisation=org, role=Role.COORDINATOR)
    t0 = time.perf_counter()
    with scope(organisation=org.pk):
        build(org, programme, clients_n, start)
    filled = time.perf_counter() - t0
    if os.environ.get("BENCH_SECTIONS"):
        from core.figures import Scope
        from reports import selectors

        with scope(organisation=org.pk):
            for section in selectors.sections():
                s0 = time.perf_counter()
                section.build(Scope(org, start, end, programme))
                print(f"  {section.key}: {(time.perf_counter() - s0) * 1000:.0f} ms", flush=True)
        if os.environ["BENCH_SECTIONS"] == "only":
            return {"clients": clients_n}
    browser = Browser()
    browser.force_login(user)
    url = f"/reports/dashboard/?start={start}&end={end}&programme={programme.pk}"
    assert browser.get(url).status_code == 200  # warm-up
    with CaptureQueriesContext(connection) as captured:
        browser.get(url)
    walls, cpus = [], []
    for _ in range(5):
        w0, c0 = time.perf_counter(), time.process_time()
        browser.get(url)
        walls.append(time.perf_counter() - w0)
        cpus.append(time.process_time() - c0)
    with scope(organisation=org.pk):
        report = services.report_create(programme=programme, starts_on=start, ends_on=end, by=user)
        w0 = time.perf_counter()
        report = services.report_build(report_id=report.pk)
        built = time.perf_counter() - w0
    assert report.status == "done", report.message
    return {
        "clients": clients_n,
        "meetings": clients_n * MEETINGS_PER_CLIENT,
        "fill s": round(filled, 1),
        "dashboard queries": len(captured),
        "dashboard wall ms": round(statistics.median(walls) * 1000, 1),
        "dashboard CPU ms": round(statistics.median(cpus) * 1000, 1),
        "report s": round(built, 2),
    }


def main() -> None:
    sizes = [int(a) for a in sys.argv[1:]] or [1_000, 10_000]
    old = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        for size in sizes:
            print(measure(size), flush=True)
    finally:
        connection.creation.destroy_test_db(old, verbosity=0)


if __name__ == "__main__":
    main()
