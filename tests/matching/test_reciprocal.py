from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from matching import reciprocal
from matching.models import CoachProfile, ReciprocalPair
from organisations.models import Programme

people = st.lists(
    st.builds(
        reciprocal.Person,
        id=st.integers(1, 500),
        name=st.sampled_from(["Ann", "Bo", "Cy", "Di"]),
        level=st.none() | st.integers(1, 5),
        team=st.sampled_from(["Adults", "Children", "Duty", ""]),
        words=st.sampled_from([{}, {"run": "running"}, {"chess": "chess"}]),
    ),
    max_size=9,
    unique_by=lambda p: p.id,
)


pytestmark = pytest.mark.usefixtures("scoped")  # each body runs in the world's organisation


def _brute_best(group):
    """The most pairs, then the highest total, by trying every pairing (small groups only)."""
    best = (0, 0.0)

    def walk(left, count, total):
        nonlocal best
        best = max(best, (count, round(total, 1)))
        if len(left) < 2:
            return
        first, rest = left[0], left[1:]
        walk(rest, count, total)
        for i, other in enumerate(rest):
            result = reciprocal.pair_score(first, other)
            if result:
                walk(rest[:i] + rest[i + 1 :], count + 1, total + result[0])

    walk(list(group), 0, 0.0)
    return best


@settings(max_examples=100, deadline=None)
@given(group=people)
def test_pairs_keep_the_rules_and_are_the_best_possible(group):
    chosen, left = reciprocal.pairs(group)
    seen = set()
    for a, b, _score, _ in chosen:
        assert not (a.team and b.team and a.team.casefold() == b.team.casefold())
        assert a.level is not None and b.level is not None and abs(a.level - b.level) <= 1
        assert a.id not in seen and b.id not in seen
        seen |= {a.id, b.id}
    assert len(seen) + len(left) == len(group)
    assert (len(chosen), round(sum(c[2] for c in chosen), 1)) == _brute_best(group)


def test_coordinator_starts_reciprocal_pairs(as_role, world):
    from tests.factories import CoachFactory

    programme = Programme.objects.filter(pk=world.programme.pk)
    programme.update(kind="reciprocal")
    coaches = [world.coach, world.other_coach] + [CoachFactory(organisation=world.org) for _ in range(2)]
    for coach, (level, team) in zip(coaches, [(3, "Adults"), (3, "Children"), (2, "Adults"), (5, "Duty")], strict=True):
        CoachProfile.objects.create(organisation=world.org, coach=coach, level=level, team=team)
    coordinator = as_role("coordinator")
    body = coordinator.get(f"/programmes/{world.programme.pk}/reciprocal-pairs/").content.decode()
    assert "Proposed pairs" in body and "different teams" in body
    coordinator.post(f"/programmes/{world.programme.pk}/reciprocal-pairs/")
    pairs = list(ReciprocalPair.objects.all())
    for pair in pairs:
        first, second = (CoachProfile.objects.get(coach=c) for c in (pair.first, pair.second))
        assert first.team != second.team and abs(first.level - second.level) <= 1
    # Everyone paired stays out of the next proposal.
    body = coordinator.get(f"/programmes/{world.programme.pk}/reciprocal-pairs/").content.decode()
    assert "Pairs working together" in body
    paired = set(itertools.chain.from_iterable((p.first_id, p.second_id) for p in pairs))
    assert len(paired) == 2 * len(pairs)
