from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from core import archiving
from core.views import form_page, posted
from organisations.permissions import can, require

from . import selectors, services
from .forms import HelpLineForm, ProgrammeForm


def _detail_url(programme) -> str:
    return reverse("organisations:programme_detail", args=[programme.pk])


@login_required
def programme_list(request):
    archived = request.GET.get("archived") == "1" and can(request.user, "programmes.edit")
    if archived:
        programmes = selectors.archived_programmes(user=request.user)
    else:
        programmes = selectors.programme_list(user=request.user)
    context = {"programmes": programmes, "archived": archived}
    return render(request, "organisations/programme_list.html", context)


@login_required
def programme_detail(request, programme_id: int):
    programme = selectors.get_programme_for_user(request.user, programme_id, archived=True)
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


@login_required
def programme_archive(request, programme_id: int):
    """Confirm, then archive: the programme leaves lists and choices, its history is kept."""
    programme = selectors.get_programme_for_user(request.user, programme_id, write=True)
    if request.method == "POST":
        try:
            services.programme_archive(programme=programme)
        except ValidationError as error:
            messages.error(request, f"{programme} cannot be archived yet. " + " ".join(error.messages))
            return redirect(_detail_url(programme))
        messages.success(request, f"{programme} has been archived. It can be restored from the archived list.")
        return redirect("organisations:programme_list")
    context = {"programme": programme, "reasons": archiving.reasons(programme), "kept": archiving.kept(programme)}
    return render(request, "organisations/programme_confirm_archive.html", context)


@login_required
@require_POST
def programme_restore(request, programme_id: int):
    programme = selectors.get_programme_for_user(request.user, programme_id, write=True, archived=True)
    try:
        services.programme_restore(programme=programme)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"{programme} has been restored.")
    return redirect(_detail_url(programme))


# --- where to get help now ---------------------------------------------------------------------


def _help_lines_url(_=None) -> str:
    return reverse("organisations:help_line_list")


@login_required
def help_line_list(request):
    lines = selectors.help_line_list(user=request.user)
    if request.method == "POST":
        services.help_lines_start_from_national(organisation=request.user.organisation)
        messages.success(request, "The national lines have been copied in. Add your own contact above them.")
        return redirect(_help_lines_url())
    context = {"lines": lines, "national": selectors.help_lines_for(request.user.organisation)}
    return render(request, "organisations/help_line_list.html", context)


@login_required
def help_line_create(request):
    require(request.user, "help_lines.edit")
    form = HelpLineForm(posted(request))
    return form_page(
        request,
        form,
        save=lambda: services.help_line_create(organisation=request.user.organisation, **form.changed_values()),
        template="organisations/help_line_form.html",
        message=lambda line: f"{line} has been added. Clients see it on every page.",
        success_url=_help_lines_url,
    )


@login_required
def help_line_edit(request, line_id: int):
    line = selectors.get_help_line_for_user(request.user, line_id)
    form = HelpLineForm(posted(request), instance=line)
    return form_page(
        request,
        form,
        save=lambda: services.help_line_update(
            line=line, expected_version=form.expected_version(), **form.changed_values()
        ),
        template="organisations/help_line_form.html",
        context={"line": line},
        message=lambda _: "Your changes have been saved.",
        success_url=_help_lines_url,
    )


@login_required
@require_POST
def help_line_remove(request, line_id: int):
    line = selectors.get_help_line_for_user(request.user, line_id)
    services.help_line_remove(line=line)
    messages.success(request, f"{line} has been taken off the list.")
    return redirect(_help_lines_url())
