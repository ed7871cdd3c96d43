from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse

from core.views import form_page, int_or_none, paginate, render_list, save_form
from organisations.models import Programme
from organisations.permissions import can, require

from . import selectors, services
from .forms import ClientForm, CoachForm, SignInForm, StaffForm
from .models import Client, Coach

SAVED = "Your changes have been saved."


# --- clients ---------------------------------------------------------------------------------


@login_required
def client_list(request):
    search = request.GET.get("q", "").strip()[:100]
    programme_id = int_or_none(request.GET.get("programme"))
    status = request.GET.get("status", "") if request.GET.get("status") in Client.Status.values else ""
    clients = selectors.client_list(user=request.user, search=search, programme_id=programme_id, status=status)
    context = {
        "page": paginate(request, clients),
        "search": search,
        "programme_id": programme_id,
        "status": status,
        "statuses": Client.Status.choices,
        "programmes": Programme.objects.all() if can(request.user, "programmes.view") else [],
    }
    return render_list(request, "people/client_list.html", context)


@login_required
def client_detail(request, client_id: int):
    client = selectors.get_client_for_user(request.user, client_id)
    services.client_viewed(client=client)
    if can(request.user, "clients.view_own"):
        template = "people/client_detail_for_coach.html"
    elif can(request.user, "clients.view_self"):
        template = "people/client_detail_for_client.html"
    else:
        template = "people/client_detail.html"
    context = {
        "client": client,
        "history": selectors.record_history(client) if can(request.user, "clients.view") else [],
        "can_edit": can(request.user, "clients.edit"),
        "can_pair": can(request.user, "relationships.edit"),
    }
    return render(request, template, context)


@login_required
def client_create(request):
    require(request.user, "clients.edit")
    form = ClientForm(request.POST or None, organisation=request.user.organisation)
    return form_page(
        request,
        form,
        save=lambda: services.client_create(organisation=request.user.organisation, **form.changed_values()),
        template="people/person_form.html",
        context={"kind": "client"},
        message=lambda client: f"{client} has been added.",
        success_url=lambda client: reverse("people:client_detail", args=[client.pk]),
    )


@login_required
def client_edit(request, client_id: int):
    client = selectors.get_client_for_user(request.user, client_id, write=True)
    if request.method == "GET":
        # The form shows the whole record (date of birth, staff notes): opening it is a look.
        services.client_viewed(client=client)
    form = ClientForm(request.POST or None, instance=client, organisation=request.user.organisation)
    return form_page(
        request,
        form,
        save=lambda: services.client_update(
            client=client, expected_version=form.expected_version(), **form.changed_values()
        ),
        template="people/person_form.html",
        context={"kind": "client", "person": client},
        message=lambda _: SAVED,
        success_url=lambda _: reverse("people:client_detail", args=[client.pk]),
    )


@login_required
def client_delete(request, client_id: int):
    client = selectors.get_client_for_user(request.user, client_id, write=True)
    if request.method == "POST":
        name = str(client)
        try:
            services.client_delete(client=client)
        except services.PersonInUseError as error:
            messages.error(request, str(error))
            return redirect("people:client_detail", client.pk)
        messages.success(request, f"{name}'s record has been deleted.")
        return redirect("people:client_list")
    return render(request, "people/person_confirm_delete.html", {"person": client, "kind": "client"})


# --- coaches ---------------------------------------------------------------------------------


@login_required
def coach_list(request):
    search = request.GET.get("q", "").strip()[:100]
    status = request.GET.get("status", "") if request.GET.get("status") in Coach.Status.values else ""
    coaches = selectors.coach_list(user=request.user, search=search, status=status)
    context = {"page": paginate(request, coaches), "search": search, "status": status, "statuses": Coach.Status.choices}
    return render_list(request, "people/coach_list.html", context)


@login_required
def coach_detail(request, coach_id: int):
    coach = selectors.get_coach_for_user(request.user, coach_id)
    # A coach's page holds their lived experience in their own words: as sensitive as a client's.
    services.coach_viewed(coach=coach)
    context = {
        "coach": coach,
        "history": selectors.record_history(coach) if can(request.user, "coaches.view") else [],
        "can_edit": can(request.user, "coaches.edit"),
    }
    return render(request, "people/coach_detail.html", context)


@login_required
def coach_create(request):
    require(request.user, "coaches.edit")
    form = CoachForm(request.POST or None, organisation=request.user.organisation)
    return form_page(
        request,
        form,
        save=lambda: services.coach_create(organisation=request.user.organisation, **form.changed_values()),
        template="people/person_form.html",
        context={"kind": "coach"},
        message=lambda coach: f"{coach} has been added.",
        success_url=lambda coach: reverse("people:coach_detail", args=[coach.pk]),
    )


@login_required
def coach_edit(request, coach_id: int):
    coach = selectors.get_coach_for_user(request.user, coach_id, write=True)
    form = CoachForm(request.POST or None, instance=coach, organisation=request.user.organisation)
    return form_page(
        request,
        form,
        save=lambda: services.coach_update(
            coach=coach, expected_version=form.expected_version(), **form.changed_values()
        ),
        template="people/person_form.html",
        context={"kind": "coach", "person": coach},
        message=lambda _: SAVED,
        success_url=lambda _: reverse("people:coach_detail", args=[coach.pk]),
    )


@login_required
def coach_delete(request, coach_id: int):
    coach = selectors.get_coach_for_user(request.user, coach_id, write=True)
    if request.method == "POST":
        name = str(coach)
        try:
            services.coach_delete(coach=coach)
        except services.PersonInUseError as error:
            messages.error(request, str(error))
            return redirect("people:coach_detail", coach.pk)
        messages.success(request, f"{name}'s record has been deleted.")
        return redirect("people:coach_list")
    return render(request, "people/person_confirm_delete.html", {"person": coach, "kind": "coach"})


# --- sign-in for coaches and clients ---------------------------------------------------------


@login_required
def person_sign_in(request, kind: str, person_id: int):
    if kind == "coach":
        person = selectors.get_coach_for_user(request.user, person_id, write=True)
    elif kind == "client":
        person = selectors.get_client_for_user(request.user, person_id, write=True)
    else:
        return HttpResponseNotAllowed(["GET", "POST"])
    form = SignInForm(request.POST or None, initial={"username": f"{person.first_name}.{person.last_name}".lower()})
    if request.method == "POST":
        user = save_form(
            form, lambda: services.person_give_sign_in(person=person, username=form.cleaned_data["username"])
        )
        if user:
            note = " We have emailed them a link to choose a password." if user.email else ""
            messages.success(request, f"{person} can now sign in as {user.username}.{note}")
            return redirect(f"people:{kind}_detail", person.pk)
    return render(request, "people/person_sign_in.html", {"form": form, "person": person, "kind": kind})


# --- staff -----------------------------------------------------------------------------------


@login_required
def staff_list(request):
    search = request.GET.get("q", "").strip()[:100]
    staff = selectors.staff_list(user=request.user, search=search)
    context = {"page": paginate(request, staff), "search": search, "can_edit": can(request.user, "staff.edit")}
    return render_list(request, "people/staff_list.html", context)


@login_required
def staff_detail(request, staff_id: int):
    staff = selectors.get_staff_member_for_user(request.user, staff_id)
    context = {
        "staff": staff,
        "history": selectors.record_history(staff),
        "can_edit": can(request.user, "staff.edit"),
    }
    return render(request, "people/staff_detail.html", context)


@login_required
def staff_create(request):
    require(request.user, "staff.edit")
    form = StaffForm(request.POST or None, organisation=request.user.organisation)
    return form_page(
        request,
        form,
        save=lambda: services.staff_create(
            organisation=request.user.organisation,
            username=form.cleaned_data["username"],
            role=form.cleaned_data["role"],
            **form.changed_values(),
        ),
        template="people/person_form.html",
        context={"kind": "staff"},
        message=lambda staff: f"{staff} has been added. We have emailed them a link to choose a password.",
        success_url=lambda staff: reverse("people:staff_detail", args=[staff.pk]),
    )


@login_required
def staff_edit(request, staff_id: int):
    staff = selectors.get_staff_member_for_user(request.user, staff_id, write=True)
    form = StaffForm(request.POST or None, instance=staff, organisation=request.user.organisation)
    return form_page(
        request,
        form,
        save=lambda: services.staff_update(
            staff=staff,
            expected_version=form.expected_version(),
            role=form.cleaned_data["role"],
            **form.changed_values(),
        ),
        template="people/person_form.html",
        context={"kind": "staff", "person": staff},
        message=lambda _: SAVED,
        success_url=lambda _: reverse("people:staff_detail", args=[staff.pk]),
    )
