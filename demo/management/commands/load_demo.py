"""Load the demo programme. Safe to run again: an existing demo is left as it is."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from core import registry
from core.demo import DEMO_STEPS, Demo
from demo import data
from journeys.services import relationship_start
from organisations.models import Organisation, Role, User
from organisations.services import programme_create
from people.models import Client, Coach, StaffMember
from people.services import client_archive, client_create, coach_create

LOGINS = [
    "orgadmin",
    "coordinator",
    "supervisor",
    "facilitator",
    "coach",
    "client",
    "newclient",
    "other-coordinator",
    "peer-ben",
    "peer-nadia",
    "peer-owen",
]


def _user(org: Organisation, username: str, first: str, last: str, role: str) -> User:
    user = User(
        username=username,
        organisation=org,
        role=role,
        first_name=first,
        last_name=last,
        email=f"{username}@{org.slug}.example",
    )
    user.set_password(data.PASSWORD)
    user.save()
    return user


def _staff(org: Organisation, rows) -> None:
    for username, first, last, role, title in rows:
        user = _user(org, username, first, last, role)
        StaffMember.objects.create(
            organisation=org, user=user, first_name=first, last_name=last, email=user.email, job_title=title
        )


def _birthday(year: int, n: int) -> datetime.date:
    return datetime.date(year, 1 + n % 12, 1 + (n * 7) % 28)


class Command(BaseCommand):
    help = "Load a realistic demo programme (idempotent)."

    def handle(self, *args, **options):
        with scopes_disabled():
            exists = Organisation.objects.filter(slug="riverside").exists()
        if exists:
            self.stdout.write("The demo is already loaded; leaving it as it is.")
        else:
            with transaction.atomic():
                self._riverside()
                self._northgate()
            self.stdout.write(self.style.SUCCESS("Demo programme loaded."))
        logins = "\n  ".join(LOGINS)
        self.stdout.write(f"\nDemo sign-ins (password for all: {data.PASSWORD}):\n  {logins}\n")

    def _riverside(self) -> None:
        today = timezone.localdate()
        org = Organisation.objects.create(name="Riverside Housing Trust", slug="riverside")
        with scope(organisation=org.pk):
            _staff(org, data.RIVERSIDE_STAFF)
            programmes = [programme_create(organisation=org, **p) for p in data.PROGRAMMES]
            coaches = []
            for n, row in enumerate(data.COACHES):
                (
                    username,
                    first,
                    last,
                    employment,
                    title,
                    area,
                    languages,
                    interests,
                    availability,
                    hours,
                    born,
                    status,
                    lived,
                ) = row
                coach = coach_create(
                    organisation=org,
                    first_name=first,
                    last_name=last,
                    email=f"{first.lower()}.{last.lower()}@example.org",
                    phone=f"07700 900{100 + n:03d}",
                    area=area,
                    employment=employment,
                    role_title=title,
                    lived_experience=lived,
                    interests=interests,
                    languages=languages,
                    availability=availability,
                    agreed_weekly_hours=Decimal(hours),
                    date_of_birth=_birthday(born, n),
                    status=status,
                    started_on=today - datetime.timedelta(weeks=30 + 9 * n),
                )
                if username:
                    coach.user = _user(org, username, first, last, Role.COACH)
                    coach.save(update_fields=["user"])
                coaches.append(coach)
            clients = []
            for n, row in enumerate(data.CLIENTS):
                (
                    username,
                    first,
                    last,
                    prog,
                    source,
                    weeks,
                    born,
                    area,
                    language,
                    channels,
                    circumstances,
                    hopes,
                    interests,
                    availability,
                    status,
                ) = row
                referred = today - datetime.timedelta(weeks=weeks)
                client = client_create(
                    organisation=org,
                    first_name=first,
                    last_name=last,
                    email=f"{first.lower()}.{last.lower()}@example.net" if n % 3 else "",
                    phone=f"07700 900{500 + n:03d}",
                    area=area,
                    programme=programmes[prog] if prog is not None else None,
                    status=Client.Status.WAITING if status == "matched" else status,
                    referral_source=source,
                    referral_date=referred,
                    consent_given_on=referred + datetime.timedelta(days=n % 5),
                    date_of_birth=_birthday(born, n + 3),
                    circumstances=circumstances,
                    hopes=hopes,
                    interests=interests,
                    preferred_channels=channels,
                    language=language,
                    availability=availability,
                    staff_notes="Prefers a woman coach." if n in (4, 12) else "",
                )
                if username:
                    client.user = _user(org, username, first, last, Role.CLIENT)
                    client.save(update_fields=["user"])
                clients.append(client)
            # Each app's part of the demo, in order (core.demo.DEMO_STEPS, each app's contributions.py).
            demo = Demo(organisation=org, today=today, programmes=programmes, coaches=coaches, clients=clients)
            for step in registry.contributions(DEMO_STEPS):
                step(demo)
            with scope(organisation=org.pk):
                # Carol moved away: her record is archived (hidden, kept, restorable from the
                # "Archived" filter), as a coordinator would do instead of deleting it.
                client_archive(client=Client.objects.get(organisation=org, first_name="Carol", last_name="Jenkins"))

    def _northgate(self) -> None:
        today = timezone.localdate()
        spec = data.NORTHGATE
        org = Organisation.objects.create(name=spec["name"], slug=spec["slug"])
        with scope(organisation=org.pk):
            _staff(org, spec["staff"])
            programme = programme_create(organisation=org, **spec["programme"])
            coaches = [
                Coach.objects.create(
                    organisation=org, first_name=f, last_name=l, area=a, role_title="Peer Coach", employment="paid"
                )
                for f, l, a in spec["coaches"]
            ]
            for n, (first, last, area) in enumerate(spec["clients"]):
                client = client_create(
                    organisation=org,
                    first_name=first,
                    last_name=last,
                    area=area,
                    programme=programme,
                    referral_source="mental_health",
                    referral_date=today - datetime.timedelta(weeks=3 + n),
                    consent_given_on=today - datetime.timedelta(weeks=3 + n),
                    hopes="Move towards work at my own pace.",
                )
                if n < 2:
                    relationship_start(
                        client=client,
                        coach=coaches[n],
                        programme=programme,
                        started_on=today - datetime.timedelta(weeks=2),
                        planned_months=6,
                    )
