"""Reads about people working together, shared by the pages and the API."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Count, Exists, F, Func, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils import timezone

from core.access import get_or_404
from organisations.models import Organisation
from organisations.permissions import can, require
from people.models import Coach
from training.readiness import ready_coach_ids, with_readiness_data

from .models import (
    ActionStep,
    CheckIn,
    CheckInRating,
    ClientFeedback,
    Ending,
    Goal,
    GoalStatusChange,
    Relationship,
    RelationshipEvent,
    Review,
    ReviewRating,
)


def _visible(user, queryset: QuerySet, path: str = "") -> QuerySet:
    """Narrow any queryset of relationship-owned rows to what this user may see.

    Staff who see the caseload see every relationship of their organisation (the scope does the
    organisation part); a coach sees their own relationships; a client their own."""
    if can(user, "relationships.view"):
        return queryset
    if can(user, "relationships.view_as_coach"):
        return queryset.filter(**{f"{path}coach__user": user})
    if can(user, "relationships.view_as_client"):
        return queryset.filter(**{f"{path}client__user": user})
    return queryset.none()


def completed_by(relationship: Relationship, user) -> str:
    """Who is recording a check-in, from who they are in this relationship: its client, its coach,
    or a member of staff stepping in."""
    if relationship.client.user_id == user.pk:
        return CheckIn.CompletedBy.CLIENT
    if relationship.coach.user_id == user.pk:
        return CheckIn.CompletedBy.COACH
    return CheckIn.CompletedBy.STAFF


def relationships_visible_to(user) -> QuerySet[Relationship]:
    return _visible(user, Relationship.objects.select_related("coach", "client", "programme"))


def get_relationship_for_user(
    user, relationship_id, *, write: bool = False, capability: str = "relationships.edit"
) -> Relationship:
    if write:
        require(user, capability)
    return get_or_404(relationships_visible_to(user), relationship_id)


def get_goal_for_user(user, goal_id, *, write: bool = False) -> Goal:
    if write:
        require(user, "work.edit")
    queryset = Goal.objects.select_related("relationship__coach", "relationship__client", "relationship__programme")
    return get_or_404(_visible(user, queryset, "relationship__"), goal_id)


def get_step_for_user(user, step_id, *, write: bool = False, tick: bool = False) -> ActionStep:
    """`tick` is the one permission a client has: marking their own step done."""
    if write:
        require(user, "work.edit")
    if tick and not (can(user, "work.edit") or can(user, "work.own")):
        require(user, "work.edit")
    queryset = ActionStep.objects.select_related(
        "goal__relationship__coach", "goal__relationship__client", "goal__relationship__programme"
    )
    return get_or_404(_visible(user, queryset, "goal__relationship__"), step_id)


def get_check_in_for_user(user, check_in_id) -> CheckIn:
    queryset = CheckIn.objects.select_related(
        "relationship__coach", "relationship__client", "relationship__programme"
    ).prefetch_related(Prefetch("ratings", CheckInRating.objects.select_related("goal")))
    return get_or_404(_visible(user, queryset, "relationship__"), check_in_id)


def get_review_for_user(user, review_id) -> Review:
    queryset = Review.objects.select_related("relationship__coach", "relationship__client", "relationship__programme")
    return get_or_404(_visible(user, queryset, "relationship__"), review_id)


def _steps_in_order() -> QuerySet[ActionStep]:
    return ActionStep.objects.order_by("due_on", "id")


def goals_with_steps(relationship: Relationship) -> list[Goal]:
    return list(relationship.goals.prefetch_related(Prefetch("steps", _steps_in_order())))


def latest_check_in(relationship: Relationship) -> CheckIn | None:
    return (
        relationship.check_ins.prefetch_related(Prefetch("ratings", CheckInRating.objects.select_related("goal")))
        .order_by("-held_on", "-id")
        .first()
    )


def relationship_detail(relationship_id: int, user) -> Relationship:
    """One relationship with everything its page and the API's detail show, in a fixed number
    of queries."""
    queryset = relationships_visible_to(user).prefetch_related(
        Prefetch("goals", Goal.objects.prefetch_related(Prefetch("steps", _steps_in_order()))),
        Prefetch("endings", Ending.objects.all()),
        "reviews",
    )
    return get_or_404(queryset, relationship_id)


# --- lists -----------------------------------------------------------------------------------

ATTENTION = {
    "check_in_overdue": "Check-in overdue",
    "review_due": "Review due",
    "ending_soon": "Ending within four weeks",
    "paused": "Paused",
}


def _review_due_filter(today: datetime.date) -> Q:
    midpoint_done = Review.objects.filter(relationship=OuterRef("pk"), kind=Review.Kind.MIDPOINT)
    end_done = Review.objects.filter(relationship=OuterRef("pk"), kind=Review.Kind.END)
    return (Q(midpoint_review_on__lte=today) & ~Exists(midpoint_done)) | (
        Q(end_review_on__lte=today) & ~Exists(end_done)
    )


def relationship_list(
    *, user, search: str = "", status: str = "", attention: str = "", programme_id: int | None = None
) -> QuerySet[Relationship]:
    today = timezone.localdate()
    relationships = relationships_visible_to(user)
    if status in Relationship.Status.values:
        relationships = relationships.filter(status=status)
    elif not status:
        relationships = relationships.filter(status__in=Relationship.OPEN_STATUSES)
    if programme_id:
        relationships = relationships.filter(programme_id=programme_id)
    if search:
        for word in search.split()[:5]:
            relationships = relationships.filter(
                Q(client__first_name__icontains=word)
                | Q(client__last_name__icontains=word)
                | Q(coach__first_name__icontains=word)
                | Q(coach__last_name__icontains=word)
            )
    if attention == "check_in_overdue":
        relationships = relationships.filter(
            status__in=(Relationship.Status.INTRODUCING, Relationship.Status.ACTIVE), check_in_due_on__lt=today
        )
    elif attention == "review_due":
        relationships = relationships.filter(status__in=Relationship.OPEN_STATUSES).filter(_review_due_filter(today))
    elif attention == "ending_soon":
        relationships = relationships.filter(
            status__in=Relationship.OPEN_STATUSES, planned_end_on__lte=today + timedelta(days=28)
        )
    elif attention == "paused":
        relationships = relationships.filter(status=Relationship.Status.PAUSED)
    return relationships.annotate(
        midpoint_done=Exists(Review.objects.filter(relationship=OuterRef("pk"), kind=Review.Kind.MIDPOINT)),
        end_done=Exists(Review.objects.filter(relationship=OuterRef("pk"), kind=Review.Kind.END)),
    ).order_by("check_in_due_on", "client__last_name", "pk")


def with_check_in_awaiting_reply(queryset: QuerySet[Relationship]) -> QuerySet[Relationship]:
    """Annotate the newest check-in a client did themselves that the coach has not answered."""
    waiting = CheckIn.objects.filter(
        relationship=OuterRef("pk"), completed_by=CheckIn.CompletedBy.CLIENT, coach_feedback=""
    )
    return queryset.annotate(awaiting_reply_id=Subquery(waiting.order_by("-held_on", "-id").values("pk")[:1]))


def review_overdue(relationship: Relationship, reviews: dict[str, Review]) -> str:
    """ "Midpoint review" or "End review" when one is past its date and not done, else ""."""
    today = timezone.localdate()
    if not relationship.is_open:
        return ""
    for kind, due in (
        (Review.Kind.END, relationship.end_review_on),
        (Review.Kind.MIDPOINT, relationship.midpoint_review_on),
    ):
        if due and due < today and kind not in reviews:
            return Review.Kind(kind).label
    return ""


def _count(queryset: QuerySet) -> Subquery:
    """COUNT(*) of `queryset` as a scalar subquery (an aggregate Django would otherwise group)."""
    counted = queryset.order_by().annotate(n=Func(F("pk"), function="COUNT", output_field=IntegerField()))
    return Subquery(counted.values("n"), output_field=IntegerField())


def attention_counts(user) -> dict[str, int]:
    """How many open relationships need each kind of attention, in one query of one count
    each, so that each reads only its own index (the stored dates; see Relationship's indexes)
    rather than one aggregate passing over every relationship of the organisation. The counts
    ride on the organisation's own row. Review due is (due a midpoint review) + (due an end
    review) - (due both): an OR of the two would read every open relationship."""
    today = timezone.localdate()
    visible = _visible(user, Relationship.objects.all())
    open_ = visible.filter(status__in=Relationship.OPEN_STATUSES)
    midpoint_done = Review.objects.filter(relationship=OuterRef("pk"), kind=Review.Kind.MIDPOINT)
    end_done = Review.objects.filter(relationship=OuterRef("pk"), kind=Review.Kind.END)
    midpoint_due = Q(midpoint_review_on__lte=today) & ~Exists(midpoint_done)
    end_due = Q(end_review_on__lte=today) & ~Exists(end_done)
    counts = {
        "check_in_overdue": _count(
            visible.filter(
                status__in=(Relationship.Status.INTRODUCING, Relationship.Status.ACTIVE), check_in_due_on__lt=today
            )
        ),
        "midpoint_due": _count(open_.filter(midpoint_due)),
        "end_due": _count(open_.filter(end_due)),
        "both_due": _count(open_.filter(end_due).filter(midpoint_due)),
        "ending_soon": _count(open_.filter(planned_end_on__lte=today + timedelta(days=28))),
        "paused": _count(visible.filter(status=Relationship.Status.PAUSED)),
    }
    row = Organisation.objects.filter(pk=user.organisation_id).values(**counts).first() or dict.fromkeys(counts, 0)
    return {
        "check_in_overdue": row["check_in_overdue"],
        "review_due": row["midpoint_due"] + row["end_due"] - row["both_due"],
        "ending_soon": row["ending_soon"],
        "paused": row["paused"],
    }


def coaches_with_room(*, programme) -> QuerySet[Coach]:
    """Coaches ready for this programme (see training.readiness) with fewer open relationships
    than its capacity. A coach who is not ready is never offered."""
    active = with_readiness_data(Coach.objects.filter(status=Coach.Status.ACTIVE))
    return (
        Coach.objects.filter(pk__in=ready_coach_ids(programme, active))
        .annotate(
            open_count=Count(
                "relationships",
                filter=Q(relationships__status__in=Relationship.OPEN_STATUSES),
            )
        )
        .filter(open_count__lt=programme.coach_capacity)
        .order_by("last_name", "first_name")
    )


def ending_soon(*, within_days: int = 28, limit: int = 10) -> list[Relationship]:
    """The open relationships ending first, within `within_days`. The first `limit` are picked
    from the index on (organisation, status, planned_end_on) alone and only those are loaded
    with their people; sorting every one ending soon with its people joined grew with the
    caseload."""
    today = timezone.localdate()
    soonest = (
        Relationship.objects.filter(
            status__in=Relationship.OPEN_STATUSES,
            planned_end_on__lte=today + timedelta(days=within_days),
        )
        .order_by("planned_end_on", "pk")
        .values_list("pk", flat=True)[:limit]
    )
    picked = list(soonest)
    loaded = Relationship.objects.filter(pk__in=picked).select_related("coach", "client", "programme").in_bulk()
    return [loaded[pk] for pk in picked if pk in loaded]


def open_steps_for_client(user) -> QuerySet[ActionStep]:
    """The steps a signed-in client sees on their home page: theirs or shared, not yet done."""
    return (
        _visible(user, ActionStep.objects.all(), "goal__relationship__")
        .filter(
            goal__relationship__status__in=Relationship.OPEN_STATUSES,
            goal__status__in=Goal.OPEN_STATUSES,
        )
        .exclude(status__in=(ActionStep.Status.CHANGED, ActionStep.Status.NOT_DONE))
        .select_related("goal")
        .order_by("status", "due_on", "id")
    )


def _with_case_study() -> QuerySet[Ending]:
    return (
        Ending.objects.filter(planned=True, undone_at__isnull=True, case_study_consent_on__isnull=False)
        .exclude(case_study="")
        .select_related("relationship__programme")
        .order_by("-ended_on")
    )


def case_studies() -> QuerySet[Ending]:
    """Published: a coordinator has reviewed each one."""
    return _with_case_study().filter(case_study_reviewed_at__isnull=False)


def case_studies_to_review() -> QuerySet[Ending]:
    return _with_case_study().filter(case_study_reviewed_at__isnull=True)


def get_case_study_for_review(user, ending_id) -> Ending:
    require(user, "relationships.edit")
    return get_or_404(case_studies_to_review().select_related("relationship__client", "relationship__coach"), ending_id)


# --- the timeline ----------------------------------------------------------------------------


@dataclass
class TimelineItem:
    on: datetime.date
    kind: str
    title: str
    detail: str = ""
    url: str = ""


def timeline(relationship: Relationship, *, for_client: bool = False) -> list[TimelineItem]:
    """Everything that happened, newest first, from the records themselves (four queries).

    A client sees what happened but not the reasons staff wrote down for pauses and changes."""
    from django.urls import reverse

    items = [
        TimelineItem(e.happened_on, "event", e.summary, "" if for_client else e.reason)
        for e in RelationshipEvent.objects.filter(relationship=relationship)
    ]
    for change in GoalStatusChange.objects.filter(goal__relationship=relationship).select_related("goal"):
        if change.from_status:
            title = f"Goal “{change.goal}”: {change.get_to_status_display().lower()}"
        else:
            title = f"Goal agreed: “{change.goal}”"
        items.append(TimelineItem(change.changed_on, "goal", title, change.note))
    for check_in in CheckIn.objects.filter(relationship=relationship):
        who = "by " + ("the client" if check_in.completed_by == CheckIn.CompletedBy.CLIENT else "the coach")
        items.append(
            TimelineItem(
                check_in.held_on,
                "check_in",
                f"Check-in {who}",
                check_in.went_well[:200],
                reverse("journeys:check_in_detail", args=[check_in.pk]),
            )
        )
    for review in Review.objects.filter(relationship=relationship):
        items.append(
            TimelineItem(
                review.held_on,
                "review",
                review.get_kind_display(),
                review.summary[:200],
                reverse("journeys:review_detail", args=[review.pk]),
            )
        )
    items.sort(key=lambda item: item.on, reverse=True)
    return items


# --- progress for charts ---------------------------------------------------------------------


def goal_progress(relationship: Relationship) -> list[tuple[Goal, list[tuple[datetime.date, int]]]]:
    """For each goal, its score over time: the starting point, every check-in and review."""
    goals = list(relationship.goals.all())
    points: dict[int, list[tuple[datetime.date, int]]] = {g.pk: [(g.agreed_on, g.baseline_score)] for g in goals}
    for rating in CheckInRating.objects.filter(check_in__relationship=relationship).select_related("check_in"):
        points[rating.goal_id].append((rating.check_in.held_on, rating.score))
    for rating in ReviewRating.objects.filter(review__relationship=relationship).select_related("review"):
        points[rating.goal_id].append((rating.review.held_on, rating.score))
    return [(g, sorted(points[g.pk], key=lambda p: p[0])) for g in goals]


# --- a person's relationships (on their page, drawn through core.registry) ---------------------


def client_relationships(client) -> QuerySet[Relationship]:
    return Relationship.objects.filter(client=client).select_related("coach", "programme").order_by("-started_on")


def coach_relationships(coach) -> QuerySet[Relationship]:
    return Relationship.objects.filter(coach=coach).select_related("client", "programme").order_by("-started_on")


def not_met_face_to_face(user) -> QuerySet[Relationship]:
    """Pairs past the programme's first weeks who have not met face to face yet. One indexed
    condition: the date is set at the start and cleared when they meet."""
    return (
        relationships_visible_to(user)
        .filter(
            face_to_face_due_on__lt=timezone.localdate(),
            status__in=(Relationship.Status.INTRODUCING, Relationship.Status.ACTIVE),
        )
        .order_by("face_to_face_due_on")
    )


def programme_process(programme) -> dict:
    from .models import ProgrammePractice, ProgrammeStage

    practice = ProgrammePractice.objects.filter(programme=programme).first()
    return {
        "stages": list(ProgrammeStage.objects.filter(programme=programme)),
        "face_to_face_weeks": practice.face_to_face_weeks if practice else None,
    }


# --- replies and feedback the client sees or gives -------------------------------------------


def unseen_replies(relationship: Relationship) -> QuerySet[CheckIn]:
    """The client's check-ins their coach has answered since they last looked."""
    return relationship.check_ins.filter(replied_at__isnull=False, reply_seen_at__isnull=True).order_by("-replied_at")


def feedback_list(user, *, unread_only: bool = False) -> QuerySet[ClientFeedback]:
    require(user, "feedback.view")
    queryset = ClientFeedback.objects.select_related("relationship__client", "relationship__coach", "read_by").filter(
        relationship__in=relationships_visible_to(user)
    )
    return queryset.filter(read_at__isnull=True) if unread_only else queryset


def get_feedback_for_user(user, feedback_id) -> ClientFeedback:
    return get_or_404(feedback_list(user), feedback_id)


def feedback_needing_a_look(user) -> int:
    """Unread feedback that says it is not going well or asks to be contacted (an indexed condition)."""
    if not can(user, "feedback.view"):
        return 0
    return (
        ClientFeedback.objects.filter(read_at__isnull=True)
        .filter(Q(feeling=ClientFeedback.Feeling.NOT_WELL) | Q(wants_contact=True))
        .count()
    )


def relationship_feedback(relationship: Relationship) -> list[ClientFeedback]:
    return list(relationship.client_feedback.select_related("read_by")[:10])
