"""Demo: matching details for every coach and client, per-programme weights, a known connection,
an exclusion that rules out a circumstance, and a waiting list with clients in every state."""

from __future__ import annotations

import re

from django_scopes import scope

from core.demo import PASSWORD, Demo
from matching.models import ClientProfile, CoachProfile, KnownConnection, Weights
from matching.services import refresh_vectors
from organisations.models import Programme
from people.models import Client, Coach
from recruitment.models import MatchingExclusion

WOMEN = {
    "Agnieszka", "Fatima", "Grace", "Leila", "Aisha", "Jade", "Maria", "Shauna", "Kirsty", "Nadia", "Stacey",
    "Bernadette", "Hannah", "Sophie", "Amina", "Carol", "Lauren", "Priya", "Meera", "Dee",
}  # fmt: skip

# Words in someone's own account -> the circumstance they describe.
CIRCUMSTANCE_WORDS = [
    (r"rent arrears|arrears", "rent_arrears"),
    (r"council tax", "council_tax"),
    (r"gas|electric|energy|meter", "energy"),
    (r"payday", "payday_loans"),
    (r"catalogue|credit card|phone contract", "credit_cards"),
    (r"benefit|universal credit|sanction", "benefits"),
    (r"homeless|hostel|tenancy|sofa", "homelessness"),
    (r"mental|depress|anxiety", "mental_health"),
    (r"alcohol|drink", "alcohol"),
    (r"drug|heroin|recovery", "drugs"),
    (r"prison|sentence", "prison"),
    (r"lost my job|losing my job|redundan|hours were cut|hours cut|unemploy", "unemployment"),
    (r"bereave|died|widow", "bereavement"),
    (r"carer|caring", "caring"),
    (r"lonely|isolat", "isolation"),
]

WEIGHTS = {
    # Money Matters follows the Athena scheme: similar debts and similar age count most.
    "Money Matters peer coaching": {
        "experience": 9,
        "age": 7,
        "interests": 4,
        "language": 5,
        "channels": 2,
        "area": 2,
        "availability": 3,
        "load": 1,
    },
    # Housing First matches on interests and hopes above all.
    "Housing First peer mentoring": {
        "experience": 4,
        "age": 1,
        "interests": 9,
        "language": 5,
        "channels": 3,
        "area": 4,
        "availability": 4,
        "load": 2,
    },
}


def _circumstances(text: str) -> list[str]:
    text = text.lower()
    return sorted({kind for pattern, kind in CIRCUMSTANCE_WORDS if re.search(pattern, text)})


def _debt_size(text: str) -> int | None:
    amounts = [int(a.replace(",", "")) for a in re.findall(r"£([\d,]+)", text)]
    if not amounts:
        return 2 if re.search(r"debt|arrears|loan|catalogue", text.lower()) else None
    total = sum(amounts)
    return 1 if total < 1000 else 2 if total < 5000 else 3 if total < 15000 else 4


def add_matching(org) -> None:
    for programme in Programme.objects.filter(organisation=org):
        if programme.name in WEIGHTS:
            Weights.objects.create(organisation=org, programme=programme, **WEIGHTS[programme.name])
    coaches = list(Coach.objects.filter(organisation=org))
    for n, coach in enumerate(coaches):
        # update_or_create: with an immediate task backend, saving the person already made a profile.
        CoachProfile.objects.update_or_create(
            coach=coach,
            defaults={
                "organisation": org,
                "circumstances": _circumstances(coach.lived_experience),
                "debt_size": _debt_size(coach.lived_experience),
                "gender": "woman" if coach.first_name in WOMEN else "man",
                "channels": ["face_to_face", "phone", "message"] if n % 3 else ["face_to_face", "video"],
                "intro": (coach.lived_experience.split(". ")[0].rstrip(".") + ".")[:280]
                if coach.lived_experience
                else "",
                "share_with_clients": n % 4 != 3,
            },
        )
    clients = list(Client.objects.filter(organisation=org))
    for client in clients:
        profile = ClientProfile.objects.filter(client=client).first() or ClientProfile(organisation=org, client=client)
        profile.circumstances = _circumstances(client.circumstances)
        profile.debt_size = _debt_size(client.circumstances)
        profile.gender = "woman" if client.first_name in WOMEN else "man"
        # Waiting clients in every state: one must have a woman coach, one needs a language no
        # ready coach speaks (the waiting list says so), one knows a coach from the estate.
        if client.first_name == "Stacey":
            profile.wants_coach_gender = "woman"
        if client.first_name == "Mohammed":
            profile.must_speak = "Arabic"
        if client.first_name == "Ryan":
            profile.consider_age = False
        profile.save()
    neighbour = Client.objects.filter(organisation=org, first_name="Bernadette").first()
    chris = Coach.objects.filter(organisation=org, first_name="Chris").first()
    if neighbour and chris:
        KnownConnection.objects.create(
            organisation=org, client=neighbour, coach=chris, note="Neighbours on the same landing"
        )
    exclusion = MatchingExclusion.objects.filter(organisation=org).order_by("pk").first()
    if exclusion:
        MatchingExclusion.objects.filter(pk=exclusion.pk).update(circumstance="drugs")
    refresh_vectors(coaches=Coach.objects.filter(organisation=org).select_related("match_profile"), clients=clients)
    _records_for_existing_pairs(org)


def _records_for_existing_pairs(org) -> None:
    """The demo's pairs were made before matching existed; score them as if suggested, so the
    "how matches went" report has a history to show."""
    from journeys.models import Relationship
    from matching import scoring, selectors
    from matching.models import MatchRecord

    for relationship in Relationship.objects.filter(organisation=org).select_related("client", "programme"):
        pool = selectors.coach_pool(relationship.programme)
        coach = next((c for c in pool.coaches if c.id == relationship.coach_id), None)
        if coach is None:
            continue
        client, _ = selectors.client_facts(relationship.client)
        candidate = scoring.score(client, coach, selectors.weights_for(relationship.programme).as_dict())
        MatchRecord.objects.create(
            organisation=org,
            relationship=relationship,
            score=candidate.score,
            values={p.factor: p.value for p in candidate.parts},
            how="by hand",
        )


def add_choices_and_introductions(org) -> None:
    """Waiting clients at every step after the suggestions: shared and waiting for the client
    (Hannah, who can sign in as "newclient" and choose on her phone), chosen, asked for someone
    else, and one pair in their introductory visits."""
    import datetime

    from django.utils import timezone

    from journeys.services import relationship_start
    from matching import selectors
    from matching.models import IntroVisit, Offer
    from organisations.models import Role, User

    coordinator = User.objects.get(username="coordinator")

    def best(client, n):
        _, result = selectors.suggestions_for(coordinator, client.pk)
        shareable = selectors.shareable_ids([c.coach_id for c in result.candidates])
        return [c.coach_id for c in result.candidates if c.coach_id in shareable][:n]

    def offer(client, status, **fields):
        coaches = best(client, 3)
        if len(coaches) < 2:
            return None
        made = Offer.objects.create(organisation=org, client=client, shared_by=coordinator, status=status, **fields)
        made.coaches.set(coaches)
        return made

    # The pair in introductions first: it takes a place, and the offers below must only show
    # coaches who still have room.
    amina = Client.objects.filter(organisation=org, first_name="Amina").first()
    if amina:
        coaches = best(amina, 1)
        if coaches:
            relationship = relationship_start(
                client=amina,
                coach=Coach.objects.get(pk=coaches[0]),
                programme=amina.programme,
                started_on=timezone.localdate() - datetime.timedelta(days=6),
                planned_months=min(max(6, amina.programme.min_months), amina.programme.max_months),
            )
            IntroVisit.objects.create(
                organisation=org,
                relationship=relationship,
                number=1,
                held_on=timezone.localdate() - datetime.timedelta(days=5),
                worker=coordinator,
                client_feedback="Nice to meet someone from the same community.",
                coach_feedback="We talked about netball and her son's school.",
                worker_feedback="Relaxed; Amina asked to meet again next week.",
            )
    hannah = Client.objects.filter(organisation=org, first_name="Hannah").first()
    if hannah:
        user = User(
            username="newclient",
            organisation=org,
            role=Role.CLIENT,
            first_name=hannah.first_name,
            last_name=hannah.last_name,
            email=f"newclient@{org.slug}.example",
        )
        user.set_password(PASSWORD)
        user.save()
        Client.objects.filter(pk=hannah.pk).update(user=user)
        offer(hannah, Offer.Status.SHARED)
    lauren = Client.objects.filter(organisation=org, first_name="Lauren").first()
    if lauren:
        coaches = best(lauren, 2)
        if coaches:
            offer(
                lauren,
                Offer.Status.CHOSEN,
                chosen_id=coaches[0],
                client_note="Evenings are easier for me.",
                responded_at=timezone.now(),
            )
    piotr = Client.objects.filter(organisation=org, first_name="Piotr").first()
    if piotr:
        offer(
            piotr,
            Offer.Status.SOMEONE_ELSE,
            client_note="I would rather talk to someone who speaks Polish.",
            responded_at=timezone.now(),
        )


def step(demo: Demo) -> None:
    add_matching(demo.organisation)
    with scope(organisation=demo.organisation.pk):
        add_choices_and_introductions(demo.organisation)
