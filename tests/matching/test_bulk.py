"""Bulk matching: the matrices agree with scoring.score pair by pair, no proposal breaks a hard
rule or a capacity, and the optimal assignment is never worse than matching greedily."""

from __future__ import annotations

from unittest.mock import patch

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import linear_sum_assignment

from matching import bulk, meaning, scoring

from .test_scoring import client_facts, coach_facts, weights


def _unique(items):
    return list({x.id: x for x in items}.values())


@settings(max_examples=80, deadline=None)
@given(
    clients=st.lists(client_facts, min_size=1, max_size=6),
    coaches=st.lists(coach_facts, min_size=1, max_size=8),
    chosen=weights,
    block=st.integers(1, 6),
)
def test_matrices_agree_with_the_pairwise_score(clients, coaches, chosen, block):
    clients, coaches = _unique(clients), _unique(coaches)
    # Small blocks of client items too, so the blocked segment sums are exercised.
    with patch.object(meaning, "ROWS_PER_BLOCK", block):
        scores, allowed = bulk.score_matrix(clients, coaches, chosen)
    for i, client in enumerate(clients):
        for j, coach in enumerate(coaches):
            expected = scoring.score(client, coach, chosen).score
            assert abs(float(scores[i, j]) - expected) < 0.11, (i, j)
            assert bool(allowed[i, j]) == (scoring.blocked(client, coach) is None)


@settings(max_examples=80, deadline=None)
@given(
    clients=st.lists(client_facts, min_size=1, max_size=12),
    coaches=st.lists(coach_facts, min_size=1, max_size=8),
    chosen=weights,
)
def test_no_proposal_breaks_a_hard_rule_or_a_capacity(clients, coaches, chosen):
    clients, coaches = _unique(clients), _unique(coaches)
    result = bulk.plan(clients, coaches, chosen)
    best, greedy = result.best, result.greedy
    for assignment in (best, greedy):
        taken = {}
        for i, j in assignment.pairs.items():
            assert scoring.blocked(clients[i], coaches[j]) is None
            taken[j] = taken.get(j, 0) + 1
        for j, count in taken.items():
            assert count <= coaches[j].capacity - coaches[j].open_count
    assert best.total >= greedy.total - 1e-3 or len(best.pairs) > len(greedy.pairs)


def test_the_sparse_solution_equals_the_dense_optimum_on_a_small_cohort():
    rng = np.random.default_rng(3)
    n, m = 40, 15
    scores = rng.uniform(0, 100, size=(n, m)).astype(np.float32)
    allowed = rng.random((n, m)) > 0.2
    places = np.full(m, 3)
    best = bulk.assign(scores, allowed, places, top=m)
    # Dense optimum over capacity slots, with "unmatched" columns.
    slots = np.repeat(np.arange(m), places)
    cost = np.where(allowed[:, slots], 101.0 - scores[:, slots], bulk.UNMATCHED_COST + 1)
    cost = np.hstack([cost, np.full((n, n), bulk.UNMATCHED_COST)])
    rows, cols = linear_sum_assignment(cost)
    dense = sum(scores[i, slots[c]] for i, c in zip(rows, cols, strict=True) if c < len(slots))
    assert len(best.pairs) == sum(1 for c in cols if c < len(slots))
    assert abs(best.total - dense) < 1e-2
    greedy = bulk.greedy(scores, allowed, places)
    assert best.total >= greedy.total


def test_a_client_nobody_suits_stays_unmatched_without_breaking_the_run():
    clients = [scoring.ClientFacts(id=1, must_speak="Arabic"), scoring.ClientFacts(id=2)]
    coaches = [scoring.CoachFacts(id=10, name="Sam", capacity=1)]
    best = bulk.plan(clients, coaches, {"load": 1}).best
    assert best.pairs == {1: 0}


def _dense_optimum(scores, allowed, places) -> tuple[int, float]:
    slots = np.repeat(np.arange(scores.shape[1]), places)
    n = scores.shape[0]
    cost = np.where(allowed[:, slots], 101.0 - scores[:, slots], bulk.UNMATCHED_COST + 1)
    cost = np.hstack([cost, np.full((n, n), bulk.UNMATCHED_COST)])
    rows, cols = linear_sum_assignment(cost)
    pairs = [(i, slots[c]) for i, c in zip(rows, cols, strict=True) if c < len(slots)]
    return len(pairs), float(sum(scores[i, j] for i, j in pairs))


def _instance(seed: int, n: int, m: int, *, ties: bool = False):
    rng = np.random.default_rng(seed)
    if ties:  # many equal scores: greedy's order among equals must still be followed exactly
        scores = (rng.integers(0, 12, size=(n, m)) * 8.0).astype(np.float32)
    else:
        scores = rng.uniform(0, 100, size=(n, m)).astype(np.float32)
    allowed = rng.random((n, m)) > rng.uniform(0.05, 0.8)
    places = rng.integers(0, 4, size=m)
    return scores, allowed, places


def _solve(scores, allowed, places, *, top, width=0, block=64):
    rows = bulk._dense_rows(scores, allowed)
    cands = bulk.gather(rows, scores.shape[0], places, top=top, width=width, block=block)
    return bulk._best_and_greedy(cands, places, rows, block=block)


@pytest.mark.parametrize("seed", range(12))
def test_greedy_from_short_lists_is_exactly_greedy_on_the_whole_matrix(seed):
    scores, allowed, places = _instance(seed, 150 + 10 * seed, 40, ties=seed % 2 == 0)
    rows = bulk._dense_rows(scores, allowed)
    # Lists of 3 run out all the time: every refill path is taken.
    cands = bulk.gather(rows, scores.shape[0], places, top=3, width=3, block=50)
    lazy, won = bulk.greedy_lazy(cands, places, rows, block=50)
    whole = bulk.greedy(scores, allowed, places)
    assert lazy.pairs == whole.pairs
    assert abs(lazy.total - whole.total) < 1e-2
    assert all(abs(won[(i, j)] - scores[i, j]) < 1e-4 for i, j in lazy.pairs.items())


@pytest.mark.parametrize(("seed", "n", "m"), [(1, 1_000, 200), (2, 600, 150), (3, 1_000, 120), (4, 300, 200)])
def test_plan_equals_the_dense_optimum_up_to_a_thousand_by_two_hundred(seed, n, m):
    scores, allowed, places = _instance(seed, n, m, ties=seed == 3)
    assert n * m <= bulk.EXACT_PAIRS  # so plan puts every allowed pair in the graph
    best, greedy = _solve(scores, allowed, places, top=m)
    matched, total = _dense_optimum(scores, allowed, places)
    assert len(best.pairs) == matched
    assert abs(best.total - total) < 0.05
    assert len(best.pairs) >= len(greedy.pairs) and best.total >= greedy.total - 1e-3


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 10_000), n=st.integers(1, 60), m=st.integers(1, 25), top=st.integers(1, 6))
def test_a_sparse_graph_fills_every_place_greedy_fills_and_scores_at_least_as_much(seed, n, m, top):
    scores, allowed, places = _instance(seed, n, m, ties=seed % 3 == 0)
    best, greedy = _solve(scores, allowed, places, top=top, width=top, block=16)
    assert len(best.pairs) >= len(greedy.pairs)
    if len(best.pairs) == len(greedy.pairs):
        assert best.total >= greedy.total - 1e-3
    taken = np.bincount(np.array(list(best.pairs.values()), dtype=int), minlength=m)
    assert (taken <= places).all()
    assert all(allowed[i, j] for i, j in best.pairs.items())
    # Never better than the true optimum (a check on the bookkeeping of totals).
    matched, total = _dense_optimum(scores, allowed, places)
    assert len(best.pairs) <= matched and (len(best.pairs) < matched or best.total <= total + 1e-2)


def test_a_coach_in_nobodys_top_list_still_gets_clients():
    # Every client likes coach 0 least; with only 2 candidates each, coach 0 is in no client's list,
    # but greedy fills its places once the others are full, and so must the best assignment.
    n, m = 40, 6
    rng = np.random.default_rng(5)
    scores = rng.uniform(50, 100, size=(n, m)).astype(np.float32)
    scores[:, 0] = 1.0
    allowed = np.ones((n, m), dtype=bool)
    places = np.full(m, 3)
    best, greedy = _solve(scores, allowed, places, top=2, width=2, block=8)
    assert len(greedy.pairs) == places.sum() == len(best.pairs)
    assert sum(1 for j in best.pairs.values() if j == 0) == 3


def test_plan_scores_in_blocks_and_moves_the_progress_bar_throughout():
    clients = [scoring.ClientFacts(id=i, area="Hulme" if i % 2 else "Gorton") for i in range(30)]
    coaches = [scoring.CoachFacts(id=100 + j, name=f"C{j}", area="Hulme", capacity=1) for j in range(8)]
    seen = []
    result = bulk.plan(clients, coaches, {"area": 3, "load": 1}, block=7, progress=lambda p, m: seen.append(p))
    assert len(result.best.pairs) == 8 == len(result.greedy.pairs)
    assert seen == sorted(seen) and seen[0] < 60 and len([p for p in seen if p < 60]) >= 5  # one per block
    assert all(clients[i].area == "Hulme" for i in result.best.pairs)  # the better half
