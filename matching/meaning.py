"""Comparing two people by meaning, item by item (see texts.py for what an item is).

Each of the client's items is paired with the coach's closest one (cosine of the MiniLM vectors),
and the similarity is the mean of those best cosines: a client into boxing, dogs and DIY is
compared thing by thing, so three good pairs count and unrelated items only add what they share
by chance. Interests are compared with interests, hopes with the coach's lived experience, and the
two similarities averaged where both can be compared.

The same numbers are computed pair by pair here (scoring.score, with the pairs kept as reasons)
and for whole cohorts as one matrix computation (`matrix`, used by bulk.score_matrix), and
tests/matching/test_bulk.py proves the two agree."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

# all-MiniLM-L6-v2 on short phrases: two unrelated everyday things sit near 0.1 to 0.3 ("walking my
# puppy" and "swimming" 0.30), clearly related ones above 0.45 ("sparring at the gym" and "boxing"
# 0.56, "walking my puppy" and "dogs" 0.47), the same words 1. The mean best cosine is mapped from
# LOW..HIGH to 0..1; HIGH is well above "related", so sharing one thing exactly and another by
# meaning still ranks above sharing only the one.
LOW, HIGH = 0.2, 0.8
REASON_AT = 0.45  # a pair this close is shown as a reason
ROWS_PER_BLOCK = 2048  # client items per product in `matrix`, so memory stays bounded


@dataclass(frozen=True, eq=False)
class Items:
    """A person's items (interests, hopes or experience) and their unit vectors, row by row."""

    texts: tuple[str, ...]
    vectors: np.ndarray

    def __len__(self) -> int:
        return len(self.texts)


def present(items: Items | None) -> bool:
    return items is not None and len(items) > 0


def value(similarities: list[float | None]) -> float:
    """The factor's value (0 to 1) from one similarity per list the client filled in. A list the
    coach left empty counts as no likeness (LOW): a coach who wrote about their experience is not
    marked down against one who wrote nothing."""
    found = [LOW if s is None else s for s in similarities]
    return float(np.clip((sum(found) / len(found) - LOW) / (HIGH - LOW), 0.0, 1.0))


@dataclass
class Comparison:
    similarity: float  # mean best cosine
    pairs: list[tuple[str, str, float]]  # each client item, its closest coach item, their cosine


def compare(a: Items | None, b: Items | None) -> Comparison | None:
    if not present(a) or not present(b):
        return None
    cos = (a.vectors @ b.vectors.T).astype(np.float32)
    best = cos.argmax(axis=1)
    scores = cos[np.arange(len(a)), best]
    pairs = [(a.texts[i], b.texts[int(best[i])], float(scores[i])) for i in range(len(a))]
    return Comparison(float(scores.sum(dtype=np.float32) / np.float32(len(a))), pairs)


def matrix(left: list[Items | None], right: list[Items | None]) -> tuple[np.ndarray, np.ndarray]:
    """(mean best cosine, comparable): len(left) x len(right), as `compare` gives pair by pair.

    All of the right side's item vectors are stacked once; each block of the left side's items is
    multiplied by them, the best per right-hand person taken with a segment max
    (np.maximum.reduceat) and averaged per left-hand person with a segment sum."""
    n, m = len(left), len(right)
    out = np.zeros((n, m), dtype=np.float32)
    comparable = np.zeros((n, m), dtype=bool)
    rows = [i for i, x in enumerate(left) if present(x)]
    cols = [j for j, x in enumerate(right) if present(x)]
    if not rows or not cols:
        return out, comparable
    comparable[np.ix_(rows, cols)] = True
    stacked = np.vstack([right[j].vectors for j in cols]).astype(np.float32)
    col_starts = np.concatenate([[0], np.cumsum([len(right[j]) for j in cols])[:-1]]).astype(np.intp)
    start = 0
    while start < len(rows):
        block, size = [], 0
        while start < len(rows) and (not block or size + len(left[rows[start]]) <= ROWS_PER_BLOCK):
            block.append(rows[start])
            size += len(left[rows[start]])
            start += 1
        counts = np.array([len(left[i]) for i in block], dtype=np.float32)
        row_starts = np.concatenate([[0], np.cumsum(counts)[:-1]]).astype(np.intp)
        cos = np.vstack([left[i].vectors for i in block]).astype(np.float32) @ stacked.T
        best = np.maximum.reduceat(cos, col_starts, axis=1)
        out[np.ix_(block, cols)] = np.add.reduceat(best, row_starts, axis=0) / counts[:, None]
    return out, comparable
