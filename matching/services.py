"""Writes for matching: profiles, text vectors, weights, known connections and pairing."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from core import audit
from core.services import create_audited, update_versioned
from journeys.services import relationship_start
from people.models import Client, Coach

from . import embeddings, selectors, texts
from .models import ClientProfile, CoachProfile, KnownConnection, Weights


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
        refresh_later(organisation_id=profile.organisation_id, coach_ids=[profile.coach_id])
    else:
        refresh_later(organisation_id=profile.organisation_id, client_ids=[profile.client_id])
    return profile


def refresh_later(*, organisation_id: int, coach_ids=(), client_ids=()) -> None:
    """Queue the embedding after commit: saving a record never waits for the model. The people
    are all in `organisation_id`; the task looks them up in that organisation only."""
    from .tasks import refresh_people

    if embeddings.available() and (coach_ids or client_ids):
        transaction.on_commit(
            lambda: refresh_people.enqueue(
                organisation_id=organisation_id, coach_ids=list(coach_ids), client_ids=list(client_ids)
            )
        )


def refresh_vectors(*, coaches=(), clients=()) -> int:
    """Embed each interest, hope and line of experience of these people where their words
    changed, one vector per item (texts.py). Returns how many people were embedded. Without the
    model installed this does nothing and matching compares words instead."""
    if not embeddings.available():
        return 0
    work = []
    for person in coaches:
        work.append((coach_profile_for(person), *texts.coach_items(person)))
    for person in clients:
        work.append((client_profile_for(person), *texts.client_items(person)))
    stale = [(p, a, b) for p, a, b in work if p.item_key != texts.item_key(a, b)]
    if not stale:
        return 0
    # Every item of every stale person through the model at once (it batches by length).
    vectors = embeddings.embed([item for _, a, b in stale for item in (*a, *b)])
    start = 0
    for profile, first, second in stale:
        count = len(first) + len(second)
        rows = vectors[start : start + count]
        start += count
        # Not a change anyone made, so no version bump or audit entry: a cache of the text.
        type(profile).objects.filter(pk=profile.pk).update(
            item_vectors=embeddings.to_bytes(rows) if count else None,
            item_key=texts.item_key(first, second),
            updated_at=timezone.now(),
        )
    return len(stale)


def refresh_people(*, coach_ids=(), client_ids=()) -> int:
    """Embed these people again where their words changed; run in their organisation's scope
    (the refresh task), so an id from elsewhere finds nobody."""
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
    _require_programme(client)
    result = selectors.suggestions_of(client, limit=None)
    allowed = {candidate.coach_id for candidate in result.candidates}
    if coach_id not in allowed:
        raise ValidationError("That coach can no longer be matched with this client. Look at the suggestions again.")
    coach = Coach.objects.get(pk=coach_id)
    programme = client.programme
    candidate = next(c for c in result.candidates if c.coach_id == coach_id)
    with transaction.atomic():
        relationship = relationship_start(
            client=client,
            coach=coach,
            programme=programme,
            started_on=started_on,
            planned_months=min(max(6, programme.min_months), programme.max_months),
        )
        record_match(relationship, candidate)
    return relationship


def _require_programme(client: Client) -> None:
    # Suggestions are made within a programme (its coaches, its weights), so without one there
    # is nothing to check a coach against; say so instead of failing further in.
    if client.programme_id is None:
        raise ValidationError({"client": "This client has no programme yet. Give them a programme first."})


def record_match(relationship, candidate, how: str = "suggestion") -> None:
    from .models import MatchRecord

    MatchRecord.objects.create(
        organisation_id=relationship.organisation_id,
        relationship=relationship,
        score=candidate.score,
        values={p.factor: p.value for p in candidate.parts},
        how=how,
    )


def circumstance_choices() -> list[tuple[str, str]]:
    from recruitment.selectors import circumstance_choices

    return circumstance_choices()


def exclusions_set(*, coach: Coach, circumstances: dict[int, str]) -> None:
    """Which circumstance each of a coach's exclusions rules out (a hard rule in matching)."""
    from recruitment.models import MatchingExclusion

    known = dict(circumstance_choices())
    with transaction.atomic():
        for exclusion in MatchingExclusion.objects.filter(coach=coach, pk__in=circumstances):
            value = circumstances[exclusion.pk]
            value = value if value in known else ""
            if exclusion.circumstance != value:
                audit.record(
                    action="matching.exclusion.changed",
                    organisation=coach.organisation,
                    obj=coach,
                    changes={"circumstance": [exclusion.circumstance, value]},
                )
                MatchingExclusion.objects.filter(pk=exclusion.pk).update(circumstance=value, updated_at=timezone.now())


# --- bulk matching -------------------------------------------------------------------------


def bulk_start(*, programme, user) -> Any:
    from .models import BulkRun
    from .tasks import bulk_match

    run = BulkRun.objects.create(organisation_id=programme.organisation_id, programme=programme, created_by=user)
    audit.record(action="matching.bulk.started", organisation=programme.organisation, obj=run)
    transaction.on_commit(lambda: bulk_match.enqueue(organisation_id=run.organisation_id, run_id=run.pk))
    return run


def bulk_run(*, run_id: int) -> None:
    """The background work: score everyone waiting, solve, store proposals with reasons.
    Runs in the run's organisation (the bulk_match task enters it): everything it reads or
    writes is that organisation's."""
    from .bulk import plan
    from .models import BulkProposal, BulkRun
    from .scoring import score as score_pair

    run = BulkRun.objects.select_related("programme").get(pk=run_id)

    def progress(percent: int, message: str) -> None:
        BulkRun.objects.filter(pk=run.pk).update(status=BulkRun.Status.RUNNING, progress=percent, message=message)

    try:
        progress(2, "Reading the coaches and who is waiting")
        programme = run.programme
        pool = selectors.coach_pool(programme)
        clients = list(
            selectors.waiting_clients(programme).select_related("match_profile").order_by("referral_date", "pk")
        )
        facts, _ = selectors.clients_facts(clients)
        known = set(KnownConnection.objects.filter(client__in=clients).values_list("client_id", "coach_id"))
        weights = selectors.weights_for(programme).as_dict()
        result = plan(
            facts,
            pool.coaches,
            weights,
            known=known,
            progress=progress,
        )
        best, greedy, candidates = result.best, result.greedy, result.candidates
        rows = []
        for i, client in enumerate(clients):
            # Each client's best allowed coaches, best first: the alternatives the review offers.
            ranked = [
                (int(a), float(s))
                for a, s in zip(candidates.coach[i, :5], candidates.score[i, :5], strict=True)
                if a >= 0
            ]
            j = best.pairs.get(i)
            reasons: list[str] = []
            score = 0.0
            if j is not None:
                candidate = score_pair(facts[i], pool.coaches[j], weights)
                reasons, score = [r.reason for r in candidate.reasons], candidate.score
            alternatives = [[pool.coaches[a].id, round(s, 1)] for a, s in ranked]
            if j is not None and all(a != j for a, _ in ranked):
                # The best overall assignment may give someone their sixth choice: the review must
                # still accept the proposal as it stands.
                alternatives.append([pool.coaches[j].id, round(score, 1)])
            rows.append(
                BulkProposal(
                    organisation_id=run.organisation_id,
                    run=run,
                    client=client,
                    coach_id=pool.coaches[j].id if j is not None else None,
                    score=score,
                    reasons=reasons,
                    alternatives=alternatives,
                )
            )
        with transaction.atomic():
            BulkProposal.objects.bulk_create(rows)
            BulkRun.objects.filter(pk=run.pk).update(
                status=BulkRun.Status.DONE,
                progress=100,
                message="Ready to review",
                clients=len(clients),
                matched=len(best.pairs),
                total_score=best.total,
                greedy_matched=len(greedy.pairs),
                greedy_score=greedy.total,
                finished_at=timezone.now(),
            )
    except Exception as error:  # the coordinator must see it failed, not a bar stuck at 60%
        BulkRun.objects.filter(pk=run.pk).update(status=BulkRun.Status.FAILED, message=str(error)[:200])
        raise


def bulk_review(*, run, choices: dict[int, tuple[int | None, bool]]) -> None:
    """Save the coordinator's edits: a coach from each client's allowed alternatives (or nobody),
    and whether to include the pair. A change is refused as it is made, in words, if it breaks a
    rule: a coach outside the client's alternatives, a coach who can no longer take the client,
    or more ticked clients for a coach than they have room for. The run's totals follow."""
    from people.models import Coach

    with transaction.atomic():
        proposals = [p for p in run.proposals.select_for_update().select_related("client") if not p.outcome]
        wanted = {}
        for proposal in proposals:
            coach_id, include = choices.get(proposal.pk, (proposal.coach_id, proposal.include))
            if coach_id is not None and coach_id not in {a for a, _ in proposal.alternatives}:
                raise ValidationError(f"Choose one of the suggested coaches for {proposal.client.first_name}.")
            wanted[proposal.pk] = (coach_id, include and coach_id is not None)
        names = dict(Coach.objects.filter(pk__in={c for c, _ in wanted.values() if c}).values_list("pk", "first_name"))
        _check_room(run, proposals, wanted, names)
        for proposal in proposals:
            coach_id, include = wanted[proposal.pk]
            changes = {"coach_id": coach_id, "include": include}
            if coach_id != proposal.coach_id:
                changes.update(_rescored(proposal, coach_id, names))
            if any(getattr(proposal, k) != v for k, v in changes.items()):
                type(proposal).objects.filter(pk=proposal.pk).update(**changes)
        _update_totals(run)
    audit.record(action="matching.bulk.reviewed", organisation=run.organisation, obj=run)


def _check_room(run, proposals, wanted, names) -> None:
    """No coach may be ticked for more clients than the places they have free now."""
    room = selectors.coach_room(run.programme, {c for c, inc in wanted.values() if c and inc})
    chosen: dict[int, list[str]] = {}
    for proposal in proposals:
        coach_id, include = wanted[proposal.pk]
        if coach_id and include:
            chosen.setdefault(coach_id, []).append(proposal.client.first_name)
    for coach_id, clients in chosen.items():
        free = room.get(coach_id, 0)
        if len(clients) > free:
            places = "no places left" if free <= 0 else f"room for {free} more client{'s' if free != 1 else ''}"
            excess = len(clients) - max(free, 0)
            raise ValidationError(
                f"{names.get(coach_id, 'This coach')} has {places}, but is chosen for {_and_names(sorted(clients))}. "
                f"Choose someone else for {'one of them' if excess == 1 else f'{excess} of them'}, or untick a pair."
            )


def _and_names(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _rescored(proposal, coach_id, names) -> dict:
    """The score and reasons of a swapped-in coach, worked out again now; refused in words if the
    coach can no longer be matched with the client."""
    if coach_id is None:
        return {"score": 0.0, "reasons": []}
    result = selectors.suggestions_of(proposal.client, limit=None)
    candidate = next((c for c in result.candidates if c.coach_id == coach_id), None)
    if candidate is None:
        raise ValidationError(
            f"{names.get(coach_id, 'That coach')} can no longer be matched with {proposal.client.first_name}: "
            "they may be full now or no longer ready. Choose another coach."
        )
    return {"score": candidate.score, "reasons": [r.reason for r in candidate.reasons]}


def _update_totals(run) -> None:
    """The run's counts as the proposal now stands: pairs ticked or already started."""
    from django.db.models import Q, Sum

    from .models import BulkRun

    kept = run.proposals.filter(coach__isnull=False).filter(
        Q(outcome="", include=True) | Q(outcome__startswith="Introductions started")
    )
    totals = kept.aggregate(total=Sum("score"))
    BulkRun.objects.filter(pk=run.pk).update(matched=kept.count(), total_score=totals["total"] or 0.0)


def bulk_confirm(*, run, choices: dict[int, tuple[int | None, bool]] | None = None) -> tuple[int, int]:
    """Start introductions for every included pair, checking every hard rule again one by one
    (places fill as we go). Returns (started, refused).

    With `choices` (the review form as sent), they are saved first, as bulk_review saves them: a
    refused choice raises before any introduction starts."""
    if choices is not None:
        bulk_review(run=run, choices=choices)
    started = refused = 0
    for proposal in run.proposals.filter(include=True, coach__isnull=False, outcome="").select_related("client"):
        try:
            with transaction.atomic():
                pair_from_suggestion(
                    client=proposal.client, coach_id=proposal.coach_id, started_on=timezone.localdate()
                )
                type(proposal).objects.filter(pk=proposal.pk).update(outcome="Introductions started")
            started += 1
        except ValidationError as error:
            type(proposal).objects.filter(pk=proposal.pk).update(outcome="Not started: " + " ".join(error.messages))
            refused += 1
    _update_totals(run)
    audit.record(action="matching.bulk.confirmed", organisation=run.organisation, obj=run)
    return started, refused


# --- client choice and introductions -------------------------------------------------------


def offer_share(*, client: Client, coach_ids: list[int], by) -> Any:
    """Share two or three suggested coaches with the client. Only coaches who are suggestible now
    (every hard rule) and who agreed to their short profile being shown can be shared."""
    from .models import Offer

    _require_programme(client)
    coach_ids = list(dict.fromkeys(coach_ids))
    if not 2 <= len(coach_ids) <= 3:
        raise ValidationError({"coaches": "Choose two or three coaches to share."})
    allowed = {c.coach_id for c in selectors.suggestions_of(client, limit=None).candidates}
    coaches = list(Coach.objects.filter(pk__in=coach_ids).select_related("match_profile"))
    if len(coaches) != len(coach_ids) or any(c.pk not in allowed for c in coaches):
        raise ValidationError({"coaches": "Share only coaches from the suggestions."})
    unconsented = [
        c.first_name for c in coaches if not getattr(getattr(c, "match_profile", None), "share_with_clients", False)
    ]
    if unconsented:
        raise ValidationError({"coaches": f"{', '.join(unconsented)} has not agreed to their profile being shown."})
    with transaction.atomic():
        Offer.objects.filter(client=client, status=Offer.Status.SHARED).update(
            status=Offer.Status.CLOSED, updated_at=timezone.now()
        )
        offer = Offer.objects.create(organisation_id=client.organisation_id, client=client, shared_by=by)
        offer.coaches.set(coaches)
        audit.record(
            action="matching.offer.shared",
            organisation=client.organisation,
            obj=client,
            changes={"coaches": [None, [c.first_name for c in coaches]]},
        )
    return offer


def offer_respond(*, offer, coach_id: int | None, note: str = "") -> Any:
    """The client picks one of the shared coaches, or asks for someone else (coach_id None)."""
    from .models import Offer

    if offer.status != Offer.Status.SHARED:
        raise ValidationError("You have already answered. Your coordinator will be in touch.")
    if coach_id is not None and not offer.coaches.filter(pk=coach_id).exists():
        raise ValidationError("Choose one of the coaches shown.")
    changes = {
        "status": Offer.Status.CHOSEN if coach_id else Offer.Status.SOMEONE_ELSE,
        "chosen_id": coach_id,
        "client_note": note[:500],
        "responded_at": timezone.now(),
    }
    update_versioned(instance=offer, changes=changes, expected_version=offer.version, action="matching.offer.answered")
    return offer


def intro_visit_record(*, relationship, **fields: Any) -> Any:
    from journeys.models import Relationship

    from .models import IntroVisit

    if relationship.status != Relationship.Status.INTRODUCING:
        raise ValidationError("Introductory visits are for pairs who are getting to know each other.")
    number = relationship.intro_visits.count() + 1
    if number > 3:
        raise ValidationError("There have already been three introductory visits. Confirm or decline the match.")
    visit = IntroVisit(organisation_id=relationship.organisation_id, relationship=relationship, number=number, **fields)
    return create_audited(instance=visit, action="matching.intro_visit.recorded", audit_fields=["number", "held_on"])


def match_decline(*, relationship, expected_version: int, reason: str) -> Any:
    """Decline after the introductions: the relationship ends, the client goes back to the waiting
    list, and this coach is never suggested for them again, with what was learned."""
    from journeys.models import Ending
    from journeys.services import relationship_end

    with transaction.atomic():
        ending = relationship_end(
            relationship=relationship,
            expected_version=expected_version,
            planned=False,
            ended_on=timezone.localdate(),
            reason=Ending.Reason.OTHER,
            reason_detail=f"Declined after the introductions: {reason}",
            next_step=Ending.NextStep.REMATCH,
        )
        KnownConnection.objects.get_or_create(
            client=relationship.client,
            coach=relationship.coach,
            defaults={
                "organisation_id": relationship.organisation_id,
                "note": f"Declined after the introductions: {reason}"[:200],
            },
        )
    return ending


def reciprocal_start(*, user, programme) -> int:
    """Start every proposed reciprocal pair, the proposal worked out again now."""
    from .models import ReciprocalPair

    proposed, _, _ = selectors.reciprocal_proposal(user, programme)
    with transaction.atomic():
        ReciprocalPair.objects.bulk_create(
            ReciprocalPair(
                organisation_id=programme.organisation_id,
                programme=programme,
                first_id=a.id,
                second_id=b.id,
                score=score,
                reasons=reasons,
            )
            for a, b, score, reasons in proposed
        )
        audit.record(
            action="matching.reciprocal.started",
            organisation=programme.organisation,
            obj=programme,
            changes={"pairs": [None, len(proposed)]},
        )
    return len(proposed)


HARD_RULE_MESSAGES = {
    "language": "{coach} does not speak {language}, which {client} needs.",
    "gender": "{client} asked for a coach who is {gender}.",
    "excluded": "{coach} said they would rather not work with {client}'s situation.",
    "known": "{coach} and {client} know each other, so they are never paired.",
}


def hard_rules_check(*, client: Client, coach: Coach, programme) -> None:
    """The matching hard rules for any new pair, by hand or not (readiness and capacity are
    checked by journeys itself)."""
    from . import scoring

    facts, _ = selectors.client_facts(client)
    profile = CoachProfile.objects.filter(coach=coach).first()
    exclusions = set(coach.matching_exclusions.exclude(circumstance="").values_list("circumstance", flat=True))
    known = KnownConnection.objects.filter(client=client, coach=coach).exists()
    coach_facts = scoring.CoachFacts(
        id=coach.pk,
        name=coach.first_name,
        gender=profile.gender if profile else "",
        languages=selectors._split_languages(coach.languages) | {"english"},
        excluded_circumstances=frozenset(exclusions),
        known_clients=frozenset({client.pk}) if known else frozenset(),
        capacity=10**6,
    )
    rule = scoring.blocked(facts, coach_facts)
    if rule in HARD_RULE_MESSAGES:
        message = HARD_RULE_MESSAGES[rule].format(
            coach=coach.first_name,
            client=client.first_name,
            language=facts.must_speak,
            gender=scoring.GENDER_WORDS.get(facts.wants_gender, facts.wants_gender),
        )
        raise ValidationError({"coach": message})
