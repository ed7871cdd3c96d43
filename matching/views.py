"""Matching pages: the waiting list, one client's suggestions, profiles and the weights."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from core import audit
from core.exceptions import StaleEditError
from core.views import form_page, int_or_none, posted, render_list, save_form
from organisations.models import Programme
from organisations.permissions import can, require
from people.selectors import get_client_for_user, get_coach_for_user
from recruitment.models import MatchingExclusion

from . import selectors, services
from .forms import (
    ClientProfileForm,
    CoachProfileForm,
    ConnectionForm,
    DeclineForm,
    IntroVisitForm,
    PairForm,
    WeightsForm,
)
from .models import KnownConnection


@login_required
@require_safe
def waiting_list(request):
    programmes = Programme.objects.filter(status=Programme.Status.OPEN).order_by("name")
    programme_id = int_or_none(request.GET.get("programme"))
    wait = request.GET.get("wait", "") if request.GET.get("wait") in dict(selectors.WAITS) else ""
    nobody = request.GET.get("nobody") == "1"
    page = selectors.waiting_list(
        request.user, programme_id=programme_id, weeks=int_or_none(wait), only_nobody_suits=nobody,
        page=request.GET.get("page"),
    )  # fmt: skip
    # Many clients at once: one entry saying who read the list, with which filter, and how many rows.
    audit.listed(
        action="matching.waiting_list.listed",
        organisation_id=request.user.organisation_id,
        filters={"programme": programme_id, "wait": wait, "nobody": nobody or None, "page": page.number},
        rows=len(page.object_list),
        total=page.paginator.count,
    )
    context = {
        "page": page,
        "programmes": programmes,
        "can_bulk": can(request.user, "matching.edit"),
        "programme_id": programme_id,
        "wait": wait,
        "waits": selectors.WAITS,
        "nobody": nobody,
    }
    return render_list(request, "matching/waiting_list.html", context)


@login_required
@require_safe
def suggestions(request, client_id: int):
    """The page only shows; sharing and pairing each post to their own view below."""
    client, match, result = selectors.suggestions_page(request.user, client_id)
    # The page shows the client's circumstances beside each coach's fit.
    audit.viewed(action="matching.suggestions.viewed", obj=client)
    context = {
        "client": client,
        "match": match,
        "result": result,
        "can_pair": can(request.user, "matching.edit"),
        "connections": KnownConnection.objects.filter(client=client).select_related("coach"),
        "offer": selectors.latest_offer(client),
        "shareable": selectors.shareable_ids([c.coach_id for c in result.candidates]),
    }
    return render(request, "matching/suggestions.html", context)


def _client_to_match(request, client_id: int):
    require(request.user, "matching.edit")
    return get_client_for_user(request.user, client_id)


@login_required
@require_POST
def suggestions_share(request, client_id: int):
    client = _client_to_match(request, client_id)
    ids = [int(x) for x in request.POST.getlist("share") if x.isdigit()]
    try:
        services.offer_share(client=client, coach_ids=ids, by=request.user)
        messages.success(request, f"Shared with {client.first_name}. They can choose on their phone.")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("matching:suggestions", client.pk)


@login_required
@require_POST
def suggestions_pair(request, client_id: int):
    client = _client_to_match(request, client_id)
    form = PairForm(request.POST)
    relationship = save_form(
        form,
        lambda: services.pair_from_suggestion(
            client=client, coach_id=form.cleaned_data["coach"], started_on=timezone.localdate()
        ),
    )
    if relationship is None:
        messages.error(request, " ".join(form.non_field_errors()) or "Choose a coach from the suggestions.")
        return redirect("matching:suggestions", client.pk)
    messages.success(
        request,
        f"{client.first_name} and {relationship.coach.first_name} are getting to know each other. "
        "Arrange the introductory visits.",
    )
    return redirect("journeys:relationship_detail", relationship.pk)


def _client_profile_page(request, client, profile, *, form=None, connection_form=None):
    """The client's matching details, with a refused save or connection shown again beside its fields."""
    context = {
        "client": client,
        "form": form or ClientProfileForm(instance=profile),
        "connection_form": connection_form or ConnectionForm(),
        "connections": KnownConnection.objects.filter(client=client).select_related("coach"),
    }
    return render(request, "matching/client_profile.html", context)


@login_required
def client_profile(request, client_id: int):
    """The page and its own form, the matching details; a known connection posts to connection_add."""
    client = _client_to_match(request, client_id)
    profile = services.client_profile_for(client)
    if request.method != "POST":
        # A client's circumstances and what they want from a coach: as sensitive as their record.
        audit.viewed(action="matching.client_profile.viewed", obj=client)
        return _client_profile_page(request, client, profile)
    form = ClientProfileForm(request.POST, instance=profile)
    if save_form(
        form,
        lambda: services.profile_update(
            profile=profile, expected_version=form.expected_version(), **form.changed_values()
        ),
    ):
        messages.success(request, f"Matching details for {client.first_name} saved.")
        return redirect("matching:suggestions", client.pk)
    return _client_profile_page(request, client, profile, form=form)


@login_required
@require_POST
def connection_add(request, client_id: int):
    client = _client_to_match(request, client_id)
    form = ConnectionForm(request.POST)
    if save_form(form, lambda: services.connection_add(client=client, **form.cleaned_data)):
        messages.success(request, "Recorded. They will never be matched.")
        return redirect("matching:client_profile", client.pk)
    return _client_profile_page(request, client, services.client_profile_for(client), connection_form=form)


@login_required
@require_POST
def connection_remove(request, connection_id: int):
    connection = selectors.get_connection_for_user(request.user, connection_id)
    client_id = connection.client_id
    services.connection_remove(connection=connection)
    messages.success(request, "Removed.")
    return redirect("matching:client_profile", client_id)


def _coach_to_match(request, coach_id: int):
    require(request.user, "matching.edit")
    return get_coach_for_user(request.user, coach_id)


@login_required
def coach_profile(request, coach_id: int):
    """The page and its own form, the matching details; the exclusions post to exclusions_save."""
    coach = _coach_to_match(request, coach_id)
    profile = services.coach_profile_for(coach)
    if request.method != "POST":
        # What the coach would rather not work with, from their suitability conversation.
        audit.viewed(action="matching.coach_profile.viewed", obj=coach)
    form = CoachProfileForm(posted(request), instance=profile)
    return form_page(
        request,
        form,
        save=lambda: services.profile_update(
            profile=profile, expected_version=form.expected_version(), **form.changed_values()
        ),
        template="matching/coach_profile.html",
        context={
            "coach": coach,
            "exclusions": MatchingExclusion.objects.filter(coach=coach),
            "circumstances": services.circumstance_choices(),
        },
        message=lambda _: f"Matching details for {coach.first_name} saved.",
        success_url=lambda _: reverse("people:coach_detail", args=[coach.pk]),
    )


@login_required
@require_POST
def exclusions_save(request, coach_id: int):
    coach = _coach_to_match(request, coach_id)
    ids = MatchingExclusion.objects.filter(coach=coach).values_list("pk", flat=True)
    services.exclusions_set(coach=coach, circumstances={pk: request.POST.get(f"exclusion-{pk}", "") for pk in ids})
    messages.success(request, "Exclusions saved.")
    return redirect("matching:coach_profile", coach.pk)


@login_required
def weights(request, programme_id: int):
    programme, weights = selectors.get_weights_for_user(request.user, programme_id)
    form = WeightsForm(posted(request), instance=weights)
    sample = selectors.sample_client(programme, request.GET.get("client") or request.POST.get("client"))
    if request.htmx and request.method == "POST":
        # Live preview: the suggestions these (unsaved) weights would give, nothing written.
        preview = None
        if form.is_valid() and sample is not None:
            _, preview = selectors.suggestions_for(
                request.user, sample.pk, weights={k: form.cleaned_data[k] for k in weights.as_dict()}
            )
        return render(request, "matching/weights.html#preview", {"sample": sample, "preview": preview})
    if request.method == "POST" and save_form(
        form,
        lambda: services.weights_update(
            weights=weights, expected_version=form.expected_version(), **form.changed_values()
        ),
    ):
        messages.success(request, f"Matching weights for {programme.name} saved.")
        return redirect("matching:weights", programme.pk)
    preview = selectors.suggestions_for(request.user, sample.pk)[1] if sample else None
    context = {
        "programme": programme,
        "form": form,
        "sample": sample,
        "samples": selectors.waiting_clients(programme)[:50],
        "preview": preview,
    }
    return render(request, "matching/weights.html", context)


@login_required
def bulk(request, programme_id: int):
    programme, _ = selectors.get_weights_for_user(request.user, programme_id)
    if request.method == "POST":
        run = services.bulk_start(programme=programme, user=request.user)
        return redirect("matching:bulk_run", run.pk)
    waiting = selectors.waiting_clients(programme).count()
    context = {"programme": programme, "runs": selectors.runs_for(request.user, programme), "waiting": waiting}
    return render(request, "matching/bulk.html", context)


@login_required
@require_safe
def bulk_run(request, run_id: int):
    """The page only shows (and polls while the worker runs); saving the review and starting the
    introductions each post to their own view below."""
    run = selectors.get_run_for_user(request.user, run_id)
    if request.htmx and run.status in ("queued", "running"):
        return render(request, "matching/bulk_run.html#progress", {"run": run})
    if request.htmx and run.status == "done" and request.GET.get("poll"):
        # Finished while the page was polling: load the review in full.
        response = render(request, "matching/bulk_run.html#progress", {"run": run})
        response["HX-Refresh"] = "true"
        return response
    rows, names = selectors.proposals(run) if run.status == "done" else ([], {})
    summary = selectors.bulk_summary(run, rows) if run.status == "done" else None
    return render(request, "matching/bulk_run.html", {"run": run, "rows": rows, "names": names, "summary": summary})


def _choices(request, run) -> dict[int, tuple[int | None, bool]]:
    """The coach chosen and the tick for each proposed pair, as the review form sent them."""
    rows, _ = selectors.proposals(run)
    choices = {}
    for proposal in rows:
        raw = request.POST.get(f"coach-{proposal.pk}", "")
        coach_id = int(raw) if raw.isdigit() else None
        choices[proposal.pk] = (coach_id, request.POST.get(f"include-{proposal.pk}") == "on")
    return choices


def _finished_run(request, run_id: int):
    run = selectors.get_run_for_user(request.user, run_id)
    if run.status != "done":
        messages.error(request, "The proposal is not ready yet. Wait for it to finish, then review it.")
        return None
    return run


@login_required
@require_POST
def bulk_review(request, run_id: int):
    run = _finished_run(request, run_id)
    if run is not None:
        try:
            services.bulk_review(run=run, choices=_choices(request, run))
            messages.success(request, "Changes saved. Nothing has been sent.")
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    return redirect("matching:bulk_run", run_id)


@login_required
@require_POST
def bulk_confirm(request, run_id: int):
    run = _finished_run(request, run_id)
    if run is not None:
        try:
            started, refused = services.bulk_confirm(run=run, choices=_choices(request, run))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("matching:bulk_run", run_id)
        messages.success(
            request,
            f"Introductions started for {started} pair{'s' if started != 1 else ''}."
            + (f" {refused} could not start; see why below." if refused else ""),
        )
    return redirect("matching:bulk_run", run_id)


@login_required
def choose(request):
    """The client's own page: the coaches shared with them, to pick one or ask for someone else."""
    offer = selectors.offer_for_client_user(request.user)
    if request.method == "POST" and offer is not None:
        raw = request.POST.get("coach", "")
        try:
            services.offer_respond(
                offer=offer, coach_id=int(raw) if raw.isdigit() else None, note=request.POST.get("note", "")
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("matching:choose")
        if offer.chosen_id:
            messages.success(request, f"Thank you. We will arrange for you to meet {offer.chosen.first_name}.")
        else:
            messages.success(request, "Thank you. We will look for someone else and be in touch.")
        return redirect("home")
    profiles = selectors.offer_profiles(offer) if offer else []
    return render(request, "matching/choose.html", {"offer": offer, "profiles": profiles})


def _pair_introducing(request, relationship_id: int):
    from journeys.selectors import get_relationship_for_user

    require(request.user, "matching.edit")
    return get_relationship_for_user(request.user, relationship_id)


def _version(request) -> int:
    raw = request.POST.get("version", "")
    return int(raw) if raw.isdigit() and len(raw) < 12 else 0


def _introductions_page(request, relationship, *, form=None, decline_form=None):
    """The introductions page, with a refused visit or decline shown again beside its fields."""
    context = {
        "relationship": relationship,
        "visits": relationship.intro_visits.select_related("worker"),
        "form": form or IntroVisitForm(organisation=request.user.organisation),
        "decline_form": decline_form or DeclineForm(),
    }
    return render(request, "matching/introductions.html", context)


@login_required
@require_safe
def introductions(request, relationship_id: int):
    """The page only shows; a visit, confirming and declining each post to their own view below."""
    return _introductions_page(request, _pair_introducing(request, relationship_id))


@login_required
@require_POST
def intro_visit_add(request, relationship_id: int):
    relationship = _pair_introducing(request, relationship_id)
    form = IntroVisitForm(request.POST, organisation=request.user.organisation)
    if save_form(form, lambda: services.intro_visit_record(relationship=relationship, **form.cleaned_data)):
        messages.success(request, "Visit recorded.")
        return redirect("matching:introductions", relationship.pk)
    return _introductions_page(request, relationship, form=form)


@login_required
@require_POST
def match_confirm(request, relationship_id: int):
    from journeys.services import relationship_activate

    relationship = _pair_introducing(request, relationship_id)
    try:
        relationship_activate(relationship=relationship, expected_version=_version(request))
    except (ValidationError, StaleEditError) as error:
        messages.error(request, getattr(error, "message", None) or " ".join(error.messages))
        return redirect("matching:introductions", relationship.pk)
    messages.success(
        request,
        f"Confirmed: {relationship.client.first_name} and {relationship.coach.first_name} are working together.",
    )
    return redirect("journeys:relationship_detail", relationship.pk)


@login_required
@require_POST
def match_decline(request, relationship_id: int):
    relationship = _pair_introducing(request, relationship_id)
    form = DeclineForm(request.POST)
    if save_form(
        form,
        lambda: services.match_decline(
            relationship=relationship, expected_version=_version(request), reason=form.cleaned_data["reason"]
        ),
    ):
        messages.success(request, f"Declined. {relationship.client.first_name} is back on the waiting list.")
        return redirect("matching:suggestions", relationship.client_id)
    return _introductions_page(request, relationship, decline_form=form)


@login_required
def outcomes(request):
    return render(request, "matching/outcomes.html", {"report": selectors.outcomes_report(request.user)})


@login_required
def reciprocal_pairs(request, programme_id: int):
    programme, _ = selectors.get_weights_for_user(request.user, programme_id)
    if request.method == "POST":
        started = services.reciprocal_start(user=request.user, programme=programme)
        messages.success(request, f"{started} pair{'s' if started != 1 else ''} started.")
        return redirect("matching:reciprocal_pairs", programme.pk)
    proposed, left, current = selectors.reciprocal_proposal(request.user, programme)
    context = {"programme": programme, "proposed": proposed, "left": left, "current": current}
    return render(request, "matching/reciprocal.html", context)
