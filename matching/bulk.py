"""Matching a whole cohort at once: the best overall assignment under every hard rule and capacity.

Scoring every client against every coach one pair at a time is far too slow for thousands, so
the same factors as scoring.py are computed here as numpy matrices (clients x coaches), with the
hard rules as a mask. Each client keeps only their best candidates, and the assignment is solved
on that sparse graph with SciPy's min_weight_full_bipartite_matching: one row per free place of
each coach, and one "left empty" column per place, so a place nobody suits never makes the
problem unsolvable. tests/matching/test_bulk.py proves the matrices agree with
scoring.score pair by pair and that no proposal breaks a hard rule."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import min_weight_full_bipartite_matching

from people.models import Channel, Circumstance

from . import meaning, scoring
from .availability import DAYS, PARTS

CIRCUMSTANCE_BIT = {value: 1 << n for n, value in enumerate(Circumstance.values)}
CHANNEL_BIT = {value: 1 << n for n, value in enumerate(Channel.values)}
SLOT_BIT = {(d, p): 1 << (i * len(PARTS) + j) for i, d in enumerate(DAYS) for j, p in enumerate(PARTS)}
TOP = 25  # candidates kept per client (and clients per coach) for the assignment
GREEDY_TOP = 100  # each client's list for greedy, so few run out before the places do
BLOCK = 500  # clients scored at once: memory is one block x every coach
# Up to this many clients x coaches, every allowed pair goes into the graph, so the answer is the
# exact optimum; above it, each client's best TOP, each coach's best TOP and greedy's own pairs.
EXACT_PAIRS = 400_000
UNMATCHED_COST = 1_000.0  # far above any real cost (100 - score), so matching is preferred


def _mask(items, bits) -> int:
    value = 0
    for item in items:
        value |= bits.get(item, 0)
    return value


def _popcount(a: np.ndarray) -> np.ndarray:
    return np.bitwise_count(a.astype(np.uint64)).astype(np.float32)


@dataclass
class CoachRows:
    """The coaches' side of the matrices, as rows, built once for a pool (or a whole run) rather than
    again for every block of clients. Only what does not change between requests: a coach's current
    number of clients is read from the facts each time."""

    circumstances: np.ndarray
    debt: np.ndarray
    age: np.ndarray
    channels: np.ndarray
    slots: np.ndarray
    excluded: np.ndarray
    areas: np.ndarray  # casefolded, "" for none
    genders: np.ndarray
    languages: list[frozenset[str]]
    circ_bit: dict[str, int] = field(default_factory=dict)
    speakers: dict[str, np.ndarray] = field(default_factory=dict)

    def speaks(self, language: str) -> np.ndarray:
        """Which coaches speak `language` (casefolded), worked out once per language."""
        if language not in self.speakers:
            self.speakers[language] = np.array([language in spoken for spoken in self.languages], dtype=bool)
        return self.speakers[language]


def coach_rows(coaches: list[scoring.CoachFacts]) -> CoachRows:
    def row(values, dtype=np.float32):
        return np.array(values, dtype=dtype)[None, :]

    # The standard circumstances' bits, then the organisation's own ones as the coaches name them
    # (recruitment caps an organisation's list well below the 63 an int64 holds).
    circ_bit = {**CIRCUMSTANCE_BIT}
    for value in sorted({v for k in coaches for v in k.circumstances | k.excluded_circumstances}):
        if len(circ_bit) < 63:
            circ_bit.setdefault(value, 1 << len(circ_bit))
    return CoachRows(
        circ_bit=circ_bit,
        circumstances=row([_mask(k.circumstances, circ_bit) for k in coaches], np.int64),
        debt=row([-1 if k.debt_size is None else k.debt_size for k in coaches]),
        age=row([np.nan if k.age is None else k.age for k in coaches]),
        channels=row([_mask(k.channels, CHANNEL_BIT) for k in coaches], np.int64),
        slots=row([_mask(k.slots, SLOT_BIT) for k in coaches], np.int64),
        excluded=row([_mask(k.excluded_circumstances, circ_bit) for k in coaches], np.int64),
        areas=np.array([k.area.casefold() if k.area else "" for k in coaches], dtype=object),
        genders=np.array([k.gender for k in coaches], dtype=object),
        languages=[k.languages for k in coaches],
    )


def score_matrix(
    clients: list[scoring.ClientFacts],
    coaches: list[scoring.CoachFacts],
    weights: dict[str, int],
    *,
    client_vectors: np.ndarray | None = None,
    coach_vectors: np.ndarray | None = None,
    known: set[tuple[int, int]] = frozenset(),
    side: CoachRows | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """(scores, allowed): clients x coaches. Scores follow scoring.score exactly; allowed is
    False wherever scoring.blocked would refuse the pair. Meaning comes from the facts' own items
    (ClientFacts.interest_items and so on); `client_vectors` and `coach_vectors`, one vector per
    whole profile, are no longer used and are accepted for old callers. `side` is
    coach_rows(coaches), when the caller has it already."""
    n, m = len(clients), len(coaches)
    side = side if side is not None else coach_rows(coaches)
    f32 = np.float32
    num = np.zeros((n, m), dtype=f32)
    den = np.zeros((n, m), dtype=f32)

    def add(factor: str, value: np.ndarray, applies: np.ndarray) -> None:
        w = weights.get(factor, 0)
        if w > 0:
            # Computed in the shapes given (a client column, a coach row or the block) and added in
            # place: at thousands of clients a block's full-size float64 temporaries cost more than
            # the arithmetic.
            applies = np.asarray(applies, dtype=bool)
            part = np.where(applies, np.asarray(value, dtype=f32), f32(0))
            part *= f32(w)
            num[:] += part
            den[:] += applies * f32(w)

    col = lambda values, dtype=f32: np.array(values, dtype=dtype)[:, None]  # noqa: E731
    row = lambda values, dtype=f32: np.array(values, dtype=dtype)[None, :]  # noqa: E731

    # Lived experience: share of the client's circumstances the coach has lived, and debt size.
    # A bit for each circumstance the coaches have lived or would rather not work with, the
    # organisation's own ones too (coach_rows); a client's other circumstances count in how many they
    # have, but no coach can share them.
    c_circ = col([_mask(c.circumstances, side.circ_bit) for c in clients], np.int64)
    k_circ = side.circumstances
    c_count = col([len(c.circumstances) for c in clients], np.int64)
    shared = _popcount(c_circ & k_circ)
    value = np.where(c_count > 0, shared / np.maximum(c_count, 1), 0).astype(f32)
    c_debt = col([-1 if c.debt_size is None else c.debt_size for c in clients])
    k_debt = side.debt
    both = (c_debt >= 0) & (k_debt >= 0)
    closeness = 1 - np.abs(c_debt - k_debt) / 4
    value = np.where(both, np.where(c_count > 0, 0.75 * value + 0.25 * closeness, closeness), value)
    add("experience", value, (c_count > 0) | (c_debt >= 0))

    # Age, where the client asked for it.
    c_age = col([np.nan if c.age is None else c.age for c in clients])
    k_age = side.age
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
    k_lang = np.zeros((1, m), dtype=np.int64)
    for lang, bit in lang_bit.items():
        k_lang[0, side.speaks(lang)] |= bit
    add("language", ((c_lang & k_lang) != 0).astype(f32), c_lang != 0)

    # Ways of meeting.
    c_ch = col([_mask(c.channels, CHANNEL_BIT) for c in clients], np.int64)
    k_ch = side.channels
    add("channels", np.where(k_ch == 0, 0.5, ((c_ch & k_ch) != 0).astype(f32)), c_ch != 0)

    # Area.
    areas: dict[str, int] = {}
    c_area = col([areas.setdefault(c.area.casefold(), len(areas)) if c.area else -1 for c in clients], np.int64)
    k_area = np.full((1, m), -2, dtype=np.int64)
    for area, index in areas.items():
        k_area[0, side.areas == area] = index
    add("area", (c_area == k_area).astype(f32), c_area >= 0)

    # Free at the same times.
    c_slots = col([_mask(c.slots, SLOT_BIT) for c in clients], np.int64)
    k_slots = side.slots
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
        speaks = side.speaks(lang)[None, :]
        allowed &= np.where(col([x == lang for x in must], bool), speaks, True)
    genders = [c.wants_gender for c in clients]
    for gender in sorted(set(genders) - {""}):
        is_gender = (side.genders == gender)[None, :]
        allowed &= np.where(col([g == gender for g in genders], bool), is_gender, True)
    k_excl = side.excluded
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


@dataclass
class Candidates:
    """What the assignment is solved over, gathered block by block so the whole clients x coaches
    matrix never exists at once: each client's best allowed coaches (best first, ties by coach
    order, as greedy breaks them) and each coach's own best allowed clients. Slots with no one
    are -1 with a score of -inf."""

    coach: np.ndarray  # clients x GREEDY_TOP (or more), coach index
    score: np.ndarray  # clients x GREEDY_TOP
    complete: np.ndarray  # per client: the list holds every coach allowed
    top: int  # the first `top` of each list go into the graph the assignment is solved on
    coach_client: np.ndarray  # COACH_TOP x coaches, client index
    coach_score: np.ndarray  # COACH_TOP x coaches


def _client_tops(masked: np.ndarray, top: int) -> tuple[np.ndarray, np.ndarray]:
    """Each row's best `top` allowed columns, ordered by (score descending, column)."""
    n, m = masked.shape
    k = min(top, m)
    coach = np.full((n, top), -1, dtype=np.int32)
    score = np.full((n, top), -np.inf, dtype=np.float32)
    if k == 0 or n == 0:
        return coach, score
    best = np.argpartition(-masked, k - 1, axis=1)[:, :k] if k < m else np.tile(np.arange(m), (n, 1))
    values = np.take_along_axis(masked, best, axis=1)
    # A tie at the cut is broken by column, as greedy does: those rows are sorted in full (stable).
    if k < m:
        cut = values.min(axis=1, keepdims=True)
        tied = np.flatnonzero(np.isfinite(cut[:, 0]) & (((masked > cut) | (masked == cut)).sum(axis=1) > k))
        if len(tied):
            best[tied] = np.argsort(-masked[tied], axis=1, kind="stable")[:, :k]
            values[tied] = np.take_along_axis(masked[tied], best[tied], axis=1)
    order = np.lexsort((best, -values), axis=1)
    best, values = np.take_along_axis(best, order, axis=1), np.take_along_axis(values, order, axis=1)
    ok = np.isfinite(values)
    coach[:, :k] = np.where(ok, best, -1)
    score[:, :k] = np.where(ok, values, -np.inf)
    return coach, score


def _merge_coach_tops(
    kept: tuple[np.ndarray, np.ndarray], masked: np.ndarray, offset: int, top: int
) -> tuple[np.ndarray, np.ndarray]:
    """Fold one block's columns into each coach's running best `top` clients."""
    clients, scores = kept
    n = masked.shape[0]
    k = min(top, n)
    if k == 0:
        return kept
    rows = (
        np.argpartition(-masked, k - 1, axis=0)[:k] if k < n else np.tile(np.arange(n)[:, None], (1, masked.shape[1]))
    )
    values = np.take_along_axis(masked, rows, axis=0)
    all_clients = np.vstack([clients, (rows + offset).astype(np.int32)])
    all_scores = np.vstack([scores, values.astype(np.float32)])
    pick = np.argsort(-all_scores, axis=0, kind="stable")[:top]
    new_scores = np.take_along_axis(all_scores, pick, axis=0)
    new_clients = np.where(np.isfinite(new_scores), np.take_along_axis(all_clients, pick, axis=0), -1)
    return new_clients.astype(np.int32), new_scores


ScoreRows = Callable[[np.ndarray], tuple[np.ndarray, np.ndarray]]


def gather(
    score_rows: ScoreRows,
    n: int,
    places: np.ndarray,
    *,
    top: int = TOP,
    coach_top: int | None = None,
    block: int = 0,
    width: int = 0,
    progress: Callable[[int], None] = lambda done: None,
) -> Candidates:
    """Score the clients `block` at a time with score_rows(indices) -> (scores, allowed), keeping
    only the candidates. Memory is one block's matrices plus the lists, not clients x coaches."""
    m = len(places)
    coach_top = coach_top or min(top, TOP)
    block = block or BLOCK
    width = max(top, width or GREEDY_TOP)
    cand_coach = np.full((n, width), -1, dtype=np.int32)
    cand_score = np.full((n, width), -np.inf, dtype=np.float32)
    complete = np.zeros(n, dtype=bool)
    kept = (np.full((coach_top, m), -1, dtype=np.int32), np.full((coach_top, m), -np.inf, dtype=np.float32))
    has_room = places > 0
    for start in range(0, n, block):
        rows = np.arange(start, min(n, start + block))
        scores, allowed = score_rows(rows)
        masked = np.where(allowed & has_room[None, :], scores, -np.inf).astype(np.float32)
        cand_coach[rows], cand_score[rows] = _client_tops(masked, width)
        complete[rows] = np.isfinite(masked).sum(axis=1) <= width
        kept = _merge_coach_tops(kept, masked, start, coach_top)
        del scores, allowed, masked
        progress(int(rows[-1]) + 1)
    return Candidates(cand_coach, cand_score, complete, top, kept[0], kept[1])


def greedy_lazy(
    cands: Candidates,
    places: np.ndarray,
    score_rows: ScoreRows | None = None,
    *,
    block: int = 0,
    progress: Callable[[int], None] = lambda filled: None,
) -> tuple[Assignment, dict[tuple[int, int], float]]:
    """Exactly what `greedy` gives on the full matrix (best pair first, ties by client then coach),
    from each client's best few. A client whose listed coaches have all filled is scored again for
    its next ones only when they could come next; everyone else about to run out is scored again in
    the same batch, so the whole run takes a handful of batches rather than one per client."""
    import heapq

    n, width = cands.coach.shape
    coach = cands.coach.astype(np.int64)
    score = cands.score.copy()
    complete = cands.complete.copy()
    pointer = np.zeros(n, dtype=np.int64)
    left = places.astype(np.int64).copy()
    room = int(left.sum())
    assigned = np.zeros(n, dtype=bool)
    heap = [(-float(score[i, 0]), i, int(coach[i, 0])) for i in np.flatnonzero(coach[:, 0] >= 0).tolist()]
    heapq.heapify(heap)
    waiting: list[tuple[float, int, int]] = []  # (-last score, client, last coach): ran out
    pairs: dict[int, int] = {}
    won: dict[tuple[int, int], float] = {}  # each pair's score, for the solver

    def refill(batch: list[int], after: dict[int, tuple[float, int]]) -> None:
        """List each client's next coaches with room, from (score, coach) `after[i]` on (inclusive
        for a client still in the heap, exclusive for one that ran out)."""
        rows = np.array(batch, dtype=np.int64)
        for start in range(0, len(rows), block or BLOCK):
            chunk = rows[start : start + (block or BLOCK)]
            scores, allowed = score_rows(chunk)
            progress(len(pairs))
            columns = np.arange(scores.shape[1])
            for r, i in enumerate(chunk.tolist()):
                s = scores[r].astype(np.float32)
                last_s, last_j, inclusive = after[i]
                later = (s < last_s) | ((s == last_s) & ((columns >= last_j) if inclusive else (columns > last_j)))
                idx = np.flatnonzero(allowed[r] & (left > 0) & later)
                idx = idx[np.lexsort((idx, -s[idx]))][:width]
                coach[i], score[i] = -1, -np.inf
                coach[i, : len(idx)], score[i, : len(idx)] = idx, s[idx]
                complete[i] = len(idx) < width
                pointer[i] = 0
                if not inclusive and len(idx):
                    heapq.heappush(heap, (-float(s[idx[0]]), i, int(idx[0])))

    while room > 0 and len(pairs) < n:
        if heap and (not waiting or heap[0] < waiting[0]):
            neg, i, j = heapq.heappop(heap)
            if left[j] > 0:
                pairs[i] = j
                won[(i, j)] = -neg
                assigned[i] = True
                left[j] -= 1
                room -= 1
                continue
            p = int(pointer[i])
            row = coach[i]
            while p < width and row[p] >= 0 and left[row[p]] == 0:
                p += 1
            pointer[i] = p
            if p < width and row[p] >= 0:
                heapq.heappush(heap, (-float(score[i, p]), i, int(row[p])))
            elif not complete[i] and score_rows is not None:
                last = p - 1
                heapq.heappush(waiting, (-float(score[i, last]), i, int(row[last])))
            continue
        if not waiting:
            break
        after = {i: (-neg, j, False) for neg, i, j in waiting}
        waiting.clear()
        # Everyone else with only a few coaches left who still have room goes in the same batch.
        safe = np.clip(coach, 0, None)
        open_ahead = (coach >= 0) & (left[safe] > 0) & (np.arange(width)[None, :] >= pointer[:, None])
        short = np.flatnonzero(~assigned & ~complete & (open_ahead.sum(axis=1) <= 5))
        for i in short.tolist():
            if i not in after and pointer[i] < width and coach[i, pointer[i]] >= 0:
                after[i] = (float(score[i, pointer[i]]), int(coach[i, pointer[i]]), True)
        refill(sorted(after), after)
    return Assignment(pairs, float(sum(won.values()))), won


def solve(cands: Candidates, places: np.ndarray, extra: dict[tuple[int, int], float] | None = None) -> Assignment:
    """The assignment with the most clients matched, then the highest total score, each coach
    taking at most `places[j]`, over the candidate pairs (plus `extra`, e.g. greedy's own pairs, so
    the answer is never worse than greedy's)."""
    n = cands.coach.shape[0]
    m = len(places)
    ci = np.repeat(np.arange(n, dtype=np.int64), cands.top)
    cj = cands.coach[:, : cands.top].ravel().astype(np.int64)
    cs = cands.score[:, : cands.top].ravel()
    kj = np.tile(np.arange(m, dtype=np.int64), cands.coach_client.shape[0])
    ki = cands.coach_client.ravel().astype(np.int64)
    ks = cands.coach_score.ravel()
    extra = extra or {}
    ei = np.array([i for i, _ in extra], dtype=np.int64)
    ej = np.array([j for _, j in extra], dtype=np.int64)
    es = np.array(list(extra.values()), dtype=np.float32)
    client_of = np.concatenate([ci, ki, ei])
    coach_of = np.concatenate([cj, kj, ej])
    value = np.concatenate([cs, ks, es]).astype(np.float64)
    keep = (client_of >= 0) & (coach_of >= 0) & np.isfinite(value)
    client_of, coach_of, value = client_of[keep], coach_of[keep], value[keep]
    # The same pair may come from both lists: keep it once.
    _, first = np.unique(client_of * max(m, 1) + coach_of, return_index=True)
    client_of, coach_of, value = client_of[first], coach_of[first], value[first]
    slot_start = np.concatenate([[0], np.cumsum(places)]).astype(np.int64)
    n_slots = int(slot_start[-1])
    # One row per free place of each coach, with an edge to every candidate client, and one "left
    # empty" column per place, so the matching is always full. Rows are places, not clients: with
    # more clients waiting than places the solver has far fewer rows to match (at 20,000 clients
    # and 12,000 places, about a second instead of minutes), and the optimum is the same.
    repeats = places[coach_of].astype(np.int64)
    offsets = np.arange(int(repeats.sum())) - np.repeat(np.cumsum(repeats) - repeats, repeats)
    rows = np.concatenate([np.repeat(slot_start[coach_of], repeats) + offsets, np.arange(n_slots)])
    cols = np.concatenate([np.repeat(client_of, repeats), n + np.arange(n_slots)])
    # Costs must be positive: SciPy treats a stored zero as no edge.
    costs = np.concatenate([np.repeat(101.0 - value, repeats), np.full(n_slots, UNMATCHED_COST)])
    graph = csr_matrix((costs, (rows, cols)), shape=(n_slots, n + n_slots))
    del rows, cols, costs
    owner = np.repeat(np.arange(m), places.astype(np.int64))
    pairs = {}
    if n_slots:
        _, matched = min_weight_full_bipartite_matching(graph)
        pairs = {int(c): int(owner[slot]) for slot, c in enumerate(matched) if c < n}
    lookup = dict(zip((client_of * max(m, 1) + coach_of).tolist(), value.tolist(), strict=True))
    total = float(sum(lookup[i * max(m, 1) + j] for i, j in pairs.items()))
    return Assignment(pairs, total)


def _dense_rows(scores: np.ndarray, allowed: np.ndarray) -> ScoreRows:
    return lambda rows: (scores[rows], allowed[rows])


def assign(scores: np.ndarray, allowed: np.ndarray, places: np.ndarray, *, top: int = TOP) -> Assignment:
    """The best assignment for a whole matrix already in memory (small cohorts and tests)."""
    rows = _dense_rows(scores, allowed)
    cands = gather(rows, scores.shape[0], places, top=top, coach_top=TOP)
    return _best_and_greedy(cands, places, rows)[0]


def _best_and_greedy(
    cands: Candidates,
    places: np.ndarray,
    score_rows: ScoreRows,
    *,
    block: int = 0,
    progress: Callable[[float], None] = lambda share: None,
) -> tuple[Assignment, Assignment]:
    room = int(places.sum())
    greedy_result, extra = greedy_lazy(
        cands, places, score_rows, block=block, progress=lambda filled: progress(filled / max(room, 1))
    )
    progress(1.0)
    # Greedy's own pairs go to the solver too (a few may lie outside every list), so the best
    # assignment fills every place greedy fills and scores at least as much.
    return solve(cands, places, extra), greedy_result


def greedy(scores: np.ndarray, allowed: np.ndarray, places: np.ndarray) -> Assignment:
    """Highest-scoring pair first until nothing fits: what a person with a spreadsheet would do.
    On the whole matrix; the reference greedy_lazy is proved equal to."""
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


@dataclass
class Plan:
    best: Assignment
    greedy: Assignment
    candidates: Candidates  # each client's best allowed coaches, best first: the alternatives


def plan(
    clients: list[scoring.ClientFacts],
    coaches: list[scoring.CoachFacts],
    weights: dict[str, int],
    *,
    client_vectors: np.ndarray | None = None,
    coach_vectors: np.ndarray | None = None,
    known: set[tuple[int, int]] = frozenset(),
    progress: Callable[[int, str], None] = lambda percent, message: None,
    block: int = 0,
) -> Plan:
    """Score in blocks of clients, keep the candidates, then solve; greedy alongside to compare."""
    places = np.array([max(0, k.capacity - k.open_count) if k.ready else 0 for k in coaches], dtype=np.int64)
    n = len(clients)

    prepared = coach_rows(coaches)

    def score_rows(indices: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        chosen = [clients[i] for i in indices]
        ids = {c.id for c in chosen}
        return score_matrix(
            chosen,
            coaches,
            weights,
            client_vectors=client_vectors[indices] if client_vectors is not None else None,
            coach_vectors=coach_vectors,
            known={pair for pair in known if pair[0] in ids},
            side=prepared,
        )

    progress(5, "Scoring every client against every coach")
    cands = gather(
        score_rows,
        n,
        places,
        top=len(coaches) if n * len(coaches) <= EXACT_PAIRS else TOP,
        block=block,
        progress=lambda done: progress(5 + int(55 * done / max(n, 1)), f"Scored {done:,} of {n:,} clients"),
    )
    progress(60, "Matching one pair at a time, for comparison")
    best, greedy_result = _best_and_greedy(
        cands,
        places,
        score_rows,
        block=block,
        progress=lambda share: progress(
            60 + int(15 * share), "Finding the best overall assignment" if share >= 1 else "Matching one pair at a time"
        ),
    )
    progress(90, "Writing down the proposals")
    return Plan(best, greedy_result, cands)
