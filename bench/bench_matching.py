"""Suggestions for one waiting client among 2,000 ready coaches.

Each coach has a DBS check and two references (so readiness is judged for real), a matching
profile with lived experience, languages, ways of meeting, availability, and a stored embedding
of their interests (made once with the real model from 40 distinct interest texts). Times the
whole of `suggestions_for` (load, readiness, hard rules, scores, reasons) and the suggestions page
through Django's test client: median of 15 after a warm-up.

    .venv/bin/python bench/bench_matching.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/test .venv/bin/python bench/bench_matching.py
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
    os.environ["DATABASE_URL"] = f"sqlite:///{ROOT / 'bench' / 'bench.sqlite3'}"

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402

settings.MATCHING_POOL_CACHE_SECONDS = 600  # as in production; tests/settings.py turns it off

from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django_scopes import scope, scopes_disabled  # noqa: E402

COACHES = 2_000
INTERESTS = [
    "cycling", "allotment", "football", "cooking", "fishing", "knitting", "rap music", "gaming", "running",
    "photography", "reading crime novels", "walking the dog", "boxing", "DIY", "birdwatching", "quizzes",
    "netball", "poetry", "youth work", "baking", "church choir", "swimming", "chess", "painting", "films",
    "caravanning", "darts", "snooker", "dancing", "gardening", "karaoke", "volunteering", "pottery",
    "motorbikes", "model railways", "crochet", "yoga", "camping", "history", "board games",
]  # fmt: skip


def build():
    import numpy as np

    from matching import embeddings
    from matching.models import ClientProfile, CoachProfile, Weights
    from matching.texts import item_key, items
    from organisations.models import Organisation, Programme, Role, User
    from people.models import Channel, Circumstance, Client, Coach
    from recruitment.models import Check
    from training.models import ProgrammeChecks

    rng = random.Random(7)
    org = Organisation.objects.create(name="Bench", slug="bench")
    programme = Programme.objects.create(
        organisation=org, name="P", kind="coaching", min_months=3, max_months=12, coach_capacity=3
    )
    ProgrammeChecks.objects.create(organisation=org, programme=programme, dbs_required=True, references_required=2)
    Weights.objects.create(organisation=org, programme=programme)
    user = User.objects.create(username="bench-coordinator", organisation=org, role=Role.COORDINATOR)
    texts = dict(zip(INTERESTS, embeddings.embed(INTERESTS), strict=True))
    today = datetime.date.today()
    coaches = Coach.objects.bulk_create(
        Coach(
            organisation=org,
            first_name=f"Coach{n}",
            last_name="Bench",
            area=rng.choice(["Hulme", "Salford", "Gorton", "Ardwick"]),
            languages=rng.choice(["English", "English, Polish", "English, Arabic", "English, Somali"]),
            interests=", ".join(rng.sample(INTERESTS, 2)),
            availability=rng.choice(["Tuesday mornings", "Weekends", "Evenings", "Monday afternoons"]),
            date_of_birth=datetime.date(rng.randint(1955, 2002), 6, 1),
        )
        for n in range(COACHES)
    )
    Check.objects.bulk_create(
        Check(
            organisation=org,
            coach=c,
            kind=kind,
            level="enhanced" if kind == "dbs" else "",
            requested_on=today - datetime.timedelta(days=90),
            cleared_on=today - datetime.timedelta(days=60),
        )
        for c in coaches
        for kind in ("dbs", "reference", "reference")
    )
    profiles = []
    for c in coaches:
        profiles.append(
            CoachProfile(
                organisation=org,
                coach=c,
                circumstances=rng.sample(Circumstance.values, 2),
                debt_size=rng.randint(0, 4),
                gender=rng.choice(["woman", "man"]),
                channels=rng.sample(Channel.values, 2),
                item_vectors=embeddings.to_bytes(np.stack([texts[i] for i in items(c.interests)])),
                item_key=item_key(items(c.interests), []),
            )
        )
    CoachProfile.objects.bulk_create(profiles)
    client = Client.objects.create(
        organisation=org,
        programme=programme,
        first_name="Waiting",
        last_name="Client",
        status="waiting",
        referral_date=today,
        consent_given_on=today,
        interests="allotment, cooking",
        hopes="Clear my rent arrears",
        area="Hulme",
        language="Polish",
        availability="Tuesday mornings",
        preferred_channels=["phone"],
        date_of_birth=datetime.date(1980, 1, 1),
    )
    # update_or_create: saving the client may already have queued its embedding (and a profile).
    ClientProfile.objects.update_or_create(
        client=client,
        defaults={"organisation": org, "circumstances": ["rent_arrears"], "debt_size": 2, "gender": "woman"},
    )
    from matching.services import refresh_vectors

    refresh_vectors(clients=[client])
    return org, user, client


def main() -> None:
    from django.test import Client as Browser

    from matching.selectors import suggestions_for

    setup_test_environment()
    old = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        with scopes_disabled():
            org, user, client = build()
        with scope(organisation=org.pk):
            start = time.perf_counter()
            _, result = suggestions_for(user, client.pk)
            cold = (time.perf_counter() - start) * 1000
            times = []
            for _ in range(15):
                start = time.perf_counter()
                _, result = suggestions_for(user, client.pk)
                times.append((time.perf_counter() - start) * 1000)
        browser = Browser()
        browser.force_login(user)
        browser.get(f"/clients/{client.pk}/suggestions/")
        page = []
        for _ in range(15):
            start = time.perf_counter()
            assert browser.get(f"/clients/{client.pk}/suggestions/").status_code == 200
            page.append((time.perf_counter() - start) * 1000)
        print(f"database: {connection.vendor}; coaches: {COACHES}; considered after hard rules: {result.considered}")
        print(f"suggestions_for, first request (builds and caches the coach pool): {cold:.0f} ms")
        print(f"suggestions_for: median {statistics.median(times):.0f} ms, worst {max(times):.0f} ms")
        print(f"suggestions page: median {statistics.median(page):.0f} ms, worst {max(page):.0f} ms")
        best = result.candidates[0]
        print(f"best: {best.name} {best.score} — " + "; ".join(r.reason for r in best.reasons))
    finally:
        connection.creation.destroy_test_db(old, verbosity=0)


if __name__ == "__main__":
    main()
