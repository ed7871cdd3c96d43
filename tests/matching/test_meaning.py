"""Matching by meaning ranks the coach people would pick first, item by item, and the close pairs
are the reasons (tests/matching/meaning_cases.py holds the labelled profiles)."""

from __future__ import annotations

import pytest

from matching import bulk, embeddings, keywords, meaning, scoring, texts
from matching.models import Weights

from .meaning_cases import CASES

pytestmark = pytest.mark.skipif(not embeddings.available(), reason="the MiniLM model is not installed")

DEFAULTS = Weights().as_dict()


def _items(found: list[str]) -> meaning.Items | None:
    return meaning.Items(tuple(found), embeddings.embed(found)) if found else None


def _client(n: int, interests: str, hopes: str) -> scoring.ClientFacts:
    return scoring.ClientFacts(
        id=n,
        words=keywords.words(interests),
        interest_items=_items(texts.items(interests)),
        hope_items=_items(texts.items(hopes, everyday=True)),
    )


def _coach(n: int, name: str, interests: str, intro: str) -> scoring.CoachFacts:
    return scoring.CoachFacts(
        id=n,
        name=name,
        words=keywords.words(interests),
        interest_items=_items(texts.items(interests)),
        experience_items=_items(texts.items(intro, everyday=True)),
    )


def _case(case):
    client = _client(1, *case["client"])
    coaches = [_coach(10 + j, name, *texts_) for j, (name, texts_) in enumerate(case["coaches"].items())]
    return client, coaches


def test_the_labelled_set_is_big_and_varied():
    assert len(CASES) >= 40
    assert len({c["name"] for c in CASES}) == len(CASES)
    for case in CASES:
        assert case["best"] in case["coaches"] and len(case["coaches"]) >= 2
    assert sum("work" in " ".join(" ".join(t) for t in c["coaches"].values()) for c in CASES) >= 8


def test_the_right_coach_comes_first_in_at_least_nine_cases_in_ten():
    wrong = []
    for case in CASES:
        client, coaches = _case(case)
        ranked = scoring.rank([scoring.score(client, coach, DEFAULTS) for coach in coaches])
        if ranked[0].name != case["best"]:
            wrong.append(f"{case['name']}: {ranked[0].name} {ranked[0].score} before {case['best']}")
    assert len(wrong) <= len(CASES) // 10, "\n".join(wrong)


def test_the_matrix_ranks_and_scores_as_pair_by_pair():
    for case in CASES:
        client, coaches = _case(case)
        scores, allowed = bulk.score_matrix([client], coaches, DEFAULTS)
        for j, coach in enumerate(coaches):
            assert abs(float(scores[0, j]) - scoring.score(client, coach, DEFAULTS).score) < 0.11, case["name"]
        assert allowed.all()


def test_the_issue_example_the_right_way_round_with_the_pairs_as_reasons():
    client, (grace, dean) = _case(CASES[0])
    right = meaning.compare(client.interest_items, dean.interest_items).similarity
    wrong = meaning.compare(client.interest_items, grace.interest_items).similarity
    assert right > wrong + 0.1
    reason = next(p.reason for p in scoring.score(client, dean, DEFAULTS).parts if p.factor == "interests")
    assert "sparring at the gym and boxing" in reason
    assert "walking my puppy and dogs" in reason
    assert not next(p.reason for p in scoring.score(client, grace, DEFAULTS).parts if p.factor == "interests")


def test_hopes_are_compared_with_lived_experience():
    case = next(c for c in CASES if c["name"] == "hopes met by experience: debt")
    client, coaches = _case(case)
    helen = scoring.score(client, coaches[0], DEFAULTS)
    reason = next(p.reason for p in helen.parts if p.factor == "interests")
    assert "sort out my debts" in reason and "Helen has been there" in reason


@pytest.mark.parametrize("everyday", ["work", "family", "people", "friends", "home", "money", "job"])
def test_an_everyday_word_is_never_a_reason(everyday):
    client = _client(1, f"{everyday}, knitting", "")
    coach = _coach(2, "Ray", f"{everyday}, football", "")
    for candidate in (scoring.score(client, coach, DEFAULTS), scoring.score(
        scoring.ClientFacts(id=1, words=client.words), scoring.CoachFacts(id=2, name="Ray", words=coach.words), DEFAULTS
    )):  # fmt: skip
        assert everyday not in " ".join(r.reason for r in candidate.reasons)
    assert keywords.overlap(client.words, coach.words) == (0.0, [])


def test_items_are_the_separate_things_written():
    assert texts.items("boxing, dogs and DIY") == ["boxing", "dogs", "DIY"]
    assert texts.items("I cleared £8,000 of debt after losing my job, and I love my allotment.", everyday=True) == [
        "I cleared £8,000 of debt after losing my job",
        "I love my allotment",
    ]
    assert texts.items("work, my family") == []
    assert texts.items("Get back into work", everyday=True) == ["Get back into work"]
