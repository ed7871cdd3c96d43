from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse

from core.views import form_page
from organisations.permissions import require

from . import selectors, services
from .forms import ProgrammeForm


def _detail_url(programme) -> str:
    return reverse("organisations:programme_detail", args=[programme.pk])


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
    return form_page(
        request,
        form,
        save=lambda: services.programme_create(organisation=request.user.organisation, **form.changed_values()),
        template="organisations/programme_form.html",
        message=lambda programme: f"{programme} has been created.",
        success_url=_detail_url,
    )


@login_required
def programme_edit(request, programme_id: int):
    programme = selectors.get_programme_for_user(request.user, programme_id, write=True)
    form = ProgrammeForm(request.POST or None, instance=programme, organisation=request.user.organisation)
    return form_page(
        request,
        form,
        save=lambda: services.programme_update(
            programme=programme, expected_version=form.expected_version(), **form.changed_values()
        ),
        template="organisations/programme_form.html",
        context={"programme": programme},
        message=lambda _: "Your changes have been saved.",
        success_url=_detail_url,
    )
