"""Bulk matching at scale: from 1,000 to 20,000 waiting clients, a fifth as many coaches, 3 places each.

Builds random but realistic facts (lived experience, debt size, age, languages, ways of meeting,
areas, availability, interests as words and as unit vectors, a few must-haves, exclusions and
known connections), then times `matching.bulk.plan` in a fresh process per size (so the peak
memory is that size's own): scoring in blocks of clients, each client's best 25 and each coach's
best 25 as a sparse graph with greedy's own pairs, SciPy's min_weight_full_bipartite_matching, and
greedy for comparison. Where it fits in memory it also solves the dense optimum (every allowed
pair, every capacity slot) of the same scores, to show what the sparse graph gives up.

    .venv/bin/python bench/bench_bulk.py                 # every size
    .venv/bin/python bench/bench_bulk.py 20000 4000      # one size
"""

from __future__ import annotations

import dataclasses
import json
import os
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")

import django  # noqa: E402

django.setup()

import numpy as np  # noqa: E402
from scipy.sparse import csr_matrix  # noqa: E402
from scipy.sparse.csgraph import min_weight_full_bipartite_matching  # noqa: E402

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


def dense_optimum(clients, coaches) -> tuple[int, float]:
    """Every allowed pair in the graph (no candidate lists): the exact optimum of the same objective."""
    places = np.array([k.capacity - k.open_count for k in coaches], dtype=np.int64)
    scores, allowed = bulk.score_matrix(clients, coaches, WEIGHTS)
    n, m = scores.shape
    ci, cj = np.nonzero(allowed)
    value = scores[ci, cj].astype(np.float64)
    del scores, allowed
    starts = np.concatenate([[0], np.cumsum(places)])
    reps = places[cj]
    offsets = np.arange(int(reps.sum())) - np.repeat(np.cumsum(reps) - reps, reps)
    slots = int(starts[-1])
    # Rows are places, as in bulk.solve (the same optimum; far quicker with more clients than places).
    rows = np.concatenate([np.repeat(starts[cj], reps) + offsets, np.arange(slots)])
    cols = np.concatenate([np.repeat(ci, reps), n + np.arange(slots)])
    costs = np.concatenate([np.repeat(101.0 - value, reps), np.full(slots, bulk.UNMATCHED_COST)])
    _, matched = min_weight_full_bipartite_matching(csr_matrix((costs, (rows, cols)), shape=(slots, n + slots)))
    owner = np.repeat(np.arange(m), places)
    lookup = dict(zip((ci * m + cj).tolist(), value.tolist(), strict=True))
    pairs = [(int(c), int(owner[s])) for s, c in enumerate(matched) if c < n]
    return len(pairs), sum(lookup[i * m + j] for i, j in pairs)


def run(n_clients: int, n_coaches: int, *, dense: bool) -> dict:
    clients, coaches = facts(n_clients, n_coaches)
    moves = []
    cpu = time.process_time()
    start = time.perf_counter()
    result = bulk.plan(
        clients, coaches, WEIGHTS,
        progress=lambda percent, message: moves.append((round(time.perf_counter() - start, 1), percent)),
    )  # fmt: skip
    took = time.perf_counter() - start
    cpu = time.process_time() - cpu
    out = {
        "clients": n_clients,
        "coaches": n_coaches,
        "places": 3 * n_coaches,
        "seconds": round(took, 1),
        "cpu_seconds": round(cpu, 1),
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024,
        "matched": len(result.best.pairs),
        "total": round(result.best.total),
        "greedy_matched": len(result.greedy.pairs),
        "greedy_total": round(result.greedy.total),
        "longest_still_bar_s": max(b[0] - a[0] for a, b in zip(moves, moves[1:], strict=False))
        if len(moves) > 1
        else 0,
    }
    if dense:
        start = time.perf_counter()
        out["dense_matched"], total = dense_optimum(clients, coaches)
        out["dense_total"] = round(total)
        out["dense_seconds"] = round(time.perf_counter() - start, 1)
    return out


SIZES = [(1_000, 200, True), (2_000, 400, True), (5_000, 1_000, True), (10_000, 2_000, False), (20_000, 4_000, False)]

HEADER = (
    "| clients x coaches (3 places each) | time (CPU) | peak memory | matched (greedy) | total score | greedy"
    " | dense optimum | longest wait between progress moves |\n|---|---|---|---|---|---|---|---|"
)


def row(r: dict) -> str:
    optimum = f"{r['dense_total']:,} ({r['dense_matched']:,} matched)" if "dense_total" in r else "not run"
    return (
        f"| {r['clients']:,} x {r['coaches']:,} | {r['seconds']} s ({r['cpu_seconds']} s) | {r['peak_mb']:,} MB"
        f" | {r['matched']:,} ({r['greedy_matched']:,}) | {r['total']:,} | {r['greedy_total']:,} | {optimum}"
        f" | {r['longest_still_bar_s']} s |"
    )


if __name__ == "__main__":
    if len(sys.argv) >= 3:
        print(json.dumps(run(int(sys.argv[1]), int(sys.argv[2]), dense=len(sys.argv) > 3)))
        sys.exit()
    print(HEADER)
    for n, m, dense in SIZES:
        args = [sys.executable, __file__, str(n), str(m)] + (["dense"] if dense else [])
        done = subprocess.run(args, capture_output=True, text=True, check=True)  # noqa: S603 (our own script)
        print(row(json.loads(done.stdout.strip().splitlines()[-1])), flush=True)
