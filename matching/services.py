"""Writes for matching: profiles, text vectors, weights, known connections and pairing."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django_scopes import scopes_disabled

from core import audit
from core.services import create_audited, update_versioned
from journeys.services import relationship_start
from people.models import Client, Coach

from . import embeddings, selectors
from .models import ClientProfile, CoachProfile, KnownConnection, Weights
from .texts import client_text, coach_text


def _profile(model, **owner):
    person = next(iter(owner.values()))
    profile, _ = model.objects.get_or_create(**owner, defaults={"organisation_id": person.organisation_id})
    return profile


def coach_profile_for(coach: Coach) -> CoachProfile:
    return _profile(CoachProfile, coach=coach)


def client_profile_for(client: Client) -> ClientProfile:
    return _profile(ClientProfile, client=client)


def profile_update(*, profile, expected_version: int, **changes: Any):
    kind = "coach" if isinstance(profile, CoachProfile) else "client"
    update_versioned(
        instance=profile, changes=changes, expected_version=expected_version, action=f"matching.{kind}_profile.changed"
    )
    if kind == "coach":
        refresh_later(coach_ids=[profile.coach_id])
    else:
        refresh_later(client_ids=[profile.client_id])
    return profile


def refresh_later(*, coach_ids=(), client_ids=()) -> None:
    """Queue the embedding after commit: saving a record never waits for the model."""
    from .tasks import refresh_people

    if embeddings.available() and (coach_ids or client_ids):
        transaction.on_commit(lambda: refresh_people.enqueue(coach_ids=list(coach_ids), client_ids=list(client_ids)))


def refresh_vectors(*, coaches=(), clients=()) -> int:
    """Embed the interests-and-hopes text of these people where it changed. Returns how many.
    Without the model installed this does nothing and matching compares words instead."""
    if not embeddings.available():
        return 0
    work = []
    for person in coaches:
        work.append((coach_profile_for(person), coach_text(person)))
    for person in clients:
        work.append((client_profile_for(person), client_text(person)))
    stale = [(p, t) for p, t in work if p.vector_key != embeddings.text_key(t)]
    if not stale:
        return 0
    vectors = embeddings.embed([t for _, t in stale])
    for (profile, text), vector in zip(stale, vectors, strict=True):
        # Not a change anyone made, so no version bump or audit entry: a cache of the text.
        type(profile).objects.filter(pk=profile.pk).update(
            vector=embeddings.to_bytes(vector), vector_key=embeddings.text_key(text), updated_at=timezone.now()
        )
    return len(stale)


def refresh_people(*, coach_ids=(), client_ids=()) -> int:
    with scopes_disabled():
        coaches = list(Coach.objects.filter(pk__in=coach_ids).select_related("match_profile"))
        clients = list(Client.objects.filter(pk__in=client_ids))
        return refresh_vectors(coaches=coaches, clients=clients)


def weights_update(*, weights: Weights, expected_version: int, **changes: Any) -> Weights:
    if weights.pk is None:
        for name, value in changes.items():
            setattr(weights, name, value)
        return create_audited(instance=weights, action="matching.weights.created", audit_fields=list(changes))
    update_versioned(
        instance=weights, changes=changes, expected_version=expected_version, action="matching.weights.changed"
    )
    return weights


def connection_add(*, client: Client, coach: Coach, note: str) -> KnownConnection:
    if KnownConnection.objects.filter(client=client, coach=coach).exists():
        raise ValidationError({"coach": f"{coach} is already recorded as knowing {client.first_name}."})
    connection = KnownConnection(organisation_id=client.organisation_id, client=client, coach=coach, note=note)
    return create_audited(instance=connection, action="matching.connection.added", audit_fields=["coach_id", "note"])


def connection_remove(*, connection: KnownConnection) -> None:
    audit.record(action="matching.connection.removed", organisation=connection.organisation, obj=connection.client)
    connection.delete()


def pair_from_suggestion(*, client: Client, coach_id: int, started_on: datetime.date) -> Any:
    """Start the introductions with a suggested coach, after checking again every hard rule: the
    page may be minutes old and another coordinator may have filled the coach's last place."""
    known = frozenset(KnownConnection.objects.filter(client=client).values_list("coach_id", flat=True))
    result = selectors.suggest(
        selectors.client_facts(client),
        selectors.coach_pool(client.programme),
        selectors.weights_for(client.programme).as_dict(),
        known=known,
        limit=None,
    )
    allowed = {candidate.coach_id for candidate in result.candidates}
    if coach_id not in allowed:
        raise ValidationError("That coach can no longer be matched with this client. Look at the suggestions again.")
    coach = Coach.objects.get(pk=coach_id)
    programme = client.programme
    return relationship_start(
        client=client,
        coach=coach,
        programme=programme,
        started_on=started_on,
        planned_months=min(max(6, programme.min_months), programme.max_months),
    )


def circumstance_choices() -> list[tuple[str, str]]:
    from people.models import Circumstance

    return Circumstance.choices


def exclusions_set(*, coach: Coach, circumstances: dict[int, str]) -> None:
    """Which circumstance each of a coach's exclusions rules out (a hard rule in matching)."""
    from people.models import Circumstance
    from recruitment.models import MatchingExclusion

    with transaction.atomic():
        for exclusion in MatchingExclusion.objects.filter(coach=coach, pk__in=circumstances):
            value = circumstances[exclusion.pk]
            value = value if value in Circumstance.values else ""
            if exclusion.circumstance != value:
                audit.record(
                    action="matching.exclusion.changed",
                    organisation=coach.organisation,
                    obj=coach,
                    changes={"circumstance": [exclusion.circumstance, value]},
                )
                MatchingExclusion.objects.filter(pk=exclusion.pk).update(circumstance=value, updated_at=timezone.now())
