from __future__ import annotations

import datetime
from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST
from django_scopes import scope

from core import archiving, public_forms
from core.access import get_or_404
from core.exceptions import StaleEditError
from core.views import form_page, int_or_none, paginate, posted, render_list, save_form
from organisations.models import Organisation, Programme
from organisations.permissions import can, require

from . import selectors, services
from .forms import (
    AgencyMeetingForm,
    ClientForm,
    CoachForm,
    ConsentForm,
    ProfessionalForm,
    RiskAssessmentForm,
    SelfReferralForm,
    SignInForm,
    StaffForm,
)
from .forms import ConsentWithdrawForm as WithdrawForm
from .models import Client, Coach, Consent, SelfReferral

SAVED = "Your changes have been saved."


def _statuses(user, choices, capability: str) -> list[tuple[str, str]]:
    # "Archived" is a filter only for those who may see archived records.
    return [*choices, (selectors.ARCHIVED, "Archived")] if can(user, capability) else list(choices)


def _archive_page(request, person, *, kind: str, archive, detail_url: str, list_url: str):
    """Confirm, then archive. The page says beforehand what stops it and what is kept; a refusal
    comes back to the record with every reason."""
    if request.method == "POST":
        try:
            archive()
        except ValidationError as error:
            messages.error(request, f"{person}'s record cannot be archived yet. " + " ".join(error.messages))
            return redirect(detail_url)
        messages.success(request, f"{person}'s record has been archived. It can be restored from the archived list.")
        return redirect(list_url)
    context = {
        "person": person,
        "kind": kind,
        "reasons": archiving.reasons(person),
        "kept": archiving.kept(person),
        "detail_url": detail_url,
    }
    return render(request, "people/person_confirm_archive.html", context)


def _restore(request, person, *, restore, detail_url: str):
    try:
        restore()
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"{person}'s record has been restored.")
    return redirect(detail_url)


# --- clients ---------------------------------------------------------------------------------


@login_required
def client_list(request):
    search = request.GET.get("q", "").strip()[:100]
    programme_id = int_or_none(request.GET.get("programme"))
    statuses = _statuses(request.user, Client.Status.choices, "clients.edit")
    status = request.GET.get("status", "") if request.GET.get("status") in dict(statuses) else ""
    clients = selectors.client_list(user=request.user, search=search, programme_id=programme_id, status=status)
    page = paginate(request, clients)
    services.clients_listed(
        user=request.user,
        filters={"q": search, "programme": programme_id, "status": status, "page": page.number},
        rows=len(page.object_list),
        total=page.paginator.count,
    )
    context = {
        "page": page,
        "search": search,
        "programme_id": programme_id,
        "status": status,
        "statuses": statuses,
        "programmes": Programme.objects.all() if can(request.user, "programmes.view") else [],
    }
    return render_list(request, "people/client_list.html", context)


@login_required
def client_detail(request, client_id: int):
    client = selectors.get_client_for_user(request.user, client_id, archived=True)
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
        "today": timezone.localdate(),
        "consents": selectors.client_consents(client) if can(request.user, "clients.view") else [],
        "professionals": selectors.professionals_for(request.user, client),
        "agency_meetings": selectors.agency_meetings_of(client) if can(request.user, "professionals.view") else [],
        **_risk_context(request.user, client),
    }
    return render(request, template, context)


def _risk_context(user, client) -> dict:
    if not can(user, "risk.view"):
        return {}
    return {
        "show_risk": True,
        "risk": selectors.latest_risk_assessment(client),
        "can_review_risk": can(user, "risk.edit"),
    }


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
    """Archive a client (the URL keeps its old name). Nobody deletes a person by an ordinary action."""
    client = selectors.get_client_for_user(request.user, client_id, write=True)
    return _archive_page(
        request,
        client,
        kind="client",
        archive=lambda: services.client_archive(client=client),
        detail_url=reverse("people:client_detail", args=[client.pk]),
        list_url=reverse("people:client_list"),
    )


@login_required
@require_POST
def client_restore(request, client_id: int):
    client = selectors.get_client_for_user(request.user, client_id, write=True, archived=True)
    detail_url = reverse("people:client_detail", args=[client.pk])
    return _restore(request, client, restore=lambda: services.client_restore(client=client), detail_url=detail_url)


def _status_change(request, client_id: int, change):
    """A coordinator's button on the client page: one service, with the version the page showed."""
    client = selectors.get_client_for_user(request.user, client_id, write=True)
    version = int_or_none(request.POST.get("version")) or client.version
    try:
        change(client=client, expected_version=version)
    except StaleEditError as error:
        messages.error(request, error.message)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"{client} is now: {client.get_status_display().lower()}.")
    return redirect("people:client_detail", client.pk)


@login_required
@require_POST
def client_withdraw(request, client_id: int):
    return _status_change(request, client_id, services.client_withdraw)


@login_required
@require_POST
def client_rejoin(request, client_id: int):
    return _status_change(request, client_id, services.client_rejoin_waiting_list)


# --- a client's home-visit risk assessment ----------------------------------------------------


@login_required
def client_risk(request, client_id: int):
    """The latest risk assessment in full, and the earlier ones. Each look is audited."""
    require(request.user, "risk.view")
    client = selectors.get_client_for_user(request.user, client_id)
    assessments = list(selectors.risk_assessments_of(client))
    if assessments:
        services.risk_assessment_viewed(assessment=assessments[0])
    context = {
        "client": client,
        "assessment": assessments[0] if assessments else None,
        "earlier": assessments[1:],
        "today": timezone.localdate(),
    }
    return render(request, "people/risk_assessment.html", context)


@login_required
def client_risk_create(request, client_id: int):
    require(request.user, "risk.edit")
    client = selectors.get_client_for_user(request.user, client_id)
    latest = selectors.latest_risk_assessment(client)
    initial = {"assessed_on": timezone.localdate()}
    if latest and request.method == "GET":
        services.risk_assessment_viewed(assessment=latest)
        initial |= {name: getattr(latest, name) for name in services.RISK_FIELDS if name not in initial}
        initial.pop("review_by")
    form = RiskAssessmentForm(request.POST or None, initial=initial)
    return form_page(
        request,
        form,
        save=lambda: services.risk_assessment_record(client=client, **form.values()),
        template="people/risk_assessment_form.html",
        context={"client": client, "reviewing": latest is not None},
        message=lambda a: f"Risk assessment saved. Review it by {a.review_by:%-d %b %Y}.",
        success_url=lambda _: reverse("people:client_risk", args=[client.pk]),
    )


# --- coaches ---------------------------------------------------------------------------------


@login_required
def coach_list(request):
    search = request.GET.get("q", "").strip()[:100]
    statuses = _statuses(request.user, Coach.Status.choices, "coaches.edit")
    status = request.GET.get("status", "") if request.GET.get("status") in dict(statuses) else ""
    coaches = selectors.coach_list(user=request.user, search=search, status=status)
    context = {"page": paginate(request, coaches), "search": search, "status": status, "statuses": statuses}
    return render_list(request, "people/coach_list.html", context)


@login_required
def coach_detail(request, coach_id: int):
    coach = selectors.get_coach_for_user(request.user, coach_id, archived=True)
    # A coach's page holds their lived experience in their own words: as sensitive as a client's.
    services.coach_viewed(coach=coach)
    context = {
        "coach": coach,
        "history": selectors.record_history(coach) if can(request.user, "coaches.view") else [],
        "can_edit": can(request.user, "coaches.edit"),
        "open_break": selectors.coach_open_break(coach),
        "today": timezone.localdate(),
    }
    return render(request, "people/coach_detail.html", context)


@login_required
@require_POST
def coach_back(request, coach_id: int):
    """The coach is back before the end of their break."""
    coach = selectors.get_coach_for_user(request.user, coach_id, write=True)
    coach_break = selectors.coach_open_break(coach)
    if coach_break is None:
        messages.error(request, f"{coach} is not on a break.")
    else:
        services.coach_break_end(coach_break=coach_break)
        messages.success(
            request, f"{coach} is back from their break. Restart each paused relationship when they are ready."
        )
    return redirect("people:coach_detail", coach.pk)


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
    """Archive a coach (the URL keeps its old name)."""
    coach = selectors.get_coach_for_user(request.user, coach_id, write=True)
    return _archive_page(
        request,
        coach,
        kind="coach",
        archive=lambda: services.coach_archive(coach=coach),
        detail_url=reverse("people:coach_detail", args=[coach.pk]),
        list_url=reverse("people:coach_list"),
    )


@login_required
@require_POST
def coach_restore(request, coach_id: int):
    coach = selectors.get_coach_for_user(request.user, coach_id, write=True, archived=True)
    detail_url = reverse("people:coach_detail", args=[coach.pk])
    return _restore(request, coach, restore=lambda: services.coach_restore(coach=coach), detail_url=detail_url)


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
    archived = request.GET.get("archived") == "1" and can(request.user, "staff.edit")
    staff = selectors.staff_list(user=request.user, search=search, archived=archived)
    context = {
        "page": paginate(request, staff),
        "search": search,
        "archived": archived,
        "can_edit": can(request.user, "staff.edit"),
    }
    return render_list(request, "people/staff_list.html", context)


@login_required
def staff_detail(request, staff_id: int):
    staff = selectors.get_staff_member_for_user(request.user, staff_id, archived=True)
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


@login_required
def staff_archive(request, staff_id: int):
    """Archive a member of staff: their sign-in stops working and their record is kept."""
    staff = selectors.get_staff_member_for_user(request.user, staff_id, write=True)
    return _archive_page(
        request,
        staff,
        kind="staff",
        archive=lambda: services.staff_archive(staff=staff),
        detail_url=reverse("people:staff_detail", args=[staff.pk]),
        list_url=reverse("people:staff_list"),
    )


@login_required
@require_POST
def staff_restore(request, staff_id: int):
    staff = selectors.get_staff_member_for_user(request.user, staff_id, write=True, archived=True)
    detail_url = reverse("people:staff_detail", args=[staff.pk])
    return _restore(request, staff, restore=lambda: services.staff_restore(staff=staff), detail_url=detail_url)


# --- self-referral: the public form, and the coordinator's list ------------------------------

# Per address: a handful of tries an hour, and at most three referrals a day.
ATTEMPTS_PER_HOUR = 10
REFERRALS_PER_DAY = 3
MAX_BODY_BYTES = 40_000


def _public_programme(slug: str, programme_id: int) -> Programme:
    organisation = get_object_or_404(Organisation, slug=slug)
    with scope(organisation=organisation.pk):
        return get_or_404(
            Programme.objects.select_related("organisation").exclude(status=Programme.Status.CLOSED), programme_id
        )


def self_refer(request, slug: str, programme_id: int):
    """The public self-referral form of a programme: no sign-in, protected as the coach
    application form is (core.public_forms)."""
    programme = _public_programme(slug, programme_id)
    context = {"programme": programme, "organisation": programme.organisation}
    if request.method == "POST" and len(request.body) > MAX_BODY_BYTES:
        return render(request, "people/self_refer_refused.html", {**context, "reason": "too_big"}, status=413)
    with scope(organisation=programme.organisation_id):
        form = SelfReferralForm(posted(request))
        if request.method == "POST":
            source = public_forms.source_hash(request)
            day_ago = timezone.now() - datetime.timedelta(days=1)
            if public_forms.too_many(
                key=f"self-refer-attempts:{source}",
                attempts_per_hour=ATTEMPTS_PER_HOUR,
                sent_today=SelfReferral.objects.filter(source_hash=source, created_at__gte=day_ago).count(),
                per_day=REFERRALS_PER_DAY,
            ):
                return render(request, "people/self_refer_refused.html", {**context, "reason": "too_many"}, status=429)
            submit = partial(services.self_referral_submit, programme=programme, source_hash=source, form_token="")
            if save_form(form, lambda: submit(**{**form.values(), "form_token": form.cleaned_data["started"]})):
                return redirect("people:self_refer_thanks", slug=slug, programme_id=programme.pk)
        return render(request, "people/self_refer.html", {**context, "form": form})


def self_refer_thanks(request, slug: str, programme_id: int):
    programme = _public_programme(slug, programme_id)
    return render(
        request, "people/self_refer_thanks.html", {"programme": programme, "organisation": programme.organisation}
    )


@login_required
def self_referral_list(request):
    referrals = selectors.self_referrals_waiting(request.user)
    return render(request, "people/self_referral_list.html", {"page": paginate(request, referrals)})


@login_required
def self_referral_detail(request, referral_id: int):
    referral = selectors.get_self_referral_for_user(request.user, referral_id)
    services.self_referral_viewed(referral=referral)
    context = {
        "referral": referral,
        "can_edit": can(request.user, "clients.edit"),
        "consent_labels": [dict(Consent.Purpose.choices).get(c, c) for c in referral.consents],
    }
    return render(request, "people/self_referral_detail.html", context)


@login_required
@require_POST
def self_referral_accept(request, referral_id: int):
    referral = selectors.get_self_referral_for_user(request.user, referral_id, write=True)
    try:
        client = services.self_referral_accept(referral=referral)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("people:self_referral_detail", referral.pk)
    messages.success(request, f"{client} is on the waiting list for {referral.programme}.")
    return redirect("people:client_detail", client.pk)


@login_required
@require_POST
def self_referral_decline(request, referral_id: int):
    referral = selectors.get_self_referral_for_user(request.user, referral_id, write=True)
    try:
        services.self_referral_decline(referral=referral)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"{referral}'s self-referral was declined. Let them know, and where else to go.")
    return redirect("people:self_referral_list")


# --- consent ---------------------------------------------------------------------------------


@login_required
def consent_create(request, client_id: int):
    client = selectors.get_client_for_user(request.user, client_id, write=True)
    form = ConsentForm(posted(request), initial={"given_on": timezone.localdate()})
    return form_page(
        request,
        form,
        save=lambda: services.consent_record(client=client, **form.values()),
        template="people/consent_form.html",
        context={"client": client},
        message=lambda consent: f"Recorded: {consent.get_purpose_display().lower()}.",
        success_url=lambda _: reverse("people:client_detail", args=[client.pk]) + "#consent",
    )


@login_required
def consent_withdraw(request, consent_id: int):
    consent = selectors.get_consent_for_user(request.user, consent_id)
    form = WithdrawForm(posted(request), initial={"withdrawn_on": timezone.localdate()})
    return form_page(
        request,
        form,
        save=lambda: services.consent_withdraw(consent=consent, **form.cleaned_data),
        template="people/consent_withdraw.html",
        context={"client": consent.client, "consent": consent},
        message=lambda _: f"Withdrawn: {consent.get_purpose_display().lower()}.",
        success_url=lambda _: reverse("people:client_detail", args=[consent.client_id]) + "#consent",
    )


# --- the professionals around a client -------------------------------------------------------


def _client_url(client_id: int, anchor: str = "professionals") -> str:
    return reverse("people:client_detail", args=[client_id]) + f"#{anchor}"


@login_required
def professional_create(request, client_id: int):
    require(request.user, "professionals.edit")
    client = selectors.get_client_for_user(request.user, client_id)
    form = ProfessionalForm(posted(request))
    return form_page(
        request,
        form,
        save=lambda: services.professional_add(client=client, **form.changed_values()),
        template="people/professional_form.html",
        context={"client": client},
        message=lambda p: f"{p.name} added.",
        success_url=lambda _: _client_url(client.pk),
    )


@login_required
def professional_edit(request, professional_id: int):
    professional = selectors.get_professional_for_user(request.user, professional_id, write=True)
    form = ProfessionalForm(posted(request), instance=professional)
    return form_page(
        request,
        form,
        save=lambda: services.professional_update(
            professional=professional, expected_version=form.expected_version(), **form.changed_values()
        ),
        template="people/professional_form.html",
        context={"client": professional.client, "professional": professional},
        message=lambda _: SAVED,
        success_url=lambda _: _client_url(professional.client_id),
    )


@login_required
def agency_meeting_create(request, client_id: int):
    require(request.user, "professionals.edit")
    client = selectors.get_client_for_user(request.user, client_id)
    form = AgencyMeetingForm(posted(request), client=client, initial={"held_on": timezone.localdate()})
    return form_page(
        request,
        form,
        save=lambda: services.agency_meeting_record(client=client, **form.cleaned_data),
        template="people/agency_meeting_form.html",
        context={"client": client},
        message=lambda _: "Multi-agency meeting recorded.",
        success_url=lambda _: _client_url(client.pk),
    )
