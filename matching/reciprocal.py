"""Reciprocal peer pairs: equals (e.g. social workers) coaching each other. Everyone is paired
with someone of a similar level from a different team, as a maximum-weight matching on a general
graph (networkx's blossom algorithm): not a bipartite problem, since anyone may pair with anyone."""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx

from .keywords import overlap


@dataclass(frozen=True)
class Person:
    id: int
    name: str
    level: int | None
    team: str
    words: dict[str, str]
    known: frozenset[int] = frozenset()


def pair_score(a: Person, b: Person) -> tuple[float, list[str]] | None:
    """None when they must not be paired (same team, levels too far apart, or they know each other
    in a way that rules it out); otherwise a score out of 100 and the reasons."""
    if a.team and b.team and a.team.casefold() == b.team.casefold():
        return None
    if a.level is None or b.level is None or abs(a.level - b.level) > 1:
        return None
    if b.id in a.known or a.id in b.known:
        return None
    closeness = 1.0 if a.level == b.level else 0.5
    by_words, shared = overlap(a.words, b.words)
    reasons = [f"both level {a.level}" if a.level == b.level else f"levels {a.level} and {b.level}"]
    reasons.append(f"different teams ({a.team or 'not given'} and {b.team or 'not given'})")
    if shared:
        reasons.append("both into " + " and ".join(shared[:2]))
    return round(100 * (0.7 * closeness + 0.3 * by_words), 1), reasons


def pairs(people: list[Person]) -> tuple[list[tuple[Person, Person, float, list[str]]], list[Person]]:
    """The pairing with the highest total score among as many pairs as possible; and who is left."""
    graph = nx.Graph()
    graph.add_nodes_from(p.id for p in people)
    by_id = {p.id: p for p in people}
    found = {}
    for i, a in enumerate(people):
        for b in people[i + 1 :]:
            result = pair_score(a, b)
            if result:
                graph.add_edge(a.id, b.id, weight=result[0])
                found[frozenset((a.id, b.id))] = result
    matching = nx.max_weight_matching(graph, maxcardinality=True)
    chosen = []
    for x, y in sorted(matching, key=lambda e: tuple(sorted(e))):
        a, b = sorted((by_id[x], by_id[y]), key=lambda p: p.id)
        score, reasons = found[frozenset((a.id, b.id))]
        chosen.append((a, b, score, reasons))
    paired = {p.id for pair in chosen for p in pair[:2]}
    return sorted(chosen, key=lambda c: -c[2]), [p for p in people if p.id not in paired]
