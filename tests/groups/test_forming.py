"""The group-forming optimiser against brute force over every way of splitting small pools."""

from __future__ import annotations

from itertools import combinations

from hypothesis import given, settings
from hypothesis import strategies as st

from groups.forming import Person, propose, total_cost

TEAMS = ["North", "South", "East", "West"]
PLACES = ["Leeds", "York"]


def _partitions(people: list[Person], size: int, count: int):
    """Every way of choosing `count` groups of `size` (unordered) from `people`; the rest left out."""
    if count == 0:
        yield []
        return
    if len(people) < size * count:
        return
    first, rest = people[0], people[1:]
    # Either the first person is left out...
    if len(rest) >= size * count:
        yield from _partitions(rest, size, count)
    # ...or they are in a group with size - 1 of the others.
    for others in combinations(range(len(rest)), size - 1):
        group = [first, *(rest[i] for i in others)]
        remaining = [p for i, p in enumerate(rest) if i not in others]
        for more in _partitions(remaining, size, count - 1):
            yield [group, *more]


pools = st.lists(
    st.tuples(st.sampled_from(TEAMS), st.integers(1, 5), st.sampled_from(PLACES)), min_size=3, max_size=9
).map(
    lambda rows: [
        Person(id=i + 1, name=f"P{i + 1}", team=t, seniority=s, location=loc) for i, (t, s, loc) in enumerate(rows)
    ]
)


@settings(max_examples=60, deadline=None, derandomize=True)
@given(pool=pools, size=st.integers(3, 4), by_location=st.booleans())
def test_proposals_match_brute_force_on_small_pools(pool, size, by_location):
    proposal = propose(pool, size=size, by_location=by_location)
    groups = [g.members for g in proposal.groups]
    placed = [p for g in groups for p in g]
    # Everyone is placed once or left out with a reason.
    assert sorted(p.id for p in placed + [u.person for u in proposal.unplaced]) == [p.id for p in pool]
    assert all(len(g) == size for g in groups) and all(u.reason for u in proposal.unplaced)
    best_placed, best_teams = 0, None
    for partition in _partitions(pool, size, len(pool) // size):
        best_placed = max(best_placed, sum(len(g) for g in partition))
        teams = total_cost(partition, by_location=by_location)[0]
        best_teams = teams if best_teams is None else min(best_teams, teams)
    assert len(placed) == best_placed
    found = total_cost(groups, by_location=by_location)[0]
    assert found == best_teams
    if best_teams == 0:
        for group in groups:
            assert len({p.team for p in group}) == len(group)


def test_a_proposal_says_why_in_plain_words():
    people = [
        Person(1, "Amira", "North", 4),
        Person(2, "Ben", "South", 4),
        Person(3, "Chloe", "East", 3),
        Person(4, "Dev", "North", 3),
        Person(5, "Erin", "North", 4),
    ]
    proposal = propose(people, size=3, labels={3: "Senior", 4: "Team leader"})
    assert proposal.groups[0].reason == "Similar seniority (senior and team leader); three different teams"
    assert len(proposal.unplaced) == 2
    assert all("North" in u.reason or "Pool too small" in u.reason for u in proposal.unplaced)
