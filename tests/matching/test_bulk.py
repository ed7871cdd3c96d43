"""Bulk matching: the matrices agree with scoring.score pair by pair, no proposal breaks a hard
rule or a capacity, and the optimal assignment is never worse than matching greedily."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import linear_sum_assignment

from matching import bulk, scoring

from .test_scoring import client_facts, coach_facts, weights


def _unique(items):
    return list({x.id: x for x in items}.values())


def _vectors(rng, count, missing):
    vectors = rng.normal(size=(count, 8)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    vectors[missing] = np.nan
    return vectors


@settings(max_examples=80, deadline=None)
@given(
    clients=st.lists(client_facts, min_size=1, max_size=6),
    coaches=st.lists(coach_facts, min_size=1, max_size=8),
    chosen=weights,
    seed=st.integers(0, 1000),
)
def test_matrices_agree_with_the_pairwise_score(clients, coaches, chosen, seed):
    clients, coaches = _unique(clients), _unique(coaches)
    rng = np.random.default_rng(seed)
    cv = _vectors(rng, len(clients), rng.random(len(clients)) < 0.3)
    kv = _vectors(rng, len(coaches), rng.random(len(coaches)) < 0.3)
    scores, allowed = bulk.score_matrix(clients, coaches, chosen, client_vectors=cv, coach_vectors=kv)
    for i, client in enumerate(clients):
        for j, coach in enumerate(coaches):
            both = not np.isnan(cv[i, 0]) and not np.isnan(kv[j, 0])
            cosine = float(cv[i] @ kv[j]) if both else None
            expected = scoring.score(client, coach, chosen, cosine=cosine).score
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
