"""Reads about outcomes that pages, the API and the reports share."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils import timezone

from core.access import get_or_404
from journeys.models import Goal, Relationship
from journeys.selectors import relationships_visible_to
from organisations.permissions import can

from . import standard
from .models import Answer, Completion, GoalScore, GoalWeight, LifeOutcome, Measure, ProgrammeMeasure, Question
from .services import gas_t_score

OPEN = Relationship.OPEN_STATUSES


@dataclass(frozen=True)
class Due:
    relationship: Relationship
    measure: Measure
    occasion: str
    label: str
    due_on: datetime.date


def _add_months(day: datetime.date, months: int) -> datetime.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, 28))


def occasions(
    relationship: Relationship, collected: ProgrammeMeasure, today: datetime.date
) -> list[tuple[str, str, datetime.date]]:
    """The occasions (key, label, date) on which `collected` falls due for this relationship by
    `today`. While it is open: the start, the latest "every N weeks", the mid and end reviews; once
    it has ended: the ending and the follow-up months after it."""
    found = []
    ended = relationship.ended_on
    if not ended:
        if collected.at_start and relationship.started_on <= today:
            found.append(("start", "At the start", relationship.started_on))
        if collected.every_weeks:
            periods = (today - relationship.started_on).days // (7 * collected.every_weeks)
            if periods >= 1:
                weeks = periods * collected.every_weeks
                due = relationship.started_on + datetime.timedelta(weeks=weeks)
                found.append((f"week-{weeks}", f"Week {weeks}", due))
        if collected.at_mid_review and relationship.midpoint_review_on and relationship.midpoint_review_on <= today:
            found.append(("mid-review", "Mid review", relationship.midpoint_review_on))
        if collected.at_end_review and relationship.end_review_on and relationship.end_review_on <= today:
            found.append(("end-review", "End review", relationship.end_review_on))
    else:
        if collected.at_ending:
            found.append(("ending", "At the ending", ended))
        if collected.months_after_ending:
            months = collected.months_after_ending
            due = _add_months(ended, months)
            if due <= today:
                found.append((f"after-{months}-months", f"{months} months after the ending", due))
    return found


def due_for(relationships: list[Relationship], today: datetime.date | None = None) -> list[Due]:
    """What is due for each relationship: two queries whatever the number of relationships."""
    if not relationships:
        return []
    today = today or timezone.localdate()
    collected = list(
        ProgrammeMeasure.objects.filter(programme_id__in={r.programme_id for r in relationships}).select_related(
            "measure"
        )
    )
    done = set(
        Completion.objects.filter(relationship__in=relationships).values_list(
            "relationship_id", "measure_id", "occasion"
        )
    )
    due = []
    for relationship in relationships:
        for each in collected:
            if each.programme_id != relationship.programme_id:
                continue
            for key, label, day in occasions(relationship, each, today):
                if (relationship.pk, each.measure_id, key) not in done:
                    due.append(Due(relationship, each.measure, key, label, day))
    return sorted(due, key=lambda d: (d.due_on, d.measure.name))


def client_due(user) -> list[Due]:
    return due_for(list(relationships_visible_to(user).order_by("-started_on")[:3]))


def coach_due(user) -> list[Due]:
    return due_for(list(relationships_visible_to(user).filter(coach__user=user, status__in=OPEN)))


def get_due(user, relationship_id, measure_id, occasion: str) -> Due:
    """The measure `user` is about to fill in: theirs (or their client's) and due now, else 404."""
    relationship = get_or_404(relationships_visible_to(user), relationship_id)
    for due in due_for([relationship]):
        if str(due.measure.pk) == str(measure_id) and due.occasion == occasion:
            return due
    raise Http404("Nothing like that is due.")


def questions_of(measure: Measure) -> list[Question]:
    return list(measure.questions.all())


def measures_of(organisation) -> QuerySet[Measure]:
    return Measure.objects.filter(organisation=organisation).prefetch_related("questions")


def completions_of(relationships) -> QuerySet[Completion]:
    return (
        Completion.objects.filter(relationship__in=relationships)
        .select_related("measure", "relationship")
        .prefetch_related(Prefetch("answers", queryset=Answer.objects.select_related("question")))
        .order_by("completed_on", "pk")
    )


def life_outcomes_of(relationships) -> QuerySet[LifeOutcome]:
    return LifeOutcome.objects.filter(relationship__in=relationships).select_related("relationship")


def get_life_outcome_for_client(user, outcome_id) -> LifeOutcome:
    """A client's own life outcome, for them to confirm."""
    return get_or_404(LifeOutcome.objects.filter(relationship__client__user=user), outcome_id)


def gas_by_review(relationships) -> list[dict]:
    """Each review's GAS scores and T-score, oldest first."""
    scores = list(
        GoalScore.objects.filter(review__relationship__in=relationships)
        .select_related("goal", "review")
        .order_by("review__held_on", "review_id", "goal_id")
    )
    weights = dict(GoalWeight.objects.filter(goal_id__in={s.goal_id for s in scores}).values_list("goal_id", "weight"))
    reviews: dict[int, dict] = {}
    for each in scores:
        entry = reviews.setdefault(each.review_id, {"review": each.review, "scores": []})
        entry["scores"].append((each, weights.get(each.goal_id, 1)))
    for entry in reviews.values():
        entry["t_score"] = gas_t_score((s.score, w) for s, w in entry["scores"])
    return list(reviews.values())


def _words(short_name: str, points: list[tuple[datetime.date, float]], higher_is_better: bool) -> str:
    first_day, first = points[0]
    if len(points) == 1:
        return f"{short_name}: {first:g} in {first_day:%B %Y}"
    last_day, last = points[-1]
    change = last - first
    if change == 0:
        trend = "no change"
    else:
        trend = f"{'up' if change > 0 else 'down'} {abs(change):g}"
        if not higher_is_better:
            trend += " (lower is better)"
    same_year = first_day.year == last_day.year
    fmt = "%B" if same_year else "%B %Y"
    return f"{short_name}: {first:g} in {first_day:{fmt}}, {last:g} in {last_day:{fmt}} — {trend}"


def progress(relationships) -> list[dict]:
    """Each numeric question's answers over time, with a sentence in words and a chart."""
    series: dict[int, dict] = {}
    for completion in completions_of(relationships):
        for answer in completion.answers.all():
            question = answer.question
            if answer.value is None or question.kind not in (Question.Kind.SCALE, Question.Kind.CHOICE):
                continue
            entry = series.setdefault(question.pk, {"question": question, "points": []})
            entry["points"].append((completion.completed_on, float(answer.value)))
    result = []
    for entry in series.values():
        question, points = entry["question"], entry["points"]
        if question.kind == Question.Kind.CHOICE:
            labels = question.choices
            first, last = labels[int(points[0][1])], labels[int(points[-1][1])]
            words = f"{question.short_name}: “{first}” in {points[0][0]:%B %Y}"
            if len(points) > 1:
                words += f", “{last}” in {points[-1][0]:%B %Y}"
        else:
            words = _words(question.short_name, points, question.higher_is_better)
        result.append({"question": question, "points": points, "words": words, "chart": chart(question, points)})
    return result


def chart(question: Question, points: list[tuple[datetime.date, float]]) -> dict | None:
    """A small line chart drawn on the server (the same sizes and colours as journeys' charts)."""
    from journeys.charts import STYLES

    if question.kind != Question.Kind.SCALE:
        return None
    width, height, left, right, top, bottom = 320, 160, 34, 12, 14, 28
    low, high = question.min_value, question.max_value
    start, end = points[0][0], max(points[-1][0], points[0][0] + datetime.timedelta(days=1))
    span = (end - start).days or 1
    plot_w, plot_h = width - left - right, height - top - bottom

    def x(day):
        return round(left + plot_w * (day - start).days / span, 1)

    def y(value):
        return round(top + plot_h * (high - value) / (high - low), 1)

    coords = [(x(day), y(value)) for day, value in points]
    colour = STYLES[0][0]
    return {
        "width": width,
        "height": height,
        "left": left,
        "right": width - right,
        "bottom": height - bottom,
        "colour": colour,
        "path": " ".join(f"{px},{py}" for px, py in coords),
        "markers": coords,
        "y_ticks": [(y(v), v) for v in (low, (low + high) // 2, high)],
        "x_ticks": [(coords[0][0], f"{start:%b %y}"), (coords[-1][0], f"{points[-1][0]:%b %y}")]
        if len(points) > 1
        else [(coords[0][0], f"{start:%b %y}")],
    }


def band(question: Question, value) -> str | None:
    return standard.band_of(question.bands, value)


def staff_may_see_outcomes(user) -> bool:
    return can(user, "outcomes.view") or can(user, "outcomes.view_own")


def goals_achieved(relationships):
    return Goal.objects.filter(relationship__in=relationships, status=Goal.Status.ACHIEVED).order_by("title")


def relationship_outcomes(relationship: Relationship) -> dict:
    """What the relationship page shows staff and the coach: measures, GAS and life outcomes."""
    return {
        "outcome_progress": progress([relationship]),
        "outcome_completions": list(completions_of([relationship])),
        "outcome_due": due_for([relationship]),
        "life_outcomes": list(life_outcomes_of([relationship])),
        "gas_reviews": gas_by_review([relationship]),
    }
