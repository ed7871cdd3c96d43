"""Bulk matching at scale: 5,000 waiting clients and 1,000 ready coaches with 3 places each.

Builds random but realistic facts (lived experience, debt size, age, languages, ways of meeting,
areas, availability, interests as words and as unit vectors, a few must-haves, exclusions and
known connections), then times `matching.bulk.plan`: every score as numpy matrices, the hard-rule
mask, each client's 25 best candidates as a sparse graph, SciPy's min_weight_full_bipartite_matching,
and a greedy assignment for comparison. On a smaller instance it also solves the dense optimum
(linear_sum_assignment over every capacity slot) of the same scores, to show what the sparse
top-25 graph gives up (nothing, or very little).

    .venv/bin/python bench/bench_bulk.py
"""

from __future__ import annotations

import dataclasses
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")

import django  # noqa: E402

django.setup()

import numpy as np  # noqa: E402
from scipy.optimize import linear_sum_assignment  # noqa: E402

from matching import bulk, meaning, scoring  # noqa: E402
from matching.availability import DAYS, PARTS  # noqa: E402
from people.models import Channel, Circumstance  # noqa: E402

WORDS = [f"interest{n}" for n in range(80)]
AREAS = [f"Area {n}" for n in range(25)]
LANGS = ["english", "polish", "arabic", "somali", "urdu", "bengali"]
WEIGHTS = {"experience": 8, "age": 5, "interests": 6, "language": 4, "channels": 2, "area": 3, "availability": 3,
           "load": 1}  # fmt: skip


def facts(n_clients: int, n_coaches: int, seed: int = 11):
    rng = random.Random(seed)
    slots_all = [(d, p) for d in DAYS for p in PARTS]

    def words(k):
        return {w: w for w in rng.sample(WORDS, k)}

    clients = [
        scoring.ClientFacts(
            id=i,
            circumstances=frozenset(rng.sample(Circumstance.values, rng.randint(1, 3))),
            debt_size=rng.choice([None, 0, 1, 2, 3, 4]),
            age=rng.randint(18, 75),
            consider_age=rng.random() > 0.2,
            language=rng.choice(["English"] * 8 + ["Polish", "Arabic"]),
            channels=frozenset(rng.sample(Channel.values, rng.randint(1, 2))),
            area=rng.choice(AREAS),
            slots=frozenset(rng.sample(slots_all, rng.randint(1, 5))),
            words=words(rng.randint(1, 3)),
            wants_gender=rng.choice([""] * 15 + ["woman"]),
            must_speak=rng.choice([""] * 40 + ["Arabic"]),
        )
        for i in range(n_clients)
    ]
    coaches = [
        scoring.CoachFacts(
            id=100_000 + j,
            name=f"Coach{j}",
            circumstances=frozenset(rng.sample(Circumstance.values, rng.randint(1, 3))),
            debt_size=rng.choice([None, 0, 1, 2, 3, 4]),
            age=rng.randint(20, 70),
            gender=rng.choice(["woman", "man"]),
            languages=frozenset({"english", rng.choice(LANGS)}),
            channels=frozenset(rng.sample(Channel.values, rng.randint(1, 3))),
            area=rng.choice(AREAS),
            slots=frozenset(rng.sample(slots_all, rng.randint(2, 6))),
            words=words(rng.randint(1, 3)),
            open_count=0,
            capacity=3,
            excluded_circumstances=frozenset(rng.sample(Circumstance.values, 1)) if rng.random() < 0.1 else frozenset(),
            known_clients=frozenset({rng.randrange(n_clients)}) if rng.random() < 0.05 else frozenset(),
        )
        for j in range(n_coaches)
    ]
    # Each interest as an item with a unit vector, as matching stores them (meaning.Items).
    nprng = np.random.default_rng(seed)
    vectors = nprng.normal(size=(len(WORDS), 384)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    index = {w: n for n, w in enumerate(WORDS)}

    def items(person):
        found = tuple(person.words)
        return meaning.Items(found, vectors[[index[w] for w in found]]) if found else None

    clients = [dataclasses.replace(c, interest_items=items(c)) for c in clients]
    coaches = [dataclasses.replace(k, interest_items=items(k)) for k in coaches]
    return clients, coaches


def dense_optimum(scores, allowed, places) -> tuple[int, float]:
    slots = np.repeat(np.arange(scores.shape[1]), places)
    n = scores.shape[0]
    cost = np.where(allowed[:, slots], 101.0 - scores[:, slots], bulk.UNMATCHED_COST + 1)
    cost = np.hstack([cost, np.full((n, n), bulk.UNMATCHED_COST)])
    rows, cols = linear_sum_assignment(cost)
    pairs = [(i, slots[c]) for i, c in zip(rows, cols, strict=True) if c < len(slots)]
    return len(pairs), float(sum(scores[i, j] for i, j in pairs))


def run(n_clients: int, n_coaches: int, *, dense: bool) -> None:
    clients, coaches = facts(n_clients, n_coaches)
    start = time.perf_counter()
    best, greedy, scores, allowed = bulk.plan(clients, coaches, WEIGHTS)
    took = time.perf_counter() - start
    print(f"\n{n_clients} clients, {n_coaches} coaches x 3 places: plan (scoring + sparse solve + greedy) {took:.2f} s")
    print(f"  optimal (sparse, top {bulk.TOP}): {len(best.pairs)} matched, total score {best.total:,.0f}")
    print(f"  greedy, best pair first:      {len(greedy.pairs)} matched, total score {greedy.total:,.0f}")
    if dense:
        places = np.full(len(coaches), 3)
        start = time.perf_counter()
        matched, total = dense_optimum(scores, allowed, places)
        print(f"  dense optimum (every slot):   {matched} matched, total score {total:,.0f} "
              f"({time.perf_counter() - start:.2f} s)")  # fmt: skip


if __name__ == "__main__":
    run(5_000, 1_000, dense=False)
    run(600, 150, dense=True)
