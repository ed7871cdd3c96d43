"""The lone-working sweep: how long one sweep takes with 5,000 face-to-face meetings in progress,
and whether that grows with history (10 or 100,000 alerts already resolved).

Two organisations, each with an on-call shift and an escalation list; every meeting is made with
its participants (its coach, the lone worker, and its client), as Meeting.save() makes them. The
default run times one sweep a simulated minute while 5,000 meetings are in progress and 10 more
fall overdue, so each sweep finds work in both organisations, raises those steps in each one's
own task and delivers them (the test settings' immediate task backend runs each queued task at
once, so the time is finding, raising and delivering). Each timed sweep runs in a transaction
rolled back afterwards, so every one starts from the same state; the median of 15 is reported,
first with 10 resolved alerts in the history, then with 100,000.

`--flood` runs the older scenario instead: all 5,000 check-outs fall due across ten minutes and
nobody checks out, reporting each sweep and the worst delay from falling due to being alerted.

    .venv/bin/python bench/bench_sweep.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/test .venv/bin/python bench/bench_sweep.py
    .venv/bin/python bench/bench_sweep.py --flood
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

from django.db import connection, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402
from django_scopes import scopes_disabled  # noqa: E402

MEETINGS = 5_000


def build(start: datetime.datetime, *, due_at=None) -> list:
    """5,000 meetings in progress across two organisations, with their participants. `due_at(n)`
    is each one's check-out time. Returns each organisation's relationships."""
    from journeys.models import Relationship
    from meetings.models import EscalationContact, Meeting, MeetingParticipant, OnCallShift, relationship_participants
    from organisations.models import Organisation, Programme, Role, User
    from people.models import Client, Coach

    today = start.date()
    due_at = due_at or (lambda n: start + datetime.timedelta(minutes=90, seconds=(n * 7) % 600))
    made = []
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
        meetings = Meeting.objects.bulk_create(
            Meeting(
                organisation=org,
                relationship=relationship,
                programme=programme,
                starts_at=start,
                expected_minutes=60,
                channel="face_to_face",
                place_kind="public",
                arrived_at=start,
                checkout_due_at=due_at(n),
            )
            for n, relationship in enumerate(relationships)
        )
        # bulk_create skips Meeting.save(), which adds a relationship meeting's two people.
        MeetingParticipant.objects.bulk_create(
            (person for meeting in meetings for person in relationship_participants(meeting)), batch_size=2000
        )
        made.append((org, programme, relationships, staff))
    return made


def add_history(made, resolved: int, start: datetime.datetime) -> None:
    """`resolved` alerts already resolved: past meetings whose check-out was missed, the on-call
    alerted, then the next person on the list, then resolved (two steps a meeting), as after
    months of use. The meetings wait for no check-out any more (resolving clears it)."""
    from meetings.models import Alert, Meeting, MeetingParticipant, relationship_participants

    per_org = resolved // len(made)
    for org, programme, relationships, staff in made:
        meetings = Meeting.objects.bulk_create(
            (
                Meeting(
                    organisation=org,
                    relationship=relationships[n % len(relationships)],
                    programme=programme,
                    starts_at=start - datetime.timedelta(days=1, minutes=n),
                    channel="face_to_face",
                    place_kind="public",
                    arrived_at=start - datetime.timedelta(days=1, minutes=n),
                    outcome="attended",
                )
                for n in range((per_org + 1) // 2)
            ),
            batch_size=2000,
        )
        MeetingParticipant.objects.bulk_create(
            (person for meeting in meetings for person in relationship_participants(meeting)), batch_size=2000
        )
        then = start - datetime.timedelta(hours=20)
        Alert.objects.bulk_create(
            (
                Alert(
                    organisation=org,
                    meeting=meeting,
                    kind="overdue",
                    level=level,
                    recipient=staff[level],
                    raised_at=then,
                    due_at=then,
                    delivered_at=then,
                    delivery_due_at=None,
                    acknowledged_at=then,
                    acknowledged_by=staff[0],
                    resolved_at=then,
                    resolved_by=staff[0],
                    resolution="Phoned: all fine.",
                )
                for n, meeting in enumerate(meetings)
                for level in (0, 1)
                if 2 * n + level < per_org
            ),
            batch_size=2000,
        )


def measure(now: datetime.datetime) -> dict:
    """One sweep at `now`, 16 times, each rolled back; the median and worst of the last 15."""
    from meetings import services
    from meetings.models import Alert, Meeting

    timings, queries, result = [], [], None
    for _ in range(16):
        with transaction.atomic(), CaptureQueriesContext(connection) as captured:
            began = time.perf_counter()
            result = services.sweep(now=now)
            timings.append(time.perf_counter() - began)
            transaction.set_rollback(True)
        queries.append(len(captured))
    timings = timings[1:]  # the first warms the caches
    return {
        "history": Alert.objects.filter(resolved_at__isnull=False).count(),
        "in progress": Meeting.objects.filter(left_at__isnull=True, checkout_due_at__gt=now).count(),
        "result": result,
        "median": statistics.median(timings) * 1000,
        "worst": max(timings) * 1000,
        "queries": queries[-1],
    }


def quiet() -> None:
    """5,000 meetings in progress (check-outs due over the next two hours) and 10 falling overdue
    at each timed sweep (5 in each organisation), with 10 resolved alerts, then 100,000."""
    setup_test_environment()
    old = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        start = timezone.now().replace(second=0, microsecond=0)
        now = start + datetime.timedelta(minutes=10)

        def due_at(n: int) -> datetime.datetime:
            if n < 5:
                return now - datetime.timedelta(seconds=30)
            return now + datetime.timedelta(minutes=5 + n % 110)

        with scopes_disabled():
            made = build(start, due_at=due_at)
            add_history(made, 10, start)
            rows = [measure(now)]
            add_history(made, 100_000 - 10, start - datetime.timedelta(days=1))
            rows.append(measure(now))
    finally:
        connection.creation.destroy_test_db(old, verbosity=0)
    print(f"\n### {connection.vendor}: one sweep, 5,000 meetings in progress, 10 falling overdue\n")
    print("| resolved alerts | meetings in progress | steps raised (organisations) | queries | median ms | worst ms |")
    print("|---|---|---|---|---|---|")
    for row in rows:
        result = row["result"]
        print(
            f"| {row['history']:,} | {row['in progress']:,} | {result['raised']} ({result['organisations']}) "
            f"| {row['queries']} | {row['median']:.0f} | {row['worst']:.0f} |"
        )


def flood() -> None:
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
    flood() if "--flood" in sys.argv else quiet()
