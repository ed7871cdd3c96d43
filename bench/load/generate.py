"""Fill the load benchmark's own PostgreSQL database with a big organisation and a year of work.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/alongside_load .venv/bin/python bench/load/generate.py
    ... generate.py --in-progress 5000 --due-in 60 --due-over 600   # 5,000 meetings in progress
    ... generate.py --close-in-progress                              # they all check out again

On top of the demo (loaded first, so the programmes, their requirements, training, agreements,
weights, the on-call rota and the escalation list are the product's own), Riverside Housing Trust
gets 1,500 peer coaches, every one ready for both programmes (their checks, training and
agreements are copied from a ready demo coach), and 10,000 clients: 4,000 working with a coach
(started up to a year ago, two goals of two steps, a check-in and a meeting every fortnight since
they started, ratings on each goal, one meeting planned ahead), 4,500 finished and 1,500 waiting
with matching profiles. Sign-ins for the load generator: load-coordinator-N, load-supervisor-N,
load-coach-N (each with clients) and load-client-N (each with a coach), all with the password
below, plus the demo's own. Everything is made with bulk_create in a few seconds a table.

It is idempotent: run again, it finds the coaches already made and adds nothing. It writes
bench/load/accounts.json (who signs in and which ids they see) for the locustfile.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alongside.settings")

import django  # noqa: E402

django.setup()

import numpy as np  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402
from django_scopes import scopes_disabled  # noqa: E402

PASSWORD = "alongside-load"  # noqa: S105 - a benchmark's throwaway accounts on a throwaway database
COACHES, CLIENTS = 1_500, 10_000
ACTIVE, FINISHED = 4_000, 4_500  # the rest wait
COORDINATORS, SUPERVISORS, COACH_SIGN_INS, CLIENT_SIGN_INS = 10, 5, 300, 200
ACCOUNTS = Path(__file__).with_name("accounts.json")
BATCH = 2_000
SWEEP_PLACE = "Load benchmark: in progress"

FIRST = [
    "Amy",
    "Ben",
    "Chloe",
    "Dan",
    "Ella",
    "Finn",
    "Grace",
    "Harry",
    "Isla",
    "Jack",
    "Kara",
    "Leo",
    "Maya",
    "Noah",
    "Olivia",
    "Priya",
    "Quinn",
    "Ravi",
    "Sara",
    "Tom",
    "Uma",
    "Vic",
    "Will",
    "Yusuf",
    "Zara",
    "Aled",
    "Bea",
    "Cai",
    "Dee",
    "Eoin",
    "Faye",
    "Gus",
    "Hana",
    "Ivo",
    "Jade",
    "Kwame",
    "Lola",
    "Mo",
    "Nia",
    "Omar",
]
LAST = [
    "Smith",
    "Jones",
    "Taylor",
    "Brown",
    "Williams",
    "Wilson",
    "Johnson",
    "Davies",
    "Patel",
    "Wright",
    "Robinson",
    "Thompson",
    "Evans",
    "Walker",
    "White",
    "Roberts",
    "Green",
    "Hall",
    "Wood",
    "Jackson",
    "Clarke",
    "Khan",
    "Lewis",
    "Hughes",
    "Edwards",
    "Hill",
    "Moore",
    "Clark",
    "Harrison",
    "Scott",
    "Young",
    "Morris",
    "Ward",
    "Turner",
    "Carter",
    "Phillips",
    "Mitchell",
    "Cooper",
    "Begum",
    "Okafor",
    "Nowak",
    "Ahmed",
    "Kelly",
    "Shah",
]
AREAS = [
    "Hulme",
    "Salford",
    "Gorton",
    "Ardwick",
    "Moss Side",
    "Levenshulme",
    "Longsight",
    "Rusholme",
    "Cheetham",
    "Ancoats",
]
INTERESTS = [
    "cycling, allotments",
    "football, cooking",
    "fishing, walking",
    "knitting, baking",
    "gaming, music",
    "running, films",
    "photography, history",
    "boxing, DIY",
    "chess, quizzes",
    "gardening, dancing",
]


def log(message: str) -> None:
    print(f"[generate {time.strftime('%H:%M:%S')}] {message}", flush=True)


def clone(obj, **overrides):
    """A new, unsaved row with the same field values as `obj` (bar its id and the overrides)."""
    values = {
        f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields if not f.primary_key and f.attname != "id"
    }
    values.update(overrides)
    return type(obj)(**values)


def bulk(model, rows):
    return model.objects.bulk_create(rows, batch_size=BATCH)


def sign_ins(org, kind: str, role: str, count: int, password: str) -> list:
    """`count` sign-ins load-<kind>-0, 1, ... sharing one password hash."""
    from organisations.models import User

    return bulk(
        User,
        [
            User(
                username=f"load-{kind}-{n}",
                first_name=f"{kind.title()}{n}",
                last_name="Load",
                email=f"load-{kind}-{n}@example.org",
                organisation=org,
                role=role,
                password=password,
            )
            for n in range(count)
        ],
    )


def build() -> None:
    from django.contrib.auth.hashers import make_password

    from journeys.models import ActionStep, CheckIn, CheckInRating, Goal, Relationship
    from matching.models import ClientProfile, CoachProfile
    from meetings.models import Meeting, MeetingParticipant, relationship_participants
    from organisations.models import Organisation, Programme, Role
    from people.models import Client, Coach, StaffMember
    from recruitment.models import Check
    from training.models import Acknowledgement, Completion

    rng = random.Random(20)
    today = timezone.localdate()
    now = timezone.now()
    org = Organisation.objects.get(slug="riverside")
    programmes = list(Programme.objects.filter(organisation=org).order_by("pk"))
    password = make_password(PASSWORD)  # one Argon2 hash for every account: hashing 500 takes minutes

    log("staff sign-ins")
    staff = sign_ins(org, "coordinator", Role.COORDINATOR, COORDINATORS, password) + sign_ins(
        org, "supervisor", Role.SUPERVISOR, SUPERVISORS, password
    )
    bulk(
        StaffMember,
        [
            StaffMember(organisation=org, user=u, first_name=u.first_name, last_name=u.last_name, email=u.email)
            for u in staff
        ],
    )

    log("coaches, ready for both programmes")
    ready = Coach.objects.get(organisation=org, first_name="Fatima")  # ready for both in the demo
    profiles = list(CoachProfile.objects.filter(organisation=org).exclude(vector=None))
    coach_users = sign_ins(org, "coach", Role.COACH, COACH_SIGN_INS, password)
    coaches = bulk(
        Coach,
        [
            Coach(
                organisation=org,
                user=coach_users[n] if n < COACH_SIGN_INS else None,
                first_name=rng.choice(FIRST),
                last_name=f"{rng.choice(LAST)}-Load{n}",
                email=f"coach{n}@example.net",
                area=rng.choice(AREAS),
                lived_experience="Came through rent arrears and a long time out of work.",
                interests=rng.choice(INTERESTS),
                languages=rng.choice(["English", "English, Polish", "English, Urdu", "English, Somali"]),
                availability=rng.choice(["Tuesday mornings", "Weekends", "Evenings", "Monday afternoons"]),
                date_of_birth=datetime.date(rng.randint(1960, 2000), rng.randint(1, 12), 1),
                started_on=today - datetime.timedelta(days=400),
            )
            for n in range(COACHES)
        ],
    )
    for model in (Check, Completion, Acknowledgement):
        template = list(model.objects.filter(coach=ready))
        bulk(model, [clone(row, coach_id=c.pk) for c in coaches for row in template])
    bulk(CoachProfile, [clone(profiles[n % len(profiles)], coach_id=c.pk) for n, c in enumerate(coaches)])

    log("clients")
    client_users = sign_ins(org, "client", Role.CLIENT, CLIENT_SIGN_INS, password)

    def status(n: int) -> str:
        return "matched" if n < ACTIVE else "ended" if n < ACTIVE + FINISHED else "waiting"

    clients = bulk(
        Client,
        [
            Client(
                organisation=org,
                user=client_users[n] if n < CLIENT_SIGN_INS else None,
                programme=programmes[n % len(programmes)],
                first_name=rng.choice(FIRST),
                last_name=f"{rng.choice(LAST)}-Load{n}",
                email=f"client{n}@example.net",
                area=rng.choice(AREAS),
                referral_source=rng.choice(["self", "housing", "gp"]),
                referral_date=today - datetime.timedelta(days=rng.randint(0, 700)),
                consent_given_on=today - datetime.timedelta(days=rng.randint(0, 365)),
                date_of_birth=datetime.date(rng.randint(1955, 2004), rng.randint(1, 12), 1),
                circumstances="Rent arrears after losing work; wants to get back on track.",
                hopes="Clear the arrears and find a routine",
                interests=rng.choice(INTERESTS),
                preferred_channels=["phone"],
                availability=rng.choice(["Tuesday mornings", "Weekends", "Evenings"]),
                status=status(n),
            )
            for n in range(CLIENTS)
        ],
    )
    client_profiles = list(ClientProfile.objects.filter(organisation=org).exclude(vector=None))
    bulk(
        ClientProfile,
        [
            clone(client_profiles[n % len(client_profiles)], client_id=c.pk)
            for n, c in enumerate(clients)
            if c.status == "waiting"
        ],
    )

    log("relationships: 4,000 working together, 4,500 finished")
    relationships = []
    for n, client in enumerate(clients[: ACTIVE + FINISHED]):
        active = n < ACTIVE
        started = today - datetime.timedelta(days=rng.randint(20, 360) if active else rng.randint(200, 700))
        relationships.append(
            Relationship(
                organisation=org,
                programme=client.programme,
                # Active ones spread so no coach has more than the programme's places.
                coach=coaches[n % COACHES] if active else coaches[rng.randrange(COACHES)],
                client=client,
                status="active" if active else "ended",
                started_on=started,
                planned_end_on=started + datetime.timedelta(days=365 if active else 180),
                ended_on=None if active else started + datetime.timedelta(days=180),
                check_in_due_on=today + datetime.timedelta(days=rng.randint(-10, 14)) if active else None,
                midpoint_review_on=started + datetime.timedelta(days=180) if active else None,
                end_review_on=started + datetime.timedelta(days=350) if active else None,
            )
        )
    relationships = bulk(Relationship, relationships)
    active = relationships[:ACTIVE]

    log("goals and steps")
    goals = bulk(
        Goal,
        [
            Goal(
                organisation=org,
                relationship=r,
                title=title,
                category=category,
                starting_point="Behind on rent and not opening letters",
                target="Paying a little every week and opening the post",
                agreed_on=r.started_on,
                status="in_progress",
            )
            for r in active
            for title, category in (("Sort out my rent arrears", "budget"), ("Get out of the house more", "wellbeing"))
        ],
    )
    bulk(
        ActionStep,
        [
            ActionStep(organisation=org, goal=g, description=d, who="client", frequency="weekly")
            for g in goals
            for d in ("Open the post on Mondays", "Ring the housing officer")
        ],
    )
    goals_of: dict[int, list] = {}
    for g in goals:
        goals_of.setdefault(g.relationship_id, []).append(g)

    log("a year of fortnightly check-ins and meetings")
    check_ins, meetings = [], []
    for r in active:
        day, k = r.started_on + datetime.timedelta(days=7), 0
        while day < today:
            check_ins.append(
                CheckIn(
                    organisation=org,
                    relationship=r,
                    held_on=day,
                    completed_by="coach",
                    went_well="Opened the post together",
                    next_steps="Ring the housing officer",
                )
            )
            meetings.append(
                Meeting(
                    organisation=org,
                    relationship=r,
                    programme_id=r.programme_id,
                    starts_at=timezone.make_aware(datetime.datetime.combine(day, datetime.time(10 + k % 6))),
                    channel="face_to_face" if k % 2 else "phone",
                    place_kind="public" if k % 2 else "",
                    outcome="attended" if k % 9 else "cancelled_client",
                    arrived_at=None,
                )
            )
            day += datetime.timedelta(days=14)
            k += 1
        # One planned ahead, for reminders and calendars.
        meetings.append(
            Meeting(
                organisation=org,
                relationship=r,
                programme_id=r.programme_id,
                starts_at=now + datetime.timedelta(days=rng.randint(1, 13), hours=rng.randint(0, 8)),
                channel="phone",
            )
        )
    check_ins = bulk(CheckIn, check_ins)
    bulk(
        CheckInRating,
        [
            CheckInRating(organisation=org, check_in=ci, goal=g, score=1 + (n + g.pk) % 5)
            for n, ci in enumerate(check_ins)
            for g in goals_of[ci.relationship_id]
        ],
    )
    meetings = bulk(Meeting, meetings)  # bulk_create skips Meeting.save(): participants follow
    by_id = {r.pk: r for r in active}
    participants = []
    for m in meetings:
        m.relationship = by_id[m.relationship_id]
        participants.extend(relationship_participants(m))
    bulk(MeetingParticipant, participants)
    log(f"done: {len(check_ins):,} check-ins, {len(meetings):,} meetings")


def write_accounts() -> None:
    """Who the load generator signs in as, and the ids each of them may open."""
    from journeys.models import Relationship
    from meetings.models import Meeting
    from organisations.models import Programme, User
    from people.models import Client

    org_clients = Client.objects.filter(organisation__slug="riverside", last_name__contains="-Load")
    coach_users = User.objects.filter(username__startswith="load-coach-").select_related("coach_profile")
    coaches = []
    for user in coach_users:
        rels = list(Relationship.objects.filter(coach=user.coach_profile, status="active").values_list("pk", flat=True))
        if rels:
            coaches.append({"username": user.username, "relationships": rels})
    clients = []
    for user in User.objects.filter(username__startswith="load-client-").select_related("client_profile"):
        rel = Relationship.objects.filter(client=user.client_profile, status="active").values_list("pk", flat=True)
        if rel:
            clients.append({"username": user.username, "relationship": rel[0]})
    accounts = {
        "password": PASSWORD,
        "coordinators": list(
            User.objects.filter(username__startswith="load-coordinator-").values_list("username", flat=True)
        ),
        "supervisors": list(
            User.objects.filter(username__startswith="load-supervisor-").values_list("username", flat=True)
        ),
        "coaches": coaches,
        "clients": clients,
        "programmes": list(Programme.objects.filter(organisation__slug="riverside").values_list("pk", flat=True)),
        "client_ids": list(org_clients.values_list("pk", flat=True)[:3000]),
        "waiting_client_ids": list(org_clients.filter(status="waiting").values_list("pk", flat=True)[:500]),
        "relationship_ids": list(
            Relationship.objects.filter(client__in=org_clients, status="active").values_list("pk", flat=True)[:2000]
        ),
        "surnames": LAST,
        "meetings": Meeting.objects.filter(organisation__slug="riverside").count(),
    }
    ACCOUNTS.write_text(json.dumps(accounts, indent=1))
    log(f"wrote {ACCOUNTS.relative_to(ROOT)}: {len(coaches)} coaches and {len(clients)} clients who sign in")


def in_progress(count: int, due_in: int, due_over: int) -> None:
    """`count` face-to-face meetings whose coach has arrived and not left, their check-outs falling
    due from `due_in` seconds from now across `due_over` seconds, nobody checking out: the sweep
    watches them all and raises (and the worker delivers) each alert as it falls due."""
    from journeys.models import Relationship
    from meetings.models import Meeting, MeetingParticipant, relationship_participants

    close_in_progress()
    now = timezone.now()
    relationships = list(
        Relationship.objects.filter(status="active", client__last_name__contains="-Load").order_by("pk")[:count]
    )
    relationships = (relationships * (count // max(1, len(relationships)) + 1))[:count]
    meetings = bulk(
        Meeting,
        [
            Meeting(
                organisation_id=r.organisation_id,
                relationship=r,
                programme_id=r.programme_id,
                starts_at=now - datetime.timedelta(minutes=30),
                expected_minutes=60,
                channel="face_to_face",
                place_kind="public",
                place=SWEEP_PLACE,
                arrived_at=now - datetime.timedelta(minutes=30),
                checkout_due_at=now + datetime.timedelta(seconds=due_in + (n * due_over) // count),
            )
            for n, r in enumerate(relationships)
        ],
    )
    bulk(MeetingParticipant, [p for m in meetings for p in relationship_participants(m)])
    log(f"{len(meetings):,} meetings in progress, check-outs due from {due_in} s for {due_over} s")


def close_in_progress() -> None:
    """Every benchmark meeting in progress checks out, and the alerts they raised are resolved."""
    from meetings.models import Alert, Meeting

    now = timezone.now()
    meetings = Meeting.objects.filter(place=SWEEP_PLACE, left_at__isnull=True)
    Alert.objects.filter(meeting__in=meetings, resolved_at__isnull=True).update(
        resolved_at=now, acknowledged_at=now, resolution="Load benchmark over."
    )
    closed = meetings.update(left_at=now, checkout_due_at=None)
    if closed:
        log(f"{closed:,} benchmark meetings checked out")


def embed() -> None:
    """Every generated coach's and client's words embedded item by item, as the worker would have
    done over the year: otherwise every pool of suggestions finds 1,500 coaches stale and queues them
    all for the worker again. Few distinct items, so each is embedded once."""
    from matching import embeddings, texts
    from matching.models import ClientProfile, CoachProfile

    if not embeddings.available():
        return
    stale = []
    for model, items in (
        (CoachProfile, lambda p: texts.coach_items(p.coach)),
        (ClientProfile, lambda p: texts.client_items(p.client)),
    ):
        related = "coach" if model is CoachProfile else "client"
        for profile in model.objects.filter(**{f"{related}__last_name__contains": "-Load"}).select_related(related):
            first, second = items(profile)
            if profile.item_key != texts.item_key(first, second):
                stale.append((profile, first, second))
    if not stale:
        return
    distinct = sorted({item for _, a, b in stale for item in (*a, *b)})
    vectors = dict(zip(distinct, embeddings.embed(distinct), strict=True)) if distinct else {}
    for profile, first, second in stale:
        rows = [vectors[item] for item in (*first, *second)]
        profile.item_vectors = embeddings.to_bytes(np.vstack(rows)) if rows else None
        profile.item_key = texts.item_key(first, second)
    for model in (CoachProfile, ClientProfile):
        rows = [p for p, _, _ in stale if isinstance(p, model)]
        model.objects.bulk_update(rows, ["item_vectors", "item_key"], batch_size=BATCH)
    log(f"embedded {len(distinct)} distinct items for {len(stale):,} profiles")


def analyze() -> None:
    """Fresh statistics for the planner, as a database that grew over a year has: without them
    PostgreSQL plans the home page's queries for empty tables and takes minutes."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--in-progress", type=int, default=0, help="put this many meetings in progress")
    parser.add_argument("--due-in", type=int, default=60, help="seconds until the first check-out falls due")
    parser.add_argument("--due-over", type=int, default=600, help="seconds across which check-outs fall due")
    parser.add_argument("--close-in-progress", action="store_true", help="check out the benchmark's meetings")
    args = parser.parse_args()
    with scopes_disabled():
        if args.close_in_progress:
            close_in_progress()
            return
        if args.in_progress:
            with transaction.atomic():
                in_progress(args.in_progress, args.due_in, args.due_over)
            analyze()
            return
        from people.models import Coach

        call_command("migrate", verbosity=0, interactive=False)
        if not Coach.objects.filter(last_name__contains="-Load").exists():
            call_command("load_demo", verbosity=0)
            started = time.perf_counter()
            with transaction.atomic():
                build()
            analyze()
            log(f"built in {time.perf_counter() - started:.0f} s")
        else:
            log("data already there: nothing added")
        embed()
        write_accounts()


if __name__ == "__main__":
    main()
