"""Outcomes' sections of the dashboard and the funder report (core.figures). Everything is
aggregated in the database: per relationship, the first and the latest answer in the period
(Subquery), then counts and means over those (one query per question reported)."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import (
    Avg,
    Count,
    Exists,
    F,
    FloatField,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Cast, Coalesce, Sqrt

from core.figures import Amount, Mean, ReportSection, Scope, Table
from core.figures import Count as Cells
from journeys.models import Relationship, Review

from . import standard
from .models import Answer, GoalScore, GoalWeight, LifeOutcome, Question
from .services import GAS_RHO


def _relationships(scope: Scope, prefix: str = "") -> Q:
    q = Q(**{f"{prefix}organisation": scope.organisation})
    if scope.programme is not None:
        q &= Q(**{f"{prefix}programme": scope.programme})
    if scope.coach is not None:
        q &= Q(**{f"{prefix}coach": scope.coach})
    return q


def _first_and_latest(scope: Scope, question: Question):
    """Relationships with at least two answers to `question` in the period, annotated with the
    first and latest answer."""
    answers = Answer.objects.filter(
        question=question,
        completion__relationship=OuterRef("pk"),
        completion__completed_on__range=(scope.start, scope.end),
    )
    first = answers.order_by("completion__completed_on", "completion_id").values("value")[:1]
    latest = answers.order_by("-completion__completed_on", "-completion_id").values("value")[:1]
    times = answers.order_by().values("completion__relationship").annotate(n=Count("pk")).values("n")
    return (
        Relationship.objects.filter(_relationships(scope))
        .annotate(first=Subquery(first), latest=Subquery(latest), times=Coalesce(Subquery(times), 0))
        .filter(times__gte=2)
    )


def _mean(value, n) -> Mean:
    return Mean(round(Decimal(str(value)), 2) if value is not None else None, n)


def _question_figures(scope: Scope, question: Question) -> dict:
    better = Q(latest__gt=F("first")) if question.higher_is_better else Q(latest__lt=F("first"))
    bands = standard.BANDS.get(question.bands, [])
    if question.kind == Question.Kind.CHOICE:
        bands = [(label, index, index) for index, label in enumerate(question.choices)]
    extra = {}
    for index, (_, low, high) in enumerate(bands):
        extra[f"first_{index}"] = Count("pk", filter=Q(first__gte=low, first__lte=high))
        extra[f"latest_{index}"] = Count("pk", filter=Q(latest__gte=low, latest__lte=high))
    figures = _first_and_latest(scope, question).aggregate(
        n=Count("pk"), improved=Count("pk", filter=better), mean_first=Avg("first"), mean_latest=Avg("latest"), **extra
    )
    figures["bands"] = [
        (label, figures[f"first_{index}"], figures[f"latest_{index}"]) for index, (label, _, _) in enumerate(bands)
    ]
    return figures


def _questions(scope: Scope, **filters) -> list[Question]:
    return list(
        Question.objects.filter(organisation=scope.organisation, **filters)
        .select_related("measure")
        .order_by("measure__name", "number")
    )


FIRST_LATEST = ["Question", "Completed it at least twice", "Improved", "Mean at first", "Mean latest"]


def _first_latest_row(question: Question, figures: dict) -> list:
    n = figures["n"]
    return [
        question.short_name,
        Cells(n),
        Cells(figures["improved"]),
        _mean(figures["mean_first"], n),
        _mean(figures["mean_latest"], n),
    ]


def _band_table(question: Question, figures: dict, title: str) -> Table:
    rows = [[label, Cells(first), Cells(latest)] for label, first, latest in figures["bands"]]
    rows.append(["Total", Cells(figures["n"]), Cells(figures["n"])])
    return Table(title=title, columns=["Band", "First", "Latest"], rows=rows, total_row=True)


def wellbeing(scope: Scope) -> list[Table]:
    questions = _questions(scope, measure__key="ons4")
    figures = {q.pk: _question_figures(scope, q) for q in questions}
    tables = [
        Table(
            title="Personal wellbeing (ONS4): first and latest",
            columns=FIRST_LATEST,
            rows=[_first_latest_row(q, figures[q.pk]) for q in questions],
            chart="none",
            note="Anxiety: lower is better, so 'Improved' counts those whose anxiety went down.",
        )
    ]
    tables += [_band_table(q, figures[q.pk], f"{q.short_name}: ONS bands, first and latest") for q in questions]
    return tables


def loneliness(scope: Scope) -> list[Table]:
    tables = []
    for question in _questions(scope, measure__key="loneliness"):
        figures = _question_figures(scope, question)
        table = _band_table(question, figures, "How often people feel lonely: first and latest")
        tables.append(Table(title=table.title, columns=["Answer", "First", "Latest"], rows=table.rows, total_row=True))
        tables.append(
            Table(
                title="Loneliness: who felt lonely less often",
                columns=["Question", "Answered at least twice", "Less often lonely"],
                rows=[[question.short_name, Cells(figures["n"]), Cells(figures["improved"])]],
                chart="none",
            )
        )
    return tables


def other_measures(scope: Scope) -> list[Table]:
    """Confidence and the organisation's own scales and numbers."""
    questions = [
        q for q in _questions(scope, kind__in=[Question.Kind.SCALE, Question.Kind.NUMBER]) if q.measure.key != "ons4"
    ]
    rows = [_first_latest_row(q, _question_figures(scope, q)) for q in questions]
    return [
        Table(title="Confidence and other measures: first and latest", columns=FIRST_LATEST, rows=rows, chart="none")
    ]


def _latest_reviews(scope: Scope):
    in_period = Review.objects.filter(
        _relationships(scope, "relationship__"), held_on__range=(scope.start, scope.end)
    ).filter(Exists(GoalScore.objects.filter(review=OuterRef("pk"))))
    latest = in_period.filter(relationship=OuterRef("relationship")).order_by("-held_on", "-pk").values("pk")[:1]
    return in_period.filter(pk=Subquery(latest))


def goal_attainment(scope: Scope) -> list[Table]:
    weight = Coalesce(
        Subquery(GoalWeight.objects.filter(goal=OuterRef("goal")).values("weight")[:1]),
        Value(1),
        output_field=IntegerField(),
    )
    per_review = (
        GoalScore.objects.filter(review=OuterRef("pk"))
        .annotate(w=Cast(weight, FloatField()))
        .values("review")
        .annotate(
            t=Value(50.0)
            + Value(10.0)
            * Sum(F("w") * F("score"))
            / Sqrt(Value(1 - GAS_RHO) * Sum(F("w") * F("w")) + Value(GAS_RHO) * Sum("w") * Sum("w"))
        )
        .values("t")
    )
    latest = _latest_reviews(scope)
    t = latest.annotate(t=Subquery(per_review, output_field=FloatField())).aggregate(mean=Avg("t"), n=Count("pk"))
    goals = GoalScore.objects.filter(review__in=latest).aggregate(
        scored=Count("pk"), achieved=Count("pk", filter=Q(score__gte=0))
    )
    return [
        Table(
            title="Goal Attainment Scaling at each relationship's latest review",
            columns=["Measure", "Figure"],
            rows=[
                ["Mean GAS T-score (50 is as expected)", _mean(t["mean"], t["n"])],
                ["Goals scored", Cells(goals["scored"])],
                ["Goals achieved as expected or better (score 0 or more)", Cells(goals["achieved"])],
            ],
            chart="none",
        )
    ]


def life_outcomes(scope: Scope) -> list[Table]:
    found = LifeOutcome.objects.filter(
        _relationships(scope, "relationship__"), happened_on__range=(scope.start, scope.end)
    )
    counts = found.aggregate(
        **{f"kind_{kind}": Count("pk", filter=Q(kind=kind)) for kind in LifeOutcome.Kind.values},
        total=Count("pk"),
        debt=Sum("amount", filter=Q(kind=LifeOutcome.Kind.DEBT)),
    )
    rows = [[label, Cells(counts[f"kind_{kind}"])] for kind, label in LifeOutcome.Kind.choices]
    rows.append(["Total", Cells(counts["total"])])
    return [
        Table(title="Life outcomes", columns=["What happened", "Number"], rows=rows, total_row=True),
        Table(
            title="Debt repaid or reduced",
            columns=["Measure", "Amount"],
            rows=[["Total repaid or reduced", Amount(counts["debt"] or Decimal("0.00"), "£")]],
            chart="none",
        ),
    ]


SECTIONS = [
    ReportSection(
        key="outcomes_wellbeing",
        title="Personal wellbeing",
        build=wellbeing,
        method=(
            "ONS personal wellbeing questions (0-10), each person's first and latest answers in the period, "
            "for those who answered at least twice; bands as ONS reports them. Source: ONS, Open Government Licence."
        ),
    ),
    ReportSection(
        key="outcomes_loneliness",
        title="Loneliness",
        build=loneliness,
        method="ONS's direct question 'How often do you feel lonely?', first and latest answers in the period.",
    ),
    ReportSection(
        key="outcomes_measures",
        title="Confidence and other measures",
        build=other_measures,
        method="Each person's first and latest answers in the period, for those who answered at least twice.",
    ),
    ReportSection(
        key="outcomes_gas",
        title="Goal attainment",
        build=goal_attainment,
        method=(
            "Goal Attainment Scaling (-2 to +2), Kiresuk-Sherman T-score with rho 0.3, "
            "at the latest review in the period."
        ),
    ),
    ReportSection(
        key="outcomes_life",
        title="Life outcomes",
        build=life_outcomes,
        method="Life outcomes recorded by coaches and coordinators with a date in the period.",
    ),
]
