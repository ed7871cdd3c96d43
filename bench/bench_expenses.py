"""The approval queues and the month's exports at scale: 1,500 coaches (half paid), each with a
year of weekly timesheets (78,000 weeks; this week's from 1 coach in 5 waiting for approval), and
20,000 expense claims over the year (most paid, some approved, 500 waiting).

For each page it counts the queries of one request with a handful of rows and at full size, and
reports the median wall time and the median CPU time of the process (`time.process_time`) over 9
requests after a warm-up. A CSV export is read to its end (it streams).

    .venv/bin/python bench/bench_expenses.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/test .venv/bin/python bench/bench_expenses.py
"""

from __future__ import annotations

import datetime
import os
import random
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
if "DATABASE_URL" not in os.environ:
    os.environ["DATABASE_URL"] = f"sqlite:///{ROOT / 'bench' / 'bench_expenses.sqlite3'}"

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402
from django_scopes import scope, scopes_disabled  # noqa: E402

COACHES = 1_500
WEEKS = 52
CLAIMS = 20_000
WAITING_CLAIMS = 500


def build(org, programme, coaches_count: int, claims_count: int, waiting_claims: int, *, start: int = 0):
    from expenses.models import ExpenseClaim
    from hours.models import Timesheet, week_start
    from people.models import Coach

    rng = random.Random(start)
    today = timezone.localdate()
    this_week = week_start(today)
    coaches = Coach.objects.bulk_create(
        Coach(organisation=org, first_name=f"Coach{start + n}", last_name="Bench",
              employment="paid" if n % 2 else "volunteer")
        for n in range(coaches_count)
    )  # fmt: skip
    now = timezone.now()
    weeks = []
    for i, coach in enumerate(coaches):
        for w in range(1, WEEKS + 1):
            monday = this_week - datetime.timedelta(weeks=w)
            waiting = w == 1 and i % 5 == 0
            weeks.append(
                Timesheet(organisation=org, coach=coach, week_starts=monday,
                          status="submitted" if waiting else "approved", total_minutes=rng.randint(4, 20) * 60,
                          agreed_minutes=16 * 60, submitted_at=now, decided_at=None if waiting else now)
            )  # fmt: skip
    Timesheet.objects.bulk_create(weeks, batch_size=5000)
    claims = []
    for n in range(claims_count):
        coach = coaches[n % len(coaches)]
        day = today - datetime.timedelta(days=rng.randint(1, 360))
        status = "submitted" if n < waiting_claims else rng.choice(["paid"] * 8 + ["approved", "rejected"])
        decided = timezone.make_aware(datetime.datetime.combine(day + datetime.timedelta(days=3), datetime.time(10)))
        claims.append(
            ExpenseClaim(
                organisation=org, coach=coach, programme=programme, category=rng.choice(["travel", "food", "phone"]),
                spent_on=day, amount=Decimal(rng.randint(100, 4000)) / 100, payment_method="bank_transfer",
                status=status, submitted_at=decided, decided_at=None if status == "submitted" else decided,
                reject_reason="Not this one" if status == "rejected" else "",
                paid_on=day + datetime.timedelta(days=5) if status == "paid" else None,
                paid_method="bank_transfer" if status == "paid" else "",
            )
        )  # fmt: skip
    ExpenseClaim.objects.bulk_create(claims, batch_size=5000)


def measure(browser, url: str, runs: int = 9) -> tuple[int, float, float]:
    def get():
        response = browser.get(url)
        assert response.status_code == 200, (url, response.status_code)
        if response.streaming:
            b"".join(response.streaming_content)

    get()  # warm-up
    queries = []
    with connection.execute_wrapper(lambda execute, sql, *args: queries.append(sql) or execute(sql, *args)):
        get()
    walls, cpus = [], []
    for _ in range(runs):
        wall, cpu = time.perf_counter(), time.process_time()
        get()
        walls.append((time.perf_counter() - wall) * 1000)
        cpus.append((time.process_time() - cpu) * 1000)
    return len(queries), statistics.median(walls), statistics.median(cpus)


def main() -> None:
    from django.test import Client as Browser

    from hours import services as hours_services
    from organisations.models import Organisation, Programme, Role, User

    setup_test_environment()
    old = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        today = timezone.localdate()
        month_start = (today.replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
        month_end = today.replace(day=1) - datetime.timedelta(days=1)
        with scopes_disabled():
            org = Organisation.objects.create(name="Bench", slug="bench")
            programme = Programme.objects.create(
                organisation=org, name="Money Matters", kind="coaching", min_months=3, max_months=12
            )
            user = User.objects.create(username="bench-coordinator", organisation=org, role=Role.COORDINATOR)
            build(org, programme, 10, 40, 5)
        with scope(organisation=org.pk):
            period = hours_services.payroll_export(organisation=org, starts_on=month_start, ends_on=month_end, by=user)
        browser = Browser()
        browser.force_login(user)
        export = f"/expenses/export/?starts_on={month_start}&ends_on={month_end}&format="
        pages = {
            "hours queue `/hours/queue/`": "/hours/queue/",
            "expenses queue `/expenses/queue/`": "/expenses/queue/",
            "payroll export, a month (CSV)": f"/hours/payroll/{period.pk}/?format=csv",
            "payroll export, a month (XLSX)": f"/hours/payroll/{period.pk}/?format=xlsx",
            "expenses finance export, a month (CSV)": export + "csv",
            "expenses finance export, a month (XLSX)": export + "xlsx",
        }
        few = {name: measure(browser, url, runs=3) for name, url in pages.items()}
        with scopes_disabled():
            build(org, programme, COACHES - 10, CLAIMS - 40, WAITING_CLAIMS - 5, start=10)
            from hours.models import PayPeriod, PayrollLine, Timesheet

            # The month's payroll again, now with every paid coach's weeks in it.
            PayrollLine.objects.filter(pay_period=period).delete()
            PayPeriod.objects.filter(pk=period.pk).delete()
        with scope(organisation=org.pk):
            period = hours_services.payroll_export(organisation=org, starts_on=month_start, ends_on=month_end, by=user)
            lines = period.lines.count()
            weeks = Timesheet.objects.count()
        pages["payroll export, a month (CSV)"] = f"/hours/payroll/{period.pk}/?format=csv"
        pages["payroll export, a month (XLSX)"] = f"/hours/payroll/{period.pk}/?format=xlsx"
        many = {name: measure(browser, url) for name, url in pages.items()}
        print(f"database: {connection.vendor}; {COACHES:,} coaches, {weeks:,} weeks of hours, {CLAIMS:,} claims;")
        print(f"payroll month {month_start} to {month_end}: {lines:,} lines\n")
        print("| page | queries, small | queries, full size | median ms | median CPU ms |")
        print("|---|---|---|---|---|")
        for name in pages:
            print(f"| {name} | {few[name][0]} | {many[name][0]} | {many[name][1]:.0f} | {many[name][2]:.0f} |")
    finally:
        connection.creation.destroy_test_db(old, verbosity=0)


if __name__ == "__main__":
    main()
