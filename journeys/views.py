from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from core.views import save_form
from organisations.models import Programme
from people.selectors import get_client_for_user

from . import selectors, services
from .forms import PairForm


@login_required
def pair(request, client_id: int):
    client = get_client_for_user(request.user, client_id, write=True)
    programme = client.programme or Programme.objects.filter(status=Programme.Status.OPEN).first()
    coaches = selectors.coaches_with_room(programme=programme) if programme else selectors.Coach.objects.none()
    form = PairForm(
        request.POST or None,
        coaches=coaches,
        programmes=Programme.objects.filter(status=Programme.Status.OPEN),
        initial={"programme": programme, "planned_months": programme.min_months if programme else 6},
    )
    if request.method == "POST":
        relationship = save_form(form, lambda: services.relationship_start(client=client, **form.cleaned_data))
        if relationship:
            messages.success(request, f"{client} is now paired with {relationship.coach}.")
            return redirect("journeys:relationship_detail", relationship.pk)
    return render(request, "journeys/pair.html", {"form": form, "client": client, "programme": programme})


@login_required
def relationship_detail(request, relationship_id: int):
    relationship = selectors.get_relationship_for_user(request.user, relationship_id)
    return render(request, "journeys/relationship_detail.html", {"relationship": relationship})
