"""Each role's home page: what that person needs on day one.

A home page is the panels every app registers at its role's point (core.registry.HOME_POINTS,
each app's contributions.py); this view only picks which home a person gets."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from organisations.permissions import can

# First match wins: a coach who is also a client sees the coach's home, as before.
HOMES = (("home.coach", "home/coach.html"), ("home.client", "home/client.html"), ("home.staff", "home/staff.html"))


@login_required
def home(request):
    for capability, template in HOMES:
        if can(request.user, capability):
            return render(request, template)
    return render(request, "home/no_organisation.html")
