from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from core import audit
from core.access import get_or_404
from core.views import form_page, posted
from journeys.away import open_relationships
from organisations.models import NATIONAL_HELP_LINES, HelpLine
from organisations.permissions import can, require

from . import selectors, services
from .forms import (
    ArrangementForm,
    AwayForm,
    ConductConcernForm,
    ConductConcernUpdateForm,
    ExitConversationForm,
    LogEntryForm,
    RequestForm,
    RoleChangeForm,
    SessionForm,
    WellbeingForm,
)
from .models import RoleChange


def _coach_url(coach) -> str:
    return reverse("supervision:coach", args=[coach.pk])


def _may_see_list(user) -> None:
    if not (can(user, "supervision.view") or can(user, "supervision.supervise")):
        require(user, "supervision.view")


@login_required
def due_list(request):
    _may_see_list(request.user)
    context = {
        "due": selectors.due_list(request.user),
        "requests": list(selectors.open_requests_for(request.user)),
        "follow_ups": list(selectors.follow_ups_for(request.user)[:50]),
    }
    return render(request, "supervision/due_list.html", context)


@login_required
def coach(request, coach_id: int):
    coach = selectors.get_coach_for_user(request.user, coach_id)
    reads_shared = selectors.is_their_supervisor_now(request.user, coach)
    context = {
        "coach": coach,
        "arrangement": selectors.arrangement_of(coach),
        "sessions": selectors.sessions_of(coach)[:24],
        "open_actions": selectors.open_actions(coach),
        "supervises": selectors.supervises(request.user, coach),
        "shared_log": selectors.shared_log(coach)[:10] if reads_shared else [],
        "shared_checks": selectors.shared_checks(coach)[:6] if reads_shared else [],
        "reads_conduct": selectors.reads_conduct(request.user, coach),
        "concerns": list(selectors.concerns_of(request.user, coach)[:20]),
        "exits": list(selectors.exits_of(request.user, coach)[:5]),
    }
    audit.viewed(action="supervision.coach.viewed", obj=coach)
    return render(request, "supervision/coach.html", context)


@login_required
def arrangement(request, coach_id: int):
    require(request.user, "supervision.manage")
    coach = selectors.get_coach_for_user(request.user, coach_id)
    current = selectors.arrangement_of(coach)
    form = ArrangementForm(posted(request), organisation=request.user.organisation, arrangement=current)
    return form_page(
        request,
        form,
        save=lambda: services.arrangement_set(
            coach=coach,
            supervisor=form.cleaned_data["supervisor"],
            deputy=form.cleaned_data["deputy"],
            rhythm_days=form.cleaned_data["rhythm_days"],
            starts_on=form.cleaned_data["starts_on"],
            expected_version=form.cleaned_data["version"] if current else None,
        ),
        template="supervision/arrangement_form.html",
        context={"coach": coach},
        message=lambda a: f"{a.supervisor.get_full_name()} now supervises {coach.first_name}.",
        success_url=lambda _: _coach_url(coach),
    )


@login_required
def away(request):
    if not can(request.user, "supervision.manage"):
        require(request.user, "supervision.supervise")
    only = None if can(request.user, "supervision.manage") else request.user
    form = AwayForm(posted(request), organisation=request.user.organisation, only=only)
    return form_page(
        request,
        form,
        save=lambda: services.away_record(organisation=request.user.organisation, **form.cleaned_data),
        template="supervision/away_form.html",
        message=lambda a: f"Recorded. Deputies cover from {a.starts_on:%-d %B} to {a.ends_on:%-d %B}.",
        success_url=lambda _: reverse("supervision:due_list"),
    )


@login_required
def session_new(request, coach_id: int):
    coach = selectors.get_coach_for_user(request.user, coach_id, write=True)
    form = SessionForm(posted(request), open_actions=selectors.open_actions(coach))
    return form_page(
        request,
        form,
        save=lambda: services.session_record(coach=coach, supervisor=request.user, **form.values()),
        template="supervision/session_form.html",
        context={"coach": coach},
        message=lambda s: f"The session with {coach.first_name} on {s.held_on:%-d %B} has been recorded.",
        success_url=lambda _: _coach_url(coach),
    )


@login_required
def session_detail(request, session_id: int):
    session = selectors.get_session_for_user(request.user, session_id)
    session = selectors.sessions_of(session.coach).get(pk=session.pk)
    reads_notes = selectors.reads_notes(request.user, session)
    if reads_notes:
        audit.viewed(action="supervision.session.viewed", obj=session.coach)
    return render(request, "supervision/session_detail.html", {"session": session, "reads_notes": reads_notes})


@login_required
@require_POST
def action_done(request, action_id: int):
    action = selectors.get_action_for_user(request.user, action_id)
    services.action_done(action=action)
    messages.success(request, f"Marked done: {action.text}")
    if can(request.user, "supervision.own"):
        return redirect("supervision:mine")
    return redirect(_coach_url(action.coach))


@login_required
@require_POST
def follow_up_done(request, follow_up_id: int):
    follow_up = selectors.get_follow_up_for_user(request.user, follow_up_id)
    services.follow_up_addressed(follow_up=follow_up, by=request.user, note=request.POST.get("note", ""))
    messages.success(request, f"Marked done: the call with {follow_up.coach.first_name}.")
    return redirect("supervision:due_list")


# --- the coach's own ---------------------------------------------------------------------------


@login_required
def mine(request):
    coach = selectors.own_coach(request.user)
    arrangement = selectors.arrangement_of(coach)
    sessions = list(selectors.sessions_of(coach)[:12])
    context = {
        "coach": coach,
        "arrangement": arrangement,
        "due_on": arrangement.due_on(sessions[0].held_on if sessions else None) if arrangement else None,
        "sessions": sessions,
        "open_actions": selectors.open_actions(coach),
        "asked": coach.supervision_requests.filter(answered_in__isnull=True).first(),
    }
    return render(request, "supervision/mine.html", context)


@login_required
def request_session(request):
    coach = selectors.own_coach(request.user)
    form = RequestForm(posted(request))
    return form_page(
        request,
        form,
        save=lambda: services.request_make(coach=coach, **form.cleaned_data),
        template="supervision/request_form.html",
        message=lambda _: "Thank you. Your supervisor will be in touch to arrange a session.",
        success_url=lambda _: reverse("supervision:mine"),
    )


@login_required
def log(request):
    coach = selectors.own_coach(request.user)
    form = LogEntryForm(posted(request))
    return form_page(
        request,
        form,
        save=lambda: services.log_entry_write(coach=coach, **form.cleaned_data),
        template="supervision/log.html",
        context={"entries": selectors.log_of(coach)[:50]},
        message=lambda e: "Saved and shared with your supervisor." if e.shared_at else "Saved. Only you can see it.",
        success_url=lambda _: reverse("supervision:log"),
    )


@login_required
@require_POST
def log_share(request, entry_id: int):
    coach = selectors.own_coach(request.user)
    entry = get_or_404(selectors.log_of(coach).select_related("coach"), entry_id)
    share = request.POST.get("share") == "yes"
    services.log_entry_share(entry=entry, share=share)
    messages.success(request, "Shared with your supervisor." if share else "No longer shared: only you can see it.")
    return redirect("supervision:log")


@login_required
def wellbeing(request):
    coach = selectors.own_coach(request.user)
    form = WellbeingForm(posted(request))
    lines = list(HelpLine.objects.all()) or NATIONAL_HELP_LINES
    context = {"checks": selectors.checks_of(coach)[:6], "help": lines}
    return form_page(
        request,
        form,
        save=lambda: services.wellbeing_check_record(coach=coach, **form.cleaned_data),
        template="supervision/wellbeing.html",
        context=context,
        message=lambda c: "Thank you for checking in with yourself.",
        success_url=lambda _: reverse("supervision:wellbeing"),
    )


# --- changing roles ----------------------------------------------------------------------------


@login_required
def role_change(request, coach_id: int):
    require(request.user, "supervision.manage")
    coach = selectors.get_coach_for_user(request.user, coach_id)
    relationships = list(open_relationships(coach))
    current = selectors.current_role(coach)
    form = RoleChangeForm(posted(request), relationships=relationships, current=current, role_title=coach.role_title)
    return form_page(
        request,
        form,
        save=lambda: services.role_change(
            coach=coach,
            from_role=current,
            to_role=form.cleaned_data["to_role"],
            reason=form.cleaned_data["reason"],
            effective_on=form.cleaned_data["effective_on"],
            by=request.user,
            decisions=form.decisions(),
            role_title=form.cleaned_data["role_title"],
        ),
        template="supervision/role_form.html",
        context={"coach": coach, "current_label": RoleChange.Role(current).label},
        message=lambda c: (
            f"{coach.first_name}'s role is now {c.get_to_role_display().lower()}."
            + (f" {c.handed_over} relationship(s) settled." if c.handed_over else "")
        ),
        success_url=lambda _: reverse("people:coach_detail", args=[coach.pk]),
    )


@login_required
def concern_new(request, coach_id: int):
    require(request.user, "conduct.edit")
    coach = selectors.get_coach_for_user(request.user, coach_id)
    form = ConductConcernForm(posted(request))
    return form_page(
        request,
        form,
        save=lambda: services.concern_raise(coach=coach, by=request.user, **form.cleaned_data),
        template="supervision/concern_form.html",
        context={"coach": coach},
        message=lambda c: (
            f"The concern about {coach.first_name} is recorded. Only coordinators and their supervisor see it."
        ),
        success_url=lambda c: reverse("supervision:concern_detail", args=[c.pk]),
    )


@login_required
def concern_detail(request, concern_id: int):
    concern = selectors.get_concern_for_user(request.user, concern_id)
    editable = can(request.user, "conduct.edit")
    if request.method == "POST" and not editable:
        require(request.user, "conduct.edit")
    # After the refusal: a refused change is not a look.
    audit.viewed(action="supervision.conduct_concern.viewed", obj=concern)
    form = ConductConcernUpdateForm(posted(request), concern=concern) if editable else None
    if form is None:
        return render(request, "supervision/concern_detail.html", {"concern": concern, "form": None})

    def save():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        return services.concern_update(concern=concern, expected_version=version, **data)

    return form_page(
        request,
        form,
        save=save,
        template="supervision/concern_detail.html",
        context={"concern": concern},
        message=lambda c: "Saved." if c.is_open else f"The concern is closed: {c.get_outcome_display().lower()}.",
        success_url=lambda c: reverse("supervision:concern_detail", args=[c.pk]),
    )


@login_required
def exit_new(request, coach_id: int):
    require(request.user, "supervision.manage")
    coach = selectors.get_coach_for_user(request.user, coach_id)
    form = ExitConversationForm(posted(request))
    return form_page(
        request,
        form,
        save=lambda: services.exit_record(coach=coach, by=request.user, **form.cleaned_data),
        template="supervision/exit_form.html",
        context={"coach": coach},
        message=lambda c: f"The exit conversation with {coach.first_name} is recorded.",
        success_url=lambda c: _coach_url(coach),
    )
