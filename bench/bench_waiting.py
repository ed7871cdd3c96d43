"""The waiting list and the suggestions page at scale: 10,000 clients (5,000 of them waiting) and
1,500 ready coaches, each coach with a DBS check and two references (so readiness is judged for
real), a matching profile and a stored vector of their interests; a few clients must have a coach
who speaks Arabic, or a woman.

For each page it counts the queries of one request with 10 clients waiting and with 5,000 (10,000
clients in all), and reports the median wall time and the median CPU time of the process
(`time.process_time`: the web process's own work, SQLite included, which is what a loaded machine
cannot hide) over 9 requests after a warm-up. Then the coach pool: built cold, read back from the
shared "matching" cache as a restarted worker would, and the cost of its stamp.

    .venv/bin/python bench/bench_waiting.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/test .venv/bin/python bench/bench_waiting.py
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
    os.environ["DATABASE_URL"] = f"sqlite:///{ROOT / 'bench' / 'bench_waiting.sqlite3'}"

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402

settings.MATCHING_POOL_CACHE_SECONDS = 600  # as in production; tests/settings.py turns it off

import numpy as np  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402, F401
from django_scopes import scope, scopes_disabled  # noqa: E402

COACHES = 1_500
CLIENTS = 10_000
WAITING = 5_000
INTERESTS = ["cycling", "allotment", "football", "cooking", "fishing", "knitting", "gaming", "running", "chess",
             "photography", "boxing", "DIY", "quizzes", "netball", "poetry", "baking", "swimming", "films"]  # fmt: skip
AREAS = ["Hulme", "Salford", "Gorton", "Ardwick", "Moss Side", "Levenshulme"]


def build_coaches(org, programme):
    from matching import embeddings
    from matching.models import CoachProfile
    from matching.texts import coach_text
    from people.models import Channel, Circumstance, Coach
    from recruitment.models import Check

    rng = random.Random(7)
    nprng = np.random.default_rng(7)
    today = datetime.date.today()
    coaches = Coach.objects.bulk_create(
        Coach(
            organisation=org,
            first_name=f"Coach{n}",
            last_name="Bench",
            area=rng.choice(AREAS),
            languages=rng.choice(["English", "English, Polish", "English, Arabic", "English, Somali"]),
            interests=", ".join(rng.sample(INTERESTS, 2)),
            availability=rng.choice(["Tuesday mornings", "Weekends", "Evenings", "Monday afternoons"]),
            date_of_birth=datetime.date(rng.randint(1955, 2002), 6, 1),
        )
        for n in range(COACHES)
    )
    Check.objects.bulk_create(
        Check(organisation=org, coach=c, kind=kind, level="enhanced" if kind == "dbs" else "",
              requested_on=today - datetime.timedelta(days=90), cleared_on=today - datetime.timedelta(days=60))
        for c in coaches
        for kind in ("dbs", "reference", "reference")
    )  # fmt: skip
    profiles = []
    for c in coaches:
        vector = nprng.normal(size=embeddings.DIMENSIONS).astype(np.float32)
        profiles.append(
            CoachProfile(
                organisation=org,
                coach=c,
                circumstances=rng.sample(Circumstance.values, 2),
                debt_size=rng.randint(0, 4),
                gender=rng.choice(["woman", "man"]),
                channels=rng.sample(Channel.values, 2),
                vector=embeddings.to_bytes(vector / np.linalg.norm(vector)),
                vector_key=embeddings.text_key(coach_text(c)),
            )
        )
    CoachProfile.objects.bulk_create(profiles)


def add_clients(org, programme, count: int, *, start: int, waiting: bool):
    from matching import embeddings
    from matching.models import ClientProfile
    from matching.texts import client_text
    from people.models import Circumstance, Client

    rng = random.Random(start)
    nprng = np.random.default_rng(start)
    today = datetime.date.today()
    clients = Client.objects.bulk_create(
        Client(
            organisation=org,
            programme=programme,
            first_name=f"Client{start + n}",
            last_name="Bench",
            status="waiting" if waiting else "active",
            referral_date=today - datetime.timedelta(days=rng.randint(0, 200)),
            consent_given_on=today,
            interests=", ".join(rng.sample(INTERESTS, 2)),
            hopes="Get on top of my debts",
            area=rng.choice(AREAS),
            language=rng.choice(["English"] * 8 + ["Polish", "Arabic"]),
            availability=rng.choice(["Tuesday mornings", "Weekends", "Evenings"]),
            preferred_channels=["phone"],
            date_of_birth=datetime.date(rng.randint(1950, 2004), 1, 1),
        )
        for n in range(count)
    )
    profiles = []
    for c in clients:
        vector = nprng.normal(size=embeddings.DIMENSIONS).astype(np.float32)
        profiles.append(
            ClientProfile(
                organisation=org,
                client=c,
                circumstances=rng.sample(Circumstance.values, rng.randint(1, 3)),
                debt_size=rng.randint(0, 4),
                must_speak=rng.choice([""] * 40 + ["Arabic", "Tigrinya"]),
                wants_coach_gender=rng.choice([""] * 15 + ["woman"]),
                vector=embeddings.to_bytes(vector / np.linalg.norm(vector)),
                vector_key=embeddings.text_key(client_text(c)),
            )
        )
    ClientProfile.objects.bulk_create(profiles)
    return clients


def measure(browser, url: str, runs: int = 9) -> tuple[int, float, float]:
    assert browser.get(url).status_code == 200  # warm-up (and the pool, once)
    queries = []
    with connection.execute_wrapper(lambda execute, sql, *args: queries.append(sql) or execute(sql, *args)):
        browser.get(url)
    if os.environ.get("PROFILE") and runs > 3:
        import cProfile
        import pstats

        if os.environ["PROFILE"] in url:
            profile = cProfile.Profile(time.process_time)
            for _ in range(5):
                profile.runcall(browser.get, url)
            print(url)
            pstats.Stats(profile).sort_stats(os.environ.get("SORT", "cumulative")).print_stats(45)
    walls, cpus = [], []
    for _ in range(runs):
        wall, cpu = time.perf_counter(), time.process_time()
        assert browser.get(url).status_code == 200
        walls.append((time.perf_counter() - wall) * 1000)
        cpus.append((time.process_time() - cpu) * 1000)
    return len(queries), statistics.median(walls), statistics.median(cpus)


def main() -> None:
    from django.test import Client as Browser

    from matching import selectors
    from matching.models import Weights
    from organisations.models import Organisation, Programme, Role, User
    from training.models import ProgrammeChecks

    setup_test_environment()
    old = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        with scopes_disabled():
            org = Organisation.objects.create(name="Bench", slug="bench")
            programme = Programme.objects.create(
                organisation=org, name="Money Matters", kind="coaching", min_months=3, max_months=12, coach_capacity=3
            )
            ProgrammeChecks.objects.create(
                organisation=org, programme=programme, dbs_required=True, references_required=2
            )
            Weights.objects.create(organisation=org, programme=programme)
            user = User.objects.create(username="bench-coordinator", organisation=org, role=Role.COORDINATOR)
            build_coaches(org, programme)
            first = add_clients(org, programme, 10, start=0, waiting=True)
        browser = Browser()
        browser.force_login(user)
        pages = {
            "waiting list, page 1": "/matching/",
            "waiting list, page 100": "/matching/?page=100",
            "waiting list, over 8 weeks": "/matching/?wait=8",
            "waiting list, nobody suits": "/matching/?nobody=1",
            "suggestions page": f"/clients/{first[0].pk}/suggestions/",
        }
        few = {name: measure(browser, url, runs=3) for name, url in pages.items()}
        with scopes_disabled():
            add_clients(org, programme, WAITING - 10, start=10, waiting=True)
            add_clients(org, programme, CLIENTS - WAITING, start=WAITING, waiting=False)
        many = {name: measure(browser, url) for name, url in pages.items()}
        print(f"database: {connection.vendor}; {COACHES:,} ready coaches; {CLIENTS:,} clients, {WAITING:,} waiting\n")
        print("| page | queries at 10 waiting | queries at 5,000 | median ms | median CPU ms |")
        print("|---|---|---|---|---|")
        for name in pages:
            print(f"| {name} | {few[name][0]} | {many[name][0]} | {many[name][1]:.0f} | {many[name][2]:.0f} |")
        with scope(organisation=org.pk):
            programme.refresh_from_db()
            selectors._POOLS.clear()
            selectors._shared_cache().clear()
            start = time.perf_counter()
            selectors.coach_pool(programme)
            cold = (time.perf_counter() - start) * 1000
            selectors._POOLS.clear()  # a restarted worker: nothing in memory, the shared cache still there
            start = time.perf_counter()
            pool = selectors.coach_pool(programme)
            restarted = (time.perf_counter() - start) * 1000
            with CaptureQueriesContext(connection) as stamp_queries:
                start = time.perf_counter()
                selectors._stamp(programme)
                stamp = (time.perf_counter() - start) * 1000
        print(f"\ncoach pool ({len(pool.coaches):,} coaches, {pool.ready_count:,} ready): built cold {cold:.0f} ms;")
        print(f"read back by a restarted worker {restarted:.0f} ms;", end=" ")
        print(f"its stamp {stamp:.1f} ms in {len(stamp_queries)} query")
    finally:
        connection.creation.destroy_test_db(old, verbosity=0)


if __name__ == "__main__":
    main()
