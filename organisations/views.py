from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from core.views import save_form
from organisations.permissions import require

from . import selectors, services
from .forms import ProgrammeForm


@login_required
def programme_list(request):
    programmes = selectors.programme_list(user=request.user)
    return render(request, "organisations/programme_list.html", {"programmes": programmes})


@login_required
def programme_detail(request, programme_id: int):
    programme = selectors.get_programme_for_user(request.user, programme_id)
    return render(request, "organisations/programme_detail.html", {"programme": programme})


@login_required
def programme_create(request):
    require(request.user, "programmes.edit")
    form = ProgrammeForm(request.POST or None, organisation=request.user.organisation)
    if request.method == "POST":
        programme = save_form(
            form, lambda: services.programme_create(organisation=request.user.organisation, **form.changed_values())
        )
        if programme:
            messages.success(request, f"{programme} has been created.")
            return redirect("organisations:programme_detail", programme.pk)
    return render(request, "organisations/programme_form.html", {"form": form})


@login_required
def programme_edit(request, programme_id: int):
    programme = selectors.get_programme_for_user(request.user, programme_id, write=True)
    form = ProgrammeForm(request.POST or None, instance=programme, organisation=request.user.organisation)
    if request.method == "POST":
        saved = save_form(
            form,
            lambda: services.programme_update(
                programme=programme, expected_version=form.expected_version(), **form.changed_values()
            ),
        )
        if saved:
            messages.success(request, "Your changes have been saved.")
            return redirect("organisations:programme_detail", programme.pk)
    return render(request, "organisations/programme_form.html", {"form": form, "programme": programme})
