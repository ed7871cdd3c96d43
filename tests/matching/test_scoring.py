"""Hard rules are never broken, reasons agree with the score, and the same inputs always give the
same suggestions: property-based over random clients, coaches and weights."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from matching import scoring
from matching.availability import describe, slots
from matching.meaning import Items
from matching.models import FACTORS
from matching.selectors import Pool, suggest
from people.models import Channel, Circumstance

CIRCUMSTANCES = st.frozensets(st.sampled_from(Circumstance.values), max_size=4)
CHANNELS = st.frozensets(st.sampled_from(Channel.values), max_size=3)
LANGUAGES = ["English", "Polish", "Arabic", "Somali", "Urdu"]
AREAS = ["", "Hulme", "Salford", "Gorton"]
INTERESTS = ["cycling", "allotment", "football", "cooking", "music", "fishing", "reading"]
SLOTS = st.frozensets(
    st.tuples(st.sampled_from(["monday", "tuesday", "saturday"]), st.sampled_from(["morning", "evening"])),
    max_size=4,
)
WORDS = st.lists(st.sampled_from(INTERESTS), max_size=3, unique=True).map(lambda ws: {w: w for w in ws})


def _random_items(texts: list[str], seed: int) -> Items:
    vectors = np.random.default_rng(seed).normal(size=(len(texts), 8)).astype(np.float32)
    return Items(tuple(texts), vectors / np.linalg.norm(vectors, axis=1, keepdims=True))


# Items with vectors (random unit vectors: only the arithmetic is under test here), or none.
ITEMS = st.none() | st.builds(
    _random_items, st.lists(st.sampled_from(INTERESTS), min_size=1, max_size=4, unique=True), st.integers(0, 10**6)
)

coach_facts = st.builds(
    scoring.CoachFacts,
    id=st.integers(1, 10_000),
    name=st.sampled_from(["Sam", "Grace", "Ali", "Jo"]),
    circumstances=CIRCUMSTANCES,
    debt_size=st.none() | st.integers(0, 4),
    age=st.none() | st.integers(18, 80),
    gender=st.sampled_from(["", "woman", "man", "non_binary"]),
    languages=st.frozensets(st.sampled_from([lang.casefold() for lang in LANGUAGES]), max_size=3).map(
        lambda s: s | {"english"}
    ),
    channels=CHANNELS,
    area=st.sampled_from(AREAS),
    slots=SLOTS,
    words=WORDS,
    open_count=st.integers(0, 4),
    capacity=st.integers(1, 3),
    ready=st.booleans(),
    excluded_circumstances=st.frozensets(st.sampled_from(Circumstance.values), max_size=2),
    known_clients=st.frozensets(st.integers(1, 5), max_size=2),
    interest_items=ITEMS,
    experience_items=ITEMS,
)
client_facts = st.builds(
    scoring.ClientFacts,
    id=st.integers(1, 5),
    circumstances=CIRCUMSTANCES,
    debt_size=st.none() | st.integers(0, 4),
    age=st.none() | st.integers(18, 80),
    consider_age=st.booleans(),
    language=st.sampled_from(LANGUAGES),
    channels=CHANNELS,
    area=st.sampled_from(AREAS),
    slots=SLOTS,
    words=WORDS,
    wants_gender=st.sampled_from(["", "", "woman", "man"]),
    must_speak=st.sampled_from(["", "", "", "Polish", "Arabic"]),
    interest_items=ITEMS,
    hope_items=ITEMS,
)
weights = st.fixed_dictionaries({name: st.integers(0, 10) for name, _ in FACTORS})


def _pool(coaches):
    coaches = list({c.id: c for c in coaches}.values())
    return Pool(programme=type("P", (), {"name": "Test"})(), coaches=coaches, ready_count=sum(c.ready for c in coaches))


@settings(max_examples=150, deadline=None)
@given(client=client_facts, coaches=st.lists(coach_facts, max_size=25), chosen=weights)
def test_no_suggestion_breaks_a_hard_rule(client, coaches, chosen):
    pool = _pool(coaches)
    by_id = {c.id: c for c in pool.coaches}
    result = suggest((client, None), pool, chosen, limit=None)
    for candidate in result.candidates:
        coach = by_id[candidate.coach_id]
        assert coach.ready
        assert coach.open_count < coach.capacity
        assert client.id not in coach.known_clients
        assert not client.circumstances & coach.excluded_circumstances
        if client.wants_gender:
            assert coach.gender == client.wants_gender
        if client.must_speak:
            assert client.must_speak.casefold() in coach.languages
    allowed = {c.id for c in pool.coaches if scoring.blocked(client, c) is None}
    assert {c.coach_id for c in result.candidates} == allowed
    if not result.candidates:
        assert result.why_none


@settings(max_examples=150, deadline=None)
@given(client=client_facts, coach=coach_facts, chosen=weights)
def test_reasons_add_up_to_the_score(client, coach, chosen):
    candidate = scoring.score(client, coach, chosen)
    assert 0 <= candidate.score <= 100
    assert abs(sum(p.points for p in candidate.parts) - candidate.score) < 0.1
    for part in candidate.parts:
        assert 0 <= part.value <= 1
        assert chosen[part.factor] > 0
    # Every reason shown belongs to a factor that earned points (or is the informative load).
    for reason in candidate.reasons:
        assert reason.points >= 0.5 or reason.factor == "load"


@settings(max_examples=60, deadline=None)
@given(client=client_facts, coaches=st.lists(coach_facts, max_size=15), chosen=weights)
def test_the_same_inputs_give_the_same_suggestions(client, coaches, chosen):
    coaches = list({c.id: c for c in coaches}.values())  # one set of coaches, in two orders
    pool = _pool(coaches)
    first = suggest((client, None), pool, chosen)
    again = suggest((client, None), _pool(list(reversed(coaches))), chosen)
    assert [(c.coach_id, c.score) for c in first.candidates] == [(c.coach_id, c.score) for c in again.candidates]


def test_must_haves_explain_an_empty_list():
    client = scoring.ClientFacts(id=1, must_speak="Arabic")
    coaches = [scoring.CoachFacts(id=n, name=f"C{n}", languages=frozenset({"english"})) for n in range(3)]
    result = suggest((client, None), _pool(coaches), dict.fromkeys([f for f, _ in FACTORS], 5))
    assert result.candidates == [] and result.why_none == "No ready coach speaks Arabic."
    full = [scoring.CoachFacts(id=n, name=f"C{n}", open_count=3, capacity=3) for n in range(3)]
    result = suggest((scoring.ClientFacts(id=1), None), _pool(full), dict.fromkeys([f for f, _ in FACTORS], 5))
    assert result.why_none == "Every ready coach who would suit is full."


def test_reasons_in_plain_words():
    client = scoring.ClientFacts(
        id=1,
        circumstances=frozenset({"rent_arrears"}),
        debt_size=2,
        age=40,
        language="Polish",
        channels=frozenset({"phone"}),
        area="Hulme",
        slots=frozenset(slots("Tuesday mornings")),
        words={"cycl": "cycling", "allotment": "allotments"},
    )
    coach = scoring.CoachFacts(
        id=7,
        name="Agnieszka",
        circumstances=frozenset({"rent_arrears", "energy"}),
        debt_size=2,
        age=44,
        languages=frozenset({"english", "polish"}),
        channels=frozenset({"phone", "face_to_face"}),
        area="hulme",
        slots=frozenset(slots("Tuesdays, any time")),
        words={"cycl": "cycling", "allotment": "allotment"},
        open_count=2,
        capacity=3,
    )
    reasons = [r.reason for r in scoring.score(client, coach, dict.fromkeys([f for f, _ in FACTORS], 5)).reasons]
    assert "both lived with rent arrears; similar amount of debt" in reasons
    assert "similar age" in reasons
    assert "both into cycling and allotments" in reasons
    assert "speaks Polish" in reasons
    assert "both happy to meet by phone" in reasons
    assert "both in Hulme" in reasons
    assert "free Tuesday mornings" in reasons
    assert "2 of 3 places taken" in reasons


def test_availability_reads_everyday_phrases():
    assert slots("Tuesday mornings") == {("tuesday", "morning")}
    assert ("saturday", "evening") in slots("weekends")
    assert slots("evenings") == {(d, "evening") for d in ["monday", "tuesday", "wednesday", "thursday", "friday",
                                                        "saturday", "sunday"]}  # fmt: skip
    assert slots("") == set()
    assert describe({("friday", "afternoon"), ("tuesday", "morning")}) == "Tuesday mornings and Friday afternoons"
