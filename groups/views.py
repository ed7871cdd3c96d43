from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from core import audit, pdf
from core.views import form_page, posted, save_form
from organisations.permissions import can, require

from . import selectors, services
from .forms import (
    EndForm,
    GroupForm,
    JoinRequestForm,
    MemberForm,
    ProposalConfirmForm,
    ProposalSettingsForm,
    ScheduleForm,
    ScheduleStartForm,
    SessionForm,
)
from .models import Group


def _detail_url(group) -> str:
    return reverse("groups:group_detail", args=[group.pk])


@login_required
def group_list(request):
    if not (
        can(request.user, "groups.view") or can(request.user, "groups.facilitate") or can(request.user, "groups.own")
    ):
        require(request.user, "groups.view")
    groups = selectors.groups_visible_to(request.user).order_by("status", "name")
    return render(request, "groups/group_list.html", {"groups": groups})


@login_required
def group_create(request):
    require(request.user, "groups.edit")
    form = GroupForm(posted(request), organisation=request.user.organisation)
    return form_page(
        request,
        form,
        save=lambda: services.group_create(
            organisation=request.user.organisation,
            **form.cleaned_data,
        ),
        template="groups/group_form.html",
        message=lambda group: f"{group} has been created. Now add its members.",
        success_url=_detail_url,
    )


@login_required
def group_detail(request, group_id: int):
    group = selectors.group_detail(selectors.get_group_for_user(request.user, group_id))
    me = selectors.membership(group, request.user)
    runs_it = can(request.user, "groups.edit") or group.facilitator_id == request.user.pk
    context = {
        "group": group,
        "me": me,
        "runs_it": runs_it,
        "manages": can(request.user, "groups.edit"),
        "warnings": services.member_warnings(list(group.members.all())),
        "summary": selectors.series_summary(group) if group.status != Group.Status.FORMING else [],
        # What a member may read of others' issues follows what the group agreed at the start.
        "show_issues": runs_it or group.issue_sharing == Group.IssueSharing.GROUP,
    }
    return render(request, "groups/group_detail.html", context)


@login_required
def member_add(request, group_id: int):
    group = selectors.get_group_for_user(request.user, group_id, capability="groups.edit")
    form = MemberForm(posted(request), group=group)
    return form_page(
        request,
        form,
        save=lambda: services.member_add(group=group, **form.cleaned_data),
        template="groups/member_form.html",
        context={"group": group},
        message=lambda member: f"{member} has joined {group}.",
        success_url=lambda _: _detail_url(group),
    )


@login_required
@require_POST
def member_remove(request, group_id: int, member_id: int):
    group = selectors.get_group_for_user(request.user, group_id, capability="groups.edit")
    member = next((m for m in group.members.select_related("coach") if m.pk == member_id), None)
    if member is None:
        raise Http404
    try:
        services.member_remove(member=member)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"{member} has been taken out of {group}.")
    return redirect(_detail_url(group))


@login_required
def schedule(request, group_id: int):
    """Step one: the first date. Step two: the proposed series to adjust, then confirm."""
    group = selectors.get_group_for_user(request.user, group_id, capability="groups.facilitate")
    start = ScheduleStartForm(request.GET if "first_date" in request.GET else None)
    if not start.is_bound or not start.is_valid():
        return render(request, "groups/schedule_start.html", {"group": group, "form": start})
    proposal = services.schedule_propose(group=group, first_date=start.cleaned_data["first_date"])
    form = ScheduleForm(posted(request), group=group, proposal=proposal)
    if request.method == "POST" and save_form(
        form, lambda: services.schedule_confirm(group=group, sessions=form.sessions(), note=form.cleaned_data["note"])
    ):
        messages.success(request, "The series is scheduled. It is in each member's calendar.")
        return redirect(_detail_url(group))
    sessions = form.sessions() if form.is_bound and form.is_valid() else proposal.sessions
    context = {
        "group": group,
        "form": form,
        "proposal": proposal,
        "first_date": start.cleaned_data["first_date"],
        "warnings": services.short_gaps(sessions),
    }
    return render(request, "groups/schedule.html", context)


@login_required
@require_POST
def rules_accept(request, group_id: int):
    group = selectors.group_detail(selectors.get_group_for_user(request.user, group_id))
    me = selectors.membership(group, request.user)
    if me is None:
        require(request.user, "groups.own")
        raise Http404
    services.rules_accept(member=me)
    messages.success(request, "Thank you. You have agreed the ground rules.")
    return redirect(_detail_url(group))


@login_required
def session_record(request, session_id: int):
    session = selectors.get_session_for_user(request.user, session_id, write=True)
    group = session.group
    members = list(group.members.select_related("coach"))
    due = services.commitments_due(session)
    form = SessionForm(posted(request), session=session, members=members, due=due)
    if request.method == "POST" and save_form(form, lambda: services.session_record(session=session, **form.values())):
        messages.success(request, f"Session {session.number} has been recorded.")
        return redirect(_detail_url(group))
    if request.method == "GET":
        audit.viewed(action="groups.session.viewed", obj=group)
    context = {"session": session, "group": group, "form": form, "due": due}
    return render(request, "groups/session_form.html", context)


@login_required
def series_end(request, group_id: int):
    group = selectors.get_group_for_user(request.user, group_id, capability="groups.facilitate")
    members = list(group.members.select_related("coach"))
    form = EndForm(posted(request), members=members)
    return form_page(
        request,
        form,
        save=lambda: services.series_end(group=group, reflections=form.reflections()),
        template="groups/end_form.html",
        context={"group": group, "summary": selectors.series_summary(group)},
        message=lambda _: f"{group}'s series has ended. Thank you.",
        success_url=lambda _: _detail_url(group),
    )


@login_required
def series_summary_pdf(request, group_id: int):
    """The series summary as a PDF for the facilitator to keep or share: attendance, commitments
    kept, reflections and who is ready to facilitate. For those who run the group only."""
    group = selectors.group_detail(selectors.get_group_for_user(request.user, group_id, capability="groups.facilitate"))
    document = pdf.render_pdf(
        "groups/summary_pdf.html",
        {"group": group, "summary": selectors.series_summary(group), "today": timezone.localdate()},
    )
    response = HttpResponse(document, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="series-summary-{group.pk}.pdf"'
    return response


# --- the pool ----------------------------------------------------------------------------------


def _pool_url(user, programme_id: int) -> str:
    # Coordinators go back to the programme's pool; a peer to their own requests.
    if can(user, "groups.edit"):
        return reverse("groups:pool_detail", args=[programme_id])
    return reverse("groups:pool_index")


@login_required
def pool_index(request):
    """Coordinators: each group programme's pool. Peers: their own requests, and where to ask."""
    if not selectors.may_see_pool(request.user):
        require(request.user, "groups.edit")
    programmes = list(selectors.group_programmes())
    waiting = {}
    if can(request.user, "groups.edit"):
        for r in selectors.requests_visible_to(request.user).filter(status="waiting").values_list("programme_id"):
            waiting[r[0]] = waiting.get(r[0], 0) + 1
    context = {
        "programmes": [(p, waiting.get(p.pk, 0)) for p in programmes],
        "manages": can(request.user, "groups.edit"),
        "mine": selectors.requests_visible_to(request.user).filter(coach__user=request.user).order_by("-pk"),
    }
    return render(request, "groups/pool_index.html", context)


@login_required
def join_request_create(request, programme_id: int):
    """A peer asks for themselves; a coordinator adds someone."""
    for_someone = can(request.user, "groups.edit")
    me = None if for_someone else selectors.own_coach(request.user)
    if not for_someone and me is None:
        require(request.user, "groups.edit")
    programme = selectors.get_group_programme(programme_id)
    form = JoinRequestForm(posted(request), organisation=request.user.organisation, for_someone=for_someone)
    return form_page(
        request,
        form,
        save=lambda: services.join_request_create(
            organisation=request.user.organisation,
            programme=programme,
            requested_by=request.user,
            **({"coach": me} | form.cleaned_data),
        ),
        template="groups/join_form.html",
        context={"programme": programme, "for_someone": for_someone},
        message=lambda r: f"{r} is now waiting for a group in {programme}.",
        success_url=lambda _: reverse(
            "groups:pool_detail" if for_someone else "groups:pool_index", args=[programme.pk] if for_someone else []
        ),
    )


@login_required
@require_POST
def join_request_withdraw(request, request_id: int):
    join = selectors.get_join_request_for_user(request.user, request_id)
    try:
        services.join_request_withdraw(request=join)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"{join}'s request to join a group has been withdrawn.")
    return redirect(_pool_url(request.user, join.programme_id))


def _moves(data) -> dict[int, int]:
    moves = {}
    for key, value in data.items():
        if key.startswith("move_") and key[5:].isdigit() and value.isdigit() and len(value) < 3:
            moves[int(key[5:])] = int(value)
    return moves


@login_required
def pool_detail(request, programme_id: int):
    """The pool and, once a size is chosen, the proposed groups to adjust (sent back with GET to see
    the warnings again) and to confirm (POST, which creates the groups)."""
    require(request.user, "groups.edit")
    programme = selectors.get_group_programme(programme_id)
    waiting = selectors.pool(programme)
    data = request.POST if request.method == "POST" else request.GET
    settings_form = ProposalSettingsForm(data if "size" in data else None)
    context = {"programme": programme, "pool": waiting, "settings_form": settings_form}
    if settings_form.is_bound and settings_form.is_valid():
        plan = selectors.pool_plan(waiting, **settings_form.cleaned_data, moves=_moves(data))
        confirm = ProposalConfirmForm(posted(request), organisation=request.user.organisation)
        groups = [[r.pk for r in g["members"]] for g in plan["groups"]]
        made = request.method == "POST" and save_form(
            confirm, lambda: services.pool_confirm(programme=programme, groups=groups, **confirm.cleaned_data)
        )
        if made:
            messages.success(request, f"{len(made)} groups have been created: {', '.join(g.name for g in made)}.")
            return redirect(reverse("groups:group_list"))
        context |= {"plan": plan, "confirm": confirm}
    return render(request, "groups/pool_detail.html", context)
