from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from core import audit
from core.views import form_page, posted
from organisations.permissions import can, require

from . import selectors, services
from .forms import ReflectionForm, SessionEditForm, SessionForm


def _pair_url(pair) -> str:
    return reverse("reciprocal:pair_detail", args=[pair.pk])


def _recorded(session, warning: str) -> str:
    return f"The session on {session.held_on:%-d %B} has been recorded. {warning}".strip()


@login_required
def pair_list(request):
    require(request.user, "reciprocal.view")
    return render(request, "reciprocal/pair_list.html", {"pairs": selectors.pair_list(request.user)})


@login_required
def pair_detail(request, pair_id: int):
    pair = selectors.get_pair_for_user(request.user, pair_id)
    audit.viewed(action="reciprocal.pair.viewed", obj=pair)
    may_record = can(request.user, "reciprocal.edit") or selectors.is_peer(pair, request.user)
    context = {
        "pair": pair,
        "rhythm": selectors.rhythm_of(pair),
        "sessions": selectors.pair_sessions(pair, request.user),
        "me": selectors.peer_of(pair, request.user),
        "may_record": may_record and pair.ended_on is None,
    }
    return render(request, "reciprocal/pair_detail.html", context)


@login_required
def session_create(request, pair_id: int):
    pair = selectors.get_pair_for_user(request.user, pair_id, write=True)
    previous = selectors.previous_session(pair)
    # Taking turns: the peer who was coached last time coaches this time, unless they say otherwise.
    turn = selectors.partner(pair, previous.coach) if previous else None
    initial = {"held_on": timezone.localdate(), "coach": turn.pk if turn else None}
    form = SessionForm(posted(request), initial=initial, pair=pair)
    return form_page(
        request,
        form,
        save=lambda: services.session_record(pair=pair, recorded_by=request.user, **form.cleaned_data),
        template="reciprocal/session_form.html",
        context={"pair": pair, "previous": previous},
        message=lambda s: _recorded(s, services.turn_warning(previous=previous, coach=s.coach)),
        success_url=lambda _: _pair_url(pair),
    )


@login_required
def session_edit(request, session_id: int):
    session = selectors.get_session_for_user(request.user, session_id, write=True)
    form = SessionEditForm(posted(request), instance=session, pair=session.pair)
    return form_page(
        request,
        form,
        save=lambda: services.session_update(
            session=session, expected_version=form.expected_version(), **form.changed_values()
        ),
        template="reciprocal/session_edit.html",
        context={"pair": session.pair, "session": session},
        message=lambda _: "The session's record has been changed.",
        success_url=lambda _: _pair_url(session.pair),
    )


@login_required
def reflection(request, session_id: int):
    """A peer's own reflection and wellbeing check on a session: nobody else reads or writes it."""
    require(request.user, "reciprocal.own")
    session = selectors.get_session_for_user(request.user, session_id)
    me = selectors.peer_of(session.pair, request.user)
    if me is None:
        raise Http404
    form = ReflectionForm(posted(request), instance=selectors.my_reflection(session, request.user))
    return form_page(
        request,
        form,
        save=lambda: services.reflection_save(session=session, peer=me, **form.cleaned_data),
        template="reciprocal/reflection_form.html",
        context={"session": session, "pair": session.pair},
        message=lambda _: "Your reflection has been saved. Only you can read it.",
        success_url=lambda _: _pair_url(session.pair),
    )
