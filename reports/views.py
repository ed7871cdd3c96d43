from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from core import audit
from core.figures import Scope
from core.views import form_page, posted
from organisations.permissions import can, require

from . import selectors, services
from .forms import SettingsForm, last_quarter, period_form
from .models import ReportFile


def _period_form(request, data, **kwargs):
    return period_form(data, programmes=selectors.programmes(), coaches=selectors.coaches(), **kwargs)


@login_required
@require_safe
def dashboard(request):
    """The programme dashboard: a GET form (period, programme, coach) and every section's figures,
    suppressed, as charts and tables. A bad period is said beside its field; nothing is read then."""
    require(request.user, "reports.view")
    form = _period_form(request, request.GET)
    found = []
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        scope = Scope(request.user.organisation, data["start"], data["end"], data["programme"], data["coach"])
    elif not form.is_bound:
        start, end = last_quarter()
        scope = Scope(request.user.organisation, start, end)
    else:
        scope = None
    if scope is not None:
        found = selectors.with_charts(selectors.figures(scope, selectors.threshold_for(request.user.organisation_id)))
    context = {"form": form, "scope": scope, "sections": found, "can_build": can(request.user, "reports.build")}
    return render(request, "reports/dashboard.html", context)


@login_required
def report_list(request):
    """Reports built before, and the form to build one (coordinators and organisation admins)."""
    require(request.user, "reports.view")
    if request.method == "POST":
        require(request.user, "reports.build")
    form = _period_form(request, posted(request), programme_required=True)
    return form_page(
        request,
        form,
        save=lambda: services.report_start(
            programme=form.cleaned_data["programme"],
            starts_on=form.cleaned_data["start"],
            ends_on=form.cleaned_data["end"],
            coach=form.cleaned_data["coach"],
            by=request.user,
        ),
        template="reports/report_list.html",
        context={
            "reports": selectors.reports_visible_to(request.user)[:50],
            "can_build": can(request.user, "reports.build"),
        },
        message=lambda report: "The report is being built. This page shows how far it has got.",
        success_url=lambda report: reverse("reports:report_detail", args=[report.pk]),
    )


@login_required
@require_safe
def report_detail(request, report_id: int):
    """A report's page: its progress while it is built (polled by htmx), then its downloads and
    whether the records still give the same figures."""
    report = selectors.get_report_for_user(request.user, report_id)
    if request.htmx and request.GET.get("poll"):
        response = render(request, "reports/report_detail.html#progress", {"report": report})
        if not report.in_progress:
            response["HX-Refresh"] = "true"
        return response
    compared = None
    if report.status == report.Status.DONE and request.GET.get("compare"):
        compared = selectors.same_data(report)
    context = {"report": report, "files": selectors.files_of(report), "compared": compared}
    return render(request, "reports/report_detail.html", context)


@login_required
@require_safe
def report_download(request, report_id: int, kind: str):
    if kind not in ReportFile.Kind.values:
        raise Http404("No such file.")
    found = selectors.get_file_for_user(request.user, report_id, kind)
    audit.viewed(action=f"reports.report.downloaded_{kind}", obj=found.report)
    response = HttpResponse(bytes(found.data), content_type=found.content_type)
    response["Content-Disposition"] = f'attachment; filename="{found.filename()}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def report_settings(request):
    require(request.user, "reports.build")
    form = SettingsForm(posted(request), instance=selectors.report_settings(request.user.organisation))
    return form_page(
        request,
        form,
        save=lambda: services.settings_save(organisation=request.user.organisation, values=form.cleaned_data),
        template="reports/settings_form.html",
        message=lambda s: f"Saved. Counts below {s.threshold} are now hidden in the dashboard and new reports.",
        success_url=lambda s: reverse("reports:settings"),
    )
