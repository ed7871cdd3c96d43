"""Forming facilitated groups from a pool of people who asked to join: pure Python, no Django.

The coordinator chooses a group size (3 to 8) and whether members should also come from different
locations. `propose` splits the whole pool at once (not first come, first served) into as many
groups of exactly that size as it holds, and leaves the rest out, with a reason for each.

The objective, in order (each only breaks ties in the one before):

1. Place as many people as possible: floor(pool / size) groups of `size`, everyone else left out.
2. Fewest pairs of members from the same team. This is the hard rule: nobody shares a group with
   someone from their own team unless every way of placing that many people forces it.
3. If asked, fewest pairs of members from the same location.
4. The smallest total seniority spread (in each group, highest level minus lowest, summed).

Method: a greedy construction (people of the largest teams first, dealt one per group, in
seniority order, so teams spread out and neighbours in seniority share a group), then local search
by pairwise swaps between groups and with the people left out, taking any swap that lowers the
objective until none does; repeated from a few seeded random starts, keeping the best. It is
deterministic: the same pool gives the same proposal.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

MIN_SIZE, MAX_SIZE = 3, 8
NUMBER_WORDS = ["no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]


@dataclass(frozen=True)
class Person:
    id: int
    name: str
    team: str
    seniority: int
    location: str = ""

    @property
    def team_key(self) -> str:
        return self.team.strip().casefold()

    @property
    def location_key(self) -> str:
        return self.location.strip().casefold()


@dataclass
class ProposedGroup:
    members: list[Person]
    reason: str = ""


@dataclass
class Unplaced:
    person: Person
    reason: str


@dataclass
class Proposal:
    groups: list[ProposedGroup] = field(default_factory=list)
    unplaced: list[Unplaced] = field(default_factory=list)


Cost = tuple[int, int, int]


def _pairs(keys: Sequence[str]) -> int:
    return sum(count * (count - 1) // 2 for key, count in Counter(keys).items() if key)


def group_cost(members: Sequence[Person], *, by_location: bool) -> Cost:
    """(same-team pairs, same-location pairs if asked, seniority spread) of one group."""
    if not members:
        return (0, 0, 0)
    levels = [p.seniority for p in members]
    return (
        _pairs([p.team_key for p in members]),
        _pairs([p.location_key for p in members]) if by_location else 0,
        max(levels) - min(levels),
    )


def total_cost(groups: Sequence[Sequence[Person]], *, by_location: bool) -> Cost:
    costs = [group_cost(g, by_location=by_location) for g in groups]
    return (sum(c[0] for c in costs), sum(c[1] for c in costs), sum(c[2] for c in costs))


def _add(a: Cost, b: Cost) -> Cost:
    return (a[0] + b[0], a[1] + b[1], a[2] + b[2])


def _greedy(people: list[Person], count: int, size: int) -> list[list[Person]]:
    """Largest teams first, each team in seniority order, dealt one per group in turn; the last
    block is the people left out."""
    by_team: dict[str, list[Person]] = {}
    for person in sorted(people, key=lambda p: (p.seniority, p.id)):
        by_team.setdefault(person.team_key, []).append(person)
    order = [p for team in sorted(by_team, key=lambda t: (-len(by_team[t]), t)) for p in by_team[team]]
    slots: list[list[Person]] = [[] for _ in range(count)]
    bench: list[Person] = []
    index = 0
    for person in order:
        open_groups = [g for g in range(count) if len(slots[g]) < size]
        if not open_groups:
            bench.append(person)
            continue
        target = open_groups[index % len(open_groups)]
        slots[target].append(person)
        index += 1
    return [*slots, bench]


def _improve(blocks: list[list[Person]], *, by_location: bool) -> list[list[Person]]:
    """Pairwise swaps between blocks (the last block, those left out, costs nothing) until no swap
    lowers the objective."""
    bench = len(blocks) - 1

    def cost(index: int, members: list[Person]) -> Cost:
        return (0, 0, 0) if index == bench else group_cost(members, by_location=by_location)

    costs = [cost(i, b) for i, b in enumerate(blocks)]
    improved = True
    while improved:
        improved = False
        for a in range(len(blocks)):
            for b in range(a + 1, len(blocks)):
                for i in range(len(blocks[a])):
                    for j in range(len(blocks[b])):
                        first, second = list(blocks[a]), list(blocks[b])
                        first[i], second[j] = second[j], first[i]
                        after = _add(cost(a, first), cost(b, second))
                        if after < _add(costs[a], costs[b]):
                            blocks[a], blocks[b] = first, second
                            costs[a], costs[b] = cost(a, first), cost(b, second)
                            improved = True
    return blocks


def _describe_levels(members: Sequence[Person], labels: Mapping[int, str], by_hand: bool) -> str:
    levels = sorted({p.seniority for p in members})
    names = [labels.get(level, str(level)).lower() for level in levels]
    if len(levels) == 1:
        return f"Same seniority (all {names[0]})"
    if levels[-1] - levels[0] <= 1:
        return f"Similar seniority ({' and '.join(names)})"
    why = "" if by_hand else ": the pool had no closer match"
    return f"Seniority spread widely ({', '.join(names)}){why}"


def _count(number: int) -> str:
    return NUMBER_WORDS[number] if number < len(NUMBER_WORDS) else str(number)


def describe(members: Sequence[Person], labels: Mapping[int, str], *, by_location: bool, by_hand: bool = False) -> str:
    """The reason for a group, in plain words; `by_hand` when the coordinator changed it, so the
    words do not blame the pool for their choice."""
    parts = [_describe_levels(members, labels, by_hand)]
    teams = Counter(p.team_key for p in members)
    if len(teams) == len(members):
        parts.append(f"{_count(len(teams))} different teams")
    else:
        why = "" if by_hand else ": the pool had too many from one team"
        parts.append(f"{_count(len(teams))} teams for {_count(len(members))} people{why}")
    if by_location:
        places = Counter(p.location_key for p in members)
        if len(places) == len(members):
            parts.append(f"{_count(len(places))} different locations")
        else:
            parts.append(f"{_count(len(places))} locations between them")
    return "; ".join(parts)


def _unplaced_reason(person: Person, groups: Sequence[Sequence[Person]], left: int, size: int) -> str:
    if groups and all(any(p.team_key == person.team_key for p in g) for g in groups):
        return f"Someone from their team ({person.team}) is already in every proposed group."
    if not groups:
        return f"Pool too small for a group of {size}."
    return f"Pool too small for another group of {size}: {_count(left)} left over."


def propose(
    people: Sequence[Person],
    *,
    size: int,
    by_location: bool = False,
    labels: Mapping[int, str] | None = None,
    seed: int = 16,
    restarts: int = 12,
) -> Proposal:
    """Propose groups of exactly `size` from the whole pool (see the module's docstring)."""
    if not MIN_SIZE <= size <= MAX_SIZE:
        raise ValueError(f"A group has {MIN_SIZE} to {MAX_SIZE} members.")
    labels = labels or {}
    pool = sorted(people, key=lambda p: p.id)
    count = len(pool) // size
    rng = random.Random(seed)  # noqa: S311  (a seeded shuffle, not a secret)
    starts = [_greedy(pool, count, size)]
    for _ in range(restarts if count else 0):
        shuffled = list(pool)
        rng.shuffle(shuffled)
        starts.append([shuffled[g * size : (g + 1) * size] for g in range(count)] + [shuffled[count * size :]])
    best: list[list[Person]] | None = None
    best_cost: Cost | None = None
    for start in starts:
        blocks = _improve([list(b) for b in start], by_location=by_location)
        found = total_cost(blocks[:-1], by_location=by_location)
        if best_cost is None or found < best_cost:
            best, best_cost = blocks, found
    assert best is not None
    groups = [sorted(g, key=lambda p: (-p.seniority, p.name, p.id)) for g in best[:-1]]
    groups.sort(key=lambda g: (-max(p.seniority for p in g), g[0].id))
    left = best[-1]
    return Proposal(
        groups=[ProposedGroup(members=g, reason=describe(g, labels, by_location=by_location)) for g in groups],
        unplaced=[
            Unplaced(person=p, reason=_unplaced_reason(p, groups, len(left), size))
            for p in sorted(left, key=lambda p: (p.name, p.id))
        ],
    )


def warnings_for(members: Sequence[Person], labels: Mapping[int, str] | None = None) -> list[str]:
    """What a coordinator should know about a group after moving people around."""
    labels = labels or {}
    notes: list[str] = []
    if not MIN_SIZE <= len(members) <= MAX_SIZE:
        notes.append(f"A group needs {MIN_SIZE} to {MAX_SIZE} members; this one has {len(members)}.")
    by_team: dict[str, list[str]] = {}
    for person in members:
        by_team.setdefault(person.team_key, []).append(person.name)
    for names in by_team.values():
        if len(names) > 1:
            notes.append(f"{' and '.join(names)} work in the same team.")
    if members:
        top = max(members, key=lambda p: p.seniority)
        low = min(members, key=lambda p: p.seniority)
        if top.seniority - low.seniority > 1:
            notes.append(
                f"{top.name} ({labels.get(top.seniority, top.seniority)}) and {low.name} "
                f"({labels.get(low.seniority, low.seniority)}) are far apart in seniority."
            )
    return notes
