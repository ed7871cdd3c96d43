"""Matching a whole cohort at once: the best overall assignment under every hard rule and capacity.

Scoring every client against every coach one pair at a time is far too slow for thousands, so
the same factors as scoring.py are computed here as numpy matrices (clients x coaches), with the
hard rules as a mask. Each client keeps only their best candidates, and the assignment is solved
on that sparse graph with SciPy's min_weight_full_bipartite_matching: one column per free place
of each coach, and one "stay unmatched" column per client, so a client nobody suits never
makes the problem unsolvable. tests/matching/test_bulk.py proves the matrices agree with
scoring.score pair by pair and that no proposal breaks a hard rule."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import min_weight_full_bipartite_matching

from people.models import Channel, Circumstance

from . import meaning, scoring
from .availability import DAYS, PARTS

CIRCUMSTANCE_BIT = {value: 1 << n for n, value in enumerate(Circumstance.values)}
CHANNEL_BIT = {value: 1 << n for n, value in enumerate(Channel.values)}
SLOT_BIT = {(d, p): 1 << (i * len(PARTS) + j) for i, d in enumerate(DAYS) for j, p in enumerate(PARTS)}
TOP = 25  # candidates kept per client for the assignment
UNMATCHED_COST = 1_000.0  # far above any real cost (100 - score), so matching is preferred


def _mask(items, bits) -> int:
    value = 0
    for item in items:
        value |= bits.get(item, 0)
    return value


def _popcount(a: np.ndarray) -> np.ndarray:
    return np.bitwise_count(a.astype(np.uint64)).astype(np.float32)


def score_matrix(
    clients: list[scoring.ClientFacts],
    coaches: list[scoring.CoachFacts],
    weights: dict[str, int],
    *,
    client_vectors: np.ndarray | None = None,
    coach_vectors: np.ndarray | None = None,
    known: set[tuple[int, int]] = frozenset(),
) -> tuple[np.ndarray, np.ndarray]:
    """(scores, allowed): clients x coaches. Scores follow scoring.score exactly; allowed is
    False wherever scoring.blocked would refuse the pair. Meaning comes from the facts' own items
    (ClientFacts.interest_items and so on); `client_vectors` and `coach_vectors`, one vector per
    whole profile, are no longer used and are accepted for old callers."""
    n, m = len(clients), len(coaches)
    f32 = np.float32
    num = np.zeros((n, m), dtype=f32)
    den = np.zeros((n, m), dtype=f32)

    def add(factor: str, value: np.ndarray, applies: np.ndarray) -> None:
        w = weights.get(factor, 0)
        if w > 0:
            applies = np.broadcast_to(applies, (n, m))
            num[:] += np.where(applies, w * np.broadcast_to(value, (n, m)), 0)
            den[:] += np.where(applies, w, 0)

    col = lambda values, dtype=f32: np.array(values, dtype=dtype)[:, None]  # noqa: E731
    row = lambda values, dtype=f32: np.array(values, dtype=dtype)[None, :]  # noqa: E731

    # Lived experience: share of the client's circumstances the coach has lived, and debt size.
    # A bit for each circumstance in this run, the organisation's own ones too (at most 60 of them).
    circ_bit = {**CIRCUMSTANCE_BIT}
    for value in sorted(
        {v for c in clients for v in c.circumstances}
        | {v for k in coaches for v in k.circumstances}
        | {v for k in coaches for v in k.excluded_circumstances}
    ):
        if len(circ_bit) < 63:  # an int64 holds 63 of them; the list is capped below that
            circ_bit.setdefault(value, 1 << len(circ_bit))
    c_circ = col([_mask(c.circumstances, circ_bit) for c in clients], np.int64)
    k_circ = row([_mask(k.circumstances, circ_bit) for k in coaches], np.int64)
    c_count = _popcount(c_circ)
    shared = _popcount(c_circ & k_circ)
    value = np.where(c_count > 0, shared / np.maximum(c_count, 1), 0).astype(f32)
    c_debt = col([-1 if c.debt_size is None else c.debt_size for c in clients])
    k_debt = row([-1 if k.debt_size is None else k.debt_size for k in coaches])
    both = (c_debt >= 0) & (k_debt >= 0)
    closeness = 1 - np.abs(c_debt - k_debt) / 4
    value = np.where(both, np.where(c_count > 0, 0.75 * value + 0.25 * closeness, closeness), value)
    add("experience", value, (c_count > 0) | (c_debt >= 0))

    # Age, where the client asked for it.
    c_age = col([np.nan if c.age is None else c.age for c in clients])
    k_age = row([np.nan if k.age is None else k.age for k in coaches])
    wants_age = col([c.consider_age and c.age is not None for c in clients], bool)
    gap = np.abs(c_age - k_age)
    add("age", np.where(np.isnan(gap), 0, np.maximum(0, 1 - gap / 25)), wants_age)

    # Interests and hopes: by meaning, item by item, where both people's items have vectors
    # (meaning.matrix: stacked item vectors and a segment max); else by shared words.
    interests, by_interests = meaning.matrix([c.interest_items for c in clients], [k.interest_items for k in coaches])
    hopes, by_hopes = meaning.matrix([c.hope_items for c in clients], [k.experience_items for k in coaches])
    # As meaning.value: one similarity per list the client filled in, LOW where the coach's is empty.
    c_int = col([meaning.present(c.interest_items) for c in clients], bool)
    c_hope = col([meaning.present(c.hope_items) for c in clients], bool)
    k_any = row([meaning.present(k.interest_items) or meaning.present(k.experience_items) for k in coaches], bool)
    lists = c_int.astype(f32) + c_hope.astype(f32)
    summed = np.where(c_int, np.where(by_interests, interests, meaning.LOW), 0) + np.where(
        c_hope, np.where(by_hopes, hopes, meaning.LOW), 0
    )
    similarity = summed / np.maximum(lists, 1)
    by_meaning = np.clip((similarity - meaning.LOW) / (meaning.HIGH - meaning.LOW), 0, 1)
    has_meaning = (lists > 0) & k_any

    vocabulary: dict[str, int] = {}
    for person in (*clients, *coaches):
        for stem in person.words:
            vocabulary.setdefault(stem, len(vocabulary))

    def incidence(people) -> csr_matrix:
        rows, cols = [], []
        for i, person in enumerate(people):
            for stem in person.words:
                rows.append(i)
                cols.append(vocabulary[stem])
        return csr_matrix((np.ones(len(rows), dtype=f32), (rows, cols)), shape=(len(people), max(len(vocabulary), 1)))

    shared_words = (incidence(clients) @ incidence(coaches).T).toarray().astype(f32)
    by_words = np.minimum(1.0, shared_words / 2.0)
    has_words = col([bool(c.words) for c in clients], bool)
    add("interests", np.where(has_meaning, by_meaning, by_words), has_meaning | has_words)

    # Language other than English.
    languages = sorted({c.language.strip().casefold() for c in clients} - {"", "english"})
    lang_bit = {lang: 1 << i for i, lang in enumerate(languages)}
    c_lang = col([lang_bit.get(c.language.strip().casefold(), 0) for c in clients], np.int64)
    k_lang = row([_mask(k.languages, lang_bit) for k in coaches], np.int64)
    add("language", ((c_lang & k_lang) != 0).astype(f32), c_lang != 0)

    # Ways of meeting.
    c_ch = col([_mask(c.channels, CHANNEL_BIT) for c in clients], np.int64)
    k_ch = row([_mask(k.channels, CHANNEL_BIT) for k in coaches], np.int64)
    add("channels", np.where(k_ch == 0, 0.5, ((c_ch & k_ch) != 0).astype(f32)), c_ch != 0)

    # Area.
    areas: dict[str, int] = {}
    c_area = col([areas.setdefault(c.area.casefold(), len(areas)) if c.area else -1 for c in clients], np.int64)
    k_area = row([areas.get(k.area.casefold(), -2) if k.area else -2 for k in coaches], np.int64)
    add("area", (c_area == k_area).astype(f32), c_area >= 0)

    # Free at the same times.
    c_slots = col([_mask(c.slots, SLOT_BIT) for c in clients], np.int64)
    k_slots = row([_mask(k.slots, SLOT_BIT) for k in coaches], np.int64)
    add("availability", np.minimum(1.0, _popcount(c_slots & k_slots) / 2), c_slots != 0)

    # Room to take them on.
    taken = np.array([min(k.open_count, k.capacity) for k in coaches], dtype=f32)
    capacity = np.array([k.capacity for k in coaches], dtype=f32)
    add("load", (1 - taken / capacity)[None, :], np.ones((1, m), dtype=bool))

    scores = np.where(den > 0, 100 * num / np.maximum(den, 1e-9), 0).astype(f32)

    # Hard rules, as scoring.blocked.
    allowed = np.broadcast_to(row([k.ready and k.open_count < k.capacity for k in coaches], bool), (n, m)).copy()
    must = [c.must_speak.strip().casefold() for c in clients]
    for lang in sorted(set(must) - {""}):
        speaks = row([lang in k.languages for k in coaches], bool)
        allowed &= np.where(col([x == lang for x in must], bool), speaks, True)
    genders = [c.wants_gender for c in clients]
    for gender in sorted(set(genders) - {""}):
        is_gender = row([k.gender == gender for k in coaches], bool)
        allowed &= np.where(col([g == gender for g in genders], bool), is_gender, True)
    k_excl = row([_mask(k.excluded_circumstances, circ_bit) for k in coaches], np.int64)
    allowed &= (c_circ & k_excl) == 0
    client_index = {c.id: i for i, c in enumerate(clients)}
    coach_index = {k.id: j for j, k in enumerate(coaches)}
    for j, coach in enumerate(coaches):
        for client_id in coach.known_clients:
            if client_id in client_index:
                allowed[client_index[client_id], j] = False
    for client_id, coach_id in known:
        if client_id in client_index and coach_id in coach_index:
            allowed[client_index[client_id], coach_index[coach_id]] = False
    return scores, allowed


@dataclass
class Assignment:
    pairs: dict[int, int]  # client index -> coach index
    total: float


def assign(scores: np.ndarray, allowed: np.ndarray, places: np.ndarray, *, top: int = TOP) -> Assignment:
    """The assignment with the highest total score, each coach taking at most `places[j]` clients,
    over each client's `top` best allowed coaches."""
    n, m = scores.shape
    masked = np.where(allowed & (places[None, :] > 0), scores, -np.inf)
    k = min(top, m)
    best = np.argpartition(-masked, k - 1, axis=1)[:, :k] if m else np.zeros((n, 0), dtype=int)
    slot_start = np.concatenate([[0], np.cumsum(places)]).astype(np.int64)
    n_slots = int(slot_start[-1])
    # One edge from a client to every free place of each of their best coaches (numpy, no loop).
    client_of = np.repeat(np.arange(n), k)
    coach_of = best.ravel()
    value = masked[client_of, coach_of]
    keep = np.isfinite(value)
    client_of, coach_of, value = client_of[keep], coach_of[keep], value[keep]
    repeats = places[coach_of].astype(np.int64)
    offsets = np.arange(int(repeats.sum())) - np.repeat(np.cumsum(repeats) - repeats, repeats)
    # Costs must be positive: SciPy treats a stored zero as no edge.
    rows = np.concatenate([np.repeat(client_of, repeats), np.arange(n)])
    cols = np.concatenate([np.repeat(slot_start[coach_of], repeats) + offsets, n_slots + np.arange(n)])
    costs = np.concatenate([np.repeat(101.0 - value, repeats), np.full(n, UNMATCHED_COST)])
    graph = csr_matrix((costs, (rows, cols)), shape=(n, n_slots + n))
    _, matched_cols = min_weight_full_bipartite_matching(graph)
    owner = np.repeat(np.arange(m), places.astype(np.int64))
    pairs = {}
    for i, c in enumerate(matched_cols):
        if c < n_slots:
            pairs[i] = int(owner[c])
    return Assignment(pairs, float(sum(scores[i, j] for i, j in pairs.items())))


def greedy(scores: np.ndarray, allowed: np.ndarray, places: np.ndarray) -> Assignment:
    """Highest-scoring pair first until nothing fits: what a person with a spreadsheet would do."""
    left = places.astype(np.int64).copy()
    n, m = scores.shape
    candidates = np.flatnonzero(allowed & (left[None, :] > 0))
    order = candidates[np.argsort(-scores.ravel()[candidates], kind="stable")]
    pairs: dict[int, int] = {}
    room = int(left.sum())
    for flat in order:
        if len(pairs) == n or room == 0:
            break
        i, j = divmod(int(flat), m)
        if i not in pairs and left[j] > 0:
            pairs[i] = j
            left[j] -= 1
            room -= 1
    return Assignment(pairs, float(sum(scores[i, j] for i, j in pairs.items())))


def plan(
    clients: list[scoring.ClientFacts],
    coaches: list[scoring.CoachFacts],
    weights: dict[str, int],
    *,
    client_vectors: np.ndarray | None = None,
    coach_vectors: np.ndarray | None = None,
    known: set[tuple[int, int]] = frozenset(),
    progress: Callable[[int, str], None] = lambda percent, message: None,
) -> tuple[Assignment, Assignment, np.ndarray, np.ndarray]:
    """Score, then solve. Returns (optimal, greedy for comparison, scores, allowed)."""
    progress(10, "Scoring every client against every coach")
    scores, allowed = score_matrix(
        clients, coaches, weights, client_vectors=client_vectors, coach_vectors=coach_vectors, known=known
    )
    places = np.array([max(0, k.capacity - k.open_count) if k.ready else 0 for k in coaches], dtype=np.int64)
    progress(60, "Finding the best overall assignment")
    best = assign(scores, allowed, places)
    progress(90, "Comparing with matching one pair at a time")
    return best, greedy(scores, allowed, places), scores, allowed
