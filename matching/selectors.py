"""Reads for matching: the facts about a programme's coaches and a client, suggestions with
reasons, and the waiting list with why nobody suitable is ready. Shared by pages and the API."""

from __future__ import annotations

import dataclasses
import datetime
import hashlib
import time
from collections import Counter
from dataclasses import dataclass

import numpy as np
from django.conf import settings
from django.db import connection
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from core.access import get_or_404
from journeys.models import Relationship
from organisations.permissions import require
from people.models import Client, Coach
from people.selectors import get_client_for_user
from recruitment.models import MatchingExclusion
from training.readiness import readiness_tables, ready_coach_ids, stamp_query, with_readiness_data

from . import embeddings, keywords, scoring
from .availability import slots
from .models import CoachProfile, DebtSize, KnownConnection, Weights
from .texts import client_meaning, coach_meaning

SUGGESTIONS = 5


def debt_size_of(amount) -> int | None:
    """The size band (DebtSize) of the amount a client owes, as recorded at intake."""
    if amount is None:
        return None
    if amount <= 0:
        return DebtSize.NONE
    if amount < 1000:
        return DebtSize.SMALL
    if amount <= 5000:
        return DebtSize.MEDIUM
    if amount <= 15000:
        return DebtSize.LARGE
    return DebtSize.VERY_LARGE


def client_circumstances(profile_circumstances, debt_kinds) -> frozenset[str]:
    """What a client lives with: the matching profile's list and the debt kinds recorded at intake
    (one set of facts, whichever page they were typed on)."""
    return frozenset(profile_circumstances or ()) | frozenset(debt_kinds or ())


def _age(born: datetime.date | None, today: datetime.date) -> int | None:
    if born is None:
        return None
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def _split_languages(text: str) -> frozenset[str]:
    return frozenset(part.strip().casefold() for part in text.replace(";", ",").split(",") if part.strip())


def weights_for(programme) -> Weights:
    weights = Weights.objects.filter(programme=programme).first()
    return weights or Weights(organisation_id=programme.organisation_id, programme=programme)


@dataclass
class Pool:
    """A programme's active coaches as facts; each coach's items and their vectors travel in the
    facts (CoachFacts.interest_items, experience_items)."""

    programme: object
    coaches: list[scoring.CoachFacts]
    # No longer used (one vector per whole profile); kept so older callers still construct a Pool.
    matrix: np.ndarray | None = None
    has_vector: np.ndarray | None = None
    ready_count: int = 0
    rows: object = None  # bulk.coach_rows(coaches): the coaches' side of every matrix, built once


_POOLS: dict[str, tuple[float, Pool]] = {}
# Part of every shared cache key: a deploy that changes what a pool holds never reads an old one.
_POOL_FORMAT = hashlib.sha256(
    repr([f.name for f in dataclasses.fields(scoring.CoachFacts)] + [f.name for f in dataclasses.fields(Pool)]).encode()
).hexdigest()[:8]


_STAMP_SQL: dict[tuple, tuple[str, tuple]] = {}


def _stamp(programme) -> str:
    """Changes whenever anything the pool is built from changes: the programme, the coaches, their
    matching profiles and exclusions, and everything readiness reads (each readiness source names
    its own tables; today's date is in it too, as checks and training expire). One query, compiled
    once per programme in this process: building a query of two dozen subqueries through the ORM
    costs more than running it."""
    key = (connection.alias, connection.settings_dict["NAME"], programme.organisation_id, programme.pk)
    if key not in _STAMP_SQL:
        tables = [Coach.objects.all(), CoachProfile.objects.all(), MatchingExclusion.objects.all()]
        query = stamp_query(tables + readiness_tables(programme), programme.organisation_id)
        _STAMP_SQL[key] = query.query.sql_with_params()
    sql, params = _STAMP_SQL[key]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        figures = cursor.fetchone()
    parts = [str(programme.pk), str(programme.version), str(programme.coach_capacity), str(timezone.localdate())]
    return hashlib.sha256("|".join([*parts, repr(figures)]).encode()).hexdigest()[:24]


def coach_pool(programme, *, coach_queryset: QuerySet[Coach] | None = None) -> Pool:
    """Every active coach as matching facts, each marked ready or not for the programme.

    Judging readiness for thousands of coaches is the slow part, and its inputs change rarely, so
    the facts are cached under a stamp of everything they are built from; how many clients each
    coach has now (capacity, a hard rule) is always read fresh."""
    seconds = getattr(settings, "MATCHING_POOL_CACHE_SECONDS", 600)
    if coach_queryset is not None or not seconds:
        return _with_fresh_load(_build_pool(programme, coach_queryset))
    key = f"matching-pool:{_POOL_FORMAT}:{programme.organisation_id}:{programme.pk}:{_stamp(programme)}"
    now = time.monotonic()
    cached = _POOLS.get(key)
    if cached is None or now - cached[0] > seconds:
        # This process's memory first (unpickling thousands of facts on every request would cost
        # more than it saves), then the shared cache, which outlives a worker and serves new ones.
        pool = _shared_pool(key, programme)
        if pool is None:
            pool = _build_pool(programme, None)
            _shared_cache().set(key, dataclasses.replace(pool, programme=None), seconds)
        cached = (now, pool)
        _POOLS[key] = cached
        while len(_POOLS) > 16:
            _POOLS.pop(next(iter(_POOLS)))
    return _with_fresh_load(cached[1])


def _shared_cache():
    from django.core.cache import caches

    return caches["matching"] if "matching" in settings.CACHES else caches["default"]


def _shared_pool(key: str, programme) -> Pool | None:
    try:
        stored = _shared_cache().get(key)
    except Exception:  # an unreadable entry (or cache) only means building the pool again
        return None
    return dataclasses.replace(stored, programme=programme) if isinstance(stored, Pool) else None


def _with_fresh_load(pool: Pool) -> Pool:
    # Every coach of the organisation with an open relationship (the scope picks it), rather than
    # a list of thousands of ids in the query: the same counts, for a fraction of the work.
    counts = dict(
        Relationship.objects.filter(status__in=Relationship.OPEN_STATUSES)
        .order_by()
        .values_list("coach_id")
        .annotate(n=Count("pk"))
        .values_list("coach_id", "n")
    )
    coaches = [
        c if c.open_count == counts.get(c.id, 0) else dataclasses.replace(c, open_count=counts.get(c.id, 0))
        for c in pool.coaches
    ]
    return dataclasses.replace(pool, coaches=coaches)


def _build_pool(programme, coach_queryset: QuerySet[Coach] | None) -> Pool:
    today = timezone.localdate()
    coaches = list(
        with_readiness_data(coach_queryset if coach_queryset is not None else Coach.objects.all())
        .filter(status=Coach.Status.ACTIVE)
        .select_related("match_profile")
        .prefetch_related(
            Prefetch("matching_exclusions", MatchingExclusion.objects.only("coach_id", "description", "circumstance"))
        )
        .order_by("pk")
    )
    ready = ready_coach_ids(programme, coaches)
    facts, stale = [], []
    for coach in coaches:
        profile = getattr(coach, "match_profile", None)
        exclusions = list(coach.matching_exclusions.all())
        interest_items, experience_items, up_to_date = coach_meaning(coach)
        if not up_to_date and coach.pk in ready:
            stale.append(coach.pk)
        facts.append(
            scoring.CoachFacts(
                id=coach.pk,
                name=coach.first_name,
                circumstances=frozenset(profile.circumstances) if profile else frozenset(),
                debt_size=profile.debt_size if profile else None,
                age=_age(coach.date_of_birth, today),
                gender=profile.gender if profile else "",
                languages=_split_languages(coach.languages) | {"english"},
                channels=frozenset(profile.channels) if profile else frozenset(),
                area=coach.area.strip(),
                slots=frozenset(slots(coach.availability)),
                words=keywords.words(coach.interests),
                open_count=0,  # filled in fresh by _with_fresh_load
                capacity=programme.coach_capacity,
                ready=coach.pk in ready,
                excluded_circumstances=frozenset(e.circumstance for e in exclusions if e.circumstance),
                exclusion_notes=tuple(e.description for e in exclusions if not e.circumstance),
                interest_items=interest_items,
                experience_items=experience_items,
            )
        )
    if stale and embeddings.available():
        # Records edited since their words were embedded: score them by words now, embed for next time.
        from .services import refresh_later

        refresh_later(organisation_id=programme.organisation_id, coach_ids=stale)
    from .bulk import coach_rows

    return Pool(programme, facts, ready_count=len(ready), rows=coach_rows(facts))


def client_facts(client: Client) -> tuple[scoring.ClientFacts, None]:
    """The client's facts, their items and vectors inside (the second value is kept for callers)."""
    loaded = Client.objects.select_related("match_profile").get(pk=client.pk)
    facts, _ = clients_facts([loaded])
    return facts[0], None


@dataclass
class Suggestions:
    candidates: list[scoring.Candidate]
    why_none: str
    considered: int
    blocked: Counter


def _why_none(client: scoring.ClientFacts, pool: Pool, blocked: Counter) -> str:
    if pool.ready_count == 0:
        return f"No coach is ready for {pool.programme.name} yet."
    if not blocked:
        return ""
    code, _ = blocked.most_common(1)[0]
    return {
        "language": f"No ready coach speaks {client.must_speak}.",
        "gender": f"No ready coach is {scoring.GENDER_WORDS.get(client.wants_gender, client.wants_gender)}.",
        "excluded": "The ready coaches have said they would rather not work with this situation.",
        "known": "The ready coaches with room already know this client.",
        "full": "Every ready coach who would suit is full.",
    }.get(code, "No ready coach suits.")


def suggest(
    client_data: tuple[scoring.ClientFacts, np.ndarray | None],
    pool: Pool,
    weights: dict[str, int],
    *,
    known: frozenset[int] = frozenset(),
    limit: int | None = SUGGESTIONS,
) -> Suggestions:
    """The best coaches for one client (see suggest_many)."""
    client = client_data[0]
    return suggest_many([client_data], pool, weights, known={client.id: known}, limit=limit)[0]


def suggest_many(
    clients_data: list[tuple[scoring.ClientFacts, np.ndarray | None]],
    pool: Pool,
    weights: dict[str, int],
    *,
    known: dict[int, frozenset[int]] | None = None,
    limit: int | None = SUGGESTIONS,
) -> list[Suggestions]:
    """The best coaches for each of these clients (all in the pool's programme). They are scored
    against every coach as one matrix with the numpy scorer (bulk.py, which agrees with
    scoring.score pair by pair); only the few shown are scored again one by one, for their reasons."""
    from .bulk import score_matrix

    known = known or {}
    facts = [client for client, _ in clients_data]
    all_scores, all_allowed = score_matrix(
        facts,
        pool.coaches,
        weights,
        known={(client.id, coach_id) for client in facts for coach_id in known.get(client.id, ())},
        side=pool.rows,
    )
    results, why_cache = [], {}
    for row, (client, _) in enumerate(clients_data):
        scores, allowed = all_scores[row], all_allowed[row]
        indices = np.flatnonzero(allowed)
        if limit:
            # Ties are broken by name as scoring.rank does, so take a margin before the exact ranking.
            indices = indices[np.argsort(-scores[indices], kind="stable")][: limit * 4]
        candidates = []
        for index in indices:
            candidates.append(scoring.score(client, pool.coaches[index], weights))
        ranked = scoring.rank(candidates, limit)
        considered = int(allowed.sum())
        if ranked:
            results.append(Suggestions(ranked, "", considered, Counter()))
            continue
        mine = known.get(client.id, frozenset())
        # Clients who ask for the same things are refused by the same coaches for the same reasons.
        key = (client.must_speak.strip().casefold(), client.wants_gender, client.circumstances, mine)
        if key not in why_cache:
            blocked = Counter()
            for coach in pool.coaches:
                if coach.id in mine:
                    coach = dataclasses.replace(coach, known_clients=coach.known_clients | {client.id})
                rule = scoring.blocked(client, coach)
                if rule and rule != "not_ready":
                    blocked[rule] += 1
            why_cache[key] = blocked
        blocked = why_cache[key]
        results.append(Suggestions([], _why_none(client, pool, blocked), considered, blocked))
    return results


def current_match(client: Client) -> Relationship | None:
    """The coach a client is with now (getting to know each other, working together or paused)."""
    return (
        Relationship.objects.filter(client=client, status__in=Relationship.OPEN_STATUSES)
        .select_related("coach")
        .order_by("-started_on", "-pk")
        .first()
    )


def suggestions_for(user, client_id: int, *, weights: dict[str, int] | None = None) -> tuple[Client, Suggestions]:
    require(user, "matching.view")
    client = get_client_for_user(user, client_id)
    return client, _suggestions(client, weights=weights)


def _suggestions(client: Client, *, weights: dict[str, int] | None = None) -> Suggestions:
    if client.programme_id is None:
        return Suggestions([], "Give the client a programme first.", 0, Counter())
    return suggestions_of(client, weights=weights)


def suggestions_page(user, client_id: int) -> tuple[Client, Relationship | None, Suggestions]:
    """(client, their current match, suggestions): a matched client is not waiting, so they get
    no suggestions, and the page says who they are with instead."""
    require(user, "matching.view")
    client = get_client_for_user(user, client_id)
    match = current_match(client)
    if match is not None:
        return client, match, Suggestions([], "", 0, Counter())
    return client, None, _suggestions(client)


def suggestions_of(client: Client, *, weights: dict[str, int] | None = None, limit: int | None = SUGGESTIONS):
    """Suggestions for a client with a programme, as they stand now (no permission check: callers
    have already found the client for the user). limit=None gives every coach allowed."""
    known = frozenset(KnownConnection.objects.filter(client=client).values_list("coach_id", flat=True))
    chosen = weights or weights_for(client.programme).as_dict()
    return suggest(client_facts(client), coach_pool(client.programme), chosen, known=known, limit=limit)


WAITS = [("", "Any wait"), ("4", "Over 4 weeks"), ("8", "Over 8 weeks"), ("12", "Over 12 weeks")]
WAITING_PER_PAGE = 25


def _waiting(programme_id: int | None = None, weeks: int | None = None) -> QuerySet[Client]:
    clients = (
        Client.objects.filter(status=Client.Status.WAITING, programme__isnull=False)
        .exclude(relationships__status__in=Relationship.OPEN_STATUSES)
        .order_by("referral_date", "id")
    )
    if programme_id:
        clients = clients.filter(programme_id=programme_id)
    if weeks:
        clients = clients.filter(referral_date__lt=timezone.localdate() - datetime.timedelta(weeks=weeks))
    return clients


def _known_for(clients) -> dict[int, frozenset[int]]:
    connections: dict[int, set[int]] = {}
    for client_id, coach_id in KnownConnection.objects.filter(client__in=clients).values_list("client_id", "coach_id"):
        connections.setdefault(client_id, set()).add(coach_id)
    return {client_id: frozenset(coaches) for client_id, coaches in connections.items()}


def nobody_suits(clients: QuerySet[Client], pools: dict) -> list[int]:
    """The ids, in order, of the clients no ready coach may be matched with under the hard rules.
    Only what the hard rules read is loaded (one query, and one for known connections), and clients
    asking for the same things are checked once, so this stays quick for thousands waiting."""
    from .bulk import score_matrix

    rows = list(
        clients.values_list(
            "pk", "programme_id", "match_profile__must_speak", "match_profile__wants_coach_gender",
            "match_profile__circumstances", "debt_kinds",
        )
    )  # fmt: skip
    known = _known_for(clients)
    # Circumstances matter to the hard rules only where some coach excludes them.
    excluded = frozenset().union(*(k.excluded_circumstances for pool, _ in pools.values() for k in pool.coaches))
    asks: dict[tuple, list[int]] = {}
    for pk, programme_id, must_speak, gender, circumstances, debt_kinds in rows:
        lives_with = client_circumstances(circumstances, debt_kinds)
        key = (programme_id, (must_speak or "").strip(), gender or "", lives_with & excluded)
        asks.setdefault(key, []).append(pk)
    nobody = set()
    for programme_id in {key[0] for key in asks}:
        pool, weights = pools[programme_id]
        keys = [key for key in asks if key[0] == programme_id]
        facts = [
            scoring.ClientFacts(id=-n - 1, must_speak=key[1], wants_gender=key[2], circumstances=key[3])
            for n, key in enumerate(keys)
        ]
        _, allowed = score_matrix(facts, pool.coaches, weights, side=pool.rows)
        coach_ids = np.array([k.id for k in pool.coaches], dtype=np.int64)
        for key, row in zip(keys, allowed, strict=True):
            for pk in asks[key]:
                if pk in known:  # rare: only then is the set of coaches needed
                    if not set(coach_ids[row].tolist()) - known[pk]:
                        nobody.add(pk)
                elif not row.any():
                    nobody.add(pk)
    return [pk for pk, *_ in rows if pk in nobody]


def waiting_list(
    user, *, programme_id: int | None = None, weeks: int | None = None, only_nobody_suits: bool = False, page=None
):
    """A page of the clients waiting for a coach, longest wait first, each with their best
    suggestion or why nobody suits. The page is scored as one matrix per programme, each client's
    facts read once, so the number of queries does not grow with the number waiting."""
    from django.core.paginator import Paginator

    from organisations.models import Programme

    from .models import Offer

    require(user, "matching.view")
    today = timezone.localdate()
    clients = _waiting(programme_id, weeks)
    pools: dict[int, tuple[Pool, dict[str, int]]] = {}

    def pool_for(programme) -> tuple[Pool, dict[str, int]]:
        if programme.pk not in pools:
            pools[programme.pk] = (coach_pool(programme), weights_for(programme).as_dict())
        return pools[programme.pk]

    if only_nobody_suits:
        programme_ids = set(clients.values_list("programme_id", flat=True).distinct())
        for programme in Programme.objects.filter(pk__in=programme_ids):
            pool_for(programme)
        listing = Paginator(nobody_suits(clients, pools), WAITING_PER_PAGE).get_page(page)
        by_id = Client.objects.select_related("programme", "match_profile").in_bulk(list(listing.object_list))
        shown = [by_id[pk] for pk in listing.object_list if pk in by_id]
    else:
        listing = Paginator(clients.select_related("programme", "match_profile"), WAITING_PER_PAGE).get_page(page)
        shown = list(listing.object_list)
    offers = {
        o.client_id: o
        for o in Offer.objects.filter(client__in=shown)
        .exclude(status=Offer.Status.CLOSED)
        .select_related("chosen")
        .order_by("created_at")
    }
    known = _known_for(shown)
    facts, vectors = clients_facts(shown)
    results: dict[int, Suggestions] = {}
    for programme_id_ in dict.fromkeys(client.programme_id for client in shown):
        rows = [n for n, client in enumerate(shown) if client.programme_id == programme_id_]
        pool, weights = pool_for(shown[rows[0]].programme)
        data = [(facts[n], None if np.isnan(vectors[n, 0]) else vectors[n]) for n in rows]
        for n, result in zip(rows, suggest_many(data, pool, weights, known=known, limit=1), strict=True):
            results[n] = result
    listing.object_list = [
        {
            "client": client,
            "days": (today - client.referral_date).days,
            "best": results[n].candidates[0] if results[n].candidates else None,
            "why_none": results[n].why_none,
            "offer": offers.get(client.pk),
        }
        for n, client in enumerate(shown)
    ]
    return listing


def get_weights_for_user(user, programme_id: int):
    from organisations.selectors import get_programme_for_user

    require(user, "matching.edit")
    programme = get_programme_for_user(user, programme_id)
    return programme, weights_for(programme)


def get_connection_for_user(user, connection_id: int) -> KnownConnection:
    require(user, "matching.edit")
    return get_or_404(KnownConnection.objects.select_related("coach", "client"), connection_id)


def waiting_clients(programme) -> QuerySet[Client]:
    # A client already getting to know a coach is not waiting, whatever their status says.
    return (
        Client.objects.filter(programme=programme, status=Client.Status.WAITING)
        .exclude(relationships__status__in=Relationship.OPEN_STATUSES)
        .order_by("referral_date", "id")
    )


def sample_client(programme, client_id) -> Client | None:
    """The waiting client whose suggestions the weights page previews (the longest waiting unless
    one is chosen)."""
    clients = waiting_clients(programme)
    if client_id and str(client_id).isdigit():
        chosen = clients.filter(pk=int(client_id)).first()
        if chosen:
            return chosen
    return clients.first()


def clients_facts(clients: list[Client]) -> tuple[list[scoring.ClientFacts], np.ndarray]:
    """Facts for many clients, their items and vectors inside; profiles come with them. The
    second value (one NaN row per client) is no longer used and is kept for callers."""
    today = timezone.localdate()
    facts = []
    for client in clients:
        profile = getattr(client, "match_profile", None)
        interest_items, hope_items, _ = client_meaning(client)
        facts.append(
            scoring.ClientFacts(
                id=client.pk,
                circumstances=client_circumstances(profile.circumstances if profile else (), client.debt_kinds),
                # The matching page's band if someone chose one there, else the amount from intake.
                debt_size=(
                    profile.debt_size if profile and profile.debt_size is not None else debt_size_of(client.debt_amount)
                ),
                age=_age(client.date_of_birth, today),
                consider_age=profile.consider_age if profile else True,
                language=client.language or "English",
                channels=frozenset(client.preferred_channels or []),
                area=client.area.strip(),
                slots=frozenset(slots(client.availability)),
                words=keywords.words(client.interests),
                wants_gender=profile.wants_coach_gender if profile else "",
                must_speak=profile.must_speak.strip() if profile else "",
                interest_items=interest_items,
                hope_items=hope_items,
            )
        )
    return facts, np.full((len(facts), embeddings.DIMENSIONS), np.nan, dtype=np.float32)


def pool_vectors(pool: Pool) -> np.ndarray:
    """No longer used (meaning travels in the facts); NaN rows, kept for callers."""
    return np.full((len(pool.coaches), embeddings.DIMENSIONS), np.nan, dtype=np.float32)


def runs_for(user, programme) -> QuerySet:
    from .models import BulkRun

    require(user, "matching.edit")
    return BulkRun.objects.filter(programme=programme).select_related("created_by")[:10]


def get_run_for_user(user, run_id: int):
    from .models import BulkRun

    require(user, "matching.edit")
    return get_or_404(BulkRun.objects.select_related("programme"), run_id)


def proposals(run):
    from people.models import Coach

    rows = list(run.proposals.select_related("client", "coach"))
    ids = {coach_id for p in rows for coach_id, _ in p.alternatives}
    names = dict(Coach.objects.filter(pk__in=ids).values_list("pk", "first_name"))
    return rows, names


def coach_room(programme, coach_ids) -> dict[int, int]:
    """Places each coach has free in the programme now (capacity less their open pairs)."""
    taken = dict(
        Relationship.objects.filter(coach_id__in=coach_ids, status__in=Relationship.OPEN_STATUSES)
        .values_list("coach_id")
        .annotate(n=Count("pk"))
        .values_list("coach_id", "n")
    )
    return {coach_id: programme.coach_capacity - taken.get(coach_id, 0) for coach_id in coach_ids}


def bulk_summary(run, rows) -> dict:
    """The run's totals in words, as the proposal now stands."""
    average = round(run.total_score / run.matched) if run.matched else 0
    greedy_average = round(run.greedy_score / run.greedy_matched) if run.greedy_matched else 0
    # A row can still be changed if it has no outcome and someone could be chosen for it.
    pending = [p for p in rows if not p.outcome and p.alternatives]
    for p in rows:
        p.actionable = not p.outcome and bool(p.alternatives)
    return {
        "average": average,
        "pending": len(pending),
        "started": sum(p.outcome.startswith("Introductions started") for p in rows),
        "refused": sum(bool(p.outcome) and not p.outcome.startswith("Introductions started") for p in rows),
        "compared": (
            f"Picking the highest-scoring pair first, then the next, would have matched {run.greedy_matched} "
            f"client{'s' if run.greedy_matched != 1 else ''} with an average score of {greedy_average}. "
            "This proposal looks at everyone at once."
        ),
    }


def latest_offer(client: Client):
    from .models import Offer

    return Offer.objects.filter(client=client).exclude(status=Offer.Status.CLOSED).select_related("chosen").first()


def shareable_ids(coach_ids: list[int]) -> set[int]:
    return set(
        CoachProfile.objects.filter(coach_id__in=coach_ids, share_with_clients=True).values_list("coach_id", flat=True)
    )


def offer_for_client_user(user):
    """The offer waiting for this signed-in client, if any (a client sees only their own)."""
    from .models import Offer

    require(user, "matching.choose")
    return (
        Offer.objects.filter(client__user=user, status=Offer.Status.SHARED).select_related("client", "chosen").first()
    )


def offer_profiles(offer) -> list[dict]:
    """Only what the coach agreed clients may see: first name, their line, their interests."""
    coaches = offer.coaches.select_related("match_profile").order_by("first_name")
    return [
        {"id": c.pk, "first_name": c.first_name, "intro": c.match_profile.intro, "interests": c.interests}
        for c in coaches
        if getattr(getattr(c, "match_profile", None), "share_with_clients", False)
    ]


FEWEST_SHOWN = 5  # a rate over fewer pairs (or goals) than this is shown as "fewer than 5"
BANDS = [(0, 40, "Under 40"), (40, 60, "40 to 59"), (60, 80, "60 to 79"), (80, 101, "80 and over")]


def _rates(rows: list[dict]) -> dict:
    today = timezone.localdate()
    old_enough = [r for r in rows if (today - r["started_on"]).days >= 90]
    lasted = [
        r
        for r in old_enough
        if r["status"] != Relationship.Status.ENDED or (r["ended_on"] and (r["ended_on"] - r["started_on"]).days >= 90)
    ]
    ended = [r for r in rows if r["status"] == Relationship.Status.ENDED]
    planned = [r for r in ended if r["planned"]]
    goals = sum(r["goals"] for r in rows)
    achieved = sum(r["achieved"] for r in rows)

    def pct(part, whole):
        # "100% of 1" says nothing and can point at one person: below a handful, no percentage.
        return round(100 * part / whole) if whole >= FEWEST_SHOWN else None

    def shown(part, whole):
        if not whole:
            return "–"
        if whole < FEWEST_SHOWN:
            return f"fewer than {FEWEST_SHOWN}"
        return f"{pct(part, whole)}% of {whole}"

    return {
        "matches": len(rows),
        "active_3_months": pct(len(lasted), len(old_enough)),
        "old_enough": len(old_enough),
        "planned_endings": pct(len(planned), len(ended)),
        "ended": len(ended),
        "goals_achieved": pct(achieved, goals),
        "goals": goals,
        "shown": {
            "active_3_months": shown(len(lasted), len(old_enough)),
            "planned_endings": shown(len(planned), len(ended)),
            "goals_achieved": shown(achieved, goals),
        },
    }


def outcomes_report(user) -> dict:
    """How matches went, by the score they were made with and by each factor: still together
    at three months, planned endings, goals achieved. Two queries."""
    from journeys.models import Ending, Goal

    from .models import FACTORS, MatchRecord

    require(user, "matching.view")
    planned = Ending.objects.filter(relationship=OuterRef("relationship"), undone_at__isnull=True, planned=True)
    records = list(
        MatchRecord.objects.select_related("relationship")
        .annotate(
            goals=Count("relationship__goals", distinct=True),
            achieved=Count(
                "relationship__goals",
                filter=Q(relationship__goals__status__in=[Goal.Status.ACHIEVED, Goal.Status.PARTLY_ACHIEVED]),
                distinct=True,
            ),
            planned=Exists(planned),
        )
        .order_by("pk")
    )
    rows = [
        {
            "score": r.score,
            "values": r.values,
            "status": r.relationship.status,
            "started_on": r.relationship.started_on,
            "ended_on": r.relationship.ended_on,
            "goals": r.goals,
            "achieved": r.achieved,
            "planned": r.planned,
        }
        for r in records
    ]
    bands = [{"label": label, **_rates([r for r in rows if low <= r["score"] < high])} for low, high, label in BANDS]
    factors = []
    for name, label in FACTORS:
        strong = [r for r in rows if r["values"].get(name, 0) >= 0.5]
        weak = [r for r in rows if name in r["values"] and r["values"][name] < 0.5]
        factors.append({"label": label, "strong": _rates(strong), "weak": _rates(weak)})
    return {"total": len(rows), "all": _rates(rows), "bands": bands, "factors": factors}


def reciprocal_proposal(user, programme):
    """Who in a reciprocal programme could be paired now (ready, active, not already in a pair),
    and the best pairing of them."""
    from . import reciprocal
    from .models import ReciprocalPair

    require(user, "matching.edit")
    pool = coach_pool(programme)
    taken = set()
    for first, second in ReciprocalPair.objects.filter(programme=programme, ended_on__isnull=True).values_list(
        "first_id", "second_id"
    ):
        taken |= {first, second}
    ready = [c for c in pool.coaches if c.ready and c.id not in taken]
    profiles = {
        row["coach_id"]: row
        for row in CoachProfile.objects.filter(coach_id__in=[c.id for c in ready]).values("coach_id", "level", "team")
    }
    people = [
        reciprocal.Person(
            id=c.id,
            name=c.name,
            level=profiles.get(c.id, {}).get("level"),
            team=profiles.get(c.id, {}).get("team") or "",
            words=c.words,
        )
        for c in ready
    ]
    proposed, left = reciprocal.pairs(people)
    current = ReciprocalPair.objects.filter(programme=programme, ended_on__isnull=True).select_related(
        "first", "second"
    )
    return proposed, left, current
