"""The lone-working sweep with 5,000 face-to-face meetings in progress.

Their check-outs fall due across ten minutes; nobody checks out. The sweep runs once a minute on a
simulated clock (as the scheduler would), with two organisations, an on-call shift and an
escalation list each. The test settings' immediate task backend runs each queued delivery task
(one per alert step, in its organisation's scope) as the sweep queues it, so a sweep's time here
is raising plus delivering everything it raised, as one worker would. It reports each sweep's
duration and the worst delay between a check-out falling due and its alert being raised and sent.

    .venv/bin/python bench/bench_sweep.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/test .venv/bin/python bench/bench_sweep.py
"""

from __future__ import annotations

import datetime
import os
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
from django.test.utils import setup_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402
from django_scopes import scopes_disabled  # noqa: E402

MEETINGS = 5_000


def build(start: datetime.datetime) -> None:
    from journeys.models import Relationship
    from meetings.models import EscalationContact, Meeting, OnCallShift
    from organisations.models import Organisation, Programme, Role, User
    from people.models import Client, Coach

    today = start.date()
    for o in range(2):
        org = Organisation.objects.create(name=f"Bench {o}", slug=f"bench-{o}")
        programme = Programme.objects.create(organisation=org, name="P", kind="coaching", min_months=3, max_months=12)
        staff = [
            User.objects.create(
                username=f"s{o}-{n}", email=f"s{o}{n}@example.org", organisation=org, role=Role.COORDINATOR
            )
            for n in range(3)
        ]
        OnCallShift.objects.create(
            organisation=org,
            staff=staff[0],
            starts_at=start - datetime.timedelta(hours=1),
            ends_at=start + datetime.timedelta(hours=10),
            phone="1",
        )
        for n, person in enumerate(staff[1:]):
            EscalationContact.objects.create(organisation=org, staff=person, position=n, phone="2")
        coaches = Coach.objects.bulk_create(
            Coach(organisation=org, first_name=f"C{n}", last_name="Coach") for n in range(MEETINGS // 6)
        )
        clients = Client.objects.bulk_create(
            Client(
                organisation=org,
                programme=programme,
                first_name=f"K{n}",
                last_name="Client",
                referral_date=today,
                consent_given_on=today,
            )
            for n in range(MEETINGS // 2)
        )
        relationships = Relationship.objects.bulk_create(
            Relationship(
                organisation=org,
                programme=programme,
                coach=coaches[n % len(coaches)],
                client=client,
                status="active",
                started_on=today - datetime.timedelta(days=30),
                planned_end_on=today + datetime.timedelta(days=150),
            )
            for n, client in enumerate(clients)
        )
        Meeting.objects.bulk_create(
            Meeting(
                organisation=org,
                relationship=relationship,
                starts_at=start,
                expected_minutes=60,
                channel="face_to_face",
                place_kind="public",
                arrived_at=start,
                checkout_due_at=start + datetime.timedelta(minutes=90, seconds=(n * 7) % 600),
            )
            for n, relationship in enumerate(relationships)
        )


def main() -> None:
    from django.core import mail

    from meetings import services
    from meetings.models import Alert, AlertDelivery, Meeting

    setup_test_environment()
    old = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        start = timezone.now().replace(second=0, microsecond=0)
        with scopes_disabled():
            build(start)
            first_due = start + datetime.timedelta(minutes=90)
            durations, raised = [], 0
            for minute in range(0, 12):
                now = first_due + datetime.timedelta(minutes=minute, seconds=30)
                began = time.perf_counter()
                result = services.sweep(now=now)
                durations.append((time.perf_counter() - began, result))
                raised += result["raised"]
            worst = max(
                (a.raised_at - m.checkout_due_at).total_seconds()
                for a, m in ((a, a.meeting) for a in Alert.objects.filter(level=0).select_related("meeting"))
            )
            level0 = Alert.objects.filter(level=0).count()
            delivered = Alert.objects.filter(delivered_at__isnull=False).count()
            emails = AlertDelivery.objects.filter(channel="email", status="sent").count()
            total_meetings = Meeting.objects.count()
        engine = connection.vendor
        print(f"\n### {engine}: {total_meetings:,} meetings in progress, nobody checks out\n")
        print("| sweep (simulated minute) | seconds | steps raised | deliveries queued |")
        print("|---|---|---|---|")
        for n, (seconds, result) in enumerate(durations):
            print(f"| {n + 1} | {seconds:.2f} | {result['raised']} | {result['queued']} |")
        print(f"\nEvery overdue meeting alerted: {level0 == total_meetings} ({level0:,} first alerts)")
        print(f"Worst delay from check-out due to alert (simulated clock): {worst:.0f} s")
        print(f"Worst delay including the sweep's own time: {worst + max(d for d, _ in durations):.0f} s")
        print(f"Steps delivered: {delivered:,}; email deliveries recorded sent: {emails:,}")
        print(f"Emails sent: {len(mail.outbox):,}")
    finally:
        connection.creation.destroy_test_db(old, verbosity=0)


if __name__ == "__main__":
    main()
