"""Goal Attainment Scaling: the Kiresuk-Sherman T-score, by worked examples and by its properties."""

from __future__ import annotations

import math

from hypothesis import given
from hypothesis import strategies as st

from outcomes import services


def test_gas_t_score_worked_examples():
    assert services.gas_t_score([(0, 1)] * 3) == 50
    assert round(services.gas_t_score([(2, 1)] * 3), 2) == 77.39  # 50 + 60 / sqrt(2.1 + 2.7)
    # One goal: the denominator is sqrt(0.7 + 0.3) = 1, so each point is 10.
    assert services.gas_t_score([(-1, 1)]) == 40
    # Two goals, weights 2 and 1, scores +1 and -2: Σwx = 0 -> 50.
    assert services.gas_t_score([(1, 2), (-2, 1)]) == 50
    # Weights 3 and 1, scores +1 and +1: 50 + 10·4 / sqrt(0.7·10 + 0.3·16) = 50 + 40 / sqrt(11.8).
    assert math.isclose(services.gas_t_score([(1, 3), (1, 1)]), 50 + 40 / math.sqrt(11.8))
    assert round(services.gas_t_score([(1, 3), (1, 1)]), 2) == 61.64
    assert services.gas_t_score([]) is None


scores = st.lists(st.tuples(st.integers(-2, 2), st.integers(1, 5)), min_size=1, max_size=8)


@given(scores, st.data())
def test_gas_t_score_properties(pairs, data):
    t = services.gas_t_score(pairs)
    assert services.gas_t_score([(0, w) for _, w in pairs]) == 50
    # Symmetric: the mirror of every score is as far below 50 as this is above.
    assert math.isclose(services.gas_t_score([(-x, w) for x, w in pairs]) - 50, 50 - t, abs_tol=1e-9)
    # Order does not matter; raising any one score never lowers T.
    assert math.isclose(services.gas_t_score(list(reversed(pairs))), t)
    index = data.draw(st.integers(0, len(pairs) - 1))
    x, w = pairs[index]
    if x < 2:
        raised = [*pairs[:index], (x + 1, w), *pairs[index + 1 :]]
        assert services.gas_t_score(raised) > t
