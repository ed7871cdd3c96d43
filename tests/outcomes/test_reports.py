"""Outcomes' report sections (core.figures): known data in, every number checked, a constant
number of queries whatever the number of clients."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from core.figures import Amount, Count, Mean, Scope
from journeys.models import Relationship
from outcomes import reports, services
from outcomes.models import Measure

from ..factories import GoalFactory, ReviewFactory

pytestmark = pytest.mark.usefixtures("scoped")


def _answer(relationship, measure, occasion, values, day):
    questions = list(measure.questions.all())
    services.measure_complete(
        relationship=relationship,
        measure=measure,
        occasion=occasion,
        answers={q.pk: v for q, v in zip(questions, values, strict=True)},
        by=None,
        completed_on=day,
    )


@pytest.fixture
def figures(world):
    today = timezone.localdate()
    first, latest = today - datetime.timedelta(days=60), today - datetime.timedelta(days=10)
    r1 = world.relationship
    r2 = Relationship.objects.exclude(pk=r1.pk).get(organisation=world.org)
    measures = {m.key: m for m in Measure.objects.filter(organisation=world.org)}
    for measure in measures.values():
        services.programme_measure_set(programme=world.programme, measure=measure)
    _answer(r1, measures["ons4"], "start", [4, 6, 5, 7], first)
    _answer(r1, measures["ons4"], "mid-review", [7, 8, 8, 3], latest)
    _answer(r2, measures["ons4"], "start", [6, 6, 6, 2], first)
    _answer(r2, measures["ons4"], "mid-review", [5, 6, 7, 2], latest)
    _answer(r1, measures["loneliness"], "start", [0], first)
    _answer(r1, measures["loneliness"], "mid-review", [3], latest)
    _answer(r2, measures["loneliness"], "start", [2], first)
    _answer(r2, measures["loneliness"], "mid-review", [2], latest)
    _answer(r1, measures["confidence"], "start", [3], first)  # once only: not counted
    # GAS: r1's end review scores +2 (weight 1) and 0 (weight 2); its midpoint review -1; r2's -1.
    second_goal = GoalFactory(relationship=r1)
    end = ReviewFactory(relationship=r1, kind="end", held_on=today - datetime.timedelta(days=1))
    services.goal_score_record(review=world.review, goal=world.goal, score=-1)
    services.goal_score_record(review=end, goal=world.goal, score=2)
    services.goal_score_record(review=end, goal=second_goal, score=0, weight=2)
    r2_review = ReviewFactory(relationship=r2, held_on=latest)
    services.goal_score_record(review=r2_review, goal=GoalFactory(relationship=r2), score=-1)
    services.life_outcome_record(relationship=r1, by=None, kind="work", happened_on=latest, job_title="Porter")
    services.life_outcome_record(relationship=r1, by=None, kind="debt", happened_on=latest, amount=Decimal("100.25"))
    services.life_outcome_record(relationship=r2, by=None, kind="debt", happened_on=first, amount=Decimal("50"))
    return Scope(organisation=world.org, start=today - datetime.timedelta(days=365), end=today)


def test_wellbeing_first_and_latest_and_ons_bands(figures, django_assert_num_queries):
    with django_assert_num_queries(5):  # the questions, then one query per question
        summary, *bands = reports.wellbeing(figures)
    rows = {row[0]: row[1:] for row in summary.rows}
    assert rows["Life satisfaction"] == [Count(2), Count(1), Mean(Decimal("5.00"), 2), Mean(Decimal("6.00"), 2)]
    assert rows["Worthwhile"] == [Count(2), Count(1), Mean(Decimal("6.00"), 2), Mean(Decimal("7.00"), 2)]
    assert rows["Happiness"] == [Count(2), Count(2), Mean(Decimal("5.50"), 2), Mean(Decimal("7.50"), 2)]
    # Anxiety: lower is better; r1 7 -> 3 improved, r2 2 -> 2 did not.
    assert rows["Anxiety"] == [Count(2), Count(1), Mean(Decimal("4.50"), 2), Mean(Decimal("2.50"), 2)]
    life = {row[0]: row[1:] for row in bands[0].rows}
    assert life == {
        "Low": [Count(1), Count(0)],
        "Medium": [Count(1), Count(1)],
        "High": [Count(0), Count(1)],
        "Very high": [Count(0), Count(0)],
        "Total": [Count(2), Count(2)],
    }
    assert bands[0].total_row
    anxiety = {row[0]: row[1:] for row in bands[3].rows}
    assert anxiety["Very low"] == [Count(0), Count(0)]
    assert anxiety["Low"] == [Count(1), Count(2)] and anxiety["High"] == [Count(1), Count(0)]


def test_loneliness_confidence_gas_and_life_outcomes(figures, world, django_assert_num_queries):
    with django_assert_num_queries(2):
        answers, improved = reports.loneliness(figures)
    rows = {row[0]: row[1:] for row in answers.rows}
    assert rows["Often/always"] == [Count(1), Count(0)]
    assert rows["Occasionally"] == [Count(1), Count(1)]
    assert rows["Hardly ever"] == [Count(0), Count(1)] and rows["Total"] == [Count(2), Count(2)]
    assert improved.rows == [["Loneliness", Count(2), Count(1)]]
    (other,) = reports.other_measures(figures)
    assert other.rows == [["Confidence", Count(0), Count(0), Mean(None, 0), Mean(None, 0)]]
    with django_assert_num_queries(2):
        (gas,) = reports.goal_attainment(figures)
    # r1: 50 + 10·2 / sqrt(0.7·5 + 0.3·9) = 58.032; r2: 40; mean 49.016.
    assert gas.rows[0][1] == Mean(Decimal("49.02"), 2)
    assert gas.rows[1][1] == Count(3) and gas.rows[2][1] == Count(2)
    with django_assert_num_queries(1):
        life, debt = reports.life_outcomes(figures)
    rows = {row[0]: row[1] for row in life.rows}
    assert rows["Started work"] == Count(1) and rows["Repaid or reduced debt"] == Count(2)
    assert rows["Total"] == Count(3) and life.total_row
    assert debt.rows[0][1] == Amount(Decimal("150.25"), "£")
    # One coach's scope: only r1's figures.
    own = Scope(organisation=world.org, start=figures.start, end=figures.end, coach=world.coach)
    (gas,) = reports.goal_attainment(own)
    assert gas.rows[0][1] == Mean(Decimal("58.03"), 1)


def test_the_sections_are_registered_at_the_report_point():
    from core import registry
    from core.figures import REPORT_SECTIONS

    keys = {section.key for section in registry.contributions(REPORT_SECTIONS)}
    assert {"outcomes_wellbeing", "outcomes_loneliness", "outcomes_measures", "outcomes_gas", "outcomes_life"} <= keys
