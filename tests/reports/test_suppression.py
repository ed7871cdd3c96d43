"""Small-number suppression (reports.suppression): the rules, and a property that no hidden count
can be worked out from the visible cells and the total."""

from __future__ import annotations

import itertools
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from core.figures import Amount, Count, Mean, Table
from reports.suppression import SECONDARY, SMALL, recoverable, suppress_table


def _texts(table):
    return [[cell.text for cell in row] for row in table.rows]


def test_small_counts_averages_and_amounts_follow_the_rules():
    table = Table(
        "Mixed",
        ["", "Figure"],
        [
            ["None", Count(0)],
            ["Few", Count(3)],
            ["Enough", Count(5)],
            ["Average of few", Mean(Decimal("12.5"), 4)],
            ["Average of enough", Mean(Decimal("12.54"), 5)],
            ["Hours", Amount(Decimal("2.5"), "hours")],
            ["Money", Amount(1, "£")],
        ],
    )
    shown = suppress_table(table, 5)
    assert [row[1].text for row in shown.rows] == [
        "0",
        "<5",
        "5",
        "not shown: fewer than 5 people",
        "12.5",
        "2.5 hours",
        "£1",
    ]
    assert shown.rows[1][1].value is None and shown.rows[2][1].value == 5
    assert shown.notes() == ["1 count from 1 to 4 shown as “<5”", "1 average not shown: fewer than 5 people"]
    # An organisation that raised the threshold to 10 hides more.
    raised = suppress_table(table, 10)
    assert [row[1].text for row in raised.rows][:3] == ["0", "<10", "<10"]


def test_a_lone_small_count_in_a_total_column_takes_the_next_smallest_with_it():
    table = Table(
        "Endings",
        ["Reason", "Endings", "Clients"],
        [
            ["Planned", Count(20), Count(20)],
            ["Crisis", Count(3), Count(9)],
            ["Health", Count(7), Count(0)],
            ["Other", Count(12), Count(6)],
            ["All", Count(42), Count(35)],
        ],
        total_row=True,
    )
    shown = suppress_table(table, 5)
    # 3 is hidden; alone, 42 - 20 - 7 - 12 would give it away, so 7 (the next smallest) goes too.
    assert [row[1].text for row in shown.rows] == ["20", "<5", "*", "12", "42"]
    assert shown.rows[2][1].hidden == SECONDARY
    # Nothing small in the other column: nothing hidden there.
    assert [row[2].text for row in shown.rows] == ["20", "9", "0", "6", "35"]


def test_two_hidden_counts_that_could_only_be_one_each_hide_more():
    table = Table(
        "T", ["", "n"], [["a", Count(1)], ["b", Count(1)], ["c", Count(30)], ["All", Count(32)]], total_row=True
    )
    shown = suppress_table(table, 5)
    # 1 and 1 with a known sum of 2 can only be 1 and 1: a third cell is hidden, then the total if need be.
    assert [row[1].text for row in shown.rows] == ["<5", "<5", "*", "32"]
    only_small = Table("T", ["", "n"], [["a", Count(1)], ["b", Count(1)], ["All", Count(2)]], total_row=True)
    assert _texts(suppress_table(only_small, 5)) == [["a", "<5"], ["b", "<5"], ["All", "<5"]]


def _recoverable_by_search(hidden, remainder, threshold):
    """The attacker's view, searched exhaustively: every assignment the hidden cells could have."""
    ranges = [range(1, threshold) if h.hidden == SMALL else range(1, remainder + 1) for h in hidden]
    possible = [set() for _ in hidden]
    for values in itertools.product(*ranges):
        if sum(values) == remainder:
            for i, v in enumerate(values):
                possible[i].add(v)
    return any(len(p) == 1 for p in possible)


counts = st.integers(min_value=0, max_value=40) | st.integers(min_value=0, max_value=6)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.lists(counts, min_size=1, max_size=3), min_size=1, max_size=5).filter(
        lambda rows: len({len(r) for r in rows}) == 1
    ),
    st.sampled_from([5, 10]),
)
def test_no_hidden_count_can_be_worked_out_from_the_visible_cells_and_the_total(body, threshold):
    columns = len(body[0])
    totals = [sum(row[c] for row in body) for c in range(columns)]
    table = Table(
        "Random",
        ["", *(f"c{c}" for c in range(columns))],
        [[f"r{i}", *(Count(v) for v in row)] for i, row in enumerate(body)] + [["All", *(Count(t) for t in totals)]],
        total_row=True,
    )
    shown = suppress_table(table, threshold)
    for c in range(1, columns + 1):
        cells = [row[c] for row in shown.rows[:-1]]
        raw = [row[c - 1] for row in body]
        total = shown.rows[-1][c]
        for cell, value in zip(cells, raw, strict=True):
            # What is shown is true; what is hidden lies within what its text says.
            if not cell.hidden:
                assert cell.value == value
            elif cell.hidden == SMALL:
                assert 1 <= value < threshold and cell.text == f"<{threshold}"
            else:
                assert value > 0
        # A visible small count never slips through.
        assert not any(not cell.hidden and 1 <= value < threshold for cell, value in zip(cells, raw, strict=True))
        hidden = [cell for cell in cells if cell.hidden]
        if total.hidden or not hidden:
            continue
        remainder = totals[c - 1] - sum(v for cell, v in zip(cells, raw, strict=True) if not cell.hidden)
        assert not recoverable(hidden, remainder, threshold)
        if remainder <= 30 and len(hidden) <= 4:
            assert not _recoverable_by_search(hidden, remainder, threshold)
