from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_POST

from core import audit, spreadsheets
from core.access import get_or_404
from core.exceptions import StaleEditError
from core.views import form_page, posted
from meetings.models import Meeting
from organisations.permissions import can, require

from . import selectors, services
from .forms import (
    TRAVEL_MINUTES,
    AbsenceForm,
    AgreementForm,
    LineForm,
    PayrollForm,
    ReturnForm,
    SettingsForm,
    TravelForm,
    VersionForm,
)
from .models import TimesheetLine, week_start


def _week(value: str) -> datetime.date:
    try:
        return week_start(datetime.date.fromisoformat(value))
    except ValueError:
        raise Http404("Not a date.") from None


def _week_url(week: datetime.date) -> str:
    return reverse("hours:week", args=[week.isoformat()])


def _refusal(request, call) -> bool:
    """Run a service; say its refusal (a stale edit, a rule) as a message instead of a 500."""
    try:
        call()
    except StaleEditError as error:
        messages.error(request, error.message)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        return False
    return True


def _week_page(request, week_view, *, mine: bool):
    context = {
        "week": week_view,
        "mine": mine,
        "travel_choices": TRAVEL_MINUTES,
        "today": timezone.localdate(),
        "previous": week_view.week_starts - datetime.timedelta(days=7),
        "next": week_view.week_starts + datetime.timedelta(days=7),
        "this_week": week_start(timezone.localdate()),
        "version": week_view.timesheet.version if week_view.timesheet else 1,
        "well_over": selectors.is_well_over(
            week_view.total_minutes,
            week_view.agreed_minutes,
            selectors.hours_settings(request.user.organisation).over_percent,
        ),
        "recent": selectors.recent_weeks(week_view.coach) if mine else [],
        "absences": selectors.occasions(week_view.coach, since=timezone.localdate() - datetime.timedelta(days=90))
        if mine
        else [],
    }
    return render(request, "hours/week.html", context)


@login_required
def my_hours(request):
    """A coach's hours: this week's timesheet."""
    selectors.require_own_coach(request.user)
    return redirect(_week_url(week_start(timezone.localdate())))


@login_required
def week(request, week: str):
    coach = selectors.require_own_coach(request.user)
    return _week_page(request, selectors.week_for(coach, _week(week)), mine=True)


@login_required
def line_add(request, week: str):
    coach = selectors.require_own_coach(request.user)
    day = _week(week)
    view = selectors.week_for(coach, day)
    if not view.editable:
        messages.error(request, "This week has been sent, so it cannot be changed now.")
        return redirect(_week_url(day))
    version = view.timesheet.version if view.timesheet else 1
    form = LineForm(
        posted(request),
        week=day,
        initial={"version": version, "day": min(timezone.localdate(), day + datetime.timedelta(days=6))},
    )
    return form_page(
        request,
        form,
        save=lambda: services.line_add(
            timesheet=services.timesheet_for_week(coach=coach, week=day),
            expected_version=form.cleaned_data["version"],
            **{k: form.cleaned_data[k] for k in ("kind", "day", "minutes", "note")},
        ),
        template="hours/line_form.html",
        context={"week": view},
        message=lambda line: f"Added: {line.get_kind_display().lower()}, {line.minutes} minutes.",
        success_url=lambda line: _week_url(day),
    )


@login_required
@require_POST
def line_remove(request, line_id: int):
    coach = selectors.require_own_coach(request.user)
    line = get_or_404(TimesheetLine.objects.select_related("timesheet__coach").filter(timesheet__coach=coach), line_id)
    form = VersionForm(request.POST)
    if form.is_valid() and not _refusal(
        request, lambda: services.line_remove(line=line, expected_version=form.cleaned_data["version"])
    ):
        messages.success(request, "Taken off the week.")
    return redirect(_week_url(line.timesheet.week_starts))


@login_required
@require_POST
def travel(request, week: str, meeting_id: int):
    coach = selectors.require_own_coach(request.user)
    day = _week(week)
    meeting = get_or_404(Meeting.objects.filter(participants__coach=coach), meeting_id)
    form = TravelForm(request.POST)
    if form.is_valid() and not _refusal(
        request,
        lambda: services.meeting_travel_set(
            timesheet=services.timesheet_for_week(coach=coach, week=day),
            expected_version=form.cleaned_data["version"],
            meeting=meeting,
            minutes=form.cleaned_data["minutes"] or 0,
        ),
    ):
        messages.success(request, "Travel time saved.")
    return redirect(_week_url(day))


@login_required
@require_POST
def submit(request, week: str):
    coach = selectors.require_own_coach(request.user)
    day = _week(week)
    form = VersionForm(request.POST)
    if form.is_valid() and not _refusal(
        request,
        lambda: services.timesheet_submit(
            timesheet=services.timesheet_for_week(coach=coach, week=day), expected_version=form.cleaned_data["version"]
        ),
    ):
        messages.success(request, "Your week has been sent for approval. Thank you.")
    return redirect(_week_url(day))


@login_required
def timesheet_detail(request, timesheet_id: int):
    timesheet = selectors.get_timesheet_for_user(request.user, timesheet_id)
    if timesheet.coach.user_id == request.user.pk:
        return redirect(_week_url(timesheet.week_starts))
    audit.viewed(action="hours.timesheet.viewed", obj=timesheet)
    return _week_page(request, selectors.week_for(timesheet.coach, timesheet.week_starts), mine=False)


@login_required
@require_POST
def approve(request, timesheet_id: int):
    timesheet = selectors.get_timesheet_for_user(request.user, timesheet_id, capability="hours.approve")
    form = VersionForm(request.POST)
    if form.is_valid() and not _refusal(
        request,
        lambda: services.timesheet_approve(
            timesheet=timesheet, expected_version=form.cleaned_data["version"], by=request.user
        ),
    ):
        messages.success(request, f"{timesheet.coach}'s week starting {timesheet.week_starts:%-d %B} is approved.")
    if request.POST.get("next") == "queue":
        return redirect("hours:queue")
    return redirect("hours:timesheet_detail", timesheet.pk)


@login_required
def return_week(request, timesheet_id: int):
    timesheet = selectors.get_timesheet_for_user(request.user, timesheet_id, capability="hours.approve")
    form = ReturnForm(posted(request), initial={"version": timesheet.version})
    return form_page(
        request,
        form,
        save=lambda: services.timesheet_return(
            timesheet=timesheet,
            expected_version=form.cleaned_data["version"],
            reason=form.cleaned_data["reason"],
            by=request.user,
        ),
        template="hours/return_form.html",
        context={"timesheet": timesheet},
        message=lambda t: f"{t.coach}'s week has gone back to them with your note.",
        success_url=lambda t: reverse("hours:queue"),
    )


@login_required
def queue(request):
    require(request.user, "hours.view")
    last_week = selectors.previous_week()
    waiting = selectors.queue(request.user.organisation)
    context = {
        "waiting": waiting,
        "weeks": sorted({t.week_starts for t in waiting}),
        "last_week": last_week,
        "nothing_recorded": selectors.nothing_recorded(last_week),
    }
    return render(request, "hours/queue.html", context)


@login_required
@require_POST
def approve_week(request):
    require(request.user, "hours.approve")
    day = _week(request.POST.get("week", ""))
    count = services.week_approve(organisation=request.user.organisation, week=day, by=request.user)
    messages.success(request, f"Approved {count} week{'s' if count != 1 else ''} starting {day:%-d %B}.")
    return redirect("hours:queue")


@login_required
def agreement(request, coach_id: int):
    require(request.user, "hours.approve")
    coach = selectors.get_coach_for_user(request.user, coach_id)
    form = AgreementForm(posted(request), initial={"starts_on": week_start(timezone.localdate())})
    return form_page(
        request,
        form,
        save=lambda: services.agreement_set(coach=coach, by=request.user, **form.cleaned_data),
        template="hours/agreement_form.html",
        context={"coach": coach, "agreements": selectors.agreements(coach)},
        message=lambda a: f"{coach} is agreed {a.weekly_hours} hours a week from {a.starts_on:%-d %B %Y}.",
        success_url=lambda a: reverse("hours:agreement", args=[coach.pk]),
    )


def _absence_page(request, coach, *, back: str):
    form = AbsenceForm(posted(request))

    def then(absence) -> str:
        # A long time away is a break: a coordinator goes on to decide what happens to the coach's
        # clients meanwhile (paused until the return date, handed over or ended), dates filled in.
        if selectors.is_a_break(absence) and can(request.user, "relationships.edit"):
            query = urlencode(
                {
                    "starts_on": absence.starts_on.isoformat(),
                    "returns_on": (absence.ends_on + datetime.timedelta(days=1)).isoformat(),
                    "reason": absence.reason or absence.get_kind_display(),
                }
            )
            return reverse("journeys:coach_break", args=[coach.pk]) + "?" + query
        return back

    def said(absence) -> str:
        recorded = f"Recorded: {absence.get_kind_display().lower()} on {absence.starts_on:%-d %B}."
        if then(absence) != back:
            days = (absence.ends_on - absence.starts_on).days + 1
            recorded += f" {days} days away is a break: choose what happens to {coach.first_name}'s clients meanwhile."
        return recorded

    return form_page(
        request,
        form,
        save=lambda: services.absence_record(coach=coach, by=request.user, **form.cleaned_data),
        template="hours/absence_form.html",
        context={"coach": coach, "back": back, "own": coach.user_id == request.user.pk},
        message=said,
        success_url=then,
    )


@login_required
def absence_add(request):
    """A coach records their own time off or late start."""
    coach = selectors.require_own_coach(request.user)
    return _absence_page(request, coach, back=reverse("hours:my_hours"))


@login_required
def coach_absence_add(request, coach_id: int):
    """A coordinator records one for a coach."""
    require(request.user, "hours.approve")
    coach = selectors.get_coach_for_user(request.user, coach_id)
    return _absence_page(request, coach, back=reverse("people:coach_detail", args=[coach.pk]))


@login_required
def payroll(request):
    require(request.user, "hours.approve")
    form = PayrollForm(posted(request))
    return form_page(
        request,
        form,
        save=lambda: services.payroll_export(
            organisation=request.user.organisation, by=request.user, **form.cleaned_data
        ),
        template="hours/payroll.html",
        context={"periods": selectors.pay_periods(), "corrections": selectors.corrections_waiting()},
        message=lambda p: f"The pay period {p} has been sent to payroll and is now locked.",
        success_url=lambda p: reverse("hours:pay_period", args=[p.pk]),
    )


@login_required
def pay_period(request, period_id: int):
    require(request.user, "hours.approve")
    period = get_or_404(selectors.pay_periods(), period_id)
    fmt = request.GET.get("format")
    if fmt in spreadsheets.FORMATS:
        audit.viewed(action="hours.payroll.downloaded", obj=period)
        return spreadsheets.response(
            f"payroll-{period.starts_on}-{period.ends_on}",
            selectors.PAYROLL_HEADERS,
            selectors.payroll_rows(period),
            fmt=fmt,
            title="Payroll",
        )
    lines = period.lines.select_related("coach", "timesheet").order_by("coach__last_name", "timesheet__week_starts")
    return render(request, "hours/pay_period.html", {"period": period, "lines": lines})


@login_required
def hours_settings(request):
    require(request.user, "hours.approve")
    current = selectors.hours_settings(request.user.organisation)
    form = SettingsForm(posted(request), instance=current)
    return form_page(
        request,
        form,
        save=lambda: services.settings_save(organisation=request.user.organisation, values=form.cleaned_data),
        template="hours/settings_form.html",
        message=lambda s: "Saved. The home page follows the new settings now.",
        success_url=lambda s: reverse("hours:settings"),
    )
