"""Pages for people working together. Each view fetches through an access helper, calls one
service and renders or redirects."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from core import audit
from core.exceptions import StaleEditError
from core.views import form_page, int_or_none, paginate, posted, render_list, save_form
from organisations.models import Programme
from organisations.permissions import can, require
from organisations.selectors import get_programme_for_user
from people.selectors import get_client_for_user
from people.services import client_viewed
from recruitment.models import MatchingExclusion

from . import charts, selectors, services
from .forms import (
    CaseStudyReviewForm,
    CheckInForm,
    ClientCheckInForm,
    ClientFeedbackForm,
    EndingForm,
    ExtendForm,
    FeedbackForm,
    GoalForm,
    KindForm,
    PairForm,
    PauseForm,
    ProgrammeProcessForm,
    ReviewForm,
    StageForm,
    StepForm,
)
from .models import Relationship, Review

SAVED = "Your changes have been saved."


def _detail_url(relationship) -> str:
    return reverse("journeys:relationship_detail", args=[relationship.pk])


# --- relationships ---------------------------------------------------------------------------


@login_required
def relationship_list(request):
    if not can(request.user, "relationships.view_as_coach"):
        # Coaches see their own list; other roles need to see the caseload.
        require(request.user, "relationships.view")
    search = request.GET.get("q", "").strip()[:100]
    status = request.GET.get("status", "")
    status = status if status in Relationship.Status.values or status == "all" else ""
    attention = request.GET.get("attention", "")
    attention = attention if attention in selectors.ATTENTION else ""
    programme_id = int_or_none(request.GET.get("programme"))
    counts = selectors.attention_counts(request.user)
    relationships = selectors.relationship_list(
        user=request.user, search=search, status=status, attention=attention, programme_id=programme_id
    )
    context = {
        "page": paginate(request, relationships),
        "search": search,
        "status": status,
        "attention": attention,
        "programme_id": programme_id,
        "statuses": Relationship.Status.choices,
        "attentions": [(key, label, counts[key]) for key, label in selectors.ATTENTION.items()],
        "today": timezone.localdate(),
        "programmes": Programme.objects.all() if can(request.user, "programmes.view") else [],
    }
    return render_list(request, "journeys/relationship_list.html", context)


@login_required
def pair(request, client_id: int):
    client = get_client_for_user(request.user, client_id, write=True)
    require(request.user, "relationships.edit")
    programme = client.programme or Programme.objects.filter(status=Programme.Status.OPEN).first()
    coaches = selectors.coaches_with_room(programme=programme) if programme else selectors.Coach.objects.none()
    form = PairForm(
        posted(request),
        coaches=coaches,
        programmes=Programme.objects.filter(status=Programme.Status.OPEN),
        initial={"programme": programme, "planned_months": programme.min_months if programme else 6},
    )
    if request.method == "POST":
        relationship = save_form(form, lambda: services.relationship_start(client=client, **form.cleaned_data))
        if relationship:
            messages.success(request, f"{client} is now paired with {relationship.coach}.")
            return redirect(_detail_url(relationship))
    # Until the matching engine weighs them, show the coordinator each offered coach's exclusions.
    exclusions = MatchingExclusion.objects.filter(coach__in=coaches).select_related("coach")
    context = {"form": form, "client": client, "programme": programme, "exclusions": exclusions}
    return render(request, "journeys/pair.html", context)


@login_required
def relationship_detail(request, relationship_id: int):
    relationship = selectors.relationship_detail(relationship_id, request.user)
    client_viewed(client=relationship.client)
    ending = relationship.standing_ending()
    goals = list(relationship.goals.all())
    reviews = {r.kind: r for r in relationship.reviews.all()}
    context = {
        "relationship": relationship,
        "goals": goals,
        "latest_check_in": selectors.latest_check_in(relationship),
        "timeline": selectors.timeline(relationship, for_client=can(request.user, "relationships.view_as_client")),
        "chart": charts.progress_chart(relationship, selectors.goal_progress(relationship)),
        "reviews": reviews,
        "review_overdue": selectors.review_overdue(relationship, reviews),
        "ending": ending,
        "can_undo_ending": services.can_undo_ending(ending) and can(request.user, "relationships.edit"),
        "can_manage": can(request.user, "relationships.edit"),
        "can_work": can(request.user, "work.edit"),
        "is_client": can(request.user, "relationships.view_as_client"),
    }
    return render(request, "journeys/relationship_detail.html", context)


def _relationship_change(
    request, relationship_id, form_class, save, *, title, intro="", message=SAVED, capability="relationships.edit"
):
    relationship = selectors.get_relationship_for_user(request.user, relationship_id, write=True, capability=capability)
    form = form_class(posted(request), relationship=relationship)
    return form_page(
        request,
        form,
        save=lambda: save(relationship, form) or relationship,
        template="journeys/form.html",
        context={"title": title, "intro": intro, "relationship": relationship, "cancel_url": _detail_url(relationship)},
        message=lambda _: message,
        success_url=lambda _: _detail_url(relationship),
    )


@login_required
def relationship_kind(request, relationship_id: int):
    return _relationship_change(
        request,
        relationship_id,
        KindForm,
        lambda r, f: services.relationship_change_kind(
            relationship=r, expected_version=f.cleaned_data["version"], **f.values()
        ),
        title="Change the way of working",
    )


@login_required
def relationship_pause(request, relationship_id: int):
    return _relationship_change(
        request,
        relationship_id,
        PauseForm,
        lambda r, f: services.relationship_pause(
            relationship=r, expected_version=f.cleaned_data["version"], **f.values()
        ),
        title="Pause this relationship",
        intro="Pausing stops check-ins being counted as missed. You can start again at any time.",
        message="The relationship is paused.",
    )


@login_required
def relationship_extend(request, relationship_id: int):
    return _relationship_change(
        request,
        relationship_id,
        ExtendForm,
        lambda r, f: services.relationship_extend(
            relationship=r, expected_version=f.cleaned_data["version"], **f.values()
        ),
        title="Extend this relationship",
        message="The planned end date has been moved.",
    )


@login_required
def relationship_stage(request, relationship_id: int):
    return _relationship_change(
        request,
        relationship_id,
        StageForm,
        lambda r, f: services.relationship_stage_set(
            relationship=r, stage=f.cleaned_data["stage"], expected_version=f.cleaned_data["version"]
        ),
        title="Move to another stage",
        intro="Where you are in the programme's coaching process. The date goes on your timeline.",
        message="The stage has been changed.",
        capability="work.edit",
    )


@login_required
def programme_process(request, programme_id: int):
    programme = get_programme_for_user(request.user, programme_id, write=True)
    process = selectors.programme_process(programme)
    initial = {
        "stage_names": "\n".join(s.name for s in process["stages"]),
        "face_to_face_weeks": process["face_to_face_weeks"],
    }
    form = ProgrammeProcessForm(posted(request), initial=initial)
    return form_page(
        request,
        form,
        save=lambda: services.programme_process_set(
            programme=programme,
            stage_names=form.stage_list(),
            face_to_face_weeks=form.cleaned_data["face_to_face_weeks"],
        ),
        template="journeys/programme_process.html",
        context={"programme": programme},
        message=lambda _: "Saved how the programme works.",
        success_url=lambda _: reverse("organisations:programme_detail", args=[programme.pk]),
    )


@login_required
@require_POST
def relationship_activate(request, relationship_id: int):
    relationship = selectors.get_relationship_for_user(request.user, relationship_id, write=True)
    version = int_or_none(request.POST.get("version")) or relationship.version
    try:
        services.relationship_activate(relationship=relationship, expected_version=version)
        messages.success(request, "They are now working together.")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    except StaleEditError as error:
        messages.error(request, error.message)
    return redirect(_detail_url(relationship))


@login_required
def relationship_end(request, relationship_id: int):
    relationship = selectors.get_relationship_for_user(request.user, relationship_id, write=True)
    planned = request.GET.get("planned", request.POST.get("planned", "1")) != "0"
    initial = {"case_study": charts.case_study_draft(relationship)} if planned else {}
    form = EndingForm(posted(request), relationship=relationship, planned=planned, initial=initial)
    return form_page(
        request,
        form,
        save=lambda: services.relationship_end(
            relationship=relationship, expected_version=form.cleaned_data["version"], planned=planned, **form.values()
        ),
        template="journeys/ending_form.html",
        context={
            "relationship": relationship,
            "planned": planned,
            "end_review_done": relationship.reviews.filter(kind=Review.Kind.END).exists(),
        },
        message=lambda _: "The ending has been recorded. You can undo it for the next two weeks.",
        success_url=lambda _: _detail_url(relationship),
    )


@login_required
def relationship_undo_end(request, relationship_id: int):
    relationship = selectors.get_relationship_for_user(request.user, relationship_id, write=True)
    if request.method == "POST":
        try:
            services.relationship_undo_end(relationship=relationship)
            messages.success(request, "The ending has been undone.")
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect(_detail_url(relationship))
    ending = relationship.endings.filter(undone_at__isnull=True).first()
    context = {"relationship": relationship, "ending": ending, "can_undo": services.can_undo_ending(ending)}
    return render(request, "journeys/undo_ending.html", context)


# --- goals and steps -------------------------------------------------------------------------


@login_required
def goal_create(request, relationship_id: int):
    relationship = selectors.get_relationship_for_user(
        request.user, relationship_id, write=True, capability="work.edit"
    )
    form = GoalForm(posted(request))
    return form_page(
        request,
        form,
        save=lambda: services.goal_create(relationship=relationship, **form.changed_values()),
        template="journeys/goal_form.html",
        context={"relationship": relationship},
        message=lambda goal: f"Goal agreed: {goal}. Now add the first steps.",
        success_url=lambda goal: reverse("journeys:step_create", args=[goal.pk]),
    )


@login_required
def goal_edit(request, goal_id: int):
    goal = selectors.get_goal_for_user(request.user, goal_id, write=True)
    form = GoalForm(posted(request), instance=goal)
    return form_page(
        request,
        form,
        save=lambda: services.goal_update(
            goal=goal,
            expected_version=form.expected_version(),
            status_note=form.cleaned_data.get("status_note", ""),
            **form.changed_values(),
        ),
        template="journeys/goal_form.html",
        context={"relationship": goal.relationship, "goal": goal},
        message=lambda _: SAVED,
        success_url=lambda _: _detail_url(goal.relationship),
    )


@login_required
def step_create(request, goal_id: int):
    goal = selectors.get_goal_for_user(request.user, goal_id, write=True)
    form = StepForm(posted(request))
    another = "another" in request.POST
    return form_page(
        request,
        form,
        save=lambda: services.step_create(goal=goal, **form.changed_values()),
        template="journeys/step_form.html",
        context={"goal": goal, "relationship": goal.relationship},
        message=lambda step: f"Step added: {step}.",
        success_url=lambda _: (
            reverse("journeys:step_create", args=[goal.pk]) if another else _detail_url(goal.relationship)
        ),
    )


@login_required
def step_edit(request, step_id: int):
    step = selectors.get_step_for_user(request.user, step_id, write=True)
    form = StepForm(posted(request), instance=step)
    return form_page(
        request,
        form,
        save=lambda: services.step_update(step=step, expected_version=form.expected_version(), **form.changed_values()),
        template="journeys/step_form.html",
        context={"goal": step.goal, "relationship": step.goal.relationship, "step": step},
        message=lambda _: SAVED,
        success_url=lambda _: _detail_url(step.goal.relationship),
    )


@login_required
def step_tick(request, step_id: int):
    """Tick a step done (or not) with one tap. htmx swaps just the step; without JavaScript the
    form posts and comes back to where it was."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    step = selectors.get_step_for_user(request.user, step_id, tick=True)
    try:
        services.step_mark(step=step, done=request.POST.get("done") == "1")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    if request.htmx:
        return render(request, "journeys/step_item.html#step", {"step": step, "can_tick": True})
    messages.success(request, f"“{step}” is marked {step.get_status_display().lower()}.")
    return redirect(
        request.POST.get("next") if request.POST.get("next") == reverse("home") else _detail_url(step.goal.relationship)
    )


# --- check-ins -------------------------------------------------------------------------------


@login_required
def check_in_create(request, relationship_id: int):
    # A client does their own check-in (a shorter form, in their words); the coach or staff record one.
    is_client = can(request.user, "work.own")
    relationship = selectors.get_relationship_for_user(
        request.user, relationship_id, write=True, capability="work.own" if is_client else "work.edit"
    )
    goals = relationship.goals.filter(status__in=("agreed", "in_progress"))
    form_class = ClientCheckInForm if is_client else CheckInForm
    form = form_class(posted(request), goals=goals)
    completed_by = selectors.completed_by(relationship, request.user)
    return form_page(
        request,
        form,
        save=lambda: services.check_in_record(
            relationship=relationship,
            completed_by=completed_by,
            held_on=form.cleaned_data.get("held_on") or timezone.localdate(),
            ratings=form.ratings(),
            **form.values(),
        ),
        template="journeys/check_in_form.html",
        context={"relationship": relationship, "is_client": is_client},
        message=lambda _: (
            f"Thank you. {relationship.coach.first_name} will see your check-in."
            if is_client
            else "The check-in has been recorded."
        ),
        success_url=lambda _: reverse("home") if is_client else _detail_url(relationship),
    )


@login_required
def check_in_detail(request, check_in_id: int):
    check_in = selectors.get_check_in_for_user(request.user, check_in_id)
    relationship = check_in.relationship
    can_reply = can(request.user, "work.edit") and relationship.is_open
    form = FeedbackForm(posted(request), initial={"coach_feedback": check_in.coach_feedback})
    if request.method == "POST":
        require(request.user, "work.edit")
        if save_form(form, lambda: services.check_in_add_feedback(check_in=check_in, **form.cleaned_data)):
            messages.success(request, "Your feedback has been saved.")
            return redirect("journeys:check_in_detail", check_in.pk)
    context = {
        "check_in": check_in,
        "relationship": relationship,
        "form": form if can_reply else None,
        "is_client": can(request.user, "relationships.view_as_client"),
    }
    if request.method == "GET":
        # A check-in holds how the client is doing and, for staff, the coach's private notes.
        audit.viewed(action="journeys.check_in.viewed", obj=check_in)
        if context["is_client"]:
            services.check_in_reply_seen(check_in=check_in)
    return render(request, "journeys/check_in_detail.html", context)


# --- how it is going, from the client --------------------------------------------------------


@login_required
def client_feedback_create(request, relationship_id: int):
    relationship = selectors.get_relationship_for_user(
        request.user, relationship_id, write=True, capability="feedback.give"
    )
    form = ClientFeedbackForm(posted(request))
    return form_page(
        request,
        form,
        save=lambda: services.client_feedback_give(relationship=relationship, **form.cleaned_data),
        template="journeys/client_feedback_form.html",
        context={"relationship": relationship},
        message=lambda feedback: (
            "Thank you for telling us. Someone from the team will get in touch."
            if feedback.wants_contact
            else "Thank you for telling us."
        ),
        success_url=lambda _: reverse("home"),
    )


@login_required
def client_feedback_list(request):
    unread_only = request.GET.get("unread") == "1"
    page = paginate(request, selectors.feedback_list(request.user, unread_only=unread_only))
    return render(request, "journeys/client_feedback_list.html", {"page": page, "unread_only": unread_only})


@login_required
@require_POST
def client_feedback_read(request, feedback_id: int):
    feedback = selectors.get_feedback_for_user(request.user, feedback_id)
    services.client_feedback_read(feedback=feedback, by=request.user)
    messages.success(request, f"Feedback from {feedback.relationship.client.first_name} is marked as read.")
    return redirect(reverse("journeys:client_feedback_list") + ("?unread=1" if request.POST.get("unread") else ""))


# --- reviews ---------------------------------------------------------------------------------


@login_required
def review_create(request, relationship_id: int, kind: str):
    relationship = selectors.get_relationship_for_user(
        request.user, relationship_id, write=True, capability="work.edit"
    )
    if kind not in Review.Kind.values:
        raise Http404("No such review.")
    form = ReviewForm(posted(request), goals=relationship.goals.all())
    return form_page(
        request,
        form,
        save=lambda: services.review_record(
            relationship=relationship,
            kind=kind,
            held_on=form.cleaned_data["held_on"],
            summary=form.cleaned_data["summary"],
            goal_reviews=form.goal_reviews(),
        ),
        template="journeys/review_form.html",
        context={
            "relationship": relationship,
            "kind_label": Review.Kind(kind).label,
            "chart": charts.progress_chart(relationship, selectors.goal_progress(relationship)),
        },
        message=lambda review: f"The {review.get_kind_display().lower()} has been recorded.",
        success_url=lambda review: reverse("journeys:review_detail", args=[review.pk]),
    )


@login_required
def review_detail(request, review_id: int):
    review = selectors.get_review_for_user(request.user, review_id)
    audit.viewed(action="journeys.review.viewed", obj=review)
    relationship = review.relationship
    context = {
        "review": review,
        "relationship": relationship,
        "ratings": review.ratings.select_related("goal"),
        "chart": charts.progress_chart(relationship, selectors.goal_progress(relationship)),
    }
    return render(request, "journeys/review_detail.html", context)


# --- case studies ----------------------------------------------------------------------------


@login_required
def case_study_list(request):
    require(request.user, "case_studies.view")
    to_review = selectors.case_studies_to_review() if can(request.user, "relationships.edit") else []
    context = {"page": paginate(request, selectors.case_studies()), "to_review": to_review}
    return render(request, "journeys/case_study_list.html", context)


@login_required
def case_study_review(request, ending_id: int):
    ending = selectors.get_case_study_for_review(request.user, ending_id)
    form = CaseStudyReviewForm(posted(request), initial={"case_study": ending.case_study})
    published = save_form(
        form, lambda: services.case_study_review(ending=ending, case_study=form.cleaned_data["case_study"])
    )
    if published:
        messages.success(request, "The case study is published.")
        return redirect("journeys:case_study_list")
    found_more = published is False
    if found_more:
        form = CaseStudyReviewForm(initial={"case_study": ending.case_study})
    return render(
        request, "journeys/case_study_review.html", {"form": form, "ending": ending, "found_more": found_more}
    )
