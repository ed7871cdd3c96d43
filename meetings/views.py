"""Meeting and safety pages. Thin: an access helper, one service, a template."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe
from django_scopes import scope

from core import audit
from core.views import form_page, posted, save_form
from journeys.selectors import get_relationship_for_user
from organisations.permissions import can, require
from people.selectors import current_risk_assessment, get_client_for_user

from . import calendars, safeguarding, selectors, services
from .forms import (
    CantMakeItForm,
    ConcernActionForm,
    ConcernCloseForm,
    ConcernForm,
    ContactForm,
    DebriefForm,
    HelpForm,
    HomeAddressForm,
    LeadForm,
    MeetingForm,
    RecordForm,
    RemindersForm,
    ResolveForm,
    ShiftForm,
)
from .models import HomeAddress, Meeting, SafeguardingLead


def _meeting_url(meeting) -> str:
    return reverse("meetings:meeting_detail", args=[meeting.pk])


@login_required
def meeting_create(request, relationship_id: int):
    relationship = get_relationship_for_user(request.user, relationship_id, write=True, capability="meetings.edit")
    form = MeetingForm(posted(request))

    def message(meeting):
        if meeting.lone_working and not services.on_call_at(meeting.starts_at):
            messages.warning(
                request,
                "Nobody is on call at that time. Ask your coordinator to add someone to the rota before you go.",
            )
        if meeting.place_kind == Meeting.Place.HOME and not current_risk_assessment(relationship.client):
            messages.warning(
                request, f"There is no current risk assessment for visiting {relationship.client} at home."
            )
        return f"Meeting planned for {meeting.starts_at:%-d %b at %H:%M}."

    return form_page(
        request,
        form,
        save=lambda: services.meeting_schedule(relationship=relationship, **form.changed_values()),
        template="meetings/meeting_form.html",
        context={"relationship": relationship},
        message=message,
        success_url=_meeting_url,
    )


@login_required
def meeting_detail(request, meeting_id: int):
    meeting = selectors.get_meeting_for_user(request.user, meeting_id)
    audit.viewed(action="meetings.meeting.viewed", obj=meeting)
    shift = services.on_call_at(meeting.starts_at)
    context = {
        "meeting": meeting,
        "relationship": meeting.relationship,
        "on_call": shift,
        "is_coach": can(request.user, "meetings.own"),
        "is_client": can(request.user, "relationships.view_as_client"),
        "now": timezone.now(),
        "can_edit": can(request.user, "meetings.edit"),
        "alerts": meeting.alerts.select_related("recipient") if can(request.user, "alerts.view") else [],
        "help_form": HelpForm(),
        "help": selectors.help_status(meeting) if can(request.user, "meetings.own") else None,
    }
    if request.htmx and context["help"] is not None:
        # The coach's screen asks every few seconds whether someone has seen the alert.
        return render(request, "meetings/meeting_detail.html#help-status", context)
    return render(request, "meetings/meeting_detail.html", context)


@login_required
def meeting_cant_make_it(request, meeting_id: int):
    """The client's "I can't make it": a question first, then the service on the answer (sent
    twice, it cancels once and the second send goes where the first went)."""
    meeting = selectors.meeting_for_client(request.user, meeting_id)
    client = selectors.own_person(request.user)
    coach = next((p.first_name for p in meeting.people() if p.coach_id), "your coach")
    form = CantMakeItForm(posted(request))
    return form_page(
        request,
        form,
        save=lambda: services.meeting_cant_make_it(meeting=meeting, client=client),
        template="meetings/cant_make_it.html",
        context={"meeting": meeting, "coach": coach},
        message=lambda _: (
            f"Thank you for telling us. We have let {coach} know, so they can find another time with you."
        ),
        success_url=lambda _: reverse("home"),
    )


@login_required
def meeting_record(request, meeting_id: int):
    meeting = selectors.get_meeting_for_user(request.user, meeting_id, write=True)
    form = RecordForm(posted(request), instance=meeting)
    return form_page(
        request,
        form,
        save=lambda: services.meeting_update(
            meeting=meeting,
            expected_version=form.expected_version(),
            interventions=list(form.cleaned_data["interventions"]),
            **form.changed_values(),
        ),
        template="meetings/record_form.html",
        context={"meeting": meeting},
        message=lambda _: "The meeting has been recorded.",
        success_url=lambda _: (
            reverse("journeys:relationship_detail", args=[meeting.relationship_id])
            if meeting.relationship_id
            else _meeting_url(meeting)
        ),
    )


@login_required
@require_POST
def meeting_arrived(request, meeting_id: int):
    meeting = selectors.get_meeting_for_user(request.user, meeting_id, own=True)
    services.meeting_arrived(meeting=meeting)
    messages.success(request, "Arrival recorded. Tap “I've left, I'm safe” when you leave.")
    return redirect(_meeting_url(meeting))


@login_required
@require_POST
def meeting_left(request, meeting_id: int):
    meeting = selectors.get_meeting_for_user(request.user, meeting_id, own=True)
    services.meeting_left(meeting=meeting)
    messages.success(request, "Thank you. You are checked out and safe.")
    return redirect("meetings:debrief", meeting.pk)


@login_required
@require_POST
def meeting_help(request, meeting_id: int):
    meeting = selectors.get_meeting_for_user(request.user, meeting_id, own=True)
    form = HelpForm(request.POST)
    location = form.cleaned_data["location"] if form.is_valid() else ""
    alert = services.help_now(meeting=meeting, location=location)
    who = alert.recipient.display_name() if alert.recipient else "the office"
    messages.error(request, f"Help is on its way: we are alerting {who} now. If you are in danger, call 999.")
    return redirect(_meeting_url(meeting))


# --- alerts and the rota ---------------------------------------------------------------------


@login_required
def alert_list(request):
    context = {"alerts": selectors.open_alerts(request.user), "resolved": selectors.recent_resolved(request.user)}
    return render(request, "meetings/alert_list.html", context)


@login_required
@require_POST
def alert_acknowledge(request, alert_id: int):
    alert = selectors.get_alert_for_user(request.user, alert_id)
    services.alert_acknowledge(alert=alert, by=request.user)
    messages.success(request, "Acknowledged. Resolve it with a note once you know the coach is safe.")
    return redirect("meetings:alert_list")


@login_required
def alert_resolve(request, alert_id: int):
    alert = selectors.get_alert_for_user(request.user, alert_id)
    form = ResolveForm(posted(request))
    return form_page(
        request,
        form,
        save=lambda: services.alert_resolve(alert=alert, by=request.user, **form.cleaned_data),
        template="meetings/resolve_form.html",
        context={"alert": alert},
        message=lambda _: "The alert is resolved.",
        success_url=lambda _: reverse("meetings:alert_list"),
    )


def _rota_page(request, *, shift_form=None, contact_form=None):
    """The rota, with a refused shift or contact shown again beside its fields."""
    organisation = request.user.organisation
    context = {
        **selectors.rota(),
        "shift_form": shift_form or ShiftForm(organisation=organisation),
        "contact_form": contact_form or ContactForm(organisation=organisation),
    }
    return render(request, "meetings/rota.html", context)


@login_required
@require_safe
def rota(request):
    """The page only shows; a shift and an escalation contact each post to their own view below."""
    require(request.user, "on_call.edit")
    return _rota_page(request)


@login_required
@require_POST
def shift_add(request):
    require(request.user, "on_call.edit")
    organisation = request.user.organisation
    form = ShiftForm(request.POST, organisation=organisation)
    if save_form(form, lambda: services.shift_add(organisation=organisation, **form.cleaned_data)):
        messages.success(request, "On-call shift added.")
        return redirect("meetings:rota")
    return _rota_page(request, shift_form=form)


@login_required
@require_POST
def escalation_add(request):
    require(request.user, "on_call.edit")
    organisation = request.user.organisation
    form = ContactForm(request.POST, organisation=organisation)
    if save_form(form, lambda: services.escalation_add(organisation=organisation, **form.cleaned_data)):
        messages.success(request, "Added to the escalation list.")
        return redirect("meetings:rota")
    return _rota_page(request, contact_form=form)


@login_required
def debrief(request, meeting_id: int):
    meeting = selectors.get_meeting_for_user(request.user, meeting_id, own=True)
    form = DebriefForm(posted(request))
    return form_page(
        request,
        form,
        save=lambda: services.debrief_record(meeting=meeting, **form.cleaned_data),
        template="meetings/debrief_form.html",
        context={"meeting": meeting},
        message=lambda d: "Thank you. Someone will call you soon." if d.call_me else "Thank you for the debrief.",
        success_url=lambda _: _meeting_url(meeting),
    )


@login_required
@require_POST
def follow_up_done(request, follow_up_id: int):
    follow_up = selectors.get_follow_up_for_user(request.user, follow_up_id)
    services.follow_up_done(follow_up=follow_up, by=request.user, note=request.POST.get("note", "")[:500])
    messages.success(request, f"Follow-up with {follow_up.coach.first_name} marked done.")
    return redirect("home")


# --- safeguarding ----------------------------------------------------------------------------


@login_required
def concern_raise(request, client_id: int):
    require(request.user, "safeguarding.raise")
    client = get_client_for_user(request.user, client_id)
    meeting_id = request.GET.get("meeting") or request.POST.get("meeting")
    meeting = None
    if meeting_id and str(meeting_id).isdigit():
        meeting = selectors.meetings_visible_to(request.user).filter(pk=meeting_id, relationship__client=client).first()
    form = ConcernForm(posted(request))
    return form_page(
        request,
        form,
        save=lambda: safeguarding.concern_raise(client=client, meeting=meeting, **form.cleaned_data),
        template="meetings/concern_form.html",
        context={"client": client, "meeting": meeting},
        message=lambda _: "Thank you. The safeguarding lead has been told and will act on it.",
        # Someone who cannot read concerns sees the one they raised, to know it was received.
        success_url=lambda concern: (
            reverse("people:client_detail", args=[client.pk])
            if can(request.user, "safeguarding.view")
            else reverse("meetings:my_concern", args=[concern.pk])
        ),
    )


@login_required
def home_address(request, client_id: int):
    require(request.user, "clients.edit")
    client = get_client_for_user(request.user, client_id)
    held = HomeAddress.objects.filter(client=client).first()
    form = HomeAddressForm(posted(request), initial={"address": held.address if held else ""})
    return form_page(
        request,
        form,
        save=lambda: services.home_address_set(client=client, **form.cleaned_data),
        template="meetings/home_address_form.html",
        context={"client": client},
        message=lambda held: "The home address is saved." if held.address else "The home address is removed.",
        success_url=lambda _: reverse("people:client_detail", args=[client.pk]),
    )


@login_required
@require_safe
def my_concerns(request):
    concerns = safeguarding.concerns_raised_by(request.user)
    return render(request, "meetings/my_concerns.html", {"concerns": concerns})


@login_required
@require_safe
def my_concern(request, concern_id: int):
    """What the person wrote and that it was received; not the leads' actions or the closure."""
    concern = safeguarding.get_own_concern_for_user(request.user, concern_id)
    audit.viewed(action="meetings.concern.viewed_by_raiser", obj=concern)
    return render(request, "meetings/my_concern.html", {"concern": concern})


@login_required
def concern_list(request):
    concerns = safeguarding.concerns_for(request.user)
    return render(request, "meetings/concern_list.html", {"concerns": concerns})


def _concern_page(request, concern, *, action_form=None, close_form=None):
    """The concern, with a refused action or closure shown again beside its fields."""
    context = {
        "concern": concern,
        "action_form": action_form or ConcernActionForm(),
        "close_form": close_form or ConcernCloseForm(),
    }
    return render(request, "meetings/concern_detail.html", context)


@login_required
@require_safe
def concern_detail(request, concern_id: int):
    """The page only shows (and audits the look); an action and the closure post to their own views."""
    concern = safeguarding.get_concern_for_user(request.user, concern_id)
    audit.viewed(action="meetings.concern.viewed", obj=concern)
    return _concern_page(request, concern)


def _open_concern(request, concern_id: int):
    """The concern to add to, or None (with the reason said) once it is closed."""
    concern = safeguarding.get_concern_for_user(request.user, concern_id)
    if concern.closed_at:
        messages.error(request, "This concern is closed, so nothing more can be added.")
        return None
    return concern


@login_required
@require_POST
def concern_act(request, concern_id: int):
    concern = _open_concern(request, concern_id)
    if concern is None:
        return redirect("meetings:concern_detail", concern_id)
    form = ConcernActionForm(request.POST)
    if save_form(form, lambda: safeguarding.concern_act(concern=concern, **form.cleaned_data)):
        messages.success(request, "Action recorded.")
        return redirect("meetings:concern_detail", concern.pk)
    return _concern_page(request, concern, action_form=form)


@login_required
@require_POST
def concern_close(request, concern_id: int):
    concern = _open_concern(request, concern_id)
    if concern is None:
        return redirect("meetings:concern_detail", concern_id)
    form = ConcernCloseForm(request.POST)
    if save_form(form, lambda: safeguarding.concern_close(concern=concern, **form.cleaned_data)):
        messages.success(request, "The concern is closed.")
        return redirect("meetings:concern_detail", concern.pk)
    return _concern_page(request, concern, close_form=form)


@login_required
def safeguarding_leads(request):
    require(request.user, "safeguarding.leads.edit")
    form = LeadForm(posted(request), organisation=request.user.organisation)
    if request.method == "POST" and save_form(
        form, lambda: safeguarding.lead_add(organisation=request.user.organisation, **form.cleaned_data)
    ):
        messages.success(request, "Safeguarding lead added.")
        return redirect("meetings:safeguarding_leads")
    leads = SafeguardingLead.objects.select_related("staff")
    return render(request, "meetings/leads.html", {"form": form, "leads": leads})


# --- calendars and reminders -----------------------------------------------------------------


@login_required
def meeting_ics(request, meeting_id: int):
    meeting = selectors.get_meeting_for_user(request.user, meeting_id)
    body = calendars.as_ics([meeting], request.user, name="Alongside meeting")
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="meeting-{meeting.starts_at:%Y-%m-%d}.ics"'
    return response


def calendar_feed(request, token: str):
    """A person's meetings for their calendar app. No sign-in: the secret address is the key."""
    feed = calendars.feed_for_token(token)
    if feed is None:
        raise Http404("No such calendar")
    with scope(organisation=feed.organisation_id):
        # A person's feed is the meetings they take part in, whatever owns them.
        meetings = calendars.feed_meetings(feed.user, selectors.meetings_taken_part_in(feed.user))
        body = calendars.as_ics(meetings, feed.user, name=f"Alongside: {feed.user.organisation.name}")
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, max-age=900"
    return response


def _calendar_page(request, *, form=None):
    person = selectors.own_person(request.user)
    feed = calendars.live_feed(request.user)
    context = {
        "feed": feed,
        "feed_url": calendars.feed_url(feed) if feed else "",
        "form": form or RemindersForm(initial={"meeting_reminders": person.meeting_reminders}),
        "person": person,
        "has_email": bool(person.email or request.user.email),
    }
    return render(request, "meetings/my_calendar.html", context)


@login_required
@require_safe
def my_calendar(request):
    """The coach's or client's own calendar address and reminder setting. The page only shows;
    making, stopping the address and the reminder setting each post to their own view below."""
    return _calendar_page(request)


@login_required
@require_POST
def calendar_address_issue(request):
    selectors.own_person(request.user)  # coaches and clients only
    calendars.feed_issue(user=request.user)
    messages.success(request, "Your calendar address is ready. Copy it into your calendar app.")
    return redirect("meetings:my_calendar")


@login_required
@require_POST
def calendar_address_revoke(request):
    selectors.own_person(request.user)
    calendars.feed_revoke(user=request.user)
    messages.success(request, "Your calendar address no longer works. Your calendar app will stop updating.")
    return redirect("meetings:my_calendar")


@login_required
@require_POST
def calendar_reminders(request):
    person = selectors.own_person(request.user)
    form = RemindersForm(request.POST)
    if save_form(form, lambda: services.reminders_set(person=person, wanted=form.cleaned_data["meeting_reminders"])):
        wanted = form.cleaned_data["meeting_reminders"]
        messages.success(request, "Reminders are on." if wanted else "Reminders are off. We will not email you.")
        return redirect("meetings:my_calendar")
    return _calendar_page(request, form=form)
